//! What the registry of «дворовый» social management holds: a person 55+ or a disabled person of
//! a social district, the marks of the groups of special attention, the monthly contacts and the
//! alerts to the head of the department; the forms as typed and the registry's filters.

use crate::labeled_enum;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

labeled_enum! {
    pub enum Sex {
        Female => "female", "Женский",
        Male => "male", "Мужской",
    }
}

labeled_enum! {
    /// The group of disability (инвалидность), as the МСЭ set it.
    pub enum DisabilityGroup {
        First => "1", "I группа",
        Second => "2", "II группа",
        Third => "3", "III группа",
        Child => "child", "Ребёнок-инвалид",
    }
}

labeled_enum! {
    /// Groups of special attention («группы особого внимания», seed 002 §1.3, §2.2.4).
    pub enum AttentionGroup {
        RecentlyRetired => "recently_retired", "Недавно вышел(ла) на пенсию",
        NewlyArrived => "newly_arrived", "Прибыл(а) из другого региона или населённого пункта",
        Alone => "alone", "Проживает одиноко",
        VictimRisk => "victim_risk", "Риск виктимизации (мошенничество, насилие)",
        SocialTrouble => "social_trouble", "Социальное неблагополучие",
    }
}

labeled_enum! {
    /// How the caseworker reached the person (seed 002 §3.1.6).
    pub enum ContactWay {
        Visit => "visit", "Посещение на дому",
        Phone => "phone", "Телефонный звонок",
        Messenger => "messenger", "Мессенджер",
        Event => "event", "На мероприятии",
        Office => "office", "В учреждении",
    }
}

labeled_enum! {
    /// What the contact was for (seed 002 §3.1.6).
    pub enum ContactPurpose {
        Support => "support", "Психологическая поддержка",
        Informing => "informing", "Информирование о мероприятиях и услугах",
        Needs => "needs", "Уточнение текущих потребностей",
        Help => "help", "Содействие в решении проблем",
    }
}

labeled_enum! {
    /// What a person likes to take part in: the priorities of the individual needs card (seed
    /// 002 §3.1.6); an event suits those whose interests it names.
    pub enum Interest {
        Culture => "culture", "Культура: концерты, театр, выставки",
        SportHealth => "sport_health", "Спорт и здоровье",
        Tourism => "tourism", "Туризм и прогулки",
        Learning => "learning", "Обучение, новые навыки",
        Volunteering => "volunteering", "Добровольчество («серебряные» волонтёры)",
        Work => "work", "Работа, подработка",
        Safety => "safety", "Личная безопасность",
    }
}

labeled_enum! {
    /// Why a person left the registry.
    pub enum LeftReason {
        Moved => "moved", "Переехал(а) с участка",
        Died => "died", "Умер(ла)",
        Institution => "institution", "Поступил(а) в стационарное учреждение",
        Refused => "refused", "Отказался(лась) от сопровождения",
    }
}

/// A mark of a group of special attention, with the day it was noted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttentionMark {
    pub group: AttentionGroup,
    pub since: NaiveDate,
    pub note: Option<String>,
}

/// A person of the registry, as the pages show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Elder {
    pub id: String,
    pub full_name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub disability: Option<DisabilityGroup>,
    pub disability_since: Option<NaiveDate>,
    pub address: String,
    pub district_id: String,
    pub district_name: String,
    /// Canonical numbers (`+7…`).
    pub phones: Vec<String>,
    /// Messenger and how to find the person there: «WhatsApp, тот же номер».
    pub messenger: Option<String>,
    /// Who lives with the person: «одна», «с супругом», «с дочерью и внуком».
    pub lives_with: String,
    pub consent_on: NaiveDate,
    pub marks: Vec<AttentionMark>,
    #[serde(default)]
    pub interests: Vec<Interest>,
    pub case_id: Option<String>,
    pub case_label: Option<String>,
    pub notes: Option<String>,
    /// The day of the latest contact, if any.
    pub last_contact_on: Option<NaiveDate>,
    pub last_contact_way: Option<ContactWay>,
    pub in_registry: bool,
    pub left_reason: Option<LeftReason>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by_name: String,
}

