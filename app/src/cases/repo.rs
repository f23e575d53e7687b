//! Database side of cases. Server-only; reached from the server functions in `api.rs`, the
//! board, the demo data and the integration tests.

use super::clocks::{board_key, next_due, ClockFacts, Reached};

use super::visibility::can_see;

use super::stages::{check_move, CaseFacts};

use super::types::*;
use super::validate::ValidCase;
use crate::auth::{short_name, CurrentUser, Role};
use crate::calendar::ProductionCalendar;
use crate::cases::card::{Card, Progress};
use crate::db::{created_key, date_text, is_retryable, take_one, take_rows, transaction_error, Db};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::keys::is_record_key;
use crate::keys::record_key;
use crate::time::local_today;
use crate::validation::fold_yo;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use std::future::IntoFuture;
use surrealdb::types::{RecordId, SurrealValue};

/// How a case is read: keys and the names of linked records joined in.
const CASE_FIELDS: &str = "record::id(id) AS id, year, number, kind, title, members, categories, address, \
    district, district.name AS district_name, phone, consent, consent_date, curator, curator.full_name AS curator_name, \
    source, source_detail, journal_entry, journal_entry.number AS entry_number, journal_entry.year AS entry_year, notes, \
    stage, stage_since, reached, detected_on, need_recognised_on, plan_approved_on, due_on, due_clock, board_key, \
    created_at, created_by, created_by_name, updated_at, updated_by_name, version";

/// How a card is read: only what the board shows.
pub const CARD_FIELDS: &str = "record::id(id) AS id, year, number, title, district, district.number AS district_number, \
    categories, curator, curator.full_name AS curator_name, stage, array::len(members) AS member_count, due_on, due_clock, \
    board_key, version, route_done, route_total, route_next";

/// «2026-0042».
pub fn case_number(year: i64, number: i64) -> String {
    format!("{year}-{number:04}")
}

#[derive(Debug, Clone, Deserialize)]
struct ReachedRow {
    stage: Stage,
    on: NaiveDate,
}

/// A case as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct CaseRow {
    id: String,
    year: i64,
    number: i64,
    kind: CaseKind,
    title: String,
    members: Vec<Member>,
    categories: Vec<Category>,
    address: String,
    district: Option<String>,
    district_name: Option<String>,
    phone: Option<String>,
    consent: bool,
    consent_date: Option<NaiveDate>,
    curator: Option<String>,
    curator_name: Option<String>,
    source: Source,
    source_detail: Option<String>,
    journal_entry: Option<String>,
    entry_number: Option<i64>,
    entry_year: Option<i64>,
    notes: String,
    stage: Stage,
    stage_since: DateTime<Utc>,
    reached: Vec<ReachedRow>,
    detected_on: NaiveDate,
    need_recognised_on: Option<NaiveDate>,
    plan_approved_on: Option<NaiveDate>,
    created_at: DateTime<Utc>,
    created_by: String,
    created_by_name: String,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
    version: i64,
}

impl CaseRow {
    pub fn district_key(&self) -> Option<String> {
        self.district.as_deref().map(record_key)
    }
    pub fn curator_key(&self) -> Option<String> {
        self.curator.as_deref().map(record_key)
    }
    pub fn created_by_key(&self) -> String {
        record_key(&self.created_by)
    }
    pub fn visible_to(&self, user: &CurrentUser) -> bool {
        can_see(user, self.district_key().as_deref(), self.curator_key().as_deref(), &self.created_by_key())
    }
    fn reached(&self) -> Reached {
        self.reached.iter().map(|r| (r.stage, r.on)).collect()
    }
    pub fn clock_facts(&self) -> ClockFacts {
        ClockFacts {
            stage: self.stage,
            detected_on: self.detected_on,
            plan_approved_on: self.plan_approved_on,
            reached: self.reached(),
        }
    }

