//! Reading the audit trail (server only). Lines are only ever created, never changed.

use super::{AuditEntry, AuditQuery};
use crate::error::{AppError, AppResult};
use crate::state::{take_rows, Db};
use crate::time::{parse_date, start_of_local_day};
use chrono::{DateTime, Duration, Utc};
use surrealdb::types::RecordId;

const ROW: &str = "record::id(id) AS id, at, (IF user THEN record::id(user) ELSE NONE END) AS user_id, user_name, ip, action, record, summary, changes";

/// Lines matching the filters, newest first, at most `limit` of them.
pub async fn list(db: &Db, query: &AuditQuery, limit: usize) -> AppResult<Vec<AuditEntry>> {
    let mut conditions = Vec::new();
    let mut binds: Vec<(String, serde_json::Value)> = Vec::new();
    if !query.user.trim().is_empty() {
        conditions.push("user = $user");
    }
    if !query.record.trim().is_empty() {
        conditions.push("record != NONE AND string::contains(record, $record)");
        binds.push(("record".into(), serde_json::json!(query.record.trim())));
    }
    if !query.action.trim().is_empty() {
        conditions.push("action = $action");
        binds.push(("action".into(), serde_json::json!(query.action.trim())));
    }
    let mut from: Option<DateTime<Utc>> = None;
    let mut to: Option<DateTime<Utc>> = None;
    if !query.from.is_empty() {
        let day = parse_date(&query.from).ok_or_else(|| AppError::field("from", "Дата в формате ГГГГ-ММ-ДД"))?;
        from = Some(start_of_local_day(day));
        conditions.push("at >= $from");
    }
    if !query.to.is_empty() {
        let day = parse_date(&query.to).ok_or_else(|| AppError::field("to", "Дата в формате ГГГГ-ММ-ДД"))?;
        to = Some(start_of_local_day(day) + Duration::days(1));
        conditions.push("at < $to");
    }
    let mut before: Option<DateTime<Utc>> = None;
    if !query.before.is_empty() {
        before = Some(
            DateTime::parse_from_rfc3339(&query.before)
                .map_err(|_| AppError::field("before", "Неверная ссылка на страницу"))?
                .with_timezone(&Utc),
        );
        conditions.push("at < $before");
    }
    let filter = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
    let mut request = db
        .query(format!("SELECT {ROW} FROM audit {filter} ORDER BY at DESC LIMIT {limit}"))
        .bind(("user", RecordId::new("user", query.user.trim().to_string())));
    for (name, value) in binds {
        request = request.bind((name, value));
    }
    if let Some(from) = from {
        request = request.bind(("from", from));
    }
    if let Some(to) = to {
        request = request.bind(("to", to));
    }
    if let Some(before) = before {
        request = request.bind(("before", before));
    }
    let mut response = request.await?;
    take_rows(&mut response, 0)
}

/// Everyone who may appear in the trail, for the filter: (key, full name).
pub async fn people(db: &Db) -> AppResult<Vec<(String, String)>> {
    #[derive(serde::Deserialize)]
    struct Person {
        id: String,
        full_name: String,
    }
    let mut response =
        db.query("SELECT record::id(id) AS id, full_name FROM user ORDER BY full_name COLLATE ASC").await?;
    Ok(take_rows::<Person>(&mut response, 0)?.into_iter().map(|p| (p.id, p.full_name)).collect())
}
