//! The audit trail: every read of personal data, every change, export, login and failed login,
//! written to an append-only table (the schema refuses updates and deletes).

use crate::labeled_enum;
use serde::{Deserialize, Serialize};

/// One changed field of a record: what the trail keeps of a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub label: String,
    pub before: String,
    pub after: String,
}

labeled_enum! {
    pub enum AuditAction {
        Login => "login", "Вход",
        LoginFailed => "login_failed", "Неудачный вход",
        AccountLocked => "account_locked", "Учётная запись заблокирована",
        Logout => "logout", "Выход",
        LogoutEverywhere => "logout_all", "Выход на всех устройствах",
        PasswordChanged => "password_changed", "Смена пароля",
        PasswordReset => "password_reset", "Сброс пароля",
        Deactivated => "deactivate", "Отключение учётной записи",
        Activated => "activate", "Включение учётной записи",
        View => "view", "Просмотр",
        Create => "create", "Создание",
        Update => "update", "Изменение",
        Export => "export", "Выгрузка",
        Print => "print", "Печать",
        Search => "search", "Поиск",
        Denied => "denied", "Отказ в доступе",
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::AuditAction;
    use crate::audit::FieldChange;
    use crate::auth::session::client_ip;
    use crate::auth::CurrentUser;
    use crate::db::Db;
    use crate::error::AppResult;
    use surrealdb::types::RecordId;

    /// Who did it, for a line of the audit trail.
    pub struct Actor<'a> {
        pub user_id: Option<&'a str>,
        pub user_name: &'a str,
        pub ip: String,
    }

    impl<'a> Actor<'a> {
        pub fn user(user: &'a CurrentUser) -> Self {
            Actor { user_id: Some(&user.id), user_name: &user.full_name, ip: client_ip() }
        }

        /// Who downloads a file (downloads are plain handlers: the address comes with the request).
        pub fn downloader(user: &'a CurrentUser, ip: Option<axum::Extension<crate::auth::session::ClientIp>>) -> Self {
            Actor {
                user_id: Some(&user.id),
                user_name: &user.full_name,
                ip: ip.map(|axum::Extension(ip)| ip.0).unwrap_or_default(),
            }
        }
    }

    /// Writes one line of the audit trail.
    pub async fn write(
        db: &Db,
        actor: &Actor<'_>,
        action: AuditAction,
        record: Option<String>,
        summary: impl Into<String>,
        changes: Vec<FieldChange>,
    ) -> AppResult<()> {
        let changes: Vec<serde_json::Value> = changes
            .into_iter()
            .map(|c| serde_json::json!({"field": c.field, "label": c.label, "before": c.before, "after": c.after}))
            .collect();
        db.query(
            "CREATE audit SET at = time::now(), user = $user, user_name = $user_name, ip = $ip, action = $action, record = $record, summary = $summary, changes = $changes",
        )
        .bind(("user", actor.user_id.map(|id| RecordId::new("user", id.to_string()))))
        .bind(("user_name", actor.user_name.to_string()))
        .bind(("ip", actor.ip.clone()))
        .bind(("action", action.code().to_string()))
        .bind(("record", record))
        .bind(("summary", summary.into()))
        .bind(("changes", changes))
        .await?
        .check()?;
        Ok(())
    }
}