    pub fn into_case(self, calendar: &ProductionCalendar, today: NaiveDate) -> Case {
        let clocks = super::clocks::clocks(calendar, &self.clock_facts(), today);
        Case {
            number: case_number(self.year, self.number),
            district_id: self.district_key(),
            curator_id: self.curator_key(),
            journal_entry_id: self.journal_entry.as_deref().map(record_key),
            journal_entry_label: self
                .entry_number
                .map(|n| format!("№ {n} ({} г.)", self.entry_year.unwrap_or_default())),
            id: self.id,
            kind: self.kind,
            title: self.title,
            members: self.members,
            categories: self.categories,
            address: self.address,
            district_name: self.district_name,
            phone: self.phone,
            consent: self.consent,
            consent_date: self.consent_date,
            curator_name: self.curator_name,
            source: self.source,
            source_detail: self.source_detail,
            notes: self.notes,
            stage: self.stage,
            stage_since: self.stage_since,
            detected_on: self.detected_on,
            need_recognised_on: self.need_recognised_on,
            plan_approved_on: self.plan_approved_on,
            clocks,
            created_at: self.created_at,
            created_by_name: self.created_by_name,
            updated_at: self.updated_at,
            updated_by_name: self.updated_by_name,
            version: self.version,
        }
    }
}

/// A card as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct CardRow {
    id: String,
    year: i64,
    number: i64,
    title: String,
    district: Option<String>,
    district_number: Option<i64>,
    categories: Vec<Category>,
    curator: Option<String>,
    curator_name: Option<String>,
    stage: Stage,
    member_count: usize,
    due_on: Option<NaiveDate>,
    due_clock: Option<ClockKind>,
    board_key: String,
    version: i64,
    #[serde(default)]
    route_done: Option<u32>,
    #[serde(default)]
    route_total: Option<u32>,
    #[serde(default)]
    route_next: Option<NaiveDate>,
}

impl CardRow {
    pub fn into_card(self, calendar: &ProductionCalendar, today: NaiveDate) -> Card {
        let clock = match (self.due_on, self.due_clock) {
            (Some(due), Some(kind)) => {
                let state = if today > due {
                    ClockState::Overdue { due, days_over: calendar.working_days_between(due, today) }
                } else {
                    ClockState::Running { due, days_left: calendar.working_days_between(today, due) }
                };
                Some(Clock { kind, state, preliminary: calendar.is_preliminary(due) })
            }
            _ => None,
        };
        Card {
            id: self.id,
            number: case_number(self.year, self.number),
            title: self.title,
            district_id: self.district.as_deref().map(record_key),
            district_short: self.district_number.map(|n| format!("Уч. {n}")),
            categories: self.categories,
            curator_id: self.curator.as_deref().map(record_key),
            curator_name: self.curator_name.as_deref().map(short_name),
            stage: self.stage,
            members: self.member_count,
            due: self.due_on,
            clock: self.due_clock,
            urgency: clock.as_ref().and_then(Clock::urgency),
            due_text: clock.as_ref().and_then(Clock::badge),
            due_preliminary: clock.as_ref().is_some_and(|c| c.preliminary),
            board_key: self.board_key,
            version: self.version,
            route: match (self.route_done, self.route_total) {
                (Some(done), Some(total)) if total > 0 => Some(Progress { done, total, next_due: self.route_next }),
                _ => None,
            },
        }
    }
}

#[derive(SurrealValue)]
struct MemberContent {
    full_name: String,
    birth_date: Option<String>,
    relation: String,
    categories: Vec<String>,
}

#[derive(SurrealValue)]
struct ReachedContent {
    stage: String,
    on: String,
}

/// The editable details of a case, as written on create and on edit.
#[derive(SurrealValue)]
struct DetailsContent {
    kind: String,
    title: String,
    members: Vec<MemberContent>,
    categories: Vec<String>,
    address: String,
    district: Option<RecordId>,
    phone: Option<String>,
    consent: bool,
    consent_date: Option<String>,
    curator: Option<RecordId>,
    source: String,
    source_detail: Option<String>,
    notes: String,
    detected_on: String,
    need_recognised_on: Option<String>,
    plan_approved_on: Option<String>,
    search_text: String,
}

impl DetailsContent {
    fn new(case: &ValidCase) -> Self {
        DetailsContent {
            kind: case.kind.code().to_string(),
            title: case.title.clone(),
            members: case
                .members
                .iter()
                .map(|m| MemberContent {
                    full_name: m.full_name.clone(),
                    birth_date: m.birth_date.map(date_text),
                    relation: m.relation.code().to_string(),
                    categories: m.categories.iter().map(|c| c.code().to_string()).collect(),
                })
                .collect(),
            categories: case.categories.iter().map(|c| c.code().to_string()).collect(),
            address: case.address.clone(),
            district: case.district.as_ref().map(|d| RecordId::new("district", d.clone())),
            phone: case.phone.clone(),
            consent: case.consent,
            consent_date: case.consent_date.map(date_text),
            curator: case.curator.as_ref().map(|c| RecordId::new("user", c.clone())),
            source: case.source.code().to_string(),
            source_detail: case.source_detail.clone(),
            notes: case.notes.clone(),
            detected_on: date_text(case.detected_on),
            need_recognised_on: case.need_recognised_on.map(date_text),
            plan_approved_on: case.plan_approved_on.map(date_text),
            search_text: search_text(case),
        }
    }
}

