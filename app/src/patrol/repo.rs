//! Database side of «Социальный патруль». Server-only. A raid is one record: its plan, its
//! participants and the people met are written together, each change checked against the
//! version the user opened and written with its audit line in one transaction.

use super::rules::ValidRaid;
use super::types::*;
use crate::audit::ssr::AuditLine;
use crate::auth::{CurrentUser, Role};
use crate::db::numbering::YearSeries;
use crate::db::{created_key, date_text, is_retryable, take_one, take_rows, transaction_error, Db};
use crate::error::{AppError, AppResult};
use crate::keys::{is_record_key, record_key};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use std::future::IntoFuture;
use surrealdb::types::{RecordId, SurrealValue};

/// Numbers of the raids' protocols, «3/2026», by year.
pub const SERIES: YearSeries = YearSeries::new("patrol_counter");

fn id_of(table: &str, key: &str) -> RecordId {
    RecordId::new(table, key.to_string())
}

const FIELDS: &str = "record::id(id) AS id, year, number, date, start_time, end_time, route, districts, \
    districts.name AS district_names, purpose, state, participants, met, findings, held_at, held_by_name, \
    cancel_reason, cancelled_at, cancelled_by_name, created_by_name, version";

#[derive(Deserialize)]
struct ParticipantRow {
    key: String,
    kind: ParticipantKind,
    user: Option<String>,
    partner: Option<String>,
    full_name: String,
    position: String,
    organisation: String,
}

#[derive(Deserialize)]
struct MetRow {
    key: String,
    full_name: String,
    age: Option<i64>,
    birth_date: Option<NaiveDate>,
    address: String,
    family: Option<String>,
    situation: String,
    help: Option<String>,
    journal_entry: Option<String>,
    journal_number: Option<String>,
    case: Option<String>,
    case_number: Option<String>,
    referred_partner: Option<String>,
    referred_to: Option<String>,
}

#[derive(Deserialize)]
struct RaidRow {
    id: String,
    year: i64,
    number: i64,
    date: NaiveDate,
    start_time: String,
    end_time: Option<String>,
    route: String,
    districts: Vec<String>,
    district_names: Vec<Option<String>>,
    purpose: Option<String>,
    state: RaidState,
    participants: Vec<ParticipantRow>,
    met: Vec<MetRow>,
    findings: Option<String>,
    held_at: Option<DateTime<Utc>>,
    held_by_name: Option<String>,
    cancel_reason: Option<String>,
    cancelled_at: Option<DateTime<Utc>>,
    cancelled_by_name: Option<String>,
    created_by_name: String,
    version: i64,
}

impl RaidRow {
    fn into_raid(self) -> Raid {
        Raid {
            id: self.id,
            number: format!("{}/{}", self.number, self.year),
            date: self.date,
            start_time: self.start_time,
            end_time: self.end_time.unwrap_or_default(),
            route: self.route,
            district_ids: self.districts.iter().map(|d| record_key(d)).collect(),
            district_names: self.district_names.into_iter().flatten().collect(),
            purpose: self.purpose.unwrap_or_default(),
            state: self.state,
            participants: self
                .participants
                .into_iter()
                .map(|p| Participant {
                    key: p.key,
                    kind: p.kind,
                    user_id: p.user.map(|u| record_key(&u)),
                    partner_id: p.partner.map(|u| record_key(&u)),
                    full_name: p.full_name,
                    position: p.position,
                    organisation: p.organisation,
                })
                .collect(),
            met: self
                .met
                .into_iter()
                .map(|m| Met {
                    key: m.key,
                    full_name: m.full_name,
                    age: m.age,
                    birth_date: m.birth_date,
                    address: m.address,
                    family: m.family.unwrap_or_default(),
                    situation: m.situation,
                    help: m.help.unwrap_or_default(),
                    journal_entry_id: m.journal_entry.map(|e| record_key(&e)),
                    journal_number: m.journal_number,
                    case_id: m.case.map(|c| record_key(&c)),
                    case_number: m.case_number,
                    referred_partner_id: m.referred_partner.map(|p| record_key(&p)),
                    referred_to: m.referred_to.unwrap_or_default(),
                })
                .collect(),
            findings: self.findings.unwrap_or_default(),
            held_at: self.held_at,
            held_by_name: self.held_by_name.unwrap_or_default(),
            cancel_reason: self.cancel_reason.unwrap_or_default(),
            cancelled_at: self.cancelled_at,
            cancelled_by_name: self.cancelled_by_name.unwrap_or_default(),
            created_by_name: self.created_by_name,
            version: self.version,
        }
    }
}

