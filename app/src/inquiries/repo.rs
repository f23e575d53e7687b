//! Database side of the inter-agency requests. Server-only. One `inquiry` record per request,
//! numbered per year and direction without gaps (`db::numbering`); each write carries its audit
//! line in the same transaction. The partners a request may be addressed to are read from the
//! resource map's `partner` table here, not through the resources feature.

use super::types::*;
use crate::audit::ssr::AuditLine;
use crate::auth::{CurrentUser, Role};
use crate::db::filter::{Filter, Lit};
use crate::db::numbering::YearSeries;
use crate::db::{created_key, date_text, take_one, take_rows, transaction_error, Db};
use crate::error::{AppError, AppResult};
use crate::keys::{record_key, RecordKey};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use std::future::IntoFuture;
use surrealdb::engine::any::Any;
use surrealdb::method::Query;
use surrealdb::types::{RecordId, SurrealValue};

/// Outgoing and incoming requests are numbered apart, each per year.
const OUTGOING: YearSeries = YearSeries::new("inquiry_out_counter");
const INCOMING: YearSeries = YearSeries::new("inquiry_in_counter");

fn series(direction: Direction) -> YearSeries {
    match direction {
        Direction::Outgoing => OUTGOING,
        Direction::Incoming => INCOMING,
    }
}

fn inquiry_id(id: &str) -> RecordId {
    RecordId::new("inquiry", id.to_string())
}

/// How a request is read: keys as keys, the case's number and title joined in.
const FIELDS: &str = "record::id(id) AS id, year, number, direction, partner, body, body_address, reference, \
    essence, legal_basis, period_from, period_to, details, case, case.year AS case_year, case.number AS case_no, \
    case.title AS case_title, person, term, due_on, sent_on, way, status, answer_on, answer_text, answer_file_name, \
    answer_file_type, answer_file_size, answer_file_at, answer_file_by, created_by, \
    created_by_name, created_at, updated_at, updated_by_name, version";

#[derive(Deserialize)]
struct Row {
    id: String,
    year: i64,
    number: i64,
    direction: Direction,
    partner: Option<String>,
    body: String,
    body_address: String,
    reference: String,
    essence: String,
    legal_basis: String,
    period_from: Option<NaiveDate>,
    period_to: Option<NaiveDate>,
    details: String,
    case: Option<String>,
    case_year: Option<i64>,
    case_no: Option<i64>,
    case_title: Option<String>,
    person: String,
    term: Term,
    due_on: Option<NaiveDate>,
    sent_on: Option<NaiveDate>,
    way: Option<Way>,
    status: InquiryStatus,
    answer_on: Option<NaiveDate>,
    #[serde(default)]
    answer_text: String,
    answer_file_name: Option<String>,
    answer_file_type: Option<String>,
    answer_file_size: Option<i64>,
    answer_file_at: Option<DateTime<Utc>>,
    answer_file_by: Option<String>,
    created_by: String,
    created_by_name: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
    version: i64,
}

impl Row {
    fn into_inquiry(self) -> Inquiry {
        let case_number = match (self.case_year, self.case_no) {
            (Some(y), Some(n)) => Some(format!("{y}-{n:04}")),
            _ => None,
        };
        Inquiry {
            id: self.id,
            year: self.year,
            number: self.number,
            direction: self.direction,
            partner_id: self.partner.as_deref().map(record_key),
            body: self.body,
            body_address: self.body_address,
            reference: self.reference,
            essence: self.essence,
            legal_basis: self.legal_basis,
            period_from: self.period_from,
            period_to: self.period_to,
            details: self.details,
            case_id: self.case.as_deref().map(record_key),
            case_number,
            case_title: self.case_title,
            person: self.person,
            term: self.term,
            due_on: self.due_on,
            sent_on: self.sent_on,
            way: self.way,
            status: self.status,
            answer_on: self.answer_on,
            answer_text: self.answer_text,
            answer_file: match (self.answer_file_name, self.answer_file_type, self.answer_file_at) {
                (Some(name), Some(content_type), Some(at)) => Some(AnswerFile {
                    name,
                    content_type,
                    size: self.answer_file_size.unwrap_or_default(),
                    at,
                    by_name: self.answer_file_by.unwrap_or_default(),
                }),
                _ => None,
            },
            created_by: record_key(&self.created_by),
            created_by_name: self.created_by_name,
            created_at: self.created_at,
            updated_at: self.updated_at,
            updated_by_name: self.updated_by_name,
            version: self.version,
        }
    }
}

