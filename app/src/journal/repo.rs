//! Database side of the journal. Server-only; reached from the server functions in `api.rs`
//! and from the integration tests, which call the same functions.

use super::appeal::{diff_entry, search_text, sort_key, ValidAppeal};
use super::types::*;
use crate::audit::FieldChange;
use crate::auth::CurrentUser;
use crate::db::filter::{Filter, Lit, Op};
use crate::db::numbering::{YearSeries, SET_COUNTERS};
use crate::db::{created_key, take_one, take_rows, Db};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::keys::{record_key, rev_key, DerivedKey, RecordKey};
use crate::phone::phone_query_digits;
use crate::time::{local_year, parse_date, start_of_local_day};
use crate::validation::fold_yo;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Deserialize;
use std::future::IntoFuture;
use surrealdb::types::{RecordId, SurrealValue};

/// The journal's numbers, one series per local year.
const SERIES: YearSeries = YearSeries::new("journal_counter");

/// Rows per journal page.
pub const PAGE_SIZE: usize = 50;

/// How the journal projects an entry (ids as keys, the district's name joined in).
const ENTRY_FIELDS: &str = "record::id(id) AS id, number, year, received_at, full_name, phone, address, summary, \
    answer, answer_method, channel, topics, district, district.name AS district_name, urgent, handoff, outcome, \
    created_at, created_by_name, updated_at, updated_by_name, version, sort_key, rev_key, case";

#[derive(Deserialize)]
struct EntryRow {
    id: String,
    number: i64,
    year: i32,
    received_at: DateTime<Utc>,
    full_name: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    summary: String,
    answer: Option<String>,
    answer_method: Option<AnswerMethod>,
    channel: Channel,
    topics: Vec<Topic>,
    district: Option<String>,
    district_name: Option<String>,
    urgent: bool,
    handoff: Option<UrgentHandoff>,
    outcome: Option<Outcome>,
    created_at: DateTime<Utc>,
    created_by_name: String,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
    version: i64,
    sort_key: String,
    case: Option<String>,
}

impl EntryRow {
    fn into_entry(self) -> (JournalEntry, String) {
        let entry = JournalEntry {
            id: self.id,
            number: self.number,
            year: self.year,
            received_at: self.received_at,
            full_name: self.full_name,
            phone: self.phone,
            address: self.address,
            summary: self.summary,
            answer: self.answer,
            answer_method: self.answer_method,
            channel: self.channel,
            topics: self.topics,
            district_id: self.district.as_deref().map(record_key),
            district_name: self.district_name,
            urgent: self.urgent,
            handoff: self.handoff,
            outcome: self.outcome,
            created_at: self.created_at,
            created_by_name: self.created_by_name,
            updated_at: self.updated_at,
            updated_by_name: self.updated_by_name,
            version: self.version,
            case_id: self.case.as_deref().map(record_key),
        };
        (entry, self.sort_key)
    }
}

#[derive(SurrealValue)]
struct HandoffContent {
    to: String,
    to_detail: Option<String>,
    at: DateTime<Utc>,
    by: String,
}

/// What a create or an update writes; the same shape for both.
#[derive(SurrealValue)]
struct EntryContent {
    received_at: DateTime<Utc>,
    full_name: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    summary: String,
    answer: Option<String>,
    answer_method: Option<String>,
    channel: String,
    topics: Vec<String>,
    district: Option<RecordId>,
    urgent: bool,
    handoff: Option<HandoffContent>,
    outcome: Option<String>,
    search_text: String,
    updated_at: DateTime<Utc>,
    updated_by: RecordId,
    updated_by_name: String,
}

impl EntryContent {
    fn new(appeal: &ValidAppeal, user: &CurrentUser, now: DateTime<Utc>) -> Self {
        EntryContent {
            received_at: appeal.received_at,
            full_name: appeal.full_name.clone(),
            phone: appeal.phone.clone(),
            address: appeal.address.clone(),
            summary: appeal.summary.clone(),
            answer: appeal.answer.clone(),
            answer_method: appeal.answer_method.map(|m| m.code().to_string()),
            channel: appeal.channel.code().to_string(),
            topics: appeal.topics.iter().map(|t| t.code().to_string()).collect(),
            district: appeal.district.as_ref().map(|d| RecordId::new("district", d.clone())),
            urgent: appeal.urgent,
            handoff: appeal.handoff.as_ref().map(|h| HandoffContent {
                to: h.to.code().to_string(),
                to_detail: h.to_detail.clone(),
                at: h.at,
                by: h.by.clone(),
            }),
            outcome: appeal.outcome.map(|o| o.code().to_string()),
            search_text: search_text(appeal),
            updated_at: now,
            updated_by: RecordId::new("user", user.id.clone()),
            updated_by_name: user.full_name.clone(),
        }
    }
}

