//! Database side of the dashboard. Server-only. Reads the tables of cases, the journal,
//! inter-agency requests, 55+ alerts and submitted reports directly — counts, not features.

use super::rules::CaseHistory;
use crate::cases::types::Stage;
use crate::db::{take_rows, Db};
use crate::error::AppResult;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// What the dashboard reads of the cases open now or closed since `from`.
pub struct CaseFacts {
    pub history: Vec<CaseHistory>,
    /// The curator of each open case whose stage deadline passed before `today`.
    pub overdue_curators: Vec<String>,
    /// Open cases whose deadline falls between `today` and the week's Sunday.
    pub due_this_week: u64,
}

pub async fn cases(db: &Db, from: NaiveDate, today: NaiveDate, sunday: NaiveDate) -> AppResult<CaseFacts> {
    #[derive(Deserialize)]
    struct Reached {
        stage: String,
        on: String,
    }
    #[derive(Deserialize)]
    struct Row {
        detected_on: String,
        created_at: DateTime<Utc>,
        stage: String,
        #[serde(default)]
        reached: Vec<Reached>,
        due_on: Option<String>,
        curator_name: Option<String>,
    }
    let mut response = db
        .query(
            "SELECT detected_on, created_at, stage, reached, due_on, curator.full_name AS curator_name
               FROM case_file WHERE stage != 'closed' OR stage_since >= $from",
        )
        .bind(("from", from.and_hms_opt(0, 0, 0).map(|t| t.and_utc()).unwrap_or_default()))
        .await?;
    let rows: Vec<Row> = take_rows(&mut response, 0)?;
    let mut facts = CaseFacts { history: Vec::with_capacity(rows.len()), overdue_curators: vec![], due_this_week: 0 };
    for row in rows {
        let open = row.stage != "closed";
        if let (true, Some(due)) = (open, row.due_on.as_deref().and_then(day)) {
            if due < today {
                facts.overdue_curators.push(row.curator_name.clone().unwrap_or_default());
            } else if due <= sunday {
                facts.due_this_week += 1;
            }
        }
        facts.history.push(CaseHistory {
            detected_on: day(&row.detected_on).unwrap_or_else(|| crate::time::local_today(row.created_at)),
            reached: row.reached.iter().filter_map(|r| Some((Stage::from_code(&r.stage)?, day(&r.on)?))).collect(),
        });
    }
    Ok(facts)
}

/// The appeals received since `from`: the day and the channel's code.
pub async fn appeals(db: &Db, from: DateTime<Utc>) -> AppResult<Vec<(DateTime<Utc>, String)>> {
    #[derive(Deserialize)]
    struct Row {
        received_at: DateTime<Utc>,
        channel: String,
    }
    // The journal's sort key begins with the moment received: a range of its index.
    let mut response = db
        .query("SELECT received_at, channel FROM journal_entry WHERE sort_key >= $from")
        .bind(("from", from.format("%Y%m%dT%H%M%S").to_string()))
        .await?;
    Ok(take_rows::<Row>(&mut response, 0)?.into_iter().map(|r| (r.received_at, r.channel)).collect())
}

/// Counts of what else waits: requests not answered in time, 55+ alerts not acknowledged, and
/// whether the monthly СВО report of `month` («2026-11») was submitted.
pub async fn waiting(db: &Db, today: NaiveDate, month: &str) -> AppResult<(u64, u64, bool)> {
    let mut response = db
        .query(
            "RETURN count(SELECT VALUE id FROM inquiry WHERE status = 'sent' AND due_on < $today);
             RETURN count(SELECT VALUE id FROM elder_alert WHERE open = true);
             RETURN count(SELECT VALUE id FROM report_submission WHERE kind = 'svo_monthly' AND period = $month);",
        )
        .bind(("today", today.to_string()))
        .bind(("month", month.to_string()))
        .await?;
    let late: Option<i64> = response.take(0)?;
    let alerts: Option<i64> = response.take(1)?;
    let submitted: Option<i64> = response.take(2)?;
    Ok((late.unwrap_or(0) as u64, alerts.unwrap_or(0) as u64, submitted.unwrap_or(0) > 0))
}
