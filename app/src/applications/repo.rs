//! Database side of the applications. Server-only; reached from the server functions in
//! `api.rs`, the XLSX export, the case pages (opening a case, attaching), the demo data and the
//! integration tests, which call the same functions.

use super::types::*;
use super::validate::ValidApplication;
use crate::auth::{CurrentUser, Role};
use crate::db::numbering::{YearSeries, SET_COUNTERS};
use crate::db::{created_key, date_text, take_one, take_rows, Db};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::keys::record_key;
use crate::social_services::{ServiceKind, SupportArea};
use crate::validation::fold_yo;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Deserialize;
use std::future::IntoFuture;
use surrealdb::types::{RecordId, SurrealValue};

/// Application numbers, one series per year of the date received.
const SERIES: YearSeries = YearSeries::new("application_counter");

/// The roles that receive applications: the dispatch desk, caseworkers, the head.
pub const RECEIVER_ROLES: &[Role] = &[Role::Dispatcher, Role::Caseworker, Role::Supervisor];

/// How an application is read: keys, the district's name and the case's number joined in.
const FIELDS: &str = "record::id(id) AS id, number, year, received_on, received_by_name, applicant_kind, \
    applicant_name, organisation, applicant_phone, citizen_name, citizen_birth_date, address, district, \
    district.name AS district_name, services, members, circumstances, consent_on, case, case.year AS case_year, \
    case.number AS case_number, case.title AS case_title, created_at, created_by_name, version, \
    record::id(received_by) AS received_by_id";

#[derive(Deserialize)]
struct MemberRow {
    full_name: String,
    relation: String,
    birth_date: Option<NaiveDate>,
    help: Vec<SupportArea>,
    help_detail: Option<String>,
}

#[derive(Deserialize)]
struct Row {
    id: String,
    number: i64,
    year: i32,
    received_on: NaiveDate,
    received_by_name: String,
    applicant_kind: ApplicantKind,
    applicant_name: Option<String>,
    organisation: Option<String>,
    applicant_phone: Option<String>,
    citizen_name: String,
    citizen_birth_date: Option<NaiveDate>,
    address: String,
    district: Option<String>,
    district_name: Option<String>,
    services: Vec<ServiceKind>,
    members: Vec<MemberRow>,
    circumstances: String,
    consent_on: NaiveDate,
    case: Option<String>,
    case_year: Option<i64>,
    case_number: Option<i64>,
    case_title: Option<String>,
    created_at: DateTime<Utc>,
    created_by_name: String,
    version: i64,
    #[serde(default)]
    received_by_id: Option<String>,
}

impl Row {
    fn into_application(self) -> Application {
        let case_label = match (self.case_year, self.case_number) {
            (Some(year), Some(number)) => {
                Some(format!("{year}-{number:04} «{}»", self.case_title.clone().unwrap_or_default()))
            }
            _ => None,
        };
        Application {
            id: self.id,
            number: self.number,
            year: self.year,
            received_on: self.received_on,
            received_by_name: self.received_by_name,
            applicant_kind: self.applicant_kind,
            applicant_name: self.applicant_name,
            organisation: self.organisation,
            applicant_phone: self.applicant_phone,
            citizen_name: self.citizen_name,
            citizen_birth_date: self.citizen_birth_date,
            address: self.address,
            district_id: self.district.as_deref().map(record_key),
            district_name: self.district_name,
            services: self.services,
            members: self
                .members
                .into_iter()
                .map(|m| ApplicationMember {
                    full_name: m.full_name,
                    relation: m.relation,
                    birth_date: m.birth_date,
                    help: m.help,
                    help_detail: m.help_detail,
                })
                .collect(),
            circumstances: self.circumstances,
            consent_on: self.consent_on,
            case_id: self.case.as_deref().map(record_key),
            case_label,
            created_at: self.created_at,
            created_by_name: self.created_by_name,
            version: self.version,
            received_by_id: self.received_by_id,
        }
    }
}

#[derive(SurrealValue, Clone)]
struct MemberContent {
    full_name: String,
    relation: String,
    birth_date: Option<String>,
    help: Vec<String>,
    help_detail: Option<String>,
}

