//! The events of «дворовый» management (seed 002 §3.1.6, §5.1): the calendar grid of the town's
//! events — exhibitions, concerts, theatre, sport, job fairs — and the «школы безопасности»;
//! interest groups; who was informed of an event in advance, how, and who came. Types and rules,
//! without a browser or a database.

use super::types::{ElderRow, Interest};
use crate::error::FieldErrors;
use crate::labeled_enum;
use crate::validation::{check_len, check_printable, codes_of, optional_text, required_line};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

labeled_enum! {
    pub enum EventKind {
        Exhibition => "exhibition", "Выставка",
        Concert => "concert", "Концерт",
        Theatre => "theatre", "Театр, кино",
        Show => "show", "Зрелищное представление",
        Sport => "sport", "Физкультура, спорт, оздоровление",
        Competition => "competition", "Состязание",
        JobFair => "job_fair", "Ярмарка вакансий",
        SafetySchool => "safety_school", "Школа безопасности",
        Other => "other", "Другое",
    }
}

labeled_enum! {
    /// Topics of the «школы безопасности» (seed 002 §3.1.6).
    pub enum SafetyTopic {
        Fire => "fire", "Пожарная безопасность",
        Electricity => "electricity", "Электробезопасность",
        Terrorism => "terrorism", "Терроризм",
        Fraud => "fraud", "Мошенничество",
        Financial => "financial", "Финансовая безопасность",
        Legal => "legal", "Юридическая безопасность",
    }
}

labeled_enum! {
    /// How a person was informed of an event in advance (seed 002 §3.1.6).
    pub enum InformWay {
        Visit => "visit", "Лично при обходе",
        Leaflet => "leaflet", "Памятка",
        Phone => "phone", "По телефону",
        Sms => "sms", "СМС",
        Messenger => "messenger", "Мессенджер",
    }
}

/// An event of the grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub title: String,
    pub kind: EventKind,
    pub topic: Option<SafetyTopic>,
    pub starts_at: DateTime<Utc>,
    pub place: String,
    pub organiser: String,
    pub suits: Vec<Interest>,
    pub notes: Option<String>,
    pub version: i64,
    /// People of the user's districts informed, and of them who came.
    #[serde(default)]
    pub informed: u32,
    #[serde(default)]
    pub attended: u32,
}

impl Event {
    pub fn to_form(&self) -> EventForm {
        EventForm {
            title: self.title.clone(),
            kind: self.kind.code().to_string(),
            topic: self.topic.map(|t| t.code().to_string()).unwrap_or_default(),
            starts_at: crate::time::to_datetime_local(self.starts_at),
            place: self.place.clone(),
            organiser: self.organiser.clone(),
            suits: self.suits.iter().map(|s| s.code().to_string()).collect(),
            notes: self.notes.clone().unwrap_or_default(),
        }
    }

    /// «Школа безопасности: Мошенничество» or the kind.
    pub fn kind_words(&self) -> String {
        match (self.kind, self.topic) {
            (EventKind::SafetySchool, Some(topic)) => format!("{}: {}", self.kind.label(), topic.label()),
            (kind, _) => kind.label().to_string(),
        }
    }
}

/// The event form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventForm {
    pub title: String,
    pub kind: String,
    pub topic: String,
    /// «2026-12-12T15:00», local time.
    pub starts_at: String,
    pub place: String,
    pub organiser: String,
    pub suits: Vec<String>,
    pub notes: String,
}

/// An event form, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidEvent {
    pub title: String,
    pub kind: EventKind,
    pub topic: Option<SafetyTopic>,
    pub starts_at: DateTime<Utc>,
    pub place: String,
    pub organiser: String,
    pub suits: Vec<Interest>,
    pub notes: Option<String>,
}

/// Checks an event form; a safety school names its topic.
pub fn validate_event(form: &EventForm) -> Result<ValidEvent, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = required_line(&mut errors, "title", &form.title, 300, "Укажите название мероприятия");
    let kind = EventKind::from_code(&form.kind);
    if kind.is_none() {
        errors.add("kind", "Выберите вид мероприятия");
    }
    let topic = match form.topic.as_str() {
        "" => None,
        code => match SafetyTopic::from_code(code) {
            Some(t) => Some(t),
            None => {
                errors.add("topic", "Выберите тему из списка");
                None
            }
        },
    };
    if kind == Some(EventKind::SafetySchool) && topic.is_none() && form.topic.is_empty() {
        errors.add("topic", "Укажите тему школы безопасности");
    }
    let starts_at = crate::time::parse_datetime_local(&form.starts_at);
    if starts_at.is_none() {
        errors.add("starts_at", "Укажите дату и время начала");
    }
    let place = required_line(&mut errors, "place", &form.place, 300, "Укажите место проведения");
    let organiser = form.organiser.trim().to_string();
    check_len(&mut errors, "organiser", &organiser, 300);
    check_printable(&mut errors, "organiser", &organiser);
    let suits = codes_of(&mut errors, "suits", &form.suits, Interest::from_code, "Выберите из списка");
    if suits.is_empty() {
        errors
            .add("suits", "Отметьте, кому подходит мероприятие: по этим интересам составится список, кого пригласить");
    }
    check_len(&mut errors, "notes", &form.notes, 2000);
    check_printable(&mut errors, "notes", &form.notes);
    match (errors.is_empty(), kind, starts_at) {
        (true, Some(kind), Some(starts_at)) => Ok(ValidEvent {
            title,
            kind,
            topic: if kind == EventKind::SafetySchool { topic } else { None },
            starts_at,
            place,
            organiser,
            suits,
            notes: optional_text(&form.notes),
        }),
        _ => Err(errors),
    }
}

