//! What an application holds, its form as typed, and the journal's filters.

use crate::labeled_enum;
use crate::social_services::{ServiceKind, SupportArea};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

labeled_enum! {
    /// Who filed the application (seed 003 item 3).
    pub enum ApplicantKind {
        Citizen => "citizen", "Гражданин лично",
        Representative => "representative", "Законный представитель гражданина",
        OtherPerson => "other_person", "Иное лицо в интересах гражданина",
        Organisation => "organisation", "Орган власти, местного самоуправления, общественное объединение",
    }
}

/// A family member named in the application, with the help they need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationMember {
    pub full_name: String,
    /// Who they are to the citizen: «дочь», «супруг».
    pub relation: String,
    pub birth_date: Option<NaiveDate>,
    pub help: Vec<SupportArea>,
    /// What exactly, in words.
    pub help_detail: Option<String>,
}

/// A registered application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub id: String,
    pub number: i64,
    pub year: i32,
    pub received_on: NaiveDate,
    pub received_by_name: String,
    pub applicant_kind: ApplicantKind,
    /// The applicant's name when it is not the citizen; the contact person of an organisation.
    pub applicant_name: Option<String>,
    pub organisation: Option<String>,
    pub applicant_phone: Option<String>,
    pub citizen_name: String,
    pub citizen_birth_date: Option<NaiveDate>,
    pub address: String,
    pub district_id: Option<String>,
    pub district_name: Option<String>,
    pub services: Vec<ServiceKind>,
    pub members: Vec<ApplicationMember>,
    pub circumstances: String,
    pub consent_on: NaiveDate,
    pub case_id: Option<String>,
    /// «2026-0042 «Семья Ивановых»».
    pub case_label: Option<String>,
    pub created_at: DateTime<Utc>,
    pub created_by_name: String,
    pub version: i64,
    /// Who received it: a user key.
    #[serde(default)]
    pub received_by_id: Option<String>,
}

/// One correction of a registered application: when, by whom, why, and each field as it was
/// and as it became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationChange {
    pub at: DateTime<Utc>,
    pub by_name: String,
    pub reason: String,
    pub fields: Vec<ChangedField>,
}

/// A field of a correction: its label, the text before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ChangedField {
    pub label: String,
    pub before: String,
    pub after: String,
}

impl Application {
    /// The form of the application as if typed again: what a correction starts from.
    pub fn to_form(&self) -> ApplicationForm {
        let day = |d: Option<NaiveDate>| d.map(crate::time::format_iso_date).unwrap_or_default();
        ApplicationForm {
            received_on: crate::time::format_iso_date(self.received_on),
            received_by: self.received_by_id.clone().unwrap_or_default(),
            applicant_kind: self.applicant_kind.code().to_string(),
            applicant_name: self.applicant_name.clone().unwrap_or_default(),
            organisation: self.organisation.clone().unwrap_or_default(),
            applicant_phone: self.applicant_phone.clone().unwrap_or_default(),
            citizen_name: self.citizen_name.clone(),
            citizen_birth_date: day(self.citizen_birth_date),
            address: self.address.clone(),
            district: self.district_id.clone().unwrap_or_default(),
            services: self.services.iter().map(|s| s.code().to_string()).collect(),
            members: self
                .members
                .iter()
                .map(|m| MemberForm {
                    full_name: m.full_name.clone(),
                    relation: m.relation.clone(),
                    birth_date: day(m.birth_date),
                    help: m.help.iter().map(|h| h.code().to_string()).collect(),
                    help_detail: m.help_detail.clone().unwrap_or_default(),
                })
                .collect(),
            circumstances: self.circumstances.clone(),
            consent: true,
            consent_on: crate::time::format_iso_date(self.consent_on),
        }
    }

    /// The application's fields in words, in the order of the form: what a correction compares.
    pub fn in_words(&self) -> Vec<(&'static str, String)> {
        let day = |d: Option<NaiveDate>| d.map(crate::time::format_naive_date).unwrap_or_default();
        let members = self
            .members
            .iter()
            .map(|m| {
                let mut about = vec![m.relation.clone()];
                about.extend(m.birth_date.map(crate::time::format_naive_date));
                let help = m.help.iter().map(|h| h.label().to_lowercase()).collect::<Vec<_>>().join(", ");
                let mut line = format!("{} ({})", m.full_name, about.join(", "));
                if !help.is_empty() {
                    line.push_str(&format!(": {help}"));
                }
                if let Some(detail) = &m.help_detail {
                    line.push_str(&format!(" — {detail}"));
                }
                line
            })
            .collect::<Vec<_>>()
            .join("; ");
        vec![
            ("Дата поступления", crate::time::format_naive_date(self.received_on)),
            ("Принял(а)", self.received_by_name.clone()),
            ("Кто подаёт", self.applicant_kind.label().to_string()),
            ("Заявитель", self.applicant_name.clone().unwrap_or_default()),
            ("Организация", self.organisation.clone().unwrap_or_default()),
            ("Телефон заявителя", self.applicant_phone.clone().unwrap_or_default()),
            ("Гражданин", self.citizen_name.clone()),
            ("Дата рождения гражданина", day(self.citizen_birth_date)),
            ("Адрес", self.address.clone()),
            ("Участок", self.district_name.clone().unwrap_or_default()),
            ("Виды социальных услуг", self.services_line()),
            ("Члены семьи и виды помощи", members),
            ("Обстоятельства", self.circumstances.clone()),
            ("Дата согласия на обработку ПДн", crate::time::format_naive_date(self.consent_on)),
        ]
    }