/// What a registration writes.
#[derive(SurrealValue, Clone)]
struct Content {
    received_on: String,
    received_by: RecordId,
    received_by_name: String,
    applicant_kind: String,
    applicant_name: Option<String>,
    organisation: Option<String>,
    applicant_phone: Option<String>,
    citizen_name: String,
    citizen_birth_date: Option<String>,
    address: String,
    district: Option<RecordId>,
    services: Vec<String>,
    members: Vec<MemberContent>,
    circumstances: String,
    consent: bool,
    consent_on: String,
    search_text: String,
    updated_at: DateTime<Utc>,
    updated_by: RecordId,
    updated_by_name: String,
}

impl Content {
    fn new(application: &ValidApplication, receiver_name: &str, user: &CurrentUser, now: DateTime<Utc>) -> Self {
        Content {
            received_on: date_text(application.received_on),
            received_by: RecordId::new("user", application.received_by.clone()),
            received_by_name: receiver_name.to_string(),
            applicant_kind: application.applicant_kind.code().to_string(),
            applicant_name: application.applicant_name.clone(),
            organisation: application.organisation.clone(),
            applicant_phone: application.applicant_phone.clone(),
            citizen_name: application.citizen_name.clone(),
            citizen_birth_date: application.citizen_birth_date.map(date_text),
            address: application.address.clone(),
            district: application.district.as_ref().map(|d| RecordId::new("district", d.clone())),
            services: application.services.iter().map(|s| s.code().to_string()).collect(),
            members: application
                .members
                .iter()
                .map(|m| MemberContent {
                    full_name: m.full_name.clone(),
                    relation: m.relation.clone(),
                    birth_date: m.birth_date.map(date_text),
                    help: m.help.iter().map(|h| h.code().to_string()).collect(),
                    help_detail: m.help_detail.clone(),
                })
                .collect(),
            circumstances: application.circumstances.clone(),
            consent: true,
            consent_on: date_text(application.consent_on),
            search_text: search_text(application),
            updated_at: now,
            updated_by: RecordId::new("user", user.id.clone()),
            updated_by_name: user.full_name.clone(),
        }
    }
}

/// Words an application is found by: the citizen's, the applicant's and the members' names,
/// the organisation and the address, lower case with «ё» as «е».
pub fn search_text(application: &ValidApplication) -> String {
    let mut parts = vec![application.citizen_name.clone(), application.address.clone()];
    parts.extend(application.applicant_name.clone());
    parts.extend(application.organisation.clone());
    parts.extend(application.members.iter().map(|m| m.full_name.clone()));
    fold_yo(&parts.join(" ").to_lowercase())
}

/// The staff who may receive an application, by name.
pub async fn receivers(db: &Db) -> AppResult<Vec<Receiver>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        full_name: String,
        roles: Vec<Role>,
    }
    let mut response = db
        .query("SELECT record::id(id) AS id, full_name, roles FROM user WHERE active = true ORDER BY full_name")
        .await?
        .check()?;
    Ok(take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .filter(|r| r.roles.iter().any(|role| RECEIVER_ROLES.contains(role)))
        .map(|r| Receiver { id: r.id, full_name: r.full_name })
        .collect())
}

/// Checks the district and the receiver of an application; answers the receiver's name.
async fn check_links(db: &Db, application: &ValidApplication) -> AppResult<String> {
    Ok(links(db, application).await?.0)
}

/// Checks the district and the receiver of an application; answers the receiver's name and the
/// district's.
async fn links(db: &Db, application: &ValidApplication) -> AppResult<(String, Option<String>)> {
    let mut errors = FieldErrors::new();
    let mut district_name = None;
    if let Some(district) = &application.district {
        match crate::districts::repo::name_of(db, district).await {
            Ok(name) => district_name = Some(name),
            Err(_) => errors.add("district", "Такого социального участка нет"),
        }
    }
    let receiver = receivers(db).await?.into_iter().find(|r| r.id == application.received_by);
    if receiver.is_none() {
        errors.add("received_by", "Заявление принимает работающий специалист или заведующий");
    }
    errors.into_result()?;
    Ok((receiver.map(|r| r.full_name).unwrap_or_default(), district_name))
}

