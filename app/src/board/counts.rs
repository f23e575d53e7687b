//! Counting the board's cells without reading every case. Open cases are counted from the
//! tallies (`board_tally`: how many open cases lie in each stage × district × curator, in all
//! and per category, and how many of them are overdue, kept by the database in the same
//! transaction as every write of a case — migration 0014). «Overdue» is counted against the
//! day the tallies stand at; when the day turns, [`roll_day`] adds the cases whose deadline
//! passed meanwhile, read as a key range of those days' deadlines (the `board_key` of an open
//! case begins with its deadline). The cases closed in the last days are counted from the keys
//! of `case_closed`. A dispatcher's board — the cases she opened — has no tally and is counted
//! by one pass over her cases. `opora reconcile` compares the tallies with a full count and
//! corrects them. Server-only.

use super::filters::{on_board, scope, stage_filter};
use super::queue::turn;
use super::types::*;
use crate::auth::{CurrentUser, Role};
use crate::cases::types::{Category, Stage};
use crate::db::filter::{Filter, Lit, Op};
use crate::db::{take_rows, with_retries, Db};
use crate::error::{AppResult, FieldErrors};
use crate::keys::record_key;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Cases of one (stage, lane, curator, overdue or not) under the filters.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(super) struct CountRow {
    pub(super) stage: Stage,
    pub(super) lane: Option<String>,
    pub(super) curator: Option<String>,
    /// Open and past its deadline.
    pub(super) late: bool,
    pub(super) n: u64,
}

impl CountRow {
    pub(super) fn lane_key(&self) -> String {
        self.lane.as_deref().map(record_key).unwrap_or_else(|| NO_LANE.to_string())
    }
}

/// Cases of one stage, district and curator, as a tally or a grouped count gives them.
#[derive(Deserialize)]
struct Group {
    stage: Stage,
    district: Option<String>,
    curator: Option<String>,
    n: i64,
    /// Of them overdue (tallies only).
    #[serde(default)]
    late: i64,
}

type GroupKey = (Stage, Option<String>, Option<String>);

impl Group {
    fn key(&self) -> GroupKey {
        (self.stage, self.district.clone(), self.curator.clone())
    }
}

fn row((stage, district, curator): GroupKey, lanes: Lanes, late: bool, n: u64) -> CountRow {
    let lane = match lanes {
        Lanes::None => None,
        Lanes::Curator => curator.clone(),
        Lanes::District => district,
    };
    CountRow { stage, lane, curator, late, n }
}

/// The part of the filters the tallies can answer (visibility, district, curator), or none when
/// the user sees cases by who opened them (a dispatcher) or by her activities in their plans (a
/// psychologist, a lawyer), which no tally knows.
fn tally_scope(user: &CurrentUser, query: &BoardQuery) -> Option<Filter> {
    if !user.has(Role::Supervisor) && (user.has(Role::Dispatcher) || crate::cases::visibility::works_on_plans(user)) {
        return None;
    }
    // The filters were checked by `conditions` before: errors cannot come here.
    Some(scope(user, query, &mut FieldErrors::new()))
}

/// Cases per (stage, lane, curator, overdue) under the filters `c` (from `repo::conditions`,
/// without a search): open ones and those closed in the last days.
pub(super) async fn count_rows(
    db: &Db,
    user: &CurrentUser,
    query: &BoardQuery,
    c: &Filter,
    lanes: Lanes,
    today: NaiveDate,
) -> AppResult<Vec<CountRow>> {
    let Some(mut tallies) = tally_scope(user, query) else {
        return full_pass(db, c, lanes, today).await;
    };
    roll_day(db, today).await?;
    let category = Category::from_code(&query.category).map(|c| c.code()).unwrap_or("");
    tallies.equals("category", Lit::code(category)).compare("n", Op::Gt, Lit::int(0));
    let overdue_only = query.overdue == "1";
    let closed = c.and(&stage_filter(Stage::Closed, today));
    // The board without lanes needs one number for its closed column: the keys of the index
    // are counted; with lanes, the recently closed cases are read and grouped.
    let closed_sql = if lanes == Lanes::None {
        format!("SELECT count() AS n FROM case_file {} GROUP ALL", closed.where_clause())
    } else {
        grouped(&closed)
    };
    let sql =
        format!("SELECT stage, district, curator, n, late FROM board_tally {};\n{closed_sql};", tallies.where_clause());
    let mut response = c.bind(db.query(sql)).await?.check()?;
    let mut rows = Vec::new();
    for tally in take_rows::<Group>(&mut response, 0)? {
        let late = tally.late.clamp(0, tally.n.max(0)) as u64;
        let on_time = (tally.n.max(0) as u64).saturating_sub(late);
        if on_time > 0 && !overdue_only {
            rows.push(row(tally.key(), lanes, false, on_time));
        }
        if late > 0 {
            rows.push(row(tally.key(), lanes, true, late));
        }
    }
    if !overdue_only {
        if lanes == Lanes::None {
            #[derive(Deserialize)]
            struct Count {
                n: u64,
            }
            let n = crate::db::take_one::<Count>(&mut response, 1)?.map(|c| c.n).unwrap_or(0);
            if n > 0 {
                rows.push(row((Stage::Closed, None, None), lanes, false, n));
            }
        } else {
            for closed in take_rows::<Group>(&mut response, 1)? {
                rows.push(row(closed.key(), lanes, false, closed.n.max(0) as u64));
            }
        }
    }
    Ok(rows)
}

