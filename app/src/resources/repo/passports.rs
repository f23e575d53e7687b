//! Districts' passports: population, infrastructure, partners, and when each is due.

use super::common::*;
use super::coverage::coverage_rows;
use super::districts::district_shapes;
use super::partners::*;
use crate::auth::CurrentUser;
use crate::db::{date_text, take_one, take_rows, Db};
use crate::error::{AppError, AppResult};
use crate::resources::access::{can_edit_passport, passport_due, passport_overdue};
use crate::resources::types::*;
use crate::resources::validate::ValidPassport;
use chrono::NaiveDate;
use serde::Deserialize;
use surrealdb::types::{RecordId, SurrealValue};

/// Partners (not archived) serving a district, the whole-territory ones included.
async fn district_partners(db: &Db, user: &CurrentUser, key: &str, today: NaiveDate) -> AppResult<Vec<PartnerSummary>> {
    let query = PartnerQuery { district: key.to_string(), ..Default::default() };
    Ok(list(db, user, &query, today, 2_000).await?.partners)
}

#[derive(Deserialize)]
struct PassportRow {
    id: String,
    number: i64,
    name: String,
    description: String,
    population: Population,
    infrastructure: String,
    passport_verified_on: Option<NaiveDate>,
    passport_verified_by_name: Option<String>,
    passport_version: i64,
}

/// A district's passport.
pub async fn passport(db: &Db, user: &CurrentUser, key: &str, today: NaiveDate) -> AppResult<Passport> {
    let mut response = db
        .query(
            "SELECT record::id(id) AS id, number, name, description, population, infrastructure, passport_verified_on,
                 passport_verified_by_name, passport_version FROM $id;
             SELECT record::id(id) AS id, full_name, roles FROM user WHERE active = true AND $id IN districts
                 ORDER BY full_name;",
        )
        .bind(("id", RecordId::new("district", key.to_string())))
        .await?;
    let row =
        take_one::<PassportRow>(&mut response, 0)?.ok_or_else(|| AppError::NotFound("Такого участка нет".into()))?;
    #[derive(Deserialize)]
    struct UserRow {
        id: String,
        full_name: String,
        roles: Vec<crate::auth::Role>,
    }
    let specialists = take_rows::<UserRow>(&mut response, 1)?
        .into_iter()
        .filter(|u| u.roles.iter().any(|r| *r != crate::auth::Role::Admin))
        .map(|u| Specialist {
            id: u.id,
            full_name: u.full_name,
            roles: u
                .roles
                .iter()
                .filter(|r| **r != crate::auth::Role::Admin)
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    let partners = district_partners(db, user, key, today).await?;
    let help_kinds = help_kinds(db).await?;
    let gaps = help_kinds.into_iter().filter(|k| !partners.iter().any(|p| p.help.contains(&k.code))).collect();
    Ok(Passport {
        editable: can_edit_passport(user, &row.id),
        id: row.id,
        number: row.number,
        name: row.name,
        description: row.description,
        population: row.population,
        infrastructure: row.infrastructure,
        due_on: passport_due(row.passport_verified_on),
        overdue: passport_overdue(row.passport_verified_on, today),
        verified_on: row.passport_verified_on,
        verified_by_name: row.passport_verified_by_name,
        version: row.passport_version,
        partners,
        specialists,
        gaps,
        today,
    })
}

#[derive(SurrealValue)]
struct PopulationContent {
    residents: i64,
    families_with_children: i64,
    large_families: i64,
    pensioners: i64,
    disabled: i64,
    svo_families: i64,
}

/// Saves a passport if nobody changed it since `version`; the new version.
pub async fn save_passport(
    db: &Db,
    user: &CurrentUser,
    key: &str,
    version: i64,
    passport: &ValidPassport,
    today: NaiveDate,
) -> AppResult<i64> {
    let p = &passport.population;
    let mut response = db
        .query(
            "UPDATE $id SET population = $population, infrastructure = $infrastructure,
                 passport_verified_on = IF $verified { $today } ELSE { passport_verified_on },
                 passport_verified_by_name = IF $verified { $user_name } ELSE { passport_verified_by_name },
                 passport_version = passport_version + 1
             WHERE passport_version = $version RETURN VALUE passport_version",
        )
        .bind(("id", RecordId::new("district", key.to_string())))
        .bind((
            "population",
            PopulationContent {
                residents: p.residents,
                families_with_children: p.families_with_children,
                large_families: p.large_families,
                pensioners: p.pensioners,
                disabled: p.disabled,
                svo_families: p.svo_families,
            },
        ))
        .bind(("infrastructure", passport.infrastructure.clone()))
        .bind(("verified", passport.verified))
        .bind(("today", date_text(today)))
        .bind(("user_name", user.full_name.clone()))
        .bind(("version", version))
        .await?;
    let updated: Vec<i64> = take_rows(&mut response, 0)?;
    updated.first().copied().ok_or_else(|| {
        AppError::Conflict(
            "Паспорт участка уже изменили. Обновите страницу, чтобы увидеть изменения; ваши правки сохранены в форме."
                .into(),
        )
    })
}

/// Passports by how soon they are due, overdue first.
pub async fn passports_due(db: &Db, today: NaiveDate) -> AppResult<Vec<PassportDue>> {
    let shapes = district_shapes(db, today).await?;
    let coverage_rows = coverage_rows(db).await?;
    let mut due: Vec<PassportDue> = shapes
        .into_iter()
        .map(|d| PassportDue {
            partners: coverage_rows.iter().filter(|r| r.districts.is_empty() || r.districts.contains(&d.id)).count(),
            due_on: passport_due(d.verified_on),
            overdue: d.overdue,
            id: d.id,
            number: d.number,
            name: d.name,
            verified_on: d.verified_on,
        })
        .collect();
    due.sort_by_key(|d| (!d.overdue, d.due_on, d.number));
    Ok(due)
}
