//! The contract on social services of a family (договор о социальном обслуживании, seed 003
//! item 5): between the institution's head (the executor) and the citizen representing the
//! family (the customer); its subject is the social service of the citizen and the members of
//! the family — the social services and the social support, with the ИППСУ and the ИПССС of
//! each member named. Numbered per year; a draft, signed (with the date) or terminated (with the
//! date and the reason).

use crate::error::{AppError, FieldErrors};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

crate::labeled_enum! {
    /// Where the contract stands.
    #[derive(Default)]
    pub enum ContractStatus {
        #[default]
        Draft => "draft", "Проект",
        Signed => "signed", "Подписан",
        Terminated => "terminated", "Расторгнут",
    }
}

/// A member of the family the contract covers, with the documents it refers to for him.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContractMember {
    pub full_name: String,
    /// «ИППСУ, решение № 17-к от 03.12.2026», or empty.
    pub ippsu: String,
    /// «ИПССС с 03.12.2026 по 03.06.2027», or empty.
    pub plan: String,
}

/// What the contract says.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContractContent {
    /// «YYYY-MM-DD»: the day it is concluded.
    pub concluded_on: String,
    /// The institution's head: position and name.
    pub executor: String,
    /// The citizen representing the family.
    pub customer: String,
    pub customer_document: String,
    pub subject: String,
    pub members: Vec<ContractMember>,
    pub valid_until: String,
}

/// The contract as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contract {
    pub year: i64,
    pub number: i64,
    pub content: ContractContent,
    pub status: ContractStatus,
    pub signed_on: Option<NaiveDate>,
    pub terminated_on: Option<NaiveDate>,
    pub termination_reason: Option<String>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by_name: String,
}

impl Contract {
    /// «№ 12/2026».
    pub fn label(&self) -> String {
        format!("№ {}/{}", self.number, self.year)
    }
}

/// Everything the contract's page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContractDetails {
    pub case_id: String,
    pub case_number: String,
    pub case_title: String,
    pub address: String,
    pub members: Vec<String>,
    pub contract: Option<Contract>,
    pub blank: ContractContent,
    pub can_edit: bool,
}

/// The executor as the institution's contracts name it, until the head's name is typed.
pub const EXECUTOR: &str = "Директор БУ «Югорский комплексный центр социального обслуживания населения»";

/// The subject of the contract (seed 003 item 5).
pub const SUBJECT: &str = "Социальное обслуживание гражданина и членов его семьи: предоставление социальных услуг и социальное сопровождение в соответствии с индивидуальными программами предоставления социальных услуг и индивидуальной программой социального сопровождения семьи, указанными ниже.";

fn limit(errors: &mut FieldErrors, field: &str, value: &str, max: usize, what: &str) {
    if value.chars().count() > max {
        errors.add(field, format!("{what}: не длиннее {max} знаков"));
    }
}

