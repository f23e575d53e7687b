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
    if user.has(Role::Supervisor) {
        return Filter::new();
    }
    let Some(me) = RecordKey::parse(&user.id) else { return Filter::nothing() };
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
        let districts: Vec<Lit> =
            user.districts.iter().filter_map(|d| RecordKey::parse(d)).map(|d| Lit::key("district", &d)).collect();
        if !districts.is_empty() {
            let mut of_districts = Filter::new();
            of_districts.one_of("district", districts);
            alternatives.push(of_districts);
        }
    }
    if user.has(Role::Dispatcher) {
        let mut opened = Filter::new();
        opened.equals("created_by", Lit::key("user", &me));
        alternatives.push(opened);
    }
    let mut filter = Filter::new();
    filter.any_of(alternatives);
    filter
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
            "(curator = user:⟨u1⟩ OR district IN [district:⟨d1⟩, district:⟨d2⟩])"
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
    }
}