/// Registers an appeal. The journal number is the next one of the appeal's local year,
/// taken in the same transaction as the entry, so numbers have no gaps and no duplicates
/// even when dispatchers save at the same moment (a conflicting transaction is retried).
pub async fn register(db: &Db, user: &CurrentUser, appeal: &ValidAppeal) -> AppResult<JournalEntry> {
    if let Some(key) = &appeal.district {
        crate::districts::repo::name_of(db, key).await?;
    }
    let year = local_year(appeal.received_at);
    let created = created_key(|| {
        let now = Utc::now();
        db.query(concat!(
            crate::begin_numbered!(),
            "
             LET $digits = <string> $number;
             LET $created = CREATE ONLY journal_entry CONTENT object::extend($content, {
                 year: $year, number: $number,
                 sort_key: string::concat($moment, '|', $year_text, '-', string::repeat('0', 7 - string::len($digits)), $digits),
                 created_at: $now, created_by: $user, created_by_name: $user_name, version: 1,
             });
             COMMIT TRANSACTION;
             RETURN record::id($created.id);",
        ))
        .bind(("counter", SERIES.counter(i64::from(year))))
        .bind(("year", i64::from(year)))
        .bind(("year_text", format!("{year:04}")))
        .bind(("moment", appeal.received_at.format("%Y%m%dT%H%M%S").to_string()))
        .bind(("content", EntryContent::new(appeal, user, now)))
        .bind(("now", now))
        .bind(("user", RecordId::new("user", user.id.clone())))
        .bind(("user_name", user.full_name.clone()))
        .into_future()
    })
    .await;
    match created {
        Ok(Some(id)) => get(db, &id).await?.ok_or_else(|| AppError::internal("created entry not found")),
        Ok(None) => Err(AppError::internal("entry was not created")),
        Err(e) => {
            tracing::warn!(error = %e, "registering an appeal failed");
            Err(e.into())
        }
    }
}

/// One entry by its key.
pub async fn get(db: &Db, id: &str) -> AppResult<Option<JournalEntry>> {
    let mut response = db
        .query(format!("SELECT {ENTRY_FIELDS} FROM $id"))
        .bind(("id", RecordId::new("journal_entry", id.to_string())))
        .await?;
    Ok(take_one::<EntryRow>(&mut response, 0)?.map(|r| r.into_entry().0))
}

/// Completes or corrects an entry. `version` is the version the user opened: if someone saved
/// since, nothing is written and the user gets a conflict with the current version's author.
pub async fn update(
    db: &Db,
    user: &CurrentUser,
    id: &str,
    version: i64,
    appeal: &ValidAppeal,
) -> AppResult<(JournalEntry, Vec<FieldChange>)> {
    let Some(before) = get(db, id).await? else {
        return Err(AppError::NotFound("Запись журнала не найдена".into()));
    };
    if before.version != version {
        return Err(conflict(&before));
    }
    let district_after = match &appeal.district {
        Some(key) => Some(crate::districts::repo::name_of(db, key).await?),
        None => None,
    };
    if local_year(appeal.received_at) != before.year {
        let mut errors = FieldErrors::new();
        errors.add(
            "received_at",
            format!("Запись № {} относится к {} году; дату другого года исправить нельзя — зарегистрируйте обращение заново", before.number, before.year),
        );
        return Err(AppError::Validation(errors));
    }
    let changes = diff_entry(&before, appeal, district_after.as_deref());
    if changes.is_empty() {
        return Ok((before, changes));
    }
    let now = Utc::now();
    let mut response = db
        .query(
            "UPDATE $id MERGE object::extend($content, { version: $version + 1, sort_key: $sort_key }) WHERE version = $version RETURN record::id(id) AS id",
        )
        .bind(("id", RecordId::new("journal_entry", id.to_string())))
        .bind(("content", EntryContent::new(appeal, user, now)))
        .bind(("sort_key", sort_key(appeal.received_at, before.year, before.number)))
        .bind(("version", version))
        .await?
        .check()?;
    #[derive(Deserialize)]
    struct Updated {
        #[allow(dead_code)]
        id: String,
    }
    if take_one::<Updated>(&mut response, 0)?.is_none() {
        let current = get(db, id).await?.ok_or_else(|| AppError::NotFound("Запись журнала не найдена".into()))?;
        return Err(conflict(&current));
    }
    let after = get(db, id).await?.ok_or_else(|| AppError::NotFound("Запись журнала не найдена".into()))?;
    Ok((after, changes))
}

