//! Server functions of the events grid, the interest groups and the invitations. Events are the
//! town's, shared by the department; whom a caseworker informs and marks are the people of her
//! districts.

use super::events::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::audit::ssr::{write as audit, Actor};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, with_status};
    pub use crate::elders::{events_repo as repo, repo as registry};
    pub use crate::state::db;
    pub use chrono::Utc;
}

/// Most people the event page suggests at once.
pub const SUGGEST_LIMIT: usize = 300;

/// Checks (`apply` false) or loads a plan of events from an Excel or CSV file sent as base64:
/// every problem by row first, then all the new events at once.
#[server(prefix = "/api", endpoint = "elders/events_import", input = Json, output = Json)]
pub async fn import_events(
    file_name: String,
    data: String,
    apply: bool,
) -> Result<crate::components::import::ImportReport, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let line = |report: &crate::components::import::ImportReport| {
        crate::audit::ssr::AuditLine::new(
            &Actor::user(&user),
            AuditAction::Create,
            None,
            format!(
                "Загрузка плана мероприятий 55+ «{file_name}»: добавлено {}, уже были {}",
                report.created, report.unchanged
            ),
            vec![],
        )
    };
    with_status(crate::elders::events_import::run(&db, &user, &file_name, &data, apply, line).await)
}

/// The events of a month («2026-12»; empty: this month) and the interest groups.
#[server(prefix = "/api", endpoint = "elders/events")]
pub async fn month_events(month: String) -> Result<EventsPage, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let today = crate::time::local_today(Utc::now());
    let first = match month.trim() {
        "" => super::rules::month_start(today),
        text => with_status(parse_month(text).ok_or_else(|| AppError::field("month", "Месяц в виде 2026-12")))?,
    };
    let last = first.checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(first);
    let districts = registry::Scope::of(&db, &user).await?.keys();
    Ok(EventsPage {
        month: Some(first),
        events: repo::events_between(&db, first, last, &districts).await?,
        groups: repo::groups(&db, &districts).await?,
    })
}

/// Adds an event to the grid (`id` empty) or saves it; its key.
#[server(prefix = "/api", endpoint = "elders/event_save", input = Json)]
pub async fn save_event(id: String, version: i64, form: EventForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let valid = with_status(validate_event(&form).map_err(AppError::Validation))?;
    let db = db()?;
    if !id.is_empty() && repo::event(&db, &id, &[]).await?.is_none() {
        return with_status(Err(AppError::NotFound("Мероприятие не найдено".into())));
    }
    let saved = with_status(repo::save_event(&db, &user, &id, version, &valid).await)?;
    audit(
        &db,
        &Actor::user(&user),
        if id.is_empty() { AuditAction::Create } else { AuditAction::Update },
        Some(format!("elder_event:{saved}")),
        format!("Мероприятие для граждан 55+: {}", valid.title),
        vec![],
    )
    .await?;
    Ok(saved)
}

/// An event with who was informed and who else it suits (of the user's districts).
#[server(prefix = "/api", endpoint = "elders/event")]
pub async fn get_event(id: String) -> Result<EventDetails, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let districts = registry::Scope::of(&db, &user).await?.keys();
    let event = with_status(
        repo::event(&db, &id, &districts).await?.ok_or_else(|| AppError::NotFound("Мероприятие не найдено".into())),
    )?;
    let invited = repo::invited(&db, &event.id, &districts).await?;
    let groups = repo::groups(&db, &districts).await?;
    let suits: Vec<String> = event.suits.iter().map(|s| s.code().to_string()).collect();
    let themed: Vec<String> = groups.iter().filter(|g| event.suits.contains(&g.theme)).map(|g| g.id.clone()).collect();
    let (mut suggested, more) = registry::matching(&db, &districts, &suits, &themed, SUGGEST_LIMIT).await?;
    suggested.retain(|p| !invited.iter().any(|i| i.elder.id == p.id));
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some("elders".into()),
        format!("Мероприятие «{}»: приглашённые и кому подходит", event.title),
        vec![],
    )
    .await?;
    Ok(EventDetails { started: event.starts_at <= Utc::now(), event, invited, suggested, more, groups })
}

