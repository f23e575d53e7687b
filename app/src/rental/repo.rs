//! Database side of the rental point. Server-only. A loan, a return, an extension and a change
//! of the waiting list are each one transaction with their audit line; an item that comes back
//! sound (or out of repair, or new to the stock) is held at once for the first who waits for
//! its kind.

use super::rules::{ValidItem, ValidLoan, ValidWait};
use super::types::*;
use crate::audit::ssr::AuditLine;
use crate::auth::CurrentUser;
use crate::db::numbering::YearSeries;
use crate::db::{created_key, date_text, is_retryable, take_one, take_rows, transaction_error, Db};
use crate::error::{AppError, AppResult};
use crate::keys::{is_record_key, record_key};
use crate::people::repo::{PersonRow, StoredPerson};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use std::future::IntoFuture;
use surrealdb::types::{RecordId, SurrealValue};

/// Numbers of the loan agreements, «П-14/2026», by year.
pub const SERIES: YearSeries = YearSeries::new("aid_loan_counter");

fn id_of(table: &str, key: &str) -> RecordId {
    RecordId::new(table, key.to_string())
}

/// Holds the item `$item` of kind `$kind` for the first who waits for that kind, if anyone.
const OFFER_TO_NEXT: &str = "
    LET $next = (SELECT VALUE id FROM aid_wait WHERE kind = $kind AND state = 'waiting' ORDER BY since, id LIMIT 1)[0];
    IF $next != NONE {
        UPDATE $item SET reserved_for = $next,
            history += { at: time::now(), by_name: $user_name, text: 'Отложено для первого в очереди' };
        UPDATE $next SET state = 'offered', offered_item = $item, offered_at = time::now();
    };";

const ITEM_FIELDS: &str = "record::id(id) AS id, kind, model, inventory_no, condition, location, notes, loan, \
    reserved_for, reserved_for.person.full_name AS reserved_name, version";

#[derive(Deserialize)]
struct ItemRow {
    id: String,
    kind: AidKind,
    model: String,
    inventory_no: String,
    condition: Condition,
    location: String,
    notes: Option<String>,
    loan: Option<String>,
    reserved_for: Option<String>,
    reserved_name: Option<String>,
    version: i64,
}

impl ItemRow {
    fn into_item(self) -> Item {
        Item {
            id: self.id,
            kind: self.kind,
            model: self.model,
            inventory_no: self.inventory_no,
            condition: self.condition,
            location: self.location,
            notes: self.notes.unwrap_or_default(),
            loan_id: self.loan.map(|l| record_key(&l)),
            reserved_for: self.reserved_for.map(|w| record_key(&w)),
            reserved_name: self.reserved_name,
            version: self.version,
        }
    }
}

const LOAN_FIELDS: &str = "record::id(id) AS id, year, number, item, kind, item_title, person, \
    district.name AS district_name, basis, basis_note, issued_on, due_on, deposit, issue_condition, extensions, \
    returned_on, return_condition, return_note, issued_by_name, version";

#[derive(Deserialize)]
struct LoanRow {
    id: String,
    year: i64,
    number: i64,
    item: String,
    kind: AidKind,
    item_title: String,
    person: PersonRow,
    district_name: Option<String>,
    basis: Basis,
    basis_note: Option<String>,
    issued_on: NaiveDate,
    due_on: NaiveDate,
    deposit: Option<i64>,
    issue_condition: Condition,
    extensions: Vec<Extension>,
    returned_on: Option<NaiveDate>,
    return_condition: Option<Condition>,
    return_note: Option<String>,
    issued_by_name: String,
    version: i64,
}

impl LoanRow {
    fn into_loan(self) -> Loan {
        Loan {
            id: self.id,
            number: format!("П-{}/{}", self.number, self.year),
            item_id: record_key(&self.item),
            kind: self.kind,
            item_title: self.item_title,
            person: self.person.into_person(self.district_name),
            basis: self.basis,
            basis_note: self.basis_note.unwrap_or_default(),
            issued_on: self.issued_on,
            due_on: self.due_on,
            deposit: self.deposit,
            issue_condition: self.issue_condition,
            extensions: self.extensions,
            returned_on: self.returned_on,
            return_condition: self.return_condition,
            return_note: self.return_note.unwrap_or_default(),
            issued_by_name: self.issued_by_name,
            version: self.version,
        }
    }
}