/// The weeks of a month's grid, Monday first: each day of the month, with blanks (none) before
/// the first and after the last.
pub fn month_grid(first: NaiveDate) -> Vec<[Option<NaiveDate>; 7]> {
    let first = first.with_day(1).unwrap_or(first);
    let lead = first.weekday().num_days_from_monday() as usize;
    let mut days: Vec<Option<NaiveDate>> = vec![None; lead];
    let mut day = first;
    while day.month() == first.month() {
        days.push(Some(day));
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    while !days.len().is_multiple_of(7) {
        days.push(None);
    }
    days.chunks(7).map(|w| [w[0], w[1], w[2], w[3], w[4], w[5], w[6]]).collect()
}

/// «2026-12» → the first day of that month.
pub fn parse_month(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{}-01", value.trim()), "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=2200).contains(&d.year()))
}

/// «2026-12» of a day.
pub fn month_code(day: NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

/// The months of the grid.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventsPage {
    /// The first day of the month shown.
    pub month: Option<NaiveDate>,
    pub events: Vec<Event>,
    pub groups: Vec<InterestGroup>,
}

/// A person invited to an event (informed), with whether they came.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invitee {
    pub elder: ElderRow,
    pub informed_at: DateTime<Utc>,
    pub way: InformWay,
    pub by_name: String,
    pub attended: Option<bool>,
}

/// An event's page: the event, who was informed (of the user's districts), and who else it
/// suits: people whose interests or groups match, not yet informed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDetails {
    pub event: Event,
    pub invited: Vec<Invitee>,
    pub suggested: Vec<ElderRow>,
    /// More matched than shown.
    pub more: bool,
    pub groups: Vec<InterestGroup>,
    pub started: bool,
}

/// An interest group with its members (of the user's districts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterestGroup {
    pub id: String,
    pub name: String,
    pub theme: Interest,
    pub leader: String,
    /// Members living on the user's districts; none where they are not counted.
    pub members: Option<u32>,
}

/// The group form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupForm {
    pub name: String,
    pub theme: String,
    pub leader: String,
}

/// A group form, checked: (name, theme, leader).
pub fn validate_group(form: &GroupForm) -> Result<(String, Interest, String), FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = required_line(&mut errors, "name", &form.name, 200, "Укажите название группы");
    let theme = Interest::from_code(&form.theme);
    if theme.is_none() {
        errors.add("theme", "Выберите направление группы");
    }
    let leader = form.leader.trim().to_string();
    check_len(&mut errors, "leader", &leader, 200);
    check_printable(&mut errors, "leader", &leader);
    match (errors.is_empty(), theme) {
        (true, Some(theme)) => Ok((name, theme, leader)),
        _ => Err(errors),
    }
}

/// What a person's card shows of the events: the ones they were informed of or came to, and
/// the safety-school topics they have had.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonEvents {
    /// (event, informed way, attended).
    pub events: Vec<(Event, InformWay, Option<bool>)>,
    pub topics_had: Vec<SafetyTopic>,
    pub groups: Vec<InterestGroup>,
    pub all_groups: Vec<InterestGroup>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_grid_starts_on_monday() {
        // December 2026 begins on a Tuesday and has 31 days.
        let weeks = month_grid(NaiveDate::from_ymd_opt(2026, 12, 17).unwrap());
        assert_eq!(weeks.len(), 5);
        assert_eq!(weeks[0][0], None);
        assert_eq!(weeks[0][1], NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(weeks[4][3], NaiveDate::from_ymd_opt(2026, 12, 31));
        assert_eq!(weeks[4][4], None);
        assert_eq!(parse_month("2027-02"), NaiveDate::from_ymd_opt(2027, 2, 1));
        assert_eq!(parse_month("февраль"), None);
    }

    #[test]
    fn a_safety_school_names_its_topic_and_an_event_whom_it_suits() {
        let form = EventForm {
            title: "Как не попасться мошенникам".into(),
            kind: "safety_school".into(),
            starts_at: "2026-12-10T15:00".into(),
            place: "КЦСОН «Сфера», актовый зал".into(),
            ..Default::default()
        };
        let errors = validate_event(&form).unwrap_err();
        assert!(errors.get("topic").is_some() && errors.get("suits").is_some(), "{errors:?}");
        let form = EventForm { topic: "fraud".into(), suits: vec!["safety".into()], ..form };
        let event = validate_event(&form).unwrap();
        assert_eq!(event.topic, Some(SafetyTopic::Fraud));
        let concert = EventForm { kind: "concert".into(), ..form };
        assert_eq!(validate_event(&concert).unwrap().topic, None, "only a safety school has a topic");
    }
}