/// A request by its key.
pub async fn get(db: &Db, id: &str) -> AppResult<Option<Inquiry>> {
    if !crate::keys::is_record_key(id) {
        return Ok(None);
    }
    let mut response = db.query(format!("SELECT {FIELDS} FROM $id")).bind(("id", inquiry_id(id))).await?;
    Ok(take_one::<Row>(&mut response, 0)?.map(Row::into_inquiry))
}

/// The requests a condition selects, the newest first, at most `limit`; whether there are more.
pub async fn list(db: &Db, filter: &Filter, limit: usize) -> AppResult<(Vec<Inquiry>, bool)> {
    let query = db.query(format!(
        "SELECT {FIELDS} FROM inquiry {} ORDER BY created_at DESC LIMIT {}",
        filter.where_clause(),
        limit + 1
    ));
    let mut response = filter.bind(query).await?;
    let mut rows: Vec<Inquiry> = take_rows::<Row>(&mut response, 0)?.into_iter().map(Row::into_inquiry).collect();
    let more = rows.len() > limit;
    rows.truncate(limit);
    Ok((rows, more))
}

/// The answer dates of the sent requests a condition selects (the start pages count them): only
/// that field is read, however many requests there are.
pub async fn sent_due_dates(db: &Db, filter: &Filter) -> AppResult<Vec<NaiveDate>> {
    #[derive(Deserialize)]
    struct Due {
        due_on: Option<NaiveDate>,
    }
    let mut sent = filter.clone();
    sent.equals("status", Lit::code(InquiryStatus::Sent.code()));
    let query = db.query(format!("SELECT due_on FROM inquiry {}", sent.where_clause()));
    let mut response = sent.bind(query).await?;
    Ok(take_rows::<Due>(&mut response, 0)?.into_iter().filter_map(|d| d.due_on).collect())
}

/// How many of the sent requests `user` sees wait past their answer day, and how many are due
/// today or within `DUE_SOON_DAYS` working days: the urgent services' notice and the caseworker's
/// start page count the same requests the same way.
pub async fn deadlines(db: &Db, user: &CurrentUser, today: NaiveDate) -> AppResult<InquiryDeadlines> {
    let filter = visible_filter(db, user).await?;
    let due_dates = sent_due_dates(db, &filter).await?;
    let calendar = crate::calendar::repo::load(db).await?;
    let mut counts = InquiryDeadlines::default();
    for due in due_dates {
        match Standing::of(InquiryStatus::Sent, Some(due), None, &calendar, today) {
            Standing::Overdue { .. } => counts.overdue += 1,
            Standing::Waiting { left, .. } if left <= DUE_SOON_DAYS => counts.due_soon += 1,
            _ => {}
        }
    }
    Ok(counts)
}

/// The requests about a case, the newest first.
pub async fn of_case(db: &Db, case: &str) -> AppResult<Vec<Inquiry>> {
    let mut response = db
        .query(format!("SELECT {FIELDS} FROM inquiry WHERE case = $case ORDER BY created_at DESC"))
        .bind(("case", RecordId::new("case_file", case.to_string())))
        .await?;
    Ok(take_rows::<Row>(&mut response, 0)?.into_iter().map(Row::into_inquiry).collect())
}