const WAIT_FIELDS: &str = "record::id(id) AS id, kind, person, district.name AS district_name, since, note, state, \
    offered_item, offered_item.kind AS offered_kind, offered_item.model AS offered_model, \
    offered_item.inventory_no AS offered_no, offered_at, by, by_name";

#[derive(Deserialize)]
struct WaitRow {
    id: String,
    kind: AidKind,
    person: PersonRow,
    district_name: Option<String>,
    since: DateTime<Utc>,
    note: Option<String>,
    state: WaitState,
    offered_item: Option<String>,
    offered_kind: Option<AidKind>,
    offered_model: Option<String>,
    offered_no: Option<String>,
    offered_at: Option<DateTime<Utc>>,
    by: String,
    by_name: String,
}

impl WaitRow {
    fn into_entry(self) -> WaitEntry {
        let offered_title = match (self.offered_kind, &self.offered_model, &self.offered_no) {
            (Some(kind), Some(model), Some(no)) => Some(item_title(kind, model, no)),
            _ => None,
        };
        WaitEntry {
            id: self.id,
            kind: self.kind,
            person: self.person.into_person(self.district_name),
            since: self.since,
            note: self.note.unwrap_or_default(),
            state: self.state,
            offered_item: self.offered_item.map(|i| record_key(&i)),
            offered_title,
            offered_at: self.offered_at,
            by_id: record_key(&self.by),
            by_name: self.by_name,
        }
    }
}

/// The whole stock, by kind and inventory number (a rental point keeps hundreds, not more).
pub async fn stock(db: &Db) -> AppResult<Vec<Item>> {
    items(db, "WHERE condition != 'written_off'").await
}

/// Every item, the written-off ones too (for the report).
pub async fn all_items(db: &Db) -> AppResult<Vec<Item>> {
    items(db, "").await
}

async fn items(db: &Db, filter: &'static str) -> AppResult<Vec<Item>> {
    let mut response =
        db.query(format!("SELECT {ITEM_FIELDS} FROM aid_item {filter} ORDER BY kind, inventory_no")).await?;
    Ok(take_rows::<ItemRow>(&mut response, 0)?.into_iter().map(ItemRow::into_item).collect())
}

/// An item with its history, the newest line first.
pub async fn item(db: &Db, id: &str) -> AppResult<Option<(Item, Vec<HistoryLine>)>> {
    if !is_record_key(id) {
        return Ok(None);
    }
    #[derive(Deserialize)]
    struct Row {
        #[serde(flatten)]
        item: ItemRow,
        history: Vec<HistoryLine>,
    }
    let mut response =
        db.query(format!("SELECT {ITEM_FIELDS}, history FROM $id")).bind(("id", id_of("aid_item", id))).await?;
    Ok(take_one::<Row>(&mut response, 0)?.map(|r| {
        let mut history = r.history;
        history.reverse();
        (r.item.into_item(), history)
    }))
}

#[derive(SurrealValue, Clone)]
struct ItemContent {
    kind: String,
    model: String,
    inventory_no: String,
    condition: String,
    location: String,
    notes: Option<String>,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
}

/// A key for a new item, known before the transaction that creates it.
fn fresh_key() -> String {
    use rand::Rng;
    rand::rng().sample_iter(&rand::distr::Alphanumeric).take(20).map(|c| char::from(c).to_ascii_lowercase()).collect()
}

fn duplicate_number(e: &surrealdb::Error) -> bool {
    e.to_string().contains("aid_item_inventory")
}

