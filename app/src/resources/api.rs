//! Server functions of the resource map: the thin API between the pages and `repo`. Each checks
//! the role (and, for edits, the districts), validates, writes the audit trail.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::audit::ssr::{write as audit, Actor};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, settings, with_status};
    pub use crate::error::AppError;
    pub use crate::resources::access::*;
    pub use crate::resources::repo;
    pub use crate::resources::validate::*;
    pub use crate::state::db;
    pub use crate::time::local_today;

    pub fn today() -> chrono::NaiveDate {
        local_today(chrono::Utc::now())
    }

    pub use crate::keys::known as key;
}

/// Kinds of help, districts with their boundaries, map settings and the user's rights.
#[server(prefix = "/api", endpoint = "resources/lists", output = Json)]
pub async fn load_resource_lists() -> Result<ResourceLists, AppError> {
    use ssr::*;
    let user = require(permissions::RESOURCES_READ)?;
    let db = db()?;
    let settings = settings()?;
    let today = today();
    Ok(ResourceLists {
        help_kinds: repo::help_kinds(&db).await?,
        districts: repo::district_shapes(&db, today).await?,
        today,
        tiles: settings.tiles.clone(),
        tiles_attribution: settings.tiles_attribution.clone(),
        can_edit: user.has_any(permissions::RESOURCES_EDIT),
        can_edit_boundaries: user.has_any(permissions::DISTRICT_BOUNDARIES),
        my_districts: user.districts.clone(),
    })
}

/// The registry, filtered; also the map's markers.
#[server(prefix = "/api", endpoint = "resources/partners", output = Json)]
pub async fn list_partners(query: PartnerQuery) -> Result<PartnerList, AppError> {
    use ssr::*;
    let user = require(permissions::RESOURCES_READ)?;
    if query.text.chars().count() > 200 {
        return Err(AppError::field("q", "Слишком длинный запрос: не больше 200 знаков"));
    }
    // A search answers with its best matches (ranked); the map and the filtered registry with
    // what a district holds.
    let limit = if query.text.trim().is_empty() { repo::LIST_LIMIT } else { repo::SEARCH_LIMIT };
    repo::list(&db()?, &user, &query, today(), limit).await
}

#[server(prefix = "/api", endpoint = "resources/partner", output = Json)]
pub async fn get_partner(id: String) -> Result<PartnerDetails, AppError> {
    use ssr::*;
    let user = require(permissions::RESOURCES_READ)?;
    let partner =
        with_status(repo::get(&db()?, key(&id)?).await?.ok_or_else(|| AppError::NotFound("Партнёр не найден".into())))?;
    Ok(PartnerDetails { editable: can_edit_partner(&user, &partner.districts), partner, today: today() })
}

#[cfg(feature = "ssr")]
async fn checked_partner(
    db: &crate::db::Db,
    user: &crate::auth::CurrentUser,
    form: &PartnerForm,
) -> Result<(super::validate::ValidPartner, Vec<HelpKind>), AppError> {
    use super::access::can_edit_partner;
    use super::validate::validate_partner;
    use ssr::{repo, today};
    let help_kinds = repo::help_kinds(db).await?;
    let districts = repo::district_keys(db).await?;
    let partner = validate_partner(form, today(), &help_kinds, &districts).map_err(AppError::Validation)?;
    if !can_edit_partner(user, &partner.districts) {
        return Err(AppError::field(
            "districts",
            "Отметьте хотя бы один из ваших участков: специалист ведёт партнёров своих участков",
        ));
    }
    Ok((partner, help_kinds))
}

/// Adds a partner; its key.
#[server(prefix = "/api", endpoint = "resources/create", input = Json, output = Json)]
pub async fn create_partner(form: PartnerForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::RESOURCES_EDIT)?;
    let db = db()?;
    let (partner, help_kinds) = with_status(checked_partner(&db, &user, &form).await)?;
    let id = repo::create(&db, &user, &partner, &help_kinds, chrono::Utc::now()).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Create,
        Some(format!("partner:{id}")),
        format!("Партнёр «{}»", partner.name),
        vec![],
    )
    .await?;
    Ok(id)
}

