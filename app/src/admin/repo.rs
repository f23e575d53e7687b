//! Accounts and districts in the database, for the administration page (server only).

use super::types::*;
use crate::audit::FieldChange;
use crate::auth::users::{check_districts, create_user, NewUser};
use crate::auth::{password, Role};
use crate::db::{take_one, take_rows, Db};
use crate::districts::District;
use crate::error::{AppError, AppResult, FieldErrors};
use rand::Rng;
use surrealdb::types::RecordId;

const USER_ROW: &str = "record::id(id) AS id, login, full_name, position, roles, \
     array::map(districts, |$d| record::id($d)) AS districts, active, must_change_password, locked_until, last_login";

pub async fn users(db: &Db) -> AppResult<Vec<UserRow>> {
    let mut response =
        db.query(format!("SELECT {USER_ROW} FROM user ORDER BY active DESC, full_name COLLATE ASC")).await?;
    take_rows(&mut response, 0)
}

pub async fn user(db: &Db, id: &str) -> AppResult<UserRow> {
    let mut response =
        db.query(format!("SELECT {USER_ROW} FROM $user")).bind(("user", RecordId::new("user", id.to_string()))).await?;
    take_one(&mut response, 0)?.ok_or_else(|| AppError::NotFound("Пользователь не найден".into()))
}

/// A one-time password that is easy to read aloud and type: «kfmt-4wzr-p7qs».
pub fn temporary_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..3)
        .map(|_| (0..4).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

fn clean_name(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Creates an account with a temporary password the user must change at first login.
pub async fn create(db: &Db, form: &UserForm, roles: Vec<Role>) -> AppResult<(String, String)> {
    let temporary = temporary_password();
    let id = create_user(
        db,
        &NewUser {
            login: form.login.clone(),
            full_name: form.full_name.clone(),
            position: form.position.clone(),
            roles,
            districts: form.districts.clone(),
            password: temporary.clone(),
            must_change_password: true,
        },
    )
    .await?;
    Ok((id, temporary))
}

/// Changes name, position, roles and districts; returns what changed, for the audit trail.
pub async fn update(db: &Db, form: &UserForm, roles: Vec<Role>, names: &[District]) -> AppResult<Vec<FieldChange>> {
    let before = user(db, &form.id).await?;
    let full_name = clean_name(&form.full_name);
    let mut errors = FieldErrors::new();
    if full_name.is_empty() {
        errors.add("full_name", "Укажите фамилию, имя и отчество");
    } else if full_name.chars().count() > 200 {
        errors.add("full_name", "Не больше 200 знаков");
    }
    let position = form.position.trim().to_string();
    if position.chars().count() > 200 {
        errors.add("position", "Не больше 200 знаков");
    }
    errors.into_result()?;
    check_districts(db, &form.districts).await?;

    let role_labels = |roles: &[Role]| roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ");
    let district_labels = |keys: &[String]| {
        keys.iter()
            .map(|k| names.iter().find(|d| &d.id == k).map(|d| d.name.clone()).unwrap_or_else(|| k.clone()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut changes = Vec::new();
    let mut push = |field: &str, label: &str, before: String, after: String| {
        if before != after {
            changes.push(FieldChange { field: field.into(), label: label.into(), before, after });
        }
    };
    push("full_name", "ФИО", before.full_name.clone(), full_name.clone());
    push("position", "Должность", before.position.clone(), position.clone());
    push("roles", "Роли", role_labels(&before.roles), role_labels(&roles));
    push("districts", "Участки", district_labels(&before.districts), district_labels(&form.districts));

    let districts: Vec<RecordId> = form.districts.iter().map(|d| RecordId::new("district", d.clone())).collect();
    db.query("UPDATE $user SET full_name = $full_name, position = $position, roles = $roles, districts = $districts")
        .bind(("user", RecordId::new("user", form.id.clone())))
        .bind(("full_name", full_name))
        .bind(("position", position))
        .bind(("roles", roles.iter().map(|r| r.code().to_string()).collect::<Vec<_>>()))
        .bind(("districts", districts))
        .await?
        .check()?;
    // Cards show the new name at once.
    crate::db::names::forget();
    Ok(changes)
}

pub async fn set_active(db: &Db, id: &str, active: bool) -> AppResult<()> {
    db.query("UPDATE $user SET active = $active")
        .bind(("user", RecordId::new("user", id.to_string())))
        .bind(("active", active))
        .await?
        .check()?;
    Ok(())
}

/// Sets a new temporary password, lifts a lock and asks for a change at the next login.
pub async fn reset_password(db: &Db, id: &str) -> AppResult<String> {
    let temporary = temporary_password();
    let hash = password::hash_for_request(&temporary).await?;
    db.query(
        "UPDATE $user SET password_hash = $hash, must_change_password = true, failed_logins = 0, locked_until = NONE",
    )
    .bind(("user", RecordId::new("user", id.to_string())))
    .bind(("hash", hash))
    .await?
    .check()?;
    Ok(temporary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_passwords_pass_the_policy() {
        for _ in 0..50 {
            let p = temporary_password();
            assert_eq!(p.len(), 14);
            assert!(password::check_policy(&p, "ivanova", "Иванова Анна").is_ok(), "{p}");
        }
    }
}