/// Registers an application in the journal. Its number is the next one of the year it was
/// received in, taken in the same transaction as the record (see `db::numbering`).
pub async fn register(db: &Db, user: &CurrentUser, application: &ValidApplication) -> AppResult<Application> {
    let receiver_name = check_links(db, application).await?;
    let year = i64::from(application.received_on.year());
    let created = created_key(|| {
        let now = Utc::now();
        db.query(concat!(
            crate::begin_numbered!(),
            "
             LET $created = CREATE ONLY application CONTENT object::extend($content, {
                 year: $year, number: $number,
                 created_at: $now, created_by: $user, created_by_name: $user_name, version: 1,
             });
             COMMIT TRANSACTION;
             RETURN record::id($created.id);",
        ))
        .bind(("counter", SERIES.counter(year)))
        .bind(("year", year))
        .bind(("content", Content::new(application, &receiver_name, user, now)))
        .bind(("now", now))
        .bind(("user", RecordId::new("user", user.id.clone())))
        .bind(("user_name", user.full_name.clone()))
        .into_future()
    })
    .await;
    match created {
        Ok(Some(id)) => get(db, &id).await?.ok_or_else(|| AppError::internal("created application not found")),
        Ok(None) => Err(AppError::internal("application was not created")),
        Err(e) => {
            tracing::warn!(error = %e, "registering an application failed");
            Err(e.into())
        }
    }
}

/// A line of the history of corrections, as written.
#[derive(SurrealValue, Clone)]
struct ChangeLine {
    label: String,
    before: String,
    after: String,
}

/// Corrects a registered application if nobody changed it since `version`: its new content,
/// the line of its history with the reason and each field as it was and became, and the audit
/// line, in one transaction. Its number and year stay; so does its date when a case counts its
/// clock from it. The reason must be given.
pub async fn correct(
    db: &Db,
    user: &CurrentUser,
    before: &Application,
    version: i64,
    application: &ValidApplication,
    reason: &str,
    audit: impl FnOnce(&[ChangedField]) -> crate::audit::ssr::AuditLine,
) -> AppResult<Application> {
    let mut errors = FieldErrors::new();
    if i64::from(application.received_on.year()) != i64::from(before.year) {
        errors.add(
            "received_on",
            format!("Год поступления не меняется: № {} — номер журнала {} года", before.number, before.year),
        );
    }
    if before.case_id.is_some() && application.received_on != before.received_on {
        errors.add(
            "received_on",
            "По заявлению открыт случай: дата поступления не меняется — от неё считается срок предложений к ИППСУ",
        );
    }
    errors.into_result()?;
    let (receiver_name, district_name) = links(db, application).await?;
    let after = Application {
        received_on: application.received_on,
        received_by_name: receiver_name.clone(),
        received_by_id: Some(application.received_by.clone()),
        applicant_kind: application.applicant_kind,
        applicant_name: application.applicant_name.clone(),
        organisation: application.organisation.clone(),
        applicant_phone: application.applicant_phone.clone(),
        citizen_name: application.citizen_name.clone(),
        citizen_birth_date: application.citizen_birth_date,
        address: application.address.clone(),
        district_id: application.district.clone(),
        district_name,
        services: application.services.clone(),
        members: application.members.clone(),
        circumstances: application.circumstances.clone(),
        consent_on: application.consent_on,
        ..before.clone()
    };
    let fields = after.changes_from(before);
    if fields.is_empty() {
        return Err(AppError::field("form", "Ничего не изменено: исправьте поля заявления или вернитесь к нему"));
    }
    let now = Utc::now();
    let lines: Vec<ChangeLine> = fields
        .iter()
        .map(|f| ChangeLine { label: f.label.clone(), before: f.before.clone(), after: f.after.clone() })
        .collect();
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $updated = UPDATE $id MERGE object::extend($content, { version: $version + 1 })
                 WHERE version = $version RETURN VALUE id;
             IF array::len($updated) = 0 { THROW 'version_conflict' };
             CREATE application_change CONTENT { application: $id, at: $now, by: $user, by_name: $user_name,
                 reason: $reason, fields: $fields };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("id", RecordId::new("application", before.id.clone())))
        .bind(("content", Content::new(application, &receiver_name, user, now)))
        .bind(("version", version))
        .bind(("now", now))
        .bind(("user", RecordId::new("user", user.id.clone())))
        .bind(("user_name", user.full_name.clone()))
        .bind(("reason", reason.to_string()))
        .bind(("fields", lines))
        .bind(("audit", audit(&fields)))
        .await?;
    match crate::db::transaction_error(&mut response) {
        None => get(db, &before.id).await?.ok_or_else(|| AppError::internal("corrected application not found")),
        Some(e) if e.to_string().contains("version_conflict") => {
            let current =
                get(db, &before.id).await?.ok_or_else(|| AppError::NotFound("Заявление не найдено".into()))?;
            let last = history(db, &before.id).await?.into_iter().next_back();
            let (who, when) = match last {
                Some(c) => (c.by_name, c.at),
                None => (current.created_by_name.clone(), current.created_at),
            };
            Err(AppError::Conflict(format!(
                "Заявление исправил(а) {who} в {}, пока вы его правили. Ваши правки остались на экране: откройте заявление заново и внесите их ещё раз.",
                crate::time::format_datetime(when)
            )))
        }
        Some(e) => Err(e.into()),
    }
}

