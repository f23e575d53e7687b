//! Database side of the contracts. Server-only. One `case_contract` per case, numbered per
//! year without gaps (`db::numbering`).

use super::types::*;
use crate::auth::CurrentUser;
use crate::db::numbering::YearSeries;
use crate::db::{created_key, take_one, take_rows, Db};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use std::future::IntoFuture;
use surrealdb::types::RecordId;

/// Contract numbers, one series per year of the contract's date.
const SERIES: YearSeries = YearSeries::new("contract_counter");

fn case_id(case: &str) -> RecordId {
    RecordId::new("case_file", case.to_string())
}

#[derive(Deserialize)]
struct Row {
    year: i64,
    number: i64,
    content: String,
    status: ContractStatus,
    signed_on: Option<NaiveDate>,
    terminated_on: Option<NaiveDate>,
    termination_reason: Option<String>,
    version: i64,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
}

/// The contract of a case, if drawn up.
pub async fn get(db: &Db, case: &str) -> AppResult<Option<Contract>> {
    let mut response = db
        .query(
            "SELECT year, number, content, status, signed_on, terminated_on, termination_reason, version, updated_at,
                 updated_by_name FROM case_contract WHERE case = $case LIMIT 1",
        )
        .bind(("case", case_id(case)))
        .await?;
    let Some(r) = take_one::<Row>(&mut response, 0)? else { return Ok(None) };
    let content =
        serde_json::from_str(&r.content).map_err(|e| AppError::internal(format!("contract of {case}: {e}")))?;
    Ok(Some(Contract {
        year: r.year,
        number: r.number,
        content,
        status: r.status,
        signed_on: r.signed_on,
        terminated_on: r.terminated_on,
        termination_reason: r.termination_reason,
        version: r.version,
        updated_at: r.updated_at,
        updated_by_name: r.updated_by_name,
    }))
}

fn conflict(current: &Contract) -> AppError {
    AppError::Conflict(format!(
        "Договор изменил(а) {} в {}, пока вы его редактировали. Ваши правки остались на экране.",
        current.updated_by_name,
        crate::time::format_datetime(current.updated_at)
    ))
}

/// Draws up the contract of a case with the next number of its year; refused when the case has
/// one already. The content must be validated.
pub async fn create(db: &Db, user: &CurrentUser, case: &str, content: &ContractContent) -> AppResult<Contract> {
    let text = serde_json::to_string(content).map_err(|e| AppError::internal(e.to_string()))?;
    let year = crate::time::parse_date(&content.concluded_on)
        .map(|d| i64::from(chrono::Datelike::year(&d)))
        .unwrap_or_else(|| i64::from(crate::time::local_year(Utc::now())));
    let created = created_key(|| {
        db.query(concat!(
            crate::begin_numbered!(),
            "
             LET $created = CREATE ONLY case_contract CONTENT { case: $case, year: $year, number: $number,
                 content: $content, status: 'draft', updated_at: time::now(), updated_by_name: $by, version: 1 };
             COMMIT TRANSACTION;
             RETURN record::id($created.id);",
        ))
        .bind(("counter", SERIES.counter(year)))
        .bind(("year", year))
        .bind(("case", case_id(case)))
        .bind(("content", text.clone()))
        .bind(("by", user.full_name.clone()))
        .into_future()
    })
    .await;
    match created {
        Ok(Some(_)) => get(db, case).await?.ok_or_else(|| AppError::internal("contract vanished")),
        // The unique index of the case: someone drew it up first.
        _ => match get(db, case).await? {
            Some(current) => Err(conflict(&current)),
            None => Err(AppError::internal("contract not created")),
        },
    }
}

/// What changes in a saved contract.
pub struct Change<'a> {
    pub content: &'a ContractContent,
    pub status: ContractStatus,
    pub signed_on: Option<NaiveDate>,
    pub terminated_on: Option<NaiveDate>,
    pub termination_reason: Option<String>,
}

/// Saves the contract if nobody changed it since `version`; the contract as stored.
pub async fn update(db: &Db, user: &CurrentUser, case: &str, version: i64, change: Change<'_>) -> AppResult<Contract> {
    let text = serde_json::to_string(change.content).map_err(|e| AppError::internal(e.to_string()))?;
    let mut response = db
        .query(
            "UPDATE case_contract SET content = $content, status = $status, signed_on = $signed, terminated_on = $ended,
                 termination_reason = $reason, updated_at = time::now(), updated_by_name = $by, version = version + 1
             WHERE case = $case AND version = $version RETURN VALUE version",
        )
        .bind(("case", case_id(case)))
        .bind(("content", text))
        .bind(("status", change.status.code().to_string()))
        .bind(("signed", change.signed_on.map(|d| d.format("%Y-%m-%d").to_string())))
        .bind(("ended", change.terminated_on.map(|d| d.format("%Y-%m-%d").to_string())))
        .bind(("reason", change.termination_reason))
        .bind(("by", user.full_name.clone()))
        .bind(("version", version))
        .await?;
    let saved: Vec<i64> = take_rows(&mut response, 0)?;
    let current = get(db, case).await?.ok_or_else(|| AppError::NotFound("Договор не найден".into()))?;
    if saved.is_empty() {
        return Err(conflict(&current));
    }
    Ok(current)
}