/// The stage, the clocks' state and the order on the board, as written on every change.
#[derive(SurrealValue)]
struct StateContent {
    stage: String,
    stage_since: DateTime<Utc>,
    reached: Vec<ReachedContent>,
    curator: Option<RecordId>,
    due_on: Option<String>,
    due_clock: Option<String>,
    board_key: String,
    updated_at: DateTime<Utc>,
    updated_by: RecordId,
    updated_by_name: String,
}

/// Where a case stands after a change: its stage, the days stages were reached, its curator.
struct CaseState {
    stage: Stage,
    stage_since: DateTime<Utc>,
    reached: Reached,
    detected_on: NaiveDate,
    plan_approved_on: Option<NaiveDate>,
    curator: Option<String>,
}

impl CaseState {
    fn content(
        &self,
        calendar: &ProductionCalendar,
        year: i64,
        number: i64,
        user: &CurrentUser,
        now: DateTime<Utc>,
    ) -> StateContent {
        let facts = ClockFacts {
            stage: self.stage,
            detected_on: self.detected_on,
            plan_approved_on: self.plan_approved_on,
            reached: self.reached.clone(),
        };
        let due = next_due(calendar, &facts);
        StateContent {
            stage: self.stage.code().to_string(),
            stage_since: self.stage_since,
            reached: self
                .reached
                .iter()
                .map(|(stage, on)| ReachedContent { stage: stage.code().to_string(), on: date_text(*on) })
                .collect(),
            curator: self.curator.as_ref().map(|c| RecordId::new("user", c.clone())),
            due_on: due.map(|(d, _)| date_text(d)),
            due_clock: due.map(|(_, k)| k.code().to_string()),
            board_key: board_key(self.stage, due.map(|(d, _)| d), local_today(self.stage_since), year, number),
            updated_at: now,
            updated_by: RecordId::new("user", user.id.clone()),
            updated_by_name: user.full_name.clone(),
        }
    }
}

/// One line of a case's history, as written.
#[derive(SurrealValue, Clone)]
pub struct EventContent {
    kind: String,
    from_stage: Option<String>,
    to_stage: Option<String>,
    comment: Option<String>,
    detail: Option<String>,
}

impl EventContent {
    fn new(
        kind: &str,
        from: Option<Stage>,
        to: Option<Stage>,
        comment: Option<String>,
        detail: Option<String>,
    ) -> Self {
        EventContent {
            kind: kind.to_string(),
            from_stage: from.map(|s| s.code().to_string()),
            to_stage: to.map(|s| s.code().to_string()),
            comment,
            detail,
        }
    }
}

/// Words a case is found by: its title, the members' names, the address and phone.
pub fn search_text(case: &ValidCase) -> String {
    let mut parts = vec![case.title.clone(), case.address.clone()];
    parts.extend(case.members.iter().map(|m| m.full_name.clone()));
    if let Some(phone) = &case.phone {
        parts.extend(crate::phone::phone_search_tokens(phone));
    }
    fold_yo(&parts.join(" "))
}

/// The production calendar's yearly exceptions from the database.
pub async fn calendar(db: &Db) -> AppResult<ProductionCalendar> {
    crate::calendar::repo::load(db).await
}

/// One case as stored, or none.
pub async fn row(db: &Db, id: &str) -> AppResult<Option<CaseRow>> {
    if !is_record_key(id) {
        return Ok(None);
    }
    let mut response = db
        .query(format!("SELECT {CASE_FIELDS} FROM $id"))
        .bind(("id", RecordId::new("case_file", id.to_string())))
        .await?;
    take_one::<CaseRow>(&mut response, 0)
}

/// A case the user may see, or «not found» (the same answer whether it exists or not, so that
/// nobody learns of cases outside their districts).
pub async fn visible_row(db: &Db, user: &CurrentUser, id: &str) -> AppResult<CaseRow> {
    match row(db, id).await? {
        Some(row) if row.visible_to(user) => Ok(row),
        _ => Err(AppError::NotFound("Случай не найден или недоступен вам".into())),
    }
}

