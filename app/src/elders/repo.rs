//! Database side of the registry 55+. Server-only; reached from the server functions, the demo
//! data, the benches and the integration tests, which call the same functions.
//!
//! Every read of the monthly round goes through the index `elder_round` (district, in the
//! registry, day of the last contact): one statement per district with literal keys, so that
//! SurrealDB reads a key range and counts index keys instead of decoding the registry.

use super::rules::{month_start, ValidContact, ValidElder};
use super::types::*;
use crate::audit::ssr::AuditLine;
use crate::auth::{CurrentUser, Role};
use crate::db::{date_text, sql_literal, take_one, take_rows, transaction_error, Db};
use crate::districts::DistrictOption;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::keys::{is_record_key, record_key, record_literal};
use crate::validation::fold_yo;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use std::future::IntoFuture;
use surrealdb::types::{RecordId, SurrealValue};

fn elder_id(id: &str) -> RecordId {
    RecordId::new("elder", id.to_string())
}

/// The districts whose registry the user works: none means every district (the head).
pub fn districts_of(user: &CurrentUser) -> Option<Vec<String>> {
    if user.has(Role::Supervisor) {
        None
    } else {
        Some(user.districts.iter().filter(|d| is_record_key(d)).cloned().collect())
    }
}

/// Whether the user works the registry of this district.
pub fn works_district(user: &CurrentUser, district: &str) -> bool {
    districts_of(user).is_none_or(|mine| mine.iter().any(|d| d == district))
}

/// The districts whose registry a user works (the head: all active ones), read once per request.
pub struct Scope {
    pub mine: Vec<DistrictOption>,
}

impl Scope {
    pub async fn of(db: &Db, user: &CurrentUser) -> AppResult<Scope> {
        let all = crate::districts::repo::list(db).await?;
        let mine = match districts_of(user) {
            None => all,
            Some(mine) => all.into_iter().filter(|d| mine.contains(&d.id)).collect(),
        };
        Ok(Scope { mine })
    }

    /// The keys of all the user's districts.
    pub fn keys(&self) -> Vec<String> {
        self.mine.iter().map(|d| d.id.clone()).collect()
    }

    /// The keys to read: the district asked for (when the user works it), else all of hers.
    pub fn read(&self, asked: &str) -> AppResult<Vec<String>> {
        if asked.is_empty() {
            return Ok(self.keys());
        }
        if self.mine.iter().any(|d| d.id == asked) {
            Ok(vec![asked.to_string()])
        } else {
            Err(AppError::Forbidden("Этот участок вы не ведёте".into()))
        }
    }
}

const FIELDS: &str = "record::id(id) AS id, full_name, sex, birth_date, disability, disability_since, address, \
    district AS district_id, district.name AS district_name, phones, messenger, lives_with, consent_on, \
    marks, interests, case AS case_id, case.year AS case_year, case.number AS case_number, case.title AS case_title, \
    notes, last_contact_on, last_contact_way, in_registry, left_reason, version, updated_at, updated_by_name";

#[derive(Deserialize)]
struct MarkRow {
    group: AttentionGroup,
    since: NaiveDate,
    note: Option<String>,
}

#[derive(Deserialize)]
struct Row {
    id: String,
    full_name: String,
    sex: Sex,
    birth_date: NaiveDate,
    disability: Option<DisabilityGroup>,
    disability_since: Option<NaiveDate>,
    address: String,
    district_id: String,
    district_name: Option<String>,
    phones: Vec<String>,
    messenger: Option<String>,
    lives_with: String,
    consent_on: NaiveDate,
    marks: Vec<MarkRow>,
    #[serde(default)]
    interests: Vec<Interest>,
    case_id: Option<String>,
    case_year: Option<i64>,
    case_number: Option<i64>,
    case_title: Option<String>,
    notes: Option<String>,
    last_contact_on: String,
    last_contact_way: Option<ContactWay>,
    in_registry: bool,
    left_reason: Option<LeftReason>,
    version: i64,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
}

impl Row {
    fn into_elder(self) -> Elder {
        let case_label = match (self.case_year, self.case_number) {
            (Some(y), Some(n)) => Some(format!("{y}-{n:04} «{}»", self.case_title.unwrap_or_default())),
            _ => None,
        };
        Elder {
            id: self.id,
            full_name: self.full_name,
            sex: self.sex,
            birth_date: self.birth_date,
            disability: self.disability,
            disability_since: self.disability_since,
            address: self.address,
            district_id: record_key(&self.district_id),
            district_name: self.district_name.unwrap_or_default(),
            phones: self.phones,
            messenger: self.messenger,
            lives_with: self.lives_with,
            consent_on: self.consent_on,
            marks: self
                .marks
                .into_iter()
                .map(|m| AttentionMark { group: m.group, since: m.since, note: m.note })
                .collect(),
            interests: self.interests,
            case_id: self.case_id.as_deref().map(record_key),
            case_label,
            notes: self.notes,
            last_contact_on: crate::time::parse_date(&self.last_contact_on),
            last_contact_way: self.last_contact_way,
            in_registry: self.in_registry,
            left_reason: self.left_reason,
            version: self.version,
            updated_at: self.updated_at,
            updated_by_name: self.updated_by_name,
        }
    }
}

/// What a list row reads.
const ROW_FIELDS: &str = "record::id(id) AS id, full_name, birth_date, sex, disability, address, \
    district AS district_id, district.name AS district_name, phones, groups, last_contact_on, last_contact_way";

