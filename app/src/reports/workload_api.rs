//! The server function of «Нагрузка и сроки»: the department's workload as of now, for the head.

use super::workload::WorkloadReport;
use crate::counted::Counted;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::super::workload::{count, week_end, WorkloadReport};
    use super::super::workload_repo as repo;
    use crate::db::Db;
    use crate::error::AppResult;
    use chrono::{DateTime, Utc};

    /// The parts of the count a progress reports: the staff and the open work.
    pub const PARTS: u32 = 2;

    /// The workload as of `now`.
    pub async fn count_workload(db: &Db, now: DateTime<Utc>) -> AppResult<WorkloadReport> {
        count_workload_telling(db, now, &Default::default()).await
    }

    /// The workload as of `now`, telling `progress` of each reading done.
    pub async fn count_workload_telling(
        db: &Db,
        now: DateTime<Utc>,
        progress: &crate::counted::ssr::Progress,
    ) -> AppResult<WorkloadReport> {
        let today = crate::time::local_today(now);
        let week_end = week_end(today);
        let (staff, (cases, activities)) =
            futures::try_join!(progress.part(repo::staff(db)), progress.part(repo::open_work(db)))?;
        Ok(WorkloadReport {
            today,
            week_end,
            counted_at: now,
            tables: count(&staff, &cases, &activities, today, week_end),
        })
    }
}

/// The workload of the department's specialists and districts as of now: counted in the
/// background (it reads every open case and plan), so the page is answered at once with the last
/// count or how far the first has got. `ticket`: of the answer the page waits on
/// ([`crate::counted`]).
#[server(prefix = "/api", endpoint = "reports/workload")]
pub async fn load_workload(ticket: Option<u64>) -> Result<Counted<WorkloadReport>, AppError> {
    use crate::auth::permissions;
    use crate::auth::session::{require, with_status};
    use crate::counted::ssr::Ask;
    let user = require(permissions::SUPERVISE)?;
    let state = crate::state::app_state()?;
    let db = state.db.clone();
    let ask = Ask { name: "workload", parts: ssr::PARTS, ticket };
    let counted = state
        .counts
        .get(ask, move |progress| async move { ssr::count_workload_telling(&db, chrono::Utc::now(), &progress).await })
        .await;
    let counted = with_status(counted)?;
    super::api::ssr::audit_view(&state.db, &user, &counted, "Нагрузка и сроки специалистов").await?;
    Ok(counted)
}
