//! Database side of the board: the first page of each cell (with counts from `counts`), a
//! search laid out from one pass, further pages, one card for a live update, and the
//! supervisor's limits. Server-only.
//!
//! Filters are written into the statements as checked literals (see `db::filter`), so
//! SurrealDB reads each cell through the index `(stage, board_key)` or `(curator, stage,
//! board_key)` and stops after a page: the board costs what its first screen shows, not what
//! the department holds.

use super::counts::{count_rows, CountRow};
pub use super::filters::{conditions, conditions_by_visibility, lane_filter, on_board, stage_filter};
use super::queue::turn;
use super::types::*;
use crate::auth::CurrentUser;
use crate::calendar::ProductionCalendar;
use crate::cases::repo::{CardRow, CARD_FIELDS};
use crate::cases::types::Stage;
use crate::db::filter::{Filter, Lit};
use crate::db::names::names_of;
use crate::db::{take_one, take_rows, Db};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::keys::{record_key, RecordKey};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;
use surrealdb::engine::any::Any;
use surrealdb::method::Query;

/// The cards a board search found (at most [`SEARCH_CAP`]), in board order.
struct Found {
    cards: Vec<Card>,
    capped: bool,
}

impl Found {
    /// The counts of the found cards, as a pass over the cases would give them.
    fn counts(&self, lanes: Lanes, today: NaiveDate) -> Vec<CountRow> {
        let mut counts: BTreeMap<(Stage, Option<String>, Option<String>, bool), u64> = BTreeMap::new();
        for card in &self.cards {
            let lane = match lanes {
                Lanes::None => None,
                Lanes::Curator => card.curator_id.clone(),
                Lanes::District => card.district_id.clone(),
            };
            let late = card.stage != Stage::Closed && card.due.is_some_and(|due| due < today);
            *counts.entry((card.stage, lane, card.curator_id.clone(), late)).or_default() += 1;
        }
        counts.into_iter().map(|((stage, lane, curator, late), n)| CountRow { stage, lane, curator, late, n }).collect()
    }
}

/// One full-text match over the board's cases (with the user's visibility and filters).
async fn search(db: &Db, c: &Filter, calendar: &ProductionCalendar, today: NaiveDate) -> AppResult<Found> {
    let _turn = turn().await?;
    let sql = format!(
        "SELECT {CARD_FIELDS} FROM case_file {} ORDER BY board_key LIMIT {}",
        c.and(&on_board(today)).where_clause(),
        SEARCH_CAP + 1
    );
    let mut response = c.bind(db.query(sql)).await?.check()?;
    let mut rows = take_rows::<CardRow>(&mut response, 0)?;
    let capped = rows.len() > SEARCH_CAP;
    rows.truncate(SEARCH_CAP);
    let names = names_of(db, rows.iter().filter_map(|r| r.curator_id())).await?;
    Ok(Found { cards: rows.into_iter().map(|r| r.named(&names).into_card(calendar, today)).collect(), capped })
}

/// Full names of the curators among the counts, by record key (from the cache of names).
fn curator_names(cached: &crate::db::names::Names, counts: &[CountRow]) -> BTreeMap<String, String> {
    counts
        .iter()
        .filter_map(|r| r.curator.as_deref().map(record_key))
        .filter_map(|key| cached.people.get(&key).map(|name| (key, name.clone())))
        .collect()
}

/// The counts of every cell under these filters (a board refreshes them after live changes
/// of cards it has not loaded).
pub async fn cell_counts(
    db: &Db,
    user: &CurrentUser,
    query: &BoardQuery,
    today: NaiveDate,
) -> AppResult<Vec<CellCount>> {
    let c = conditions(user, query, today)?;
    let lanes = query.lanes();
    // A searched board counts what its search lays out (the same capped pass), so its live
    // counts agree with the cards it can load.
    let counts = if query.q.trim().is_empty() {
        count_rows(db, user, query, &c, lanes, today).await?
    } else {
        let calendar = crate::cases::repo::calendar(db).await?;
        search(db, &c, &calendar, today).await?.counts(lanes, today)
    };
    Ok(counts
        .into_iter()
        .map(|r| CellCount {
            lane: if lanes == Lanes::None { ALL_LANE.to_string() } else { r.lane_key() },
            stage: r.stage,
            count: r.n,
        })
        .collect())
}