#[derive(Deserialize)]
struct ListRow {
    id: String,
    full_name: String,
    birth_date: NaiveDate,
    sex: Sex,
    disability: Option<DisabilityGroup>,
    address: String,
    district_id: String,
    district_name: Option<String>,
    phones: Vec<String>,
    groups: Vec<AttentionGroup>,
    last_contact_on: String,
    last_contact_way: Option<ContactWay>,
}

impl ListRow {
    fn into_row(self) -> ElderRow {
        ElderRow {
            id: self.id,
            full_name: self.full_name,
            birth_date: self.birth_date,
            sex: self.sex,
            disability: self.disability,
            address: self.address,
            district_id: record_key(&self.district_id),
            district_name: self.district_name.unwrap_or_default(),
            phones: self.phones,
            groups: self.groups,
            last_contact_on: crate::time::parse_date(&self.last_contact_on),
            last_contact_way: self.last_contact_way,
        }
    }
}

/// The list rows of these people (keys), by name; those not found are left out.
pub async fn rows_of(db: &Db, ids: &[String]) -> AppResult<Vec<ElderRow>> {
    let ids: Vec<RecordId> = ids.iter().filter(|i| is_record_key(i)).map(|i| elder_id(i)).collect();
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut response = db.query(format!("SELECT {ROW_FIELDS} FROM $ids")).bind(("ids", ids)).await?.check()?;
    let mut rows: Vec<ElderRow> = take_rows::<ListRow>(&mut response, 0)?.into_iter().map(ListRow::into_row).collect();
    rows.sort_by(|a, b| a.full_name.cmp(&b.full_name));
    Ok(rows)
}

/// The people of these districts in the registry whose interests include one of `interests`
/// or who belong to one of `groups`, by name; at most `limit`, and whether there are more.
pub async fn matching(
    db: &Db,
    districts: &[String],
    interests: &[String],
    groups: &[String],
    limit: usize,
) -> AppResult<(Vec<ElderRow>, bool)> {
    if districts.is_empty() {
        return Ok((vec![], false));
    }
    let groups: Vec<RecordId> =
        groups.iter().filter(|g| is_record_key(g)).map(|g| RecordId::new("elder_group", g.clone())).collect();
    let statements = per_district(districts, |d| {
        format!(
            "SELECT {ROW_FIELDS} FROM elder WHERE district = {d} AND in_registry = true
                 AND (interests CONTAINSANY $interests OR groups_joined CONTAINSANY $groups)
             ORDER BY full_name LIMIT {}",
            limit + 1
        )
    });
    let mut response =
        db.query(statements).bind(("interests", interests.to_vec())).bind(("groups", groups)).await?.check()?;
    let mut rows = Vec::new();
    for i in 0..response.num_statements() {
        rows.extend(take_rows::<ListRow>(&mut response, i)?.into_iter().map(ListRow::into_row));
    }
    rows.sort_by(|a, b| a.full_name.cmp(&b.full_name));
    let more = rows.len() > limit;
    rows.truncate(limit);
    Ok((rows, more))
}

/// A person by key, whatever district.
pub async fn get(db: &Db, id: &str) -> AppResult<Option<Elder>> {
    if !is_record_key(id) {
        return Ok(None);
    }
    let mut response = db.query(format!("SELECT {FIELDS} FROM $id")).bind(("id", elder_id(id))).await?;
    Ok(take_one::<Row>(&mut response, 0)?.map(Row::into_elder))
}

/// A person the user may see, or «not found» (the same answer whether the person exists or
/// not, so that nobody learns of people outside their districts).
pub async fn visible(db: &Db, user: &CurrentUser, id: &str) -> AppResult<Elder> {
    match get(db, id).await? {
        Some(e) if works_district(user, &e.district_id) => Ok(e),
        _ => Err(AppError::NotFound("Человек не найден в реестре ваших участков".into())),
    }
}

/// Words a person is found by: name, address (street and house), lower case with «ё» as «е».
pub fn search_text(elder: &ValidElder) -> String {
    fold_yo(&format!("{} {}", elder.full_name, elder.address).to_lowercase())
}

/// The person's name and birth date folded: a person is in the registry once.
pub fn person_key(full_name: &str, birth_date: NaiveDate) -> String {
    format!("{}|{}", fold_yo(&full_name.to_lowercase()), date_text(birth_date))
}

#[derive(SurrealValue, Clone)]
struct MarkContent {
    group: String,
    since: String,
    note: Option<String>,
}

/// What a save writes.
#[derive(SurrealValue, Clone)]
struct Content {
    full_name: String,
    sex: String,
    birth_date: String,
    disability: Option<String>,
    disability_since: Option<String>,
    address: String,
    district: RecordId,
    phones: Vec<String>,
    messenger: Option<String>,
    lives_with: String,
    consent: bool,
    consent_on: String,
    marks: Vec<MarkContent>,
    groups: Vec<String>,
    interests: Vec<String>,
    case: Option<RecordId>,
    notes: Option<String>,
    search_text: String,
    person_key: String,
    in_registry: bool,
    left_reason: Option<String>,
    updated_at: DateTime<Utc>,
    updated_by_name: String,
}

