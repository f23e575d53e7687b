//! Writing cases: opening one, moving it between stages, editing it, each with its history.

use super::*;
use crate::audit::ssr::{Actor, AuditLine};
use crate::audit::AuditAction;
use crate::auth::{short_name, CurrentUser, Role};
use crate::calendar::ProductionCalendar;
use crate::cases::clocks::Reached;
use crate::cases::stages::{check_move, CaseFacts};
use crate::cases::types::*;
use crate::cases::validate::ValidCase;
use crate::db::{created_key, is_retryable, take_one, transaction_error, Db};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::time::local_today;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use std::future::IntoFuture;
use surrealdb::types::RecordId;

pub(super) async fn exists(db: &Db, table: &str, key: &str) -> AppResult<bool> {
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
    // From an application: it is linked to the case and the clock of the ИППСУ proposals
    // counts from its date (seed 000 §4.1.7).
    let (application, applied_on) = match &case.application {
        Some(key) => {
            #[derive(Deserialize)]
            struct Application {
                case: Option<String>,
                received_on: chrono::NaiveDate,
            }
            let mut response = db
                .query("SELECT case, received_on FROM $id")
                .bind(("id", RecordId::new("application", key.clone())))
                .await?;
            match take_one::<Application>(&mut response, 0)? {
                None => return Err(AppError::field("application", "Такого заявления нет")),
                Some(Application { case: Some(_), .. }) => {
                    return Err(AppError::field("application", "По этому заявлению случай уже открыт"))
                }
                Some(found) => (Some(RecordId::new("application", key.clone())), Some(found.received_on)),
            }
        }
        None => (None, None),
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
        applied_on,
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
        db.query(concat!(
            crate::begin_numbered!(),
            "
             IF $entry != NONE AND $entry.case != NONE { THROW 'entry_taken' };
             IF $application != NONE AND $application.case != NONE { THROW 'application_taken' };
             LET $digits = <string> $number;
             LET $created = CREATE ONLY case_file CONTENT object::extend(object::extend($details, $state), {
                 year: $year, number: $number, journal_entry: $entry,
                 board_key: string::concat($due_part, '|', <string> $year, string::repeat('0', 7 - string::len($digits)), $digits),
                 created_at: $now, created_by: $user, created_by_name: $user_name, version: 1,
             });
             CREATE case_event CONTENT object::extend($event, { case: $created.id, at: $now, by: $user, by_name: $user_name });
             IF $entry != NONE {
                 UPDATE $entry SET case = $created.id, outcome = outcome ?? 'case_opened', version = version + 1,
                     updated_at = $now, updated_by = $user, updated_by_name = $user_name;
             };
             IF $application != NONE {
                 UPDATE $created.id SET application = $application, applied_on = $applied_on;
                 UPDATE $application SET case = $created.id, version = version + 1,
                     updated_at = $now, updated_by = $user, updated_by_name = $user_name;
             };
             COMMIT TRANSACTION;
             RETURN record::id($created.id);",
        ))
        .bind(("counter", super::SERIES.counter(year)))
        .bind(("year", year))
        .bind(("details", DetailsContent::new(case)))
        .bind(("state", state_content))
        .bind(("entry", entry.clone()))
        .bind(("application", application.clone()))
        .bind(("applied_on", applied_on.map(crate::db::date_text)))
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
        Ok(None) => Err(AppError::internal("case was not created")),
        Err(e) if e.to_string().contains("entry_taken") => {
            Err(AppError::field("journal_entry", "Из этого обращения случай уже открыт"))
        }
        Err(e) if e.to_string().contains("application_taken") => {
            Err(AppError::field("application", "По этому заявлению случай уже открыт"))
        }
        Err(e) => Err(e.into()),
    }
}

