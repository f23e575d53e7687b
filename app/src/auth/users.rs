//! Creating and loading accounts (server-only). Used by the administrators' page, the
//! `opora create-user` command and the demo data.

use super::{password, Role};
use crate::db::{take_rows, Db};
use crate::error::{AppError, AppResult, FieldErrors};
use serde::Deserialize;
use surrealdb::types::RecordId;

/// A new account as the administrator (or the command line) describes it.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub login: String,
    pub full_name: String,
    pub position: String,
    pub roles: Vec<Role>,
    /// District keys.
    pub districts: Vec<String>,
    pub password: String,
    pub must_change_password: bool,
}

pub fn normalize_login(login: &str) -> String {
    login.trim().to_lowercase()
}

pub fn check_login(login: &str) -> Result<(), &'static str> {
    let ok_len = (3..=40).contains(&login.len());
    let ok_chars = login.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    let ok_start = login.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if ok_len && ok_chars && ok_start {
        Ok(())
    } else {
        Err("Логин: от 3 до 40 латинских строчных букв, цифр, точек, дефисов или подчёркиваний")
    }
}

/// District keys that exist, in the given order; a missing one is a field error.
pub async fn check_districts(db: &Db, keys: &[String]) -> AppResult<()> {
    if keys.is_empty() {
        return Ok(());
    }
    #[derive(Deserialize)]
    struct Row {
        id: String,
    }
    let ids: Vec<RecordId> = keys.iter().map(|k| RecordId::new("district", k.clone())).collect();
    let mut response = db.query("SELECT record::id(id) AS id FROM $ids").bind(("ids", ids)).await?;
    let found: Vec<String> = take_rows::<Row>(&mut response, 0)?.into_iter().map(|r| r.id).collect();
    if keys.iter().all(|k| found.contains(k)) {
        Ok(())
    } else {
        Err(AppError::field("districts", "Среди участков есть несуществующий"))
    }
}

/// Creates an account after checking everything; returns its key.
pub async fn create_user(db: &Db, new: &NewUser) -> AppResult<String> {
    let login = normalize_login(&new.login);
    let mut errors = FieldErrors::new();
    if let Err(message) = check_login(&login) {
        errors.add("login", message);
    }
    let full_name = new.full_name.split_whitespace().collect::<Vec<_>>().join(" ");
    if full_name.is_empty() {
        errors.add("full_name", "Укажите фамилию, имя и отчество");
    } else if full_name.chars().count() > 200 {
        errors.add("full_name", "Не больше 200 знаков");
    }
    if new.roles.is_empty() {
        errors.add("roles", "Выберите хотя бы одну роль");
    }
    if let Err(message) = password::check_policy(&new.password, &login, &full_name) {
        errors.add("password", message);
    }
    errors.into_result()?;
    check_districts(db, &new.districts).await?;

    #[derive(Deserialize)]
    struct Existing {
        #[allow(dead_code)]
        id: String,
    }
    let mut response = db
        .query("SELECT record::id(id) AS id FROM user WHERE login = $login LIMIT 1")
        .bind(("login", login.clone()))
        .await?;
    if !take_rows::<Existing>(&mut response, 0)?.is_empty() {
        return Err(AppError::field("login", "Такой логин уже есть"));
    }
    let hash = password::hash_for_request(&new.password).await?;
    let districts: Vec<RecordId> = new.districts.iter().map(|d| RecordId::new("district", d.clone())).collect();
    let roles: Vec<String> = new.roles.iter().map(|r| r.code().to_string()).collect();
    let mut response = db
        .query(
            "CREATE user SET login = $login, full_name = $full_name, position = $position, roles = $roles, \
             districts = $districts, password_hash = $hash, must_change_password = $must_change RETURN record::id(id) AS id",
        )
        .bind(("login", login))
        .bind(("full_name", full_name))
        .bind(("position", new.position.trim().to_string()))
        .bind(("roles", roles))
        .bind(("districts", districts))
        .bind(("hash", hash))
        .bind(("must_change", new.must_change_password))
        .await?
        .check()?;
    #[derive(Deserialize)]
    struct Created {
        id: String,
    }
    take_rows::<Created>(&mut response, 0)?
        .into_iter()
        .next()
        .map(|c| c.id)
        .ok_or_else(|| AppError::internal("user not created"))
}
