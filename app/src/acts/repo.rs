//! Database side of inspection acts. Server-only.

use super::types::*;
use crate::auth::CurrentUser;
use crate::db::{take_one, take_rows, Db};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use surrealdb::types::RecordId;

#[derive(Deserialize)]
struct ActRow {
    content: String,
    status: ActStatus,
    signed_at: Option<DateTime<Utc>>,
    signed_by_name: Option<String>,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
    version: i64,
}

/// The act of a case, if begun.
pub async fn get(db: &Db, case_id: &str) -> AppResult<Option<Act>> {
    let mut response = db
        .query(
            "SELECT content, status, signed_at, signed_by_name, updated_at, updated_by_name, version
             FROM inspection_act WHERE case = $case LIMIT 1",
        )
        .bind(("case", RecordId::new("case_file", case_id.to_string())))
        .await?;
    Ok(take_one::<ActRow>(&mut response, 0)?.map(|r| Act {
        content: serde_json::from_str(&r.content).unwrap_or_default(),
        status: r.status,
        signed_at: r.signed_at,
        signed_by_name: r.signed_by_name,
        updated_at: r.updated_at,
        updated_by_name: r.updated_by_name,
        version: r.version,
    }))
}

/// The message of a save that came too late: who changed the act and when.
fn conflict(act: &Act) -> AppError {
    if act.status == ActStatus::Signed {
        return AppError::Conflict(format!(
            "Акт уже подписан ({}), изменить его нельзя.",
            act.signed_by_name.clone().unwrap_or_default()
        ));
    }
    AppError::Conflict(format!(
        "Акт изменил(а) {} в {}, пока вы его заполняли. Выберите по каждому полю, какое значение оставить.",
        act.updated_by_name,
        crate::time::format_datetime(act.updated_at)
    ))
}

/// Saves the act if nobody changed it since `version` (0: the act is new); the new version.
pub async fn save(
    db: &Db,
    user: &CurrentUser,
    case_id: &str,
    version: i64,
    content: &ActContent,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let text = serde_json::to_string(content).map_err(|e| AppError::internal(e.to_string()))?;
    if text.len() > 200_000 {
        return Err(AppError::field("form", "Акт слишком большой: сократите текст"));
    }
    let case = RecordId::new("case_file", case_id.to_string());
    let result = if version == 0 {
        db.query(
            "CREATE inspection_act CONTENT { case: $case, content: $content, status: 'draft', updated_at: $now,
                 updated_by_name: $user_name, version: 1 } RETURN VALUE version",
        )
    } else {
        db.query(
            "UPDATE inspection_act SET content = $content, updated_at = $now, updated_by_name = $user_name,
                 version = version + 1
             WHERE case = $case AND version = $version AND status = 'draft' RETURN VALUE version",
        )
    }
    .bind(("case", case))
    .bind(("content", text))
    .bind(("version", version))
    .bind(("now", now))
    .bind(("user_name", user.full_name.clone()))
    .await;
    let saved: Vec<i64> = match result {
        Ok(mut response) => take_rows(&mut response, 0).unwrap_or_default(),
        // A second «new» act of the same case hits the unique index: someone began it first.
        Err(_) if version == 0 => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    match saved.first() {
        Some(v) => Ok(*v),
        None => match get(db, case_id).await? {
            Some(current) => Err(conflict(&current)),
            None => Err(AppError::NotFound("Акт не найден".into())),
        },
    }
}

/// Signs the act (it must be complete and unchanged since `version`); the new version.
pub async fn sign(db: &Db, user: &CurrentUser, case_id: &str, version: i64, now: DateTime<Utc>) -> AppResult<i64> {
    let current = get(db, case_id).await?.ok_or_else(|| AppError::NotFound("Акт ещё не сохранён".into()))?;
    if current.version != version || current.status == ActStatus::Signed {
        return Err(conflict(&current));
    }
    check_complete(&current.content).map_err(AppError::Validation)?;
    let mut response = db
        .query(
            "UPDATE inspection_act SET status = 'signed', signed_at = $now, signed_by_name = $user_name,
                 updated_at = $now, updated_by_name = $user_name, version = version + 1
             WHERE case = $case AND version = $version AND status = 'draft' RETURN VALUE version",
        )
        .bind(("case", RecordId::new("case_file", case_id.to_string())))
        .bind(("version", version))
        .bind(("now", now))
        .bind(("user_name", user.full_name.clone()))
        .await?;
    let signed: Vec<i64> = take_rows(&mut response, 0)?;
    match signed.first() {
        Some(v) => Ok(*v),
        None => Err(conflict(&get(db, case_id).await?.unwrap_or(current))),
    }
}

#[derive(Deserialize)]
struct PhotoRow {
    id: String,
    name: String,
    size: i64,
    taken_at: DateTime<Utc>,
    by_name: String,
}

/// The photos of a case's act, oldest first.
pub async fn photos(db: &Db, case_id: &str) -> AppResult<Vec<ActPhoto>> {
    let mut response = db
        .query("SELECT record::id(id) AS id, name, size, taken_at, by_name FROM act_photo WHERE case = $case ORDER BY taken_at")
        .bind(("case", RecordId::new("case_file", case_id.to_string())))
        .await?;
    Ok(take_rows::<PhotoRow>(&mut response, 0)?
        .into_iter()
        .map(|r| ActPhoto { id: r.id, name: r.name, size: r.size, taken_at: r.taken_at, by_name: r.by_name })
        .collect())
}

/// Keeps a photo: the file first (written whole, then renamed), then its record.
pub async fn add_photo(
    db: &Db,
    dir: &std::path::Path,
    user: &CurrentUser,
    case_id: &str,
    name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> AppResult<ActPhoto> {
    let content_type = crate::stored_files::image_type(bytes)
        .ok_or_else(|| AppError::field("photo", "Это не фотография (нужен JPEG, PNG или WebP)"))?;
    let stem = format!("{}-{}", case_id, now.timestamp_nanos_opt().unwrap_or_default());
    let file = crate::stored_files::keep(dir, &stem, crate::stored_files::extension(content_type), bytes).await?;
    let name = crate::stored_files::label(name);
    let mut response = db
        .query(
            "CREATE ONLY act_photo CONTENT { case: $case, file: $file, content_type: $type, size: $size, name: $name,
                 taken_at: $now, by_name: $by } RETURN record::id(id) AS id, name, size, taken_at, by_name",
        )
        .bind(("case", RecordId::new("case_file", case_id.to_string())))
        .bind(("file", file))
        .bind(("type", content_type.to_string()))
        .bind(("size", bytes.len() as i64))
        .bind(("name", name))
        .bind(("now", now))
        .bind(("by", user.full_name.clone()))
        .await?;
    let row = take_one::<PhotoRow>(&mut response, 0)?.ok_or_else(|| AppError::internal("photo not stored"))?;
    Ok(ActPhoto { id: row.id, name: row.name, size: row.size, taken_at: row.taken_at, by_name: row.by_name })
}

/// A photo's file: its case (for the access check), file name and type.
pub async fn photo_file(db: &Db, id: &str) -> AppResult<Option<(String, String, String)>> {
    #[derive(Deserialize)]
    struct Row {
        case_id: String,
        file: String,
        content_type: String,
    }
    let mut response = db
        .query("SELECT record::id(case) AS case_id, file, content_type FROM $id")
        .bind(("id", RecordId::new("act_photo", id.to_string())))
        .await?;
    Ok(take_one::<Row>(&mut response, 0)?.map(|r| (r.case_id, r.file, r.content_type)))
}
