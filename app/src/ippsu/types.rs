//! The individual programme of social services (ИППСУ, seed 003 item 6; seed 000 §4.1.7–4.1.8):
//! the forms of social service, the social services with their kind, volume, periodicity,
//! conditions and terms and the recommended providers, and the measures of social support (help
//! that is not a social service). The caseworker prepares the proposals within 5 working days of
//! the application; the commission approves the programme (a supervisor enters the decision's
//! date and number); a later change is a correction with its reason, every version kept; on
//! completion the sections «Заключение о выполнении ИППСУ» and «Рекомендации» are filled.

use crate::error::{AppError, FieldErrors};
use crate::social_services::{ServiceKind, SupportArea};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

crate::labeled_enum! {
    /// Forms of social service (формы социального обслуживания, 442-ФЗ ст. 19).
    pub enum ServiceForm {
        Home => "home", "На дому",
        SemiStationary => "semi_stationary", "Полустационарная",
        Stationary => "stationary", "Стационарная",
    }
}

crate::labeled_enum! {
    /// Where the programme stands.
    #[derive(Default)]
    pub enum IppsuStatus {
        #[default]
        Draft => "draft", "Проект (предложения)",
        Approved => "approved", "Утверждена",
        Completed => "completed", "Выполнена",
    }
}

/// One social service of the programme.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceLine {
    pub key: String,
    /// A `ServiceKind` code.
    pub kind: String,
    pub name: String,
    pub volume: String,
    pub periodicity: String,
    pub conditions: String,
    /// «YYYY-MM-DD»: until when.
    pub until: String,
    /// The recommended provider: a partner of the resource map, or the institution itself.
    pub provider_id: Option<String>,
    pub provider_name: String,
}

/// A measure of social support: help that is not a social service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SupportMeasure {
    pub key: String,
    /// A `SupportArea` code.
    pub area: String,
    pub content: String,
    pub until: String,
    pub partner_id: Option<String>,
    pub partner_name: String,
}

/// What the caseworker writes in the programme.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IppsuContent {
    /// Whom the programme is for: a member of the case.
    pub recipient: String,
    pub forms: Vec<String>,
    pub services: Vec<ServiceLine>,
    pub measures: Vec<SupportMeasure>,
    /// «YYYY-MM-DD»: the programme is valid until.
    pub valid_until: String,
    pub conclusion: String,
    pub recommendations: String,
}

/// The commission's decision approving the programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Approval {
    pub on: NaiveDate,
    pub number: String,
    pub by_name: String,
}

/// The programme as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ippsu {
    pub content: IppsuContent,
    pub status: IppsuStatus,
    pub approval: Option<Approval>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by_name: String,
}

/// One version of the programme, for its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IppsuVersion {
    pub version: i64,
    pub status: IppsuStatus,
    pub at: DateTime<Utc>,
    pub by_name: String,
    /// What happened: «Проект», «Утверждена решением № …», «Корректировка: причина».
    pub note: String,
}

/// The programme as stored after a save, with its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IppsuSaved {
    pub ippsu: Ippsu,
    pub history: Vec<IppsuVersion>,
}

/// A provider or partner to choose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderOption {
    pub id: String,
    pub name: String,
    /// Serves the family's district or the whole town.
    pub near: bool,
}

/// Everything the programme's page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IppsuDetails {
    pub case_id: String,
    pub case_number: String,
    pub case_title: String,
    pub address: String,
    pub district_name: Option<String>,
    pub curator_name: Option<String>,
    pub members: Vec<String>,
    pub ippsu: Option<Ippsu>,
    pub blank: IppsuContent,
    pub history: Vec<IppsuVersion>,
    pub providers: Vec<ProviderOption>,
    /// The clock of the proposals: 5 working days from the application (seed 000 §4.1.7).
    pub proposals_clock: Option<crate::cases::types::Clock>,
    pub can_edit: bool,
    pub can_approve: bool,
}

/// The name the institution itself goes by as a provider.
pub const OWN_PROVIDER: &str = "КЦСОН (наше учреждение)";

fn limit(errors: &mut FieldErrors, field: &str, value: &str, max: usize, what: &str) {
    if value.chars().count() > max {
        errors.add(field, format!("{what}: не длиннее {max} знаков"));
    }
}

