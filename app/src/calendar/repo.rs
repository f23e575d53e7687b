//! The calendar's yearly exceptions in the database. Server-only.

use super::{CalendarException, DayKind};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::{take_rows, Db};
use chrono::NaiveDate;
use serde::Deserialize;
use surrealdb::types::RecordId;

fn record(date: NaiveDate) -> RecordId {
    RecordId::new("calendar_exception", format!("d{}", date.format("%Y%m%d")))
}

/// Every exception, oldest first (a few per year).
pub async fn exceptions(db: &Db) -> AppResult<Vec<CalendarException>> {
    #[derive(Deserialize)]
    struct Row {
        date: NaiveDate,
        kind: String,
        note: String,
    }
    let mut response = db.query("SELECT date, kind, note FROM calendar_exception ORDER BY date").await?.check()?;
    Ok(take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .filter_map(|r| DayKind::from_code(&r.kind).map(|kind| CalendarException { date: r.date, kind, note: r.note }))
        .collect())
}

/// Sets what a date is (replacing an exception of the same date).
pub async fn save(db: &Db, user: &CurrentUser, exception: &CalendarException) -> AppResult<()> {
    db.query(
        "UPSERT $id SET date = $date, kind = $kind, note = $note, updated_at = time::now(), updated_by_name = $by",
    )
    .bind(("id", record(exception.date)))
    .bind(("date", exception.date.format("%Y-%m-%d").to_string()))
    .bind(("kind", exception.kind.code().to_string()))
    .bind(("note", exception.note.clone()))
    .bind(("by", user.full_name.clone()))
    .await?
    .check()?;
    Ok(())
}

/// Removes the exception of a date: the statutory rules decide it again.
pub async fn remove(db: &Db, date: NaiveDate) -> AppResult<()> {
    db.query("DELETE $id").bind(("id", record(date))).await?.check()?;
    Ok(())
}