/// The saved limits.
pub async fn limits(db: &Db) -> AppResult<(BTreeMap<Stage, u32>, Option<u32>)> {
    #[derive(Deserialize)]
    struct ColumnLimit {
        stage: Stage,
        limit: u32,
    }
    #[derive(Deserialize)]
    struct Row {
        column_limits: Vec<ColumnLimit>,
        curator_limit: Option<u32>,
    }
    let mut response = db.query("SELECT column_limits, curator_limit FROM board_settings:main").await?;
    Ok(match take_one::<Row>(&mut response, 0)? {
        Some(row) => (row.column_limits.into_iter().map(|c| (c.stage, c.limit)).collect(), row.curator_limit),
        None => (BTreeMap::new(), None),
    })
}

/// Saves the limits a supervisor set.
pub async fn save_limits(db: &Db, user: &CurrentUser, form: &LimitsForm) -> AppResult<()> {
    let mut errors = FieldErrors::new();
    let parse = |errors: &mut FieldErrors, field: &str, value: &str| -> Option<u32> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        match value.parse::<u32>() {
            Ok(n) if (1..=100_000).contains(&n) => Some(n),
            _ => {
                errors.add(field, "Целое число от 1 до 100 000, или пусто — без ограничения");
                None
            }
        }
    };
    let mut columns = Vec::new();
    for (code, value) in &form.columns {
        let Some(stage) = Stage::from_code(code) else {
            errors.add("columns", "Неизвестный этап");
            continue;
        };
        if let Some(limit) = parse(&mut errors, &format!("limit.{code}"), value) {
            columns.push(serde_json::json!({ "stage": stage.code(), "limit": limit }));
        }
    }
    let curator = parse(&mut errors, "curator_limit", &form.curator);
    errors.into_result()?;
    db.query("UPSERT board_settings:main SET column_limits = $columns, curator_limit = $curator, updated_at = time::now(), updated_by_name = $by")
        .bind(("columns", columns))
        .bind(("curator", curator.map(i64::from)))
        .bind(("by", user.full_name.clone()))
        .await?
        .check()?;
    Ok(())
}

/// The lanes of the board, in order, before their counts are known.
async fn lane_list(
    db: &Db,
    query: &BoardQuery,
    counts: &[CountRow],
    names: &BTreeMap<String, String>,
) -> AppResult<Vec<(String, String)>> {
    let lanes = query.lanes();
    let with_cases = |key: &str| counts.iter().any(|c| c.lane_key() == key);
    Ok(match lanes {
        Lanes::None => vec![(ALL_LANE.to_string(), "Все случаи".to_string())],
        Lanes::Curator => {
            let mut out = vec![(NO_LANE.to_string(), "Без куратора".to_string())];
            for person in crate::cases::repo::staff(db).await? {
                let in_district = query.district.is_empty() || person.districts.contains(&query.district);
                let chosen = query.curator.is_empty() || query.curator == person.id;
                // A free colleague has a lane too: that is where a supervisor drags a case.
                if chosen && ((person.caseworker && in_district) || with_cases(&person.id)) {
                    out.push((person.id, crate::auth::short_name(&person.full_name)));
                }
            }
            if !query.curator.is_empty() && query.curator != NO_LANE {
                out.retain(|(k, _)| k != NO_LANE);
            }
            // Cases of a curator who has left stay visible in a lane of their own.
            for row in counts {
                let key = row.lane_key();
                if !out.iter().any(|(k, _)| *k == key) {
                    let name = names.get(&key).map(|n| crate::auth::short_name(n)).unwrap_or_else(|| "Куратор".into());
                    out.push((key, format!("{name} (не работает)")));
                }
            }
            out
        }
        Lanes::District => {
            let mut out: Vec<(String, String)> = crate::districts::repo::list(db)
                .await?
                .into_iter()
                .filter(|d| query.district.is_empty() || query.district == d.id)
                .map(|d| (d.id, d.name))
                .collect();
            if with_cases(NO_LANE) {
                out.push((NO_LANE.to_string(), "Без участка".to_string()));
            }
            out
        }
    })
}