fn date_field(errors: &mut FieldErrors, field: &str, value: &str, what: &str) -> Option<NaiveDate> {
    if value.trim().is_empty() {
        return None;
    }
    let date = crate::time::parse_date(value.trim());
    if date.is_none() {
        errors.add(field, format!("{what} — в виде ДД.ММ.ГГГГ"));
    }
    date
}

/// Checks the programme before it is saved: texts trimmed and limited, kinds and areas from
/// their lists, each service named with its volume and periodicity, each measure with its
/// content, dates as dates, keys unique.
pub fn validate_ippsu(content: &mut IppsuContent) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    content.recipient = content.recipient.trim().to_string();
    limit(&mut errors, "recipient", &content.recipient, 200, "Получатель");
    content.forms.sort();
    content.forms.dedup();
    if content.forms.iter().any(|f| ServiceForm::from_code(f).is_none()) {
        errors.add("forms", "Выберите форму обслуживания из списка");
    }
    date_field(&mut errors, "valid_until", &content.valid_until, "Срок действия программы");
    if content.services.len() > 60 {
        errors.add("services", "В программе больше 60 услуг");
    }
    if content.measures.len() > 60 {
        errors.add("measures", "В программе больше 60 мероприятий");
    }
    let mut keys = std::collections::HashSet::new();
    for (i, s) in content.services.iter_mut().enumerate() {
        let place = format!("Услуга {}", i + 1);
        let field = |f: &str| format!("services.{i}.{f}");
        for text in [&mut s.name, &mut s.volume, &mut s.periodicity, &mut s.conditions, &mut s.provider_name] {
            *text = text.trim().to_string();
        }
        if s.key.is_empty() || s.key.len() > 80 || !keys.insert(s.key.clone()) {
            errors.add(&field("key"), format!("{place}: повторный ключ"));
        }
        if ServiceKind::from_code(&s.kind).is_none() {
            errors.add(&field("kind"), format!("{place}: выберите вид услуги"));
        }
        if s.name.is_empty() {
            errors.add(&field("name"), format!("{place}: укажите наименование услуги"));
        }
        if s.volume.is_empty() {
            errors.add(&field("volume"), format!("{place}: укажите объём"));
        }
        if s.periodicity.is_empty() {
            errors.add(&field("periodicity"), format!("{place}: укажите периодичность"));
        }
        limit(&mut errors, &field("name"), &s.name, 300, &place);
        limit(&mut errors, &field("volume"), &s.volume, 200, &place);
        limit(&mut errors, &field("periodicity"), &s.periodicity, 200, &place);
        limit(&mut errors, &field("conditions"), &s.conditions, 500, &place);
        limit(&mut errors, &field("provider_name"), &s.provider_name, 300, &place);
        date_field(&mut errors, &field("until"), &s.until, &format!("{place}: срок"));
        if s.provider_id.as_deref().is_some_and(|id| !crate::keys::is_record_key(id)) {
            errors.add(&field("provider_id"), format!("{place}: неизвестный поставщик"));
        }
    }
    for (i, m) in content.measures.iter_mut().enumerate() {
        let place = format!("Мероприятие {}", i + 1);
        let field = |f: &str| format!("measures.{i}.{f}");
        m.content = m.content.trim().to_string();
        if m.key.is_empty() || m.key.len() > 80 || !keys.insert(m.key.clone()) {
            errors.add(&field("key"), format!("{place}: повторный ключ"));
        }
        if SupportArea::from_code(&m.area).is_none() {
            errors.add(&field("area"), format!("{place}: выберите вид помощи"));
        }
        if m.content.is_empty() {
            errors.add(&field("content"), format!("{place}: опишите, в чём содействие"));
        }
        limit(&mut errors, &field("content"), &m.content, 1000, &place);
        date_field(&mut errors, &field("until"), &m.until, &format!("{place}: срок"));
        if m.partner_id.as_deref().is_some_and(|id| !crate::keys::is_record_key(id)) {
            errors.add(&field("partner_id"), format!("{place}: неизвестный партнёр"));
        }
    }
    content.conclusion = content.conclusion.trim().to_string();
    content.recommendations = content.recommendations.trim().to_string();
    limit(&mut errors, "conclusion", &content.conclusion, 4000, "Заключение");
    limit(&mut errors, "recommendations", &content.recommendations, 4000, "Рекомендации");
    errors.into_result()
}