fn conflict(current: &JournalEntry) -> AppError {
    AppError::Conflict(format!(
        "Пока вы редактировали, запись изменил(а) {} ({}). Ваши правки остались в форме: сверьте их с сохранённой версией и сохраните ещё раз.",
        current.updated_by_name,
        crate::time::format_datetime(current.updated_at)
    ))
}

/// The conditions of a journal query, shared by the page, its count and the export.
pub fn conditions(query: &JournalQuery) -> Result<Filter, AppError> {
    let mut f = Filter::new();
    let mut errors = FieldErrors::new();
    let from = match query.from.trim() {
        "" => None,
        v => parse_date(v).or_else(|| {
            errors.add("from", "Дата в формате ДД.ММ.ГГГГ");
            None
        }),
    };
    let to = match query.to.trim() {
        "" => None,
        v => parse_date(v).or_else(|| {
            errors.add("to", "Дата в формате ДД.ММ.ГГГГ");
            None
        }),
    };
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            errors.add("to", "Конец периода раньше начала");
        }
    }
    // A period on the reversed key, so that a newest-first page reads one index range:
    // sort_key ≥ from ⇔ rev_key ≤ rev(from)+«~»; sort_key < to ⇔ rev_key > rev(to)+«~»
    // (the moment is a fixed-width prefix; «~» sorts after every character that follows it).
    if let Some(from) = from {
        let key = start_of_local_day(from).format("%Y%m%dT%H%M%S").to_string();
        f.compare("rev_key", Op::Le, Lit::derived(&DerivedKey::newest_first(&key, "~")));
    }
    if let Some(to) = to {
        let end = start_of_local_day(to) + Duration::days(1);
        let key = end.format("%Y%m%dT%H%M%S").to_string();
        f.compare("rev_key", Op::Gt, Lit::derived(&DerivedKey::newest_first(&key, "~")));
    }
    if !query.channel.is_empty() {
        match Channel::from_code(&query.channel) {
            Some(ch) => {
                f.equals("channel", Lit::code(ch.code()));
            }
            None => errors.add("channel", "Неизвестный канал"),
        }
    }
    if !query.topic.is_empty() {
        match Topic::from_code(&query.topic) {
            Some(t) => {
                f.contains("topics", Lit::code(t.code()));
            }
            None => errors.add("topic", "Неизвестная тема"),
        }
    }
    if !query.district.is_empty() {
        match RecordKey::parse(&query.district) {
            Some(district) => {
                f.equals("district", Lit::key("district", &district));
            }
            None => errors.add("district", "Неизвестный участок"),
        }
    }
    if query.urgent == "1" {
        f.fixed("urgent = true");
    }
    match query.outcome.as_str() {
        "" => {}
        "open" => {
            f.none("outcome");
        }
        code => match Outcome::from_code(code) {
            Some(o) => {
                f.equals("outcome", Lit::code(o.code()));
            }
            None => errors.add("outcome", "Неизвестный итог"),
        },
    }
    let q = query.q.trim();
    if !q.is_empty() {
        if q.chars().count() > 200 {
            errors.add("q", "Слишком длинный запрос");
        } else {
            f.matches("search_text", "q", phone_query_digits(q).unwrap_or_else(|| fold_yo(q)));
        }
        if let Some(from) = searched_from(query) {
            let key = start_of_local_day(from).format("%Y%m%dT%H%M%S").to_string();
            f.compare("rev_key", Op::Le, Lit::derived(&DerivedKey::newest_first(&key, "~")));
        }
    }
    errors.into_result()?;
    Ok(f)
}

