//! Server functions of the needs card and the individual plan of a person 55+. Each checks the
//! role, keeps a caseworker to the people of her districts and writes its audit line in the same
//! transaction as the change.

use super::plan::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::audit::ssr::{write as audit, Actor, AuditLine};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, with_status};
    pub use crate::elders::{plan_repo, repo};
    pub use crate::state::db;
    pub use crate::time::local_today;
    pub use chrono::Utc;
}

/// A person who left the registry has no plan any more: what is there stays as it is.
#[cfg(feature = "ssr")]
fn in_registry(elder: &super::types::Elder) -> Result<(), AppError> {
    if elder.in_registry {
        Ok(())
    } else {
        Err(AppError::field("form", format!("«{}» выбыл(а) из реестра: план больше не ведётся", elder.full_name)))
    }
}

/// The person's needs card and plan of a period («2026-12», «2026-Q4», «2026»; empty: this
/// month) with the periods around and inside it, and what to add — the interests first.
#[server(prefix = "/api", endpoint = "elders/plan")]
pub async fn elder_plan(elder: String, period: String) -> Result<PlanPage, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let today = local_today(Utc::now());
    let chosen = match period.trim() {
        "" => Period::of(PeriodKind::Month, today),
        text => with_status(
            Period::parse(text).ok_or_else(|| AppError::field("period", "Период в виде 2026-12, 2026-Q4 или 2026")),
        )?,
    };
    let elder = with_status(repo::visible(&db, &user, &elder).await)?;
    let card = plan_repo::needs_card(&db, &elder.id).await?;
    let periods = chosen.related();
    let items = plan_repo::items(&db, &elder.id, &periods).await?;
    let suggested = if elder.in_registry {
        let mut sources = plan_repo::sources(&db, &elder.district_id, today).await?;
        let planned = plan_repo::planned_events(&db, &elder.id).await?;
        sources.events.retain(|e| !planned.contains(&e.id));
        let priorities = card.as_ref().map(|c| c.priorities.clone()).unwrap_or_default();
        suggestions(&elder.interests, &priorities, chosen, &sources, &items)
    } else {
        vec![]
    };
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some(format!("elder:{}", elder.id)),
        format!("Карта потребностей и план «{}» на {}", elder.full_name, chosen.words().to_lowercase()),
        vec![],
    )
    .await?;
    Ok(PlanPage {
        elder_id: elder.id,
        full_name: elder.full_name,
        birth_date: elder.birth_date,
        address: elder.address,
        district_name: elder.district_name,
        in_registry: elder.in_registry,
        interests: elder.interests,
        card,
        period: chosen.code(),
        periods: choices(&periods),
        current: Period::containing(today).iter().map(|p| p.code()).collect(),
        items,
        suggestions: suggested,
        printed_by: user.full_name,
    })
}

/// Saves the needs card (`version` 0: the first one) with the person's interests; the card's
/// new version.
#[server(prefix = "/api", endpoint = "elders/needs_save", input = Json)]
pub async fn save_needs(elder: String, version: i64, form: NeedsForm) -> Result<i64, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let valid = with_status(validate_needs(&form).map_err(AppError::Validation))?;
    let db = db()?;
    let elder = with_status(repo::visible(&db, &user, &elder).await)?;
    with_status(in_registry(&elder))?;
    let line = AuditLine::new(
        &Actor::user(&user),
        if version == 0 { AuditAction::Create } else { AuditAction::Update },
        Some(format!("elder:{}", elder.id)),
        format!(
            "Карта потребностей «{}»: интересы — {}",
            elder.full_name,
            if valid.interests.is_empty() {
                "не отмечены".to_string()
            } else {
                valid.interests.iter().map(|i| i.label().to_lowercase()).collect::<Vec<_>>().join("; ")
            }
        ),
        vec![],
    );
    with_status(plan_repo::save_needs(&db, &user, &elder, version, &valid, line).await)
}

/// Adds an item to the person's plan (`id` empty) or saves it; its key.
#[server(prefix = "/api", endpoint = "elders/plan_item_save", input = Json)]
pub async fn save_plan_item(elder: String, id: String, version: i64, form: PlanItemForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let today = local_today(Utc::now());
    let valid = with_status(validate_item(&form, today).map_err(AppError::Validation))?;
    let db = db()?;
    let person = with_status(repo::visible(&db, &user, &elder).await)?;
    with_status(in_registry(&person))?;
    let summary = format!(
        "План «{}» на {}: {} «{}»",
        person.full_name,
        valid.period.words().to_lowercase(),
        valid.kind.label().to_lowercase(),
        valid.title
    );
    if id.is_empty() {
        let line = AuditLine::new(
            &Actor::user(&user),
            AuditAction::Create,
            Some(format!("elder:{}", person.id)),
            summary,
            vec![],
        );
        return with_status(plan_repo::create_item(&db, &user, &person, &valid, line).await);
    }
    match plan_repo::item(&db, &id).await? {
        Some((of, _)) if of == person.id => {}
        _ => return with_status(Err(AppError::NotFound("Пункт плана не найден".into()))),
    }
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("elder_plan_item:{id}")),
        summary,
        vec![],
    );
    with_status(plan_repo::update_item(&db, &user, &person.id, &id, version, &valid, line).await)?;
    Ok(id)
}

/// An item of a person the user may see, or «not found».
#[cfg(feature = "ssr")]
async fn visible_item(
    db: &crate::db::Db,
    user: &crate::auth::CurrentUser,
    id: &str,
) -> Result<(super::types::Elder, PlanItem), AppError> {
    let missing = || AppError::NotFound("Пункт плана не найден".into());
    let (elder, item) = ssr::plan_repo::item(db, id).await?.ok_or_else(missing)?;
    let elder = ssr::repo::visible(db, user, &elder).await.map_err(|_| missing())?;
    Ok((elder, item))
}

/// Marks an item «done», «not_done», or takes the mark off (empty).
#[server(prefix = "/api", endpoint = "elders/plan_item_mark")]
pub async fn mark_plan_item(id: String, version: i64, done: String) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let done = match done.as_str() {
        "done" => Some(true),
        "not_done" => Some(false),
        "" => None,
        _ => return with_status(Err(AppError::field("done", "Отметьте: выполнено или не выполнено"))),
    };
    let db = db()?;
    let (elder, item) = with_status(visible_item(&db, &user, &id).await)?;
    with_status(in_registry(&elder))?;
    let words = match done {
        Some(true) => "выполнено",
        Some(false) => "не выполнено",
        None => "отметка снята",
    };
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("elder_plan_item:{}", item.id)),
        format!("План «{}»: «{}» — {words}", elder.full_name, item.title),
        vec![],
    );
    with_status(plan_repo::mark_item(&db, &user, &item.id, version, done, line).await)
}

/// Deletes an item of the plan.
#[server(prefix = "/api", endpoint = "elders/plan_item_delete")]
pub async fn delete_plan_item(id: String, version: i64) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::ELDERS)?;
    let db = db()?;
    let (elder, item) = with_status(visible_item(&db, &user, &id).await)?;
    with_status(in_registry(&elder))?;
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("elder:{}", elder.id)),
        format!("План «{}» на {}: удалён пункт «{}»", elder.full_name, item.period, item.title),
        vec![],
    );
    with_status(plan_repo::delete_item(&db, &item.id, version, line).await)
}
