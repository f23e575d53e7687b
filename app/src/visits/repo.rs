//! Database side of visits. Server-only.

use super::types::*;
use crate::auth::CurrentUser;
use crate::db::{take_one, take_rows, Db};
use crate::error::{AppError, AppResult};
use crate::time::start_of_local_day;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use surrealdb::types::RecordId;

const VISIT_FIELDS: &str =
    "record::id(id) AS id, record::id(case) AS case_id, case.year AS year, case.number AS number, \
    case.title AS title, case.address AS address, case.phone AS phone, case.district.name AS district_name, \
    caseworker_name, planned_at, purpose, status, version";

#[derive(Deserialize)]
struct VisitRow {
    id: String,
    case_id: String,
    year: i64,
    number: i64,
    title: String,
    address: String,
    phone: Option<String>,
    district_name: Option<String>,
    caseworker_name: String,
    planned_at: DateTime<Utc>,
    purpose: String,
    status: VisitStatus,
    version: i64,
}

impl VisitRow {
    fn into_visit(self) -> Visit {
        Visit {
            id: self.id,
            case_id: self.case_id,
            case_number: crate::cases::repo::case_number(self.year, self.number),
            case_title: self.title,
            address: self.address,
            phone: self.phone,
            district_name: self.district_name,
            caseworker_name: self.caseworker_name,
            planned_at: self.planned_at,
            purpose: self.purpose,
            status: self.status,
            version: self.version,
        }
    }
}

/// Plans a visit to a case; its key.
pub async fn plan(
    db: &Db,
    user: &CurrentUser,
    case_id: &str,
    caseworker: (&str, &str),
    visit: &ValidVisit,
    now: DateTime<Utc>,
) -> AppResult<String> {
    #[derive(Deserialize)]
    struct Created {
        id: String,
    }
    let mut response = db
        .query(
            "CREATE ONLY visit CONTENT {
                 case: $case, caseworker: $caseworker, caseworker_name: $caseworker_name, planned_at: $at,
                 purpose: $purpose, status: 'planned', created_at: $now, created_by_name: $user_name,
                 updated_at: $now, updated_by_name: $user_name, version: 1
             } RETURN record::id(id) AS id",
        )
        .bind(("case", RecordId::new("case_file", case_id.to_string())))
        .bind(("caseworker", RecordId::new("user", caseworker.0.to_string())))
        .bind(("caseworker_name", caseworker.1.to_string()))
        .bind(("at", visit.planned_at))
        .bind(("purpose", visit.purpose.clone()))
        .bind(("now", now))
        .bind(("user_name", user.full_name.clone()))
        .await?;
    take_one::<Created>(&mut response, 0)?.map(|c| c.id).ok_or_else(|| AppError::internal("visit was not created"))
}

/// A caseworker's visits of one local day, in order of time.
pub async fn day(db: &Db, caseworker: &str, day: NaiveDate) -> AppResult<Vec<Visit>> {
    let from = start_of_local_day(day);
    let to = start_of_local_day(day + chrono::Duration::days(1));
    let mut response = db
        .query(format!(
            "SELECT {VISIT_FIELDS} FROM visit WHERE caseworker = $caseworker AND planned_at >= $from AND planned_at < $to
             ORDER BY planned_at"
        ))
        .bind(("caseworker", RecordId::new("user", caseworker.to_string())))
        .bind(("from", from))
        .bind(("to", to))
        .await?;
    Ok(take_rows::<VisitRow>(&mut response, 0)?.into_iter().map(VisitRow::into_visit).collect())
}

/// The visits of a case, newest plan last.
pub async fn for_case(db: &Db, case_id: &str) -> AppResult<Vec<Visit>> {
    let mut response = db
        .query(format!("SELECT {VISIT_FIELDS} FROM visit WHERE case = $case ORDER BY planned_at"))
        .bind(("case", RecordId::new("case_file", case_id.to_string())))
        .await?;
    Ok(take_rows::<VisitRow>(&mut response, 0)?.into_iter().map(VisitRow::into_visit).collect())
}

/// One visit: its case and its caseworker's key.
pub async fn get(db: &Db, id: &str) -> AppResult<Option<(Visit, String)>> {
    #[derive(Deserialize)]
    struct Row {
        #[serde(flatten)]
        visit: VisitRow,
        caseworker_id: String,
    }
    let mut response = db
        .query(format!("SELECT {VISIT_FIELDS}, record::id(caseworker) AS caseworker_id FROM $id"))
        .bind(("id", RecordId::new("visit", id.to_string())))
        .await?;
    Ok(take_one::<Row>(&mut response, 0)?.map(|r| (r.visit.into_visit(), r.caseworker_id)))
}

/// Marks a visit done or cancelled (or planned again) if nobody changed it since `version`.
pub async fn set_status(
    db: &Db,
    user: &CurrentUser,
    id: &str,
    version: i64,
    status: VisitStatus,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let mut response = db
        .query(
            "UPDATE $id SET status = $status, version = version + 1, updated_at = $now, updated_by_name = $user_name
             WHERE version = $version RETURN VALUE version",
        )
        .bind(("id", RecordId::new("visit", id.to_string())))
        .bind(("status", status.code().to_string()))
        .bind(("version", version))
        .bind(("now", now))
        .bind(("user_name", user.full_name.clone()))
        .await?;
    let updated: Vec<i64> = take_rows(&mut response, 0)?;
    updated
        .first()
        .copied()
        .ok_or_else(|| AppError::Conflict("Выезд уже изменили на другом устройстве. Обновите страницу.".into()))
}