/// A participant as stored.
#[derive(SurrealValue, Clone)]
struct ParticipantContent {
    key: String,
    kind: String,
    user: Option<RecordId>,
    partner: Option<RecordId>,
    full_name: String,
    position: String,
    organisation: String,
}

impl ParticipantContent {
    fn of(p: &Participant) -> Self {
        ParticipantContent {
            key: p.key.clone(),
            kind: p.kind.code().into(),
            user: p.user_id.as_deref().filter(|k| is_record_key(k)).map(|k| id_of("user", k)),
            partner: p.partner_id.as_deref().filter(|k| is_record_key(k)).map(|k| id_of("partner", k)),
            full_name: p.full_name.clone(),
            position: p.position.clone(),
            organisation: p.organisation.clone(),
        }
    }
}

/// A person met as stored.
#[derive(SurrealValue, Clone)]
struct MetContent {
    key: String,
    full_name: String,
    age: Option<i64>,
    birth_date: Option<String>,
    address: String,
    family: Option<String>,
    situation: String,
    help: Option<String>,
    journal_entry: Option<RecordId>,
    journal_number: Option<String>,
    case: Option<RecordId>,
    case_number: Option<String>,
    referred_partner: Option<RecordId>,
    referred_to: Option<String>,
}

fn some_text(text: &str) -> Option<String> {
    crate::validation::optional_text(text)
}

impl MetContent {
    fn of(m: &Met) -> Self {
        MetContent {
            key: m.key.clone(),
            full_name: m.full_name.clone(),
            age: m.age,
            birth_date: m.birth_date.map(date_text),
            address: m.address.clone(),
            family: some_text(&m.family),
            situation: m.situation.clone(),
            help: some_text(&m.help),
            journal_entry: m
                .journal_entry_id
                .as_deref()
                .filter(|k| is_record_key(k))
                .map(|k| id_of("journal_entry", k)),
            journal_number: m.journal_number.clone(),
            case: m.case_id.as_deref().filter(|k| is_record_key(k)).map(|k| id_of("case_file", k)),
            case_number: m.case_number.clone(),
            referred_partner: m
                .referred_partner_id
                .as_deref()
                .filter(|k| is_record_key(k))
                .map(|k| id_of("partner", k)),
            referred_to: some_text(&m.referred_to),
        }
    }
}

#[derive(SurrealValue, Clone)]
struct PlanContent {
    date: String,
    start_time: String,
    end_time: Option<String>,
    route: String,
    districts: Vec<RecordId>,
    purpose: Option<String>,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
}

impl PlanContent {
    fn of(raid: &ValidRaid, user: &CurrentUser) -> Self {
        PlanContent {
            date: date_text(raid.date),
            start_time: raid.start_time.clone(),
            end_time: raid.end_time.clone(),
            route: raid.route.clone(),
            districts: raid.districts.iter().map(|d| id_of("district", d)).collect(),
            purpose: raid.purpose.clone(),
            updated_at: Utc::now(),
            updated_by_name: user.full_name.clone(),
        }
    }
}

/// A key for a participant or a person met within a raid.
pub fn fresh_key() -> String {
    use rand::Rng;
    rand::rng().sample_iter(&rand::distr::Alphanumeric).take(12).map(|c| char::from(c).to_ascii_lowercase()).collect()
}

fn changed() -> AppError {
    AppError::Conflict(
        "Рейд изменили, пока вы его заполняли. Введённое осталось на экране: обновите страницу и внесите ещё раз."
            .into(),
    )
}

/// One raid, or none.
pub async fn get(db: &Db, id: &str) -> AppResult<Option<Raid>> {
    if !is_record_key(id) {
        return Ok(None);
    }
    let mut response = db.query(format!("SELECT {FIELDS} FROM $id")).bind(("id", id_of("patrol_raid", id))).await?;
    Ok(take_one::<RaidRow>(&mut response, 0)?.map(RaidRow::into_raid))
}