/// The board card of a case.
pub async fn card(db: &Db, id: &str, calendar: &ProductionCalendar, today: NaiveDate) -> AppResult<Option<Card>> {
    let mut response = db
        .query(format!("SELECT {CARD_FIELDS} FROM $id"))
        .bind(("id", RecordId::new("case_file", id.to_string())))
        .await?;
    Ok(take_one::<CardRow>(&mut response, 0)?.map(|r| r.into_card(calendar, today)))
}

/// The history of a case, oldest first.
pub async fn history(db: &Db, id: &str) -> AppResult<Vec<CaseEvent>> {
    let mut response = db
        .query("SELECT at, by_name, kind, from_stage, to_stage, comment, detail FROM case_event WHERE case = $case ORDER BY at ASC")
        .bind(("case", RecordId::new("case_file", id.to_string())))
        .await?
        .check()?;
    take_rows::<CaseEvent>(&mut response, 0)
}

/// Active caseworkers and supervisors: who may curate a case.
pub async fn staff(db: &Db) -> AppResult<Vec<StaffOption>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        full_name: String,
        roles: Vec<String>,
        districts: Vec<String>,
    }
    let mut response = db
        .query("SELECT record::id(id) AS id, full_name, roles, array::map(districts, |$d| record::id($d)) AS districts FROM user WHERE active = true ORDER BY full_name")
        .await?
        .check()?;
    Ok(take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .filter(|r| r.roles.iter().any(|role| role == Role::Caseworker.code() || role == Role::Supervisor.code()))
        .map(|r| StaffOption {
            caseworker: r.roles.iter().any(|role| role == Role::Caseworker.code()),
            id: r.id,
            full_name: r.full_name,
            districts: r.districts,
        })
        .collect())
}

async fn exists(db: &Db, table: &str, key: &str) -> AppResult<bool> {
    let mut response =
        db.query("SELECT VALUE record::id(id) FROM $id").bind(("id", RecordId::new(table, key.to_string()))).await?;
    let found: Vec<String> = response.take(0)?;
    Ok(!found.is_empty())
}

/// Checks the district and the curator of a form against the database; a curator who stays
/// as before is not checked again (they may have left since, and the case still has to be
/// saved).
async fn check_links(db: &Db, case: &ValidCase, curator_before: Option<&str>) -> AppResult<()> {
    let mut errors = FieldErrors::new();
    if let Some(district) = &case.district {
        if !exists(db, "district", district).await? {
            errors.add("district", "Такого социального участка нет");
        }
    }
    if let Some(curator) = case.curator.as_ref().filter(|c| Some(c.as_str()) != curator_before) {
        if !staff(db).await?.iter().any(|s| &s.id == curator) {
            errors.add("curator", "Куратором может быть работающий специалист или заведующий");
        }
    }
    errors.into_result()
}

/// Who changed a case last, for a conflict message.
fn conflict(current: &CaseRow) -> AppError {
    AppError::Conflict(format!(
        "Случай уже изменил(а) {} ({}). Обновлённая карточка показана, повторите действие, если оно ещё нужно.",
        current.updated_by_name,
        crate::time::format_datetime(current.updated_at)
    ))
}

