//! Coverage: how many partners give each kind of help in each district.

use super::common::*;
use crate::db::{take_rows, Db};
use crate::error::AppResult;
use crate::resources::types::*;
use serde::Deserialize;

#[derive(Deserialize)]
pub(super) struct CoverageRow {
    pub(super) districts: Vec<String>,
    pub(super) help: Vec<String>,
}

pub(super) async fn coverage_rows(db: &Db) -> AppResult<Vec<CoverageRow>> {
    let mut response = db
        .query("SELECT districts.map(|$d| record::id($d)) AS districts, help FROM partner WHERE archived = false")
        .await?;
    take_rows(&mut response, 0)
}

/// How many partners give each kind of help in each district.
pub async fn coverage(db: &Db) -> AppResult<Coverage> {
    let help_kinds = help_kinds(db).await?;
    let districts = crate::districts::repo::list(db).await?;
    let rows = coverage_rows(db).await?;
    let counts = help_kinds
        .iter()
        .map(|kind| {
            districts
                .iter()
                .map(|d| {
                    rows.iter()
                        .filter(|r| {
                            r.help.contains(&kind.code) && (r.districts.is_empty() || r.districts.contains(&d.id))
                        })
                        .count()
                })
                .collect()
        })
        .collect();
    Ok(Coverage { help_kinds, districts: districts.into_iter().map(|d| (d.id, d.number, d.name)).collect(), counts })
}