impl Elder {
    /// The person's form as if typed again: what an edit starts from.
    pub fn to_form(&self) -> ElderForm {
        let day = |d: Option<NaiveDate>| d.map(crate::time::format_iso_date).unwrap_or_default();
        ElderForm {
            full_name: self.full_name.clone(),
            sex: self.sex.code().to_string(),
            birth_date: crate::time::format_iso_date(self.birth_date),
            disability: self.disability.map(|d| d.code().to_string()).unwrap_or_default(),
            disability_since: day(self.disability_since),
            address: self.address.clone(),
            district: self.district_id.clone(),
            phone: self.phones.first().cloned().map(|p| crate::phone::format_phone(&p)).unwrap_or_default(),
            phone2: self.phones.get(1).cloned().map(|p| crate::phone::format_phone(&p)).unwrap_or_default(),
            messenger: self.messenger.clone().unwrap_or_default(),
            lives_with: self.lives_with.clone(),
            consent: true,
            consent_on: crate::time::format_iso_date(self.consent_on),
            marks: self
                .marks
                .iter()
                .map(|m| MarkForm {
                    group: m.group.code().to_string(),
                    since: crate::time::format_iso_date(m.since),
                    note: m.note.clone().unwrap_or_default(),
                })
                .collect(),
            interests: self.interests.iter().map(|i| i.code().to_string()).collect(),
            case_number: self.case_label.as_deref().and_then(|l| l.split_whitespace().next()).unwrap_or("").to_string(),
            notes: self.notes.clone().unwrap_or_default(),
            left_reason: self.left_reason.map(|r| r.code().to_string()).unwrap_or_default(),
        }
    }

    pub fn has_group(&self, group: AttentionGroup) -> bool {
        self.marks.iter().any(|m| m.group == group)
    }
}

/// A mark row of the form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MarkForm {
    pub group: String,
    pub since: String,
    pub note: String,
}

/// The person's form exactly as typed: on an error it comes back unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ElderForm {
    pub full_name: String,
    pub sex: String,
    pub birth_date: String,
    pub disability: String,
    pub disability_since: String,
    pub address: String,
    pub district: String,
    pub phone: String,
    pub phone2: String,
    pub messenger: String,
    pub lives_with: String,
    pub consent: bool,
    pub consent_on: String,
    pub marks: Vec<MarkForm>,
    pub interests: Vec<String>,
    /// «2026-0042»: the case of the person, when there is one.
    pub case_number: String,
    pub notes: String,
    /// Empty while the person is in the registry.
    pub left_reason: String,
}

/// A recorded contact with a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub id: String,
    pub elder_id: String,
    pub at: DateTime<Utc>,
    pub way: ContactWay,
    pub purposes: Vec<ContactPurpose>,
    pub result: String,
    /// A need found, to be followed up.
    pub need: Option<String>,
    /// A dangerous or conflict situation the head of the department was alerted to.
    pub danger: Option<String>,
    pub by_name: String,
}

/// The contact form as typed. `client_key` names it on the device that typed it, so that a
/// contact sent again after a lost answer is recorded once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactForm {
    pub client_key: String,
    /// «2026-12-04T10:30», local time.
    pub at: String,
    pub way: String,
    pub purposes: Vec<String>,
    pub result: String,
    pub need: String,
    pub danger: String,
}

/// An alert to the head of the department about a dangerous or conflict situation (seed 002
/// §4.3), shown until acknowledged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    pub id: String,
    pub elder_id: String,
    pub elder_name: String,
    pub address: String,
    pub district_name: String,
    pub text: String,
    pub at: DateTime<Utc>,
    pub by_name: String,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub acknowledged_by_name: Option<String>,
}

labeled_enum! {
    /// What became of a need found at a contact.
    pub enum NeedOutcome {
        Help => "help", "Помощь оказана",
        Case => "case", "Открыт случай сопровождения",
        Partner => "partner", "Передано партнёру",
        Service => "service", "Назначена социальная услуга",
        NotConfirmed => "not_confirmed", "Потребность не подтвердилась",
    }
}

/// A need found at a contact: a task until it is resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Need {
    pub id: String,
    pub elder_id: String,
    pub elder_name: String,
    pub address: String,
    pub district_name: String,
    pub text: String,
    pub at: DateTime<Utc>,
    pub by_name: String,
    pub open: bool,
    pub outcome: Option<NeedOutcome>,
    pub outcome_note: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by_name: Option<String>,
    /// The person has a case of social support.
    pub has_case: bool,
}

/// The open needs of the user's districts (or of one), the oldest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NeedsPage {
    pub needs: Vec<Need>,
    /// More open needs than shown.
    pub more: bool,
    pub districts: Vec<crate::districts::DistrictOption>,
    pub can_open_case: bool,
}

/// The registry's filters, as they stand in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegistryQuery {
    pub district: String,
    /// A group of special attention.
    pub group: String,
    /// «55-59», «60-69», «70-79», «80+».
    pub age: String,
    /// «any» (with a disability), «none», or a group's code.
    pub disability: String,
    /// «1»: only those without a contact this calendar month.
    pub uncontacted: String,
    /// Part of the name, the street or the house.
    pub q: String,
    /// «1»: those who left the registry.
    pub left: String,
}