/// Saves a partner's details if nobody changed it since `version`; the new version.
#[server(prefix = "/api", endpoint = "resources/update", input = Json, output = Json)]
pub async fn update_partner(id: String, version: i64, form: PartnerForm) -> Result<i64, AppError> {
    use ssr::*;
    let user = require(permissions::RESOURCES_EDIT)?;
    let db = db()?;
    let current =
        with_status(repo::get(&db, key(&id)?).await?.ok_or_else(|| AppError::NotFound("Партнёр не найден".into())))?;
    if !can_edit_partner(&user, &current.districts) {
        return with_status(Err(AppError::Forbidden("Этого партнёра ведут специалисты других участков".into())));
    }
    let (partner, help_kinds) = with_status(checked_partner(&db, &user, &form).await)?;
    let version = with_status(repo::update(&db, &user, &id, version, &partner, &help_kinds, chrono::Utc::now()).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("partner:{id}")),
        format!("Партнёр «{}»", partner.name),
        vec![],
    )
    .await?;
    Ok(version)
}

/// Moves a partner's marker on the map; the new version.
#[server(prefix = "/api", endpoint = "resources/locate", input = Json, output = Json)]
pub async fn locate_partner(id: String, version: i64, lat: f64, lon: f64) -> Result<i64, AppError> {
    use ssr::*;
    let user = require(permissions::RESOURCES_EDIT)?;
    let db = db()?;
    if !(lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0) {
        return with_status(Err(AppError::field("lat", "Точка вне карты")));
    }
    let current =
        with_status(repo::get(&db, key(&id)?).await?.ok_or_else(|| AppError::NotFound("Партнёр не найден".into())))?;
    if !can_edit_partner(&user, &current.districts) {
        return with_status(Err(AppError::Forbidden("Этого партнёра ведут специалисты других участков".into())));
    }
    let (lat, lon) = ((lat * 1e6).round() / 1e6, (lon * 1e6).round() / 1e6);
    let version = with_status(repo::set_location(&db, &user, &id, version, lat, lon, chrono::Utc::now()).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("partner:{id}")),
        format!("Партнёр «{}»: место на карте {lat:.6}, {lon:.6}", current.name),
        vec![],
    )
    .await?;
    Ok(version)
}

/// Archives a partner or brings it back (partners are never deleted); the new version.
#[server(prefix = "/api", endpoint = "resources/archive", input = Json, output = Json)]
pub async fn archive_partner(id: String, version: i64, archived: bool) -> Result<i64, AppError> {
    use ssr::*;
    let user = require(permissions::RESOURCES_EDIT)?;
    let db = db()?;
    let current =
        with_status(repo::get(&db, key(&id)?).await?.ok_or_else(|| AppError::NotFound("Партнёр не найден".into())))?;
    if !can_edit_partner(&user, &current.districts) {
        return with_status(Err(AppError::Forbidden("Этого партнёра ведут специалисты других участков".into())));
    }
    let version = with_status(repo::set_archived(&db, &user, &id, version, archived, chrono::Utc::now()).await)?;
    let what = if archived { "перенесён в архив" } else { "возвращён из архива" };
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("partner:{id}")),
        format!("Партнёр «{}» {what}", current.name),
        vec![],
    )
    .await?;
    Ok(version)
}

#[server(prefix = "/api", endpoint = "resources/passport", output = Json)]
pub async fn get_passport(id: String) -> Result<Passport, AppError> {
    use ssr::*;
    let user = require(permissions::RESOURCES_READ)?;
    with_status(repo::passport(&db()?, &user, key(&id)?, today()).await)
}

