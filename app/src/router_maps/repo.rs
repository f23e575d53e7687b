//! Database side of router maps. Server-only. The current content of each map is in
//! `router_map`; every saved version is kept whole in `router_map_version`.

use super::types::*;
use crate::auth::CurrentUser;
use crate::db::{take_one, take_rows, Db};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use surrealdb::types::RecordId;

#[derive(Deserialize)]
struct MapRow {
    code: String,
    audience: Audience,
    content: String,
    version: i64,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
}

impl MapRow {
    fn into_map(self) -> RouterMap {
        RouterMap {
            code: self.code,
            audience: self.audience,
            content: serde_json::from_str(&self.content).unwrap_or_default(),
            version: self.version,
            updated_at: self.updated_at,
            updated_by_name: self.updated_by_name,
        }
    }
}

const MAP_FIELDS: &str = "record::id(id) AS code, audience, content, version, updated_at, updated_by_name";

fn to_json(content: &MapContent) -> AppResult<String> {
    serde_json::to_string(content).map_err(|e| AppError::internal(e.to_string()))
}

/// Puts the shipped maps into a database that has none of that code yet: a fresh one, or one
/// migrated from before the maps existed. A map already there (maybe edited) is left alone.
pub async fn ensure_defaults(db: &Db, shipped: &str) -> AppResult<()> {
    let defaults: Vec<DefaultMap> =
        serde_json::from_str(shipped).map_err(|e| AppError::internal(format!("default router maps: {e}")))?;
    let help_kinds: Vec<String> = crate::resources::repo::help_kinds(db).await?.into_iter().map(|h| h.code).collect();
    let now = Utc::now();
    for map in defaults {
        if get(db, &map.code).await?.is_some() {
            continue;
        }
        let mut content = MapContent { title: map.title, situations: map.situations };
        validate_map(&mut content, &help_kinds)
            .map_err(|e| AppError::internal(format!("default router map {}: {}", map.code, e.messages().join("; "))))?;
        let text = to_json(&content)?;
        let id = RecordId::new("router_map", map.code.clone());
        db.query(
            "CREATE $id CONTENT { audience: $audience, content: $content, version: 1, updated_at: $now, updated_by_name: $by };
             CREATE router_map_version CONTENT { map: $id, version: 1, content: $content, at: $now, by_name: $by };",
        )
        .bind(("id", id))
        .bind(("audience", map.audience.code().to_string()))
        .bind(("content", text))
        .bind(("now", now))
        .bind(("by", "Карта по умолчанию".to_string()))
        .await?
        .check()?;
    }
    Ok(())
}

/// Every map: the participant's first, then the family's.
pub async fn list(db: &Db) -> AppResult<Vec<RouterMap>> {
    let mut response = db.query(format!("SELECT {MAP_FIELDS} FROM router_map ORDER BY audience DESC")).await?;
    Ok(take_rows::<MapRow>(&mut response, 0)?.into_iter().map(MapRow::into_map).collect())
}

pub async fn get(db: &Db, code: &str) -> AppResult<Option<RouterMap>> {
    let mut response = db
        .query(format!("SELECT {MAP_FIELDS} FROM $id"))
        .bind(("id", RecordId::new("router_map", code.to_string())))
        .await?;
    Ok(take_one::<MapRow>(&mut response, 0)?.map(MapRow::into_map))
}

/// Saves a new version of a map if nobody saved one since `version`; the map as stored.
/// The content must be validated already.
pub async fn save(
    db: &Db,
    user: &CurrentUser,
    code: &str,
    version: i64,
    content: &MapContent,
    now: DateTime<Utc>,
) -> AppResult<RouterMap> {
    let current = get(db, code).await?.ok_or_else(|| AppError::NotFound("Такой карты нет".into()))?;
    if current.version != version {
        return Err(conflict(&current));
    }
    let text = to_json(content)?;
    if text.len() > 500_000 {
        return Err(AppError::field("situations", "Карта слишком большая"));
    }
    let id = RecordId::new("router_map", code.to_string());
    let mut response = db
        .query(
            "UPDATE $id SET content = $content, version = version + 1, updated_at = $now, updated_by_name = $by
             WHERE version = $version RETURN VALUE version",
        )
        .bind(("id", id.clone()))
        .bind(("content", text.clone()))
        .bind(("version", version))
        .bind(("now", now))
        .bind(("by", user.full_name.clone()))
        .await?;
    let saved: Vec<i64> = take_rows(&mut response, 0)?;
    let Some(new_version) = saved.first().copied() else {
        return Err(conflict(&get(db, code).await?.unwrap_or(current)));
    };
    db.query(
        "CREATE router_map_version CONTENT { map: $id, version: $version, content: $content, at: $now, by_name: $by }",
    )
    .bind(("id", id))
    .bind(("version", new_version))
    .bind(("content", text))
    .bind(("now", now))
    .bind(("by", user.full_name.clone()))
    .await?
    .check()?;
    get(db, code).await?.ok_or_else(|| AppError::internal("router map vanished"))
}

fn conflict(current: &RouterMap) -> AppError {
    AppError::Conflict(format!(
        "Карту уже изменил(а) {} ({}, версия {}). Ваши правки остались на экране: обновите карту и повторите их.",
        current.updated_by_name,
        crate::time::format_datetime(current.updated_at),
        current.version
    ))
}

/// The saved versions of a map, newest first.
pub async fn versions(db: &Db, code: &str) -> AppResult<Vec<MapVersion>> {
    #[derive(Deserialize)]
    struct Row {
        version: i64,
        at: DateTime<Utc>,
        by_name: String,
        content: String,
    }
    let mut response = db
        .query("SELECT version, at, by_name, content FROM router_map_version WHERE map = $id ORDER BY version DESC LIMIT 100")
        .bind(("id", RecordId::new("router_map", code.to_string())))
        .await?;
    Ok(take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .map(|r| {
            let content: MapContent = serde_json::from_str(&r.content).unwrap_or_default();
            MapVersion {
                version: r.version,
                at: r.at,
                by_name: r.by_name,
                situations: content.situations.iter().filter(|s| !s.archived).count(),
                steps: content
                    .situations
                    .iter()
                    .filter(|s| !s.archived)
                    .flat_map(|s| &s.steps)
                    .filter(|s| !s.archived)
                    .count(),
            }
        })
        .collect())
}

/// One saved version's content.
pub async fn version_content(db: &Db, code: &str, version: i64) -> AppResult<Option<MapContent>> {
    let mut response = db
        .query("SELECT VALUE content FROM router_map_version WHERE map = $id AND version = $version LIMIT 1")
        .bind(("id", RecordId::new("router_map", code.to_string())))
        .bind(("version", version))
        .await?;
    let rows: Vec<String> = response.take(0)?;
    Ok(rows.first().and_then(|t| serde_json::from_str(t).ok()))
}
