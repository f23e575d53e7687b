//! Editing the production calendar (the administrator's): the yearly exceptions, a year
//! imported from an official file, a year confirmed or cleared. Every change recomputes the
//! deadlines of the open cases and says how many moved.

use crate::calendar::{CalendarException, DayChange, DayKind};
use crate::error::{AppError, FieldErrors};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::audit::ssr::{write as audit, Actor};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, with_status};
    pub use crate::calendar::api::check_year;
    pub use crate::calendar::{official, repo};
    pub use crate::state::db;
}

/// The exception form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionForm {
    pub date: String,
    pub kind: String,
    pub note: String,
    /// For a day off: the day whose day off is moved here (may be empty).
    #[serde(default)]
    pub moved_from: String,
}

/// What importing a file would do to a year, shown before anything changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub year: i32,
    pub changes: Vec<DayChange>,
    pub working_days_before: i64,
    pub working_days_after: i64,
    /// Transfers and other exceptions the year will have.
    pub exceptions: Vec<CalendarException>,
}

/// What a change of the calendar did to the open cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recomputed {
    /// Days of the year whose kind changed.
    pub changed_days: usize,
    /// Open cases whose nearest deadline moved.
    pub moved_deadlines: usize,
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
    let moved_from = match form.moved_from.trim() {
        "" => None,
        text => match crate::time::parse_date(text) {
            None => {
                errors.add("moved_from", "Укажите дату в формате ДД.ММ.ГГГГ или оставьте поле пустым");
                None
            }
            Some(_) if kind == Some(DayKind::WorkingDay) => {
                errors.add("moved_from", "Перенос указывают только для выходного дня");
                None
            }
            Some(from) if Some(from) == date => {
                errors.add("moved_from", "День не переносится сам на себя");
                None
            }
            Some(from) => Some(from),
        },
    };
    match (date, kind, errors.is_empty()) {
        (Some(date), Some(kind), true) => Ok(CalendarException { date, kind, note, moved_from }),
        _ => Err(errors),
    }
}

/// Recomputes the open cases' deadlines after a change, and writes the change to the audit.
#[cfg(feature = "ssr")]
async fn after_change(
    user: &crate::auth::CurrentUser,
    before: &crate::calendar::ProductionCalendar,
    year: i32,
    summary: String,
) -> Result<Recomputed, AppError> {
    use ssr::*;
    let db = db()?;
    let calendar = repo::load(&db).await?;
    let changed_days = official::changes(before, &calendar, year).len();
    let moved_deadlines = crate::cases::repo::recompute_deadlines(&db, &calendar).await?;
    audit(
        &db,
        &Actor::user(user),
        AuditAction::Update,
        Some("calendar".into()),
        format!("{summary}; изменилось дней: {changed_days}; сроки пересчитаны, изменились у открытых случаев: {moved_deadlines}"),
        vec![],
    )
    .await?;
    Ok(Recomputed { changed_days, moved_deadlines })
}

#[server(prefix = "/api", endpoint = "calendar/save")]
pub async fn save_exception(form: ExceptionForm) -> Result<Recomputed, AppError> {
    use ssr::*;
    let user = require(permissions::ADMINISTER)?;
    let exception = with_status(validate_exception(&form).map_err(AppError::Validation))?;
    let db = db()?;
    let before = repo::load(&db).await?;
    repo::save(&db, &user.full_name, &exception).await?;
    after_change(
        &user,
        &before,
        chrono::Datelike::year(&exception.date),
        format!(
            "Производственный календарь: {} — {}",
            crate::time::format_naive_date(exception.date),
            exception.kind.label()
        ),
    )
    .await
}

#[server(prefix = "/api", endpoint = "calendar/remove")]
pub async fn remove_exception(date: String) -> Result<Recomputed, AppError> {
    use ssr::*;
    let user = require(permissions::ADMINISTER)?;
    let Some(date) = crate::time::parse_date(&date) else {
        return with_status(Err(AppError::field("date", "Укажите дату в формате ДД.ММ.ГГГГ")));
    };
    let db = db()?;
    let before = repo::load(&db).await?;
    repo::remove(&db, date).await?;
    after_change(
        &user,
        &before,
        chrono::Datelike::year(&date),
        format!("Производственный календарь: исключение {} удалено", crate::time::format_naive_date(date)),
    )
    .await
}