/// The requests a user sees, as a condition on `inquiry`: a supervisor all; the others those
/// they registered and those about the cases they may see (`cases::visibility`).
pub async fn visible_filter(db: &Db, user: &CurrentUser) -> AppResult<Filter> {
    if user.has(Role::Supervisor) {
        return Ok(Filter::new());
    }
    let Some(me) = RecordKey::parse(&user.id) else { return Ok(Filter::nothing()) };
    let cases = crate::cases::visibility::visible_filter(user);
    // Only the cases that have requests are looked at: a handful, whatever the district holds.
    let query = db.query(format!(
        "LET $cases = array::distinct(SELECT VALUE case FROM inquiry WHERE case != NONE);
         SELECT VALUE record::id(id) FROM $cases {};",
        cases.where_clause()
    ));
    let mut response = cases.bind(query).await?;
    let keys: Vec<String> = response.take(1)?;
    let mut mine = Filter::new();
    mine.equals("created_by", Lit::key("user", &me));
    let mut about = Filter::new();
    about.one_of("case", keys.iter().filter_map(|k| RecordKey::parse(k)).map(|k| Lit::key("case_file", &k)));
    let mut filter = Filter::new();
    filter.any_of(vec![mine, about]);
    Ok(filter)
}

/// The partners of the resource map a request may be addressed to, by name.
pub async fn partners(db: &Db) -> AppResult<Vec<PartnerOption>> {
    let mut response = db
        .query(
            "SELECT record::id(id) AS id, name, address FROM partner WHERE archived = false ORDER BY name LIMIT 2000",
        )
        .await?;
    take_rows::<PartnerOption>(&mut response, 0)
}

/// Whether a partner is in the resource map.
pub async fn partner_exists(db: &Db, key: &str) -> AppResult<bool> {
    if !crate::keys::is_record_key(key) {
        return Ok(false);
    }
    let mut response = db
        .query("SELECT VALUE record::id(id) FROM $id")
        .bind(("id", RecordId::new("partner", key.to_string())))
        .await?;
    let found: Vec<String> = response.take(0)?;
    Ok(!found.is_empty())
}

/// What a save writes; the same shape for a new request and a change.
#[derive(SurrealValue, Clone)]
struct Content {
    partner: Option<RecordId>,
    body: String,
    body_address: String,
    reference: String,
    essence: String,
    legal_basis: String,
    period_from: Option<String>,
    period_to: Option<String>,
    details: String,
    case: Option<RecordId>,
    person: String,
    term: String,
    due_on: Option<String>,
    sent_on: Option<String>,
    way: Option<String>,
    status: String,
    search_text: String,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
}

/// What a request holds after a save: the form's content, the case it concerns, its status
/// and, once sent, the sending.
pub struct Change<'a> {
    pub valid: &'a ValidInquiry,
    /// The key of the case, checked by the caller.
    pub case: Option<String>,
    pub status: InquiryStatus,
    /// The day, the way and the due day of a sent request.
    pub sending: Option<Sending>,
}

/// Lower-case words to search by, «ё» as «е».
fn search_text(valid: &ValidInquiry, label: &str) -> String {
    let text =
        [label, &valid.body, &valid.essence, &valid.legal_basis, &valid.person, &valid.reference, &valid.details]
            .join(" ")
            .to_lowercase();
    crate::validation::fold_yo(&text)
}

impl Content {
    fn new(change: &Change<'_>, label: &str, user: &CurrentUser, now: DateTime<Utc>) -> Self {
        let v = change.valid;
        // A draft keeps what was typed; a sent request what its sending fixed.
        let (sent_on, way, due_on) = match change.sending {
            Some(s) => (Some(s.sent_on), Some(s.way), Some(s.due_on)),
            None => (v.sent_on, v.way, v.due_on),
        };
        Content {
            partner: v.partner.as_ref().map(|p| RecordId::new("partner", p.clone())),
            body: v.body.clone(),
            body_address: v.body_address.clone(),
            reference: v.reference.clone(),
            essence: v.essence.clone(),
            legal_basis: v.legal_basis.clone(),
            period_from: v.period_from.map(date_text),
            period_to: v.period_to.map(date_text),
            details: v.details.clone(),
            case: change.case.as_ref().map(|c| RecordId::new("case_file", c.clone())),
            person: v.person.clone(),
            term: v.term.code().to_string(),
            due_on: due_on.map(date_text),
            sent_on: sent_on.map(date_text),
            way: way.map(|w| w.code().to_string()),
            status: change.status.code().to_string(),
            search_text: search_text(v, label),
            updated_at: now,
            updated_by_name: user.full_name.clone(),
        }
    }
}