/// Writes a new state of a case (and its new details, when edited) if nobody changed it since
/// `version`, with the lines of its history, in one transaction.
#[allow(clippy::too_many_arguments)] // the parts of one transaction
pub(super) async fn write(
    db: &Db,
    user: &CurrentUser,
    current: &CaseRow,
    details: Option<DetailsContent>,
    state: StateContent,
    events: Vec<EventContent>,
    now: DateTime<Utc>,
    audit: Option<AuditLine>,
) -> AppResult<()> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result = db
        .query(
            "BEGIN TRANSACTION;
             LET $was = SELECT version, stage, district, curator, categories, due_on, stage_since FROM ONLY $id;
             LET $updated = UPDATE $id MERGE object::extend(object::extend($details ?? {}, $state), { version: $version + 1, was: $was })
                 WHERE version = $version RETURN VALUE id;
             IF array::len($updated) = 0 { THROW 'version_conflict' };
             FOR $event IN $events {
                 CREATE case_event CONTENT object::extend($event, { case: $id, at: $now, by: $user, by_name: $user_name });
             };
             IF $audit != NONE { CREATE audit CONTENT object::extend($audit, { at: time::now() }) };
             COMMIT TRANSACTION;",
        )
        .bind(("audit", audit.clone()))
        .bind(("id", RecordId::new("case_file", current.id.clone())))
        .bind(("details", details.clone()))
        .bind(("state", state.clone()))
        .bind(("version", current.version))
        .bind(("events", events.clone()))
        .bind(("now", now))
        .bind(("user", RecordId::new("user", user.id.clone())))
        .bind(("user_name", user.full_name.clone()))
        .await;
        let error = match result {
            Ok(mut response) => transaction_error(&mut response),
            Err(e) => Some(e),
        };
        match error {
            None => return Ok(()),
            Some(e) if e.to_string().contains("version_conflict") || is_retryable(&e) => {
                let latest =
                    row(db, &current.id).await?.ok_or_else(|| AppError::NotFound("Случай не найден".into()))?;
                // A write of another case into the same board tally collided with this one: the
                // case itself is unchanged, so the write is tried again.
                if latest.version() == current.version && is_retryable(&e) && attempt < 30 {
                    crate::db::back_off(attempt).await;
                    continue;
                }
                return Err(conflict(&latest));
            }
            Some(e) => return Err(e.into()),
        }
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
    let mut assigned = None;
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
        assigned = Some(name_of(&new_curator));
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
        applied_on: current.applied_on,
        plan_approved_on: current.plan_approved_on,
        curator,
    };
    // The audit line goes in the same transaction: a move is recorded exactly when it happens.
    let mut what = Vec::new();
    if to_stage != current.stage {
        what.push(format!("этап «{}» → «{}»", current.stage.label(), to_stage.label()));
    }
    if let Some(assigned) = &assigned {
        what.push(format!("куратор: {assigned}"));
    }
    let comment = comment.map(|c| format!(" ({c})")).unwrap_or_default();
    let audit = AuditLine::new(
        &Actor::user(user),
        AuditAction::Update,
        Some(format!("case_file:{}", current.id)),
        format!("Случай {}: {}{comment}", current.label(), what.join(", ")),
        vec![],
    );
    let content = state.content(calendar, current.year, current.number, user, now);
    write(db, user, current, None, content, events, now, Some(audit)).await
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
        applied_on: current.applied_on,
        plan_approved_on: case.plan_approved_on,
        curator: case.curator.clone(),
    };
    let content = state.content(calendar, current.year, current.number, user, now);
    write(db, user, current, Some(DetailsContent::new(case)), content, events, now, None).await?;
    Ok(changed)
}

/// Puts the approval of the case's plan (the ИППСУ's commission decision) on the case: its
/// implementation clock counts from `on`, and the history says by which decision. Tried again
/// on a concurrent change of the case; `detail` names the decision.
pub async fn approve_plan(
    db: &Db,
    user: &CurrentUser,
    id: &str,
    on: NaiveDate,
    detail: String,
    calendar: &ProductionCalendar,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let current = row(db, id).await?.ok_or_else(|| AppError::NotFound("Случай не найден".into()))?;
        if current.plan_approved_on == Some(on) {
            return Ok(());
        }
        let state = CaseState {
            stage: current.stage,
            stage_since: current.stage_since,
            reached: current.reached(),
            detected_on: current.detected_on,
            applied_on: current.applied_on,
            plan_approved_on: Some(on),
            curator: current.curator_key(),
        };
        let content = state.content(calendar, current.year, current.number, user, now);
        let events = vec![EventContent::new("edit", None, None, None, Some(detail.clone()))];
        match write(db, user, &current, None, content, events, now, None).await {
            // Someone changed the case between reading and writing: read it again.
            Err(AppError::Conflict(_)) if attempt < 3 => continue,
            other => return other,
        }
    }
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

