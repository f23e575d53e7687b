//! Server functions of the registry 55+: the thin API between the pages and `repo`. Each checks
//! the caller's role first, keeps the caseworker to her districts and writes the audit trail.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::audit::ssr::{write as audit, Actor, AuditLine};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, with_status};
    pub use crate::elders::repo;
    pub use crate::elders::rules::{month_words, validate_contact, validate_elder};
    pub use crate::state::db;
    pub use crate::time::local_today;
    pub use chrono::Utc;
}

/// A person's page: the card, the contacts, the alerts, the events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElderDetails {
    pub elder: Elder,
    pub contacts: Vec<Contact>,
    pub alerts: Vec<Alert>,
    /// A blank contact form: now, by phone.
    pub blank_contact: ContactForm,
    /// The person's groups, events and safety-school topics.
    pub events: super::events::PersonEvents,
}

/// Rows one page of the registry shows.
pub const PAGE_LIMIT: usize = 200;
/// Most rows of the monthly round one request brings.
pub const ROUND_LIMIT: usize = 500;

/// The registry of the user's districts (a supervisor: of all) with the filters, the month's
/// tallies and, for the head, the open alerts.
#[server(prefix = "/api", endpoint = "elders/registry")]
pub async fn registry(query: RegistryQuery) -> Result<RegistryPage, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let today = local_today(Utc::now());
    let scope = repo::Scope::of(&db, &user).await?;
    let districts = with_status(scope.read(&query.district))?;
    let (people, more) = with_status(repo::list(&db, &districts, &query, today, PAGE_LIMIT).await)?;
    let can_acknowledge = user.has_any(permissions::SUPERVISE);
    let alerts = if can_acknowledge { repo::open_alerts(&db, 50).await? } else { vec![] };
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some("elders".into()),
        format!("Реестр 55+: {}, показано {}", query.describe(), people.len()),
        vec![],
    )
    .await?;
    Ok(RegistryPage {
        people,
        more,
        tallies: repo::month_tallies(&db, &scope.mine, today).await?,
        month: month_words(today),
        alerts,
        can_acknowledge,
        districts: scope.mine,
    })
}

/// The monthly round: who on the user's districts (or on `district`) has not been reached this
/// calendar month, the longest without a contact first.
#[server(prefix = "/api", endpoint = "elders/round")]
pub async fn round(district: String) -> Result<RoundPage, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let today = local_today(Utc::now());
    let scope = repo::Scope::of(&db, &user).await?;
    let districts = with_status(scope.read(&district))?;
    let (people, more) = repo::round(&db, &districts, today, ROUND_LIMIT).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some("elders".into()),
        format!("Обход месяца 55+: без контакта в этом месяце, показано {}", people.len()),
        vec![],
    )
    .await?;
    Ok(RoundPage {
        people,
        more,
        tallies: repo::month_tallies(&db, &scope.mine, today).await?,
        month: month_words(today),
        districts: scope.mine,
        district,
    })
}

/// A blank contact: now, by phone, with a fresh key for the device's queue.
pub fn blank_contact(now: chrono::DateTime<chrono::Utc>, client_key: String) -> ContactForm {
    ContactForm {
        client_key,
        at: crate::time::to_datetime_local(now),
        way: ContactWay::Phone.code().to_string(),
        purposes: vec![ContactPurpose::Support.code().to_string(), ContactPurpose::Informing.code().to_string()],
        ..Default::default()
    }
}

/// A person's card with the contacts and alerts.
#[server(prefix = "/api", endpoint = "elders/get")]
pub async fn get_elder(id: String) -> Result<ElderDetails, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let elder = with_status(repo::visible(&db, &user, &id).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some(format!("elder:{}", elder.id)),
        format!("Карточка реестра 55+ «{}»", elder.full_name),
        vec![],
    )
    .await?;
    let districts = repo::Scope::of(&db, &user).await?.keys();
    Ok(ElderDetails {
        events: crate::elders::events_repo::person_events(&db, &elder.id, &districts).await?,
        contacts: repo::contacts(&db, &elder.id, 100).await?,
        alerts: repo::alerts_of(&db, &elder.id).await?,
        elder,
        blank_contact: blank_contact(Utc::now(), String::new()),
    })
}

/// A blank card: the user's first district, consent today.
#[server(prefix = "/api", endpoint = "elders/blank")]
pub async fn blank_elder() -> Result<ElderFormLists, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let districts = repo::Scope::of(&db, &user).await?.mine;
    let form = ElderForm {
        district: if districts.len() == 1 { districts[0].id.clone() } else { String::new() },
        consent_on: crate::time::format_iso_date(local_today(Utc::now())),
        ..Default::default()
    };
    Ok(ElderFormLists { form, districts, editing: None })
}