/// Brings the tallies' «overdue» to `today`: the open cases whose deadline fell between the
/// tallies' day and today become overdue (or, should the clock go back, stop being so). Reads
/// only those days' deadlines, once a day.
pub async fn roll_day(db: &Db, today: NaiveDate) -> AppResult<()> {
    let to = crate::db::date_text(today);
    let mut attempt = 0;
    loop {
        attempt += 1;
        let from: Option<String> = db.query("SELECT VALUE day FROM ONLY board_day:tally").await?.check()?.take(0)?;
        let from = from.unwrap_or_else(|| "0000-01-01".into());
        if from != to {
            let (low, high, sign) = if from < to { (&from, &to, 1) } else { (&to, &from, -1) };
            let mut sql = format!(
                "BEGIN TRANSACTION;
                 IF ((SELECT VALUE day FROM ONLY board_day:tally) ?? '0000-01-01') != {} {{ THROW 'day_moved' }};",
                crate::db::sql_literal(&from)
            );
            for stage in Stage::ALL.iter().filter(|s| **s != Stage::Closed) {
                sql.push_str(&format!(
                    "FOR $group IN (SELECT stage, district, curator, categories, count() AS n FROM case_file \
                     WHERE stage = {} AND board_key >= {} AND board_key < {} GROUP BY stage, district, curator, categories) {{
                         fn::board_tally($group, 0, {sign} * $group.n);
                     }};",
                    crate::db::sql_literal(stage.code()),
                    crate::db::sql_literal(low),
                    crate::db::sql_literal(high),
                ));
            }
            sql.push_str(&format!(
                "UPSERT board_day:tally SET day = {}; COMMIT TRANSACTION;",
                crate::db::sql_literal(&to)
            ));
            let outcome = match db.query(sql).await {
                Ok(mut response) => crate::db::transaction_error(&mut response),
                Err(e) => Some(e),
            };
            match outcome {
                None => {}
                // Another server rolled the day, or a case was written meanwhile: read again.
                Some(e) if (e.to_string().contains("day_moved") || crate::db::is_retryable(&e)) && attempt < 20 => {
                    crate::db::back_off(attempt).await;
                    continue;
                }
                Some(e) => return Err(e.into()),
            }
        }
        return Ok(());
    }
}

/// Cases under `f` counted per stage, district and curator.
pub fn grouped(f: &Filter) -> String {
    format!(
        "SELECT stage, district, curator, count() AS n FROM case_file {} GROUP BY stage, district, curator",
        f.where_clause()
    )
}

/// One pass over the cases under the filters (a dispatcher's board: the cases she opened,
/// read through `case_creator`).
async fn full_pass(db: &Db, c: &Filter, lanes: Lanes, today: NaiveDate) -> AppResult<Vec<CountRow>> {
    let _turn = turn().await?;
    let lane_field = match lanes {
        Lanes::None => "NONE",
        Lanes::Curator => "curator",
        Lanes::District => "district",
    };
    let sql = format!(
        "SELECT stage, {lane_field} AS lane, curator, \
         (stage != 'closed' AND due_on != NONE AND due_on < {}) AS late, count() AS n \
         FROM case_file {} GROUP BY stage, lane, curator, late",
        Lit::date(today).as_sql(),
        c.and(&on_board(today)).where_clause()
    );
    let mut response = c.bind(db.query(sql)).await?.check()?;
    take_rows::<CountRow>(&mut response, 0)
}

/// What a reconciliation found: the tallies, and how many of them were wrong and corrected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reconciled {
    pub tallies: usize,
    pub corrected: usize,
}

/// Counts the open cases again and rewrites the tallies from the count, in one transaction
/// (writes of cases meanwhile wait or retry), and says how many tallies differed.
pub async fn reconcile(db: &Db) -> AppResult<Reconciled> {
    const SQL: &str = "BEGIN TRANSACTION;
         LET $was = SELECT VALUE [record::id(id), n, late] FROM board_tally WHERE n != 0 OR late != 0;
         LET $day = (SELECT VALUE day FROM ONLY board_day:tally) ?? '0000-01-01';
         DELETE board_tally;
         FOR $group IN (SELECT stage, district, curator, categories, (due_on != NONE AND due_on < $day) AS overdue,
                        count() AS n FROM case_file WHERE stage != 'closed'
                        GROUP BY stage, district, curator, categories, overdue) {
             fn::board_tally($group, $group.n, IF $group.overdue THEN $group.n ELSE 0 END);
         };
         LET $now = SELECT VALUE [record::id(id), n, late] FROM board_tally WHERE n != 0 OR late != 0;
         RETURN { was: $was, now: $now };
         COMMIT TRANSACTION;";
    let mut response = with_retries(|| std::future::IntoFuture::into_future(db.query(SQL))).await?;
    #[derive(Deserialize)]
    struct Both {
        was: Vec<(serde_json::Value, i64, i64)>,
        now: Vec<(serde_json::Value, i64, i64)>,
    }
    // The RETURN is the statement before COMMIT.
    let returned = response.num_statements().saturating_sub(2);
    let both: Option<serde_json::Value> = response.take(returned)?;
    let both: Both = serde_json::from_value(both.unwrap_or_default())?;
    let was: BTreeMap<String, (i64, i64)> = both.was.into_iter().map(|(k, n, l)| (k.to_string(), (n, l))).collect();
    let now: BTreeMap<String, (i64, i64)> = both.now.into_iter().map(|(k, n, l)| (k.to_string(), (n, l))).collect();
    let corrected = now.iter().filter(|(k, n)| was.get(*k) != Some(n)).count()
        + was.keys().filter(|k| !now.contains_key(*k)).count();
    Ok(Reconciled { tallies: now.len(), corrected })
}