    /// The fields that differ from `before`, each with its two texts.
    pub fn changes_from(&self, before: &Application) -> Vec<ChangedField> {
        before
            .in_words()
            .into_iter()
            .zip(self.in_words())
            .filter(|((_, was), (_, now))| was != now)
            .map(|((label, was), (_, now))| ChangedField { label: label.to_string(), before: was, after: now })
            .collect()
    }

    /// «№ 12 от 01.12.2026».
    pub fn label(&self) -> String {
        format!("№ {} от {}", self.number, self.received_on.format("%d.%m.%Y"))
    }

    /// The journal's «Заявитель» column: the citizen, or who applied for them.
    pub fn applicant(&self) -> String {
        match self.applicant_kind {
            ApplicantKind::Citizen => self.citizen_name.clone(),
            ApplicantKind::Organisation => {
                let org = self.organisation.clone().unwrap_or_default();
                match &self.applicant_name {
                    Some(person) => format!("{org} ({person})"),
                    None => org,
                }
            }
            kind => {
                let who = self.applicant_name.clone().unwrap_or_default();
                format!("{who} — {}", kind.label().to_lowercase())
            }
        }
    }

    /// The kinds of social services, as one line.
    pub fn services_line(&self) -> String {
        self.services.iter().map(|s| s.label()).collect::<Vec<_>>().join(", ")
    }
}

/// One member row of the form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberForm {
    pub full_name: String,
    pub relation: String,
    pub birth_date: String,
    pub help: Vec<String>,
    pub help_detail: String,
}

/// The application form exactly as typed: on an error it comes back unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationForm {
    pub received_on: String,
    /// A user key: who received the application.
    pub received_by: String,
    pub applicant_kind: String,
    pub applicant_name: String,
    pub organisation: String,
    pub applicant_phone: String,
    pub citizen_name: String,
    pub citizen_birth_date: String,
    pub address: String,
    pub district: String,
    pub services: Vec<String>,
    pub members: Vec<MemberForm>,
    pub circumstances: String,
    pub consent: bool,
    pub consent_on: String,
}

/// Filters of the journal of applications, as they stand in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationQuery {
    /// First day of the period, «2026-11-01».
    pub from: String,
    /// Last day of the period (inclusive).
    pub to: String,
    pub district: String,
    /// A kind of service the application asks for.
    pub service: String,
    /// «open»: no case yet; «case»: a case is opened or the application is attached.
    pub status: String,
    /// Part of the citizen's or the applicant's name.
    pub q: String,
}

impl ApplicationQuery {
    pub fn to_query_string(&self) -> String {
        crate::url::query_string(&[
            ("from", &self.from),
            ("to", &self.to),
            ("district", &self.district),
            ("service", &self.service),
            ("status", &self.status),
            ("q", &self.q),
        ])
    }

    /// The filters in words, for the audit trail and the headings of the print and the export.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let day = |s: &str| crate::time::parse_date(s).map(crate::time::format_naive_date);
        match (day(&self.from), day(&self.to)) {
            (Some(f), Some(t)) => parts.push(format!("с {f} по {t}")),
            (Some(f), None) => parts.push(format!("с {f}")),
            (None, Some(t)) => parts.push(format!("по {t}")),
            (None, None) => {}
        }
        if let Some(s) = ServiceKind::from_code(&self.service) {
            parts.push(format!("услуги: {}", s.label().to_lowercase()));
        }
        match self.status.as_str() {
            "open" => parts.push("без случая".into()),
            "case" => parts.push("со случаем".into()),
            _ => {}
        }
        if !self.district.is_empty() {
            parts.push("по участку".into());
        }
        if !self.q.trim().is_empty() {
            parts.push(format!("поиск «{}»", self.q.trim()));
        }
        if parts.is_empty() {
            "все заявления".into()
        } else {
            parts.join(", ")
        }
    }
}

/// The journal page: the applications found, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApplicationPage {
    pub applications: Vec<Application>,
    /// More matched than one page shows.
    pub more: bool,
    pub can_register: bool,
}

/// A staff member who may receive an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receiver {
    pub id: String,
    pub full_name: String,
}

/// What the application form needs: the blank form and the lists it chooses from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationLists {
    pub form: ApplicationForm,
    pub districts: Vec<crate::districts::DistrictOption>,
    pub receivers: Vec<Receiver>,
}

/// A registered application opened for a correction: its form as stored, the version the
/// correction answers, its number for the heading, and whether its date may change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationCorrection {
    pub id: String,
    pub label: String,
    pub version: i64,
    pub lists: ApplicationLists,
    /// A case counts its clock from the date: it stays.
    pub date_locked: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filters_in_words_and_in_the_url() {
        let q = ApplicationQuery {
            from: "2026-11-01".into(),
            to: "2026-11-30".into(),
            status: "open".into(),
            q: "Сидорова".into(),
            ..Default::default()
        };
        assert_eq!(q.describe(), "с 01.11.2026 по 30.11.2026, без случая, поиск «Сидорова»");
        assert!(q.to_query_string().starts_with("?from=2026-11-01&to=2026-11-30&status=open&q="));
        assert_eq!(ApplicationQuery::default().describe(), "все заявления");
    }
}
