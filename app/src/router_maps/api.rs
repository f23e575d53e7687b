//! Server functions of the router maps: everyone who works cases reads them, supervisors edit.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::audit::ssr::{write as audit, Actor};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, with_status};
    pub use crate::router_maps::repo;
    pub use crate::state::db;

    /// A map's code from the browser: one of the stored maps.
    pub fn map_code(value: &str) -> Result<&str, crate::error::AppError> {
        if super::Audience::from_code(value).is_some() {
            Ok(value)
        } else {
            Err(crate::error::AppError::NotFound("Такой карты нет".into()))
        }
    }
}

/// Both maps with the kinds of help their steps link to.
#[server(prefix = "/api", endpoint = "router_maps/page", output = Json)]
pub async fn load_router_maps() -> Result<MapsPage, AppError> {
    use ssr::*;
    let user = require(permissions::ROUTER_MAPS_READ)?;
    let db = db()?;
    Ok(MapsPage {
        maps: repo::list(&db).await?,
        help_kinds: crate::resources::repo::help_kinds(&db).await?,
        can_edit: user.has_any(permissions::ROUTER_MAPS_EDIT),
    })
}

/// Saves a new version of a map if nobody saved one since `version`.
#[server(prefix = "/api", endpoint = "router_maps/save", input = Json, output = Json)]
pub async fn save_router_map(code: String, version: i64, content: MapContent) -> Result<RouterMap, AppError> {
    use ssr::*;
    let user = require(permissions::ROUTER_MAPS_EDIT)?;
    let db = db()?;
    let code = with_status(ssr::map_code(&code))?.to_string();
    let mut content = content;
    let kinds: Vec<String> = crate::resources::repo::help_kinds(&db).await?.into_iter().map(|h| h.code).collect();
    with_status(validate_map(&mut content, &kinds))?;
    let map = with_status(repo::save(&db, &user, &code, version, &content, chrono::Utc::now()).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("router_map:{code}")),
        format!("Карта-маршрутизатор «{}», версия {}", map.content.title, map.version),
        vec![],
    )
    .await?;
    Ok(map)
}

/// The saved versions of a map, newest first.
#[server(prefix = "/api", endpoint = "router_maps/versions", output = Json)]
pub async fn router_map_versions(code: String) -> Result<Vec<MapVersion>, AppError> {
    use ssr::*;
    require(permissions::ROUTER_MAPS_READ)?;
    let db = db()?;
    let code = with_status(ssr::map_code(&code))?.to_string();
    repo::versions(&db, &code).await
}