/// Raids of a period (by their date), and every planned one whatever its date.
pub async fn list(db: &Db, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<Raid>> {
    let mut response = db
        .query(format!(
            "SELECT {FIELDS} FROM patrol_raid WHERE date >= $from AND date <= $to ORDER BY date DESC LIMIT 500;
             SELECT {FIELDS} FROM patrol_raid WHERE state = 'planned' ORDER BY date LIMIT 200;"
        ))
        .bind(("from", date_text(from)))
        .bind(("to", date_text(to)))
        .await?;
    let mut raids: Vec<Raid> = take_rows::<RaidRow>(&mut response, 0)?.into_iter().map(RaidRow::into_raid).collect();
    for planned in take_rows::<RaidRow>(&mut response, 1)?.into_iter().map(RaidRow::into_raid) {
        if !raids.iter().any(|r| r.id == planned.id) {
            raids.push(planned);
        }
    }
    Ok(raids)
}

/// The planned raids from a day on, the nearest first.
pub async fn planned_from(db: &Db, today: NaiveDate) -> AppResult<Vec<(NaiveDate, String)>> {
    #[derive(Deserialize)]
    struct Row {
        date: NaiveDate,
        start_time: String,
    }
    let mut response = db
        .query("SELECT date, start_time FROM patrol_raid WHERE state = 'planned' AND date >= $today ORDER BY date, start_time LIMIT 100")
        .bind(("today", date_text(today)))
        .await?;
    Ok(take_rows::<Row>(&mut response, 0)?.into_iter().map(|r| (r.date, r.start_time)).collect())
}

/// Plans a raid: its protocol's number and the record, with the audit line — one transaction.
pub async fn create(db: &Db, user: &CurrentUser, raid: &ValidRaid, audit: AuditLine) -> AppResult<String> {
    let year = i64::from(chrono::Datelike::year(&raid.date));
    let content = PlanContent::of(raid, user);
    let created = created_key(|| {
        db.query(concat!(
            crate::begin_numbered!(),
            "
             LET $raid = CREATE ONLY patrol_raid CONTENT object::extend($content, {
                 year: $year, number: $number, state: 'planned', participants: [], met: [],
                 created_at: time::now(), created_by: $user, created_by_name: $user_name, version: 1,
             });
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;
             RETURN record::id($raid.id);",
        ))
        .bind(("counter", SERIES.counter(year)))
        .bind(("year", year))
        .bind(("content", content.clone()))
        .bind(("user", id_of("user", &user.id)))
        .bind(("user_name", user.full_name.clone()))
        .bind(("audit", audit.clone()))
        .into_future()
    })
    .await;
    match created {
        Ok(Some(id)) => Ok(id),
        Ok(None) => Err(AppError::internal("raid was not created")),
        Err(e) => Err(e.into()),
    }
}

/// Corrects the plan of a raid not yet held, if nobody changed it since `version`.
pub async fn update_plan(
    db: &Db,
    user: &CurrentUser,
    id: &str,
    version: i64,
    raid: &ValidRaid,
    audit: AuditLine,
) -> AppResult<()> {
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $was = SELECT state, version FROM ONLY $raid;
             IF $was = NONE { THROW 'not_found' };
             IF $was.state != 'planned' { THROW 'raid_held' };
             IF $was.version != $version { THROW 'version_conflict' };
             UPDATE $raid MERGE object::extend($content, { version: $version + 1 });
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("raid", id_of("patrol_raid", id)))
        .bind(("content", PlanContent::of(raid, user)))
        .bind(("version", version))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(()),
        Some(e) if e.to_string().contains("not_found") => Err(missing()),
        Some(e) if e.to_string().contains("raid_held") => {
            Err(AppError::Conflict("Рейд уже проведён или отменён: его план вошёл в протокол и не меняется".into()))
        }
        Some(e) if e.to_string().contains("version_conflict") || is_retryable(&e) => Err(changed()),
        Some(e) => Err(e.into()),
    }
}

pub fn missing() -> AppError {
    AppError::NotFound("Рейд не найден".into())
}

