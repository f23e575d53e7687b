//! Database side of the ИППСУ. Server-only. One `case_ippsu` per case; every saved version whole
//! in `case_ippsu_version`.

use super::types::*;
use crate::auth::CurrentUser;
use crate::db::{take_one, take_rows, Db};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use surrealdb::types::RecordId;

fn case_id(case: &str) -> RecordId {
    RecordId::new("case_file", case.to_string())
}

#[derive(Deserialize)]
struct Row {
    content: String,
    status: IppsuStatus,
    decision_on: Option<NaiveDate>,
    decision_number: Option<String>,
    approved_by_name: Option<String>,
    version: i64,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
}

/// The programme of a case, if begun.
pub async fn get(db: &Db, case: &str) -> AppResult<Option<Ippsu>> {
    let mut response = db
        .query(
            "SELECT content, status, decision_on, decision_number, approved_by_name, version, updated_at, updated_by_name
             FROM case_ippsu WHERE case = $case LIMIT 1",
        )
        .bind(("case", case_id(case)))
        .await?;
    let Some(r) = take_one::<Row>(&mut response, 0)? else { return Ok(None) };
    // A stored programme that does not read is an error, never an empty one a save would overwrite.
    let content = serde_json::from_str(&r.content).map_err(|e| AppError::internal(format!("ИППСУ of {case}: {e}")))?;
    let approval = match (r.decision_on, r.decision_number) {
        (Some(on), Some(number)) => Some(Approval { on, number, by_name: r.approved_by_name.unwrap_or_default() }),
        _ => None,
    };
    Ok(Some(Ippsu {
        content,
        status: r.status,
        approval,
        version: r.version,
        updated_at: r.updated_at,
        updated_by_name: r.updated_by_name,
    }))
}

/// The saved versions of a case's programme, newest first.
pub async fn history(db: &Db, case: &str) -> AppResult<Vec<IppsuVersion>> {
    let mut response = db
        .query(
            "SELECT version, status, at, by_name, note FROM case_ippsu_version WHERE case = $case ORDER BY version DESC",
        )
        .bind(("case", case_id(case)))
        .await?;
    take_rows(&mut response, 0)
}

fn conflict(current: &Ippsu) -> AppError {
    AppError::Conflict(format!(
        "ИППСУ изменил(а) {} в {}, пока вы её редактировали. Ваши правки остались на экране.",
        current.updated_by_name,
        crate::time::format_datetime(current.updated_at)
    ))
}

/// A new version of the programme: what it holds, where it stands, and what happened.
pub struct Change<'a> {
    pub content: &'a IppsuContent,
    pub status: IppsuStatus,
    pub approval: Option<&'a Approval>,
    pub note: String,
}

/// Saves a new version if nobody saved one since `version` (0: new); the programme as stored.
/// The content must be validated already.
pub async fn save(
    db: &Db,
    user: &CurrentUser,
    case: &str,
    version: i64,
    change: Change<'_>,
    now: DateTime<Utc>,
) -> AppResult<Ippsu> {
    let text = serde_json::to_string(change.content).map_err(|e| AppError::internal(e.to_string()))?;
    if text.len() > 200_000 {
        return Err(AppError::field("form", "Программа слишком большая: сократите тексты"));
    }
    let sql = if version == 0 {
        "CREATE case_ippsu CONTENT { case: $case, content: $content, status: $status, decision_on: $on,
             decision_number: $number, approved_by_name: $approved_by, updated_at: $now, updated_by_name: $by,
             version: 1 } RETURN VALUE version"
    } else {
        "UPDATE case_ippsu SET content = $content, status = $status, decision_on = $on, decision_number = $number,
             approved_by_name = $approved_by, updated_at = $now, updated_by_name = $by, version = version + 1
         WHERE case = $case AND version = $version RETURN VALUE version"
    };
    let result = db
        .query(sql)
        .bind(("case", case_id(case)))
        .bind(("content", text.clone()))
        .bind(("status", change.status.code().to_string()))
        .bind(("on", change.approval.map(|a| a.on.format("%Y-%m-%d").to_string())))
        .bind(("number", change.approval.map(|a| a.number.clone())))
        .bind(("approved_by", change.approval.map(|a| a.by_name.clone())))
        .bind(("version", version))
        .bind(("now", now))
        .bind(("by", user.full_name.clone()))
        .await;
    let saved: Vec<i64> = match result {
        Ok(mut response) => take_rows(&mut response, 0).unwrap_or_default(),
        // A second new programme of the same case hits the unique index: someone began it first.
        Err(_) if version == 0 => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let Some(new_version) = saved.first().copied() else {
        return match get(db, case).await? {
            Some(current) => Err(conflict(&current)),
            None => Err(AppError::NotFound("ИППСУ не найдена".into())),
        };
    };
    db.query(
        "CREATE case_ippsu_version CONTENT { case: $case, version: $version, content: $content, status: $status,
             at: $now, by_name: $by, note: $note }",
    )
    .bind(("case", case_id(case)))
    .bind(("version", new_version))
    .bind(("content", text))
    .bind(("status", change.status.code().to_string()))
    .bind(("now", now))
    .bind(("by", user.full_name.clone()))
    .bind(("note", change.note))
    .await?
    .check()?;
    get(db, case).await?.ok_or_else(|| AppError::internal("ИППСУ vanished"))
}

/// Partners who may provide a service or a measure: the active ones, those serving the family's
/// district or the whole town first.
pub async fn providers(db: &Db, district: Option<&str>) -> AppResult<Vec<ProviderOption>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        name: String,
        near: bool,
    }
    let near = if district.is_some() {
        "(array::len(districts) = 0 OR $district IN districts)"
    } else {
        "array::len(districts) = 0"
    };
    let mut response = db
        .query(format!(
            "SELECT record::id(id) AS id, name, {near} AS near FROM partner WHERE archived = false
             ORDER BY near DESC, name LIMIT 400"
        ))
        .bind(("district", RecordId::new("district", district.unwrap_or_default().to_string())))
        .await?;
    Ok(take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .map(|r| ProviderOption { id: r.id, name: r.name, near: r.near })
        .collect())
}

/// Notes on the case that its ИППСУ is carried out: the case may be closed after evaluation.
/// The card stays in its cell; `was` says so to the open boards (as the plan's progress does).
pub async fn mark_concluded(db: &Db, case: &str) -> AppResult<()> {
    db.query(
        "UPDATE $case SET was = { version: version - 1, stage: stage, district: district, curator: curator, \
         categories: categories, due_on: due_on, stage_since: stage_since }, ippsu_concluded = true",
    )
    .bind(("case", case_id(case)))
    .await?
    .check()?;
    Ok(())
}
