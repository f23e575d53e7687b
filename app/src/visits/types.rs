//! Visits as the pages see them, and the rules of planning one.

use crate::error::FieldErrors;
use crate::labeled_enum;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

labeled_enum! {
    pub enum VisitStatus {
        Planned => "planned", "Запланирован",
        Done => "done", "Проведён",
        Cancelled => "cancelled", "Отменён",
    }
}

/// One planned visit, with what the caseworker needs on the doorstep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    pub id: String,
    pub case_id: String,
    pub case_number: String,
    pub case_title: String,
    pub address: String,
    pub phone: Option<String>,
    pub district_name: Option<String>,
    pub caseworker_name: String,
    pub planned_at: DateTime<Utc>,
    pub purpose: String,
    pub status: VisitStatus,
    pub version: i64,
}

/// The visit form of the case page, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitForm {
    /// `<input type="datetime-local">`.
    pub planned_at: String,
    pub purpose: String,
    /// The caseworker who goes (a user key); empty: the case's curator.
    pub caseworker: String,
}

/// The day's visits of one caseworker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitDay {
    pub day: NaiveDate,
    pub caseworker: String,
    pub caseworker_name: String,
    pub visits: Vec<Visit>,
    /// Caseworkers a supervisor may look at: (key, name).
    pub caseworkers: Vec<(String, String)>,
}

pub const MAX_PURPOSE: usize = 300;

/// A checked visit form.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidVisit {
    pub planned_at: DateTime<Utc>,
    pub purpose: String,
}

/// A visit is planned from today on, within a year; its purpose is short text.
pub fn validate_visit(form: &VisitForm, now: DateTime<Utc>) -> Result<ValidVisit, FieldErrors> {
    let mut errors = FieldErrors::new();
    let planned_at = match crate::time::parse_datetime_local(&form.planned_at) {
        None if form.planned_at.trim().is_empty() => {
            errors.add("planned_at", "Укажите дату и время выезда");
            None
        }
        None => {
            errors.add("planned_at", "Дата и время в формате ДД.ММ.ГГГГ ЧЧ:ММ");
            None
        }
        Some(at) if crate::time::local_today(at) < crate::time::local_today(now) => {
            errors.add("planned_at", "Выезд планируют на сегодня или позже");
            None
        }
        Some(at) if at > now + chrono::Duration::days(366) => {
            errors.add("planned_at", "Не дальше чем на год вперёд");
            None
        }
        Some(at) => Some(at),
    };
    let purpose = form.purpose.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::validation::check_len(&mut errors, "purpose", &purpose, MAX_PURPOSE);
    crate::validation::check_printable(&mut errors, "purpose", &purpose);
    match planned_at {
        Some(planned_at) if errors.is_empty() => Ok(ValidVisit { planned_at, purpose }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        crate::time::parse_datetime_local("2026-11-25T12:00").unwrap()
    }

    #[test]
    fn a_visit_is_planned_for_today_or_later() {
        let form = |at: &str| VisitForm {
            planned_at: at.into(),
            purpose: "  Акт  обследования ".into(),
            ..Default::default()
        };
        let ok = validate_visit(&form("2026-11-25T09:00"), now()).unwrap();
        assert_eq!(ok.purpose, "Акт обследования");
        assert!(validate_visit(&form("2026-11-24T18:00"), now()).unwrap_err().get("planned_at").is_some());
        assert!(validate_visit(&form(""), now()).unwrap_err().get("planned_at").is_some());
        assert!(validate_visit(&form("завтра"), now()).unwrap_err().get("planned_at").is_some());
        assert!(validate_visit(&form("2028-01-01T10:00"), now()).unwrap_err().get("planned_at").is_some());
    }
}
