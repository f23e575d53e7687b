//! Database side of «who». Server-only. The search reads the cases and the registry 55+ of the
//! user's districts (the head and the dispatchers: of all); the chosen record is read again when
//! the form is saved, so what is stored is the record's own name, address and phone.

use super::rules::ValidPerson;
use super::types::{Found, Person, PersonKind};
use crate::auth::{CurrentUser, Role};
use crate::db::{take_one, take_rows, Db};
use crate::error::{AppError, AppResult};
use crate::keys::{is_record_key, record_key};
use serde::Deserialize;
use surrealdb::types::{RecordId, SurrealValue};

/// The SurrealQL type of a stored person, for the `DEFINE FIELD person … TYPE` of a table.
pub const PERSON_TYPE: &str = "{ kind: string, case: option<record<case_file>>, elder: option<record<elder>>, \
    full_name: string, address: string, phone: option<string>, document: option<string>, consent: bool }";

fn id_of(table: &str, key: &str) -> RecordId {
    RecordId::new(table, key.to_string())
}

/// A person as a record stores them (the `person` field of a loan, a request).
#[derive(SurrealValue, Clone)]
pub struct StoredPerson {
    kind: String,
    case: Option<RecordId>,
    elder: Option<RecordId>,
    full_name: String,
    address: String,
    phone: Option<String>,
    document: Option<String>,
    consent: bool,
}

impl StoredPerson {
    pub fn full_name(&self) -> &str {
        &self.full_name
    }
    pub fn address(&self) -> &str {
        &self.address
    }
}

/// A stored person as read back (`SELECT person …`).
#[derive(Deserialize)]
pub struct PersonRow {
    kind: PersonKind,
    case: Option<String>,
    elder: Option<String>,
    full_name: String,
    address: String,
    phone: Option<String>,
    document: Option<String>,
}

impl PersonRow {
    pub fn into_person(self, district_name: Option<String>) -> Person {
        Person {
            kind: Some(self.kind),
            case_id: self.case.map(|c| record_key(&c)),
            elder_id: self.elder.map(|e| record_key(&e)),
            full_name: self.full_name,
            address: self.address,
            phone: self.phone.unwrap_or_default(),
            document: self.document.unwrap_or_default(),
            district_name: district_name.unwrap_or_default(),
        }
    }
}

fn sees_all(user: &CurrentUser) -> bool {
    user.has(Role::Supervisor) || user.has(Role::Dispatcher)
}

/// People of cases and of the registry whose name or address has these words, of the user's
/// districts (the head and the dispatchers: of all).
pub async fn find_people(db: &Db, user: &CurrentUser, query: &str) -> AppResult<Vec<Found>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        full_name: Option<String>,
        address: Option<String>,
        detail: Option<String>,
        district: Option<String>,
    }
    let words = crate::validation::fold_yo(&query.to_lowercase());
    let words: Vec<String> = words.split_whitespace().take(4).map(str::to_string).collect();
    if words.is_empty() || words.iter().all(|w| w.chars().count() < 2) {
        return Ok(vec![]);
    }
    let elder_filter: Vec<String> = (0..words.len()).map(|i| format!("string::contains(search_text, $w{i})")).collect();
    let statement = format!(
        "SELECT record::id(id) AS id, (members[0].full_name ?? title) AS full_name, address,
             string::concat('случай № ', <string> number, '/', <string> year) AS detail, district
             FROM case_file WHERE search_text @@ $words AND stage != 'closed' LIMIT 30;
         SELECT record::id(id) AS id, full_name, address, string::concat('реестр 55+, ', district.name) AS detail, district
             FROM elder WHERE in_registry = true AND {} LIMIT 30;",
        elder_filter.join(" AND ")
    );
    let mut q = db.query(statement).bind(("words", words.join(" ")));
    for (i, w) in words.iter().enumerate() {
        q = q.bind((format!("w{i}"), w.clone()));
    }
    let mut response = q.await?;
    let all = sees_all(user);
    let visible = |d: &Option<String>| all || d.as_ref().is_some_and(|d| user.districts.contains(&record_key(d)));
    let mut found = Vec::new();
    for (index, kind) in [(0, PersonKind::Case), (1, PersonKind::Elder)] {
        for row in take_rows::<Row>(&mut response, index)? {
            if visible(&row.district) {
                found.push(Found {
                    kind,
                    id: row.id,
                    full_name: row.full_name.unwrap_or_default(),
                    address: row.address.unwrap_or_default(),
                    detail: row.detail.unwrap_or_default(),
                });
            }
        }
    }
    found.truncate(20);
    Ok(found)
}