/// The board: lanes, columns with counts and limits, and the first page of every cell.
pub async fn board(
    db: &Db,
    user: &CurrentUser,
    query: &BoardQuery,
    calendar: &ProductionCalendar,
    today: NaiveDate,
) -> AppResult<BoardData> {
    let c = conditions(user, query, today)?;
    let lanes = query.lanes();
    // A search matches once: its cards come in one pass and are counted and laid out here.
    let found = if query.q.trim().is_empty() { None } else { Some(search(db, &c, calendar, today).await?) };
    let counts = match &found {
        Some(found) => found.counts(lanes, today),
        None => count_rows(db, user, query, &c, lanes, today).await?,
    };
    let cached = names_of(db, counts.iter().filter_map(|r| r.curator.as_deref())).await?;
    let names = curator_names(&cached, &counts);
    let lane_keys = lane_list(db, query, &counts, &names).await?;
    let count_of = |lane: &str, stage: Stage| -> u64 {
        counts
            .iter()
            .filter(|r| r.stage == stage)
            .filter(|r| lanes == Lanes::None || r.lane_key() == lane)
            .map(|r| r.n)
            .sum()
    };

    let page = if lanes == Lanes::None { CELL_PAGE } else { LANE_CELL_PAGE };
    // A cell's first page is read once for each way the user sees cases, each through its own
    // index in board order, and merged (one condition with OR reads and sorts the whole cell).
    let ways = conditions_by_visibility(user, query, today)?;
    let mut cells_wanted = Vec::new();
    let mut statements = Vec::new();
    let mut cells = Vec::new();
    for (n, (lane, _)) in lane_keys.iter().enumerate() {
        for stage in Stage::ALL.iter().copied() {
            let count = count_of(lane, stage);
            if count == 0 {
                continue;
            }
            // Lanes below the first screen come with their counts only; their cards load when
            // the user opens them.
            if n >= LANES_WITH_CARDS {
                cells.push(Cell { lane: lane.clone(), stage, count, cards: vec![], next: Some(String::new()) });
                continue;
            }
            statements.extend(cell_statements(&ways, &stage_filter(stage, today).and(&lane_filter(lanes, lane)), page));
            cells_wanted.push((lane.clone(), stage, count));
        }
    }
    if let Some(found) = &found {
        for (lane, stage, count) in cells_wanted.drain(..) {
            let mut cards: Vec<Card> = found
                .cards
                .iter()
                .filter(|card| card.stage == stage && (lanes == Lanes::None || card.lane(lanes) == lane))
                .take(page + 1)
                .cloned()
                .collect();
            let next = (cards.len() > page).then(|| {
                cards.truncate(page);
                cards.last().map(|c| c.board_key.clone()).unwrap_or_default()
            });
            cells.push(Cell { lane, stage, count, cards, next });
        }
        statements.clear();
    }
    if !statements.is_empty() {
        let mut response = bind_all(&ways, db.query(statements.join("\n"))).await?.check()?;
        for (n, (lane, stage, count)) in cells_wanted.into_iter().enumerate() {
            let (rows, more) = take_cell(&mut response, n * ways.len(), ways.len(), page)?;
            let cards: Vec<Card> = rows.into_iter().map(|r| r.named(&cached).into_card(calendar, today)).collect();
            let next = if more { cards.last().map(|c| c.board_key.clone()) } else { None };
            cells.push(Cell { lane, stage, count, cards, next });
        }
    }

    let overdue = counts.iter().filter(|r| r.late).map(|r| r.n).sum();
    // The workload strip counts within the district filter only: the same pass when no other
    // filter narrows the board, a pass of its own otherwise.
    let workload = if query.curator.is_empty()
        && query.category.is_empty()
        && query.overdue.is_empty()
        && query.q.trim().is_empty()
    {
        workload_of(&counts, &names)
    } else {
        workload(db, user, query, today).await?
    };
    let (column_limits, curator_limit) = limits(db).await?;
    let columns = Stage::ALL
        .iter()
        .map(|stage| Column {
            stage: *stage,
            count: counts.iter().filter(|r| r.stage == *stage).map(|r| r.n).sum(),
            limit: column_limits.get(stage).copied(),
        })
        .collect();
    let lane_rows = lane_keys
        .into_iter()
        .map(|(key, title)| {
            let open = Stage::ALL.iter().filter(|s| **s != Stage::Closed).map(|s| count_of(&key, *s)).sum();
            let limit = (lanes == Lanes::Curator && key != NO_LANE).then_some(curator_limit).flatten();
            Lane { key, title, open, limit }
        })
        .collect();
    Ok(BoardData {
        today,
        search_capped: found.is_some_and(|f| f.capped),
        lanes: lane_rows,
        columns,
        cells,
        workload,
        overdue,
        curator_limit,
        can_move: user.has_any(crate::auth::permissions::CASE_WORK),
        can_assign: user.has_any(crate::auth::permissions::SUPERVISE),
        can_set_limits: user.has_any(crate::auth::permissions::SUPERVISE),
    })
}

