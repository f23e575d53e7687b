//! Districts as the resource map draws them: boundaries and passport deadlines.

use super::common::*;
use crate::db::{take_rows, transaction_error, Db};
use crate::error::{AppError, AppResult};
use crate::resources::access::passport_overdue;
use crate::resources::types::*;
use chrono::NaiveDate;
use serde::Deserialize;
use surrealdb::types::RecordId;

#[derive(Deserialize)]
struct ShapeRow {
    id: String,
    number: i64,
    name: String,
    boundary: Vec<Vec<Vec<f64>>>,
    passport_verified_on: Option<NaiveDate>,
}

/// The districts with their boundaries and whether their passports are overdue.
pub async fn district_shapes(db: &Db, today: NaiveDate) -> AppResult<Vec<DistrictShape>> {
    let mut response = db
        .query(
            "SELECT record::id(id) AS id, number, name, boundary, passport_verified_on FROM district
             WHERE active = true ORDER BY number",
        )
        .await?;
    Ok(take_rows::<ShapeRow>(&mut response, 0)?
        .into_iter()
        .map(|r| DistrictShape {
            id: r.id,
            number: r.number,
            name: r.name,
            rings: r
                .boundary
                .into_iter()
                .map(|ring| ring.into_iter().filter(|p| p.len() == 2).map(|p| [p[0], p[1]]).collect())
                .collect(),
            verified_on: r.passport_verified_on,
            overdue: passport_overdue(r.passport_verified_on, today),
        })
        .collect())
}

/// Replaces the boundaries of districts: (district key, rings of (lon, lat)).
pub async fn save_boundaries(db: &Db, boundaries: Vec<(String, crate::resources::geojson::Rings)>) -> AppResult<()> {
    let known = district_keys(db).await?;
    for (key, _) in &boundaries {
        if !known.contains(key) {
            return Err(AppError::field("file", format!("Участка «{key}» нет")));
        }
    }
    let rows: Vec<(RecordId, Vec<Vec<Vec<f64>>>)> = boundaries
        .into_iter()
        .map(|(key, rings)| {
            (
                RecordId::new("district", key),
                rings.into_iter().map(|r| r.into_iter().map(|p| p.to_vec()).collect()).collect(),
            )
        })
        .collect();
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             FOR $row IN $rows { UPDATE $row[0] SET boundary = $row[1]; };
             COMMIT TRANSACTION;",
        )
        .bind(("rows", rows))
        .await?;
    match transaction_error(&mut response) {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}