impl Content {
    fn new(elder: &ValidElder, case: Option<String>, user_name: &str, now: DateTime<Utc>) -> Self {
        Content {
            full_name: elder.full_name.clone(),
            sex: elder.sex.code().to_string(),
            birth_date: date_text(elder.birth_date),
            disability: elder.disability.map(|d| d.code().to_string()),
            disability_since: elder.disability_since.map(date_text),
            address: elder.address.clone(),
            district: RecordId::new("district", elder.district.clone()),
            phones: elder.phones.clone(),
            messenger: elder.messenger.clone(),
            lives_with: elder.lives_with.clone(),
            consent: true,
            consent_on: date_text(elder.consent_on),
            marks: elder
                .marks
                .iter()
                .map(|m| MarkContent {
                    group: m.group.code().to_string(),
                    since: date_text(m.since),
                    note: m.note.clone(),
                })
                .collect(),
            groups: elder.marks.iter().map(|m| m.group.code().to_string()).collect(),
            interests: elder.interests.iter().map(|i| i.code().to_string()).collect(),
            case: case.map(|c| RecordId::new("case_file", c)),
            notes: elder.notes.clone(),
            search_text: search_text(elder),
            person_key: person_key(&elder.full_name, elder.birth_date),
            in_registry: elder.left_reason.is_none(),
            left_reason: elder.left_reason.map(|r| r.code().to_string()),
            updated_at: now,
            updated_by_name: user_name.to_string(),
        }
    }
}

/// Checks what a save links to — the district (one the user works) and the case (one the user
/// may see) — and answers the case's key.
async fn check_links(db: &Db, user: &CurrentUser, elder: &ValidElder) -> AppResult<Option<String>> {
    let mut errors = FieldErrors::new();
    if crate::districts::repo::name_of(db, &elder.district).await.is_err() {
        errors.add("district", "Такого социального участка нет");
    } else if !works_district(user, &elder.district) {
        errors.add("district", "Вносить людей можно только на участки, которые вы ведёте");
    }
    let mut case = None;
    if let Some((year, number)) = elder.case {
        #[derive(Deserialize)]
        struct Found {
            id: String,
        }
        let mut response = db
            .query("SELECT record::id(id) AS id FROM case_file WHERE year = $year AND number = $number LIMIT 1")
            .bind(("year", year))
            .bind(("number", number))
            .await?;
        let found = take_one::<Found>(&mut response, 0)?;
        match found {
            Some(f) if crate::cases::repo::visible_row(db, user, &f.id).await.is_ok() => case = Some(f.id),
            _ => errors.add("case_number", "Случай с таким номером не найден среди доступных вам"),
        }
    }
    errors.into_result()?;
    Ok(case)
}

/// The message for a second record of the same person.
fn duplicate(elder: &ValidElder) -> AppError {
    AppError::field(
        "full_name",
        format!(
            "{} ({} г. р.) уже есть в реестре — найдите человека поиском и дополните его карточку",
            elder.full_name,
            crate::time::format_naive_date(elder.birth_date)
        ),
    )
}

fn is_duplicate(e: &surrealdb::Error) -> bool {
    let text = e.to_string();
    text.contains("elder_person") || text.contains("already contains")
}

