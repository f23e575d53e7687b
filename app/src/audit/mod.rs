//! The audit trail: every read of personal data, every change, export, login and failed login,
//! written to an append-only table (the schema refuses updates and deletes).

use crate::labeled_enum;
use serde::{Deserialize, Serialize};

/// The longest summary of a line, value of a change, and number of changes (the schema asserts
/// the same, migration 0012).
pub const MAX_SUMMARY: usize = 1000;
pub const MAX_VALUE: usize = 2000;
pub const MAX_CHANGES: usize = 100;

/// Records whose lines carry personal data of the families and citizens served (names,
/// addresses, what they asked for): their values are shown only to those who may see them.
pub const PERSONAL_RECORDS: &[&str] = &[
    "journal_entry:",
    "journal",
    "application:",
    "applications",
    "case_file:",
    "visit:",
    "beneficiary:",
    "act:",
    "route:",
    "elder:",
    "elders",
    "inquiry:",
    "inquiries",
    "aid_loan:",
    "aid_wait:",
    "rental",
    "taxi_ride:",
    "taxi",
    "patrol_raid:",
    "patrol",
];

/// Whether a line of the trail is about personal data of the people served.
pub fn is_personal(record: Option<&str>) -> bool {
    record.is_some_and(|r| PERSONAL_RECORDS.iter().any(|p| r == p.trim_end_matches(':') || r.starts_with(p)))
}

/// The line as someone who may not see the record reads it: which fields changed, never their
/// values, and nothing quoted from the record («Случай № 2026-0015 «…»»).
pub fn without_personal_values(summary: &str, changes: &[FieldChange]) -> (String, Vec<FieldChange>) {
    let mut masked = String::with_capacity(summary.len());
    let mut depth = 0;
    for c in summary.chars() {
        match c {
            '«' => {
                if depth == 0 {
                    masked.push_str("«…");
                }
                depth += 1;
            }
            '»' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    masked.push('»');
                }
            }
            _ if depth == 0 => masked.push(c),
            _ => {}
        }
    }
    let changes = changes
        .iter()
        .map(|c| FieldChange {
            field: c.field.clone(),
            label: c.label.clone(),
            before: "скрыто".into(),
            after: "скрыто".into(),
        })
        .collect();
    (masked, changes)
}

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
    use surrealdb::types::{RecordId, SurrealValue};

    /// At most `max` characters, the cut marked.
    fn cut(text: &str, max: usize) -> String {
        if text.chars().count() <= max {
            text.to_string()
        } else {
            let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
            out.push('…');
            out
        }
    }

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

    /// One field's change as a line keeps it.
    #[derive(SurrealValue, Clone)]
    pub struct ChangeLine {
        field: String,
        label: String,
        before: String,
        after: String,
    }

    /// A line of the audit trail, cut to the schema's limits (migration 0012): never refused,
    /// never large enough to fill the disk or break an export. Written on its own by [`write`],
    /// or by a feature's transaction beside the change it records
    /// (`CREATE audit CONTENT object::extend($audit, { at: time::now() })`).
    #[derive(SurrealValue, Clone)]
    pub struct AuditLine {
        user: Option<RecordId>,
        user_name: String,
        ip: String,
        action: String,
        record: Option<String>,
        summary: String,
        changes: Vec<ChangeLine>,
    }

    impl AuditLine {
        pub fn new(
            actor: &Actor<'_>,
            action: AuditAction,
            record: Option<String>,
            summary: impl Into<String>,
            changes: Vec<FieldChange>,
        ) -> Self {
            AuditLine {
                user: actor.user_id.map(|id| RecordId::new("user", id.to_string())),
                user_name: cut(actor.user_name, 200),
                ip: cut(&actor.ip, 64),
                action: action.code().to_string(),
                record: record.map(|r| cut(&r, 200)),
                summary: cut(&summary.into(), super::MAX_SUMMARY),
                changes: changes
                    .into_iter()
                    .take(super::MAX_CHANGES)
                    .map(|c| ChangeLine {
                        field: cut(&c.field, 100),
                        label: cut(&c.label, 200),
                        before: cut(&c.before, super::MAX_VALUE),
                        after: cut(&c.after, super::MAX_VALUE),
                    })
                    .collect(),
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
        db.query("CREATE audit CONTENT object::extend($audit, { at: time::now() })")
            .bind(("audit", AuditLine::new(actor, action, record, summary, changes)))
            .await?
            .check()?;
        Ok(())
    }
}