/// Registers a request with the next number of its direction in the current year, with the
/// audit line: its record and the start of its summary («Межведомственный запрос исх. № 5/2026»)
/// are filled in here, the caller's summary follows them; the request's key.
pub async fn create(
    db: &Db,
    user: &CurrentUser,
    change: &Change<'_>,
    audit: AuditLine,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let year = i64::from(crate::time::local_year(now));
    let direction = change.valid.direction;
    // The number is not known before the transaction: the search words get it afterwards.
    let content = Content::new(change, "", user, now);
    let created = created_key(|| {
        db.query(concat!(
            crate::begin_numbered!(),
            "
             LET $created = CREATE ONLY inquiry CONTENT object::extend($content, {
                 year: $year, number: $number, direction: $direction, answer_text: '',
                 search_text: string::concat($content.search_text, ' ', $prefix, ' № ', <string> $number, '/', <string> $year),
                 created_at: $now, created_by: $user, created_by_name: $by, version: 1 });
             CREATE audit CONTENT object::extend($audit, {
                 at: time::now(),
                 record: string::concat('inquiry:', record::id($created.id)),
                 summary: string::concat('Межведомственный запрос ', $prefix, ' № ', <string> $number, '/',
                     <string> $year, $audit.summary) });
             COMMIT TRANSACTION;
             RETURN record::id($created.id);",
        ))
        .bind(("counter", series(direction).counter(year)))
        .bind(("year", year))
        .bind(("direction", direction.code().to_string()))
        .bind(("prefix", label_of(direction, 0, 0).split(' ').next().unwrap_or_default().to_string()))
        .bind(("content", content.clone()))
        .bind(("now", now))
        .bind(("user", RecordId::new("user", user.id.clone())))
        .bind(("by", user.full_name.clone()))
        .bind(("audit", audit.clone()))
        .into_future()
    })
    .await?;
    created.ok_or_else(|| AppError::internal("inquiry not created"))
}

fn conflict(current: &Inquiry) -> AppError {
    AppError::Conflict(format!(
        "Запрос {} изменил(а) {} в {}, пока вы его правили. Ваши правки остались на экране: \
         откройте запрос заново (введённое сохранено на этом устройстве) и сверьте их с новыми.",
        current.label(),
        current.updated_by_name,
        crate::time::format_datetime(current.updated_at)
    ))
}