/// Enters a person into the registry; the new key. `audit` is written in the same transaction.
pub async fn create(db: &Db, user: &CurrentUser, elder: &ValidElder, audit: AuditLine) -> AppResult<String> {
    let case = check_links(db, user, elder).await?;
    let now = Utc::now();
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $created = CREATE ONLY elder CONTENT object::extend($content, {
                 created_at: $now, created_by_name: $user_name, version: 1, last_contact_on: '' });
             CREATE audit CONTENT object::extend($audit, { at: time::now(), record: 'elder:' + record::id($created.id) });
             COMMIT TRANSACTION;
             RETURN record::id($created.id);",
        )
        .bind(("content", Content::new(elder, case, &user.full_name, now)))
        .bind(("now", now))
        .bind(("user_name", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    if let Some(e) = transaction_error(&mut response) {
        return Err(if is_duplicate(&e) { duplicate(elder) } else { e.into() });
    }
    let last = response.num_statements() - 1;
    let id: Option<String> = response.take(last)?;
    id.ok_or_else(|| AppError::internal("elder not created"))
}

/// Which of these person keys (name and birth date, `person_key`) the registry already holds,
/// in any district and also among those who left it: one indexed lookup per key, bound.
pub async fn existing_people(db: &Db, keys: &[String]) -> AppResult<std::collections::HashSet<String>> {
    let mut found = std::collections::HashSet::new();
    for batch in keys.chunks(500) {
        let statements: Vec<String> = (0..batch.len())
            .map(|i| format!("SELECT VALUE person_key FROM elder WHERE person_key = $k{i} LIMIT 1"))
            .collect();
        let mut query = db.query(statements.join(";\n"));
        for (i, key) in batch.iter().enumerate() {
            query = query.bind((format!("k{i}"), key.clone()));
        }
        let mut response = query.await?.check()?;
        for i in 0..batch.len() {
            let keys: Vec<String> = response.take(i)?;
            found.extend(keys);
        }
    }
    Ok(found)
}

/// Enters the people of a loaded list, all or none, with `audit` in the same transaction. A
/// person entered by someone else between the check and the load refuses the whole list.
pub async fn create_many(db: &Db, user: &CurrentUser, people: &[ValidElder], audit: AuditLine) -> AppResult<usize> {
    let now = Utc::now();
    let rows: Vec<Content> = people.iter().map(|p| Content::new(p, None, &user.full_name, now)).collect();
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             FOR $content IN $rows {
                 CREATE elder CONTENT object::extend($content, {
                     created_at: $now, created_by_name: $user_name, version: 1, last_contact_on: '' });
             };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("rows", rows))
        .bind(("now", now))
        .bind(("user_name", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(people.len()),
        Some(e) if is_duplicate(&e) => Err(AppError::Conflict(
            "Пока шла загрузка, кого-то из списка уже внесли в реестр: проверьте файл ещё раз — такие строки будут отмечены «уже в реестре»"
                .into(),
        )),
        Some(e) => Err(e.into()),
    }
}

/// Links a case to a person's card (a new version of the card) and closes the person's open
/// needs as worked in it, with `audit` in the same transaction.
pub async fn link_case(db: &Db, user: &CurrentUser, elder: &str, case: &str, audit: AuditLine) -> AppResult<()> {
    db.query(
        "BEGIN TRANSACTION;
         UPDATE $id SET case = $case, version += 1, updated_at = time::now(), updated_by_name = $user_name;
         -- The needs that were open are now worked in the case.
         UPDATE elder_need SET open = false, outcome = 'case', closed_at = time::now(), closed_by_name = $user_name
             WHERE elder = $id AND open = true;
         CREATE audit CONTENT object::extend($audit, { at: time::now() });
         COMMIT TRANSACTION;",
    )
    .bind(("id", elder_id(elder)))
    .bind(("case", RecordId::new("case_file", case.to_string())))
    .bind(("user_name", user.full_name.clone()))
    .bind(("audit", audit))
    .await?
    .check()?;
    Ok(())
}

/// Saves the card of a person if nobody changed it since `version`.
pub async fn update(
    db: &Db,
    user: &CurrentUser,
    before: &Elder,
    version: i64,
    elder: &ValidElder,
    audit: AuditLine,
) -> AppResult<()> {
    let case = check_links(db, user, elder).await?;
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $updated = UPDATE $id MERGE object::extend($content, { version: $version + 1 })
                 WHERE version = $version RETURN VALUE id;
             IF array::len($updated) = 0 { THROW 'version_conflict' };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;",
        )
        .bind(("id", elder_id(&before.id)))
        .bind(("content", Content::new(elder, case, &user.full_name, Utc::now())))
        .bind(("version", version))
        .bind(("audit", audit))
        .await?;
    match transaction_error(&mut response) {
        None => Ok(()),
        Some(e) if e.to_string().contains("version_conflict") => {
            let current = get(db, &before.id).await?.ok_or_else(|| AppError::NotFound("Человек не найден".into()))?;
            Err(AppError::Conflict(format!(
                "Карточку изменил(а) {} в {}, пока вы её правили. Ваши правки остались на экране: откройте карточку заново и внесите их ещё раз.",
                current.updated_by_name,
                crate::time::format_datetime(current.updated_at)
            )))
        }
        Some(e) if is_duplicate(&e) => Err(duplicate(elder)),
        Some(e) => Err(e.into()),
    }
}

/// The checked keys of these districts.
pub fn per_district_keys(districts: &[String]) -> Vec<String> {
    districts.iter().filter(|d| is_record_key(d)).cloned().collect()
}

/// One statement per district, each with its keys as literals (checked keys, a computed day),
/// so that SurrealDB reads the index; `extra` conditions are bound parameters.
fn per_district(districts: &[String], condition: impl Fn(&str) -> String) -> String {
    districts
        .iter()
        .filter(|d| is_record_key(d))
        .map(|d| condition(&record_literal("district", d)))
        .collect::<Vec<_>>()
        .join(";\n")
}

/// The statement of one district's round: the key range of `elder_round` below the first day
/// of the month, in its order. `district` is a record literal of a checked key.
pub fn round_statement(district: &str, today: NaiveDate, limit: usize) -> String {
    let start = sql_literal(&date_text(month_start(today)));
    format!(
        "SELECT {ROW_FIELDS} FROM elder WHERE district = {district} AND in_registry = true AND last_contact_on < {start}
         ORDER BY last_contact_on LIMIT {limit}"
    )
}

/// The two counts of one district: its registry, and those not reached in the month of `today`
/// (index counts of `elder_round`).
pub fn tally_statements(district: &str, today: NaiveDate) -> String {
    let start = sql_literal(&date_text(month_start(today)));
    format!(
        "SELECT count() AS n FROM elder WHERE district = {district} AND in_registry = true GROUP ALL;
         SELECT count() AS n FROM elder WHERE district = {district} AND in_registry = true AND last_contact_on < {start} GROUP ALL"
    )
}

/// The people of these districts not reached in the month of `today`, the longest without a
/// contact first (never reached before all), at most `limit`; whether there are more.
pub async fn round(db: &Db, districts: &[String], today: NaiveDate, limit: usize) -> AppResult<(Vec<ElderRow>, bool)> {
    if districts.is_empty() {
        return Ok((vec![], false));
    }
    let statements = per_district(districts, |d| round_statement(d, today, limit + 1));
    let mut response = db.query(statements).await?.check()?;
    let mut rows = Vec::new();
    for i in 0..response.num_statements() {
        rows.extend(take_rows::<ListRow>(&mut response, i)?.into_iter().map(ListRow::into_row));
    }
    rows.sort_by(|a, b| a.last_contact_on.cmp(&b.last_contact_on).then_with(|| a.full_name.cmp(&b.full_name)));
    let more = rows.len() > limit;
    rows.truncate(limit);
    Ok((rows, more))
}

