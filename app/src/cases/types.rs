//! A case (случай сопровождения): a citizen or a family, its members, its stage in the
//! lifecycle of DOMAIN.md §2 and the statutory clocks that run on it.

use crate::labeled_enum;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

labeled_enum! {
    /// The stages of a case, in order (seed 000 §4.1; seed 003 items 2–7).
    pub enum Stage {
        Appeal => "appeal", "Обращение, выявление",
        Intake => "intake", "Первичный приём и диагностика",
        Assessment => "assessment", "Оценка нуждаемости",
        Plan => "plan", "План (ИППСУ, ИПСС)",
        Implementation => "implementation", "Реализация",
        Evaluation => "evaluation", "Оценка и заключение",
        Closed => "closed", "Закрыт",
    }
}

impl Stage {
    /// The codes of the stages of an open case. A condition `stage IN` these is served by the
    /// stage index, where `stage != 'closed'` reads every case.
    pub fn open_codes() -> Vec<&'static str> {
        Stage::ALL.iter().filter(|s| **s != Stage::Closed).map(|s| s.code()).collect()
    }
    /// Position in the lifecycle, from 0.
    pub fn index(self) -> usize {
        Stage::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
    pub fn next(self) -> Option<Stage> {
        Stage::ALL.get(self.index() + 1).copied()
    }
    /// A short name for a narrow board column.
    pub fn short_label(self) -> &'static str {
        match self {
            Stage::Appeal => "Обращение",
            Stage::Intake => "Приём и диагностика",
            Stage::Assessment => "Оценка нуждаемости",
            Stage::Plan => "План",
            Stage::Implementation => "Реализация",
            Stage::Evaluation => "Оценка и заключение",
            Stage::Closed => "Закрыт",
        }
    }
}

labeled_enum! {
    /// Target groups of the department (seed 000 §1.3; DOMAIN.md §2).
    pub enum Category {
        FamilyWithChildren => "family_children", "Семья с детьми",
        LargeFamily => "large_family", "Многодетная семья",
        DangerousPosition => "sop", "Социально опасное положение",
        NoParentalCare => "no_parental_care", "Ребёнок без попечения родителей",
        DisabledChild => "disabled_child", "Ребёнок-инвалид",
        MinorAtRisk => "minor_risk", "Несовершеннолетний группы риска",
        Elderly => "elderly", "Пожилой гражданин",
        Disabled => "disabled", "Инвалид",
        Homeless => "homeless", "Без определённого места жительства",
        Released => "released", "Освободившийся из мест лишения свободы",
        Dependent => "dependent", "Зависимость",
        DifficultSituation => "tzhs", "Трудная жизненная ситуация",
        CareLeaver => "care_leaver", "Выпускник детского дома",
        Foreigner => "foreigner", "Иностранный гражданин (адаптация)",
        SvoParticipant => "svo_participant", "Участник СВО",
        SvoFamily => "svo_family", "Семья участника СВО",
        SocialContract => "social_contract", "Социальный контракт",
    }
}

labeled_enum! {
    /// A member's relation to the applicant. `Child` is the older code for a son or a daughter,
    /// kept valid for the cases recorded with it.
    pub enum Relation {
        Applicant => "applicant", "Заявитель",
        Spouse => "spouse", "Супруг(а)",
        Son => "son", "Сын",
        Daughter => "daughter", "Дочь",
        Child => "child", "Сын, дочь",
        Parent => "parent", "Мать, отец",
        Grandparent => "grandparent", "Бабушка, дедушка",
        Grandchild => "grandchild", "Внук, внучка",
        Sibling => "sibling", "Брат, сестра",
        Guardian => "guardian", "Опекун, попечитель",
        Ward => "ward", "Подопечный",
        Other => "other", "Другое",
    }
}

impl Relation {
    /// The relation a person wrote in words («дочь», «супруга», «бабушка»), «другое» when the
    /// words name none of the list.
    pub fn from_words(words: &str) -> Relation {
        let w = words.trim().to_lowercase().replace('ё', "е");
        let starts = |prefixes: &[&str]| prefixes.iter().any(|p| w.starts_with(p));
        if starts(&["сын"]) {
            Relation::Son
        } else if starts(&["доч"]) {
            Relation::Daughter
        } else if starts(&["супруг", "муж", "жена"]) {
            Relation::Spouse
        } else if starts(&["мать", "мама", "отец", "папа", "родител"]) {
            Relation::Parent
        } else if starts(&["бабушк", "дедушк", "дед"]) {
            Relation::Grandparent
        } else if starts(&["внук", "внучк"]) {
            Relation::Grandchild
        } else if starts(&["брат", "сестр"]) {
            Relation::Sibling
        } else if starts(&["опекун", "попечител"]) {
            Relation::Guardian
        } else if starts(&["подопечн"]) {
            Relation::Ward
        } else {
            Relation::Other
        }
    }
}