/// Open and overdue cases per curator, from the counts of a board filtered by district only.
fn workload_of(counts: &[CountRow], names: &BTreeMap<String, String>) -> Vec<Workload> {
    let mut by_curator: BTreeMap<String, Workload> = BTreeMap::new();
    for row in counts.iter().filter(|r| r.stage != Stage::Closed) {
        let Some(curator) = &row.curator else { continue };
        let key = record_key(curator);
        let entry = by_curator.entry(key.clone()).or_insert_with(|| Workload {
            name: names.get(&key).map(|n| crate::auth::short_name(n)).unwrap_or_default(),
            curator_id: key,
            open: 0,
            overdue: 0,
        });
        entry.open += row.n;
        if row.late {
            entry.overdue += row.n;
        }
    }
    let mut rows: Vec<Workload> = by_curator.into_values().collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    rows
}

/// Open and overdue cases per curator (within the district filter), for the workload strip of
/// a board narrowed by other filters too.
async fn workload(db: &Db, user: &CurrentUser, query: &BoardQuery, today: NaiveDate) -> AppResult<Vec<Workload>> {
    let district_only = BoardQuery { district: query.district.clone(), ..Default::default() };
    let counts =
        count_rows(db, user, &district_only, &conditions(user, &district_only, today)?, Lanes::None, today).await?;
    let names = curator_names(&*names_of(db, counts.iter().filter_map(|r| r.curator.as_deref())).await?, &counts);
    Ok(workload_of(&counts, &names))
}

/// The next page of one cell, after the card whose board key is `cell.after`.
pub async fn cell_page(
    db: &Db,
    user: &CurrentUser,
    query: &BoardQuery,
    cell: &CellRequest,
    calendar: &ProductionCalendar,
    today: NaiveDate,
) -> AppResult<CellPage> {
    let Some(stage) = Stage::from_code(&cell.stage) else {
        return Err(AppError::field("stage", "Неизвестный этап"));
    };
    let mut after = stage_filter(stage, today).and(&lane_filter(query.lanes(), &cell.lane));
    after.bound("board_key > $after", "after", serde_json::json!(cell.after));
    // A page through each way the user sees cases, merged (see `board`).
    let ways = conditions_by_visibility(user, query, today)?;
    let sql: Vec<String> = cell_statements(&ways, &after, CELL_PAGE).collect();
    let mut response = after.bind(bind_all(&ways, db.query(sql.join("\n")))).await?.check()?;
    let (rows, more) = take_cell(&mut response, 0, ways.len(), CELL_PAGE)?;
    let names = names_of(db, rows.iter().filter_map(|r| r.curator_id())).await?;
    let cards: Vec<Card> = rows.into_iter().map(|r| r.named(&names).into_card(calendar, today)).collect();
    let next = if more { cards.last().map(|c| c.board_key.clone()) } else { None };
    Ok(CellPage { cards, next })
}

/// Binds the parameters of every filter (the ways of one board bind the same ones).
fn bind_all<'a>(filters: &[Filter], mut query: Query<'a, Any>) -> Query<'a, Any> {
    for filter in filters {
        query = filter.bind(query);
    }
    query
}

/// The statements that read a page of a cell (`cell`: its stage, lane and position) once for
/// each way the user sees cases, each one row longer than the page to tell whether there is more.
fn cell_statements<'a>(ways: &'a [Filter], cell: &'a Filter, page: usize) -> impl Iterator<Item = String> + 'a {
    ways.iter().map(move |way| {
        format!(
            "SELECT {CARD_FIELDS} FROM case_file {} ORDER BY board_key LIMIT {};",
            way.and(cell).where_clause(),
            page + 1
        )
    })
}