/// How many people of each district's registry there are and how many were reached in the
/// month of `today`: two index counts per district.
pub async fn tallies(db: &Db, districts: &[String], today: NaiveDate) -> AppResult<Vec<(String, u64, u64)>> {
    if districts.is_empty() {
        return Ok(vec![]);
    }
    let statements = per_district(districts, |d| tally_statements(d, today));
    #[derive(Deserialize)]
    struct Count {
        n: u64,
    }
    let mut response = db.query(statements).await?.check()?;
    let mut out = Vec::new();
    for (i, district) in districts.iter().filter(|d| is_record_key(d)).enumerate() {
        let total = take_one::<Count>(&mut response, 2 * i)?.map(|c| c.n).unwrap_or(0);
        let left = take_one::<Count>(&mut response, 2 * i + 1)?.map(|c| c.n).unwrap_or(0);
        out.push((district.clone(), total, total.saturating_sub(left)));
    }
    Ok(out)
}

/// The month's tallies of these districts with their names and their caseworkers.
pub async fn month_tallies(db: &Db, districts: &[DistrictOption], today: NaiveDate) -> AppResult<Vec<MonthTally>> {
    #[derive(Deserialize)]
    struct Worker {
        full_name: String,
        roles: Vec<Role>,
        districts: Vec<String>,
    }
    let keys: Vec<String> = districts.iter().map(|d| d.id.clone()).collect();
    let mut response = db
        .query("SELECT full_name, roles, districts FROM user WHERE active = true ORDER BY full_name")
        .await?
        .check()?;
    let workers: Vec<Worker> = take_rows::<Worker>(&mut response, 0)?
        .into_iter()
        .map(|w| Worker { districts: w.districts.iter().map(|d| record_key(d)).collect(), ..w })
        .collect();
    Ok(tallies(db, &keys, today)
        .await?
        .into_iter()
        .map(|(district, total, reached)| MonthTally {
            district_name: districts.iter().find(|d| d.id == district).map(|d| d.name.clone()).unwrap_or_default(),
            caseworkers: workers
                .iter()
                .filter(|w| w.roles.contains(&Role::Caseworker) && w.districts.contains(&district))
                .map(|w| crate::auth::short_name(&w.full_name))
                .collect(),
            district_id: district,
            total,
            reached,
        })
        .collect())
}

/// The registry's conditions beyond the district, with their parameters.
fn conditions(
    query: &RegistryQuery,
    today: NaiveDate,
) -> AppResult<(String, serde_json::Map<String, serde_json::Value>)> {
    let mut errors = FieldErrors::new();
    let mut clauses = Vec::new();
    let mut params = serde_json::Map::new();
    if !query.group.is_empty() {
        match AttentionGroup::from_code(&query.group) {
            Some(g) => {
                clauses.push("groups CONTAINS $group".to_string());
                params.insert("group".into(), g.code().into());
            }
            None => errors.add("group", "Неизвестная группа"),
        }
    }
    if !query.age.is_empty() {
        match AgeBand::from_code(&query.age) {
            Some(band) => {
                let (earliest, latest) = super::rules::birth_range(band, today);
                clauses.push("birth_date >= $born_from AND birth_date <= $born_to".into());
                params.insert("born_from".into(), date_text(earliest).into());
                params.insert("born_to".into(), date_text(latest).into());
            }
            None => errors.add("age", "Неизвестный возраст"),
        }
    }
    match query.disability.as_str() {
        "" => {}
        "any" => clauses.push("disability != NONE".into()),
        "none" => clauses.push("disability = NONE".into()),
        code => match DisabilityGroup::from_code(code) {
            Some(g) => {
                clauses.push("disability = $disability".into());
                params.insert("disability".into(), g.code().into());
            }
            None => errors.add("disability", "Неизвестная группа инвалидности"),
        },
    }
    match query.uncontacted.as_str() {
        "" | "0" => {}
        "1" => {
            clauses.push("last_contact_on < $month_start".into());
            params.insert("month_start".into(), date_text(month_start(today)).into());
        }
        _ => errors.add("uncontacted", "Неизвестный фильтр"),
    }
    let words: Vec<String> = fold_yo(&query.q.to_lowercase())
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if words.len() > 6 || query.q.chars().count() > 200 {
        errors.add("q", "Слишком длинный запрос: до шести слов");
    }
    for (i, word) in words.iter().take(6).enumerate() {
        clauses.push(format!("string::contains(search_text, $w{i})"));
        params.insert(format!("w{i}"), word.clone().into());
    }
    errors.into_result()?;
    let clause = clauses.iter().map(|c| format!(" AND {c}")).collect::<String>();
    Ok((clause, params))
}

