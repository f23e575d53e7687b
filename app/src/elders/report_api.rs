//! The server function of the quarterly report of the «дворовый» service: the caller's role
//! first, then the caseworker kept to her districts (the head: every district, the department).

use super::report::{QuarterReport, ReportQuery};
use crate::error::AppError;
use leptos::prelude::*;

/// The report of a quarter («2026-Q4»; empty: the current one) for a district (empty: all the
/// user's districts; the head: the department). The figures hold no personal data: counts only.
#[server(prefix = "/api", endpoint = "elders/report")]
pub async fn service_report(query: ReportQuery) -> Result<QuarterReport, AppError> {
    use crate::auth::permissions;
    use crate::auth::session::{require, with_status};
    let user = require(permissions::ELDERS)?;
    let db = crate::state::db()?;
    with_status(super::report_repo::report(&db, &user, &query, chrono::Utc::now()).await)
}