/// The corrections of an application, oldest first.
pub async fn history(db: &Db, id: &str) -> AppResult<Vec<ApplicationChange>> {
    let mut response = db
        .query("SELECT at, by_name, reason, fields FROM application_change WHERE application = $id ORDER BY at")
        .bind(("id", RecordId::new("application", id.to_string())))
        .await?;
    take_rows(&mut response, 0)
}

/// One application by its key.
pub async fn get(db: &Db, id: &str) -> AppResult<Option<Application>> {
    if !crate::keys::is_record_key(id) {
        return Ok(None);
    }
    let mut response = db
        .query(format!("SELECT {FIELDS} FROM $id"))
        .bind(("id", RecordId::new("application", id.to_string())))
        .await?;
    Ok(take_one::<Row>(&mut response, 0)?.map(Row::into_application))
}

/// The applications of a case, oldest first.
pub async fn of_case(db: &Db, case_id: &str) -> AppResult<Vec<Application>> {
    let mut response = db
        .query(format!("SELECT {FIELDS} FROM application WHERE case = $case ORDER BY year, number"))
        .bind(("case", RecordId::new("case_file", case_id.to_string())))
        .await?
        .check()?;
    Ok(take_rows::<Row>(&mut response, 0)?.into_iter().map(Row::into_application).collect())
}

/// The WHERE clause and its parameters for the journal's filters.
fn conditions(query: &ApplicationQuery) -> AppResult<(String, serde_json::Map<String, serde_json::Value>)> {
    let mut errors = FieldErrors::new();
    let mut clauses = Vec::new();
    let mut params = serde_json::Map::new();
    let mut day = |field: &str, value: &str, clause: &str, errors: &mut FieldErrors| {
        if value.trim().is_empty() {
            return;
        }
        match crate::time::parse_date(value) {
            Some(d) => {
                clauses.push(clause.to_string());
                params.insert(field.to_string(), date_text(d).into());
            }
            None => errors.add(field, "Дата в формате ДД.ММ.ГГГГ"),
        }
    };
    day("from", &query.from, "received_on >= $from", &mut errors);
    day("to", &query.to, "received_on <= $to", &mut errors);
    if !query.district.is_empty() {
        if crate::keys::is_record_key(&query.district) {
            clauses.push(format!("district = {}", crate::keys::record_literal("district", &query.district)));
        } else {
            errors.add("district", "Неизвестный участок");
        }
    }
    if !query.service.is_empty() {
        match ServiceKind::from_code(&query.service) {
            Some(s) => {
                clauses.push("services CONTAINS $service".into());
                params.insert("service".into(), s.code().into());
            }
            None => errors.add("service", "Неизвестный вид услуг"),
        }
    }
    match query.status.as_str() {
        "" => {}
        "open" => clauses.push("case = NONE".into()),
        "case" => clauses.push("case != NONE".into()),
        _ => errors.add("status", "Неизвестная отметка"),
    }
    let words: Vec<String> = fold_yo(&query.q.to_lowercase()).split_whitespace().map(str::to_string).collect();
    for (i, word) in words.iter().take(5).enumerate() {
        clauses.push(format!("string::contains(search_text, $w{i})"));
        params.insert(format!("w{i}"), word.clone().into());
    }
    errors.into_result()?;
    let clause = if clauses.is_empty() { String::new() } else { format!(" WHERE {}", clauses.join(" AND ")) };
    Ok((clause, params))
}

