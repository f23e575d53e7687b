//! Reading the audit trail (server only). Lines are only ever created, never changed.

use super::{AuditEntry, AuditQuery};
use crate::db::filter::{Filter, Lit, Op};
use crate::db::{take_rows, Db};
use crate::error::{AppError, AppResult};
use crate::keys::{DerivedKey, RecordKey};
use crate::time::{parse_date, start_of_local_day};
use chrono::{DateTime, Duration, Utc};

const ROW: &str = "record::id(id) AS id, at, (IF user THEN record::id(user) ELSE NONE END) AS user_id, user_name, ip, action, record, summary, changes, rev_at";

/// The audit key of a moment: ascending order of it is newest first (see migration 0004).
fn rev_at(at: DateTime<Utc>) -> Lit {
    Lit::derived(&DerivedKey::newest_first(&at.format("%Y%m%dT%H%M%S%.9f").to_string(), ""))
}

/// Lines matching the filters, newest first, at most `limit` of them. Checked filters are
/// written as literals so that SurrealDB plans them on the indexes.
pub async fn list(db: &Db, query: &AuditQuery, limit: usize) -> AppResult<Vec<AuditEntry>> {
    let mut f = Filter::new();
    let user = query.user.trim();
    if !user.is_empty() {
        let Some(user) = RecordKey::parse(user) else {
            return Err(AppError::field("user", "Неизвестный пользователь"));
        };
        f.equals("user", Lit::key("user", &user));
    }
    let record = query.record.trim();
    if !record.is_empty() {
        f.bound("record != NONE AND string::contains(record, $record)", "record", serde_json::json!(record));
    }
    let action = query.action.trim();
    if !action.is_empty() {
        let Some(action) = crate::audit::AuditAction::from_code(action) else {
            return Err(AppError::field("action", "Неизвестное действие"));
        };
        f.equals("action", Lit::code(action.code()));
    }
    if !query.from.is_empty() {
        let day = parse_date(&query.from).ok_or_else(|| AppError::field("from", "Дата в формате ГГГГ-ММ-ДД"))?;
        f.compare("rev_at", Op::Le, rev_at(start_of_local_day(day)));
    }
    if !query.to.is_empty() {
        let day = parse_date(&query.to).ok_or_else(|| AppError::field("to", "Дата в формате ГГГГ-ММ-ДД"))?;
        f.compare("rev_at", Op::Gt, rev_at(start_of_local_day(day) + Duration::days(1)));
    }
    if !query.before.is_empty() {
        let before = DateTime::parse_from_rfc3339(&query.before)
            .map_err(|_| AppError::field("before", "Неверная ссылка на страницу"))?
            .with_timezone(&Utc);
        f.compare("rev_at", Op::Gt, rev_at(before));
    }
    let sql = format!("SELECT {ROW} FROM audit {} ORDER BY rev_at ASC LIMIT {limit}", f.where_clause());
    let mut response = f.bind(db.query(sql)).await?;
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