/// The registry of these districts with the filters, by name, at most `limit`; whether more.
pub async fn list(
    db: &Db,
    districts: &[String],
    query: &RegistryQuery,
    today: NaiveDate,
    limit: usize,
) -> AppResult<(Vec<ElderRow>, bool)> {
    if districts.is_empty() {
        return Ok((vec![], false));
    }
    let (clause, params) = conditions(query, today)?;
    let in_registry = if query.left == "1" { "false" } else { "true" };
    let statements = per_district(districts, |d| {
        format!(
            "SELECT {ROW_FIELDS} FROM elder WHERE district = {d} AND in_registry = {in_registry}{clause}
             ORDER BY full_name LIMIT {}",
            limit + 1
        )
    });
    let mut statement = db.query(statements);
    for (name, value) in params {
        statement = statement.bind((name, value));
    }
    let mut response = statement.await?.check()?;
    let mut rows = Vec::new();
    for i in 0..response.num_statements() {
        rows.extend(take_rows::<ListRow>(&mut response, i)?.into_iter().map(ListRow::into_row));
    }
    rows.sort_by(|a, b| a.full_name.cmp(&b.full_name).then_with(|| a.birth_date.cmp(&b.birth_date)));
    let more = rows.len() > limit;
    rows.truncate(limit);
    Ok((rows, more))
}

const CONTACT_FIELDS: &str = "record::id(id) AS id, record::id(elder) AS elder_id, at, way, purposes, result, need, \
    danger, by_name";

/// The contacts with a person, the latest first.
pub async fn contacts(db: &Db, elder: &str, limit: usize) -> AppResult<Vec<Contact>> {
    let mut response = db
        .query(format!("SELECT {CONTACT_FIELDS} FROM elder_contact WHERE elder = $elder ORDER BY at DESC LIMIT $limit"))
        .bind(("elder", elder_id(elder)))
        .bind(("limit", limit as i64))
        .await?
        .check()?;
    take_rows(&mut response, 0)
}

/// A contact by the key the device gave it.
async fn contact_by_key(db: &Db, client_key: &str) -> AppResult<Option<Contact>> {
    let mut response = db
        .query(format!("SELECT {CONTACT_FIELDS} FROM elder_contact WHERE client_key = $key LIMIT 1"))
        .bind(("key", client_key.to_string()))
        .await?
        .check()?;
    take_one(&mut response, 0)
}

#[derive(SurrealValue, Clone)]
struct ContactContent {
    elder: RecordId,
    district: RecordId,
    at: DateTime<Utc>,
    day: String,
    way: String,
    purposes: Vec<String>,
    result: String,
    need: Option<String>,
    danger: Option<String>,
    client_key: String,
    by: RecordId,
    by_name: String,
}

/// Records a contact with a person: the contact, the person's day of the last contact (when
/// this one is the latest), the alert to the head of the department for a dangerous situation
/// and the audit line, in one transaction. A contact the device sent before (its `client_key`
/// is known) is answered as recorded, not recorded twice.
pub async fn record_contact(
    db: &Db,
    user: &CurrentUser,
    elder: &Elder,
    contact: &ValidContact,
    audit: AuditLine,
) -> AppResult<Contact> {
    if let Some(existing) = contact_by_key(db, &contact.client_key).await? {
        return if existing.elder_id == elder.id {
            Ok(existing)
        } else {
            Err(AppError::field("form", "Форма контакта повреждена: откройте её заново"))
        };
    }
    let content = ContactContent {
        elder: elder_id(&elder.id),
        district: RecordId::new("district", elder.district_id.clone()),
        at: contact.at,
        day: date_text(crate::time::local_today(contact.at)),
        way: contact.way.code().to_string(),
        purposes: contact.purposes.iter().map(|p| p.code().to_string()).collect(),
        result: contact.result.clone(),
        need: contact.need.clone(),
        danger: contact.danger.clone(),
        client_key: contact.client_key.clone(),
        by: RecordId::new("user", user.id.clone()),
        by_name: user.full_name.clone(),
    };
    let written = crate::db::created_key(|| {
        db.query(
            "BEGIN TRANSACTION;
             LET $contact = CREATE ONLY elder_contact CONTENT object::extend($content, { created_at: time::now() });
             UPDATE $elder SET last_contact_on = $content.day, last_contact_way = $content.way
                 WHERE last_contact_on <= $content.day;
             IF $content.danger != NONE {
                 CREATE elder_alert CONTENT { elder: $content.elder, contact: $contact.id, district: $content.district,
                     text: $content.danger, at: $content.at, by_name: $content.by_name, open: true };
             };
             IF $content.need != NONE {
                 CREATE elder_need CONTENT { elder: $content.elder, contact: $contact.id, district: $content.district,
                     text: $content.need, at: $content.at, by_name: $content.by_name, open: true };
             };
             CREATE audit CONTENT object::extend($audit, { at: time::now() });
             COMMIT TRANSACTION;
             RETURN record::id($contact.id);",
        )
        .bind(("content", content.clone()))
        .bind(("elder", elder_id(&elder.id)))
        .bind(("audit", audit.clone()))
        .into_future()
    })
    .await;
    match written {
        Ok(_) => {}
        // The same contact arrived twice at once: the first one is the record.
        Err(e) if e.to_string().contains("elder_contact_key") => {}
        Err(e) => return Err(e.into()),
    }
    contact_by_key(db, &contact.client_key).await?.ok_or_else(|| AppError::internal("contact not recorded"))
}

const ALERT_FIELDS: &str = "record::id(id) AS id, record::id(elder) AS elder_id, elder.full_name AS elder_name, \
    elder.address AS address, district.name AS district_name, text, at, by_name, acknowledged_at, acknowledged_by_name";

#[derive(Deserialize)]
struct AlertRow {
    id: String,
    elder_id: String,
    elder_name: Option<String>,
    address: Option<String>,
    district_name: Option<String>,
    text: String,
    at: DateTime<Utc>,
    by_name: String,
    acknowledged_at: Option<DateTime<Utc>>,
    acknowledged_by_name: Option<String>,
}