/// Reads a year from an uploaded file; the message names the line when the file is wrong.
#[cfg(feature = "ssr")]
fn read_file(year: i32, content: &str) -> Result<Vec<CalendarException>, AppError> {
    use base64::Engine;
    if content.len() > 2 * ssr::official::MAX_FILE_BYTES {
        return Err(AppError::field("file", "Файл слишком большой для производственного календаря (больше 256 КБ)"));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content.trim())
        .map_err(|_| AppError::field("file", "Файл не прочитан: загрузите его ещё раз"))?;
    let text = crate::textfile::decode_text(&bytes).map_err(|e| AppError::field("file", e))?;
    let official = ssr::official::read_year(&text, year).map_err(|e| AppError::field("file", e.to_string()))?;
    Ok(ssr::official::exceptions_for(&official, ""))
}

/// What importing `content` (the file, base64) into `year` would change: nothing is saved.
#[server(prefix = "/api", endpoint = "calendar/import/check")]
pub async fn preview_import(year: i32, content: String) -> Result<ImportPreview, AppError> {
    use ssr::*;
    require(permissions::ADMINISTER)?;
    with_status(check_year(year))?;
    let exceptions = with_status(read_file(year, &content))?;
    let db = db()?;
    let before = repo::load(&db).await?;
    // The calendar as it will be: the other years' exceptions kept, this year's replaced.
    let mut all: Vec<CalendarException> =
        repo::exceptions(&db).await?.into_iter().filter(|e| chrono::Datelike::year(&e.date) != year).collect();
    all.extend(exceptions.iter().cloned());
    let after = crate::calendar::ProductionCalendar::from_exceptions(&all);
    Ok(ImportPreview {
        year,
        changes: official::changes(&before, &after, year),
        working_days_before: before.working_days_in(year),
        working_days_after: after.working_days_in(year),
        exceptions,
    })
}

/// Imports a year from an official file: its exceptions replace the year's, the year becomes
/// official, and the deadlines are recomputed.
#[server(prefix = "/api", endpoint = "calendar/import")]
pub async fn import_year(year: i32, file_name: String, content: String) -> Result<Recomputed, AppError> {
    use ssr::*;
    let user = require(permissions::ADMINISTER)?;
    with_status(check_year(year))?;
    let exceptions = with_status(read_file(year, &content))?;
    let name: String = file_name.chars().filter(|c| !c.is_control()).take(120).collect();
    let db = db()?;
    let before = repo::load(&db).await?;
    let stamp = crate::time::format_date(chrono::Utc::now());
    let source = format!("Загружен из файла «{name}» {stamp}");
    repo::replace_year(&db, &user.full_name, year, &exceptions, &source).await?;
    after_change(&user, &before, year, format!("Производственный календарь на {year} год загружен из файла «{name}»"))
        .await
}

/// Marks a year as checked against the decree (its transfers were entered by hand).
#[server(prefix = "/api", endpoint = "calendar/confirm")]
pub async fn confirm_year(year: i32, decree: String) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::ADMINISTER)?;
    with_status(check_year(year))?;
    let decree = decree.trim().to_string();
    if decree.is_empty() {
        return with_status(Err(AppError::field("decree", "Укажите постановление, с которым сверен календарь")));
    }
    if decree.chars().count() > 300 {
        return with_status(Err(AppError::field("decree", "Не больше 300 знаков")));
    }
    let db = db()?;
    repo::mark_official(&db, &user.full_name, year, &decree).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::Update,
        Some("calendar".into()),
        format!("Производственный календарь на {year} год сверен: {decree}"),
        vec![],
    )
    .await
}

/// Removes a year's transfers and its official mark: the year is counted by the statute alone.
#[server(prefix = "/api", endpoint = "calendar/clear")]
pub async fn clear_year(year: i32) -> Result<Recomputed, AppError> {
    use ssr::*;
    let user = require(permissions::ADMINISTER)?;
    with_status(check_year(year))?;
    let db = db()?;
    let before = repo::load(&db).await?;
    repo::clear_year(&db, year).await?;
    after_change(&user, &before, year, format!("Производственный календарь: данные {year} года убраны")).await
}