/// Opens a case. From a journal entry, the entry is linked to it and marked «case opened».
/// A case with a curator starts in intake, one without waits in «appeal» for a curator.
pub async fn create(
    db: &Db,
    user: &CurrentUser,
    case: &ValidCase,
    calendar: &ProductionCalendar,
    now: DateTime<Utc>,
) -> AppResult<String> {
    check_links(db, case, None).await?;
    let entry = match &case.journal_entry {
        Some(key) => {
            #[derive(Deserialize)]
            struct Entry {
                case: Option<String>,
            }
            let mut response =
                db.query("SELECT case FROM $id").bind(("id", RecordId::new("journal_entry", key.clone()))).await?;
            match take_one::<Entry>(&mut response, 0)? {
                None => return Err(AppError::field("journal_entry", "Такой записи журнала нет")),
                Some(Entry { case: Some(_) }) => {
                    return Err(AppError::field("journal_entry", "Из этого обращения случай уже открыт"))
                }
                Some(_) => Some(RecordId::new("journal_entry", key.clone())),
            }
        }
        None => None,
    };
    let today = local_today(now);
    let stage = if case.curator.is_some() { Stage::Intake } else { Stage::Appeal };
    let mut reached = Reached::new();
    reached.insert(Stage::Appeal, case.detected_on);
    if stage == Stage::Intake {
        reached.insert(Stage::Intake, today.max(case.detected_on));
    }
    let state = CaseState {
        stage,
        stage_since: now,
        reached,
        detected_on: case.detected_on,
        plan_approved_on: case.plan_approved_on,
        curator: case.curator.clone(),
    };
    let year = i64::from(crate::time::local_year(now));
    let detail = case.curator.as_ref().map(|_| "Назначен куратор".to_string());
    let created = created_key(|| {
        // The board key needs the number, which the transaction takes: its date part is
        // written here, the number appended in the statement.
        let state_content = state.content(calendar, year, 0, user, now);
        let due_part = state_content.board_key.split('|').next().unwrap_or_default().to_string();
        db.query(
            "BEGIN TRANSACTION;
             LET $counter = UPSERT ONLY $counter_id SET year = $year, last = (last ?? 0) + 1 RETURN AFTER;
             IF $entry != NONE AND $entry.case != NONE { THROW 'entry_taken' };
             LET $digits = <string> $counter.last;
             LET $created = CREATE ONLY case_file CONTENT object::extend(object::extend($details, $state), {
                 year: $year, number: $counter.last, journal_entry: $entry,
                 board_key: string::concat($due_part, '|', <string> $year, string::repeat('0', 7 - string::len($digits)), $digits),
                 created_at: $now, created_by: $user, created_by_name: $user_name, version: 1,
             });
             CREATE case_event CONTENT object::extend($event, { case: $created.id, at: $now, by: $user, by_name: $user_name });
             IF $entry != NONE {
                 UPDATE $entry SET case = $created.id, outcome = outcome ?? 'case_opened', version = version + 1,
                     updated_at = $now, updated_by = $user, updated_by_name = $user_name;
             };
             COMMIT TRANSACTION;
             RETURN record::id($created.id);",
        )
        .bind(("counter_id", RecordId::new("case_counter", year)))
        .bind(("year", year))
        .bind(("details", DetailsContent::new(case)))
        .bind(("state", state_content))
        .bind(("entry", entry.clone()))
        .bind(("due_part", due_part))
        .bind(("event", EventContent::new("created", None, Some(stage), None, detail.clone())))
        .bind(("now", now))
        .bind(("user", RecordId::new("user", user.id.clone())))
        .bind(("user_name", user.full_name.clone()))
        .into_future()
    })
    .await;
    match created {
        Ok(Some(id)) => Ok(id),
        Ok(None) => Err(AppError::Internal("case was not created".into())),
        Err(e) if e.to_string().contains("entry_taken") => {
            Err(AppError::field("journal_entry", "Из этого обращения случай уже открыт"))
        }
        Err(e) => Err(e.into()),
    }
}

/// Writes a new state of a case (and its new details, when edited) if nobody changed it since
/// `version`, with the lines of its history, in one transaction.
async fn write(
    db: &Db,
    user: &CurrentUser,
    current: &CaseRow,
    details: Option<DetailsContent>,
    state: StateContent,
    events: Vec<EventContent>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let result = db
        .query(
            "BEGIN TRANSACTION;
             LET $updated = UPDATE $id MERGE object::extend(object::extend($details ?? {}, $state), { version: $version + 1 })
                 WHERE version = $version RETURN VALUE id;
             IF array::len($updated) = 0 { THROW 'version_conflict' };
             FOR $event IN $events {
                 CREATE case_event CONTENT object::extend($event, { case: $id, at: $now, by: $user, by_name: $user_name });
             };
             COMMIT TRANSACTION;",
        )
        .bind(("id", RecordId::new("case_file", current.id.clone())))
        .bind(("details", details))
        .bind(("state", state))
        .bind(("version", current.version))
        .bind(("events", events))
        .bind(("now", now))
        .bind(("user", RecordId::new("user", user.id.clone())))
        .bind(("user_name", user.full_name.clone()))
        .await;
    let error = match result {
        Ok(mut response) => transaction_error(&mut response),
        Err(e) => Some(e),
    };
    match error {
        None => Ok(()),
        Some(e) if e.to_string().contains("version_conflict") || is_retryable(&e) => {
            let latest = row(db, &current.id).await?.ok_or_else(|| AppError::NotFound("Случай не найден".into()))?;
            Err(conflict(&latest))
        }
        Some(e) => Err(e.into()),
    }
}