labeled_enum! {
    /// Where the case came from.
    pub enum Source {
        Journal => "journal", "Обращение в «Семейную диспетчерскую»",
        Agency => "agency", "Направление ведомства",
        Round => "round", "Выявлен при подворном обходе",
        Personal => "personal", "Личное обращение",
    }
}

labeled_enum! {
    /// Whether the case is one citizen or a family.
    pub enum CaseKind {
        Family => "family", "Семья",
        Citizen => "citizen", "Гражданин",
    }
}

/// A member of the family (or the citizen themself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub relation: Relation,
    pub categories: Vec<Category>,
}

impl Member {
    /// Full years on a given day.
    pub fn age_on(&self, today: NaiveDate) -> Option<u32> {
        use chrono::Datelike;
        let born = self.birth_date?;
        let mut years = today.year() - born.year();
        if (today.month(), today.day()) < (born.month(), born.day()) {
            years -= 1;
        }
        u32::try_from(years).ok()
    }
}

labeled_enum! {
    /// The statutory clocks of a case (DOMAIN.md §2).
    pub enum ClockKind {
        Intake => "intake", "Сбор и анализ сведений (3 раб. дня)",
        Proposals => "proposals", "Предложения к ИППСУ (5 раб. дней)",
        ImplementationStart => "implementation", "Начало реализации (15 раб. дней)",
    }
}

impl ClockKind {
    /// Length of the clock in working days.
    pub fn working_days(self) -> u32 {
        match self {
            ClockKind::Intake => 3,
            ClockKind::Proposals => 5,
            ClockKind::ImplementationStart => 15,
        }
    }
    /// A short name for a card.
    pub fn short_label(self) -> &'static str {
        match self {
            ClockKind::Intake => "Сбор сведений",
            ClockKind::Proposals => "Предложения к ИППСУ",
            ClockKind::ImplementationStart => "Начало реализации",
        }
    }
}

/// Where a clock stands today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockState {
    /// Its start has not happened yet (no approved plan for the implementation clock).
    NotStarted,
    /// Running: `days_left` working days until `due` (0 — due today).
    Running { due: NaiveDate, days_left: i64 },
    /// Past its deadline and not met: `days_over` working days late.
    Overdue { due: NaiveDate, days_over: i64 },
    /// Met on `on`; `late_by` working days after the deadline (0 — in time).
    Met { due: NaiveDate, on: NaiveDate, late_by: i64 },
    /// The case closed before the clock was met.
    Cancelled,
}

/// One clock with its state, for the card and the case page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    pub kind: ClockKind,
    pub state: ClockState,
    /// The deadline lies in a year without an official production calendar: it may move.
    #[serde(default)]
    pub preliminary: bool,
}

/// How a deadline looks: calm, soon, today, overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Urgency {
    Calm,
    Soon,
    Today,
    Overdue,
}

impl Clock {
    pub fn urgency(&self) -> Option<Urgency> {
        match self.state {
            ClockState::Running { days_left: 0, .. } => Some(Urgency::Today),
            ClockState::Running { days_left, .. } if days_left <= 1 => Some(Urgency::Soon),
            ClockState::Running { .. } => Some(Urgency::Calm),
            ClockState::Overdue { .. } => Some(Urgency::Overdue),
            _ => None,
        }
    }

    /// «осталось 2 рабочих дня (до 27.11.2026)», «просрочено на 3 рабочих дня», …
    pub fn describe(&self) -> String {
        use crate::calendar::working_days_phrase;
        use crate::time::format_naive_date;
        match &self.state {
            ClockState::NotStarted => "не начат".into(),
            ClockState::Running { due, days_left: 0 } => format!("срок сегодня, {}", format_naive_date(*due)),
            ClockState::Running { due, days_left } => {
                format!("осталось {} (до {})", working_days_phrase(*days_left), format_naive_date(*due))
            }
            // The deadline passed on the last working day and today is a day off.
            ClockState::Overdue { due, days_over: 0 } => format!("срок истёк {}", format_naive_date(*due)),
            ClockState::Overdue { due, days_over } => {
                format!("просрочено на {} (срок {})", working_days_phrase(*days_over), format_naive_date(*due))
            }
            ClockState::Met { on, late_by: 0, .. } => format!("выполнено в срок, {}", format_naive_date(*on)),
            ClockState::Met { on, late_by, .. } => {
                format!("выполнено {} с опозданием на {}", format_naive_date(*on), working_days_phrase(*late_by))
            }
            ClockState::Cancelled => "не применяется: случай закрыт".into(),
        }
    }