/// Records that people were informed of an event: one person (`elder`) or a whole interest
/// group (`group`); how many were added.
#[server(prefix = "/api", endpoint = "elders/inform")]
pub async fn inform(event: String, elder: String, group: String, way: String) -> Result<usize, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let Some(way) = InformWay::from_code(&way) else {
        return with_status(Err(AppError::field("way", "Выберите, как сообщили о мероприятии")));
    };
    let districts = registry::Scope::of(&db, &user).await?.keys();
    let Some(found) = repo::event(&db, &event, &districts).await? else {
        return with_status(Err(AppError::NotFound("Мероприятие не найдено".into())));
    };
    let people = if !group.is_empty() {
        if !repo::group_exists(&db, &group).await? {
            return with_status(Err(AppError::NotFound("Группа не найдена".into())));
        }
        repo::members(&db, &group, &districts).await?.into_iter().map(|p| (p.id, p.district_id)).collect()
    } else {
        let person = with_status(registry::visible(&db, &user, &elder).await)?;
        if !person.in_registry {
            return with_status(Err(AppError::field(
                "elder",
                format!("«{}» выбыл(а) из реестра: о мероприятии не сообщают", person.full_name),
            )));
        }
        vec![(person.id, person.district_id)]
    };
    let added = repo::inform(&db, &user, &found.id, &people, way).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some("elders".into()),
        format!("Мероприятие «{}»: проинформировано {added} ({})", found.title, way.label().to_lowercase()),
        vec![],
    )
    .await?;
    Ok(added)
}

/// Marks whether an informed person came to an event.
#[server(prefix = "/api", endpoint = "elders/attend")]
pub async fn attend(event: String, elder: String, attended: bool) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let person = with_status(registry::visible(&db, &user, &elder).await)?;
    let Some(found) = repo::event(&db, &event, &[]).await? else {
        return with_status(Err(AppError::NotFound("Мероприятие не найдено".into())));
    };
    if found.starts_at > Utc::now() {
        return with_status(Err(AppError::field(
            "attended",
            "Мероприятие ещё не началось: отметить пришедших можно после начала",
        )));
    }
    if !repo::attend(&db, &found.id, &person.id, attended).await? {
        return with_status(Err(AppError::field(
            "attended",
            format!("«{}» не был(а) приглашён(а): сначала отметьте, что сообщили о мероприятии", person.full_name),
        )));
    }
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("elder:{}", person.id)),
        format!(
            "Мероприятие «{}»: «{}» {}",
            found.title,
            person.full_name,
            if attended { "пришёл(ла)" } else { "не пришёл(ла)" }
        ),
        vec![],
    )
    .await?;
    Ok(())
}

/// Creates an interest group; its key.
#[server(prefix = "/api", endpoint = "elders/group_save", input = Json)]
pub async fn save_group(form: GroupForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let (name, theme, leader) = with_status(validate_group(&form).map_err(AppError::Validation))?;
    let db = db()?;
    let id = with_status(repo::create_group(&db, &user, &name, theme, &leader).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Create,
        Some(format!("elder_group:{id}")),
        format!("Группа по интересам «{name}»"),
        vec![],
    )
    .await?;
    Ok(id)
}

/// Puts a person into an interest group or takes them out.
#[server(prefix = "/api", endpoint = "elders/join")]
pub async fn join_group(elder: String, group: String, member: bool) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let person = with_status(registry::visible(&db, &user, &elder).await)?;
    if !repo::group_exists(&db, &group).await? {
        return with_status(Err(AppError::NotFound("Группа не найдена".into())));
    }
    repo::set_member(&db, &person.id, &group, member).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("elder:{}", person.id)),
        format!(
            "«{}» {} группы по интересам",
            person.full_name,
            if member { "включен(а) в состав" } else { "выведен(а) из" }
        ),
        vec![],
    )
    .await?;
    Ok(())
}

/// A person's events, safety-school topics and groups, for the card.
#[server(prefix = "/api", endpoint = "elders/person_events")]
pub async fn events_of_person(elder: String) -> Result<PersonEvents, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let person = with_status(registry::visible(&db, &user, &elder).await)?;
    let districts = registry::Scope::of(&db, &user).await?.keys();
    repo::person_events(&db, &person.id, &districts).await
}
