//! Who may edit what on the resource map, and when a district's passport is due again.

use super::types::PASSPORT_MONTHS;
use crate::auth::{CurrentUser, Role};
use chrono::{Months, NaiveDate};

/// Whether this user may edit a partner serving these districts (empty: the whole territory):
/// supervisors any, caseworkers those that serve one of their districts.
pub fn can_edit_partner(user: &CurrentUser, districts: &[String]) -> bool {
    user.has(Role::Supervisor)
        || (user.has(Role::Caseworker)
            && (districts.is_empty() || districts.iter().any(|d| user.districts.contains(d))))
}

/// Whether this user may edit a district's passport: supervisors, and caseworkers of the district.
pub fn can_edit_passport(user: &CurrentUser, district: &str) -> bool {
    user.has(Role::Supervisor) || (user.has(Role::Caseworker) && user.districts.iter().any(|d| d == district))
}

/// The day a passport verified on `verified_on` must be verified again; never verified: now.
pub fn passport_due(verified_on: Option<NaiveDate>) -> Option<NaiveDate> {
    verified_on.and_then(|d| d.checked_add_months(Months::new(PASSPORT_MONTHS)))
}

/// A passport is overdue when it was never verified or its six months have run out.
pub fn passport_overdue(verified_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    passport_due(verified_on).is_none_or(|due| due < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_passport_is_due_six_months_after_verification() {
        let today = day(2026, 11, 25);
        assert_eq!(passport_due(Some(day(2026, 5, 31))), Some(day(2026, 11, 30)));
        assert!(!passport_overdue(Some(day(2026, 5, 25)), today));
        assert!(passport_overdue(Some(day(2026, 5, 24)), today));
        assert!(passport_overdue(None, today));
    }

    #[test]
    fn caseworkers_edit_partners_of_their_districts() {
        let user = CurrentUser {
            id: "u1".into(),
            login: "petrova".into(),
            full_name: "Петрова Анна Сергеевна".into(),
            roles: vec![Role::Caseworker],
            districts: vec!["d1".into()],
            must_change_password: false,
        };
        assert!(can_edit_partner(&user, &["d1".into(), "d3".into()]));
        assert!(can_edit_partner(&user, &[]));
        assert!(!can_edit_partner(&user, &["d2".into()]));
        assert!(can_edit_passport(&user, "d1"));
        assert!(!can_edit_passport(&user, "d2"));
        let dispatcher = CurrentUser { roles: vec![Role::Dispatcher], ..user };
        assert!(!can_edit_partner(&dispatcher, &[]));
    }
}