/// Saves a district passport (and marks it verified today when asked); the new version.
#[server(prefix = "/api", endpoint = "resources/save_passport", input = Json, output = Json)]
pub async fn save_passport(id: String, version: i64, form: PassportForm) -> Result<i64, AppError> {
    use ssr::*;
    let user = require(permissions::RESOURCES_EDIT)?;
    let db = db()?;
    let key = key(&id)?;
    if !can_edit_passport(&user, key) {
        return with_status(Err(AppError::Forbidden("Паспорт ведут специалисты этого участка".into())));
    }
    let passport = with_status(validate_passport(&form).map_err(AppError::Validation))?;
    let version = with_status(repo::save_passport(&db, &user, key, version, &passport, today()).await)?;
    let what = if passport.verified { "сохранён и проверен" } else { "сохранён" };
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("district:{key}")),
        format!("Паспорт участка {what}"),
        vec![],
    )
    .await?;
    Ok(version)
}

#[server(prefix = "/api", endpoint = "resources/passports_due", output = Json)]
pub async fn passports_due() -> Result<Vec<PassportDue>, AppError> {
    use ssr::*;
    require(permissions::RESOURCES_READ)?;
    repo::passports_due(&db()?, today()).await
}

#[server(prefix = "/api", endpoint = "resources/coverage", output = Json)]
pub async fn load_coverage() -> Result<Coverage, AppError> {
    use ssr::*;
    require(permissions::RESOURCES_READ)?;
    repo::coverage(&db()?).await
}

/// Replaces district boundaries from a GeoJSON FeatureCollection; how many districts changed.
#[server(prefix = "/api", endpoint = "resources/boundaries", input = Json, output = Json)]
pub async fn import_boundaries(geojson: String) -> Result<usize, AppError> {
    use ssr::*;
    let user = require(permissions::DISTRICT_BOUNDARIES)?;
    let db = db()?;
    let districts = crate::districts::repo::list(&db).await?;
    let boundaries =
        with_status(super::geojson::boundaries(&geojson, &districts).map_err(|m| AppError::field("file", m)))?;
    let count = boundaries.len();
    with_status(repo::save_boundaries(&db, boundaries).await)?;
    audit(&db, &Actor::user(&user), AuditAction::Update, None, format!("Границы участков загружены: {count}"), vec![])
        .await?;
    Ok(count)
}

/// Both registries of donated help; of the families the first `shown` (a page when not said).
#[server(prefix = "/api", endpoint = "resources/donations", output = Json)]
pub async fn load_donations(archived: bool, shown: Option<usize>) -> Result<Donations, AppError> {
    use ssr::*;
    let user = require(permissions::RESOURCES_READ)?;
    let db = db()?;
    let (benefactors, mut beneficiaries) = repo::donations(&db, &user, archived).await?;
    let beneficiaries_total = beneficiaries.len();
    beneficiaries.truncate(shown.unwrap_or(DONATIONS_PAGE).max(1));
    audit(&db, &Actor::user(&user), AuditAction::View, None, "Реестры благотворителей и благополучателей", vec![])
        .await?;
    Ok(Donations {
        benefactors,
        beneficiaries,
        beneficiaries_total,
        can_edit: user.has_any(permissions::RESOURCES_EDIT),
    })
}

/// Adds (empty id) or updates a benefactor; its key.
#[server(prefix = "/api", endpoint = "resources/save_benefactor", input = Json, output = Json)]
pub async fn save_benefactor(id: String, version: i64, form: BenefactorForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::RESOURCES_EDIT)?;
    let db = db()?;
    let existing = if id.is_empty() { None } else { Some(key(&id)?) };
    let help_kinds = repo::help_kinds(&db).await?;
    let districts = repo::district_keys(&db).await?;
    let benefactor = with_status(validate_benefactor(&form, &help_kinds, &districts).map_err(AppError::Validation))?;
    // A caseworker keeps the benefactors of her districts (and those of the whole territory).
    let before = match existing {
        Some(key) => with_status(repo::benefactor_districts(&db, key).await)?,
        None => Vec::new(),
    };
    if !can_edit_partner(&user, &before) || !can_edit_partner(&user, &benefactor.districts) {
        return with_status(Err(AppError::Forbidden("Благотворителей других участков ведут их специалисты".into())));
    }
    let saved =
        with_status(repo::save_benefactor(&db, &user, existing, version, &benefactor, chrono::Utc::now()).await)?;
    let action = if existing.is_some() { AuditAction::Update } else { AuditAction::Create };
    audit(
        &db,
        &Actor::user(&user),
        action,
        Some(format!("benefactor:{saved}")),
        format!("Благотворитель «{}»", benefactor.name),
        vec![],
    )
    .await?;
    Ok(saved)
}

