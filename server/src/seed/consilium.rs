//! The demo session of the social consilium: held a week ago by the head of the department with
//! the psychologist, the lawyer and a caseworker, on the first cases of the agenda — one plan
//! extended, one corrected, one continued — so that the decisions stand on the cases' history
//! and in their plans' journals of control. The wording is in `consilium.json`.

use super::common::SeedError;
use super::data;
use app::auth::{CurrentUser, Role};
use app::consilium::types::*;
use app::db::Db;
use chrono::{DateTime, Duration, Utc};

/// Holds the demo session when there is none yet; whether it did.
pub async fn seed_consilium(db: &Db, supervisor: &CurrentUser, now: DateTime<Utc>) -> Result<bool, SeedError> {
    if !app::consilium::repo::list(db, 1).await?.is_empty() {
        return Ok(false);
    }
    let texts = data::consilium();
    let calendar = app::cases::repo::calendar(db).await?;
    let today = app::time::local_today(now);
    let held_on = today - Duration::days(7);
    let soon = calendar.add_working_days(today, AGENDA_DAYS as u32);
    let agenda = app::consilium::repo::agenda(db, &calendar, today, soon).await?;
    if agenda.is_empty() {
        return Ok(false);
    }
    let staff = app::plans::repo::specialists(db).await?;
    let mut present: Vec<String> = [Role::Psychologist, Role::Lawyer, Role::Caseworker]
        .into_iter()
        .filter_map(|role| staff.iter().find(|s| s.role == role.label()))
        .map(|s| format!("{} {}", s.role, s.full_name))
        .collect();
    present.insert(0, format!("{} {}", Role::Supervisor.label(), supervisor.full_name));
    let cases = agenda
        .iter()
        .zip(&texts.decisions)
        .map(|(item, d)| {
            let mut c = item.considered();
            c.decision = Decision::from_code(&d.decision).unwrap_or_default();
            c.text = d.text.clone();
            if c.decision == Decision::Extend {
                let from = item.term_until.unwrap_or(held_on).max(held_on);
                c.extend_until = app::time::format_iso_date(from + Duration::days(d.extend_days.max(1)));
            }
            c
        })
        .collect();
    let mut content = SessionContent {
        held_on: app::time::format_iso_date(held_on),
        chair: format!("{} {}", texts.chair, supervisor.full_name),
        present,
        cases,
    };
    validate_session(&mut content).map_err(SeedError::App)?;
    let id = app::consilium::repo::create(db, supervisor, &content).await?;
    let audit = app::audit::ssr::AuditLine::new(
        &app::audit::ssr::Actor::user(supervisor),
        app::audit::AuditAction::Update,
        Some(format!("consilium:{id}")),
        "Демо-данные: заседание социального консилиума",
        vec![],
    );
    app::consilium::repo::hold(db, supervisor, &id, 1, &content, audit, now).await?;
    let label = app::consilium::repo::get(db, &id).await?.map(|s| s.label()).unwrap_or_default();
    for c in &content.cases {
        let text = format!("Социальный консилиум, протокол {label}: {}", decision_words(c));
        let until = app::time::parse_date(&c.extend_until);
        app::plans::repo::record_decision(db, supervisor, &c.case_id, held_on, &text, until).await?;
    }
    Ok(true)
}
