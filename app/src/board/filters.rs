//! The board's filters as conditions on cases: the user's visibility, the district, curator,
//! category, overdue and search filters, a cell's stage and lane. Server-only.

use super::types::*;
use crate::auth::CurrentUser;
use crate::cases::types::{Category, Stage};
use crate::cases::visibility::{visible_alternatives, visible_filter};
use crate::db::filter::{Filter, Lit, Op};
use crate::error::{AppResult, FieldErrors};
use crate::keys::RecordKey;
use crate::phone::phone_query_digits;
use crate::validation::fold_yo;
use chrono::{Duration, NaiveDate};

/// Checks the filters and turns them into conditions: the user's visibility, then each filter;
/// a bad value is a field error.
pub fn conditions(user: &CurrentUser, query: &BoardQuery, today: NaiveDate) -> AppResult<Filter> {
    Ok(visible_filter(user).and(&filters(query, today)?))
}

/// The conditions once for each way the user sees cases ([`visible_alternatives`]): the pages of
/// a cell are read through each, in board order, and merged.
pub fn conditions_by_visibility(user: &CurrentUser, query: &BoardQuery, today: NaiveDate) -> AppResult<Vec<Filter>> {
    let filters = filters(query, today)?;
    Ok(match visible_alternatives(user) {
        None => vec![filters],
        Some(ways) => ways.iter().map(|way| way.and(&filters)).collect(),
    })
}

/// The board's own filters (district, curator, category, overdue, search), checked.
fn filters(query: &BoardQuery, today: NaiveDate) -> AppResult<Filter> {
    let mut errors = FieldErrors::new();
    let mut f = Filter::new();
    place_filters(&mut f, query, &mut errors);
    if !query.category.is_empty() {
        match Category::from_code(&query.category) {
            Some(c) => {
                f.contains("categories", Lit::code(c.code()));
            }
            None => errors.add("category", "Неизвестная категория"),
        }
    }
    if query.overdue == "1" {
        // NONE sorts before every string: a case without a deadline is not overdue.
        f.some("due_on").compare("due_on", Op::Lt, Lit::date(today));
    }
    let q = query.q.trim();
    if q.chars().count() > 200 {
        errors.add("q", "Слишком длинный запрос");
    } else if !q.is_empty() {
        f.matches("search_text", "q", phone_query_digits(q).unwrap_or_else(|| fold_yo(q)));
    }
    errors.into_result()?;
    Ok(f)
}

/// The user's visibility and the district and curator filters: conditions on the fields a case
/// and a board tally (`counts`) share.
pub(super) fn scope(user: &CurrentUser, query: &BoardQuery, errors: &mut FieldErrors) -> Filter {
    let mut f = visible_filter(user);
    place_filters(&mut f, query, errors);
    f
}

/// The district and curator filters.
fn place_filters(f: &mut Filter, query: &BoardQuery, errors: &mut FieldErrors) {
    key_filter(f, errors, ("district", "district"), &query.district, "Неизвестный участок");
    key_filter(f, errors, ("curator", "user"), &query.curator, "Неизвестный куратор");
}

/// `field` holds the record of `table` with key `value` («none»: no record; empty: any).
fn key_filter(
    f: &mut Filter,
    errors: &mut FieldErrors,
    (field, table): (&'static str, &'static str),
    value: &str,
    unknown: &str,
) {
    match value {
        "" => {}
        NO_LANE => {
            f.none(field);
        }
        key => match RecordKey::parse(key) {
            Some(key) => {
                f.equals(field, Lit::key(table, &key));
            }
            None => errors.add(field, unknown),
        },
    }
}

/// The condition of a cell's stage: closed cases only for the last days.
pub fn stage_filter(stage: Stage, today: NaiveDate) -> Filter {
    let mut f = Filter::new();
    f.equals("stage", Lit::code(stage.code()));
    if stage == Stage::Closed {
        let cutoff = crate::time::start_of_local_day(today - Duration::days(CLOSED_DAYS));
        f.compare("stage_since", Op::Ge, Lit::moment(cutoff));
    }
    f
}

/// Open cases and those closed in the last days: what a board counts and shows.
pub fn on_board(today: NaiveDate) -> Filter {
    let mut open = Filter::new();
    open.compare("stage", Op::Ne, Lit::code(Stage::Closed.code()));
    let mut f = Filter::new();
    f.any_of(vec![open, stage_filter(Stage::Closed, today)]);
    f
}

/// The condition of a lane.
pub fn lane_filter(lanes: Lanes, key: &str) -> Filter {
    let mut f = Filter::new();
    let (field, table) = match lanes {
        Lanes::None => return f,
        Lanes::Curator => ("curator", "user"),
        Lanes::District => ("district", "district"),
    };
    match RecordKey::parse(key).filter(|_| key != NO_LANE) {
        Some(key) => f.equals(field, Lit::key(table, &key)),
        None => f.none(field),
    };
    f
}
