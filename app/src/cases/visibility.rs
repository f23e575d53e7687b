//! Who sees a case, as a rule in Rust and as its twin condition in SurrealQL: the board, the
//! lists and the live updates read the same rule.

use crate::auth::{CurrentUser, Role};
#[cfg(feature = "ssr")]
use crate::db::filter::{Filter, Lit};
#[cfg(feature = "ssr")]
use crate::keys::RecordKey;

/// Who may see a case: supervisors all; caseworkers those of their districts and those they
/// curate; psychologists and lawyers those where they are responsible for an activity of the
/// plan; dispatchers those they opened.
pub fn can_see(
    user: &CurrentUser,
    district: Option<&str>,
    curator: Option<&str>,
    created_by: &str,
    specialists: &[String],
) -> bool {
    if user.has(Role::Supervisor) {
        return true;
    }
    if curator == Some(user.id.as_str()) {
        return true;
    }
    if works_on_plans(user) && specialists.contains(&user.id) {
        return true;
    }
    if user.has(Role::Caseworker) && district.is_some_and(|d| user.districts.iter().any(|u| u == d)) {
        return true;
    }
    user.has(Role::Dispatcher) && created_by == user.id
}

/// A psychologist or a lawyer: sees a case by her activities in its plan, not by district.
pub fn works_on_plans(user: &CurrentUser) -> bool {
    user.has(Role::Psychologist) || user.has(Role::Lawyer)
}

/// The cases a user sees, as a condition on `case_file` (the twin of [`can_see`]).
#[cfg(feature = "ssr")]
pub fn visible_filter(user: &CurrentUser) -> Filter {
    let mut filter = Filter::new();
    if let Some(alternatives) = visible_alternatives(user) {
        filter.any_of(alternatives);
    }
    filter
}

/// The ways a user sees cases, each a condition one index of `case_file` serves in board order
/// (`curator = me`, `district = d` for each of her districts, …); none: she sees all. A board
/// reads a page through each and merges them, where the one condition with OR would read and
/// sort every case of the cell.
#[cfg(feature = "ssr")]
pub fn visible_alternatives(user: &CurrentUser) -> Option<Vec<Filter>> {
    if user.has(Role::Supervisor) {
        return None;
    }
    let Some(me) = RecordKey::parse(&user.id) else { return Some(vec![Filter::nothing()]) };
    let mut alternatives = Vec::new();
    let mut curated = Filter::new();
    curated.equals("curator", Lit::key("user", &me));
    alternatives.push(curated);
    if works_on_plans(user) {
        let mut responsible = Filter::new();
        responsible.contains("specialists", Lit::key("user", &me));
        alternatives.push(responsible);
    }
    if user.has(Role::Caseworker) {
        for district in user.districts.iter().filter_map(|d| RecordKey::parse(d)) {
            let mut of_district = Filter::new();
            of_district.equals("district", Lit::key("district", &district));
            alternatives.push(of_district);
        }
    }
    if user.has(Role::Dispatcher) {
        let mut opened = Filter::new();
        opened.equals("created_by", Lit::key("user", &me));
        alternatives.push(opened);
    }
    Some(alternatives)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role) -> CurrentUser {
        CurrentUser {
            id: "u1".into(),
            login: "u1".into(),
            full_name: "Петрова Анна Сергеевна".into(),
            roles: vec![role],
            districts: vec!["d1".into()],
            must_change_password: false,
        }
    }

    #[test]
    fn who_sees_a_case() {
        let worker = user(Role::Caseworker);
        let none: &[String] = &[];
        let me = &["u1".to_string()];
        assert!(can_see(&worker, Some("d1"), None, "x", none));
        assert!(!can_see(&worker, Some("d3"), None, "x", none));
        assert!(can_see(&worker, Some("d3"), Some("u1"), "x", none));
        assert!(can_see(&user(Role::Supervisor), Some("d5"), None, "x", none));
        assert!(can_see(&user(Role::Dispatcher), Some("d5"), None, "u1", none));
        assert!(!can_see(&user(Role::Dispatcher), Some("d5"), None, "x", none));
        assert!(!can_see(&user(Role::Psychologist), Some("d1"), None, "x", none));
        // A psychologist or a lawyer sees the cases where she is responsible for an activity.
        assert!(can_see(&user(Role::Psychologist), Some("d5"), None, "x", me));
        assert!(can_see(&user(Role::Lawyer), None, None, "x", me));
        assert!(!can_see(&user(Role::Lawyer), None, None, "x", &["u2".to_string()]));
        assert!(!can_see(&user(Role::Admin), Some("d1"), None, "u1", me));
    }
}

#[cfg(all(test, feature = "ssr"))]
mod sql_tests {
    use super::*;

    fn person(role: Role) -> CurrentUser {
        CurrentUser {
            id: "u1".into(),
            login: "u1".into(),
            full_name: "Петрова Анна Сергеевна".into(),
            roles: vec![role],
            districts: vec!["d1".into(), "d2".into()],
            must_change_password: false,
        }
    }

    #[test]
    fn the_condition_says_what_the_rule_says() {
        assert!(visible_filter(&person(Role::Supervisor)).is_empty());
        assert_eq!(
            visible_filter(&person(Role::Caseworker)).condition(),
            "(curator = user:⟨u1⟩ OR district = district:⟨d1⟩ OR district = district:⟨d2⟩)"
        );
        assert_eq!(
            visible_filter(&person(Role::Dispatcher)).condition(),
            "(curator = user:⟨u1⟩ OR created_by = user:⟨u1⟩)"
        );
        assert_eq!(
            visible_filter(&person(Role::Psychologist)).condition(),
            "(curator = user:⟨u1⟩ OR specialists CONTAINS user:⟨u1⟩)"
        );
        let mut odd = person(Role::Psychologist);
        odd.id = "u1'; --".into();
        assert_eq!(visible_filter(&odd).condition(), "false");
        // Each way of seeing is a condition of its own, for the index that serves it.
        assert_eq!(visible_alternatives(&person(Role::Supervisor)), None);
        let ways: Vec<String> =
            visible_alternatives(&person(Role::Caseworker)).unwrap_or_default().iter().map(Filter::condition).collect();
        assert_eq!(ways, ["curator = user:⟨u1⟩", "district = district:⟨d1⟩", "district = district:⟨d2⟩"]);
        let mut nowhere = person(Role::Caseworker);
        nowhere.districts.clear();
        assert_eq!(visible_alternatives(&nowhere).map(|w| w.len()), Some(1));
    }
}
