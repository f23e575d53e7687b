//! The family's route (маршрут сопровождения) for a СВО case: the diagnostic map of the family's
//! problems and resources (seed 004 III.6), the steps taken from the router maps into the route,
//! and the individual support plan (ИПСС, seed 004 III.7, seed 003 item 7) the route becomes.
//! Steps are copied into the route with the map's version, so a later edit of the map changes
//! no route already planned.

use crate::calendar::ProductionCalendar;
pub use crate::cases::card::Progress;
use crate::error::{AppError, FieldErrors};
use crate::router_maps::types::{RouterMap, Step, MAX_DURATION};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

crate::labeled_enum! {
    /// Where an activity of the plan stands.
    #[derive(Default)]
    pub enum ActivityStatus {
        #[default]
        Planned => "planned", "Запланировано",
        InProgress => "in_progress", "Выполняется",
        Done => "done", "Выполнено",
        NotAchieved => "not_achieved", "Не достигнуто",
    }
}

crate::labeled_enum! {
    /// The final conclusion on the plan («Заключение о выполнении/продолжении»).
    pub enum Outcome {
        Completed => "completed", "Сопровождение завершено, цели достигнуты",
        Continue => "continue", "Сопровождение продолжить",
        Stopped => "stopped", "Сопровождение прекращено",
    }
}

/// The whole family, in the diagnostic map's member list.
pub const WHOLE_FAMILY: &str = "Вся семья";

/// A situation of a router map that applies to the family.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Finding {
    /// The map's code and the situation's id.
    pub map: String,
    pub situation: String,
    /// The situation's title when it was found (it stays readable if the map changes).
    pub title: String,
    /// Whom it concerns: a member's name or «Вся семья».
    pub member: String,
    pub note: String,
}

/// The diagnostic map of the family's problems and resources.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Diagnostic {
    pub findings: Vec<Finding>,
    /// What the family itself can rely on.
    pub personal_resources: String,
    pub family_resources: String,
    pub social_resources: String,
    pub material_resources: String,
    pub filled_on: String,
}

impl Diagnostic {
    pub fn finding(&self, map: &str, situation: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.map == map && f.situation == situation)
    }
}

/// One activity of the plan: a step of a router map, taken into the route.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Activity {
    /// Unique within the route.
    pub key: String,
    pub map: String,
    pub map_version: i64,
    pub step: String,
    /// The situation it answers («задача»).
    pub situation: String,
    /// What is done («содержание»).
    pub title: String,
    pub content: String,
    pub documents: Vec<String>,
    pub help_kind: String,
    pub partner_kind: Option<String>,
    pub duration_days: u32,
    /// Where it is done: the partner chosen from the resource map.
    pub partner_id: Option<String>,
    pub partner_name: String,
    pub responsible_id: Option<String>,
    pub responsible_name: String,
    /// «YYYY-MM-DD».
    pub deadline: String,
    /// The deadline was set by hand, not computed.
    pub deadline_fixed: bool,
    pub status: ActivityStatus,
    pub result: String,
}

impl Activity {
    /// A step of a map as a new activity of the route.
    pub fn from_step(map: &RouterMap, situation: &str, step: &Step, key: String) -> Self {
        Activity {
            key,
            map: map.code.clone(),
            map_version: map.version,
            step: step.id.clone(),
            situation: situation.to_string(),
            title: step.title.clone(),
            content: step.content.clone(),
            documents: step.documents.clone(),
            help_kind: step.help_kind.clone(),
            partner_kind: step.partner_kind.clone(),
            duration_days: step.duration_days,
            ..Default::default()
        }
    }
}

/// A record of intermediate control (промежуточный контроль).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Control {
    pub on: String,
    pub text: String,
    pub by: String,
}

/// The individual support plan (ИПСС).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Plan {
    /// Members the plan covers.
    pub members: Vec<String>,
    /// The date deadlines count from, and the plan's term.
    pub start_on: String,
    pub term_until: String,
    /// `acts::types::SUPPORT_LEVELS` code.
    pub support_level: String,
    /// Reason and circumstances of the appeal.
    pub reason: String,
    pub activities: Vec<Activity>,
    pub controls: Vec<Control>,
    pub outcome: String,
    pub conclusion: String,
    pub recommendations: String,
}