/// The person of a case or registry card, to fill a form from a link («?case=…», «?elder=…»).
pub async fn found_by_id(db: &Db, user: &CurrentUser, kind: PersonKind, id: &str) -> AppResult<Option<Found>> {
    if !is_record_key(id) || kind == PersonKind::WalkIn {
        return Ok(None);
    }
    let person = ValidPerson {
        kind,
        record: Some(id.to_string()),
        full_name: String::new(),
        address: String::new(),
        phone: None,
        document: None,
    };
    match resolve_person(db, user, &person).await {
        Ok((p, _)) => Ok(Some(Found {
            kind,
            id: id.to_string(),
            full_name: p.full_name.clone(),
            address: p.address.clone(),
            detail: kind.label().to_string(),
        })),
        Err(AppError::Validation(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The person of a form, with the details of their case or registry card when they are from
/// there, and their district. A record the user may not see is «not found».
pub async fn resolve_person(
    db: &Db,
    user: &CurrentUser,
    person: &ValidPerson,
) -> AppResult<(StoredPerson, Option<String>)> {
    #[derive(Deserialize)]
    struct Row {
        full_name: Option<String>,
        address: Option<String>,
        phone: Option<String>,
        district: Option<String>,
    }
    let (case, elder, statement) = match (person.kind, person.record.as_deref()) {
        (PersonKind::Case, Some(key)) if is_record_key(key) => (
            Some(id_of("case_file", key)),
            None,
            "SELECT (members[0].full_name ?? title) AS full_name, address, phone, district FROM $record",
        ),
        (PersonKind::Elder, Some(key)) if is_record_key(key) => (
            None,
            Some(id_of("elder", key)),
            "SELECT full_name, address, phones[0] AS phone, district FROM $record WHERE in_registry = true",
        ),
        (PersonKind::WalkIn, _) => {
            return Ok((
                StoredPerson {
                    kind: person.kind.code().into(),
                    case: None,
                    elder: None,
                    full_name: person.full_name.clone(),
                    address: person.address.clone(),
                    phone: person.phone.clone(),
                    document: person.document.clone(),
                    consent: true,
                },
                None,
            ));
        }
        _ => return Err(AppError::field("person", "Человек не найден: найдите его заново по фамилии")),
    };
    let record = case.clone().or(elder.clone()).ok_or_else(|| AppError::internal("record chosen above"))?;
    let mut response = db.query(statement).bind(("record", record)).await?;
    let Some(row) = take_one::<Row>(&mut response, 0)? else {
        return Err(AppError::field("person", "Человек не найден: найдите его заново по фамилии"));
    };
    let district = row.district.map(|d| record_key(&d));
    if !sees_all(user) && !district.as_ref().is_some_and(|d| user.districts.contains(d)) {
        return Err(AppError::field("person", "Этот человек не на ваших участках"));
    }
    Ok((
        StoredPerson {
            kind: person.kind.code().into(),
            case,
            elder,
            full_name: row.full_name.unwrap_or_default(),
            address: row.address.unwrap_or_default(),
            phone: row.phone,
            document: person.document.clone(),
            consent: true,
        },
        district,
    ))
}
