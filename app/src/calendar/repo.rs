//! The calendar's yearly exceptions and official years in the database. Server-only.

use super::{CalendarException, DayKind, ProductionCalendar};
use crate::db::{date_text, take_rows, Db};
use crate::error::AppResult;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use surrealdb::types::{RecordId, SurrealValue};

fn record(date: NaiveDate) -> RecordId {
    RecordId::new("calendar_exception", format!("d{}", date.format("%Y%m%d")))
}

fn year_record(year: i32) -> RecordId {
    RecordId::new("calendar_year", format!("y{year}"))
}

/// Every exception, oldest first (a few per year).
pub async fn exceptions(db: &Db) -> AppResult<Vec<CalendarException>> {
    #[derive(Deserialize)]
    struct Row {
        date: NaiveDate,
        kind: String,
        note: String,
        #[serde(default)]
        moved_from: Option<NaiveDate>,
    }
    let mut response =
        db.query("SELECT date, kind, note, moved_from FROM calendar_exception ORDER BY date").await?.check()?;
    Ok(take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .filter_map(|r| {
            DayKind::from_code(&r.kind).map(|kind| CalendarException {
                date: r.date,
                kind,
                note: r.note,
                moved_from: r.moved_from,
            })
        })
        .collect())
}

/// A year checked against the decree: where its days come from, who entered them and when.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
pub struct OfficialYearRecord {
    pub year: i32,
    pub source: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by_name: String,
}

pub async fn official_years(db: &Db) -> AppResult<Vec<OfficialYearRecord>> {
    let mut response =
        db.query("SELECT year, source, updated_at, updated_by_name FROM calendar_year ORDER BY year").await?.check()?;
    take_rows(&mut response, 0)
}

/// The calendar every deadline is computed with: the statute, the exceptions, and which years
/// are official.
pub async fn load(db: &Db) -> AppResult<ProductionCalendar> {
    let exceptions = exceptions(db).await?;
    let years = official_years(db).await?;
    Ok(ProductionCalendar::from_exceptions(&exceptions).with_official_years(years.into_iter().map(|y| y.year)))
}

/// Sets what a date is (replacing an exception of the same date).
pub async fn save(db: &Db, by_name: &str, exception: &CalendarException) -> AppResult<()> {
    db.query(
        "UPSERT $id SET date = $date, kind = $kind, note = $note, moved_from = $moved_from, updated_at = time::now(), updated_by_name = $by",
    )
    .bind(("id", record(exception.date)))
    .bind(("date", date_text(exception.date)))
    .bind(("kind", exception.kind.code().to_string()))
    .bind(("note", exception.note.clone()))
    .bind(("moved_from", exception.moved_from.map(date_text)))
    .bind(("by", by_name.to_string()))
    .await?
    .check()?;
    Ok(())
}

/// Removes the exception of a date: the statutory rules decide it again.
pub async fn remove(db: &Db, date: NaiveDate) -> AppResult<()> {
    db.query("DELETE $id").bind(("id", record(date))).await?.check()?;
    Ok(())
}

#[derive(SurrealValue, Clone)]
struct ExceptionRow {
    id: RecordId,
    date: String,
    kind: String,
    note: String,
    moved_from: Option<String>,
    updated_by_name: String,
}

/// Replaces a year's exceptions with those of an official calendar, and records the year as
/// official: one transaction, so a failed import leaves the year as it was.
pub async fn replace_year(
    db: &Db,
    by_name: &str,
    year: i32,
    exceptions: &[CalendarException],
    source: &str,
) -> AppResult<()> {
    let rows: Vec<ExceptionRow> = exceptions
        .iter()
        .map(|e| ExceptionRow {
            id: record(e.date),
            date: date_text(e.date),
            kind: e.kind.code().to_string(),
            note: e.note.clone(),
            moved_from: e.moved_from.map(date_text),
            updated_by_name: by_name.to_string(),
        })
        .collect();
    db.query(
        "BEGIN TRANSACTION;
         DELETE calendar_exception WHERE date >= $first AND date <= $last;
         INSERT INTO calendar_exception $rows;
         UPSERT $year_id SET year = $year, source = $source, updated_at = time::now(), updated_by_name = $by;
         COMMIT TRANSACTION;",
    )
    .bind(("first", format!("{year:04}-01-01")))
    .bind(("last", format!("{year:04}-12-31")))
    .bind(("rows", rows))
    .bind(("year_id", year_record(year)))
    .bind(("year", i64::from(year)))
    .bind(("source", source.chars().take(300).collect::<String>()))
    .bind(("by", by_name.to_string()))
    .await?
    .check()?;
    Ok(())
}

/// Marks a year as checked against the decree, with the exceptions it has.
pub async fn mark_official(db: &Db, by_name: &str, year: i32, source: &str) -> AppResult<()> {
    db.query("UPSERT $year_id SET year = $year, source = $source, updated_at = time::now(), updated_by_name = $by")
        .bind(("year_id", year_record(year)))
        .bind(("year", i64::from(year)))
        .bind(("source", source.chars().take(300).collect::<String>()))
        .bind(("by", by_name.to_string()))
        .await?
        .check()?;
    Ok(())
}

/// Removes a year's exceptions and its official mark: the statute alone decides it again.
pub async fn clear_year(db: &Db, year: i32) -> AppResult<()> {
    db.query(
        "BEGIN TRANSACTION;
         DELETE calendar_exception WHERE date >= $first AND date <= $last;
         DELETE $year_id;
         COMMIT TRANSACTION;",
    )
    .bind(("first", format!("{year:04}-01-01")))
    .bind(("last", format!("{year:04}-12-31")))
    .bind(("year_id", year_record(year)))
    .await?
    .check()?;
    Ok(())
}

/// Puts the official calendars shipped with Опора into a database that has no official data
/// for their years (replacing what an earlier version entered for them). Returns the years put in.
pub async fn ensure_shipped(db: &Db, shipped: &[(i32, &str)]) -> AppResult<Vec<i32>> {
    let have: Vec<i32> = official_years(db).await?.into_iter().map(|y| y.year).collect();
    let mut loaded = Vec::new();
    for (year, text) in shipped {
        if have.contains(year) {
            continue;
        }
        let official = super::official::read_year(text, *year)
            .map_err(|e| crate::error::AppError::internal(format!("shipped calendar {year}: {e}")))?;
        let source =
            format!("Постановление Правительства РФ о переносе выходных дней в {year} году (поставляется с Опорой)");
        let exceptions = super::official::exceptions_for(&official, "");
        replace_year(db, "Опора", *year, &exceptions, &source).await?;
        loaded.push(*year);
    }
    Ok(loaded)
}
