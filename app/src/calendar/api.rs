//! Server functions of the production calendar: any working role reads it, an administrator
//! edits the yearly exceptions. A change recomputes the deadlines of every open case.

use super::{CalendarException, DayKind};
use crate::error::{AppError, FieldErrors};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::audit::ssr::{write as audit, Actor};
    pub use crate::audit::AuditAction;
    pub use crate::auth::rules;
    pub use crate::auth::session::{current_user, require, with_status};
    pub use crate::calendar::repo;
    pub use crate::state::db;
}

/// A year of the calendar: its exceptions and every day off that is not a plain weekend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarYear {
    pub year: i32,
    pub exceptions: Vec<CalendarException>,
    pub days_off: Vec<NaiveDate>,
    /// Working days in the year, for a check against the official calendar.
    pub working_days: i64,
    pub can_edit: bool,
}

/// The exception form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionForm {
    pub date: String,
    pub kind: String,
    pub note: String,
}

/// Checks the form of an exception.
pub fn validate_exception(form: &ExceptionForm) -> Result<CalendarException, FieldErrors> {
    let mut errors = FieldErrors::new();
    let date = crate::time::parse_date(&form.date);
    match date {
        None => errors.add("date", "Укажите дату в формате ДД.ММ.ГГГГ"),
        Some(d) if !(2000..=2100).contains(&chrono::Datelike::year(&d)) => errors.add("date", "Проверьте год"),
        Some(_) => {}
    }
    let kind = DayKind::from_code(&form.kind);
    if kind.is_none() {
        errors.add("kind", "Выберите: выходной или рабочий день");
    }
    let note = form.note.trim().to_string();
    if note.chars().count() > 300 {
        errors.add("note", "Не больше 300 знаков");
    }
    match (date, kind, errors.is_empty()) {
        (Some(date), Some(kind), true) => Ok(CalendarException { date, kind, note }),
        _ => Err(errors),
    }
}

#[server(prefix = "/api", endpoint = "calendar/year")]
pub async fn load_calendar_year(year: i32) -> Result<CalendarYear, AppError> {
    use ssr::*;
    let user = current_user()?;
    if !(2000..=2100).contains(&year) {
        return with_status(Err(AppError::field("year", "Год от 2000 до 2100")));
    }
    let exceptions = repo::exceptions(&db()?).await?;
    let calendar = crate::calendar::ProductionCalendar::from_exceptions(&exceptions);
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    let working_days = calendar.working_days_between(first, last) + i64::from(calendar.is_working_day(first));
    Ok(CalendarYear {
        year,
        days_off: calendar.days_off_in(year),
        exceptions: exceptions.into_iter().filter(|e| chrono::Datelike::year(&e.date) == year).collect(),
        working_days,
        can_edit: user.has_any(rules::ADMINISTER),
    })
}

#[cfg(feature = "ssr")]
async fn after_change(summary: String) -> Result<(), AppError> {
    use ssr::*;
    let user = require(rules::ADMINISTER)?;
    let db = db()?;
    let calendar = crate::cases::repo::calendar(&db).await?;
    let recomputed = crate::cases::repo::recompute_deadlines(&db, &calendar).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some("calendar".into()),
        format!("{summary}; сроки пересчитаны для открытых случаев: {recomputed}"),
        vec![],
    )
    .await
}

#[server(prefix = "/api", endpoint = "calendar/save")]
pub async fn save_exception(form: ExceptionForm) -> Result<(), AppError> {
    use ssr::*;
    let user = require(rules::ADMINISTER)?;
    let exception = with_status(validate_exception(&form).map_err(AppError::Validation))?;
    repo::save(&db()?, &user, &exception).await?;
    after_change(format!(
        "Производственный календарь: {} — {}",
        crate::time::format_naive_date(exception.date),
        exception.kind.label()
    ))
    .await
}

#[server(prefix = "/api", endpoint = "calendar/remove")]
pub async fn remove_exception(date: String) -> Result<(), AppError> {
    use ssr::*;
    require(rules::ADMINISTER)?;
    let Some(date) = crate::time::parse_date(&date) else {
        return with_status(Err(AppError::field("date", "Укажите дату в формате ДД.ММ.ГГГГ")));
    };
    repo::remove(&db()?, date).await?;
    after_change(format!("Производственный календарь: исключение {} удалено", crate::time::format_naive_date(date)))
        .await
}
