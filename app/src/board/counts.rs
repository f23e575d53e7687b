//! Counting the board's cells without reading every case. Open cases are counted from the
//! tallies (`board_tally`: how many open cases lie in each stage × district × curator, in all
//! and per category, kept by the database by ±1 in the same transaction as every write of a
//! case — migration 0014). What depends on the date is read through an index range that holds
//! only what it counts: the overdue cases (the `board_key` of an open case begins with its
//! deadline, so «overdue today» is the keys below today's date) and the cases closed in the
//! last days (`case_closed`). A dispatcher's board — the cases she opened — has no tally and is
//! counted by one pass over her cases. `opora reconcile` compares the tallies with a full count
//! and corrects them. Server-only.

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
/// the user sees cases by who opened them (a dispatcher), which no tally knows.
fn tally_scope(user: &CurrentUser, query: &BoardQuery) -> Option<Filter> {
    if !user.has(Role::Supervisor) && user.has(Role::Dispatcher) {
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
    let category = Category::from_code(&query.category).map(|c| c.code()).unwrap_or("");
    tallies.equals("category", Lit::code(category)).compare("n", Op::Gt, Lit::int(0));
    let overdue_only = query.overdue == "1";
    let open: Vec<Stage> = Stage::ALL.iter().copied().filter(|s| *s != Stage::Closed).collect();
    let mut statements =
        vec![format!("SELECT stage, district, curator, n FROM board_tally {};", tallies.where_clause())];
    statements.extend(open.iter().map(|stage| format!("{};", grouped(&late_filter(c, *stage, today)))));
    statements.push(format!("{};", grouped(&c.and(&stage_filter(Stage::Closed, today)))));
    let mut response = c.bind(db.query(statements.join("\n"))).await?.check()?;
    let mut late: BTreeMap<GroupKey, u64> = BTreeMap::new();
    for i in 1..=open.len() {
        for g in take_rows::<Group>(&mut response, i)? {
            *late.entry(g.key()).or_default() += g.n.max(0) as u64;
        }
    }
    let mut rows = Vec::new();
    if !overdue_only {
        for tally in take_rows::<Group>(&mut response, 0)? {
            let on_time = (tally.n.max(0) as u64).saturating_sub(late.get(&tally.key()).copied().unwrap_or(0));
            if on_time > 0 {
                rows.push(row(tally.key(), lanes, false, on_time));
            }
        }
        for closed in take_rows::<Group>(&mut response, open.len() + 1)? {
            rows.push(row(closed.key(), lanes, false, closed.n.max(0) as u64));
        }
    }
    rows.extend(late.into_iter().map(|(key, n)| row(key, lanes, true, n)));
    Ok(rows)
}

/// The overdue cases of an open stage under the filters: the keys of the index `(stage,
/// board_key)` — or `(district, stage, board_key)`, `(curator, stage, board_key)` — below today.
pub fn late_filter(c: &Filter, stage: Stage, today: NaiveDate) -> Filter {
    let mut late = c.clone();
    late.equals("stage", Lit::code(stage.code())).compare("board_key", Op::Lt, Lit::date(today));
    late
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
         LET $was = SELECT VALUE [record::id(id), n] FROM board_tally WHERE n != 0;
         DELETE board_tally;
         FOR $group IN (SELECT stage, district, curator, categories, count() AS n FROM case_file
                        WHERE stage != 'closed' GROUP BY stage, district, curator, categories) {
             fn::board_tally($group, $group.n);
         };
         LET $now = SELECT VALUE [record::id(id), n] FROM board_tally WHERE n != 0;
         RETURN { was: $was, now: $now };
         COMMIT TRANSACTION;";
    let mut response = with_retries(|| std::future::IntoFuture::into_future(db.query(SQL))).await?;
    #[derive(Deserialize)]
    struct Both {
        was: Vec<(serde_json::Value, i64)>,
        now: Vec<(serde_json::Value, i64)>,
    }
    // The RETURN is the statement before COMMIT.
    let returned = response.num_statements().saturating_sub(2);
    let both: Option<serde_json::Value> = response.take(returned)?;
    let both: Both = serde_json::from_value(both.unwrap_or_default())?;
    let was: BTreeMap<String, i64> = both.was.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
    let now: BTreeMap<String, i64> = both.now.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
    let corrected = now.iter().filter(|(k, n)| was.get(*k) != Some(n)).count()
        + was.keys().filter(|k| !now.contains_key(*k)).count();
    Ok(Reconciled { tallies: now.len(), corrected })
}