    /// Short text for a card: «2 р. д.», «сегодня», «−3 р. д.».
    pub fn badge(&self) -> Option<String> {
        match self.state {
            ClockState::Running { days_left: 0, .. } => Some("срок сегодня".into()),
            ClockState::Running { days_left, .. } => Some(format!("осталось {days_left} р. д.")),
            ClockState::Overdue { days_over: 0, .. } => Some("срок истёк".into()),
            ClockState::Overdue { days_over, .. } => Some(format!("просрочено {days_over} р. д.")),
            _ => None,
        }
    }

    pub fn due(&self) -> Option<NaiveDate> {
        match self.state {
            ClockState::Running { due, .. } | ClockState::Overdue { due, .. } => Some(due),
            _ => None,
        }
    }
}

/// One event of a case's history: created, moved, curator changed, edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseEvent {
    pub at: DateTime<Utc>,
    pub by_name: String,
    /// «created», «move», «assign», «edit».
    pub kind: String,
    pub from_stage: Option<Stage>,
    pub to_stage: Option<Stage>,
    pub comment: Option<String>,
    /// What changed, in words (curator, fields).
    pub detail: Option<String>,
}

/// A family's plan, on its card and its page: activities done of all, the next deadline, how
/// many are overdue today, and the plan's term with the working days left of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    pub done: u32,
    pub total: u32,
    pub next_due: Option<NaiveDate>,
    /// Unfinished activities whose deadline has passed.
    pub overdue: u32,
    /// The last day of the plan's term, while the plan is not concluded.
    pub until: Option<NaiveDate>,
    /// Working days from today to `until`: negative once the term has run out.
    pub until_left: Option<i64>,
}

/// The plan's term is shown on the card from this many working days before its end.
pub const TERM_WARNING_DAYS: i64 = 10;

impl Progress {
    /// «план заканчивается через 4 р. д.», «план заканчивается сегодня», «срок плана истёк 3 р. д.
    /// назад»; none while the end is further than [`TERM_WARNING_DAYS`] away.
    pub fn term_text(&self) -> Option<String> {
        match self.until_left? {
            left if left > TERM_WARNING_DAYS => None,
            left if left > 0 => Some(format!("план заканчивается через {left} р. д.")),
            0 => Some("план заканчивается сегодня".into()),
            left => Some(format!("срок плана истёк {} р. д. назад", -left)),
        }
    }

    /// The term has run out or is about to.
    pub fn term_ending(&self) -> bool {
        self.term_text().is_some()
    }

    /// «просрочено мероприятий: 2».
    pub fn overdue_text(&self) -> Option<String> {
        (self.overdue > 0).then(|| format!("просрочено мероприятий: {}", self.overdue))
    }
}

/// A case as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub id: String,
    /// «2026-0042».
    pub number: String,
    pub kind: CaseKind,
    /// «Семья Ивановых», «Петров Иван Сергеевич».
    pub title: String,
    pub members: Vec<Member>,
    /// Categories of the case: its own and its members'.
    pub categories: Vec<Category>,
    pub address: String,
    pub district_id: Option<String>,
    pub district_name: Option<String>,
    pub phone: Option<String>,
    pub consent: bool,
    pub consent_date: Option<NaiveDate>,
    pub curator_id: Option<String>,
    pub curator_name: Option<String>,
    pub source: Source,
    pub source_detail: Option<String>,
    /// The journal entry the case came from, with its number for the link's text.
    pub journal_entry_id: Option<String>,
    pub journal_entry_label: Option<String>,
    /// The application (заявление) the case was opened from or has attached.
    pub application_id: Option<String>,
    pub application_label: Option<String>,
    pub notes: String,
    pub stage: Stage,
    pub stage_since: DateTime<Utc>,
    /// The day of the appeal or detection: the clocks of intake and proposals count from it.
    pub detected_on: NaiveDate,
    /// The day the commission recognised the family as in need of social services.
    pub need_recognised_on: Option<NaiveDate>,
    /// The day the plan (ИППСУ / ИПСС) was approved: the implementation clock counts from it.
    pub plan_approved_on: Option<NaiveDate>,
    pub clocks: Vec<Clock>,
    /// The support plan's progress and term, once it has activities.
    #[serde(default)]
    pub plan: Option<Progress>,
    pub created_at: DateTime<Utc>,
    pub created_by_name: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by_name: String,
    pub version: i64,
}

/// A member as the form edits it: every field as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberForm {
    pub full_name: String,
    /// «2015-04-30» from a date input, or «30.04.2015».
    pub birth_date: String,
    pub relation: String,
    pub categories: Vec<String>,
}

