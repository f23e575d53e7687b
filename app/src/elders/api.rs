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
    /// The user may open a case of social support for the person («Открыть случай»).
    #[serde(default)]
    pub can_open_case: bool,
    /// The needs found at the contacts, the newest first.
    #[serde(default)]
    pub needs: Vec<Need>,
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

/// The month's figures of the user's districts for the home page: «в этом месяце: 212 из 340».
#[server(prefix = "/api", endpoint = "elders/month")]
pub async fn month_counter() -> Result<MonthFigures, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let today = local_today(Utc::now());
    let scope = repo::Scope::of(&db, &user).await?;
    Ok(MonthFigures { tallies: repo::month_tallies(&db, &scope.mine, today).await?, month: month_words(today) })
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
        needs: repo::needs_of(&db, &elder.id, 50).await?,
        can_open_case: user.has_any(permissions::CASE_CREATE) && elder.case_id.is_none() && elder.in_registry,
        elder,
        blank_contact: blank_contact(Utc::now(), String::new()),
    })
}

/// The new-case form for a person of the registry: a citizen's case with the person as the
/// applicant, the address, district and phone from the card, found at the «дворовый» round,
/// and the needs found at the contacts in the notes.
#[server(prefix = "/api", endpoint = "elders/blank_case")]
pub async fn blank_case_for(id: String) -> Result<crate::cases::api::NewCase, AppError> {
    use crate::cases::types::{CaseKind, MemberForm, Relation, Source};
    use ssr::*;
    require(permissions::ELDERS)?;
    let db = db()?;
    let elder = with_status(repo::visible(&db, &require(permissions::CASE_CREATE)?, &id).await)?;
    if let Some(label) = &elder.case_label {
        return with_status(Err(AppError::Conflict(format!(
            "У «{}» уже есть случай сопровождения № {label}",
            elder.full_name
        ))));
    }
    let mut new = crate::cases::api::blank_case(String::new(), String::new()).await?;
    let needs: Vec<String> = repo::contacts(&db, &elder.id, 100)
        .await?
        .into_iter()
        .filter_map(|c| c.need.map(|need| format!("{}: {need}", crate::time::format_date(c.at))))
        .collect();
    let form = &mut new.form;
    form.kind = CaseKind::Citizen.code().to_string();
    form.title = elder.full_name.clone();
    form.members = vec![MemberForm {
        full_name: elder.full_name.clone(),
        birth_date: crate::time::format_iso_date(elder.birth_date),
        relation: Relation::Applicant.code().to_string(),
        categories: vec![],
    }];
    form.address = elder.address.clone();
    form.district = elder.district_id.clone();
    form.phone = elder.phones.first().map(|p| crate::phone::format_phone(p)).unwrap_or_default();
    form.source = Source::Round.code().to_string();
    form.source_detail = format!("Реестр 55+, {}", elder.district_name);
    form.notes = if needs.is_empty() {
        String::new()
    } else {
        format!("Выявлено при контактах «дворового» управления:\n{}", needs.join("\n"))
    };
    Ok(new)
}

/// Links the case opened for a person to the card, so that the registry shows it.
#[server(prefix = "/api", endpoint = "elders/link_case")]
pub async fn link_case(id: String, case_id: String) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let elder = with_status(repo::visible(&db, &user, &id).await)?;
    let case = with_status(crate::cases::repo::visible_row(&db, &user, &case_id).await)?;
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("elder:{}", elder.id)),
        format!("Реестр 55+ «{}»: открыт случай сопровождения № {}", elder.full_name, case.label()),
        vec![],
    );
    with_status(repo::link_case(&db, &user, &elder.id, &case_id, line).await)
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

/// Most people of one district the round reads.
pub const WALK_LIMIT: usize = 10_000;

/// The door-to-door round of a district (the user's first when not said): its streets, the
/// houses of the street chosen and the people in the houses chosen.
#[server(prefix = "/api", endpoint = "elders/walk")]
pub async fn walk(query: super::walk::WalkQuery) -> Result<super::walk::WalkPage, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let today = local_today(Utc::now());
    let scope = repo::Scope::of(&db, &user).await?;
    let district = if query.district.is_empty() {
        scope.mine.first().map(|d| d.id.clone()).unwrap_or_default()
    } else {
        query.district.clone()
    };
    let keys = if district.is_empty() { vec![] } else { with_status(scope.read(&district))? };
    let registry = RegistryQuery { district: district.clone(), ..Default::default() };
    let (people, _) = with_status(repo::list(&db, &keys, &registry, today, WALK_LIMIT).await)?;
    let houses = query.houses();
    let (streets, house_tallies, doors) = super::walk::walk(people, &query.street, &houses, |p| {
        super::rules::contacted_this_month(p.last_contact_on, today)
    });
    if !query.street.is_empty() {
        audit(
            &db,
            &Actor::user(&user),
            AuditAction::View,
            Some("elders".into()),
            format!("Поквартирный обход (реестр 55+): {}, показано {}", query.street, doors.len()),
            vec![],
        )
        .await?;
    }
    Ok(super::walk::WalkPage {
        districts: scope.mine,
        district,
        street: query.street,
        houses_chosen: houses,
        streets,
        houses: house_tallies,
        doors,
        month: month_words(today),
    })
}

/// Most open needs one page shows.
pub const NEEDS_LIMIT: usize = 300;

/// The open needs of the user's districts (or of `district`), the oldest first: the tasks the
/// contacts found.
#[server(prefix = "/api", endpoint = "elders/needs")]
pub async fn open_needs(district: String) -> Result<NeedsPage, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let scope = repo::Scope::of(&db, &user).await?;
    let districts = with_status(scope.read(&district))?;
    let (needs, more) = repo::open_needs(&db, &districts, NEEDS_LIMIT).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some("elders".into()),
        format!("Потребности в работе (реестр 55+), показано {}", needs.len()),
        vec![],
    )
    .await?;
    Ok(NeedsPage { needs, more, districts: scope.mine, can_open_case: user.has_any(permissions::CASE_CREATE) })
}

/// Closes a need found at a contact with what became of it (`outcome` a code of `NeedOutcome`)
/// and, when said, how.
#[server(prefix = "/api", endpoint = "elders/close_need")]
pub async fn close_need(id: String, outcome: String, note: String) -> Result<Need, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let Some(elder) = repo::need_elder(&db, &id).await? else {
        return with_status(Err(AppError::NotFound("Потребность не найдена".into())));
    };
    let elder = with_status(repo::visible(&db, &user, &elder).await)?;
    let mut errors = crate::error::FieldErrors::new();
    let outcome = NeedOutcome::from_code(&outcome);
    if outcome.is_none() {
        errors.add("outcome", "Выберите, чем закончилось");
    }
    let note = crate::validation::optional_text(&note);
    if let Some(n) = &note {
        crate::validation::check_len(&mut errors, "note", n, 2000);
        crate::validation::check_printable(&mut errors, "note", n);
    }
    with_status(errors.into_result())?;
    let outcome = outcome.ok_or_else(|| AppError::internal("outcome checked above"))?;
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("elder:{}", elder.id)),
        format!("Реестр 55+ «{}»: потребность закрыта — {}", elder.full_name, outcome.label().to_lowercase()),
        vec![],
    );
    with_status(repo::close_need(&db, &user, &id, outcome, note, line).await)
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