async fn select(db: &Db, query: &ApplicationQuery, order: &str, limit: usize) -> AppResult<Vec<Application>> {
    let (clause, params) = conditions(query)?;
    let mut statement = db.query(format!("SELECT {FIELDS} FROM application{clause} ORDER BY {order} LIMIT {limit}"));
    for (name, value) in params {
        statement = statement.bind((name, value));
    }
    let mut response = statement.await?.check()?;
    Ok(take_rows::<Row>(&mut response, 0)?.into_iter().map(Row::into_application).collect())
}

/// The journal page: newest first, at most `limit`, and whether more matched.
pub async fn list(db: &Db, query: &ApplicationQuery, limit: usize) -> AppResult<(Vec<Application>, bool)> {
    let mut found = select(db, query, "received_on DESC, number DESC", limit + 1).await?;
    let more = found.len() > limit;
    found.truncate(limit);
    Ok((found, more))
}

/// The applications of a period in journal order (oldest first), for the print and the export.
pub async fn period(db: &Db, query: &ApplicationQuery, limit: usize) -> AppResult<Vec<Application>> {
    select(db, query, "year, number", limit).await
}

/// An application with its registration, for a bulk load.
pub struct ImportApplication {
    pub application: ValidApplication,
    pub receiver_name: String,
    /// The case it belongs to, if any.
    pub case: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(SurrealValue)]
struct ImportRow {
    content: Content,
    year: i64,
    number: i64,
    case: Option<RecordId>,
    created_at: DateTime<Utc>,
}

/// Bulk-loads applications in journal order (the demo, old paper journals): numbers continue
/// each year's counter, a batch is one transaction, and a case given is linked both ways. For
/// a database nobody is registering applications in at the same moment.
pub async fn import(db: &Db, user: &CurrentUser, mut items: Vec<ImportApplication>) -> AppResult<usize> {
    items.sort_by_key(|i| (i.application.received_on, i.created_at));
    let mut numbers = SERIES.bulk();
    let total = items.len();
    for batch in items.chunks(300) {
        let mut rows = Vec::with_capacity(batch.len());
        for item in batch {
            let year = i64::from(item.application.received_on.year());
            rows.push(ImportRow {
                content: Content::new(&item.application, &item.receiver_name, user, item.created_at),
                year,
                number: numbers.next(db, year).await?,
                case: item.case.as_ref().map(|c| RecordId::new("case_file", c.clone())),
                created_at: item.created_at,
            });
        }
        db.query(
            [
                "BEGIN TRANSACTION;
                 FOR $row IN $rows {
                     LET $created = CREATE ONLY application CONTENT object::extend($row.content, {
                         year: $row.year, number: $row.number, case: $row.case,
                         created_at: $row.created_at, created_by: $user, created_by_name: $user_name, version: 1,
                     });
                     IF $row.case != NONE AND $row.case.application = NONE {
                         UPDATE $row.case SET application = $created.id, applied_on = $row.content.received_on;
                     };
                 };",
                SET_COUNTERS,
                "COMMIT TRANSACTION;",
            ]
            .concat(),
        )
        .bind(("rows", rows))
        .bind(("counters", numbers.counters()))
        .bind(("user", RecordId::new("user", user.id.clone())))
        .bind(("user_name", user.full_name.clone()))
        .await?
        .check()?;
    }
    Ok(total)
}
