//! The words of «Социальный патруль» (seed 000 §3.1.2, §4.4.7, §4.4.14; the caseworker's duties
//! 4.7): a raid with its date, route and districts, who took part (staff, police officers,
//! partners of the resource map), the people and families met, what was found and done.

use crate::labeled_enum;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

labeled_enum! {
    /// Where a raid stands: planned, then held (with its findings).
    pub enum RaidState {
        Planned => "planned", "Запланирован",
        Held => "held", "Проведён",
        Cancelled => "cancelled", "Отменён",
    }
}

labeled_enum! {
    /// Who a participant of a raid is.
    pub enum ParticipantKind {
        Staff => "staff", "Сотрудник учреждения",
        Police => "police", "Сотрудник полиции",
        Partner => "partner", "Партнёр из карты ресурсов",
    }
}

/// A participant of a raid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// The participant's key within the raid.
    pub key: String,
    pub kind: ParticipantKind,
    /// The account of a staff member.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The partner of the resource map.
    #[serde(default)]
    pub partner_id: Option<String>,
    /// The person's name (for a partner: its representative, may be empty).
    pub full_name: String,
    #[serde(default)]
    pub position: String,
    /// The department of a police officer, the partner's name, the institution for staff.
    #[serde(default)]
    pub organisation: String,
}

impl Participant {
    /// «Смирнов А. В., участковый уполномоченный полиции, ОМВД России по г. Югорску».
    pub fn describe(&self) -> String {
        [self.full_name.as_str(), self.position.as_str(), self.organisation.as_str()]
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A person or family met on a raid, with what was found and what was done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Met {
    pub key: String,
    pub full_name: String,
    #[serde(default)]
    pub age: Option<i64>,
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    pub address: String,
    /// Who else: «с сыном 7 лет».
    #[serde(default)]
    pub family: String,
    /// What was found.
    pub situation: String,
    /// Help given on the spot.
    #[serde(default)]
    pub help: String,
    /// The appeal registered in the journal from this meeting.
    #[serde(default)]
    pub journal_entry_id: Option<String>,
    /// «№ 15/2026».
    #[serde(default)]
    pub journal_number: Option<String>,
    /// The case the person is linked to.
    #[serde(default)]
    pub case_id: Option<String>,
    /// «2026-0042».
    #[serde(default)]
    pub case_number: Option<String>,
    /// The partner of the resource map the person was referred to.
    #[serde(default)]
    pub referred_partner_id: Option<String>,
    /// Where the person was referred: the partner's name or an agency typed by hand.
    #[serde(default)]
    pub referred_to: String,
}

impl Met {
    /// «45 лет» or «12.03.1981 г. р. (45 лет)», empty when neither is known.
    pub fn age_text(&self, today: NaiveDate) -> String {
        match (self.birth_date, self.age) {
            (Some(b), _) => format!("{} г. р. ({})", crate::time::format_naive_date(b), years(age_on(b, today))),
            (None, Some(a)) => years(a),
            (None, None) => String::new(),
        }
    }

    /// What was done, in one line for the protocol.
    pub fn done_text(&self) -> String {
        let mut parts = Vec::new();
        if !self.help.trim().is_empty() {
            parts.push(self.help.trim().to_string());
        }
        if let Some(n) = &self.journal_number {
            parts.push(format!("зарегистрировано обращение в журнале {n}"));
        }
        if let Some(n) = &self.case_number {
            parts.push(format!("случай № {n}"));
        }
        if !self.referred_to.trim().is_empty() {
            parts.push(format!("направлен(а): {}", self.referred_to.trim()));
        }
        parts.join("; ")
    }
}

/// Full years between a birth date and a day.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> i64 {
    let mut age = i64::from(day.year() - birth.year());
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age.max(0)
}

/// «1 год», «3 года», «45 лет».
pub fn years(n: i64) -> String {
    let word = match (n % 10, n % 100) {
        (_, 11..=14) => "лет",
        (1, _) => "год",
        (2..=4, _) => "года",
        _ => "лет",
    };
    format!("{n} {word}")
}

/// A raid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Raid {
    pub id: String,
    /// «3/2026».
    pub number: String,
    pub date: NaiveDate,
    /// «18:00».
    pub start_time: String,
    #[serde(default)]
    pub end_time: String,
    /// The route or the addresses.
    pub route: String,
    pub district_ids: Vec<String>,
    pub district_names: Vec<String>,
    #[serde(default)]
    pub purpose: String,
    pub state: RaidState,
    pub participants: Vec<Participant>,
    pub met: Vec<Met>,
    /// What the raid found and did, written when it is marked held.
    #[serde(default)]
    pub findings: String,
    pub held_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub held_by_name: String,
    /// Why a planned raid was cancelled, who cancelled it and when.
    #[serde(default)]
    pub cancel_reason: String,
    pub cancelled_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub cancelled_by_name: String,
    pub created_by_name: String,
    pub version: i64,
}

