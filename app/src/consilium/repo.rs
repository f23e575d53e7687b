//! Database side of the social consilium. Server-only. One `consilium` record per session,
//! numbered per year of its date without gaps (`db::numbering`); the agenda is read from what the
//! plans copy onto their cases (their term and their next deadline, both indexed).

use super::types::*;
use crate::audit::ssr::AuditLine;
use crate::auth::{short_name, CurrentUser};
use crate::calendar::ProductionCalendar;
use crate::db::numbering::YearSeries;
use crate::db::{created_key, date_text, take_one, take_rows, transaction_error, Db};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use std::future::IntoFuture;
use surrealdb::types::{RecordId, SurrealValue};

/// Protocol numbers, one series per year of the session's date.
const SERIES: YearSeries = YearSeries::new("consilium_counter");

fn session_id(id: &str) -> RecordId {
    RecordId::new("consilium", id.to_string())
}

#[derive(Deserialize)]
struct Row {
    id: String,
    year: i64,
    number: i64,
    content: String,
    status: SessionStatus,
    version: i64,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
}

const FIELDS: &str = "record::id(id) AS id, year, number, content, status, version, updated_at, updated_by_name";

impl Row {
    fn into_session(self) -> AppResult<Session> {
        let content = serde_json::from_str(&self.content)
            .map_err(|e| AppError::internal(format!("consilium {}: {e}", self.id)))?;
        Ok(Session {
            id: self.id,
            year: self.year,
            number: self.number,
            content,
            status: self.status,
            version: self.version,
            updated_at: self.updated_at,
            updated_by_name: self.updated_by_name,
        })
    }
}

/// A session by its key.
pub async fn get(db: &Db, id: &str) -> AppResult<Option<Session>> {
    let mut response = db.query(format!("SELECT {FIELDS} FROM $id")).bind(("id", session_id(id))).await?;
    take_one::<Row>(&mut response, 0)?.map(Row::into_session).transpose()
}

/// The sessions, the latest first.
pub async fn list(db: &Db, limit: usize) -> AppResult<Vec<SessionSummary>> {
    #[derive(Deserialize)]
    struct Summary {
        id: String,
        year: i64,
        number: i64,
        held_on: NaiveDate,
        status: SessionStatus,
        cases: usize,
    }
    let mut response = db
        .query(
            "SELECT record::id(id) AS id, year, number, held_on, status, array::len(cases) AS cases FROM consilium
             ORDER BY held_on DESC, number DESC LIMIT $limit",
        )
        .bind(("limit", limit as i64))
        .await?;
    Ok(take_rows::<Summary>(&mut response, 0)?
        .into_iter()
        .map(|s| SessionSummary {
            id: s.id,
            label: format!("№ {}/{}", s.number, s.year),
            held_on: s.held_on,
            status: s.status,
            cases: s.cases,
        })
        .collect())
}

fn conflict(current: &Session) -> AppError {
    AppError::Conflict(format!(
        "Протокол консилиума изменил(а) {} в {}, пока вы его готовили. Ваши правки остались на экране.",
        current.updated_by_name,
        crate::time::format_datetime(current.updated_at)
    ))
}

fn case_ids(content: &SessionContent) -> Vec<RecordId> {
    content.cases.iter().map(|c| RecordId::new("case_file", c.case_id.clone())).collect()
}

fn text_of(content: &SessionContent) -> AppResult<String> {
    serde_json::to_string(content).map_err(|e| AppError::internal(e.to_string()))
}

/// Registers a session with the next protocol number of its year; its key. The content must be
/// validated.
pub async fn create(db: &Db, user: &CurrentUser, content: &SessionContent) -> AppResult<String> {
    let text = text_of(content)?;
    let year = crate::time::parse_date(&content.held_on)
        .map(|d| i64::from(chrono::Datelike::year(&d)))
        .unwrap_or_else(|| i64::from(crate::time::local_year(Utc::now())));
    let created = created_key(|| {
        db.query(concat!(
            crate::begin_numbered!(),
            "
             LET $created = CREATE ONLY consilium CONTENT { year: $year, number: $number, held_on: $held_on,
                 content: $content, status: 'draft', cases: $cases, updated_at: time::now(), updated_by_name: $by,
                 version: 1 };
             COMMIT TRANSACTION;
             RETURN record::id($created.id);",
        ))
        .bind(("counter", SERIES.counter(year)))
        .bind(("year", year))
        .bind(("held_on", content.held_on.clone()))
        .bind(("content", text.clone()))
        .bind(("cases", case_ids(content)))
        .bind(("by", user.full_name.clone()))
        .into_future()
    })
    .await?;
    created.ok_or_else(|| AppError::internal("consilium not created"))
}

