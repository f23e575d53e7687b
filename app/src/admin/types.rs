//! What the administration page shows and sends.

use crate::auth::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An account as the administrator sees it (never its password hash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: String,
    pub login: String,
    pub full_name: String,
    pub position: String,
    pub roles: Vec<Role>,
    /// District keys.
    pub districts: Vec<String>,
    pub active: bool,
    pub must_change_password: bool,
    pub locked_until: Option<DateTime<Utc>>,
    pub last_login: Option<DateTime<Utc>>,
}

impl UserRow {
    pub fn locked_now(&self, now: DateTime<Utc>) -> bool {
        self.locked_until.is_some_and(|until| until > now)
    }
}

/// Everything the administration page lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminData {
    pub users: Vec<UserRow>,
    pub districts: Vec<crate::districts::District>,
}

/// The account form, as typed. An empty `id` creates a new account.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserForm {
    pub id: String,
    pub login: String,
    pub full_name: String,
    pub position: String,
    pub roles: Vec<String>,
    pub districts: Vec<String>,
}

impl UserForm {
    pub fn from_row(row: &UserRow) -> Self {
        UserForm {
            id: row.id.clone(),
            login: row.login.clone(),
            full_name: row.full_name.clone(),
            position: row.position.clone(),
            roles: row.roles.iter().map(|r| r.code().to_string()).collect(),
            districts: row.districts.clone(),
        }
    }
}

/// The answer to saving an account: the account, and the one-time password of a new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedUser {
    pub user: UserRow,
    pub temporary_password: Option<String>,
}

/// Roles that work within social districts and so need at least one.
pub const DISTRICT_ROLES: &[Role] = &[Role::Caseworker];

/// Checks the account form; returns the roles it names.
pub fn validate_roles(form: &UserForm) -> Result<Vec<Role>, crate::error::FieldErrors> {
    let mut errors = crate::error::FieldErrors::new();
    let mut roles = Vec::new();
    for code in &form.roles {
        match Role::from_code(code) {
            Some(role) if !roles.contains(&role) => roles.push(role),
            Some(_) => {}
            None => errors.add("roles", "Неизвестная роль"),
        }
    }
    if roles.is_empty() {
        errors.add("roles", "Выберите хотя бы одну роль");
    }
    if roles.iter().any(|r| DISTRICT_ROLES.contains(r)) && form.districts.is_empty() {
        errors.add("districts", "Специалисту по работе с семьёй нужен хотя бы один участок");
    }
    if errors.is_empty() {
        roles.sort();
        Ok(roles)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caseworker_needs_a_district_and_roles_must_be_known() {
        let form = UserForm { roles: vec!["caseworker".into()], ..Default::default() };
        assert!(validate_roles(&form).unwrap_err().get("districts").is_some());
        let form = UserForm { roles: vec!["caseworker".into()], districts: vec!["d1".into()], ..Default::default() };
        assert_eq!(validate_roles(&form).unwrap(), vec![Role::Caseworker]);
        let form = UserForm { roles: vec!["root".into()], ..Default::default() };
        assert!(validate_roles(&form).unwrap_err().get("roles").is_some());
        assert!(validate_roles(&UserForm::default()).unwrap_err().get("roles").is_some());
    }
}
