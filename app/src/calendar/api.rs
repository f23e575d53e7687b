//! Reading the production calendar: a year with its days off (any signed-in role), and the
//! warning about a year without official data. Editing is the administrator's
//! (`admin::calendar_api`), because every change recomputes the open cases' deadlines.

use super::CalendarException;
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::auth::permissions;
    pub use crate::auth::session::{current_user, with_status};
    pub use crate::calendar::repo;
    pub use crate::state::db;
}

/// Who checked a year against the decree, and from what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficialSource {
    pub source: String,
    pub updated_at: DateTime<Utc>,
    pub by_name: String,
}

/// A year of the calendar: its exceptions and every day off that is not a plain weekend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarYear {
    pub year: i32,
    pub exceptions: Vec<CalendarException>,
    pub days_off: Vec<NaiveDate>,
    /// Working days in the year, for a check against the official calendar.
    pub working_days: i64,
    /// The year's days were checked against the decree; none: deadlines in it are preliminary.
    pub official: Option<OfficialSource>,
    pub can_edit: bool,
}

pub fn check_year(year: i32) -> Result<(), AppError> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(AppError::field("year", "Год от 2000 до 2100"))
    }
}

#[server(prefix = "/api", endpoint = "calendar/year")]
pub async fn load_calendar_year(year: i32) -> Result<CalendarYear, AppError> {
    use ssr::*;
    let user = current_user()?;
    with_status(check_year(year))?;
    let db = db()?;
    let exceptions = repo::exceptions(&db).await?;
    let official = repo::official_years(&db).await?.into_iter().find(|y| y.year == year);
    let calendar = crate::calendar::ProductionCalendar::from_exceptions(&exceptions);
    Ok(CalendarYear {
        year,
        days_off: calendar.days_off_in(year),
        working_days: calendar.working_days_in(year),
        exceptions: exceptions.into_iter().filter(|e| chrono::Datelike::year(&e.date) == year).collect(),
        official: official.map(|o| OfficialSource {
            source: o.source,
            updated_at: o.updated_at,
            by_name: o.updated_by_name,
        }),
        can_edit: user.has_any(permissions::ADMINISTER),
    })
}

/// The warning about a missing year, for administrators and supervisors (none for others).
#[server(prefix = "/api", endpoint = "calendar/warning")]
pub async fn calendar_warning() -> Result<Option<String>, AppError> {
    use ssr::*;
    let user = current_user()?;
    if !user.has_any(permissions::ADMINISTER) && !user.has_any(permissions::SUPERVISE) {
        return Ok(None);
    }
    let calendar = repo::load(&db()?).await?;
    Ok(crate::calendar::missing_year_warning(&calendar, crate::time::local_today(Utc::now())))
}
