//! The registries of benefactors and beneficiaries.

use super::common::*;
use crate::auth::CurrentUser;
use crate::db::{take_one, take_rows, Db};
use crate::error::{AppError, AppResult};
use crate::resources::types::*;
use crate::resources::validate::{ValidBenefactor, ValidBeneficiary};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use surrealdb::types::{RecordId, SurrealValue};

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
    /// Who may see the family's case, when it has one.
    #[serde(default)]
    case_district: Option<String>,
    #[serde(default)]
    case_curator: Option<String>,
    #[serde(default)]
    case_created_by: Option<String>,
    #[serde(default)]
    case_specialists: Vec<String>,
}

impl BeneficiaryRow {
    /// A family of the registry is personal data: one with a case is seen by those who see the
    /// case; one without, by the supervisors and the caseworkers of its district.
    fn visible_to(&self, user: &CurrentUser) -> bool {
        match &self.case {
            Some(_) => crate::cases::visibility::can_see(
                user,
                self.case_district.as_deref(),
                self.case_curator.as_deref(),
                self.case_created_by.as_deref().unwrap_or_default(),
                &self.case_specialists,
            ),
            None => may_keep_family(user, self.district.as_deref()),
        }
    }
}

/// Whether a user keeps the records of a family in this district (none: the whole territory):
/// supervisors all, caseworkers those of their districts.
pub fn may_keep_family(user: &CurrentUser, district: Option<&str>) -> bool {
    use crate::auth::Role;
    user.has(Role::Supervisor)
        || (user.has(Role::Caseworker) && district.is_none_or(|d| user.districts.iter().any(|u| u == d)))
}

/// Both registries of donated help; archived records only when asked.
pub async fn donations(db: &Db, user: &CurrentUser, archived: bool) -> AppResult<(Vec<Benefactor>, Vec<Beneficiary>)> {
    let mut response = db
        .query(
            "SELECT record::id(id) AS id, kind, name, contact, phone, help, offer,
                 districts.map(|$d| record::id($d)) AS districts, archived, version,
                 count((SELECT id FROM beneficiary WHERE benefactor = $parent.id AND archived = false)) AS helping
             FROM benefactor WHERE archived = $archived ORDER BY name;
             SELECT record::id(id) AS id, name, IF district != NONE { record::id(district) } AS district, members, help,
                 need, IF case != NONE { record::id(case) } AS case, case.year AS case_year, case.number AS case_number,
                 IF benefactor != NONE { record::id(benefactor) } AS benefactor, benefactor.name AS benefactor_name,
                 status, archived, version,
                 IF case != NONE AND case.district != NONE { record::id(case.district) } AS case_district,
                 IF case != NONE AND case.curator != NONE { record::id(case.curator) } AS case_curator,
                 IF case != NONE { record::id(case.created_by) } AS case_created_by,
                 array::map(case.specialists ?? [], |$s| record::id($s)) AS case_specialists
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
        .filter(|r| r.visible_to(user))
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
            None => AppError::internal(format!("{table} was not created")),
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

/// Finds a case the user may see by its number («2026-0015» or «2026-15») or key: a case the
/// user may not see is answered as one that does not exist.
async fn case_by_number(db: &Db, user: &CurrentUser, value: &str) -> AppResult<Option<String>> {
    let Some(key) = any_case_by_number(db, value).await? else { return Ok(None) };
    Ok(crate::cases::repo::visible_row(db, user, &key).await.ok().map(|_| key))
}

async fn any_case_by_number(db: &Db, value: &str) -> AppResult<Option<String>> {
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
        Some(value) => match case_by_number(db, user, value).await? {
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

/// Archives a benefactor or a beneficiary (table name checked by the caller) of the version the
/// user saw: a record changed meanwhile is a conflict, not silently archived; its new version.
pub async fn archive_donation(
    db: &Db,
    user: &CurrentUser,
    table: &'static str,
    id: &str,
    version: i64,
    archived: bool,
) -> AppResult<i64> {
    let mut response = db
        .query(
            "UPDATE $id SET archived = $archived, version = version + 1, updated_at = time::now(),
                 updated_by_name = $by WHERE version = $version
             RETURN VALUE version",
        )
        .bind(("id", RecordId::new(table, id.to_string())))
        .bind(("archived", archived))
        .bind(("by", user.full_name.clone()))
        .bind(("version", version))
        .await?;
    let updated: Vec<i64> = take_rows(&mut response, 0)?;
    match updated.first() {
        Some(version) => Ok(*version),
        None => Err(conflict(db, table, id).await),
    }
}

/// A beneficiary the user may see, or «not found».
pub async fn visible_beneficiary(db: &Db, user: &CurrentUser, id: &str) -> AppResult<()> {
    let mut response = db
        .query(
            "SELECT record::id(id) AS id, name, IF district != NONE { record::id(district) } AS district, members, help,
                 need, IF case != NONE { record::id(case) } AS case, case.year AS case_year, case.number AS case_number,
                 IF benefactor != NONE { record::id(benefactor) } AS benefactor, benefactor.name AS benefactor_name,
                 status, archived, version,
                 IF case != NONE AND case.district != NONE { record::id(case.district) } AS case_district,
                 IF case != NONE AND case.curator != NONE { record::id(case.curator) } AS case_curator,
                 IF case != NONE { record::id(case.created_by) } AS case_created_by,
                 array::map(case.specialists ?? [], |$s| record::id($s)) AS case_specialists
             FROM $id",
        )
        .bind(("id", RecordId::new("beneficiary", id.to_string())))
        .await?;
    match take_one::<BeneficiaryRow>(&mut response, 0)? {
        Some(row) if row.visible_to(user) => Ok(()),
        _ => Err(AppError::NotFound("Запись не найдена".into())),
    }
}

/// The districts a benefactor serves (none: the whole territory), or «not found».
pub async fn benefactor_districts(db: &Db, id: &str) -> AppResult<Vec<String>> {
    let mut response = db
        .query("SELECT VALUE districts.map(|$d| record::id($d)) FROM $id")
        .bind(("id", RecordId::new("benefactor", id.to_string())))
        .await?;
    let found: Option<Vec<String>> = response.take(0)?;
    found.ok_or_else(|| AppError::NotFound("Запись не найдена".into()))
}
