//! The appeal journal of the family dispatch desk («Журнал учета обращений службы «Семейная
//! диспетчерская»»): what one entry holds and the closed lists it uses.

use crate::labeled_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

labeled_enum! {
    /// How the appeal reached the desk.
    pub enum Channel {
        Phone => "phone", "Телефон",
        Email => "email", "Электронная почта",
        InPerson => "in_person", "Личный приём",
        Messenger => "messenger", "Мессенджер",
        Web => "web", "Веб-форма",
        Agency => "agency", "Направление ведомства",
    }
}

labeled_enum! {
    /// Consultation topics of the desk (Положение о службе, п. 4.1.4).
    pub enum Topic {
        SocialServices => "social_services", "Социальные услуги учреждения",
        UrgentServices => "urgent_services", "Срочные социальные услуги",
        RehabAids => "rehab_aids", "Технические средства реабилитации, пункт проката",
        SocialTaxi => "social_taxi", "Социальное такси",
        ChildrenRest => "children_rest", "Отдых и оздоровление детей",
        FamilySupport => "family_support", "Меры поддержки семей с детьми",
        Helpline => "helpline", "Телефон доверия",
        Gosuslugi => "gosuslugi", "Регистрация на Госуслугах",
        SocialPortal => "social_portal", "Портал социальных услуг Югры",
        Other => "other", "Другое",
    }
}

labeled_enum! {
    /// Where an urgent appeal (threat to life or health) was passed at once.
    pub enum UrgentRecipient {
        Police => "police", "Полиция",
        Fire => "fire", "Пожарная служба (МЧС)",
        Ambulance => "ambulance", "Скорая медицинская помощь",
        Guardianship => "guardianship", "Органы опеки и попечительства",
        Other => "other", "Другое ведомство",
    }
}

labeled_enum! {
    /// How the appeal ended.
    pub enum Outcome {
        Consultation => "consultation", "Консультация дана",
        Referral => "referral", "Направлен к партнёру",
        Authority => "authority", "Передано в уполномоченный орган",
        CaseOpened => "case_opened", "Открыт случай",
    }
}

labeled_enum! {
    /// How the answer was given («способ направления» of the journal's last column).
    pub enum AnswerMethod {
        Oral => "oral", "устно",
        Phone => "phone", "по телефону",
        Email => "email", "по электронной почте",
        Post => "post", "почтой",
        Messenger => "messenger", "в мессенджере",
        InPerson => "in_person", "на личном приёме",
    }
}

/// The record that an urgent appeal was passed on: to whom, when, by whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UrgentHandoff {
    pub to: UrgentRecipient,
    /// The agency's name when `to` is «Другое ведомство», or a detail (e.g. the duty officer).
    pub to_detail: Option<String>,
    pub at: DateTime<Utc>,
    pub by: String,
}

impl UrgentHandoff {
    pub fn describe(&self) -> String {
        let mut text = self.to.label().to_string();
        if let Some(detail) = &self.to_detail {
            text.push_str(&format!(" ({detail})"));
        }
        format!("{text}, {}, передал(а) {}", crate::time::format_datetime(self.at), self.by)
    }
}

/// One entry of the journal as pages show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub id: String,
    /// № п/п: runs per calendar year.
    pub number: i64,
    pub year: i32,
    pub received_at: DateTime<Utc>,
    pub full_name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub summary: String,
    pub answer: Option<String>,
    pub answer_method: Option<AnswerMethod>,
    pub channel: Channel,
    pub topics: Vec<Topic>,
    pub district_id: Option<String>,
    pub district_name: Option<String>,
    pub urgent: bool,
    pub handoff: Option<UrgentHandoff>,
    pub outcome: Option<Outcome>,
    pub created_at: DateTime<Utc>,
    pub created_by_name: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by_name: String,
    pub version: i64,
    /// The case opened from this appeal, if any.
    #[serde(default)]
    pub case_id: Option<String>,
}

impl JournalEntry {
    /// An urgent appeal whose hand-off is not recorded yet: it stays on top of the journal.
    pub fn urgent_pending(&self) -> bool {
        self.urgent && self.handoff.is_none()
    }

    pub fn display_name(&self) -> &str {
        self.full_name.as_deref().unwrap_or("Аноним")
    }

    /// The journal's last column: «Краткое содержание ответа, способ направления».
    pub fn answer_column(&self) -> String {
        let mut parts = Vec::new();
        if let Some(answer) = &self.answer {
            parts.push(answer.clone());
        }
        if let Some(method) = self.answer_method {
            parts.push(method.label().to_string());
        }
        if let Some(handoff) = &self.handoff {
            parts.push(format!("Передано: {}", handoff.describe()));
        }
        if let Some(outcome) = self.outcome {
            parts.push(format!("Итог: {}", outcome.label().to_lowercase()));
        }
        parts.join("; ")
    }
}

/// What the appeal form sends: every field exactly as typed, so a rejected form comes back
/// unchanged and only the messages are new.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AppealForm {
    pub received_at: String,
    pub full_name: String,
    pub phone: String,
    pub address: String,
    pub summary: String,
    pub answer: String,
    pub answer_method: String,
    pub channel: String,
    pub topics: Vec<String>,
    pub district: String,
    pub urgent: bool,
    pub handoff_to: String,
    pub handoff_detail: String,
    pub handoff_at: String,
    pub handoff_by: String,
    pub outcome: String,
}