/// A checked move request: the version the user saw, where the case goes, and why.
pub struct MoveOrder {
    pub version: i64,
    pub to_stage: Stage,
    /// A new curator (`Some(None)` — none), or `None` to keep the curator.
    pub to_curator: Option<Option<String>>,
    pub comment: String,
}

/// Moves a case to another stage and/or another curator, checking the rules of the stages, the
/// user's rights and the version the user saw.
pub async fn move_case(
    db: &Db,
    user: &CurrentUser,
    current: &CaseRow,
    order: &MoveOrder,
    calendar: &ProductionCalendar,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if current.version != order.version {
        return Err(conflict(current));
    }
    let to_stage = order.to_stage;
    let refuse = |message: String| AppError::field("move", message);
    let mut events = Vec::new();
    let comment = Some(order.comment.trim().to_string()).filter(|c| !c.is_empty());
    let mut curator = current.curator_key();
    if let Some(new_curator) = order.to_curator.clone().filter(|c| *c != curator) {
        if !user.has(Role::Supervisor) {
            return Err(refuse("Передать случай другому специалисту может только заведующий отделением".into()));
        }
        let staff = staff(db).await?;
        let name_of = |key: &Option<String>| {
            key.as_ref()
                .and_then(|k| staff.iter().find(|s| &s.id == k))
                .map(|s| short_name(&s.full_name))
                .unwrap_or_else(|| "не назначен".into())
        };
        if let Some(key) = &new_curator {
            if !staff.iter().any(|s| &s.id == key) {
                return Err(refuse("Куратором может быть работающий специалист или заведующий".into()));
            }
        }
        events.push(EventContent::new(
            "assign",
            None,
            None,
            comment.clone(),
            Some(format!("Куратор: {} → {}", name_of(&curator), name_of(&new_curator))),
        ));
        curator = new_curator;
    }
    let mut facts = CaseFacts::of_row(current);
    facts.has_curator = curator.is_some();
    let mut reached = current.reached();
    let mut stage_since = current.stage_since;
    if to_stage != current.stage {
        check_move(&facts, to_stage, user, comment.as_deref().unwrap_or_default())
            .map_err(|refusal| refuse(refusal.message()))?;
        // A case reopened further along has passed the stages before it.
        for stage in Stage::ALL.iter().take(to_stage.index() + 1) {
            reached.entry(*stage).or_insert_with(|| local_today(now));
        }
        stage_since = now;
        events.push(EventContent::new("move", Some(current.stage), Some(to_stage), comment.clone(), None));
    } else if curator.is_none() && current.stage.index() >= Stage::Intake.index() && current.stage != Stage::Closed {
        return Err(refuse("Случай в работе не может остаться без куратора".into()));
    }
    if events.is_empty() {
        return Ok(());
    }
    let state = CaseState {
        stage: to_stage,
        stage_since,
        reached,
        detected_on: current.detected_on,
        plan_approved_on: current.plan_approved_on,
        curator,
    };
    let content = state.content(calendar, current.year, current.number, user, now);
    write(db, user, current, None, content, events, now).await
}

/// Saves the edited details of a case. Returns the labels of what changed.
pub async fn update(
    db: &Db,
    user: &CurrentUser,
    current: &CaseRow,
    version: i64,
    case: &ValidCase,
    calendar: &ProductionCalendar,
    now: DateTime<Utc>,
) -> AppResult<Vec<String>> {
    if current.version != version {
        return Err(conflict(current));
    }
    check_links(db, case, current.curator_key().as_deref()).await?;
    if case.curator.is_none() && current.stage.index() >= Stage::Intake.index() && current.stage != Stage::Closed {
        return Err(AppError::field(
            "curator",
            "Случаю в работе нужен куратор: выберите другого, а не пустое значение",
        ));
    }
    let changed = changed_fields(current, case);
    if changed.is_empty() {
        return Ok(changed);
    }
    let mut events =
        vec![EventContent::new("edit", None, None, None, Some(format!("Изменено: {}", changed.join(", "))))];
    if case.curator != current.curator_key() {
        events.push(EventContent::new("assign", None, None, None, Some("Куратор изменён в карточке случая".into())));
    }
    let mut reached = current.reached();
    // A curator given to a case waiting in «appeal» does not move it: the move is its own step.
    reached.entry(Stage::Appeal).or_insert(case.detected_on);
    let state = CaseState {
        stage: current.stage,
        stage_since: current.stage_since,
        reached,
        detected_on: case.detected_on,
        plan_approved_on: case.plan_approved_on,
        curator: case.curator.clone(),
    };
    let content = state.content(calendar, current.year, current.number, user, now);
    write(db, user, current, Some(DetailsContent::new(case)), content, events, now).await?;
    Ok(changed)
}