/// A card opened for editing: its form as stored, with its version.
#[server(prefix = "/api", endpoint = "elders/edit")]
pub async fn edit_elder(id: String) -> Result<ElderFormLists, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let elder = with_status(repo::visible(&db, &user, &id).await)?;
    let districts = repo::Scope::of(&db, &user).await?.mine;
    Ok(ElderFormLists { form: elder.to_form(), districts, editing: Some((elder.id.clone(), elder.version)) })
}

/// Enters a person into the registry (`id` empty) or saves a card; the person's key.
#[server(prefix = "/api", endpoint = "elders/save", input = Json)]
pub async fn save_elder(id: String, version: i64, form: ElderForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let today = local_today(Utc::now());
    let valid = with_status(validate_elder(&form, today).map_err(AppError::Validation))?;
    if id.is_empty() {
        let line = AuditLine::new(
            &Actor::user(&user),
            AuditAction::Create,
            None,
            format!("Внесён(а) в реестр 55+ «{}»", valid.full_name),
            vec![],
        );
        return with_status(repo::create(&db, &user, &valid, line).await);
    }
    let before = with_status(repo::visible(&db, &user, &id).await)?;
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("elder:{}", before.id)),
        match valid.left_reason {
            Some(reason) if before.in_registry => {
                format!("Выбыл(а) из реестра 55+ «{}»: {}", valid.full_name, reason.label().to_lowercase())
            }
            _ => format!("Изменена карточка реестра 55+ «{}»", valid.full_name),
        },
        vec![],
    );
    with_status(repo::update(&db, &user, &before, version, &valid, line).await)?;
    Ok(before.id)
}

/// Checks (`apply` false) or loads an Excel or CSV list of people, sent as base64: every problem
/// by row first, then all the new people at once.
#[server(prefix = "/api", endpoint = "elders/import", input = Json, output = Json)]
pub async fn import_elders(
    file_name: String,
    data: String,
    apply: bool,
) -> Result<crate::components::import::ImportReport, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let audit_line = |report: &crate::components::import::ImportReport| {
        AuditLine::new(
            &Actor::user(&user),
            AuditAction::Create,
            None,
            format!(
                "Загрузка списка в реестр 55+ «{file_name}»: внесено {}, уже были в реестре {}",
                report.created, report.unchanged
            ),
            vec![],
        )
    };
    with_status(crate::elders::import::run(&db, &user, &file_name, &data, apply, audit_line).await)
}

/// Records a contact with a person. A contact the device sent before is answered as recorded.
#[server(prefix = "/api", endpoint = "elders/contact", input = Json)]
pub async fn record_contact(id: String, form: ContactForm) -> Result<Contact, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let valid = with_status(validate_contact(&form, Utc::now()).map_err(AppError::Validation))?;
    let elder = with_status(repo::visible(&db, &user, &id).await)?;
    if !elder.in_registry {
        return with_status(Err(AppError::field(
            "form",
            format!("«{}» выбыл(а) из реестра: контакт не записан", elder.full_name),
        )));
    }
    let mut summary = format!("Контакт с «{}»: {}", elder.full_name, valid.way.label().to_lowercase());
    if valid.danger.is_some() {
        summary.push_str("; сообщено заведующему об опасной ситуации");
    }
    let line =
        AuditLine::new(&Actor::user(&user), AuditAction::Create, Some(format!("elder:{}", elder.id)), summary, vec![]);
    with_status(repo::record_contact(&db, &user, &elder, &valid, line).await)
}

/// The head of the department acknowledges an alert about a dangerous situation.
#[server(prefix = "/api", endpoint = "elders/acknowledge")]
pub async fn acknowledge_alert(id: String) -> Result<Alert, AppError> {
    use ssr::*;
    let user = require(permissions::SUPERVISE)?;
    let db = db()?;
    if !repo::alert_exists(&db, &id).await? {
        return with_status(Err(AppError::NotFound("Сообщение не найдено".into())));
    }
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("elder_alert:{id}")),
        "Принято к сведению сообщение об опасной ситуации (реестр 55+)",
        vec![],
    );
    with_status(repo::acknowledge(&db, &user, &id, line).await)
}

/// How many calls of the round the device may queue before asking the user to reconnect.
pub const OUTBOX_LIMIT: usize = 200;

/// Checks a form on the device before queueing it (the same rules as the server).
pub fn check_contact(form: &ContactForm) -> Result<(), crate::error::FieldErrors> {
    super::rules::validate_contact(form, chrono::Utc::now()).map(|_| ())
}

/// The message of a contact the server refused for good (not a lost connection).
pub fn refused(error: &AppError) -> bool {
    !matches!(error, AppError::Network(_) | AppError::Overloaded(_) | AppError::Internal(_) | AppError::Unauthorized)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_contact_is_a_phone_call_now() {
        let now = crate::time::parse_datetime_local("2026-12-05T10:15").unwrap();
        let blank = blank_contact(now, "k1".into());
        assert_eq!(blank.at, "2026-12-05T10:15");
        assert_eq!(blank.way, "phone");
        assert!(refused(&AppError::field("at", "x")));
        assert!(!refused(&AppError::Network("offline".into())));
    }
}