/// Adds an item to the stock (`id` empty) or corrects it if nobody changed it since `version`.
/// An item out on loan keeps its condition until it comes back; an item that becomes lendable
/// is held for the first who waits for its kind.
pub async fn save_item(
    db: &Db,
    user: &CurrentUser,
    id: &str,
    version: i64,
    item: &ValidItem,
    audit: AuditLine,
) -> AppResult<String> {
    let content = ItemContent {
        kind: item.kind.code().to_string(),
        model: item.model.clone(),
        inventory_no: item.inventory_no.clone(),
        condition: item.condition.code().to_string(),
        location: item.location.clone(),
        notes: item.notes.clone(),
        updated_at: Utc::now(),
        updated_by_name: user.full_name.clone(),
    };
    let new = id.is_empty();
    let key = if new { fresh_key() } else { id.to_string() };
    let statement = format!(
        "BEGIN TRANSACTION;
         LET $was = SELECT condition, loan, reserved_for, kind, version FROM ONLY $item;
         IF $is_new {{
             CREATE $item CONTENT object::extend($content, {{ version: 1,
                 history: [{{ at: time::now(), by_name: $user_name, text: $text }}] }});
         }} ELSE {{
             IF $was = NONE {{ THROW 'not_found' }};
             IF $was.version != $version {{ THROW 'version_conflict' }};
             IF $was.loan != NONE AND $was.condition != $content.condition {{ THROW 'on_loan' }};
             IF $was.loan != NONE AND $was.kind != $content.kind {{ THROW 'on_loan' }};
             UPDATE $item MERGE object::extend($content, {{ version: $version + 1 }});
             UPDATE $item SET history += {{ at: time::now(), by_name: $user_name, text: $text }};
             IF $content.condition NOTINSIDE ['new', 'good'] AND $was.reserved_for != NONE {{
                 UPDATE $was.reserved_for SET state = 'waiting', offered_item = NONE, offered_at = NONE;
                 UPDATE $item SET reserved_for = NONE;
             }};
         }};
         LET $now = SELECT loan, reserved_for, condition FROM ONLY $item;
         LET $kind = $content.kind;
         IF $now.loan = NONE AND $now.reserved_for = NONE AND $now.condition INSIDE ['new', 'good'] {{ {OFFER_TO_NEXT} }};
         CREATE audit CONTENT object::extend($audit, {{ at: time::now() }});
         COMMIT TRANSACTION;"
    );
    let text = if new {
        format!("Поступило на склад: {}", item.condition.label().to_lowercase())
    } else {
        format!("Изменена карточка: {}, {}", item.condition.label().to_lowercase(), item.location)
    };
    let mut response = db
        .query(statement)
        .bind(("item", id_of("aid_item", &key)))
        .bind(("is_new", new))
        .bind(("content", content))
        .bind(("version", version))
        .bind(("text", text))
        .bind(("user_name", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(key),
        Some(e) if duplicate_number(&e) => Err(AppError::field(
            "inventory_no",
            format!("Инвентарный номер {} уже есть на складе", item.inventory_no),
        )),
        Some(e) if e.to_string().contains("on_loan") => Err(AppError::field(
            "condition",
            "Изделие выдано: состояние и вид меняются при возврате",
        )),
        Some(e) if e.to_string().contains("not_found") => Err(AppError::NotFound("Изделие не найдено".into())),
        Some(e) if e.to_string().contains("version_conflict") || is_retryable(&e) => Err(AppError::Conflict(
            "Карточку изделия изменили, пока вы её правили. Ваши правки остались на экране: откройте карточку заново и внесите их ещё раз."
                .into(),
        )),
        Some(e) => Err(e.into()),
    }
}

/// The loans still on hand, the earliest return first.
pub async fn open_loans(db: &Db) -> AppResult<Vec<Loan>> {
    let mut response =
        db.query(format!("SELECT {LOAN_FIELDS} FROM aid_loan WHERE open = true ORDER BY due_on")).await?;
    Ok(take_rows::<LoanRow>(&mut response, 0)?.into_iter().map(LoanRow::into_loan).collect())
}

/// The loans of an item, the newest first.
pub async fn loans_of_item(db: &Db, item: &str) -> AppResult<Vec<Loan>> {
    let mut response = db
        .query(format!("SELECT {LOAN_FIELDS} FROM aid_loan WHERE item = $item ORDER BY issued_on DESC LIMIT 50"))
        .bind(("item", id_of("aid_item", item)))
        .await?;
    Ok(take_rows::<LoanRow>(&mut response, 0)?.into_iter().map(LoanRow::into_loan).collect())
}

/// Loans issued or returned within a period (for the report).
pub async fn loans_in(db: &Db, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<Loan>> {
    let mut response = db
        .query(format!(
            "SELECT {LOAN_FIELDS} FROM aid_loan WHERE (issued_on >= $from AND issued_on <= $to)
                 OR (returned_on != NONE AND returned_on >= $from AND returned_on <= $to) OR open = true"
        ))
        .bind(("from", date_text(from)))
        .bind(("to", date_text(to)))
        .await?;
    Ok(take_rows::<LoanRow>(&mut response, 0)?.into_iter().map(LoanRow::into_loan).collect())
}

/// The loans of the people of a case, the ones on hand first.
pub async fn loans_of_case(db: &Db, case: &str) -> AppResult<Vec<Loan>> {
    if !is_record_key(case) {
        return Ok(vec![]);
    }
    let mut response = db
        .query(format!(
            "SELECT {LOAN_FIELDS} FROM aid_loan WHERE person.case = $case ORDER BY open DESC, issued_on DESC LIMIT 50"
        ))
        .bind(("case", id_of("case_file", case)))
        .await?;
    Ok(take_rows::<LoanRow>(&mut response, 0)?.into_iter().map(LoanRow::into_loan).collect())
}

pub async fn loan(db: &Db, id: &str) -> AppResult<Option<Loan>> {
    if !is_record_key(id) {
        return Ok(None);
    }
    let mut response = db.query(format!("SELECT {LOAN_FIELDS} FROM $id")).bind(("id", id_of("aid_loan", id))).await?;
    Ok(take_one::<LoanRow>(&mut response, 0)?.map(LoanRow::into_loan))
}

/// How many loans on hand are past their return date: all of them, and those of the user (she
/// issued them, or the person lives on one of her districts).
pub async fn overdue_counts(db: &Db, user: &CurrentUser, today: NaiveDate) -> AppResult<(i64, i64)> {
    #[derive(Deserialize)]
    struct Row {
        issued_by: String,
        district: Option<String>,
    }
    let mut response = db
        .query("SELECT issued_by, district FROM aid_loan WHERE open = true AND due_on < $today")
        .bind(("today", date_text(today)))
        .await?;
    let rows: Vec<Row> = take_rows(&mut response, 0)?;
    let mine = rows
        .iter()
        .filter(|r| {
            record_key(&r.issued_by) == user.id
                || r.district.as_deref().is_some_and(|d| user.districts.contains(&record_key(d)))
        })
        .count();
    Ok((rows.len() as i64, mine as i64))
}

#[derive(SurrealValue, Clone)]
struct LoanContent {
    person: StoredPerson,
    district: Option<RecordId>,
    basis: String,
    basis_note: Option<String>,
    issued_on: String,
    due_on: String,
    deposit: Option<i64>,
    wait: Option<RecordId>,
    issued_by: RecordId,
    issued_by_name: String,
}

/// Lends an item: the agreement's number, the loan, the item out, the waiting-list place it
/// served, the audit line — one transaction. Two people lending the last free item at once: one
/// wins, the other is told the item is out.
pub async fn issue(
    db: &Db,
    user: &CurrentUser,
    loan: &ValidLoan,
    person: StoredPerson,
    district: Option<String>,
    item: &Item,
    audit: AuditLine,
) -> AppResult<String> {
    let content = LoanContent {
        person,
        district: district.map(|d| id_of("district", &d)),
        basis: loan.basis.code().into(),
        basis_note: loan.basis_note.clone(),
        issued_on: date_text(loan.issued_on),
        due_on: date_text(loan.due_on),
        deposit: loan.deposit,
        wait: loan.wait.as_deref().filter(|w| is_record_key(w)).map(|w| id_of("aid_wait", w)),
        issued_by: id_of("user", &user.id),
        issued_by_name: user.full_name.clone(),
    };
    let year = i64::from(crate::time::local_year(Utc::now()));
    let history = format!("Выдано: {}, до {}", content.person.full_name(), crate::time::format_naive_date(loan.due_on));
    let created = created_key(|| {
        db.query(concat!(
            crate::begin_numbered!(),
            "
             LET $it = SELECT kind, condition, loan, reserved_for FROM ONLY $item;
             IF $it = NONE { THROW 'item_missing' };
             IF $it.loan != NONE { THROW 'item_on_loan' };
             IF $it.condition NOTINSIDE ['new', 'good'] { THROW 'item_unusable' };
             IF $it.reserved_for != NONE AND $it.reserved_for != $content.wait { THROW 'item_reserved' };
             LET $loan = CREATE ONLY aid_loan CONTENT object::extend($content, {
                 year: $year, number: $number, item: $item, kind: $it.kind, item_title: $title,
                 issue_condition: $it.condition, open: true, created_at: time::now(), version: 1,
             });
             UPDATE $item SET loan = $loan.id, reserved_for = NONE, version += 1, updated_at = time::now(),
                 updated_by_name = $user_name, history += { at: time::now(), by_name: $user_name, text: $history };
             IF $content.wait != NONE { UPDATE $content.wait SET state = 'served', closed_at = time::now() };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;
             RETURN record::id($loan.id);",
        ))
        .bind(("counter", SERIES.counter(year)))
        .bind(("year", year))
        .bind(("item", id_of("aid_item", &item.id)))
        .bind(("title", item.title()))
        .bind(("content", content.clone()))
        .bind(("history", history.clone()))
        .bind(("user_name", user.full_name.clone()))
        .bind(("audit", audit.clone()))
        .into_future()
    })
    .await;
    match created {
        Ok(Some(id)) => Ok(id),
        Ok(None) => Err(AppError::internal("loan was not created")),
        Err(e) => {
            let text = e.to_string();
            let message = if text.contains("item_on_loan") {
                "Это изделие только что выдали другому человеку — выберите другое или запишите в очередь"
            } else if text.contains("item_unusable") {
                "Это изделие не выдаётся: оно в ремонте или списано"
            } else if text.contains("item_reserved") {
                "Это изделие отложено для первого в очереди — выдайте ему или снимите его с очереди"
            } else if text.contains("item_missing") {
                "Изделие не найдено на складе"
            } else {
                return Err(e.into());
            };
            Err(AppError::field("item", message))
        }
    }
}

/// Moves the return date of a loan on hand, with its reason.
pub async fn extend(
    db: &Db,
    user: &CurrentUser,
    loan: &Loan,
    due: NaiveDate,
    reason: &str,
    audit: AuditLine,
) -> AppResult<()> {
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $done = UPDATE $loan SET due_on = $due, version = version + 1,
                 extensions += { from: due_on, to: $due, reason: $reason, at: time::now(), by_name: $user_name }
                 WHERE version = $version AND open = true RETURN VALUE id;
             IF array::len($done) = 0 { THROW 'version_conflict' };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("loan", id_of("aid_loan", &loan.id)))
        .bind(("due", date_text(due)))
        .bind(("reason", reason.to_string()))
        .bind(("version", loan.version))
        .bind(("user_name", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(()),
        Some(e) if e.to_string().contains("version_conflict") || is_retryable(&e) => Err(changed()),
        Some(e) => Err(e.into()),
    }
}

fn changed() -> AppError {
    AppError::Conflict(
        "Выдачу изменили, пока вы её оформляли (продлили или приняли возврат). Ваши записи остались на экране: обновите страницу и проверьте."
            .into(),
    )
}

/// Takes an item back: the loan closed, the item's condition as it came back, and, when it is
/// sound, held for the first who waits for its kind — whose entry is returned.
#[allow(clippy::too_many_arguments)] // the parts of one transaction
pub async fn take_back(
    db: &Db,
    user: &CurrentUser,
    loan: &Loan,
    day: NaiveDate,
    condition: Condition,
    note: Option<String>,
    audit: AuditLine,
) -> AppResult<Option<WaitEntry>> {
    let history = match &note {
        Some(n) => format!("Возвращено: {} — {n}", condition.label().to_lowercase()),
        None => format!("Возвращено: {}", condition.label().to_lowercase()),
    };
    let statement = format!(
        "BEGIN TRANSACTION;
         LET $done = UPDATE $loan SET open = false, returned_on = $day, return_condition = $condition,
             return_note = $note, version = version + 1 WHERE version = $version AND open = true RETURN VALUE id;
         IF array::len($done) = 0 {{ THROW 'version_conflict' }};
         UPDATE $item SET loan = NONE, condition = $condition, version += 1, updated_at = time::now(),
             updated_by_name = $user_name, history += {{ at: time::now(), by_name: $user_name, text: $history }};
         IF $condition INSIDE ['new', 'good'] {{ {OFFER_TO_NEXT} }};
         CREATE audit CONTENT object::extend($audit, {{ at: time::now() }});
         COMMIT TRANSACTION;
         RETURN (SELECT VALUE record::id(reserved_for) FROM ONLY $item WHERE reserved_for != NONE);"
    );
    let mut response = db
        .query(statement)
        .bind(("loan", id_of("aid_loan", &loan.id)))
        .bind(("item", id_of("aid_item", &loan.item_id)))
        .bind(("kind", loan.kind.code().to_string()))
        .bind(("day", date_text(day)))
        .bind(("condition", condition.code().to_string()))
        .bind(("note", note))
        .bind(("version", loan.version))
        .bind(("history", history))
        .bind(("user_name", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    if let Some(e) = transaction_error(&mut response) {
        return Err(if e.to_string().contains("version_conflict") || is_retryable(&e) { changed() } else { e.into() });
    }
    let last = response.num_statements() - 1;
    let offered: Option<String> = response.take(last)?;
    match offered {
        Some(w) => wait(db, &w).await,
        None => Ok(None),
    }
}

/// The waiting list: who waits and who has been offered an item, in the list's order.
pub async fn waiting(db: &Db) -> AppResult<Vec<WaitEntry>> {
    let mut response = db
        .query(format!(
            "SELECT {WAIT_FIELDS} FROM aid_wait WHERE state = 'waiting' OR state = 'offered' ORDER BY since, id"
        ))
        .await?;
    let mut entries: Vec<WaitEntry> =
        take_rows::<WaitRow>(&mut response, 0)?.into_iter().map(WaitRow::into_entry).collect();
    queue_order(&mut entries);
    Ok(entries)
}

pub async fn wait(db: &Db, id: &str) -> AppResult<Option<WaitEntry>> {
    if !is_record_key(id) {
        return Ok(None);
    }
    let mut response = db.query(format!("SELECT {WAIT_FIELDS} FROM $id")).bind(("id", id_of("aid_wait", id))).await?;
    Ok(take_one::<WaitRow>(&mut response, 0)?.map(WaitRow::into_entry))
}

#[derive(SurrealValue, Clone)]
struct WaitContent {
    kind: String,
    person: StoredPerson,
    district: Option<RecordId>,
    since: DateTime<Utc>,
    note: Option<String>,
    state: String,
    by: RecordId,
    by_name: String,
}

/// Puts a person on the waiting list of a kind. When an item of the kind is free, there is no
/// waiting: the form says so.
pub async fn add_wait(
    db: &Db,
    user: &CurrentUser,
    entry: &ValidWait,
    person: StoredPerson,
    district: Option<String>,
    audit: AuditLine,
) -> AppResult<String> {
    let content = WaitContent {
        kind: entry.kind.code().into(),
        person,
        district: district.map(|d| id_of("district", &d)),
        since: Utc::now(),
        note: entry.note.clone(),
        state: WaitState::Waiting.code().into(),
        by: id_of("user", &user.id),
        by_name: user.full_name.clone(),
    };
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $free = (SELECT VALUE id FROM aid_item WHERE kind = $content.kind AND loan = NONE
                 AND reserved_for = NONE AND condition INSIDE ['new', 'good'] LIMIT 1)[0];
             IF $free != NONE { THROW 'kind_free' };
             LET $created = CREATE ONLY aid_wait CONTENT $content;
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;
             RETURN record::id($created.id);",
        )
        .bind(("content", content))
        .bind(("audit", audit))
        .await?;
    if let Some(e) = transaction_error(&mut response) {
        if e.to_string().contains("kind_free") {
            return Err(AppError::field("kind", "Есть свободные изделия этого вида — выдайте сразу, без очереди"));
        }
        return Err(e.into());
    }
    let last = response.num_statements() - 1;
    let created: Option<String> = response.take(last)?;
    created.ok_or_else(|| AppError::internal("waiting-list place not created"))
}

/// Takes a person off the waiting list (they no longer need it, or declined the item held for
/// them: then the item goes to the next in line).
pub async fn cancel_wait(db: &Db, user: &CurrentUser, id: &str, audit: AuditLine) -> AppResult<()> {
    let statement = format!(
        "BEGIN TRANSACTION;
         LET $w = SELECT kind, state, offered_item FROM ONLY $wait;
         IF $w = NONE OR $w.state NOTINSIDE ['waiting', 'offered'] {{ THROW 'wait_closed' }};
         UPDATE $wait SET state = 'cancelled', closed_at = time::now();
         LET $item = $w.offered_item;
         LET $kind = $w.kind;
         IF $w.state = 'offered' AND $item != NONE {{
             UPDATE $item SET reserved_for = NONE;
             {OFFER_TO_NEXT}
         }};
         CREATE audit CONTENT object::extend($audit, {{ at: time::now() }});
         COMMIT TRANSACTION;"
    );
    let mut response = db
        .query(statement)
        .bind(("wait", id_of("aid_wait", id)))
        .bind(("user_name", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(()),
        Some(e) if e.to_string().contains("wait_closed") => {
            Err(AppError::Conflict("Этого человека уже сняли с очереди или выдали ему изделие".into()))
        }
        Some(e) => Err(e.into()),
    }
}