/// What is saved at once: the diagnostic map and the plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RouteContent {
    pub diagnostic: Diagnostic,
    pub plan: Plan,
}

/// The route as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub content: RouteContent,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by_name: String,
}

/// A person who may be responsible for an activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Specialist {
    pub id: String,
    pub full_name: String,
    pub role: String,
}

/// Everything the route page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteDetails {
    pub case_id: String,
    pub case_number: String,
    pub case_title: String,
    pub address: String,
    pub district_id: Option<String>,
    pub district_name: Option<String>,
    pub curator_name: Option<String>,
    pub members: Vec<String>,
    /// The maps that fit the case's categories (participant, family member), current versions.
    pub maps: Vec<RouterMap>,
    pub route: Option<Route>,
    pub blank: RouteContent,
    pub specialists: Vec<Specialist>,
    pub help_kinds: Vec<crate::resources::types::HelpKind>,
    pub calendar: Vec<crate::calendar::CalendarException>,
    pub can_edit: bool,
}

/// A partner offered for an activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerOption {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub address: String,
    pub phone: Option<String>,
    /// Serves the family's district (or the whole town).
    pub near: bool,
    /// Of the kind of partner the step names.
    pub kind_fits: bool,
}

/// The plan's progress for its card.
pub fn progress_of(plan: &Plan) -> Progress {
    {
        let finished = |a: &&Activity| matches!(a.status, ActivityStatus::Done | ActivityStatus::NotAchieved);
        Progress {
            done: plan.activities.iter().filter(|a| a.status == ActivityStatus::Done).count() as u32,
            total: plan.activities.len() as u32,
            next_due: plan
                .activities
                .iter()
                .filter(|a| !finished(a))
                .filter_map(|a| crate::time::parse_date(&a.deadline))
                .min(),
        }
    }
}

/// Computes the deadlines of the route in order: each activity ends its typical duration in
/// working days after the previous one (the first after the plan's start); a deadline set by
/// hand stays and the ones after it count from it.
pub fn schedule(plan: &mut Plan, calendar: &ProductionCalendar, today: NaiveDate) {
    let mut cursor = crate::time::parse_date(&plan.start_on).unwrap_or(today);
    for activity in &mut plan.activities {
        let fixed = activity.deadline_fixed.then(|| crate::time::parse_date(&activity.deadline)).flatten();
        let deadline = fixed.unwrap_or_else(|| calendar.add_working_days(cursor, activity.duration_days.max(1)));
        activity.deadline = deadline.format("%Y-%m-%d").to_string();
        activity.deadline_fixed = fixed.is_some();
        cursor = deadline;
    }
}

/// A fresh key for an activity, unique in the route.
pub fn new_key(plan: &Plan, step: &str) -> String {
    let mut n = plan.activities.len() + 1;
    loop {
        let key = format!("{step}-{n}");
        if plan.activities.iter().all(|a| a.key != key) {
            return key;
        }
        n += 1;
    }
}

fn date_or_empty(errors: &mut FieldErrors, field: &str, value: &str, message: &str) -> Option<NaiveDate> {
    if value.trim().is_empty() {
        return None;
    }
    let date = crate::time::parse_date(value.trim());
    if date.is_none() {
        errors.add(field, message);
    }
    date
}

fn limit(errors: &mut FieldErrors, field: &str, value: &str, max: usize, what: &str) {
    if value.chars().count() > max {
        errors.add(field, format!("{what}: не длиннее {max} знаков"));
    }
}

