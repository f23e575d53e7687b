//! The social consilium (социальный консилиум, seed 003 item 14): a collegial session of the
//! institution's specialists that considers the families whose support plan ends or whose
//! activities are overdue, and decides on each — continue, correct the plan, extend its term,
//! or close the support. Its protocol is numbered per year; when the session is held, each
//! decision goes onto the case's history and an extension moves the plan's term.

use crate::error::{AppError, FieldErrors};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

crate::labeled_enum! {
    /// What the consilium decides on a case.
    #[derive(Default)]
    pub enum Decision {
        #[default]
        Continue => "continue", "Продолжить сопровождение по плану",
        Correct => "correct", "Скорректировать план",
        Extend => "extend", "Продлить срок плана",
        Close => "close", "Завершить сопровождение",
    }
}

crate::labeled_enum! {
    /// Where the session stands: prepared, or held (its decisions are on the cases).
    #[derive(Default)]
    pub enum SessionStatus {
        #[default]
        Draft => "draft", "Готовится",
        Held => "held", "Проведён",
    }
}

/// A case considered at the session, with the decision on it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Considered {
    pub case_id: String,
    /// «2026-0042».
    pub case_number: String,
    pub case_title: String,
    /// Why it is on the agenda: «план заканчивается через 3 р. д.», «просрочено мероприятий: 2».
    pub reason: String,
    /// The plan's term when it was put on the agenda, «YYYY-MM-DD» or empty.
    pub term_until: String,
    pub decision: Decision,
    /// «YYYY-MM-DD»: the plan's new term, for an extension.
    pub extend_until: String,
    /// The decision in words: what to correct, why extended or closed, who does what.
    pub text: String,
}

/// What the session's protocol says.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionContent {
    /// «YYYY-MM-DD».
    pub held_on: String,
    /// The chair: position and name.
    pub chair: String,
    /// The members present, one per line: position and name.
    pub present: Vec<String>,
    pub cases: Vec<Considered>,
}

/// A session as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    pub year: i64,
    pub number: i64,
    pub content: SessionContent,
    pub status: SessionStatus,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by_name: String,
}

impl Session {
    /// «Протокол № 3/2026».
    pub fn label(&self) -> String {
        format!("№ {}/{}", self.number, self.year)
    }
}

/// A session in the list of sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: String,
    pub label: String,
    pub held_on: NaiveDate,
    pub status: SessionStatus,
    pub cases: usize,
}

/// A case the agenda offers: its plan ends soon or has ended, or its activities are overdue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub case_id: String,
    pub case_number: String,
    pub case_title: String,
    pub district_name: Option<String>,
    pub curator_name: Option<String>,
    pub term_until: Option<NaiveDate>,
    /// Working days to the plan's end, negative once it has passed.
    pub term_left: Option<i64>,
    pub overdue: u32,
}

impl AgendaItem {
    /// Why the case is on the agenda, in words.
    pub fn reason(&self) -> String {
        let progress = crate::cases::card::Progress {
            overdue: self.overdue,
            until: self.term_until,
            until_left: self.term_left,
            ..Default::default()
        };
        [progress.term_text(), progress.overdue_text()].into_iter().flatten().collect::<Vec<_>>().join("; ")
    }

    /// The case as the session considers it, with a decision to choose.
    pub fn considered(&self) -> Considered {
        Considered {
            case_id: self.case_id.clone(),
            case_number: self.case_number.clone(),
            case_title: self.case_title.clone(),
            reason: self.reason(),
            term_until: self.term_until.map(crate::time::format_iso_date).unwrap_or_default(),
            ..Default::default()
        }
    }
}

/// Everything the session's page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionDetails {
    /// None for a new session.
    pub session: Option<Session>,
    pub blank: SessionContent,
    pub agenda: Vec<AgendaItem>,
    /// The institution's staff, for the members present.
    pub staff: Vec<String>,
    pub can_edit: bool,
}

/// The agenda takes cases whose plan ends within this many working days.
pub const AGENDA_DAYS: i64 = 10;

fn limit(errors: &mut FieldErrors, field: &str, value: &str, max: usize, what: &str) {
    if value.chars().count() > max {
        errors.add(field, format!("{what}: не длиннее {max} знаков"));
    }
}