/// Saves a session being prepared if nobody changed it since `version`.
pub async fn update(db: &Db, user: &CurrentUser, id: &str, version: i64, content: &SessionContent) -> AppResult<()> {
    let mut response = db
        .query(
            "UPDATE $id SET held_on = $held_on, content = $content, cases = $cases, updated_at = time::now(),
                 updated_by_name = $by, version = version + 1
             WHERE version = $version AND status = 'draft' RETURN VALUE version",
        )
        .bind(("id", session_id(id)))
        .bind(("held_on", content.held_on.clone()))
        .bind(("content", text_of(content)?))
        .bind(("cases", case_ids(content)))
        .bind(("by", user.full_name.clone()))
        .bind(("version", version))
        .await?;
    let saved: Vec<i64> = take_rows(&mut response, 0)?;
    if saved.is_empty() {
        let current = get(db, id).await?.ok_or_else(|| AppError::NotFound("Заседание не найдено".into()))?;
        return Err(conflict(&current));
    }
    Ok(())
}

/// A line of a case's history for a decision of the consilium.
#[derive(SurrealValue, Clone)]
struct DecisionLine {
    case: RecordId,
    kind: String,
    detail: String,
}

/// Holds the session: saves its final content, marks it held and puts each decision onto its
/// case's history, with the audit line, in one transaction; refused when someone changed the
/// session since `version` or it was held already.
pub async fn hold(
    db: &Db,
    user: &CurrentUser,
    id: &str,
    version: i64,
    content: &SessionContent,
    audit: AuditLine,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let label = match get(db, id).await? {
        Some(s) => s.label(),
        None => return Err(AppError::NotFound("Заседание не найдено".into())),
    };
    let day = crate::time::parse_date(&content.held_on).map(crate::time::format_naive_date).unwrap_or_default();
    let lines: Vec<DecisionLine> = content
        .cases
        .iter()
        .map(|c| DecisionLine {
            case: RecordId::new("case_file", c.case_id.clone()),
            kind: "consilium".into(),
            detail: format!("Социальный консилиум, протокол {label} от {day}: {}", decision_words(c)),
        })
        .collect();
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $held = UPDATE $id SET held_on = $held_on, content = $content, cases = $cases, status = 'held',
                 updated_at = $now, updated_by_name = $user_name, version = version + 1
                 WHERE version = $version AND status = 'draft' RETURN VALUE id;
             IF array::len($held) = 0 { THROW 'version_conflict' };
             FOR $line IN $lines {
                 CREATE case_event CONTENT object::extend($line, { at: $now, by: $user, by_name: $user_name });
             };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("id", session_id(id)))
        .bind(("held_on", content.held_on.clone()))
        .bind(("content", text_of(content)?))
        .bind(("cases", case_ids(content)))
        .bind(("version", version))
        .bind(("lines", lines))
        .bind(("audit", audit))
        .bind(("now", now))
        .bind(("user", RecordId::new("user", user.id.clone())))
        .bind(("user_name", user.full_name.clone()))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(()),
        Some(e) if e.to_string().contains("version_conflict") => {
            let current = get(db, id).await?.ok_or_else(|| AppError::NotFound("Заседание не найдено".into()))?;
            if current.status == SessionStatus::Held {
                Err(AppError::Conflict(format!(
                    "Заседание {} уже проведено ({}, {}).",
                    current.label(),
                    current.updated_by_name,
                    crate::time::format_datetime(current.updated_at)
                )))
            } else {
                Err(conflict(&current))
            }
        }
        Some(e) => Err(e.into()),
    }
}

/// The cases for the agenda: open, with a plan whose term ends by `soon` (or has ended) or with
/// an activity overdue today; those whose term ends first come first.
pub async fn agenda(
    db: &Db,
    calendar: &ProductionCalendar,
    today: NaiveDate,
    soon: NaiveDate,
) -> AppResult<Vec<AgendaItem>> {
    #[derive(Deserialize)]
    struct Item {
        id: String,
        year: i64,
        number: i64,
        title: String,
        district_name: Option<String>,
        curator_name: Option<String>,
        route_until: Option<NaiveDate>,
        #[serde(default)]
        route_open: Option<Vec<NaiveDate>>,
    }
    let mut response = db
        .query(
            "SELECT record::id(id) AS id, year, number, title, district.name AS district_name,
                 curator.full_name AS curator_name, route_until, route_open
             FROM case_file WHERE (route_until <= $soon OR route_next < $today) AND stage != 'closed'
             ORDER BY route_until ASC LIMIT 300",
        )
        .bind(("soon", date_text(soon)))
        .bind(("today", date_text(today)))
        .await?;
    let mut items: Vec<AgendaItem> = take_rows::<Item>(&mut response, 0)?
        .into_iter()
        .map(|r| AgendaItem {
            case_id: r.id,
            case_number: crate::cases::repo::case_number(r.year, r.number),
            case_title: r.title,
            district_name: r.district_name,
            curator_name: r.curator_name.as_deref().map(short_name),
            term_until: r.route_until,
            term_left: r.route_until.map(|u| calendar.working_days_between(today, u)),
            overdue: r.route_open.unwrap_or_default().iter().filter(|d| **d < today).count() as u32,
        })
        .collect();
    items.sort_by(|a, b| {
        a.term_left
            .unwrap_or(i64::MAX)
            .cmp(&b.term_left.unwrap_or(i64::MAX))
            .then(b.overdue.cmp(&a.overdue))
            .then(a.case_number.cmp(&b.case_number))
    });
    Ok(items)
}
