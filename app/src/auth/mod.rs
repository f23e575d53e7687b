//! Accounts, roles and sessions. Every server function asks this module who is calling and
//! whether their role allows it; the check is always on the server.

use crate::labeled_enum;
use serde::{Deserialize, Serialize};

pub mod api;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod users;

labeled_enum! {
    pub enum Role {
        Dispatcher => "dispatcher", "Специалист «Семейной диспетчерской»",
        Caseworker => "caseworker", "Специалист по работе с семьёй",
        Psychologist => "psychologist", "Психолог",
        Lawyer => "lawyer", "Юрисконсульт",
        Supervisor => "supervisor", "Заведующий отделением",
        Admin => "admin", "Администратор",
    }
}

/// The person behind the current session, as pages and server functions see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: String,
    pub login: String,
    pub full_name: String,
    pub roles: Vec<Role>,
    /// Keys of the social districts the user works.
    pub districts: Vec<String>,
    pub must_change_password: bool,
}

impl CurrentUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }
    /// «Петрова А. С.» from «Петрова Анна Сергеевна».
    pub fn short_name(&self) -> String {
        short_name(&self.full_name)
    }
}

pub fn short_name(full_name: &str) -> String {
    let mut parts = full_name.split_whitespace();
    let Some(surname) = parts.next() else {
        return String::new();
    };
    let initials: String = parts.filter_map(|p| p.chars().next()).map(|c| format!("{c}. ")).collect();
    format!("{surname} {}", initials.trim_end()).trim().to_string()
}

/// Who may do what. One table, read by every server function.
pub mod permissions {
    use super::Role::{self, *};

    /// Read the journal of the dispatch desk.
    pub const JOURNAL_READ: &[Role] = &[Dispatcher, Supervisor];
    /// Register and complete journal entries.
    pub const JOURNAL_WRITE: &[Role] = &[Dispatcher, Supervisor];
    /// Export the journal (XLSX, print).
    pub const JOURNAL_EXPORT: &[Role] = &[Dispatcher, Supervisor];
    /// Read the journal of applications for social services and the applications.
    pub const APPLICATIONS_READ: &[Role] = &[Dispatcher, Caseworker, Supervisor];
    /// Register applications.
    pub const APPLICATIONS_WRITE: &[Role] = &[Dispatcher, Caseworker, Supervisor];
    /// Manage accounts and districts.
    pub const ADMINISTER: &[Role] = &[Admin];
    /// Read the audit trail.
    pub const AUDIT_READ: &[Role] = &[Admin, Supervisor];
    /// Any working role (not a bare administrator).
    pub const WORKING: &[Role] = &[Dispatcher, Caseworker, Psychologist, Lawyer, Supervisor];
    /// Open a case (from a journal entry or by hand).
    pub const CASE_CREATE: &[Role] = &[Dispatcher, Caseworker, Supervisor];
    /// Open a case page; which cases each role sees is `cases::visibility::can_see`.
    pub const CASE_READ: &[Role] = WORKING;
    /// Edit a case's details and move it between stages.
    pub const CASE_WORK: &[Role] = &[Caseworker, Supervisor];
    /// The case board.
    pub const BOARD: &[Role] = &[Caseworker, Psychologist, Lawyer, Supervisor];
    /// Activities of support plans one is responsible for («Мои мероприятия»), and their results.
    pub const PLAN_ACTIVITIES: &[Role] = &[Caseworker, Psychologist, Lawyer, Supervisor];
    /// Set the board's limits, assign curators, approve plans, close cases.
    pub const SUPERVISE: &[Role] = &[Supervisor];
    /// The registry of people 55+ and disabled people of the districts («дворовый» social
    /// management, seed 002): caseworkers on their districts, the head on all.
    pub const ELDERS: &[Role] = &[Caseworker, Supervisor];
    /// The department's reports: read by caseworkers and the head, submitted by the head.
    pub const REPORTS: &[Role] = &[Caseworker, Supervisor];
    /// The rental point of rehabilitation aids: the stock, loans, returns, the waiting list.
    pub const RENTAL: &[Role] = &[Dispatcher, Caseworker, Supervisor];
    /// The social taxi: requests, their confirmation with a driver and a vehicle, the day's
    /// schedule for the driver, the counts of a period.
    pub const TAXI: &[Role] = &[Dispatcher, Caseworker, Supervisor];
    /// Find a person of a case or of the registry 55+ to write them into a loan or a taxi
    /// request (each of the urgent services' forms).
    pub const PEOPLE_FIND: &[Role] = &[Dispatcher, Caseworker, Supervisor];
    /// The urgent-services sector's start page (the rental point, the requests…).
    pub const URGENT: &[Role] = &[Dispatcher, Caseworker, Supervisor];
    /// Inter-agency information requests: register, edit, send, record the answers; a supervisor
    /// sees all, the others those they registered and those about the cases they may see.
    pub const INQUIRIES: &[Role] = &[Dispatcher, Caseworker, Supervisor];
    /// «Социальный патруль»: plan raids, record who took part, the people met and what was done,
    /// print the protocol.
    pub const PATROL: &[Role] = &[Dispatcher, Caseworker, Supervisor];
    /// The day's home visits.
    pub const VISITS: &[Role] = &[Caseworker, Supervisor];
    /// Read the resource map: partners, district passports, donations registries.
    pub const RESOURCES_READ: &[Role] = &[Dispatcher, Caseworker, Psychologist, Lawyer, Supervisor, Admin];
    /// Add and edit partners, passports and donations records (caseworkers: of their districts).
    pub const RESOURCES_EDIT: &[Role] = &[Caseworker, Supervisor];
    /// Read the router maps of difficult life situations.
    pub const ROUTER_MAPS_READ: &[Role] = &[Caseworker, Psychologist, Lawyer, Supervisor];
    /// Prepare and hold the sessions of the social consilium, print their protocols.
    pub const CONSILIUM: &[Role] = &[Supervisor];
    /// Edit the router maps.
    pub const ROUTER_MAPS_EDIT: &[Role] = &[Supervisor];
    /// Load and edit the districts' boundaries.
    pub const DISTRICT_BOUNDARIES: &[Role] = &[Admin, Supervisor];