impl RegistryQuery {
    pub fn to_query_string(&self) -> String {
        crate::url::query_string(&[
            ("district", &self.district),
            ("group", &self.group),
            ("age", &self.age),
            ("disability", &self.disability),
            ("uncontacted", &self.uncontacted),
            ("q", &self.q),
            ("left", &self.left),
        ])
    }

    /// The filters in words, for the audit trail and the export's heading.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.district.is_empty() {
            parts.push("по участку".to_string());
        }
        if let Some(g) = AttentionGroup::from_code(&self.group) {
            parts.push(format!("группа: {}", g.label().to_lowercase()));
        }
        if let Some(band) = AgeBand::from_code(&self.age) {
            parts.push(format!("возраст {}", band.label()));
        }
        match self.disability.as_str() {
            "" => {}
            "any" => parts.push("инвалиды".into()),
            "none" => parts.push("без инвалидности".into()),
            code => {
                if let Some(g) = DisabilityGroup::from_code(code) {
                    parts.push(g.label().to_lowercase());
                }
            }
        }
        if self.uncontacted == "1" {
            parts.push("без контакта в этом месяце".into());
        }
        if self.left == "1" {
            parts.push("выбывшие".into());
        }
        if !self.q.trim().is_empty() {
            parts.push(format!("поиск «{}»", self.q.trim()));
        }
        if parts.is_empty() {
            "весь реестр".into()
        } else {
            parts.join(", ")
        }
    }
}

labeled_enum! {
    /// Age bands of the registry's filter.
    pub enum AgeBand {
        UpTo54 => "0-54", "до 55 лет",
        From55 => "55-59", "55–59 лет",
        From60 => "60-69", "60–69 лет",
        From70 => "70-79", "70–79 лет",
        From80 => "80+", "80 лет и старше",
    }
}

impl AgeBand {
    /// The ages of the band, inclusive.
    pub fn ages(self) -> (u32, u32) {
        match self {
            AgeBand::UpTo54 => (0, 54),
            AgeBand::From55 => (55, 59),
            AgeBand::From60 => (60, 69),
            AgeBand::From70 => (70, 79),
            AgeBand::From80 => (80, 150),
        }
    }
}

/// A row of the registry and of the monthly round: what a caseworker needs to call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElderRow {
    pub id: String,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub disability: Option<DisabilityGroup>,
    pub address: String,
    pub district_id: String,
    pub district_name: String,
    pub phones: Vec<String>,
    pub groups: Vec<AttentionGroup>,
    pub last_contact_on: Option<NaiveDate>,
    pub last_contact_way: Option<ContactWay>,
}

/// Contacts of the month on a district: how many people of its registry were reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthTally {
    pub district_id: String,
    pub district_name: String,
    /// Caseworkers who work the district.
    pub caseworkers: Vec<String>,
    pub total: u64,
    pub reached: u64,
}

/// The month's contacts of the user's districts: a tally per district and the month in words.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MonthFigures {
    pub tallies: Vec<MonthTally>,
    /// «декабрь 2026».
    pub month: String,
}

/// The registry page: the people found, the month's tallies and the open alerts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegistryPage {
    pub people: Vec<ElderRow>,
    /// More matched than one page shows.
    pub more: bool,
    /// The user's districts (a supervisor: every district), for the counter.
    pub tallies: Vec<MonthTally>,
    /// «декабрь 2026».
    pub month: String,
    pub alerts: Vec<Alert>,
    pub can_acknowledge: bool,
    pub districts: Vec<crate::districts::DistrictOption>,
}

/// The monthly round («Кому я ещё не позвонила в этом месяце»): who is left, the longest
/// without a contact first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RoundPage {
    pub people: Vec<ElderRow>,
    pub more: bool,
    pub tallies: Vec<MonthTally>,
    pub month: String,
    pub districts: Vec<crate::districts::DistrictOption>,
    /// The district chosen (empty: all of the user's).
    pub district: String,
}

/// What the person form needs: the form (blank or as stored) and the districts to choose from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElderFormLists {
    pub form: ElderForm,
    pub districts: Vec<crate::districts::DistrictOption>,
    /// The record being edited, with its version; none for a new person.
    pub editing: Option<(String, i64)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filters_in_words_and_in_the_url() {
        let q = RegistryQuery {
            group: "alone".into(),
            uncontacted: "1".into(),
            q: "Ленина 12".into(),
            ..Default::default()
        };
        assert_eq!(q.describe(), "группа: проживает одиноко, без контакта в этом месяце, поиск «Ленина 12»");
        assert_eq!(q.to_query_string(), "?group=alone&uncontacted=1&q=%D0%9B%D0%B5%D0%BD%D0%B8%D0%BD%D0%B0+12");
        assert_eq!(RegistryQuery::default().describe(), "весь реестр");
    }
}