impl AlertRow {
    fn into_alert(self) -> Alert {
        Alert {
            id: self.id,
            elder_id: self.elder_id,
            elder_name: self.elder_name.unwrap_or_default(),
            address: self.address.unwrap_or_default(),
            district_name: self.district_name.unwrap_or_default(),
            text: self.text,
            at: self.at,
            by_name: self.by_name,
            acknowledged_at: self.acknowledged_at,
            acknowledged_by_name: self.acknowledged_by_name,
        }
    }
}

/// Alerts not yet acknowledged, the latest first.
pub async fn open_alerts(db: &Db, limit: usize) -> AppResult<Vec<Alert>> {
    let mut response = db
        .query(format!("SELECT {ALERT_FIELDS} FROM elder_alert WHERE open = true ORDER BY at DESC LIMIT $limit"))
        .bind(("limit", limit as i64))
        .await?
        .check()?;
    Ok(take_rows::<AlertRow>(&mut response, 0)?.into_iter().map(AlertRow::into_alert).collect())
}

/// The alerts about a person, the latest first.
pub async fn alerts_of(db: &Db, elder: &str) -> AppResult<Vec<Alert>> {
    let mut response = db
        .query(format!("SELECT {ALERT_FIELDS} FROM elder_alert WHERE elder = $elder ORDER BY at DESC LIMIT 50"))
        .bind(("elder", elder_id(elder)))
        .await?
        .check()?;
    Ok(take_rows::<AlertRow>(&mut response, 0)?.into_iter().map(AlertRow::into_alert).collect())
}

