//! The server function of «Нагрузка и сроки»: the department's workload as of now, for the head.

use super::workload::WorkloadReport;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::super::workload::{count, week_end, WorkloadReport};
    use super::super::workload_repo as repo;
    use crate::db::Db;
    use crate::error::AppResult;
    use chrono::{DateTime, Utc};

    /// The workload as of `now`.
    pub async fn count_workload(db: &Db, now: DateTime<Utc>) -> AppResult<WorkloadReport> {
        let today = crate::time::local_today(now);
        let week_end = week_end(today);
        let (staff, (cases, activities)) = futures::try_join!(repo::staff(db), repo::open_work(db))?;
        Ok(WorkloadReport {
            today,
            week_end,
            counted_at: now,
            tables: count(&staff, &cases, &activities, today, week_end),
        })
    }
}

/// The workload of the department's specialists and districts as of now.
#[server(prefix = "/api", endpoint = "reports/workload")]
pub async fn load_workload() -> Result<WorkloadReport, AppError> {
    use crate::audit::ssr::{write as audit, Actor};
    use crate::audit::AuditAction;
    use crate::auth::permissions;
    use crate::auth::session::{require, with_status};
    let user = require(permissions::SUPERVISE)?;
    let db = crate::state::db()?;
    let report = with_status(ssr::count_workload(&db, chrono::Utc::now()).await)?;
    audit(&db, &Actor::user(&user), AuditAction::View, Some("reports".into()), "Нагрузка и сроки специалистов", vec![])
        .await?;
    Ok(report)
}
