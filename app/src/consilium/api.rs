//! Server functions of the social consilium: the head of the department (a supervisor) prepares a
//! session from the agenda, saves it, holds it — its decisions go onto the cases — and prints
//! its protocol.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::audit::ssr::{write as audit, Actor, AuditLine};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, with_status};
    pub use crate::consilium::repo;
    pub use crate::db::Db;
    pub use crate::error::AppError;
    pub use crate::keys::known as key;
    pub use crate::state::db;

    /// The agenda as of today: plans ending within [`super::AGENDA_DAYS`] working days or ended,
    /// and overdue activities.
    pub async fn agenda(db: &Db) -> Result<Vec<super::AgendaItem>, AppError> {
        let calendar = crate::cases::repo::calendar(db).await?;
        let today = crate::time::local_today(chrono::Utc::now());
        let soon = calendar.add_working_days(today, super::AGENDA_DAYS as u32);
        repo::agenda(db, &calendar, today, soon).await
    }
}

/// The sessions, the latest first, and how many cases the agenda holds today.
#[server(prefix = "/api", endpoint = "consilium/list", output = Json)]
pub async fn list_sessions() -> Result<(Vec<SessionSummary>, Vec<AgendaItem>), AppError> {
    use ssr::*;
    require(permissions::CONSILIUM)?;
    let db = db()?;
    Ok((repo::list(&db, 200).await?, agenda(&db).await?))
}

/// A session (none: a new one, dated today), with today's agenda and the staff to mark present.
#[server(prefix = "/api", endpoint = "consilium/get", output = Json)]
pub async fn get_session(id: Option<String>) -> Result<SessionDetails, AppError> {
    use ssr::*;
    let user = require(permissions::CONSILIUM)?;
    let db = db()?;
    let session = match id.as_deref().filter(|i| *i != "new") {
        Some(id) => Some(with_status(
            repo::get(&db, key(id)?).await?.ok_or_else(|| AppError::NotFound("Заседание не найдено".into())),
        )?),
        None => None,
    };
    let staff = crate::plans::repo::specialists(&db)
        .await?
        .into_iter()
        .map(|s| format!("{} {}", s.role, s.full_name))
        .collect();
    let blank = SessionContent {
        held_on: crate::time::format_iso_date(crate::time::local_today(chrono::Utc::now())),
        chair: format!("Заведующий отделением {}", user.full_name),
        present: vec![],
        cases: vec![],
    };
    Ok(SessionDetails { session, blank, agenda: agenda(&db).await?, staff, can_edit: true })
}

/// Saves a session being prepared (`id` none: registers it with the next protocol number).
#[server(prefix = "/api", endpoint = "consilium/save", input = Json, output = Json)]
pub async fn save_session(id: Option<String>, version: i64, content: SessionContent) -> Result<Session, AppError> {
    use ssr::*;
    let user = require(permissions::CONSILIUM)?;
    let db = db()?;
    let mut content = content;
    with_status(validate_session(&mut content))?;
    let id = match id {
        None => with_status(repo::create(&db, &user, &content).await)?,
        Some(id) => {
            let id = key(&id)?.to_string();
            with_status(repo::update(&db, &user, &id, version, &content).await)?;
            id
        }
    };
    let saved = repo::get(&db, &id).await?.ok_or_else(|| AppError::internal("consilium vanished"))?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("consilium:{id}")),
        format!("Социальный консилиум {}: повестка сохранена, случаев {}", saved.label(), saved.content.cases.len()),
        vec![],
    )
    .await?;
    Ok(saved)
}

/// Holds a saved session with its final content: each decision goes onto its case's history and
/// into the journal of control of the case's plan; an extension moves the plan's term.
#[server(prefix = "/api", endpoint = "consilium/hold", input = Json, output = Json)]
pub async fn hold_session(id: String, version: i64, content: SessionContent) -> Result<Session, AppError> {
    use ssr::*;
    let user = require(permissions::CONSILIUM)?;
    let db = db()?;
    let id = key(&id)?.to_string();
    let current =
        with_status(repo::get(&db, &id).await?.ok_or_else(|| AppError::NotFound("Заседание не найдено".into())))?;
    if current.status == SessionStatus::Held {
        return with_status(Err(AppError::Conflict(format!(
            "Заседание {} уже проведено ({}, {}).",
            current.label(),
            current.updated_by_name,
            crate::time::format_datetime(current.updated_at)
        ))));
    }
    let mut content = content;
    with_status(validate_session(&mut content))?;
    let today = crate::time::local_today(chrono::Utc::now());
    let held_on = crate::time::parse_date(&content.held_on).unwrap_or(today);
    if held_on > today {
        return with_status(Err(AppError::field(
            "held_on",
            "Заседание с будущей датой нельзя провести: сохраните повестку и проведите его в этот день",
        )));
    }
    // A plan can be extended only when it exists; the plan's term is read again, not trusted
    // from the form.
    let mut errors = crate::error::FieldErrors::new();
    for (i, c) in content.cases.iter_mut().enumerate() {
        if crate::cases::repo::row(&db, key(&c.case_id)?).await?.is_none() {
            errors.add(&format!("cases.{i}.decision"), format!("Случай № {} не найден", c.case_number));
            continue;
        }
        if c.decision == Decision::Extend {
            match crate::plans::repo::get(&db, &c.case_id).await? {
                None => errors.add(
                    &format!("cases.{i}.decision"),
                    format!("Случай № {}: у случая нет плана сопровождения — продлевать нечего", c.case_number),
                ),
                Some(route) => {
                    let term = crate::time::parse_date(&route.content.plan.term_until);
                    let until = crate::time::parse_date(&c.extend_until);
                    if let (Some(t), Some(u)) = (term, until) {
                        if u <= t {
                            errors.add(
                                &format!("cases.{i}.extend_until"),
                                format!(
                                    "Случай № {}: новый срок должен быть позже нынешнего срока плана ({})",
                                    c.case_number,
                                    crate::time::format_naive_date(t)
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
    with_status(errors.into_result())?;
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("consilium:{id}")),
        format!("Социальный консилиум {}: заседание проведено, решений {}", current.label(), content.cases.len()),
        vec![],
    );
    with_status(repo::hold(&db, &user, &id, version, &content, line, chrono::Utc::now()).await)?;
    // The plans: the decision into the journal of control, and the new term of an extension.
    for c in &content.cases {
        let text = format!("Социальный консилиум, протокол {}: {}", current.label(), decision_words(c));
        let until = (c.decision == Decision::Extend).then(|| crate::time::parse_date(&c.extend_until)).flatten();
        crate::plans::repo::record_decision(&db, &user, &c.case_id, held_on, &text, until).await?;
    }
    repo::get(&db, &id).await?.ok_or_else(|| AppError::internal("consilium vanished"))
}
