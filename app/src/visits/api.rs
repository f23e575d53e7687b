//! Server functions of visits. A caseworker sees her own day; a supervisor any caseworker's.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::audit::ssr::{write as audit, Actor};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, with_status};
    pub use crate::auth::Role;
    pub use crate::error::AppError;
    pub use crate::state::db;
    pub use crate::visits::repo;

    pub use crate::keys::known as key;
}

/// A caseworker's visits of a day (`day` «YYYY-MM-DD», empty: today).
#[server(prefix = "/api", endpoint = "visits/day", output = Json)]
pub async fn load_visit_day(caseworker: String, day: String) -> Result<VisitDay, AppError> {
    use ssr::*;
    let user = require(permissions::VISITS)?;
    let db = db()?;
    let day = match day.trim() {
        "" => crate::time::local_today(chrono::Utc::now()),
        value => with_status(
            crate::time::parse_date(value).ok_or_else(|| AppError::field("day", "Дата в формате ДД.ММ.ГГГГ")),
        )?,
    };
    let staff: Vec<(String, String)> = crate::cases::repo::staff(&db)
        .await?
        .into_iter()
        .filter(|s| s.caseworker)
        .map(|s| (s.id, s.full_name))
        .collect();
    // A caseworker's own day; a supervisor chooses whose.
    let whose = if user.has(Role::Supervisor) && !caseworker.is_empty() {
        staff.iter().find(|(id, _)| *id == caseworker).cloned()
    } else {
        None
    };
    let (caseworker, caseworker_name) = whose.unwrap_or_else(|| (user.id.clone(), user.full_name.clone()));
    let visits = repo::day(&db, &caseworker, day).await?;
    // Addresses and phones of families: a read of personal data.
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some(format!("user:{caseworker}")),
        format!("Выезды на {} ({caseworker_name}): семей {}", crate::time::format_naive_date(day), visits.len()),
        vec![],
    )
    .await?;
    Ok(VisitDay {
        day,
        caseworker,
        caseworker_name,
        visits,
        caseworkers: if user.has(Role::Supervisor) { staff } else { vec![] },
    })
}

/// The visits of a case.
#[server(prefix = "/api", endpoint = "visits/for_case", output = Json)]
pub async fn case_visits(case_id: String) -> Result<Vec<Visit>, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_READ)?;
    let db = db()?;
    let row = with_status(crate::cases::repo::visible_row(&db, &user, key(&case_id)?).await)?;
    let visits = repo::for_case(&db, &case_id).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some(format!("case_file:{case_id}")),
        format!("Выезды по случаю {}", row.label()),
        vec![],
    )
    .await?;
    Ok(visits)
}

/// Plans a visit to a case; its key. The curator goes unless another caseworker is named.
#[server(prefix = "/api", endpoint = "visits/plan", input = Json, output = Json)]
pub async fn plan_visit(case_id: String, form: VisitForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_WORK)?;
    let db = db()?;
    let row = with_status(crate::cases::repo::visible_row(&db, &user, key(&case_id)?).await)?;
    let visit = with_status(validate_visit(&form, chrono::Utc::now()).map_err(AppError::Validation))?;
    let staff = crate::cases::repo::staff(&db).await?;
    let wanted = if !form.caseworker.trim().is_empty() {
        Some(form.caseworker.trim().to_string())
    } else {
        row.curator_key().or_else(|| user.has(Role::Caseworker).then(|| user.id.clone()))
    };
    let Some(caseworker) = wanted.and_then(|id| staff.into_iter().find(|s| s.id == id && s.caseworker)) else {
        return with_status(Err(AppError::field("caseworker", "Выберите специалиста, который поедет")));
    };
    if caseworker.id != user.id
        && !user.has(Role::Supervisor)
        && row.curator_key().as_deref() != Some(caseworker.id.as_str())
    {
        return with_status(Err(AppError::field(
            "caseworker",
            "Планировать выезды другим специалистам может заведующий",
        )));
    }
    let id =
        repo::plan(&db, &user, &case_id, (&caseworker.id, &caseworker.full_name), &visit, chrono::Utc::now()).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Create,
        Some(format!("visit:{id}")),
        format!(
            "Выезд {} к случаю {case_id}: {}",
            crate::time::format_datetime(visit.planned_at),
            caseworker.full_name
        ),
        vec![],
    )
    .await?;
    Ok(id)
}

/// Marks a visit done, cancelled or planned again; the new version.
#[server(prefix = "/api", endpoint = "visits/status", input = Json, output = Json)]
pub async fn set_visit_status(id: String, version: i64, status: VisitStatus) -> Result<i64, AppError> {
    use ssr::*;
    let user = require(permissions::CASE_WORK)?;
    let db = db()?;
    let (visit, caseworker) =
        with_status(repo::get(&db, key(&id)?).await?.ok_or_else(|| AppError::NotFound("Выезд не найден".into())))?;
    if caseworker != user.id && !user.has(Role::Supervisor) {
        return with_status(Err(AppError::Forbidden(
            "Отмечать выезд может специалист, который едет, или заведующий".into(),
        )));
    }
    let version = with_status(repo::set_status(&db, &user, &id, version, status, chrono::Utc::now()).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("visit:{id}")),
        format!("Выезд к случаю № {}: {}", visit.case_number, status.label()),
        vec![],
    )
    .await?;
    Ok(version)
}