/// The first day a text search looks at by default: the last [`SEARCH_WINDOW_DAYS`], unless
/// the query names a period or asks for the whole journal.
pub fn searched_from(query: &JournalQuery) -> Option<NaiveDate> {
    let windowed = !query.q.trim().is_empty() && query.from.trim().is_empty() && query.to.trim().is_empty();
    (windowed && query.all != "1")
        .then(|| crate::time::local_today(chrono::Utc::now()) - Duration::days(SEARCH_WINDOW_DAYS))
}

/// A page of the journal: newest first, filtered, paged by key so that the hundredth page
/// costs what the first does. Urgent appeals without a recorded hand-off come separately.
pub async fn list(db: &Db, query: &JournalQuery) -> AppResult<JournalPage> {
    let c = conditions(query)?;
    let mut page = c.clone();
    let towards_newer = !query.newer.is_empty();
    if towards_newer {
        page.fixed("sort_key > $cursor");
    } else if !query.older.is_empty() {
        page.fixed("rev_key > $rev_cursor");
    }
    let cursor = if towards_newer { query.newer.clone() } else { query.older.clone() };
    let where_all = c.where_clause();
    let where_page = page.where_clause();
    // Newest first reads rev_key forwards; towards newer pages, sort_key forwards.
    let order = if towards_newer { "sort_key ASC" } else { "rev_key ASC" };
    // A text search counts its hits only up to the cap: the page itself is read by key.
    let searching = !query.q.trim().is_empty();
    let count_sql = if c.is_empty() {
        "SELECT count() AS total FROM journal_entry GROUP ALL".to_string()
    } else if searching {
        format!("RETURN {{ total: count(SELECT VALUE id FROM journal_entry {where_all} LIMIT {}) }}", COUNT_CAP + 1)
    } else {
        format!("SELECT count() AS total FROM journal_entry {where_all} GROUP ALL")
    };
    let sql = format!(
        "SELECT {ENTRY_FIELDS} FROM journal_entry {where_page} ORDER BY {order} LIMIT {limit};
         {count_sql};
         SELECT {ENTRY_FIELDS} FROM journal_entry WHERE urgent_pending = true ORDER BY rev_key ASC LIMIT 100;",
        limit = PAGE_SIZE + 1
    );
    let mut response =
        c.bind(db.query(sql)).bind(("rev_cursor", rev_key(&cursor))).bind(("cursor", cursor.clone())).await?.check()?;
    let mut rows: Vec<(JournalEntry, String)> =
        take_rows::<EntryRow>(&mut response, 0)?.into_iter().map(EntryRow::into_entry).collect();
    #[derive(Deserialize)]
    struct Count {
        total: u64,
    }
    let total = if searching {
        let counted: Option<Count> =
            response.take::<Option<serde_json::Value>>(1)?.and_then(|v| serde_json::from_value(v).ok());
        counted.map(|c| c.total).unwrap_or(0)
    } else {
        take_one::<Count>(&mut response, 1)?.map(|c| c.total).unwrap_or(0)
    };
    let pending_urgent = take_rows::<EntryRow>(&mut response, 2)?.into_iter().map(|r| r.into_entry().0).collect();

    let more = rows.len() > PAGE_SIZE;
    rows.truncate(PAGE_SIZE);
    if towards_newer {
        rows.reverse();
    }
    let (older_cursor, newer_cursor) = if towards_newer {
        // Came from an older page: there is always an older page; a newer one if more rows were left.
        (rows.last().map(|r| r.1.clone()), if more { rows.first().map(|r| r.1.clone()) } else { None })
    } else {
        let newer = if query.older.is_empty() { None } else { rows.first().map(|r| r.1.clone()) };
        (if more { rows.last().map(|r| r.1.clone()) } else { None }, newer)
    };
    Ok(JournalPage {
        pending_urgent,
        entries: rows.into_iter().map(|r| r.0).collect(),
        older_cursor,
        newer_cursor,
        total: total.min(COUNT_CAP),
        total_capped: total > COUNT_CAP,
        searched_from: searched_from(query),
    })
}

