//! Database side of the resource map. Server-only; reached from the server functions, the
//! downloads, the demo data, the benchmarks and the integration tests.

use super::access::{can_edit_partner, can_edit_passport, passport_due, passport_overdue};

use super::types::*;
use super::validate::ValidPartner;
use super::validate::{ValidBenefactor, ValidBeneficiary, ValidPassport};
use crate::auth::CurrentUser;
use crate::db::filter::{Filter, Lit, Op};
use crate::db::{date_text, take_one, take_rows, transaction_error, Db};
use crate::error::{AppError, AppResult};
use crate::keys::RecordKey;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use surrealdb::types::{RecordId, SurrealValue};

/// The most rows the registry sends at once; the map shows the markers of those rows.
pub const LIST_LIMIT: usize = 500;

fn district_ids(keys: &[String]) -> Vec<RecordId> {
    keys.iter().map(|k| RecordId::new("district", k.clone())).collect()
}

/// The kinds of help, in their order.
pub async fn help_kinds(db: &Db) -> AppResult<Vec<HelpKind>> {
    let mut response =
        db.query("SELECT record::id(id) AS code, label, sort FROM help_kind WHERE active = true ORDER BY sort").await?;
    take_rows::<HelpKind>(&mut response, 0)
}

/// Keys of the active districts.
pub async fn district_keys(db: &Db) -> AppResult<Vec<String>> {
    Ok(crate::districts::repo::list(db).await?.into_iter().map(|d| d.id).collect())
}

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
pub async fn save_boundaries(db: &Db, boundaries: Vec<(String, super::geojson::Rings)>) -> AppResult<()> {
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

#[derive(Debug, Deserialize)]
struct ServiceRow {
    name: String,
    description: String,
    help: Vec<String>,
    eligibility: String,
    cost: Cost,
    hours: String,
}

#[derive(Debug, Deserialize)]
struct AgreementRow {
    number: String,
    date: NaiveDate,
    until: Option<NaiveDate>,
}

const PARTNER_FIELDS: &str = "record::id(id) AS id, kind, name, description, address, phones, email, website, \
    contact_person, lat, lon, districts.map(|$d| record::id($d)) AS districts, hours, services, agreement, verified_on, \
    verified_by_name, archived, updated_by_name, version";

#[derive(Debug, Deserialize)]
struct PartnerRow {
    id: String,
    kind: PartnerKind,
    name: String,
    description: String,
    address: String,
    phones: Vec<String>,
    email: Option<String>,
    website: Option<String>,
    contact_person: String,
    lat: Option<f64>,
    lon: Option<f64>,
    districts: Vec<String>,
    hours: String,
    services: Vec<ServiceRow>,
    agreement: Option<AgreementRow>,
    verified_on: Option<NaiveDate>,
    verified_by_name: Option<String>,
    archived: bool,
    updated_by_name: String,
    version: i64,
}

impl PartnerRow {
    fn into_partner(self) -> Partner {
        Partner {
            id: self.id,
            kind: self.kind,
            name: self.name,
            description: self.description,
            address: self.address,
            phones: self.phones,
            email: self.email,
            website: self.website,
            contact_person: self.contact_person,
            lat: self.lat,
            lon: self.lon,
            districts: self.districts,
            hours: self.hours,
            services: self
                .services
                .into_iter()
                .map(|s| Service {
                    name: s.name,
                    description: s.description,
                    help: s.help,
                    eligibility: s.eligibility,
                    cost: s.cost,
                    hours: s.hours,
                })
                .collect(),
            agreement: self.agreement.map(|a| Agreement { number: a.number, date: a.date, until: a.until }),
            verified_on: self.verified_on,
            verified_by_name: self.verified_by_name,
            archived: self.archived,
            updated_by_name: self.updated_by_name,
            version: self.version,
        }
    }
}

const SUMMARY_FIELDS: &str = "record::id(id) AS id, kind, name, address, phones[0] AS phone, lat, lon, \
    districts.map(|$d| record::id($d)) AS districts, help, free, discount, agreement, verified_on, archived, version";

#[derive(Debug, Deserialize)]
struct SummaryRow {
    id: String,
    kind: PartnerKind,
    name: String,
    address: String,
    phone: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    districts: Vec<String>,
    help: Vec<String>,
    free: bool,
    discount: bool,
    agreement: Option<AgreementRow>,
    verified_on: Option<NaiveDate>,
    archived: bool,
    version: i64,
}

impl SummaryRow {
    fn into_summary(self, user: &CurrentUser, today: NaiveDate) -> PartnerSummary {
        let editable = can_edit_partner(user, &self.districts);
        PartnerSummary {
            agreement_in_force: self
                .agreement
                .map(|a| Agreement { number: a.number, date: a.date, until: a.until }.in_force(today))
                .unwrap_or(false),
            id: self.id,
            kind: self.kind,
            name: self.name,
            address: self.address,
            phone: self.phone,
            lat: self.lat,
            lon: self.lon,
            districts: self.districts,
            help: self.help,
            free: self.free,
            discount: self.discount,
            verified_on: self.verified_on,
            archived: self.archived,
            version: self.version,
            editable,
        }
    }
}

/// The conditions of a registry query; none when it names a district that does not exist.
pub fn partner_filter(query: &PartnerQuery, today: NaiveDate) -> Option<Filter> {
    let mut f = Filter::new();
    f.equals("archived", Lit::bool(query.archived));
    if let Some(terms) = &super::search::query_terms(&query.text) {
        f.bound("search_text @1@ $terms", "terms", serde_json::json!(terms));
    }
    if !query.help.is_empty() {
        f.bound("$help IN help", "help", serde_json::json!(query.help));
    }
    if let Some(kind) = PartnerKind::from_code(&query.kind) {
        f.equals("kind", Lit::code(kind.code()));
    }
    if !query.district.is_empty() {
        let Some(district) = RecordKey::parse(&query.district) else {
            return None;
        };
        let mut everywhere = Filter::new();
        everywhere.fixed("array::len(districts) = 0");
        let mut here = Filter::new();
        here.contains("districts", Lit::key("district", &district));
        f.any_of(vec![everywhere, here]);
    }
    match query.cost.as_str() {
        "free" => {
            f.fixed("free = true");
        }
        "discount" => {
            f.fixed("(free = true OR discount = true)");
        }
        _ => {}
    }
    if query.agreement {
        let today = Lit::date(today);
        f.some("agreement").compare("agreement.date", Op::Le, today.clone());
        let mut open_ended = Filter::new();
        open_ended.none("agreement.until");
        let mut valid = Filter::new();
        valid.compare("agreement.until", Op::Ge, today);
        f.any_of(vec![open_ended, valid]);
    }
    Some(f)
}

/// The registry, filtered. With a search text the best matches come first, otherwise by name.
pub async fn list(
    db: &Db,
    user: &CurrentUser,
    query: &PartnerQuery,
    today: NaiveDate,
    limit: usize,
) -> AppResult<PartnerList> {
    let terms = super::search::query_terms(&query.text);
    let Some(f) = partner_filter(query, today) else {
        return Ok(PartnerList { partners: Vec::new(), more: false });
    };
    let order =
        if terms.is_some() { "search::score(1) AS score ORDER BY score DESC, name" } else { "name ORDER BY name" };
    let (order_field, order_by) = order.split_once(" ORDER BY ").unwrap_or((order, "name"));
    let sql = format!(
        "SELECT {SUMMARY_FIELDS}, {order_field} FROM partner {} ORDER BY {order_by} LIMIT {}",
        f.where_clause(),
        limit + 1
    );
    let mut response = f.bind(db.query(sql)).await?;
    let rows = take_rows::<SummaryRow>(&mut response, 0)?;
    let more = rows.len() > limit;
    Ok(PartnerList { partners: rows.into_iter().take(limit).map(|r| r.into_summary(user, today)).collect(), more })
}

/// One partner.
pub async fn get(db: &Db, id: &str) -> AppResult<Option<Partner>> {
    let mut response = db
        .query(format!("SELECT {PARTNER_FIELDS} FROM $id"))
        .bind(("id", RecordId::new("partner", id.to_string())))
        .await?;
    Ok(take_one::<PartnerRow>(&mut response, 0)?.map(PartnerRow::into_partner))
}

/// Every partner, archived ones too, for the export.
pub async fn all(db: &Db) -> AppResult<Vec<Partner>> {
    let mut response = db.query(format!("SELECT {PARTNER_FIELDS} FROM partner ORDER BY name")).await?;
    Ok(take_rows::<PartnerRow>(&mut response, 0)?.into_iter().map(PartnerRow::into_partner).collect())
}

#[derive(SurrealValue)]
struct ServiceContent {
    name: String,
    description: String,
    help: Vec<String>,
    eligibility: String,
    cost: String,
    hours: String,
}

#[derive(SurrealValue)]
struct AgreementContent {
    number: String,
    date: String,
    until: Option<String>,
}

/// What a partner form writes.
#[derive(SurrealValue)]
struct PartnerContent {
    kind: String,
    name: String,
    description: String,
    address: String,
    phones: Vec<String>,
    email: Option<String>,
    website: Option<String>,
    contact_person: String,
    lat: Option<f64>,
    lon: Option<f64>,
    districts: Vec<RecordId>,
    hours: String,
    services: Vec<ServiceContent>,
    help: Vec<String>,
    free: bool,
    discount: bool,
    agreement: Option<AgreementContent>,
    verified_on: Option<String>,
    verified_by_name: Option<String>,
    search_text: String,
    updated_at: DateTime<Utc>,
    updated_by: Option<RecordId>,
    updated_by_name: String,
}

impl PartnerContent {
    fn new(
        p: &ValidPartner,
        help_kinds: &[HelpKind],
        verified_by: Option<String>,
        user: &CurrentUser,
        now: DateTime<Utc>,
    ) -> Self {
        PartnerContent {
            kind: p.kind.code().to_string(),
            name: p.name.clone(),
            description: p.description.clone(),
            address: p.address.clone(),
            phones: p.phones.clone(),
            email: p.email.clone(),
            website: p.website.clone(),
            contact_person: p.contact_person.clone(),
            lat: p.lat,
            lon: p.lon,
            districts: district_ids(&p.districts),
            hours: p.hours.clone(),
            services: p
                .services
                .iter()
                .map(|s| ServiceContent {
                    name: s.name.clone(),
                    description: s.description.clone(),
                    help: s.help.clone(),
                    eligibility: s.eligibility.clone(),
                    cost: s.cost.code().to_string(),
                    hours: s.hours.clone(),
                })
                .collect(),
            help: help_of(&p.services),
            free: p.services.iter().any(|s| s.cost == Cost::Free),
            discount: p.services.iter().any(|s| s.cost == Cost::Discount),
            agreement: p.agreement.as_ref().map(|a| AgreementContent {
                number: a.number.clone(),
                date: date_text(a.date),
                until: a.until.map(date_text),
            }),
            verified_on: p.verified_on.map(date_text),
            verified_by_name: p.verified_on.and(verified_by),
            search_text: p.search_text(help_kinds),
            updated_at: now,
            updated_by: Some(RecordId::new("user", user.id.clone())),
            updated_by_name: user.full_name.clone(),
        }
    }
}

/// Adds a partner; its key.
pub async fn create(
    db: &Db,
    user: &CurrentUser,
    partner: &ValidPartner,
    help_kinds: &[HelpKind],
    now: DateTime<Utc>,
) -> AppResult<String> {
    #[derive(Deserialize)]
    struct Created {
        id: String,
    }
    let content = PartnerContent::new(partner, help_kinds, Some(user.full_name.clone()), user, now);
    let mut response = db
        .query(
            "CREATE ONLY partner CONTENT object::extend($content, { archived: false, created_at: $now, version: 1 })
             RETURN record::id(id) AS id",
        )
        .bind(("content", content))
        .bind(("now", now))
        .await?;
    take_one::<Created>(&mut response, 0)?
        .map(|c| c.id)
        .ok_or_else(|| AppError::Internal("partner was not created".into()))
}

/// Who changed a record last, for a conflict message.
async fn conflict(db: &Db, table: &str, id: &str) -> AppError {
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

/// Writes a partner's new details if nobody changed it since `version`.
pub async fn update(
    db: &Db,
    user: &CurrentUser,
    id: &str,
    version: i64,
    partner: &ValidPartner,
    help_kinds: &[HelpKind],
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let current = get(db, id).await?.ok_or_else(|| AppError::NotFound("Партнёр не найден".into()))?;
    // The verifier's name is kept while the date stays; a new date records who verified.
    let verified_by = if partner.verified_on == current.verified_on {
        current.verified_by_name.clone()
    } else {
        Some(user.full_name.clone())
    };
    let content = PartnerContent::new(partner, help_kinds, verified_by, user, now);
    let mut response = db
        .query(
            "UPDATE $id MERGE object::extend($content, { version: $version + 1 }) WHERE version = $version
             RETURN VALUE version",
        )
        .bind(("id", RecordId::new("partner", id.to_string())))
        .bind(("content", content))
        .bind(("version", version))
        .await?;
    let updated: Vec<i64> = take_rows(&mut response, 0)?;
    match updated.first() {
        Some(v) => Ok(*v),
        None => Err(conflict(db, "partner", id).await),
    }
}

/// Writes some fields of a partner if nobody changed it since `version`; the new version.
async fn touch(
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

/// Moves a partner's marker; the new version.
pub async fn set_location(
    db: &Db,
    user: &CurrentUser,
    id: &str,
    version: i64,
    lat: f64,
    lon: f64,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    touch(db, user, id, version, serde_json::json!({ "lat": lat, "lon": lon }), now).await
}

/// Archives a partner or brings it back; the new version.
pub async fn set_archived(
    db: &Db,
    user: &CurrentUser,
    id: &str,
    version: i64,
    archived: bool,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    touch(db, user, id, version, serde_json::json!({ "archived": archived }), now).await
}

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

#[derive(Deserialize)]
struct CoverageRow {
    districts: Vec<String>,
    help: Vec<String>,
}

async fn coverage_rows(db: &Db) -> AppResult<Vec<CoverageRow>> {
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

#[derive(Deserialize)]
struct BenefactorRow {
    id: String,
    kind: BenefactorKind,
    name: String,
    contact: String,
    phone: Option<String>,
    help: Vec<String>,
    offer: String,
    districts: Vec<String>,
    archived: bool,
    version: i64,
    helping: usize,
}

#[derive(Deserialize)]
struct BeneficiaryRow {
    id: String,
    name: String,
    district: Option<String>,
    members: i64,
    help: Vec<String>,
    need: String,
    case: Option<String>,
    case_year: Option<i64>,
    case_number: Option<i64>,
    benefactor: Option<String>,
    benefactor_name: Option<String>,
    status: BeneficiaryStatus,
    archived: bool,
    version: i64,
}

/// Both registries of donated help; archived records only when asked.
pub async fn donations(db: &Db, archived: bool) -> AppResult<(Vec<Benefactor>, Vec<Beneficiary>)> {
    let mut response = db
        .query(
            "SELECT record::id(id) AS id, kind, name, contact, phone, help, offer,
                 districts.map(|$d| record::id($d)) AS districts, archived, version,
                 count((SELECT id FROM beneficiary WHERE benefactor = $parent.id AND archived = false)) AS helping
             FROM benefactor WHERE archived = $archived ORDER BY name;
             SELECT record::id(id) AS id, name, IF district != NONE { record::id(district) } AS district, members, help,
                 need, IF case != NONE { record::id(case) } AS case, case.year AS case_year, case.number AS case_number,
                 IF benefactor != NONE { record::id(benefactor) } AS benefactor, benefactor.name AS benefactor_name,
                 status, archived, version
             FROM beneficiary WHERE archived = $archived ORDER BY name;",
        )
        .bind(("archived", archived))
        .await?;
    let benefactors = take_rows::<BenefactorRow>(&mut response, 0)?
        .into_iter()
        .map(|r| Benefactor {
            id: r.id,
            kind: r.kind,
            name: r.name,
            contact: r.contact,
            phone: r.phone,
            help: r.help,
            offer: r.offer,
            districts: r.districts,
            archived: r.archived,
            version: r.version,
            helping: r.helping,
        })
        .collect();
    let beneficiaries = take_rows::<BeneficiaryRow>(&mut response, 1)?
        .into_iter()
        .map(|r| Beneficiary {
            case: r.case.map(|key| {
                let label = match (r.case_year, r.case_number) {
                    (Some(y), Some(n)) => crate::cases::repo::case_number(y, n),
                    _ => key.clone(),
                };
                (key, label)
            }),
            benefactor: r.benefactor.map(|key| (key, r.benefactor_name.unwrap_or_default())),
            id: r.id,
            name: r.name,
            district: r.district,
            members: r.members,
            help: r.help,
            need: r.need,
            status: r.status,
            archived: r.archived,
            version: r.version,
        })
        .collect();
    Ok((benefactors, beneficiaries))
}

#[derive(SurrealValue)]
struct BenefactorContent {
    kind: String,
    name: String,
    contact: String,
    phone: Option<String>,
    help: Vec<String>,
    offer: String,
    districts: Vec<RecordId>,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
}

/// Creates (id None) or updates a benefactor; its key.
pub async fn save_benefactor(
    db: &Db,
    user: &CurrentUser,
    id: Option<&str>,
    version: i64,
    b: &ValidBenefactor,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let content = BenefactorContent {
        kind: b.kind.code().into(),
        name: b.name.clone(),
        contact: b.contact.clone(),
        phone: b.phone.clone(),
        help: b.help.clone(),
        offer: b.offer.clone(),
        districts: district_ids(&b.districts),
        updated_at: now,
        updated_by_name: user.full_name.clone(),
    };
    save_record(db, "benefactor", id, version, content).await
}

async fn save_record<C: SurrealValue + 'static>(
    db: &Db,
    table: &'static str,
    id: Option<&str>,
    version: i64,
    content: C,
) -> AppResult<String> {
    #[derive(Deserialize)]
    struct Saved {
        id: String,
    }
    let mut response = match id {
        None => {
            db.query(format!(
                "CREATE ONLY {table} CONTENT object::extend($content, {{ archived: false, version: 1 }})
                 RETURN record::id(id) AS id"
            ))
            .bind(("content", content))
            .await?
        }
        Some(key) => {
            db.query(
                "UPDATE ONLY $id MERGE object::extend($content, { version: $version + 1 }) WHERE version = $version
                 RETURN record::id(id) AS id",
            )
            .bind(("id", RecordId::new(table, key.to_string())))
            .bind(("content", content))
            .bind(("version", version))
            .await?
        }
    };
    match take_one::<Saved>(&mut response, 0)? {
        Some(saved) => Ok(saved.id),
        None => Err(match id {
            Some(key) => conflict(db, table, key).await,
            None => AppError::Internal(format!("{table} was not created")),
        }),
    }
}

#[derive(SurrealValue)]
struct BeneficiaryContent {
    name: String,
    district: Option<RecordId>,
    members: i64,
    help: Vec<String>,
    need: String,
    case: Option<RecordId>,
    benefactor: Option<RecordId>,
    status: String,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
}

/// Finds a case by its number («2026-0015» or «2026-15») or key.
async fn case_by_number(db: &Db, value: &str) -> AppResult<Option<String>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
    }
    let mut response = if let Some((year, number)) = value.split_once('-') {
        let (Ok(year), Ok(number)) = (year.trim().parse::<i64>(), number.trim().parse::<i64>()) else {
            return Ok(None);
        };
        db.query("SELECT record::id(id) AS id FROM case_file WHERE year = $year AND number = $number LIMIT 1")
            .bind(("year", year))
            .bind(("number", number))
            .await?
    } else if crate::keys::is_record_key(value) {
        db.query("SELECT record::id(id) AS id FROM $id")
            .bind(("id", RecordId::new("case_file", value.to_string())))
            .await?
    } else {
        return Ok(None);
    };
    Ok(take_one::<Row>(&mut response, 0)?.map(|r| r.id))
}

/// Creates (id None) or updates a beneficiary; its key.
pub async fn save_beneficiary(
    db: &Db,
    user: &CurrentUser,
    id: Option<&str>,
    version: i64,
    b: &ValidBeneficiary,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let case = match &b.case {
        Some(value) => match case_by_number(db, value).await? {
            Some(key) => Some(RecordId::new("case_file", key)),
            None => return Err(AppError::field("case", "Случая с таким номером нет (пример: 2026-0015)")),
        },
        None => None,
    };
    let benefactor = match &b.benefactor {
        Some(key) if crate::keys::is_record_key(key) => {
            let mut response =
                db.query("SELECT VALUE id FROM $id").bind(("id", RecordId::new("benefactor", key.clone()))).await?;
            let found: Option<RecordId> = response.take(0).ok().flatten();
            match found {
                Some(id) => Some(id),
                None => return Err(AppError::field("benefactor", "Такого благотворителя нет")),
            }
        }
        Some(_) => return Err(AppError::field("benefactor", "Такого благотворителя нет")),
        None => None,
    };
    let content = BeneficiaryContent {
        name: b.name.clone(),
        district: b.district.clone().map(|k| RecordId::new("district", k)),
        members: b.members,
        help: b.help.clone(),
        need: b.need.clone(),
        case,
        benefactor,
        status: b.status.code().into(),
        updated_at: now,
        updated_by_name: user.full_name.clone(),
    };
    save_record(db, "beneficiary", id, version, content).await
}

/// Archives a benefactor or a beneficiary (table name checked by the caller).
pub async fn archive_donation(db: &Db, table: &'static str, id: &str, archived: bool) -> AppResult<()> {
    let mut response = db
        .query("UPDATE $id SET archived = $archived, version = version + 1 RETURN VALUE record::id(id)")
        .bind(("id", RecordId::new(table, id.to_string())))
        .bind(("archived", archived))
        .await?;
    let updated: Vec<String> = take_rows(&mut response, 0)?;
    if updated.is_empty() {
        return Err(AppError::NotFound("Запись не найдена".into()));
    }
    Ok(())
}

/// A partner of an imported file: the one it updates, if any, and its new details.
pub struct Imported {
    pub current: Option<Partner>,
    pub partner: ValidPartner,
}

/// Writes imported partners in one transaction. Who verified a partner is kept while the date
/// of verification stays the same; a new date is credited to the importer.
pub async fn import(
    db: &Db,
    user: &CurrentUser,
    partners: &[Imported],
    help_kinds: &[HelpKind],
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut creates = Vec::new();
    let mut updates = Vec::new();
    for Imported { current, partner } in partners {
        let verified_by = match current {
            Some(c) if c.verified_on == partner.verified_on => c.verified_by_name.clone(),
            _ => Some(user.full_name.clone()),
        };
        let content = PartnerContent::new(partner, help_kinds, verified_by, user, now);
        match current {
            Some(c) => updates.push((RecordId::new("partner", c.id.clone()), content)),
            None => creates.push(content),
        }
    }
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             FOR $content IN $creates {
                 CREATE partner CONTENT object::extend($content, { archived: false, created_at: $now, version: 1 });
             };
             FOR $row IN $updates {
                 UPDATE $row[0] MERGE object::extend($row[1], { version: version + 1 });
             };
             COMMIT TRANSACTION;",
        )
        .bind(("creates", creates))
        .bind(("updates", updates))
        .bind(("now", now))
        .await?;
    match transaction_error(&mut response) {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

/// Keys of partners that exist, among these.
pub async fn existing(db: &Db, keys: Vec<String>) -> AppResult<Vec<String>> {
    let ids: Vec<RecordId> = keys.into_iter().map(|k| RecordId::new("partner", k)).collect();
    let mut response = db.query("SELECT VALUE record::id(id) FROM partner WHERE id IN $ids").bind(("ids", ids)).await?;
    take_rows(&mut response, 0)
}