/// Labels of the fields an edit changes.
fn changed_fields(current: &CaseRow, case: &ValidCase) -> Vec<String> {
    let mut out = Vec::new();
    let mut cmp = |label: &str, same: bool| {
        if !same {
            out.push(label.to_string());
        }
    };
    cmp("вид", current.kind == case.kind);
    cmp("название", current.title == case.title);
    cmp("члены семьи", current.members == case.members);
    cmp("категории", current.categories == case.categories);
    cmp("адрес", current.address == case.address);
    cmp("участок", current.district_key() == case.district);
    cmp("телефон", current.phone == case.phone);
    cmp("согласие на обработку ПДн", current.consent == case.consent && current.consent_date == case.consent_date);
    cmp("куратор", current.curator_key() == case.curator);
    cmp("источник", current.source == case.source && current.source_detail == case.source_detail);
    cmp("заметки", current.notes == case.notes);
    cmp("дата обращения", current.detected_on == case.detected_on);
    cmp("признание нуждающимся", current.need_recognised_on == case.need_recognised_on);
    cmp("утверждение плана", current.plan_approved_on == case.plan_approved_on);
    out
}

impl CaseFacts {
    pub fn of_row(row: &CaseRow) -> Self {
        CaseFacts {
            stage: row.stage,
            has_curator: row.curator.is_some(),
            members: row.members.len(),
            consent: row.consent && row.consent_date.is_some(),
            need_recognised: row.need_recognised_on.is_some(),
            plan_approved: row.plan_approved_on.is_some(),
        }
    }
}

impl CaseRow {
    pub fn stage(&self) -> Stage {
        self.stage
    }
    pub fn version(&self) -> i64 {
        self.version
    }
    pub fn plan_approved_on(&self) -> Option<NaiveDate> {
        self.plan_approved_on
    }
    pub fn label(&self) -> String {
        format!("№ {} «{}»", case_number(self.year, self.number), self.title)
    }
}

/// Recomputes the stored nearest deadline of every open case, after the calendar changed.
pub async fn recompute_deadlines(db: &Db, calendar: &ProductionCalendar) -> AppResult<usize> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        year: i64,
        number: i64,
        stage: Stage,
        stage_since: DateTime<Utc>,
        detected_on: NaiveDate,
        plan_approved_on: Option<NaiveDate>,
        reached: Vec<ReachedRow>,
        version: i64,
        due_on: Option<String>,
    }
    #[derive(SurrealValue, Clone)]
    struct Due {
        id: RecordId,
        version: i64,
        due_on: Option<String>,
        due_clock: Option<String>,
        board_key: String,
    }
    let mut response = db
        .query("SELECT record::id(id) AS id, year, number, stage, stage_since, detected_on, plan_approved_on, reached, version, due_on FROM case_file WHERE stage != 'closed'")
        .await?
        .check()?;
    let rows = take_rows::<Row>(&mut response, 0)?;
    // Only the cases whose deadline moved; each as a new version, so that open boards follow.
    // A case changed meanwhile keeps what its change computed (with this calendar already).
    let dues: Vec<Due> = rows
        .into_iter()
        .filter_map(|r| {
            let facts = ClockFacts {
                stage: r.stage,
                detected_on: r.detected_on,
                plan_approved_on: r.plan_approved_on,
                reached: r.reached.iter().map(|x| (x.stage, x.on)).collect(),
            };
            let due = next_due(calendar, &facts);
            let due_on = due.map(|(d, _)| date_text(d));
            (due_on != r.due_on).then(|| Due {
                id: RecordId::new("case_file", r.id),
                version: r.version,
                due_on,
                due_clock: due.map(|(_, k)| k.code().to_string()),
                board_key: board_key(r.stage, due.map(|(d, _)| d), local_today(r.stage_since), r.year, r.number),
            })
        })
        .collect();
    let count = dues.len();
    for chunk in dues.chunks(500) {
        db.query("FOR $d IN $dues { UPDATE $d.id SET due_on = $d.due_on, due_clock = $d.due_clock, board_key = $d.board_key, version = version + 1 WHERE version = $d.version; }")
            .bind(("dues", chunk.to_vec()))
            .await?
            .check()?;
    }
    Ok(count)
}

