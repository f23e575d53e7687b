//! Server functions of the administration page. Administrators only.

use super::types::*;
use crate::districts::District;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::admin::repo;
    pub use crate::audit::ssr::{write as audit, Actor};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, revoke_all, with_status};
    pub use crate::state::db;
}

#[server(prefix = "/api", endpoint = "admin/overview")]
pub async fn admin_overview() -> Result<AdminData, AppError> {
    use ssr::*;
    require(permissions::ADMINISTER)?;
    let db = db()?;
    Ok(AdminData { users: repo::users(&db).await?, districts: crate::districts::repo::all(&db).await? })
}

/// Creates an account (with a one-time password) or changes one.
#[server(prefix = "/api", endpoint = "admin/save_user", input = Json)]
pub async fn save_user(form: UserForm) -> Result<SavedUser, AppError> {
    use ssr::*;
    let admin = require(permissions::ADMINISTER)?;
    let db = db()?;
    // Every problem of the form at once: roles and districts, and the name and login that
    // creating the account checks again (it is also used by the command line).
    let mut errors = crate::error::FieldErrors::new();
    if form.full_name.trim().is_empty() {
        errors.add("full_name", "Укажите фамилию, имя и отчество");
    }
    if form.id.is_empty() {
        use crate::auth::users::{check_login, normalize_login};
        if let Err(message) = check_login(&normalize_login(&form.login)) {
            errors.add("login", message);
        }
    }
    let roles = match validate_roles(&form) {
        Ok(roles) if errors.is_empty() => roles,
        Ok(_) => return with_status(Err(AppError::Validation(errors))),
        Err(role_errors) => {
            errors.0.extend(role_errors.0);
            return with_status(Err(AppError::Validation(errors)));
        }
    };
    if form.id.is_empty() {
        let (id, temporary) = with_status(repo::create(&db, &form, roles).await)?;
        let user = repo::user(&db, &id).await?;
        audit(
            &db,
            &Actor::user(&admin),
            AuditAction::Create,
            Some(format!("user:{id}")),
            format!("Учётная запись {} ({})", user.full_name, user.login),
            vec![],
        )
        .await?;
        Ok(SavedUser { user, temporary_password: Some(temporary) })
    } else {
        if form.id == admin.id && !roles.contains(&crate::auth::Role::Admin) {
            return with_status(Err(AppError::field("roles", "Нельзя снять роль администратора с самого себя")));
        }
        let names = crate::districts::repo::all(&db).await?;
        let changes = with_status(repo::update(&db, &form, roles, &names).await)?;
        let user = repo::user(&db, &form.id).await?;
        if !changes.is_empty() {
            audit(
                &db,
                &Actor::user(&admin),
                AuditAction::Update,
                Some(format!("user:{}", form.id)),
                format!("Учётная запись {} ({})", user.full_name, user.login),
                changes,
            )
            .await?;
        }
        Ok(SavedUser { user, temporary_password: None })
    }
}

/// Deactivates an account (its sessions end at once) or activates it again. Never deletes:
/// the journal and the audit trail keep the person's name.
#[server(prefix = "/api", endpoint = "admin/set_active")]
pub async fn set_user_active(id: String, active: bool) -> Result<UserRow, AppError> {
    use ssr::*;
    let admin = require(permissions::ADMINISTER)?;
    if id == admin.id && !active {
        return with_status(Err(AppError::field("form", "Нельзя отключить собственную учётную запись")));
    }
    let db = db()?;
    let before = with_status(repo::user(&db, &id).await)?;
    repo::set_active(&db, &id, active).await?;
    if !active {
        revoke_all(&db, &id).await?;
    }
    let action = if active { AuditAction::Activated } else { AuditAction::Deactivated };
    audit(
        &db,
        &Actor::user(&admin),
        action,
        Some(format!("user:{id}")),
        format!("Учётная запись {} ({})", before.full_name, before.login),
        vec![],
    )
    .await?;
    repo::user(&db, &id).await
}

/// Gives the account a new one-time password; the user must change it at the next login.
#[server(prefix = "/api", endpoint = "admin/reset_password")]
pub async fn reset_user_password(id: String) -> Result<String, AppError> {
    use ssr::*;
    let admin = require(permissions::ADMINISTER)?;
    let db = db()?;
    let user = with_status(repo::user(&db, &id).await)?;
    let temporary = repo::reset_password(&db, &id).await?;
    revoke_all(&db, &id).await?;
    audit(
        &db,
        &Actor::user(&admin),
        AuditAction::PasswordReset,
        Some(format!("user:{id}")),
        format!("Временный пароль для {} ({})", user.full_name, user.login),
        vec![],
    )
    .await?;
    Ok(temporary)
}

#[server(prefix = "/api", endpoint = "admin/save_district", input = Json)]
pub async fn save_district(district: District) -> Result<District, AppError> {
    use ssr::*;
    let admin = require(permissions::ADMINISTER)?;
    let db = db()?;
    let changes = with_status(crate::districts::repo::update(&db, &district).await)?;
    let saved = crate::districts::repo::all(&db)
        .await?
        .into_iter()
        .find(|d| d.id == district.id)
        .ok_or_else(|| AppError::NotFound("Участок не найден".into()))?;
    if !changes.is_empty() {
        audit(
            &db,
            &Actor::user(&admin),
            AuditAction::Update,
            Some(format!("district:{}", saved.id)),
            saved.name.clone(),
            changes,
        )
        .await?;
    }
    Ok(saved)
}
