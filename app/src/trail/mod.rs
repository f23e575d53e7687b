//! The audit trail's page (`/audit`): who did what and when, filtered and paged, and its export.
//! Administrators and supervisors read it. The trail itself is written by `audit`.

use crate::audit::{AuditAction, FieldChange};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub mod api;
#[cfg(feature = "ssr")]
pub mod export;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;

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
        crate::url::query_string(&[
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

/// Lines about the people served show their values only to a reader who may see those records
/// (the supervisor sees every case and the journal); an administrator sees who changed which
/// fields of which record, never what was written there.
pub fn hide_personal_values(reader: &crate::auth::CurrentUser, entries: &mut [AuditEntry]) {
    if reader.has_any(crate::auth::permissions::SUPERVISE) {
        return;
    }
    for entry in entries.iter_mut().filter(|e| crate::audit::is_personal(e.record.as_deref())) {
        let (summary, changes) = crate::audit::without_personal_values(&entry.summary, &entry.changes);
        entry.summary = summary;
        entry.changes = changes;
    }
}