/// The head of the department acknowledges an alert; the alert as it is now. Acknowledging one
/// acknowledged meanwhile by someone else changes nothing.
pub async fn acknowledge(db: &Db, user: &CurrentUser, id: &str, audit: AuditLine) -> AppResult<Alert> {
    let alert = RecordId::new("elder_alert", id.to_string());
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $done = UPDATE $alert SET open = false, acknowledged_at = time::now(), acknowledged_by_name = $name
                 WHERE open = true RETURN VALUE id;
             IF array::len($done) > 0 { CREATE audit CONTENT object::extend($audit, { at: time::now() }) };
             COMMIT TRANSACTION;",
        )
        .bind(("alert", alert.clone()))
        .bind(("name", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    if let Some(e) = transaction_error(&mut response) {
        return Err(e.into());
    }
    let mut response = db.query(format!("SELECT {ALERT_FIELDS} FROM $alert")).bind(("alert", alert)).await?;
    take_one::<AlertRow>(&mut response, 0)?
        .map(AlertRow::into_alert)
        .ok_or_else(|| AppError::NotFound("Сообщение не найдено".into()))
}

/// The district of an alert (for the rights of who acknowledges it).
pub async fn alert_exists(db: &Db, id: &str) -> AppResult<bool> {
    if !is_record_key(id) {
        return Ok(false);
    }
    let mut response =
        db.query("SELECT VALUE id FROM $alert").bind(("alert", RecordId::new("elder_alert", id.to_string()))).await?;
    let found: Vec<serde_json::Value> = take_rows(&mut response, 0)?;
    Ok(!found.is_empty())
}

/// A person for a bulk load (the demo, the generator): the person and their contacts.
pub struct ImportElder {
    pub elder: ValidElder,
    /// (moment, way, purposes, result).
    pub contacts: Vec<(DateTime<Utc>, ContactWay, Vec<ContactPurpose>, String)>,
    pub by: CurrentUser,
}

#[derive(SurrealValue)]
struct ImportRow {
    content: Content,
    last_contact_on: String,
    last_contact_way: Option<String>,
    contacts: Vec<ContactContent>,
}

/// Bulk-loads people with their contacts, a batch per transaction. For a database nobody is
/// writing the registry in at the same moment; a person already there is skipped.
pub async fn import(db: &Db, items: Vec<ImportElder>, now: DateTime<Utc>) -> AppResult<usize> {
    let total = items.len();
    for batch in items.chunks(200) {
        let mut rows = Vec::with_capacity(batch.len());
        for item in batch {
            let mut contacts: Vec<ContactContent> = item
                .contacts
                .iter()
                .map(|(at, way, purposes, result)| ContactContent {
                    elder: elder_id("x"),
                    district: RecordId::new("district", item.elder.district.clone()),
                    at: *at,
                    day: date_text(crate::time::local_today(*at)),
                    way: way.code().to_string(),
                    purposes: purposes.iter().map(|p| p.code().to_string()).collect(),
                    result: result.clone(),
                    need: None,
                    danger: None,
                    client_key: format!("imp{}", rand::random::<u64>()),
                    by: RecordId::new("user", item.by.id.clone()),
                    by_name: item.by.full_name.clone(),
                })
                .collect();
            contacts.sort_by_key(|c| c.at);
            let last = contacts.last();
            rows.push(ImportRow {
                content: Content::new(&item.elder, None, &item.by.full_name, now),
                last_contact_on: last.map(|c| c.day.clone()).unwrap_or_default(),
                last_contact_way: last.map(|c| c.way.clone()),
                contacts,
            });
        }
        db.query(
            "BEGIN TRANSACTION;
             FOR $row IN $rows {
                 IF array::len(SELECT VALUE id FROM elder WHERE person_key = $row.content.person_key) = 0 {
                     LET $created = CREATE ONLY elder CONTENT object::extend($row.content, {
                         created_at: $now, created_by_name: $row.content.updated_by_name, version: 1,
                         last_contact_on: $row.last_contact_on, last_contact_way: $row.last_contact_way });
                     FOR $c IN $row.contacts {
                         CREATE elder_contact CONTENT object::extend($c, { elder: $created.id, created_at: $now });
                     };
                 };
             };
             COMMIT TRANSACTION;",
        )
        .bind(("rows", rows))
        .bind(("now", now))
        .await?
        .check()?;
    }
    Ok(total)
}

const NEED_FIELDS: &str = "record::id(id) AS id, record::id(elder) AS elder_id, elder.full_name AS elder_name, \
    elder.address AS address, district.name AS district_name, text, at, by_name, open, outcome, outcome_note, \
    closed_at, closed_by_name, elder.case != NONE AS has_case";

#[derive(Deserialize)]
struct NeedRow {
    id: String,
    elder_id: String,
    elder_name: Option<String>,
    address: Option<String>,
    district_name: Option<String>,
    text: String,
    at: DateTime<Utc>,
    by_name: String,
    open: bool,
    outcome: Option<NeedOutcome>,
    outcome_note: Option<String>,
    closed_at: Option<DateTime<Utc>>,
    closed_by_name: Option<String>,
    has_case: Option<bool>,
}

impl NeedRow {
    fn into_need(self) -> Need {
        Need {
            id: self.id,
            elder_id: self.elder_id,
            elder_name: self.elder_name.unwrap_or_default(),
            address: self.address.unwrap_or_default(),
            district_name: self.district_name.unwrap_or_default(),
            text: self.text,
            at: self.at,
            by_name: self.by_name,
            open: self.open,
            outcome: self.outcome,
            outcome_note: self.outcome_note,
            closed_at: self.closed_at,
            closed_by_name: self.closed_by_name,
            has_case: self.has_case.unwrap_or(false),
        }
    }
}

/// A person's needs, the newest first.
pub async fn needs_of(db: &Db, elder: &str, limit: usize) -> AppResult<Vec<Need>> {
    let mut response = db
        .query(format!("SELECT {NEED_FIELDS} FROM elder_need WHERE elder = $elder ORDER BY at DESC LIMIT $limit"))
        .bind(("elder", elder_id(elder)))
        .bind(("limit", limit))
        .await?;
    Ok(take_rows::<NeedRow>(&mut response, 0)?.into_iter().map(NeedRow::into_need).collect())
}

/// The open needs of these districts, the oldest first (read by the index of each district's
/// open needs); whether there are more than `limit`.
pub async fn open_needs(db: &Db, districts: &[String], limit: usize) -> AppResult<(Vec<Need>, bool)> {
    if per_district_keys(districts).is_empty() {
        return Ok((vec![], false));
    }
    let statements = per_district(districts, |d| {
        format!(
            "SELECT {NEED_FIELDS} FROM elder_need WHERE district = {d} AND open = true ORDER BY at LIMIT {}",
            limit + 1
        )
    });
    let count = per_district_keys(districts).len();
    let mut response = db.query(statements).await?;
    let mut needs = Vec::new();
    for i in 0..count {
        needs.extend(take_rows::<NeedRow>(&mut response, i)?.into_iter().map(NeedRow::into_need));
    }
    needs.sort_by_key(|n| n.at);
    let more = needs.len() > limit;
    needs.truncate(limit);
    Ok((needs, more))
}

/// The person a need is about, for the rights of who closes it.
pub async fn need_elder(db: &Db, id: &str) -> AppResult<Option<String>> {
    if !is_record_key(id) {
        return Ok(None);
    }
    let mut response = db
        .query("SELECT VALUE record::id(elder) FROM $need")
        .bind(("need", RecordId::new("elder_need", id.to_string())))
        .await?;
    let found: Vec<String> = take_rows(&mut response, 0)?;
    Ok(found.into_iter().next())
}

/// Closes an open need with what became of it; a need closed meanwhile by a colleague is
/// answered as she closed it.
pub async fn close_need(
    db: &Db,
    user: &CurrentUser,
    id: &str,
    outcome: NeedOutcome,
    note: Option<String>,
    audit: AuditLine,
) -> AppResult<Need> {
    let need = RecordId::new("elder_need", id.to_string());
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $done = UPDATE $need SET open = false, outcome = $outcome, outcome_note = $note,
                 closed_at = time::now(), closed_by_name = $name
                 WHERE open = true RETURN VALUE id;
             IF array::len($done) > 0 { CREATE audit CONTENT object::extend($audit, { at: time::now() }) };
             COMMIT TRANSACTION;",
        )
        .bind(("need", need.clone()))
        .bind(("outcome", outcome.code().to_string()))
        .bind(("note", note))
        .bind(("name", user.full_name.clone()))
        .bind(("audit", audit))
        .await?;
    if let Some(e) = transaction_error(&mut response) {
        return Err(e.into());
    }
    let mut response = db.query(format!("SELECT {NEED_FIELDS} FROM $need")).bind(("need", need)).await?;
    take_one::<NeedRow>(&mut response, 0)?
        .map(NeedRow::into_need)
        .ok_or_else(|| AppError::NotFound("Потребность не найдена".into()))
}