/// Attaches a registered application to a case the user sees: the application points to the
/// case, and the case's first application starts its clock of the ИППСУ proposals (seed 000
/// §4.1.7). One transaction, refused when the application has a case meanwhile or the case
/// changed since the user saw it.
pub async fn attach_application(
    db: &Db,
    user: &CurrentUser,
    current: &CaseRow,
    version: i64,
    application: &str,
    calendar: &ProductionCalendar,
    now: DateTime<Utc>,
) -> AppResult<String> {
    if current.version != version {
        return Err(conflict(current));
    }
    if current.stage == Stage::Closed {
        return Err(AppError::field("case", "Случай закрыт; откройте по заявлению новый случай"));
    }
    #[derive(Deserialize)]
    struct Application {
        number: i64,
        received_on: chrono::NaiveDate,
        case: Option<String>,
    }
    let mut response = db
        .query("SELECT number, received_on, case FROM $id")
        .bind(("id", RecordId::new("application", application.to_string())))
        .await?;
    let Some(found) = take_one::<Application>(&mut response, 0)? else {
        return Err(AppError::NotFound("Заявление не найдено".into()));
    };
    if found.case.is_some() {
        return Err(AppError::field("application", "Заявление уже относится к случаю"));
    }
    let label = format!("№ {} от {}", found.number, found.received_on.format("%d.%m.%Y"));
    let first = current.application.is_none();
    let state = CaseState {
        stage: current.stage,
        stage_since: current.stage_since,
        reached: current.reached(),
        detected_on: current.detected_on,
        applied_on: if first { Some(found.received_on) } else { current.applied_on },
        plan_approved_on: current.plan_approved_on,
        curator: current.curator_key(),
    };
    let content = state.content(calendar, current.year, current.number, user, now);
    let event = EventContent::new("application", None, None, None, Some(format!("Прикреплено заявление {label}")));
    let audit = AuditLine::new(
        &Actor::user(user),
        AuditAction::Update,
        Some(format!("case_file:{}", current.id)),
        format!("Случай {}: прикреплено заявление {label}", current.label()),
        vec![],
    );
    let result = db
        .query(
            "BEGIN TRANSACTION;
             IF (SELECT VALUE case FROM ONLY $application) != NONE { THROW 'application_taken' };
             LET $was = SELECT version, stage, district, curator, categories, due_on, stage_since FROM ONLY $id;
             LET $updated = UPDATE $id MERGE object::extend($state, { version: $version + 1, was: $was })
                 WHERE version = $version RETURN VALUE id;
             IF array::len($updated) = 0 { THROW 'version_conflict' };
             IF $first { UPDATE $id SET application = $application, applied_on = $applied_on };
             UPDATE $application SET case = $id, version = version + 1,
                 updated_at = $now, updated_by = $user, updated_by_name = $user_name;
             CREATE case_event CONTENT object::extend($event, { case: $id, at: $now, by: $user, by_name: $user_name });
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("id", RecordId::new("case_file", current.id.clone())))
        .bind(("application", RecordId::new("application", application.to_string())))
        .bind(("first", first))
        .bind(("applied_on", crate::db::date_text(found.received_on)))
        .bind(("state", content))
        .bind(("version", current.version))
        .bind(("event", event))
        .bind(("audit", audit))
        .bind(("now", now))
        .bind(("user", RecordId::new("user", user.id.clone())))
        .bind(("user_name", user.full_name.clone()))
        .await;
    let error = match result {
        Ok(mut response) => transaction_error(&mut response),
        Err(e) => Some(e),
    };
    match error {
        None => Ok(label),
        Some(e) if e.to_string().contains("application_taken") => {
            Err(AppError::field("application", "Заявление уже относится к случаю"))
        }
        Some(e) if e.to_string().contains("version_conflict") || is_retryable(&e) => {
            let latest = row(db, &current.id).await?.ok_or_else(|| AppError::NotFound("Случай не найден".into()))?;
            Err(conflict(&latest))
        }
        Some(e) => Err(e.into()),
    }
}

/// Open cases the user sees whose names or address match the words, for attaching an application.
pub async fn matching_open_cases(db: &Db, user: &CurrentUser, words: &str, limit: usize) -> AppResult<Vec<CaseRow>> {
    let words = crate::validation::fold_yo(words.trim());
    if words.is_empty() {
        return Ok(vec![]);
    }
    let mut response = db
        .query(format!(
            "SELECT {CASE_FIELDS} FROM case_file WHERE search_text @@ $words AND stage != 'closed' LIMIT 200"
        ))
        .bind(("words", words))
        .await?
        .check()?;
    let rows: Vec<CaseRow> = crate::db::take_rows(&mut response, 0)?;
    Ok(rows.into_iter().filter(|r| r.visible_to(user)).take(limit).collect())
}