/// Adds (empty id) or updates a beneficiary; its key.
#[server(prefix = "/api", endpoint = "resources/save_beneficiary", input = Json, output = Json)]
pub async fn save_beneficiary(id: String, version: i64, form: BeneficiaryForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::RESOURCES_EDIT)?;
    let db = db()?;
    let existing = if id.is_empty() { None } else { Some(key(&id)?) };
    let help_kinds = repo::help_kinds(&db).await?;
    let districts = repo::district_keys(&db).await?;
    let beneficiary = with_status(validate_beneficiary(&form, &help_kinds, &districts).map_err(AppError::Validation))?;
    // The family's record: of a case the user sees (checked with the case number), or of her district.
    if let Some(key) = existing {
        with_status(repo::visible_beneficiary(&db, &user, key).await)?;
    }
    if beneficiary.case.is_none() && !repo::may_keep_family(&user, beneficiary.district.as_deref()) {
        return with_status(Err(AppError::field("district", "Семьи других участков ведут их специалисты")));
    }
    let saved =
        with_status(repo::save_beneficiary(&db, &user, existing, version, &beneficiary, chrono::Utc::now()).await)?;
    let action = if existing.is_some() { AuditAction::Update } else { AuditAction::Create };
    audit(
        &db,
        &Actor::user(&user),
        action,
        Some(format!("beneficiary:{saved}")),
        format!("Благополучатель «{}»", beneficiary.name),
        vec![],
    )
    .await?;
    Ok(saved)
}

/// Archives a benefactor («benefactor») or a beneficiary («beneficiary»), or brings it back.
#[server(prefix = "/api", endpoint = "resources/archive_donation", input = Json, output = Json)]
pub async fn archive_donation(registry: String, id: String, version: i64, archived: bool) -> Result<i64, AppError> {
    use ssr::*;
    let user = require(permissions::RESOURCES_EDIT)?;
    let db = db()?;
    let table = match registry.as_str() {
        "benefactor" => "benefactor",
        "beneficiary" => "beneficiary",
        _ => return with_status(Err(AppError::NotFound("Такого реестра нет".into()))),
    };
    let id = key(&id)?;
    match table {
        "beneficiary" => with_status(repo::visible_beneficiary(&db, &user, id).await)?,
        _ => {
            let districts = with_status(repo::benefactor_districts(&db, id).await)?;
            if !can_edit_partner(&user, &districts) {
                return with_status(Err(AppError::Forbidden(
                    "Благотворителей других участков ведут их специалисты".into(),
                )));
            }
        }
    }
    let version = with_status(repo::archive_donation(&db, &user, table, id, version, archived).await)?;
    let what = if archived { "в архив" } else { "из архива" };
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("{table}:{id}")),
        format!("Запись реестра {what}"),
        vec![],
    )
    .await?;
    Ok(version)
}

/// Checks (`apply` false) or imports a CSV or XLSX file of the registry, sent as base64.
#[server(prefix = "/api", endpoint = "resources/import", input = Json, output = Json)]
pub async fn import_partners(file_name: String, data: String, apply: bool) -> Result<ImportReport, AppError> {
    use ssr::*;
    let user = require(permissions::RESOURCES_EDIT)?;
    let db = db()?;
    let report = with_status(super::import::run(&db, &user, &file_name, &data, apply).await)?;
    if report.applied {
        audit(
            &db,
            &Actor::user(&user),
            AuditAction::Create,
            None,
            format!("Импорт реестра партнёров «{file_name}»: новых {}, обновлено {}", report.created, report.updated),
            vec![],
        )
        .await?;
    }
    Ok(report)
}
