//! The audit trail: every read of personal data, every change, export, login and failed login,
//! written to an append-only table (the schema refuses updates and deletes).

use crate::journal::types::FieldChange;
use crate::labeled_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub mod api;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;

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

/// One line of the audit trail as the audit page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: String,
    pub at: DateTime<Utc>,
    pub user_id: Option<String>,
    pub user_name: String,
    pub ip: String,
    pub action: String,
    pub record: Option<String>,
    pub summary: String,
    pub changes: Vec<FieldChange>,
}

impl AuditEntry {
    pub fn action_label(&self) -> String {
        AuditAction::from_code(&self.action).map(|a| a.label().to_string()).unwrap_or_else(|| self.action.clone())
    }
}

/// Filters of the audit page, as they stand in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    /// User key.
    pub user: String,
    /// A record reference or a part of it: «journal_entry:…», «user:…», «journal».
    pub record: String,
    /// An action code.
    pub action: String,
    /// First and last local day of the period, «2026-11-01».
    pub from: String,
    pub to: String,
    /// Page towards older lines: lines strictly older than this cursor.
    pub before: String,
}

impl AuditQuery {
    pub fn to_query_string(&self) -> String {
        crate::journal::types::query_string(&[
            ("user", &self.user),
            ("record", &self.record),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
            ("before", &self.before),
        ])
    }
    pub fn first_page(&self) -> Self {
        AuditQuery { before: String::new(), ..self.clone() }
    }
}

/// One page of the audit trail, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Cursor of the next (older) page, when there is one.
    pub older: Option<String>,
    /// People to filter by: (key, full name).
    pub users: Vec<(String, String)>,
}

/// Lines per page of the audit trail.
pub const AUDIT_PAGE_SIZE: usize = 100;
/// Most lines in one export.
pub const AUDIT_EXPORT_LIMIT: usize = 100_000;

#[cfg(feature = "ssr")]
pub mod export;

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::AuditAction;
    use crate::auth::session::client_ip;
    use crate::auth::CurrentUser;
    use crate::error::AppResult;
    use crate::journal::types::FieldChange;
    use crate::state::Db;
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