impl Raid {
    /// «05.12.2026, 18:00–21:00».
    pub fn when(&self) -> String {
        let date = crate::time::format_naive_date(self.date);
        if self.end_time.is_empty() {
            format!("{date}, {}", self.start_time)
        } else {
            format!("{date}, {}–{}", self.start_time, self.end_time)
        }
    }
}

/// What a raid's page needs: the raid (none for a new one) and what its forms choose from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RaidDetails {
    pub raid: Option<Raid>,
    pub today: NaiveDate,
    pub districts: Vec<Choice>,
    pub staff: Vec<Choice>,
    pub partners: Vec<Choice>,
    /// The user may open a case from a journal entry (the journal is hers to read).
    pub may_open_case_from_entry: bool,
}

/// An option of a select: key, name and a detail (a role, a partner's kind).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub detail: String,
}

/// The plan of a raid, as its form gives it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RaidForm {
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub route: String,
    pub districts: Vec<String>,
    pub purpose: String,
}

impl RaidForm {
    pub fn of(raid: &Raid) -> Self {
        RaidForm {
            date: crate::time::format_iso_date(raid.date),
            start_time: raid.start_time.clone(),
            end_time: raid.end_time.clone(),
            route: raid.route.clone(),
            districts: raid.district_ids.clone(),
            purpose: raid.purpose.clone(),
        }
    }
}

/// A participant, as the form gives them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ParticipantForm {
    pub kind: String,
    /// The staff member's account.
    pub user: String,
    /// The partner of the resource map.
    pub partner: String,
    pub full_name: String,
    pub position: String,
    /// A police officer's department.
    pub organisation: String,
}

/// A person or family met, as the form gives them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MetForm {
    pub full_name: String,
    pub age: String,
    pub birth_date: String,
    pub address: String,
    pub family: String,
    pub situation: String,
    pub help: String,
    /// «2026-0042»: a case the person is linked to.
    pub case_number: String,
    pub referred_partner: String,
    pub referred_to: String,
}

impl MetForm {
    pub fn of(met: &Met) -> Self {
        MetForm {
            full_name: met.full_name.clone(),
            age: met.age.map(|a| a.to_string()).unwrap_or_default(),
            birth_date: met.birth_date.map(crate::time::format_iso_date).unwrap_or_default(),
            address: met.address.clone(),
            family: met.family.clone(),
            situation: met.situation.clone(),
            help: met.help.clone(),
            case_number: met.case_number.clone().unwrap_or_default(),
            referred_partner: met.referred_partner_id.clone().unwrap_or_default(),
            referred_to: if met.referred_partner_id.is_some() { String::new() } else { met.referred_to.clone() },
        }
    }
}

/// Marking a raid held: its findings and when it ended.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HoldForm {
    pub findings: String,
    pub end_time: String,
}

/// The list's period, as it stands in the URL («2026-11-01»); empty: the last three months and
/// all planned raids.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PatrolQuery {
    pub from: String,
    pub to: String,
}

/// The list of raids: the planned first (nearest first), then the held (newest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatrolList {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub planned: Vec<Raid>,
    pub held: Vec<Raid>,
}

/// What the start pages show of the patrol: the next planned raid.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PatrolNotices {
    pub next_date: Option<NaiveDate>,
    pub next_time: String,
    pub planned: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn ages_are_full_years_in_russian_words() {
        assert_eq!(age_on(day("1981-03-12"), day("2026-03-11")), 44);
        assert_eq!(age_on(day("1981-03-12"), day("2026-03-12")), 45);
        assert_eq!(years(1), "1 год");
        assert_eq!(years(3), "3 года");
        assert_eq!(years(11), "11 лет");
        assert_eq!(years(45), "45 лет");
        assert_eq!(years(22), "22 года");
    }

    #[test]
    fn what_was_done_reads_as_one_line() {
        let met = Met {
            key: "k".into(),
            full_name: "Иванов Иван".into(),
            age: Some(40),
            birth_date: None,
            address: "ул. Ленина, 1".into(),
            family: String::new(),
            situation: "Без работы".into(),
            help: "Выдан продуктовый набор".into(),
            journal_entry_id: Some("e".into()),
            journal_number: Some("№ 15/2026".into()),
            case_id: None,
            case_number: None,
            referred_partner_id: None,
            referred_to: "Центр занятости".into(),
        };
        assert_eq!(
            met.done_text(),
            "Выдан продуктовый набор; зарегистрировано обращение в журнале № 15/2026; направлен(а): Центр занятости"
        );
        assert_eq!(met.age_text(day("2026-12-05")), "40 лет");
    }
}