/// A case with its past, for bulk loading (demo data, generators, benchmarks).
pub struct ImportCase {
    pub case: ValidCase,
    pub stage: Stage,
    pub stage_since: DateTime<Utc>,
    pub reached: Reached,
    pub created_at: DateTime<Utc>,
    /// Lines of its history: (moment, who, event).
    pub events: Vec<(DateTime<Utc>, CurrentUser, EventContent)>,
}

impl EventContent {
    /// A stage move for an imported history.
    pub fn moved(from: Option<Stage>, to: Stage, comment: Option<&str>) -> Self {
        EventContent::new(
            if from.is_none() { "created" } else { "move" },
            from,
            Some(to),
            comment.map(str::to_string),
            None,
        )
    }
}

#[derive(SurrealValue)]
struct ImportRow {
    details: DetailsContent,
    state: StateContent,
    year: i64,
    number: i64,
    created_at: DateTime<Utc>,
    created_by: RecordId,
    created_by_name: String,
    events: Vec<ImportEvent>,
}

#[derive(SurrealValue)]
struct CounterRow {
    year: i64,
    last: i64,
}

#[derive(SurrealValue)]
struct ImportEvent {
    at: DateTime<Utc>,
    by: RecordId,
    by_name: String,
    event: EventContent,
}

/// Bulk-loads cases with their histories: numbers continue each year's counter and each batch
/// is one transaction. For a database nobody is opening cases in at the same moment.
pub async fn import(
    db: &Db,
    creator: &CurrentUser,
    cases: Vec<ImportCase>,
    calendar: &ProductionCalendar,
) -> AppResult<usize> {
    let mut counters: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
    let total = cases.len();
    let mut cases = cases;
    cases.sort_by_key(|c| c.created_at);
    let mut iter = cases.into_iter().peekable();
    while iter.peek().is_some() {
        let batch: Vec<ImportCase> = iter.by_ref().take(300).collect();
        let mut rows = Vec::with_capacity(batch.len());
        for item in batch {
            let year = i64::from(crate::time::local_year(item.created_at));
            let last = match counters.get(&year) {
                Some(last) => *last,
                None => {
                    let mut response = db
                        .query("SELECT VALUE last FROM $counter")
                        .bind(("counter", RecordId::new("case_counter", year)))
                        .await?;
                    let found: Vec<i64> = response.take(0)?;
                    found.into_iter().next().unwrap_or(0)
                }
            };
            let number = last + 1;
            counters.insert(year, number);
            let state = CaseState {
                stage: item.stage,
                stage_since: item.stage_since,
                reached: item.reached,
                detected_on: item.case.detected_on,
                plan_approved_on: item.case.plan_approved_on,
                curator: item.case.curator.clone(),
            };
            let last_by = item.events.last().map(|(_, u, _)| u.clone()).unwrap_or_else(|| creator.clone());
            rows.push(ImportRow {
                details: DetailsContent::new(&item.case),
                state: state.content(calendar, year, number, &last_by, item.stage_since.max(item.created_at)),
                year,
                number,
                created_at: item.created_at,
                created_by: RecordId::new("user", creator.id.clone()),
                created_by_name: creator.full_name.clone(),
                events: item
                    .events
                    .into_iter()
                    .map(|(at, by, event)| ImportEvent {
                        at,
                        by: RecordId::new("user", by.id.clone()),
                        by_name: by.full_name.clone(),
                        event,
                    })
                    .collect(),
            });
        }
        let counter_rows: Vec<CounterRow> = counters.iter().map(|(y, l)| CounterRow { year: *y, last: *l }).collect();
        db.query(
            "BEGIN TRANSACTION;
             FOR $row IN $rows {
                 LET $created = CREATE ONLY case_file CONTENT object::extend(object::extend($row.details, $row.state), {
                     year: $row.year, number: $row.number, created_at: $row.created_at,
                     created_by: $row.created_by, created_by_name: $row.created_by_name, version: 1,
                 });
                 FOR $e IN $row.events {
                     CREATE case_event CONTENT object::extend($e.event, { case: $created.id, at: $e.at, by: $e.by, by_name: $e.by_name });
                 };
             };
             FOR $c IN $counters {
                 UPSERT type::record('case_counter', $c.year) SET year = $c.year, last = $c.last;
             };
             COMMIT TRANSACTION;",
        )
        .bind(("rows", rows))
        .bind(("counters", counter_rows))
        .await?
        .check()?;
    }
    Ok(total)
}
