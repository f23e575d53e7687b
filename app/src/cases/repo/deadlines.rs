//! The stored nearest deadline of every open case, recomputed after the calendar changed.

use super::*;
use crate::calendar::ProductionCalendar;
use crate::cases::clocks::{board_key, next_due, ClockFacts};
use crate::cases::types::*;
use crate::db::{date_text, take_rows, Db};
use crate::error::AppResult;
use crate::time::local_today;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use surrealdb::types::{RecordId, SurrealValue};

/// Recomputes the stored nearest deadline of every open case, after the calendar changed.
pub async fn recompute_deadlines(db: &Db, calendar: &ProductionCalendar) -> AppResult<usize> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        year: i64,
        number: i64,
        stage: Stage,
        stage_since: DateTime<Utc>,
        detected_on: NaiveDate,
        applied_on: Option<NaiveDate>,
        plan_approved_on: Option<NaiveDate>,
        reached: Vec<ReachedRow>,
        version: i64,
        due_on: Option<String>,
    }
    #[derive(SurrealValue, Clone)]
    struct Due {
        id: RecordId,
        version: i64,
        due_on: Option<String>,
        due_clock: Option<String>,
        board_key: String,
    }
    let mut response = db
        .query("SELECT record::id(id) AS id, year, number, stage, stage_since, detected_on, applied_on, plan_approved_on, reached, version, due_on FROM case_file WHERE stage != 'closed'")
        .await?
        .check()?;
    let rows = take_rows::<Row>(&mut response, 0)?;
    // Only the cases whose deadline moved; each as a new version, so that open boards follow.
    // A case changed meanwhile keeps what its change computed (with this calendar already).
    let dues: Vec<Due> = rows
        .into_iter()
        .filter_map(|r| {
            let facts = ClockFacts {
                stage: r.stage,
                detected_on: r.detected_on,
                applied_on: r.applied_on,
                plan_approved_on: r.plan_approved_on,
                reached: r.reached.iter().map(|x| (x.stage, x.on)).collect(),
            };
            let due = next_due(calendar, &facts);
            let due_on = due.map(|(d, _)| date_text(d));
            (due_on != r.due_on).then(|| Due {
                id: RecordId::new("case_file", r.id),
                version: r.version,
                due_on,
                due_clock: due.map(|(_, k)| k.code().to_string()),
                board_key: board_key(r.stage, due.map(|(d, _)| d), local_today(r.stage_since), r.year, r.number),
            })
        })
        .collect();
    let count = dues.len();
    for chunk in dues.chunks(500) {
        db.query("FOR $d IN $dues { UPDATE $d.id SET was = { version: version, stage: stage, district: district, curator: curator, categories: categories, due_on: due_on, stage_since: stage_since }, due_on = $d.due_on, due_clock = $d.due_clock, board_key = $d.board_key, version = version + 1 WHERE version = $d.version; }")
            .bind(("dues", chunk.to_vec()))
            .await?
            .check()?;
    }
    Ok(count)
}
