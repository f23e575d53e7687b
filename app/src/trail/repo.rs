//! Reading the audit trail (server only). Lines are only ever created, never changed.

use super::{AuditEntry, AuditQuery};
use crate::db::{sql_literal, take_rows, Db};
use crate::error::{AppError, AppResult};
use crate::keys::is_record_key;
use crate::time::{parse_date, start_of_local_day};
use chrono::{DateTime, Duration, Utc};

const ROW: &str = "record::id(id) AS id, at, (IF user THEN record::id(user) ELSE NONE END) AS user_id, user_name, ip, action, record, summary, changes, rev_at";

/// The audit key of a moment: ascending order of it is newest first (see migration 0004).
fn rev_at(at: DateTime<Utc>) -> String {
    crate::keys::rev_key(&at.format("%Y%m%dT%H%M%S%.9f").to_string())
}

/// Lines matching the filters, newest first, at most `limit` of them. Checked filters are
/// written as literals so that SurrealDB plans them on the indexes.
pub async fn list(db: &Db, query: &AuditQuery, limit: usize) -> AppResult<Vec<AuditEntry>> {
    let mut conditions: Vec<String> = Vec::new();
    let user = query.user.trim();
    if !user.is_empty() {
        if !is_record_key(user) {
            return Err(AppError::field("user", "Неизвестный пользователь"));
        }
        conditions.push(format!("user = user:{user}"));
    }
    let record = query.record.trim();
    if !record.is_empty() {
        conditions.push("record != NONE AND string::contains(record, $record)".into());
    }
    let action = query.action.trim();
    if !action.is_empty() {
        let Some(action) = super::AuditAction::from_code(action) else {
            return Err(AppError::field("action", "Неизвестное действие"));
        };
        conditions.push(format!("action = {}", sql_literal(action.code())));
    }
    if !query.from.is_empty() {
        let day = parse_date(&query.from).ok_or_else(|| AppError::field("from", "Дата в формате ГГГГ-ММ-ДД"))?;
        conditions.push(format!("rev_at <= {}", sql_literal(&rev_at(start_of_local_day(day)))));
    }
    if !query.to.is_empty() {
        let day = parse_date(&query.to).ok_or_else(|| AppError::field("to", "Дата в формате ГГГГ-ММ-ДД"))?;
        conditions.push(format!("rev_at > {}", sql_literal(&rev_at(start_of_local_day(day) + Duration::days(1)))));
    }
    if !query.before.is_empty() {
        let before = DateTime::parse_from_rfc3339(&query.before)
            .map_err(|_| AppError::field("before", "Неверная ссылка на страницу"))?
            .with_timezone(&Utc);
        conditions.push(format!("rev_at > {}", sql_literal(&rev_at(before))));
    }
    let filter = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
    let mut response = db
        .query(format!("SELECT {ROW} FROM audit {filter} ORDER BY rev_at ASC LIMIT {limit}"))
        .bind(("record", record.to_string()))
        .await?;
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