/// Writes a raid's participants and people met as `raid` holds them, if nobody changed the
/// raid since `raid.version`.
pub async fn save_lists(db: &Db, user: &CurrentUser, raid: &Raid, audit: AuditLine) -> AppResult<()> {
    let participants: Vec<ParticipantContent> = raid.participants.iter().map(ParticipantContent::of).collect();
    let met: Vec<MetContent> = raid.met.iter().map(MetContent::of).collect();
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $done = UPDATE $raid SET participants = $participants, met = $met, version = version + 1,
                 updated_at = time::now(), updated_by_name = $user_name WHERE version = $version RETURN VALUE id;
             IF array::len($done) = 0 { THROW 'version_conflict' };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("raid", id_of("patrol_raid", &raid.id)))
        .bind(("participants", participants))
        .bind(("met", met))
        .bind(("version", raid.version))
        .bind(("user_name", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(()),
        Some(e) if e.to_string().contains("version_conflict") || is_retryable(&e) => Err(changed()),
        Some(e) => Err(e.into()),
    }
}

/// Marks a planned raid held, with its findings; it must have a participant.
pub async fn hold(
    db: &Db,
    user: &CurrentUser,
    raid: &Raid,
    findings: &str,
    end_time: Option<String>,
    audit: AuditLine,
) -> AppResult<()> {
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $done = UPDATE $raid SET state = 'held', findings = $findings,
                 end_time = ($end_time ?? end_time), held_at = time::now(), held_by_name = $user_name,
                 version = version + 1, updated_at = time::now(), updated_by_name = $user_name
                 WHERE version = $version AND state = 'planned' AND array::len(participants) > 0 RETURN VALUE id;
             IF array::len($done) = 0 { THROW 'version_conflict' };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("raid", id_of("patrol_raid", &raid.id)))
        .bind(("findings", findings.to_string()))
        .bind(("end_time", end_time))
        .bind(("version", raid.version))
        .bind(("user_name", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(()),
        Some(e) if e.to_string().contains("version_conflict") || is_retryable(&e) => Err(changed()),
        Some(e) => Err(e.into()),
    }
}

/// Cancels a planned raid with its reason, if nobody changed it since `raid.version` and nobody
/// met has been written down on it.
pub async fn cancel(db: &Db, user: &CurrentUser, raid: &Raid, reason: &str, audit: AuditLine) -> AppResult<()> {
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $done = UPDATE $raid SET state = 'cancelled', cancel_reason = $reason, cancelled_at = time::now(),
                 cancelled_by_name = $user_name, version = version + 1, updated_at = time::now(),
                 updated_by_name = $user_name
                 WHERE version = $version AND state = 'planned' AND array::len(met) = 0 RETURN VALUE id;
             IF array::len($done) = 0 { THROW 'version_conflict' };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("raid", id_of("patrol_raid", &raid.id)))
        .bind(("reason", reason.to_string()))
        .bind(("version", raid.version))
        .bind(("user_name", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(()),
        Some(e) if e.to_string().contains("version_conflict") || is_retryable(&e) => Err(changed()),
        Some(e) => Err(e.into()),
    }
}

/// The staff who may go on a raid: active accounts of the working roles, with their role.
pub async fn staff(db: &Db) -> AppResult<Vec<Choice>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        full_name: String,
        position: Option<String>,
        roles: Vec<Role>,
    }
    let mut response = db
        .query(
            "SELECT record::id(id) AS id, full_name, position, roles FROM user WHERE active = true \
             ORDER BY full_name LIMIT 1000",
        )
        .await?;
    Ok(take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .filter_map(|r| {
            let role = r.roles.iter().find(|role| **role != Role::Admin)?;
            let position = r.position.filter(|p| !p.trim().is_empty()).unwrap_or_else(|| role.label().to_string());
            Some(Choice { id: r.id, name: r.full_name, detail: position })
        })
        .collect())
}

/// The partners of the resource map, by name, with their kind.
pub async fn partners(db: &Db) -> AppResult<Vec<Choice>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        name: String,
        kind: String,
    }
    let mut response = db
        .query("SELECT record::id(id) AS id, name, kind FROM partner WHERE archived = false ORDER BY name LIMIT 2000")
        .await?;
    Ok(take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .map(|r| Choice {
            detail: crate::resources::types::PartnerKind::from_code(&r.kind)
                .map(|k| k.label().to_string())
                .unwrap_or_default(),
            id: r.id,
            name: r.name,
        })
        .collect())
}