/// Checks a route before it is saved. Texts are limited, dates must be dates, every activity
/// has a deadline; a finished activity has a result.
pub fn validate_route(content: &mut RouteContent) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    let d = &mut content.diagnostic;
    if d.findings.len() > 200 {
        errors.add("diagnostic", "Слишком много отмеченных ситуаций");
    }
    for (i, f) in d.findings.iter_mut().enumerate() {
        f.note = f.note.trim().to_string();
        limit(&mut errors, &format!("findings.{i}.note"), &f.note, 2000, "Примечание");
    }
    for (field, text) in [
        ("personal_resources", &d.personal_resources),
        ("family_resources", &d.family_resources),
        ("social_resources", &d.social_resources),
        ("material_resources", &d.material_resources),
    ] {
        limit(&mut errors, field, text, 4000, "Ресурсы");
    }
    date_or_empty(&mut errors, "filled_on", &d.filled_on, "Дата заполнения карты — в виде ДД.ММ.ГГГГ");

    let p = &mut content.plan;
    let start = date_or_empty(&mut errors, "start_on", &p.start_on, "Дата начала — в виде ДД.ММ.ГГГГ");
    if p.start_on.trim().is_empty() && !p.activities.is_empty() {
        // Without it the deadlines would count from a different day at every save.
        errors.add("start_on", "Укажите дату, от которой считаются сроки маршрута");
    }
    let until = date_or_empty(&mut errors, "term_until", &p.term_until, "Срок плана — в виде ДД.ММ.ГГГГ");
    if let (Some(start), Some(until)) = (start, until) {
        if until < start {
            errors.add("term_until", "Срок плана раньше его начала");
        }
    }
    if !p.support_level.is_empty() && !crate::acts::types::SUPPORT_LEVELS.iter().any(|(c, _)| *c == p.support_level) {
        errors.add("support_level", "Выберите уровень сопровождения из списка");
    }
    if !p.outcome.is_empty() && Outcome::from_code(&p.outcome).is_none() {
        errors.add("outcome", "Выберите заключение из списка");
    }
    limit(&mut errors, "reason", &p.reason, 4000, "Причина обращения");
    limit(&mut errors, "conclusion", &p.conclusion, 4000, "Заключение");
    limit(&mut errors, "recommendations", &p.recommendations, 4000, "Рекомендации");
    if p.activities.len() > 100 {
        errors.add("activities", "В маршруте больше 100 мероприятий");
    }
    let mut keys = std::collections::HashSet::new();
    for (i, a) in p.activities.iter_mut().enumerate() {
        let place = format!("Мероприятие {}", i + 1);
        a.result = a.result.trim().to_string();
        if a.key.is_empty() || a.key.len() > 80 || !keys.insert(a.key.clone()) {
            errors.add(&format!("activities.{i}.key"), format!("{place}: повторный ключ"));
        }
        if a.title.trim().is_empty() {
            errors.add(&format!("activities.{i}.title"), format!("{place}: укажите, что делается"));
        }
        limit(&mut errors, &format!("activities.{i}.title"), &a.title, 300, &place);
        limit(&mut errors, &format!("activities.{i}.content"), &a.content, 2000, &place);
        limit(&mut errors, &format!("activities.{i}.result"), &a.result, 2000, &format!("{place}, результат"));
        limit(&mut errors, &format!("activities.{i}.partner_name"), &a.partner_name, 300, &place);
        if a.duration_days == 0 || a.duration_days > MAX_DURATION {
            errors.add(
                &format!("activities.{i}.duration_days"),
                format!("{place}: срок — от 1 до {MAX_DURATION} рабочих дней"),
            );
        }
        if crate::time::parse_date(&a.deadline).is_none() {
            errors.add(&format!("activities.{i}.deadline"), format!("{place}: укажите срок в виде ДД.ММ.ГГГГ"));
        }
        if matches!(a.status, ActivityStatus::Done | ActivityStatus::NotAchieved) && a.result.is_empty() {
            errors.add(&format!("activities.{i}.result"), format!("{place}: опишите результат"));
        }
        for id in [&a.partner_id, &a.responsible_id].into_iter().flatten() {
            if !crate::keys::is_record_key(id) {
                errors.add(&format!("activities.{i}.partner_id"), format!("{place}: неизвестная ссылка"));
            }
        }
    }
    if p.controls.len() > 100 {
        errors.add("controls", "Слишком много записей контроля");
    }
    for (i, c) in p.controls.iter_mut().enumerate() {
        c.text = c.text.trim().to_string();
        if crate::time::parse_date(&c.on).is_none() {
            errors.add(&format!("controls.{i}.on"), format!("Контроль {}: укажите дату", i + 1));
        }
        if c.text.is_empty() {
            errors.add(&format!("controls.{i}.text"), format!("Контроль {}: опишите, что проверено", i + 1));
        }
        limit(&mut errors, &format!("controls.{i}.text"), &c.text, 2000, &format!("Контроль {}", i + 1));
    }
    errors.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DayKind;

    fn activity(key: &str, days: u32) -> Activity {
        Activity { key: key.into(), title: "Шаг".into(), duration_days: days, ..Default::default() }
    }

    fn date(s: &str) -> NaiveDate {
        crate::time::parse_date(s).unwrap()
    }

    #[test]
    fn deadlines_follow_each_other_in_working_days() {
        let calendar = ProductionCalendar::new([]);
        // Friday 6 November 2026; Wednesday 4 November is a holiday already behind.
        let mut plan = Plan {
            start_on: "2026-11-06".into(),
            activities: vec![activity("a", 1), activity("b", 5)],
            ..Default::default()
        };
        schedule(&mut plan, &calendar, date("2026-11-06"));
        assert_eq!(plan.activities[0].deadline, "2026-11-09"); // Monday
        assert_eq!(plan.activities[1].deadline, "2026-11-16"); // five working days on
    }

    #[test]
    fn holidays_and_transfers_push_deadlines() {
        // Thursday 30 April 2026: 1 May is a holiday, 4 May a transferred day off (as data).
        let calendar = ProductionCalendar::new([(date("2026-05-04"), DayKind::DayOff)]);
        let mut plan = Plan { start_on: "2026-04-30".into(), activities: vec![activity("a", 1)], ..Default::default() };
        schedule(&mut plan, &calendar, date("2026-04-30"));
        assert_eq!(plan.activities[0].deadline, "2026-05-05");
    }

    #[test]
    fn a_deadline_set_by_hand_stays_and_later_ones_count_from_it() {
        let calendar = ProductionCalendar::new([]);
        let mut first = activity("a", 1);
        first.deadline = "2026-12-01".into();
        first.deadline_fixed = true;
        let mut plan =
            Plan { start_on: "2026-11-23".into(), activities: vec![first, activity("b", 2)], ..Default::default() };
        schedule(&mut plan, &calendar, date("2026-11-23"));
        assert_eq!(plan.activities[0].deadline, "2026-12-01");
        assert_eq!(plan.activities[1].deadline, "2026-12-03");
    }

    #[test]
    fn progress_counts_done_and_the_nearest_open_deadline() {
        let mut a = activity("a", 1);
        a.status = ActivityStatus::Done;
        a.deadline = "2026-11-10".into();
        let mut b = activity("b", 1);
        b.deadline = "2026-12-10".into();
        let mut c = activity("c", 1);
        c.deadline = "2026-12-01".into();
        let plan = Plan { activities: vec![a, b, c], ..Default::default() };
        assert_eq!(progress_of(&plan), Progress { done: 1, total: 3, next_due: Some(date("2026-12-01")) });
    }

    #[test]
    fn a_finished_activity_needs_a_result_and_dates_must_be_dates() {
        let mut a = activity("a", 3);
        a.deadline = "2026-12-01".into();
        a.status = ActivityStatus::Done;
        let mut content = RouteContent {
            plan: Plan { start_on: "завтра".into(), activities: vec![a], ..Default::default() },
            ..Default::default()
        };
        let errors = validate_route(&mut content).unwrap_err();
        let errors = errors.field_errors().unwrap();
        assert_eq!(errors.get("activities.0.result"), Some("Мероприятие 1: опишите результат"));
        assert_eq!(errors.get("start_on"), Some("Дата начала — в виде ДД.ММ.ГГГГ"));
    }
}