impl AppealForm {
    /// The form filled with an existing entry, for completing it later.
    pub fn from_entry(entry: &JournalEntry) -> Self {
        use crate::time::to_datetime_local;
        AppealForm {
            received_at: to_datetime_local(entry.received_at),
            full_name: entry.full_name.clone().unwrap_or_default(),
            phone: entry.phone.as_deref().map(crate::phone::format_phone).unwrap_or_default(),
            address: entry.address.clone().unwrap_or_default(),
            summary: entry.summary.clone(),
            answer: entry.answer.clone().unwrap_or_default(),
            answer_method: entry.answer_method.map(|m| m.code().to_string()).unwrap_or_default(),
            channel: entry.channel.code().to_string(),
            topics: entry.topics.iter().map(|t| t.code().to_string()).collect(),
            district: entry.district_id.clone().unwrap_or_default(),
            urgent: entry.urgent,
            handoff_to: entry.handoff.as_ref().map(|h| h.to.code().to_string()).unwrap_or_default(),
            handoff_detail: entry.handoff.as_ref().and_then(|h| h.to_detail.clone()).unwrap_or_default(),
            handoff_at: entry.handoff.as_ref().map(|h| to_datetime_local(h.at)).unwrap_or_default(),
            handoff_by: entry.handoff.as_ref().map(|h| h.by.clone()).unwrap_or_default(),
            outcome: entry.outcome.map(|o| o.code().to_string()).unwrap_or_default(),
        }
    }
}

/// Filters of the journal page, as they stand in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JournalQuery {
    /// First local day of the period, «2026-11-01».
    pub from: String,
    /// Last local day of the period (inclusive).
    pub to: String,
    pub channel: String,
    pub topic: String,
    pub district: String,
    /// «1» for urgent appeals only.
    pub urgent: String,
    /// An outcome code, or «open» for entries without an outcome.
    pub outcome: String,
    /// Free text: name, phone, address, the appeal or the answer.
    pub q: String,
    /// «1»: a text search over the whole journal, not only the last [`SEARCH_WINDOW_DAYS`].
    pub all: String,
    /// Page towards older entries: entries strictly older than this cursor.
    pub older: String,
    /// Page towards newer entries: entries strictly newer than this cursor.
    pub newer: String,
}

impl JournalQuery {
    pub fn is_filtered(&self) -> bool {
        !(self.from.is_empty()
            && self.to.is_empty()
            && self.channel.is_empty()
            && self.topic.is_empty()
            && self.district.is_empty()
            && self.urgent.is_empty()
            && self.outcome.is_empty()
            && self.q.trim().is_empty())
    }

    /// The same filters without a page cursor: the first page.
    pub fn first_page(&self) -> Self {
        JournalQuery { older: String::new(), newer: String::new(), ..self.clone() }
    }

    /// Query string of these filters for a link («?from=…&q=…»), empty values left out.
    pub fn to_query_string(&self) -> String {
        crate::url::query_string(&[
            ("from", &self.from),
            ("to", &self.to),
            ("channel", &self.channel),
            ("topic", &self.topic),
            ("district", &self.district),
            ("urgent", &self.urgent),
            ("outcome", &self.outcome),
            ("q", &self.q),
            ("all", &self.all),
            ("older", &self.older),
            ("newer", &self.newer),
        ])
    }
}

/// One page of the journal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JournalPage {
    /// Urgent appeals whose hand-off is not recorded yet, whatever the filters: they stay on top.
    pub pending_urgent: Vec<JournalEntry>,
    pub entries: Vec<JournalEntry>,
    /// Cursor for the next page towards older entries, if there is one.
    pub older_cursor: Option<String>,
    /// Cursor for the previous page towards newer entries, if there is one.
    pub newer_cursor: Option<String>,
    /// How many entries match the filters (at most [`COUNT_CAP`] for a text search).
    pub total: u64,
    /// A text search found more than [`COUNT_CAP`]: «более 1 000».
    #[serde(default)]
    pub total_capped: bool,
    /// The first day a text search looked at, when it kept to the recent window by default.
    #[serde(default)]
    pub searched_from: Option<chrono::NaiveDate>,
}

/// A text search without a period looks at the last this many days (a link widens it).
pub const SEARCH_WINDOW_DAYS: i64 = 90;
/// A text search counts its hits up to this many.
pub const COUNT_CAP: u64 = 1_000;

/// One event in the history of an entry: created or changed, by whom and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryEvent {
    pub at: DateTime<Utc>,
    pub user_name: String,
    pub action: String,
    pub changes: Vec<crate::audit::FieldChange>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_string_skips_empty_filters_and_encodes_cyrillic() {
        let q = JournalQuery { q: "Иванова 5".into(), urgent: "1".into(), ..Default::default() };
        assert_eq!(q.to_query_string(), "?urgent=1&q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0+5");
        assert_eq!(JournalQuery::default().to_query_string(), "");
    }

    #[test]
    fn codes_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::from_code(c.code()), Some(*c));
        }
        assert_eq!(Topic::from_code("nonsense"), None);
    }
}
