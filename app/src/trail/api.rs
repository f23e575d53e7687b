//! Server functions of the audit page: administrators and supervisors read the trail.

use super::{AuditPage, AuditQuery};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "audit/list")]
pub async fn list_audit(query: AuditQuery) -> Result<AuditPage, AppError> {
    use super::AUDIT_PAGE_SIZE;
    use crate::auth::permissions;
    use crate::auth::session::{require, with_status};
    let reader = require(permissions::AUDIT_READ)?;
    let db = crate::state::db()?;
    let mut entries = with_status(super::repo::list(&db, &query, AUDIT_PAGE_SIZE + 1).await)?;
    super::hide_personal_values(&reader, &mut entries);
    let older = if entries.len() > AUDIT_PAGE_SIZE {
        entries.truncate(AUDIT_PAGE_SIZE);
        entries.last().map(|e| e.at.to_rfc3339())
    } else {
        None
    };
    Ok(AuditPage { entries, older, users: super::repo::people(&db).await? })
}
