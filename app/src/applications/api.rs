//! Server functions of the applications: the thin API between the pages and `repo`. Each checks
//! the caller's role first and writes the audit trail.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::applications::repo;
    pub use crate::applications::validate::validate_application;
    pub use crate::audit::ssr::{write as audit, Actor};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, with_status};
    pub use crate::state::db;
    pub use crate::time::local_today;
}

#[server(prefix = "/api", endpoint = "applications/list")]
pub async fn list_applications(query: ApplicationQuery) -> Result<ApplicationPage, AppError> {
    use ssr::*;
    let user = require(permissions::APPLICATIONS_READ)?;
    let db = db()?;
    let (applications, more) = with_status(repo::list(&db, &query, super::PAGE_LIMIT).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some("applications".into()),
        format!("Журнал регистрации заявлений: {}", query.describe()),
        vec![],
    )
    .await?;
    Ok(ApplicationPage { applications, more, can_register: user.has_any(permissions::APPLICATIONS_WRITE) })
}

/// An application for its page, with what the user may do with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationDetails {
    pub application: Application,
    /// Open a case from it or attach it to a case.
    pub can_link_case: bool,
}

#[server(prefix = "/api", endpoint = "applications/get")]
pub async fn get_application(id: String) -> Result<ApplicationDetails, AppError> {
    use ssr::*;
    let user = require(permissions::APPLICATIONS_READ)?;
    let db = db()?;
    let Some(application) = repo::get(&db, &id).await? else {
        return with_status(Err(AppError::NotFound("Заявление не найдено".into())));
    };
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some(format!("application:{id}")),
        format!("Заявление {}", application.label()),
        vec![],
    )
    .await?;
    Ok(ApplicationDetails { application, can_link_case: user.has_any(permissions::CASE_CREATE) })
}

/// A blank application: today's date, the user as the one who received it and gave consent today.
#[server(prefix = "/api", endpoint = "applications/blank")]
pub async fn blank_application() -> Result<ApplicationLists, AppError> {
    use ssr::*;
    let user = require(permissions::APPLICATIONS_WRITE)?;
    let db = db()?;
    let today = local_today(chrono::Utc::now()).format("%Y-%m-%d").to_string();
    let receivers = repo::receivers(&db).await?;
    let form = ApplicationForm {
        received_on: today.clone(),
        received_by: if receivers.iter().any(|r| r.id == user.id) { user.id.clone() } else { String::new() },
        applicant_kind: ApplicantKind::Citizen.code().to_string(),
        consent_on: today,
        ..Default::default()
    };
    Ok(ApplicationLists { form, districts: crate::districts::repo::list(&db).await?, receivers })
}

#[server(prefix = "/api", endpoint = "applications/register", input = Json)]
pub async fn register_application(form: ApplicationForm) -> Result<Application, AppError> {
    use ssr::*;
    let user = require(permissions::APPLICATIONS_WRITE)?;
    let today = local_today(chrono::Utc::now());
    let valid = with_status(validate_application(&form, today).map_err(AppError::Validation))?;
    let db = db()?;
    let application = with_status(repo::register(&db, &user, &valid).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Create,
        Some(format!("application:{}", application.id)),
        format!(
            "Зарегистрировано заявление {}: {}, услуги: {}",
            application.label(),
            application.citizen_name,
            application.services_line().to_lowercase()
        ),
        vec![],
    )
    .await?;
    Ok(application)
}

/// Applications of a period for the print view of the journal (A4 landscape).
#[server(prefix = "/api", endpoint = "applications/print")]
pub async fn print_applications(query: ApplicationQuery) -> Result<Vec<Application>, AppError> {
    use ssr::*;
    let user = require(permissions::APPLICATIONS_READ)?;
    let db = db()?;
    let applications = with_status(repo::period(&db, &query, super::PRINT_LIMIT + 1).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Print,
        Some("applications".into()),
        format!(
            "Печать журнала регистрации заявлений: {}, записей: {}",
            query.describe(),
            applications.len().min(super::PRINT_LIMIT)
        ),
        vec![],
    )
    .await?;
    Ok(applications)
}

/// The district options of the journal's filter.
#[server(prefix = "/api", endpoint = "applications/districts")]
pub async fn application_districts() -> Result<Vec<crate::districts::DistrictOption>, AppError> {
    use ssr::*;
    require(permissions::APPLICATIONS_READ)?;
    crate::districts::repo::list(&db()?).await
}
