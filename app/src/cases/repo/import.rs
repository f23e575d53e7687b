//! Cases with their past, loaded in bulk (demo data, generators, benchmarks).

use super::*;
use crate::auth::CurrentUser;
use crate::calendar::ProductionCalendar;
use crate::cases::clocks::Reached;
use crate::cases::types::*;
use crate::cases::validate::ValidCase;
use crate::db::numbering::SET_COUNTERS;
use crate::db::Db;
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use surrealdb::types::{RecordId, SurrealValue};

/// A case with its past, for bulk loading (demo data, generators, benchmarks).
pub struct ImportCase {
    pub case: ValidCase,
    pub stage: Stage,
    pub stage_since: DateTime<Utc>,
    pub reached: Reached,
    pub created_at: DateTime<Utc>,
    /// Lines of its history: (moment, who, event).
    pub events: Vec<(DateTime<Utc>, CurrentUser, EventContent)>,
}

impl EventContent {
    /// A stage move for an imported history.
    pub fn moved(from: Option<Stage>, to: Stage, comment: Option<&str>) -> Self {
        EventContent::new(
            if from.is_none() { "created" } else { "move" },
            from,
            Some(to),
            comment.map(str::to_string),
            None,
        )
    }
}

#[derive(SurrealValue)]
struct ImportRow {
    details: DetailsContent,
    state: StateContent,
    pub(super) year: i64,
    pub(super) number: i64,
    pub(super) created_at: DateTime<Utc>,
    pub(super) created_by: RecordId,
    pub(super) created_by_name: String,
    events: Vec<ImportEvent>,
}

#[derive(SurrealValue)]
struct ImportEvent {
    at: DateTime<Utc>,
    by: RecordId,
    by_name: String,
    event: EventContent,
}

/// Bulk-loads cases with their histories: numbers continue each year's counter and each batch
/// is one transaction. For a database nobody is opening cases in at the same moment.
pub async fn import(
    db: &Db,
    creator: &CurrentUser,
    cases: Vec<ImportCase>,
    calendar: &ProductionCalendar,
) -> AppResult<usize> {
    let mut numbers = SERIES.bulk();
    let total = cases.len();
    let mut cases = cases;
    cases.sort_by_key(|c| c.created_at);
    let mut iter = cases.into_iter().peekable();
    while iter.peek().is_some() {
        let batch: Vec<ImportCase> = iter.by_ref().take(300).collect();
        let mut rows = Vec::with_capacity(batch.len());
        for item in batch {
            let year = i64::from(crate::time::local_year(item.created_at));
            let number = numbers.next(db, year).await?;
            let state = CaseState {
                stage: item.stage,
                stage_since: item.stage_since,
                reached: item.reached,
                detected_on: item.case.detected_on,
                applied_on: None,
                plan_approved_on: item.case.plan_approved_on,
                curator: item.case.curator.clone(),
            };
            let last_by = item.events.last().map(|(_, u, _)| u.clone()).unwrap_or_else(|| creator.clone());
            rows.push(ImportRow {
                details: DetailsContent::new(&item.case),
                state: state.content(calendar, year, number, &last_by, item.stage_since.max(item.created_at)),
                year,
                number,
                created_at: item.created_at,
                created_by: RecordId::new("user", creator.id.clone()),
                created_by_name: creator.full_name.clone(),
                events: item
                    .events
                    .into_iter()
                    .map(|(at, by, event)| ImportEvent {
                        at,
                        by: RecordId::new("user", by.id.clone()),
                        by_name: by.full_name.clone(),
                        event,
                    })
                    .collect(),
            });
        }
        db.query(
            [
                "BEGIN TRANSACTION;
                 FOR $row IN $rows {
                     LET $created = CREATE ONLY case_file CONTENT object::extend(object::extend($row.details, $row.state), {
                         year: $row.year, number: $row.number, created_at: $row.created_at,
                         created_by: $row.created_by, created_by_name: $row.created_by_name, version: 1,
                     });
                     FOR $e IN $row.events {
                         CREATE case_event CONTENT object::extend($e.event, { case: $created.id, at: $e.at, by: $e.by, by_name: $e.by_name });
                     };
                 };",
                SET_COUNTERS,
                "COMMIT TRANSACTION;",
            ]
            .concat(),
        )
        .bind(("rows", rows))
        .bind(("counters", numbers.counters()))
        .await?
        .check()?;
    }
    Ok(total)
}