/// Checks the contract before it is saved: the parties, the subject and the term are given, the
/// dates are dates and the term ends after the day of conclusion, each member is named.
pub fn validate_contract(content: &mut ContractContent) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    for text in [&mut content.executor, &mut content.customer, &mut content.customer_document, &mut content.subject] {
        *text = text.trim().to_string();
    }
    if content.executor.is_empty() {
        errors.add("executor", "Укажите исполнителя: должность и ФИО руководителя учреждения");
    }
    if content.customer.is_empty() {
        errors.add("customer", "Укажите заказчика: гражданина, представляющего семью");
    }
    if content.subject.is_empty() {
        errors.add("subject", "Укажите предмет договора");
    }
    limit(&mut errors, "executor", &content.executor, 300, "Исполнитель");
    limit(&mut errors, "customer", &content.customer, 200, "Заказчик");
    limit(&mut errors, "customer_document", &content.customer_document, 300, "Документ заказчика");
    limit(&mut errors, "subject", &content.subject, 4000, "Предмет");
    let concluded = crate::time::parse_date(content.concluded_on.trim());
    if concluded.is_none() {
        errors.add("concluded_on", "Дата договора — в виде ДД.ММ.ГГГГ");
    }
    match crate::time::parse_date(content.valid_until.trim()) {
        None => errors.add("valid_until", "Срок действия — в виде ДД.ММ.ГГГГ"),
        Some(until) if concluded.is_some_and(|c| until <= c) => {
            errors.add("valid_until", "Срок действия должен быть позже даты договора")
        }
        Some(_) => {}
    }
    if content.members.is_empty() {
        errors.add("members", "Укажите членов семьи, на которых распространяется договор");
    }
    if content.members.len() > 30 {
        errors.add("members", "Больше 30 членов семьи");
    }
    for (i, m) in content.members.iter_mut().enumerate() {
        for text in [&mut m.full_name, &mut m.ippsu, &mut m.plan] {
            *text = text.trim().to_string();
        }
        if m.full_name.is_empty() {
            errors.add(&format!("members.{i}.full_name"), format!("Член семьи {}: укажите ФИО", i + 1));
        }
        limit(&mut errors, &format!("members.{i}.full_name"), &m.full_name, 200, "ФИО");
        limit(&mut errors, &format!("members.{i}.ippsu"), &m.ippsu, 300, "ИППСУ");
        limit(&mut errors, &format!("members.{i}.plan"), &m.plan, 300, "ИПССС");
    }
    errors.into_result()
}

/// Checks the day of a signature or a termination: a date, not in the future, not before the
/// contract's date; a termination names its reason.
pub fn validate_status_day(
    content: &ContractContent,
    to: ContractStatus,
    on: &str,
    reason: &str,
    today: NaiveDate,
) -> Result<NaiveDate, AppError> {
    let mut errors = FieldErrors::new();
    let day = crate::time::parse_date(on.trim());
    match day {
        None => errors.add("status_on", "Дата — в виде ДД.ММ.ГГГГ"),
        Some(d) if d > today => errors.add("status_on", "Дата не может быть позже сегодняшней"),
        Some(d) if crate::time::parse_date(&content.concluded_on).is_some_and(|c| d < c) => {
            errors.add("status_on", "Дата раньше даты договора")
        }
        Some(_) => {}
    }
    if to == ContractStatus::Terminated && reason.trim().is_empty() {
        errors.add("reason", "Укажите причину расторжения");
    }
    if reason.chars().count() > 2000 {
        errors.add("reason", "Причина — не длиннее 2000 знаков");
    }
    errors.into_result()?;
    day.ok_or_else(|| AppError::field("status_on", "Дата — в виде ДД.ММ.ГГГГ"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        crate::time::parse_date(s).unwrap()
    }

    #[test]
    fn a_contract_names_its_parties_term_and_members() {
        let mut content = ContractContent {
            concluded_on: "2026-12-03".into(),
            valid_until: "2026-12-01".into(),
            subject: SUBJECT.into(),
            members: vec![ContractMember { full_name: " ".into(), ..Default::default() }],
            ..Default::default()
        };
        let errors = validate_contract(&mut content).unwrap_err();
        let errors = errors.field_errors().unwrap();
        assert!(errors.get("executor").is_some());
        assert!(errors.get("customer").is_some());
        assert_eq!(errors.get("valid_until"), Some("Срок действия должен быть позже даты договора"));
        assert_eq!(errors.get("members.0.full_name"), Some("Член семьи 1: укажите ФИО"));
    }

    #[test]
    fn a_termination_names_its_day_and_reason() {
        let content = ContractContent { concluded_on: "2026-12-01".into(), ..Default::default() };
        let today = date("2026-12-03");
        let errors = validate_status_day(&content, ContractStatus::Terminated, "2026-11-30", " ", today).unwrap_err();
        let errors = errors.field_errors().unwrap();
        assert_eq!(errors.get("status_on"), Some("Дата раньше даты договора"));
        assert_eq!(errors.get("reason"), Some("Укажите причину расторжения"));
        let signed = validate_status_day(&content, ContractStatus::Signed, "03.12.2026", "", today);
        assert_eq!(signed.ok(), Some(today));
    }
}