/// A page of one cell from its [`cell_statements`] (`ways` of them from statement `first` on),
/// merged, and whether the cell holds more.
fn take_cell(
    response: &mut surrealdb::IndexedResults,
    first: usize,
    ways: usize,
    page: usize,
) -> AppResult<(Vec<CardRow>, bool)> {
    let pages = (first..first + ways).map(|i| take_rows::<CardRow>(response, i)).collect::<AppResult<Vec<_>>>()?;
    Ok(merge_pages(pages, page))
}

/// The first `page` rows of a cell from pages read through several ways (each in board order),
/// in board order without repeats (a case the user curates on her own district comes twice),
/// and whether the cell holds more.
fn merge_pages(pages: Vec<Vec<CardRow>>, page: usize) -> (Vec<CardRow>, bool) {
    let mut rows: Vec<CardRow> = pages.into_iter().flatten().collect();
    rows.sort_by(|a, b| a.board_key().cmp(b.board_key()).then_with(|| a.id().cmp(b.id())));
    rows.dedup_by(|a, b| a.id() == b.id());
    let more = rows.len() > page;
    rows.truncate(page);
    (rows, more)
}

/// One card as the board with these filters shows it, or none when the case is not on it
/// (filtered out, closed long ago, or not visible to this user).
pub async fn card_on_board(
    db: &Db,
    user: &CurrentUser,
    query: &BoardQuery,
    id: &str,
    calendar: &ProductionCalendar,
    today: NaiveDate,
) -> AppResult<Option<Card>> {
    let Some(key) = RecordKey::parse(id) else {
        return Err(AppError::NotFound("Случай не найден".into()));
    };
    let c = conditions(user, query, today)?.and(&on_board(today));
    let record = Lit::key("case_file", &key);
    // The full-text operator needs its index: with a search, the record is found through it.
    let sql = if query.q.trim().is_empty() {
        format!("SELECT {CARD_FIELDS} FROM {} {}", record.as_sql(), c.where_clause())
    } else {
        let mut by_id = c.clone();
        by_id.equals("id", record);
        format!("SELECT {CARD_FIELDS} FROM case_file {}", by_id.where_clause())
    };
    let mut response = c.bind(db.query(sql)).await?.check()?;
    let Some(row) = take_one::<CardRow>(&mut response, 0)? else { return Ok(None) };
    let names = names_of(db, row.curator_id()).await?;
    Ok(Some(row.named(&names).into_card(calendar, today)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, board_key: &str) -> CardRow {
        let row = serde_json::json!({
            "id": id, "year": 2026, "number": 1, "title": "Семья", "district": null, "categories": [],
            "curator": null, "stage": "intake", "member_count": 1, "due_on": null, "due_clock": null,
            "board_key": board_key, "version": 1,
        });
        serde_json::from_value(row).expect("a card row")
    }

    fn keys(rows: &[CardRow]) -> Vec<&str> {
        rows.iter().map(CardRow::id).collect()
    }

    #[test]
    fn a_cell_read_through_several_ways_keeps_board_order_without_repeats() {
        // Her own cases (curated) and her district's, each a sorted page of three.
        let curated = vec![row("c2", "2026-12-02|c2"), row("c5", "2026-12-05|c5"), row("c9", "2026-12-09|c9")];
        let district = vec![row("c1", "2026-12-01|c1"), row("c2", "2026-12-02|c2"), row("c3", "2026-12-03|c3")];
        let (rows, more) = merge_pages(vec![curated.clone(), district.clone()], 2);
        assert_eq!(keys(&rows), ["c1", "c2"]);
        assert!(more);
        let (rows, more) = merge_pages(vec![curated, district], 5);
        assert_eq!(keys(&rows), ["c1", "c2", "c3", "c5", "c9"]);
        assert!(!more, "five distinct cases fill a page of five");
        let (rows, more) = merge_pages(vec![vec![], vec![]], 30);
        assert!(rows.is_empty() && !more);
    }
}