/// The case form (new case, or the details of an existing one), as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseForm {
    pub kind: String,
    pub title: String,
    pub members: Vec<MemberForm>,
    /// Categories of the case as a whole (those of members are added to them).
    pub categories: Vec<String>,
    pub address: String,
    pub district: String,
    pub phone: String,
    pub consent: bool,
    pub consent_date: String,
    /// A user key, or empty.
    pub curator: String,
    pub source: String,
    pub source_detail: String,
    /// The journal entry the case is opened from (new cases only).
    pub journal_entry: String,
    /// The application the case is opened from (new cases only).
    #[serde(default)]
    pub application: String,
    pub notes: String,
    pub detected_on: String,
    pub need_recognised_on: String,
    pub plan_approved_on: String,
}

impl CaseForm {
    pub fn from_case(case: &Case) -> Self {
        let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        CaseForm {
            kind: case.kind.code().to_string(),
            title: case.title.clone(),
            members: case
                .members
                .iter()
                .map(|m| MemberForm {
                    full_name: m.full_name.clone(),
                    birth_date: date(m.birth_date),
                    relation: m.relation.code().to_string(),
                    categories: m.categories.iter().map(|c| c.code().to_string()).collect(),
                })
                .collect(),
            categories: case.categories.iter().map(|c| c.code().to_string()).collect(),
            address: case.address.clone(),
            district: case.district_id.clone().unwrap_or_default(),
            phone: case.phone.as_deref().map(crate::phone::format_phone).unwrap_or_default(),
            consent: case.consent,
            consent_date: date(case.consent_date),
            curator: case.curator_id.clone().unwrap_or_default(),
            source: case.source.code().to_string(),
            source_detail: case.source_detail.clone().unwrap_or_default(),
            journal_entry: case.journal_entry_id.clone().unwrap_or_default(),
            application: case.application_id.clone().unwrap_or_default(),
            notes: case.notes.clone(),
            detected_on: case.detected_on.format("%Y-%m-%d").to_string(),
            need_recognised_on: date(case.need_recognised_on),
            plan_approved_on: date(case.plan_approved_on),
        }
    }
}

/// A caseworker who may curate cases, for the curator choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffOption {
    pub id: String,
    pub full_name: String,
    pub districts: Vec<String>,
    /// A caseworker (not only a supervisor): has a lane of their own on the board.
    pub caseworker: bool,
}

/// Everything the case page needs at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseDetails {
    /// The institution's date the clocks were computed for.
    pub today: NaiveDate,
    pub case: Case,
    pub history: Vec<CaseEvent>,
    /// Stages the user may move the case to from here, each with what is missing (empty — ready).
    pub moves: Vec<MoveOption>,
    pub can_edit: bool,
    pub can_assign: bool,
    pub can_approve_plan: bool,
}

/// A stage the case could go to, and what stops it now (empty when nothing does).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveOption {
    pub to: Stage,
    pub missing: Vec<String>,
    pub needs_comment: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relation_is_read_from_words() {
        assert_eq!(Relation::from_words("Дочь"), Relation::Daughter);
        assert_eq!(Relation::from_words("сын (приёмный)"), Relation::Son);
        assert_eq!(Relation::from_words("супруга"), Relation::Spouse);
        assert_eq!(Relation::from_words("внучка"), Relation::Grandchild);
        assert_eq!(Relation::from_words("бабушка"), Relation::Grandparent);
        assert_eq!(Relation::from_words("сосед"), Relation::Other);
    }
}

#[cfg(test)]
mod progress_tests {
    use super::*;

    fn left(days: i64) -> Progress {
        Progress { until_left: Some(days), ..Default::default() }
    }

    #[test]
    fn the_plans_term_is_told_in_working_days_when_it_is_near() {
        assert_eq!(left(11).term_text(), None);
        assert_eq!(left(4).term_text().as_deref(), Some("план заканчивается через 4 р. д."));
        assert_eq!(left(0).term_text().as_deref(), Some("план заканчивается сегодня"));
        assert_eq!(left(-3).term_text().as_deref(), Some("срок плана истёк 3 р. д. назад"));
        assert_eq!(Progress::default().term_text(), None);
        assert_eq!(
            Progress { overdue: 2, ..Default::default() }.overdue_text().as_deref(),
            Some("просрочено мероприятий: 2")
        );
    }
}

/// A case's number as people type it: «2026-0042» or «№ 2026-7» — (year, number).
pub fn parse_case_number(value: &str) -> Option<(i64, i64)> {
    let (year, number) = value.trim().trim_start_matches('№').trim().split_once('-')?;
    let year: i64 = year.trim().parse().ok()?;
    let number: i64 = number.trim().parse().ok()?;
    ((2000..=2200).contains(&year) && number > 0).then_some((year, number))
}