/// Checks the protocol before it is saved: a date, the chair, at least two members present
/// (the consilium decides collegially), at least one case, each once; an extension names its
/// new term, later than the session and than the plan's term; a correction or a closing says
/// what is decided.
pub fn validate_session(content: &mut SessionContent) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    content.chair = content.chair.trim().to_string();
    content.present = content.present.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
    let held_on = crate::time::parse_date(content.held_on.trim());
    match held_on {
        Some(d) => content.held_on = crate::time::format_iso_date(d),
        None => errors.add("held_on", "Дата заседания — в виде ДД.ММ.ГГГГ"),
    }
    if content.chair.is_empty() {
        errors.add("chair", "Укажите председателя консилиума");
    }
    limit(&mut errors, "chair", &content.chair, 300, "Председатель");
    if content.present.len() < 2 {
        errors.add("present", "Отметьте присутствующих: консилиум решает коллегиально, не меньше двух специалистов");
    }
    if content.present.len() > 40 {
        errors.add("present", "Присутствующих больше 40");
    }
    for p in &content.present {
        limit(&mut errors, "present", p, 300, "Присутствующий");
    }
    if content.cases.is_empty() {
        errors.add("cases", "Добавьте случаи, которые рассматривает консилиум");
    }
    if content.cases.len() > 60 {
        errors.add("cases", "Больше 60 случаев на одном заседании: разделите на два");
    }
    let mut seen = std::collections::HashSet::new();
    for (i, c) in content.cases.iter_mut().enumerate() {
        c.text = c.text.trim().to_string();
        let who = format!("Случай № {}", c.case_number);
        if !seen.insert(c.case_id.clone()) {
            errors.add(&format!("cases.{i}.decision"), format!("{who} уже в повестке"));
        }
        limit(&mut errors, &format!("cases.{i}.text"), &c.text, 3000, "Решение");
        if matches!(c.decision, Decision::Correct | Decision::Close) && c.text.is_empty() {
            let need = match c.decision {
                Decision::Correct => "что скорректировать в плане и кто отвечает",
                _ => "основание завершения сопровождения",
            };
            errors.add(&format!("cases.{i}.text"), format!("{who}: укажите {need}"));
        }
        if c.decision == Decision::Extend {
            let until = crate::time::parse_date(c.extend_until.trim());
            let term = crate::time::parse_date(&c.term_until);
            match until {
                None => {
                    errors.add(&format!("cases.{i}.extend_until"), format!("{who}: новый срок — в виде ДД.ММ.ГГГГ"))
                }
                Some(u) if held_on.is_some_and(|h| u <= h) => errors
                    .add(&format!("cases.{i}.extend_until"), format!("{who}: новый срок должен быть позже заседания")),
                Some(u) if term.is_some_and(|t| u <= t) => errors.add(
                    &format!("cases.{i}.extend_until"),
                    format!("{who}: новый срок должен быть позже нынешнего срока плана"),
                ),
                Some(u) => c.extend_until = crate::time::format_iso_date(u),
            }
        } else {
            c.extend_until.clear();
        }
    }
    errors.into_result()
}

/// The decision on a case in words, for its history and the protocol: «Продлить срок плана до
/// 04.03.2027: …».
pub fn decision_words(c: &Considered) -> String {
    let head = match c.decision {
        Decision::Extend => match crate::time::parse_date(&c.extend_until) {
            Some(u) => format!("{} до {}", c.decision.label(), crate::time::format_naive_date(u)),
            None => c.decision.label().to_string(),
        },
        d => d.label().to_string(),
    };
    if c.text.is_empty() {
        head
    } else {
        format!("{head}: {}", c.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(id: &str, decision: Decision) -> Considered {
        Considered {
            case_id: id.into(),
            case_number: format!("2026-00{id}"),
            term_until: "2026-12-10".into(),
            decision,
            ..Default::default()
        }
    }

    fn session(cases: Vec<Considered>) -> SessionContent {
        SessionContent {
            held_on: "04.12.2026".into(),
            chair: "Заведующий отделением Сидорова Е. В.".into(),
            present: vec!["Психолог Кузнецова О. А.".into(), " ".into(), "Юрисконсульт Белов И. П.".into()],
            cases,
        }
    }

    #[test]
    fn a_session_is_collegial_and_considers_cases() {
        let mut content =
            SessionContent { held_on: "завтра".into(), present: vec!["Один".into()], ..Default::default() };
        let errors = validate_session(&mut content).unwrap_err();
        let errors = errors.field_errors().unwrap();
        assert_eq!(errors.get("held_on"), Some("Дата заседания — в виде ДД.ММ.ГГГГ"));
        assert!(errors.get("chair").is_some());
        assert!(errors.get("present").is_some());
        assert_eq!(errors.get("cases"), Some("Добавьте случаи, которые рассматривает консилиум"));
        let mut fine = session(vec![case("1", Decision::Continue)]);
        assert!(validate_session(&mut fine).is_ok());
        assert_eq!(fine.held_on, "2026-12-04");
        assert_eq!(fine.present.len(), 2, "empty lines are dropped");
    }

    #[test]
    fn an_extension_moves_the_term_forward_and_a_correction_says_what() {
        let mut early = case("1", Decision::Extend);
        early.extend_until = "2026-12-08".into();
        let mut before_term = case("2", Decision::Extend);
        before_term.extend_until = "2026-12-09".into();
        let mut content = session(vec![early, before_term, case("3", Decision::Correct), case("3", Decision::Close)]);
        content.held_on = "2026-12-08".into();
        let errors = validate_session(&mut content).unwrap_err();
        let errors = errors.field_errors().unwrap();
        assert_eq!(
            errors.get("cases.0.extend_until"),
            Some("Случай № 2026-001: новый срок должен быть позже заседания")
        );
        assert_eq!(
            errors.get("cases.1.extend_until"),
            Some("Случай № 2026-002: новый срок должен быть позже нынешнего срока плана")
        );
        assert_eq!(
            errors.get("cases.2.text"),
            Some("Случай № 2026-003: укажите что скорректировать в плане и кто отвечает")
        );
        assert_eq!(errors.get("cases.3.decision"), Some("Случай № 2026-003 уже в повестке"));

        let mut good = case("1", Decision::Extend);
        good.extend_until = "04.03.2027".into();
        good.text = "цели не достигнуты, семья мотивирована".into();
        let mut content = session(vec![good]);
        validate_session(&mut content).unwrap();
        assert_eq!(content.cases[0].extend_until, "2027-03-04");
        assert_eq!(
            decision_words(&content.cases[0]),
            "Продлить срок плана до 04.03.2027: цели не достигнуты, семья мотивирована"
        );
    }

    #[test]
    fn the_agenda_says_why_a_case_is_on_it() {
        let item = AgendaItem {
            case_id: "c".into(),
            case_number: "2026-0001".into(),
            case_title: "Семья Ивановых".into(),
            district_name: None,
            curator_name: None,
            term_until: NaiveDate::from_ymd_opt(2026, 12, 10),
            term_left: Some(4),
            overdue: 2,
        };
        assert_eq!(item.reason(), "план заканчивается через 4 р. д.; просрочено мероприятий: 2");
        assert_eq!(item.considered().term_until, "2026-12-10");
    }
}