/// What approval needs besides a valid programme: whom it is for, a form, at least one
/// service or measure, the decision's number and a date not in the future.
pub fn validate_approval(
    content: &IppsuContent,
    on: &str,
    number: &str,
    today: NaiveDate,
) -> Result<NaiveDate, AppError> {
    let mut errors = FieldErrors::new();
    if content.recipient.is_empty() {
        errors.add("recipient", "Укажите, кому предоставляются услуги");
    }
    if content.forms.is_empty() {
        errors.add("forms", "Отметьте форму социального обслуживания");
    }
    if content.services.is_empty() && content.measures.is_empty() {
        errors.add("services", "В программе нет ни одной услуги и ни одного мероприятия");
    }
    let number = number.trim();
    if number.is_empty() {
        errors.add("decision_number", "Укажите номер решения комиссии");
    } else if number.chars().count() > 50 {
        errors.add("decision_number", "Номер решения — не длиннее 50 знаков");
    }
    let date = crate::time::parse_date(on.trim());
    match date {
        None => errors.add("decision_on", "Дата решения — в виде ДД.ММ.ГГГГ"),
        Some(d) if d > today => errors.add("decision_on", "Дата решения не может быть позже сегодняшней"),
        Some(_) => {}
    }
    errors.into_result()?;
    date.ok_or_else(|| AppError::field("decision_on", "Дата решения — в виде ДД.ММ.ГГГГ"))
}

/// A fresh key for a line of the programme.
pub fn new_line_key(content: &IppsuContent, prefix: &str) -> String {
    let mut n = content.services.len() + content.measures.len() + 1;
    loop {
        let key = format!("{prefix}-{n}");
        if content.services.iter().all(|s| s.key != key) && content.measures.iter().all(|m| m.key != key) {
            return key;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(key: &str) -> ServiceLine {
        ServiceLine {
            key: key.into(),
            kind: "household".into(),
            name: " Покупка за счёт средств получателя и доставка на дом продуктов питания ".into(),
            volume: "1 услуга".into(),
            periodicity: "2 раза в неделю".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_service_needs_its_kind_name_volume_and_periodicity() {
        let mut content = IppsuContent {
            forms: vec!["home".into(), "home".into()],
            services: vec![service("s-1"), ServiceLine { key: "s-1".into(), kind: "spa".into(), ..Default::default() }],
            valid_until: "31.12.2027".into(),
            ..Default::default()
        };
        let errors = validate_ippsu(&mut content).unwrap_err();
        let errors = errors.field_errors().unwrap();
        assert_eq!(errors.get("services.1.key"), Some("Услуга 2: повторный ключ"));
        assert_eq!(errors.get("services.1.kind"), Some("Услуга 2: выберите вид услуги"));
        assert_eq!(errors.get("services.1.volume"), Some("Услуга 2: укажите объём"));
        assert!(errors.get("services.0.name").is_none());
        assert_eq!(content.forms, ["home"]);
        assert_eq!(content.services[0].name, "Покупка за счёт средств получателя и доставка на дом продуктов питания");
    }

    #[test]
    fn approval_needs_a_decision_and_something_to_provide() {
        let today = crate::time::parse_date("2026-12-03").unwrap();
        let empty = IppsuContent::default();
        let errors = validate_approval(&empty, "2026-12-04", "", today).unwrap_err();
        let errors = errors.field_errors().unwrap();
        assert!(errors.get("recipient").is_some());
        assert!(errors.get("forms").is_some());
        assert!(errors.get("services").is_some());
        assert_eq!(errors.get("decision_number"), Some("Укажите номер решения комиссии"));
        assert_eq!(errors.get("decision_on"), Some("Дата решения не может быть позже сегодняшней"));
        let ready = IppsuContent {
            recipient: "Кузнецова Ольга Петровна".into(),
            forms: vec!["home".into()],
            services: vec![service("s-1")],
            ..Default::default()
        };
        assert_eq!(validate_approval(&ready, "03.12.2026", "17-к", today).ok(), Some(today));
    }
}
