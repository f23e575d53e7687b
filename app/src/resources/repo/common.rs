//! What the registry's repository files share: limits, keys of districts, conflicts.

use crate::auth::CurrentUser;
use crate::db::{take_one, take_rows, Db};
use crate::error::{AppError, AppResult};
use crate::resources::types::*;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use surrealdb::types::RecordId;

/// The most rows the registry sends at once; the map shows the markers of those rows.
pub const LIST_LIMIT: usize = 500;
/// The best matches a search shows: «Найдено: 50+ (уточните поиск)» beyond them.
pub const SEARCH_LIMIT: usize = 50;

pub(super) fn district_ids(keys: &[String]) -> Vec<RecordId> {
    keys.iter().map(|k| RecordId::new("district", k.clone())).collect()
}

/// The kinds of help, in their order.
pub async fn help_kinds(db: &Db) -> AppResult<Vec<HelpKind>> {
    let mut response =
        db.query("SELECT record::id(id) AS code, label, sort FROM help_kind WHERE active = true ORDER BY sort").await?;
    take_rows::<HelpKind>(&mut response, 0)
}

/// The partner's name, if it exists and is not archived (a plan or a programme stores the name
/// it had when the partner was chosen).
pub async fn partner_name(db: &Db, id: &str) -> AppResult<Option<String>> {
    let mut response = db
        .query("SELECT VALUE name FROM $id WHERE archived = false")
        .bind(("id", surrealdb::types::RecordId::new("partner", id.to_string())))
        .await?;
    let names: Vec<String> = response.take(0)?;
    Ok(names.into_iter().next())
}

/// Keys of the active districts.
pub async fn district_keys(db: &Db) -> AppResult<Vec<String>> {
    Ok(crate::districts::repo::list(db).await?.into_iter().map(|d| d.id).collect())
}

/// Who changed a record last, for a conflict message.
pub(super) async fn conflict(db: &Db, table: &str, id: &str) -> AppError {
    #[derive(Deserialize)]
    struct Row {
        updated_by_name: String,
        updated_at: DateTime<Utc>,
    }
    let row = match db
        .query("SELECT updated_by_name, updated_at FROM $id")
        .bind(("id", RecordId::new(table, id.to_string())))
        .await
    {
        Ok(mut response) => take_one::<Row>(&mut response, 0).ok().flatten(),
        Err(_) => None,
    };
    match row {
        Some(row) => AppError::Conflict(format!(
            "Запись уже изменил(а) {} в {}. Обновите страницу, чтобы увидеть изменения; ваши правки сохранены в форме.",
            row.updated_by_name,
            crate::time::format_datetime(row.updated_at)
        )),
        None => AppError::NotFound("Запись не найдена".into()),
    }
}

/// Writes some fields of a partner if nobody changed it since `version`; the new version.
pub(super) async fn touch(
    db: &Db,
    user: &CurrentUser,
    id: &str,
    version: i64,
    fields: serde_json::Value,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let mut response = db
        .query(
            "UPDATE $id MERGE object::extend($fields, {
                 version: $version + 1, updated_at: $now, updated_by: $user, updated_by_name: $user_name
             }) WHERE version = $version RETURN VALUE version",
        )
        .bind(("id", RecordId::new("partner", id.to_string())))
        .bind(("fields", fields))
        .bind(("version", version))
        .bind(("now", now))
        .bind(("user", RecordId::new("user", user.id.clone())))
        .bind(("user_name", user.full_name.clone()))
        .await?;
    let updated: Vec<i64> = take_rows(&mut response, 0)?;
    match updated.first() {
        Some(v) => Ok(*v),
        None => Err(conflict(db, "partner", id).await),
    }
}
