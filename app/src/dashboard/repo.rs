//! Database side of the dashboard. Server-only. Reads the tables of cases, the journal,
//! inter-agency requests, 55+ alerts and submitted reports directly — counts, not features.

use super::rules::{CaseHistory, RouteFigures};
use crate::cases::types::Stage;
use crate::db::names::names_of;
use crate::db::{take_rows, Db};
use crate::error::AppResult;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use surrealdb::types::RecordId;

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

const CASE_FIELDS: &str = "detected_on, created_at, stage, reached, due_on, curator, district, categories,
    route_total, route_done, route_open, plan_concluded";

/// What the dashboard reads of the cases open now or closed since `from`.
pub struct CaseFacts {
    pub history: Vec<CaseHistory>,
    /// The curator of each open case whose stage deadline passed before `today`.
    pub overdue_curators: Vec<String>,
    /// Open cases whose deadline falls between `today` and the week's Sunday.
    pub due_this_week: u64,
    /// The deadlines of the unfinished activities of the open cases' plans not yet concluded.
    pub activity_deadlines: Vec<NaiveDate>,
    /// The routes of the open cases of СВО families, by district name.
    pub svo_routes: Vec<(String, RouteFigures)>,
}

/// The cases open now or closed since `from` — of the curator `curator` only, when given. One
/// pass over the cases: the route's figures are kept on the case, and the names of curators and
/// districts come from the names kept in memory, not per case.
pub async fn cases(
    db: &Db,
    from: NaiveDate,
    today: NaiveDate,
    sunday: NaiveDate,
    curator: Option<&str>,
) -> AppResult<CaseFacts> {
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
        curator: Option<String>,
        district: Option<String>,
        #[serde(default)]
        categories: Vec<String>,
        route_total: Option<u32>,
        route_done: Option<u32>,
        route_open: Option<Vec<String>>,
        plan_concluded: Option<bool>,
    }
    let mine = if curator.is_some() { " AND curator = $curator" } else { "" };
    let curator = curator.map(|c| RecordId::new("user", c.to_string()));
    // The open cases through the stage index and the recently closed through the closing index,
    // read at once, each on its own core; the names of curators and districts from the names kept
    // in memory, not a linked record per case.
    let (mut response, mut closed) = futures::try_join!(
        async {
            db.query(format!("SELECT {CASE_FIELDS} FROM case_file WHERE stage IN $open{mine}"))
                .bind(("open", Stage::open_codes()))
                .bind(("curator", curator.clone()))
                .await
        },
        async {
            db.query(format!(
                "SELECT {CASE_FIELDS} FROM case_file WHERE stage = 'closed' AND stage_since >= $from{mine}"
            ))
            .bind(("from", from.and_hms_opt(0, 0, 0).map(|t| t.and_utc()).unwrap_or_default()))
            .bind(("curator", curator.clone()))
            .await
        },
    )?;
    let mut rows: Vec<Row> = take_rows(&mut response, 0)?;
    rows.extend(take_rows::<Row>(&mut closed, 0)?);
    let names = names_of(db, rows.iter().filter_map(|r| r.curator.as_deref())).await?;
    let mut facts = CaseFacts {
        history: Vec::with_capacity(rows.len()),
        overdue_curators: vec![],
        due_this_week: 0,
        activity_deadlines: vec![],
        svo_routes: vec![],
    };
    for row in rows {
        let open = row.stage != "closed";
        if let (true, Some(due)) = (open, row.due_on.as_deref().and_then(day)) {
            if due < today {
                facts.overdue_curators.push(names.person(row.curator.as_deref()));
            } else if due <= sunday {
                facts.due_this_week += 1;
            }
        }
        let concluded = row.plan_concluded.unwrap_or(false);
        let deadlines: Vec<NaiveDate> = row.route_open.iter().flatten().filter_map(|d| day(d)).collect();
        if open && !concluded {
            facts.activity_deadlines.extend(deadlines.iter().copied());
        }
        let svo = row.categories.iter().any(|c| c == "svo_participant" || c == "svo_family");
        if let (true, true, Some(total)) = (open, svo, row.route_total) {
            facts.svo_routes.push((
                names.district(row.district.as_deref()),
                RouteFigures { total, done: row.route_done.unwrap_or(0), open: deadlines, concluded },
            ));
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

/// What else waits for the head.
pub struct Waiting {
    /// Inter-agency requests sent and not answered in time.
    pub late_inquiries: u64,
    /// 55+ alerts not acknowledged.
    pub alerts: u64,
    /// Whether the monthly СВО report of the month asked for was submitted.
    pub svo_submitted: bool,
    /// Whether the quarterly monitoring of each quarter asked for was submitted.
    pub monitoring_submitted: Vec<bool>,
}

/// Counts of what else waits: requests not answered in time, 55+ alerts not acknowledged, and
/// whether the monthly СВО report of `month` («2026-11») and the monitoring of `quarters`
/// («2026-Q3») were submitted.
pub async fn waiting(db: &Db, today: NaiveDate, month: &str, quarters: &[String]) -> AppResult<Waiting> {
    let mut response = db
        .query(
            "RETURN count(SELECT VALUE id FROM inquiry WHERE status = 'sent' AND due_on < $today);
             RETURN count(SELECT VALUE id FROM elder_alert WHERE open = true);
             RETURN count(SELECT VALUE id FROM report_submission WHERE kind = 'svo_monthly' AND period = $month);
             RETURN array::distinct(SELECT VALUE period FROM report_submission WHERE kind = 'monitoring_quarterly' AND period IN $quarters);",
        )
        .bind(("today", today.to_string()))
        .bind(("month", month.to_string()))
        .bind(("quarters", quarters.to_vec()))
        .await?;
    let late: Option<i64> = response.take(0)?;
    let alerts: Option<i64> = response.take(1)?;
    let submitted: Option<i64> = response.take(2)?;
    // An array is taken whole: taken as an option, an array of one would give its element.
    let periods: Vec<String> = response.take(3)?;
    Ok(Waiting {
        late_inquiries: late.unwrap_or(0) as u64,
        alerts: alerts.unwrap_or(0) as u64,
        svo_submitted: submitted.unwrap_or(0) > 0,
        monitoring_submitted: quarters.iter().map(|q| periods.contains(q)).collect(),
    })
}

/// The day each district's passport was last verified (none: never).
pub async fn passports_verified(db: &Db) -> AppResult<Vec<Option<NaiveDate>>> {
    let mut response = db.query("SELECT VALUE passport_verified_on FROM district").await?;
    let days: Vec<Option<String>> = take_rows(&mut response, 0)?;
    Ok(days.into_iter().map(|d| d.as_deref().and_then(day)).collect())
}
