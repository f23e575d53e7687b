//! Server functions of the inspection act. Reading follows the case's visibility; saving and
//! signing are case work.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::acts::repo;
    pub use crate::audit::ssr::{write as audit, Actor};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, with_status};
    pub use crate::error::AppError;
    pub use crate::state::db;

    pub use crate::keys::known as key;
}

/// The act of a case, or a blank filled from the case.
#[server(prefix = "/api", endpoint = "acts/get", output = Json)]
pub async fn get_act(case_id: String) -> Result<ActDetails, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_READ)?;
    let db = db()?;
    let row = with_status(crate::cases::repo::visible_row(&db, &user, key(&case_id)?).await)?;
    let calendar = crate::cases::repo::calendar(&db).await?;
    let today = crate::time::local_today(chrono::Utc::now());
    let case = row.into_case(&calendar, today);
    let act = repo::get(&db, &case_id).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some(format!("case_file:{case_id}")),
        format!("Акт обследования, случай № {}", case.number),
        vec![],
    )
    .await?;
    let blank = ActContent {
        inspected_on: today.format("%Y-%m-%d").to_string(),
        address: case.address.clone(),
        family_categories: case.categories.iter().map(|c| c.code().to_string()).collect(),
        members: case
            .members
            .iter()
            .map(|m| ActMember {
                full_name: m.full_name.clone(),
                relation: m.relation.label().to_string(),
                birth_date: m.birth_date.map(crate::time::format_naive_date).unwrap_or_default(),
                ..Default::default()
            })
            .collect(),
        commission: user.full_name.clone(),
        ..Default::default()
    };
    Ok(ActDetails {
        case_id: case.id.clone(),
        case_number: case.number.clone(),
        case_title: case.title.clone(),
        district_name: case.district_name.clone(),
        curator_name: case.curator_name.clone(),
        photos: repo::photos(&db, &case_id).await?,
        act,
        blank,
        can_edit: user.has_any(permissions::CASE_WORK),
    })
}

/// Saves the act if nobody changed it since `version` (0: new); the act as stored.
#[server(prefix = "/api", endpoint = "acts/save", input = Json, output = Json)]
pub async fn save_act(case_id: String, version: i64, content: ActContent) -> Result<Act, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_WORK)?;
    let db = db()?;
    let row = with_status(crate::cases::repo::visible_row(&db, &user, key(&case_id)?).await)?;
    let _ = row;
    with_status(repo::save(&db, &user, &case_id, version, &content, chrono::Utc::now()).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("case_file:{case_id}")),
        "Акт обследования сохранён",
        vec![],
    )
    .await?;
    repo::get(&db, &case_id).await?.ok_or_else(|| AppError::internal("act vanished"))
}

/// Signs a complete act. A case still at intake then goes to need assessment by itself: the act
/// was what intake was waiting for, and the next clock starts.
#[server(prefix = "/api", endpoint = "acts/sign", input = Json, output = Json)]
pub async fn sign_act(case_id: String, version: i64) -> Result<Signed, AppError> {
    use crate::cases::types::Stage;
    use ssr::*;
    let user = require(permissions::CASE_WORK)?;
    let db = db()?;
    let row = with_status(crate::cases::repo::visible_row(&db, &user, key(&case_id)?).await)?;
    let now = chrono::Utc::now();
    with_status(repo::sign(&db, &user, &case_id, version, now).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("case_file:{case_id}")),
        "Акт обследования подписан",
        vec![],
    )
    .await?;
    let mut moved_to = None;
    if row.stage() == Stage::Intake {
        let calendar = crate::cases::repo::calendar(&db).await?;
        let order = crate::cases::repo::MoveOrder {
            version: row.version(),
            to_stage: Stage::Assessment,
            to_curator: None,
            comment: "Акт обследования подписан".into(),
        };
        // When the case still lacks something else (consent, members), it stays where it is.
        if crate::cases::repo::move_case(&db, &user, &row, &order, &calendar, now).await.is_ok() {
            moved_to = Some(Stage::Assessment.label().to_string());
        }
    }
    let act = repo::get(&db, &case_id).await?.ok_or_else(|| AppError::internal("act vanished"))?;
    Ok(Signed { act, moved_to })
}

/// Attaches a photo of living conditions (base64) to the case's act.
#[server(prefix = "/api", endpoint = "acts/add_photo", input = Json, output = Json)]
pub async fn add_act_photo(case_id: String, name: String, data: String) -> Result<ActPhoto, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_WORK)?;
    let db = db()?;
    with_status(crate::cases::repo::visible_row(&db, &user, key(&case_id)?).await)?;
    let bytes = with_status(crate::stored_files::decode(&data, "photo"))?;
    let dir = crate::auth::session::settings()?.photos_dir.clone();
    let photo = with_status(repo::add_photo(&db, &dir, &user, &case_id, &name, &bytes, chrono::Utc::now()).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Create,
        Some(format!("case_file:{case_id}")),
        format!("Фото к акту обследования: {}", photo.name),
        vec![],
    )
    .await?;
    Ok(photo)
}

/// `GET /acts/photos/<id>`: the photo itself, to those who may see its case.
#[cfg(feature = "ssr")]
pub async fn photo(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    session: Option<axum::Extension<crate::auth::session::AuthSession>>,
    ip: Option<axum::Extension<crate::auth::session::ClientIp>>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<axum::response::Response, crate::download::Failed> {
    use axum::response::IntoResponse;
    let user = crate::download::downloader(session, crate::auth::permissions::CASE_READ)?;
    let id = ssr::key(&id).map_err(|_| AppError::NotFound("Фото не найдено".into()))?;
    let (case_id, file, content_type) =
        ssr::repo::photo_file(&state.db, id).await?.ok_or_else(|| AppError::NotFound("Фото не найдено".into()))?;
    crate::cases::repo::visible_row(&state.db, &user, &case_id).await?;
    let bytes = crate::stored_files::read(&state.settings.photos_dir, &file)
        .await
        .ok_or_else(|| AppError::NotFound("Файл фотографии не найден".into()))?;
    ssr::audit(
        &state.db,
        &ssr::Actor::downloader(&user, ip),
        ssr::AuditAction::View,
        Some(format!("case_file:{case_id}")),
        "Просмотр фото условий проживания",
        vec![],
    )
    .await?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, content_type),
            // A photo of a family's home: never kept in the browser's cache, where the next
            // person on a shared tablet would find it after logout.
            (axum::http::header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}