/// Runs a write of a request that holds only while the request is at `version` in status
/// `from`, with its audit line; a lost race is answered with what changed.
async fn guarded<'a>(
    db: &'a Db,
    id: &str,
    from: InquiryStatus,
    statement: &'static str,
    bind: impl FnOnce(Query<'a, Any>) -> Query<'a, Any>,
    audit: AuditLine,
) -> AppResult<()> {
    let query = db
        .query(format!(
            "BEGIN TRANSACTION;
             LET $updated = {statement};
             IF array::len($updated) = 0 {{ THROW 'version_conflict' }};
             CREATE audit CONTENT object::extend($audit, {{ at: time::now() }});
             COMMIT TRANSACTION;"
        ))
        .bind(("id", inquiry_id(id)))
        .bind(("from", from.code().to_string()))
        .bind(("audit", audit));
    let mut response = bind(query).await?;
    match transaction_error(&mut response) {
        None => Ok(()),
        Some(e) if e.to_string().contains("version_conflict") => {
            let current = get(db, id).await?.ok_or_else(|| AppError::NotFound("Запрос не найден".into()))?;
            if current.status != from {
                // Someone moved it on meanwhile: sent it, recorded the answer.
                Err(AppError::Conflict(format!(
                    "Запрос {} уже в состоянии «{}» ({}, {}). Ваши правки остались на экране.",
                    current.label(),
                    current.status_label(),
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

/// Saves a request (and sends it, when the change says so) if nobody changed it since
/// `version` and it is still in status `from`.
pub async fn update(
    db: &Db,
    user: &CurrentUser,
    current: &Inquiry,
    version: i64,
    change: &Change<'_>,
    audit: AuditLine,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let content = Content::new(change, &current.label(), user, now);
    guarded(
        db,
        &current.id,
        current.status,
        "UPDATE $id MERGE object::extend($content, { version: $version + 1 })
             WHERE version = $version AND status = $from RETURN VALUE version",
        |q| q.bind(("content", content)).bind(("version", version)),
        audit,
    )
    .await
}

/// Records the answer to a request that is still sent (waiting for its answer): a colleague's
/// correction of the request's text meanwhile does not refuse the answer; an answer recorded by
/// someone else meanwhile does.
pub async fn answer(
    db: &Db,
    user: &CurrentUser,
    id: &str,
    on: NaiveDate,
    text: &str,
    audit: AuditLine,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let (on, text, by) = (date_text(on), text.to_string(), user.full_name.clone());
    guarded(
        db,
        id,
        InquiryStatus::Sent,
        "UPDATE $id SET status = 'answered', answer_on = $on, answer_text = $text, updated_at = $now,
                 updated_by_name = $by, version = version + 1
             WHERE status = $from RETURN VALUE version",
        |q| q.bind(("on", on)).bind(("text", text)).bind(("by", by)).bind(("now", now)),
        audit,
    )
    .await
}

/// Attaches the file of the answer to a request that is sent or answered (a file attached before
/// is replaced; the trail keeps both), with its audit line in the same transaction. The version
/// is not changed: a colleague editing the request's text meanwhile is not refused for it.
pub async fn attach_answer_file(db: &Db, id: &str, file: &str, answer: &AnswerFile, audit: AuditLine) -> AppResult<()> {
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $updated = UPDATE $id SET answer_file = $file, answer_file_name = $name, answer_file_type = $type,
                 answer_file_size = $size, answer_file_at = $at, answer_file_by = $by
                 WHERE status IN ['sent', 'answered'] RETURN VALUE version;
             IF array::len($updated) = 0 { THROW 'not_sent' };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("id", inquiry_id(id)))
        .bind(("file", file.to_string()))
        .bind(("name", answer.name.clone()))
        .bind(("type", answer.content_type.clone()))
        .bind(("size", answer.size))
        .bind(("at", answer.at))
        .bind(("by", answer.by_name.clone()))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(()),
        Some(e) if e.to_string().contains("not_sent") => Err(AppError::field(
            "answer_file",
            "Файл ответа прикладывают к отправленному (поступившему) запросу — сначала отметьте его отправленным",
        )),
        Some(e) => Err(e.into()),
    }
}

/// The stored name and type of a request's answer file.
pub async fn answer_file(db: &Db, id: &str) -> AppResult<Option<(String, String, String)>> {
    #[derive(Deserialize)]
    struct FileRow {
        answer_file: Option<String>,
        answer_file_type: Option<String>,
        answer_file_name: Option<String>,
    }
    let mut response = db
        .query("SELECT answer_file, answer_file_type, answer_file_name FROM $id")
        .bind(("id", inquiry_id(id)))
        .await?;
    Ok(take_one::<FileRow>(&mut response, 0)?.and_then(|r| match (r.answer_file, r.answer_file_type) {
        (Some(file), Some(kind)) => Some((file, kind, r.answer_file_name.unwrap_or_default())),
        _ => None,
    }))
}
