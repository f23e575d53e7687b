//! The districts in the database. Server-only.

use super::{District, DistrictOption};
use crate::audit::FieldChange;
use crate::db::{take_one, take_rows, Db};
use crate::error::{AppError, AppResult, FieldErrors};
use serde::Deserialize;
use surrealdb::types::RecordId;

/// The social districts, for forms and filters.
pub async fn list(db: &Db) -> AppResult<Vec<DistrictOption>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        number: i64,
        name: String,
    }
    let mut response =
        db.query("SELECT record::id(id) AS id, number, name FROM district WHERE active = true ORDER BY number").await?;
    Ok(take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .map(|r| DistrictOption { id: r.id, number: r.number, name: r.name })
        .collect())
}

/// Name of a district, or a field error when it does not exist.
pub async fn name_of(db: &Db, key: &str) -> AppResult<String> {
    #[derive(Deserialize)]
    struct Row {
        name: String,
    }
    let mut response = db
        .query("SELECT name FROM $district WHERE active = true")
        .bind(("district", RecordId::new("district", key.to_string())))
        .await?;
    match take_one::<Row>(&mut response, 0)? {
        Some(row) => Ok(row.name),
        None => Err(AppError::field("district", "Такого социального участка нет")),
    }
}

/// Every district with its description, active or not, for the administrator.
pub async fn all(db: &Db) -> AppResult<Vec<District>> {
    let mut response =
        db.query("SELECT record::id(id) AS id, number, name, description FROM district ORDER BY number").await?;
    take_rows(&mut response, 0)
}

/// Renames a district or changes its description; returns what changed.
pub async fn update(db: &Db, row: &District) -> AppResult<Vec<FieldChange>> {
    let name = row.name.split_whitespace().collect::<Vec<_>>().join(" ");
    let description = row.description.trim().to_string();
    let mut errors = FieldErrors::new();
    if name.is_empty() {
        errors.add("name", "Укажите название участка");
    } else if name.chars().count() > 200 {
        errors.add("name", "Не больше 200 знаков");
    }
    if description.chars().count() > 2000 {
        errors.add("description", "Не больше 2000 знаков");
    }
    errors.into_result()?;
    let before = all(db)
        .await?
        .into_iter()
        .find(|d| d.id == row.id)
        .ok_or_else(|| AppError::NotFound("Участок не найден".into()))?;
    let mut changes = Vec::new();
    if before.name != name {
        changes.push(FieldChange {
            field: "name".into(),
            label: "Название".into(),
            before: before.name,
            after: name.clone(),
        });
    }
    if before.description != description {
        changes.push(FieldChange {
            field: "description".into(),
            label: "Описание".into(),
            before: before.description,
            after: description.clone(),
        });
    }
    db.query("UPDATE $district SET name = $name, description = $description")
        .bind(("district", RecordId::new("district", row.id.clone())))
        .bind(("name", name))
        .bind(("description", description))
        .await?
        .check()?;
    crate::db::names::forget();
    Ok(changes)
}