/// Every entry of a period in journal order (oldest first), for the export and the print view.
pub async fn period(db: &Db, query: &JournalQuery, limit: usize) -> AppResult<Vec<JournalEntry>> {
    let c = conditions(&query.first_page())?;
    let sql =
        format!("SELECT {ENTRY_FIELDS} FROM journal_entry {} ORDER BY sort_key ASC LIMIT {limit}", c.where_clause());
    let mut response = c.bind(db.query(sql)).await?.check()?;
    Ok(take_rows::<EntryRow>(&mut response, 0)?.into_iter().map(|r| r.into_entry().0).collect())
}

/// The history of an entry from the audit trail: its creation and every change.
pub async fn history(db: &Db, id: &str) -> AppResult<Vec<EntryEvent>> {
    #[derive(Deserialize)]
    struct Row {
        at: DateTime<Utc>,
        user_name: String,
        action: String,
        changes: Vec<FieldChange>,
    }
    let mut response = db
        .query("SELECT at, user_name, action, changes FROM audit WHERE record = $record AND action IN ['create', 'update'] ORDER BY at ASC")
        .bind(("record", format!("journal_entry:{id}")))
        .await?
        .check()?;
    Ok(take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .map(|r| EntryEvent { at: r.at, user_name: r.user_name, action: r.action, changes: r.changes })
        .collect())
}

/// One row of a bulk load: the content and the numbering computed beforehand.
#[derive(SurrealValue)]
struct ImportRow {
    content: EntryContent,
    year: i64,
    number: i64,
    sort_key: String,
    created_at: DateTime<Utc>,
}

/// Bulk-loads appeals in journal order (old paper journals, generators, benchmarks): numbers
/// continue each year's counter and each batch is one transaction. Meant for a database nobody
/// is registering appeals in at the same moment; live registration goes through [`register`].
pub async fn import(db: &Db, user: &CurrentUser, appeals: &mut [ValidAppeal]) -> AppResult<usize> {
    appeals.sort_by_key(|a| a.received_at);
    let mut numbers = SERIES.bulk();
    for batch in appeals.chunks(500) {
        let mut rows = Vec::with_capacity(batch.len());
        for appeal in batch {
            let year = local_year(appeal.received_at);
            let number = numbers.next(db, i64::from(year)).await?;
            let registered = appeal.received_at + Duration::minutes(3);
            rows.push(ImportRow {
                content: EntryContent::new(appeal, user, registered),
                year: i64::from(year),
                number,
                sort_key: sort_key(appeal.received_at, year, number),
                created_at: registered,
            });
        }
        db.query(
            [
                "BEGIN TRANSACTION;
                 FOR $row IN $rows {
                     CREATE journal_entry CONTENT object::extend($row.content, {
                         year: $row.year, number: $row.number, sort_key: $row.sort_key,
                         created_at: $row.created_at, created_by: $user, created_by_name: $user_name, version: 1,
                     });
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
    Ok(appeals.len())
}

/// The appeals received from `from` to `to` (days in Yugorsk), for the desk's report: the
/// journal's sort key begins with the moment received, so this is one range of its index.
pub async fn report_facts(db: &Db, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<super::report::AppealFacts>> {
    #[derive(Deserialize)]
    struct Handoff {
        to: String,
        at: DateTime<Utc>,
    }
    #[derive(Deserialize)]
    struct Row {
        received_at: DateTime<Utc>,
        channel: String,
        #[serde(default)]
        topics: Vec<String>,
        outcome: Option<String>,
        urgent: bool,
        handoff: Option<Handoff>,
        created_by_name: String,
    }
    let key = |day: NaiveDate| start_of_local_day(day).format("%Y%m%dT%H%M%S").to_string();
    let mut response = db
        .query(
            "SELECT received_at, channel, topics, outcome, urgent, handoff, created_by_name FROM journal_entry
               WHERE sort_key >= $from AND sort_key < $to",
        )
        .bind(("from", key(from)))
        .bind(("to", key(to + Duration::days(1))))
        .await?;
    Ok(take_rows::<Row>(&mut response, 0)?
        .into_iter()
        .map(|r| super::report::AppealFacts {
            received_at: r.received_at,
            channel: r.channel,
            topics: r.topics,
            outcome: r.outcome,
            urgent: r.urgent,
            handoff: r.handoff.map(|h| (h.to, h.at)),
            dispatcher: r.created_by_name,
        })
        .collect())
}
