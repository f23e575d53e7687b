//! Partners of the registry: the list with its filters, one partner, writes with version checks.

use super::common::*;
use crate::auth::CurrentUser;
use crate::db::filter::{Filter, Lit, Op};
use crate::db::{date_text, take_one, take_rows, Db};
use crate::error::{AppError, AppResult};
use crate::keys::RecordKey;
use crate::resources::access::can_edit_partner;
use crate::resources::types::*;
use crate::resources::validate::ValidPartner;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use surrealdb::types::{RecordId, SurrealValue};

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
    if let Some(terms) = &crate::resources::search::query_terms(&query.text) {
        f.bound("search_text @1@ $terms", "terms", serde_json::json!(terms));
    }
    if !query.help.is_empty() {
        f.bound("$help IN help", "help", serde_json::json!(query.help));
    }
    if let Some(kind) = PartnerKind::from_code(&query.kind) {
        f.equals("kind", Lit::code(kind.code()));
    }
    if !query.district.is_empty() {
        let district = RecordKey::parse(&query.district)?;
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
    let terms = crate::resources::search::query_terms(&query.text);
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
pub(super) struct PartnerContent {
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
    pub(super) fn new(
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
    take_one::<Created>(&mut response, 0)?.map(|c| c.id).ok_or_else(|| AppError::internal("partner was not created"))
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