    /// Pages and the roles that may open them; the server checks this before rendering.
    /// Pages not listed here (the start page, the password change) need only a session.
    /// The first matching prefix decides.
    pub const PAGES: &[(&str, &[Role])] = &[
        ("/journal", JOURNAL_READ),
        ("/applications", APPLICATIONS_READ),
        ("/cases/new", CASE_CREATE),
        ("/cases", CASE_READ),
        ("/board", BOARD),
        ("/my-activities", PLAN_ACTIVITIES),
        ("/consilium", CONSILIUM),
        ("/resources", RESOURCES_READ),
        ("/visits", VISITS),
        ("/inquiries", INQUIRIES),
        ("/rental", RENTAL),
        ("/patrol", PATROL),
        ("/taxi", TAXI),
        ("/urgent", URGENT),
        ("/elders", ELDERS),
        ("/reports/monitoring/questions", SUPERVISE),
        ("/reports/workload", SUPERVISE),
        ("/reports", REPORTS),
        ("/dashboard", SUPERVISE),
        ("/router-maps", ROUTER_MAPS_READ),
        ("/admin", ADMINISTER),
        ("/audit", AUDIT_READ),
    ];

    /// The roles a page needs, by its path.
    pub fn page(path: &str) -> Option<&'static [Role]> {
        PAGES
            .iter()
            .find(|(prefix, _)| path == *prefix || path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/')))
            .map(|(_, roles)| *roles)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn pages_are_matched_by_whole_path_segments() {
            assert_eq!(page("/journal"), Some(JOURNAL_READ));
            assert_eq!(page("/journal/new"), Some(JOURNAL_READ));
            assert_eq!(page("/admin/users"), Some(ADMINISTER));
            assert_eq!(page("/audit"), Some(AUDIT_READ));
            assert_eq!(page("/journalist"), None);
            assert_eq!(page("/applications/new"), Some(APPLICATIONS_READ));
            assert_eq!(page("/cases/new"), Some(CASE_CREATE));
            assert_eq!(page("/cases/abc"), Some(CASE_READ));
            assert_eq!(page("/board"), Some(BOARD));
            assert_eq!(page("/admin/calendar"), Some(ADMINISTER));
            assert_eq!(page("/password"), None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_keep_the_surname_and_initials() {
        assert_eq!(short_name("Петрова Анна Сергеевна"), "Петрова А. С.");
        assert_eq!(short_name("Петрова"), "Петрова");
        assert_eq!(short_name(""), "");
    }
}
