//! Reading cases: one case, as its user may see it, its card, its history, the staff.

use super::*;
use crate::auth::{CurrentUser, Role};
use crate::calendar::ProductionCalendar;
use crate::cases::card::Card;
use crate::cases::types::*;
use crate::db::{take_one, take_rows, Db};
use crate::error::{AppError, AppResult};
use crate::keys::is_record_key;
use chrono::NaiveDate;
use serde::Deserialize;
use surrealdb::types::RecordId;

/// The production calendar's yearly exceptions from the database.
pub async fn calendar(db: &Db) -> AppResult<ProductionCalendar> {
    crate::calendar::repo::load(db).await
}

/// One case as stored, or none.
pub async fn row(db: &Db, id: &str) -> AppResult<Option<CaseRow>> {
    if !is_record_key(id) {
        return Ok(None);
    }
    let mut response = db
        .query(format!("SELECT {CASE_FIELDS} FROM $id"))
        .bind(("id", RecordId::new("case_file", id.to_string())))
        .await?;
    take_one::<CaseRow>(&mut response, 0)
}

/// A case the user may see, or «not found» (the same answer whether it exists or not, so that
/// nobody learns of cases outside their districts).
pub async fn visible_row(db: &Db, user: &CurrentUser, id: &str) -> AppResult<CaseRow> {
    match row(db, id).await? {
        Some(row) if row.visible_to(user) => Ok(row),
        _ => Err(AppError::NotFound("Случай не найден или недоступен вам".into())),
    }
}

/// The board card of a case.
pub async fn card(db: &Db, id: &str, calendar: &ProductionCalendar, today: NaiveDate) -> AppResult<Option<Card>> {
    let mut response = db
        .query(format!("SELECT {CARD_FIELDS} FROM $id"))
        .bind(("id", RecordId::new("case_file", id.to_string())))
        .await?;
    let Some(row) = take_one::<CardRow>(&mut response, 0)? else { return Ok(None) };
    let names = crate::db::names::names_of(db, row.curator_id()).await?;
    Ok(Some(row.named(&names).into_card(calendar, today)))
}

/// The history of a case, oldest first.
pub async fn history(db: &Db, id: &str) -> AppResult<Vec<CaseEvent>> {
    let mut response = db
        .query("SELECT at, by_name, kind, from_stage, to_stage, comment, detail FROM case_event WHERE case = $case ORDER BY at ASC")
        .bind(("case", RecordId::new("case_file", id.to_string())))
        .await?
        .check()?;
    take_rows::<CaseEvent>(&mut response, 0)
}

/// Active caseworkers and supervisors: who may curate a case.
pub async fn staff(db: &Db) -> AppResult<Vec<StaffOption>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        full_name: String,
        roles: Vec<String>,
        districts: Vec<String>,
    }
    let mut response = db
        .query("SELECT record::id(id) AS id, full_name, roles, array::map(districts, |$d| record::id($d)) AS districts FROM user WHERE active = true ORDER BY full_name")
        .await?
        .check()?;
    Ok(take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .filter(|r| r.roles.iter().any(|role| role == Role::Caseworker.code() || role == Role::Supervisor.code()))
        .map(|r| StaffOption {
            caseworker: r.roles.iter().any(|role| role == Role::Caseworker.code()),
            id: r.id,
            full_name: r.full_name,
            districts: r.districts,
        })
        .collect())
}

/// The key of the case with this number, whoever may see it (callers check visibility).
pub async fn key_by_number(db: &Db, (year, number): (i64, i64)) -> AppResult<Option<String>> {
    let mut response = db
        .query("SELECT VALUE record::id(id) FROM case_file WHERE year = $year AND number = $number LIMIT 1")
        .bind(("year", year))
        .bind(("number", number))
        .await?;
    let keys: Vec<String> = response.take(0)?;
    Ok(keys.into_iter().next())
}
