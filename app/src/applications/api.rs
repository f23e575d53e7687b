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
    /// Correct it (with the reason, kept in its history).
    #[serde(default)]
    pub can_correct: bool,
    /// Its corrections, oldest first.
    #[serde(default)]
    pub history: Vec<ApplicationChange>,
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
    Ok(ApplicationDetails {
        history: repo::history(&db, &application.id).await?,
        application,
        can_link_case: user.has_any(permissions::CASE_CREATE),
        can_correct: user.has_any(permissions::APPLICATIONS_WRITE),
    })
}

/// A registered application opened for a correction: its fields as stored and the lists.
#[server(prefix = "/api", endpoint = "applications/correction")]
pub async fn correction_of_application(id: String) -> Result<ApplicationCorrection, AppError> {
    use ssr::*;
    require(permissions::APPLICATIONS_WRITE)?;
    let db = db()?;
    let Some(application) = repo::get(&db, &id).await? else {
        return with_status(Err(AppError::NotFound("Заявление не найдено".into())));
    };
    Ok(ApplicationCorrection {
        id: application.id.clone(),
        label: application.label(),
        version: application.version,
        date_locked: application.case_id.is_some(),
        lists: ApplicationLists {
            form: application.to_form(),
            districts: crate::districts::repo::list(&db).await?,
            receivers: repo::receivers(&db).await?,
        },
    })
}

/// Corrects a registered application: checked like a new one, with the reason of the
/// correction; refused when someone corrected it since `version`.
#[server(prefix = "/api", endpoint = "applications/correct", input = Json)]
pub async fn correct_application(
    id: String,
    version: i64,
    form: ApplicationForm,
    reason: String,
) -> Result<Application, AppError> {
    use ssr::*;
    let user = require(permissions::APPLICATIONS_WRITE)?;
    let db = db()?;
    let Some(before) = repo::get(&db, &id).await? else {
        return with_status(Err(AppError::NotFound("Заявление не найдено".into())));
    };
    let today = local_today(chrono::Utc::now());
    let reason = reason.trim().to_string();
    let checked = validate_application(&form, today);
    let mut errors = checked.clone().err().unwrap_or_default();
    if reason.is_empty() {
        errors.add("reason", "Укажите причину исправления: что было записано неверно");
    } else if reason.chars().count() > 1000 {
        errors.add("reason", "Причина — не длиннее 1000 знаков");
    }
    with_status(errors.into_result())?;
    let Ok(valid) = checked else { return with_status(Err(AppError::internal("validation"))) };
    let label = before.label();
    let line = |fields: &[ChangedField]| {
        crate::audit::ssr::AuditLine::new(
            &Actor::user(&user),
            AuditAction::Update,
            Some(format!("application:{id}")),
            format!(
                "Исправлено заявление {label} ({}): {}",
                reason,
                fields.iter().map(|f| f.label.to_lowercase()).collect::<Vec<_>>().join(", ")
            ),
            vec![],
        )
    };
    with_status(repo::correct(&db, &user, &before, version, &valid, &reason, line).await)
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
