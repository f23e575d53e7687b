//! The support plan of a case and the route to it: the diagnostic map of the family's problems
//! and resources (seed 004 III.6), the activities taken into the plan, and the plan itself — the
//! ИПСС of a СВО family (seed 004 III.7), the ИПССС of a family with children (seed 003 item 7),
//! or the plan of social support of a citizen. One mechanism for all: activities come from the
//! СВО router maps or from the lists of typical activities (both are router maps, data edited by
//! supervisors), or are typed by hand. Steps are copied into the plan with the map's version, so
//! a later edit of the map changes no plan already made.

use crate::calendar::ProductionCalendar;
pub use crate::cases::card::Progress;
use crate::cases::types::{Case, Category, Member, Relation};
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

crate::labeled_enum! {
    /// Which plan a case has.
    pub enum PlanKind {
        Svo => "svo", "Индивидуальный план сопровождения семьи участника СВО (ИПСС)",
        Family => "family", "Индивидуальная программа социального сопровождения семьи с детьми (ИПССС)",
        Citizen => "citizen", "Индивидуальный план социального сопровождения гражданина",
    }
}

impl PlanKind {
    /// The plan's short name, for tabs and buttons.
    pub fn short(self) -> &'static str {
        match self {
            PlanKind::Svo => "ИПСС",
            PlanKind::Family => "ИПССС",
            PlanKind::Citizen => "план",
        }
    }
}

/// Categories of families with children: their plan is the ИПССС.
const CHILDREN_CATEGORIES: &[Category] = &[
    Category::FamilyWithChildren,
    Category::LargeFamily,
    Category::DangerousPosition,
    Category::NoParentalCare,
    Category::DisabledChild,
    Category::MinorAtRisk,
];

/// Categories of adults whose plan takes the adults' typical activities.
const ADULT_CATEGORIES: &[Category] = &[
    Category::Elderly,
    Category::Disabled,
    Category::Homeless,
    Category::Released,
    Category::Dependent,
    Category::CareLeaver,
    Category::Foreigner,
];

/// The maps and lists a case's plan takes its activities from, and which plan it is: the СВО
/// participant's map when someone in it is a participant, the family member's when it is a
/// participant's family; the typical activities of families with children when it is one (by
/// its categories, or, outside СВО, by a minor son, daughter or ward); those of adults for the
/// adults' categories and for any case that has no other.
pub fn plan_lists(case: &Case, today: NaiveDate) -> (PlanKind, Vec<&'static str>) {
    plan_lists_of(&case.categories, &case.members, today)
}

/// [`plan_lists`] of a case's categories and members.
pub fn plan_lists_of(categories: &[Category], members: &[Member], today: NaiveDate) -> (PlanKind, Vec<&'static str>) {
    let has = |c: &Category| categories.contains(c) || members.iter().any(|m| m.categories.contains(c));
    let mut codes = Vec::new();
    if has(&Category::SvoParticipant) {
        codes.push("participant");
    }
    if has(&Category::SvoFamily) {
        codes.push("family");
    }
    let svo = !codes.is_empty();
    let minor = members.iter().any(|m| {
        matches!(
            m.relation,
            Relation::Son | Relation::Daughter | Relation::Child | Relation::Grandchild | Relation::Ward
        ) && m.age_on(today).is_none_or(|age| age < 18)
    });
    let children = CHILDREN_CATEGORIES.iter().any(has) || (!svo && minor);
    if children {
        codes.push("children");
    }
    if ADULT_CATEGORIES.iter().any(has) || codes.is_empty() {
        codes.push("adults");
    }
    let kind = if svo {
        PlanKind::Svo
    } else if children {
        PlanKind::Family
    } else {
        PlanKind::Citizen
    };
    (kind, codes)
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

/// The step code of an activity typed by hand (no map's step).
pub const OWN_STEP: &str = "own";

impl Activity {
    /// An activity typed by hand: what answers which task, of which kind of help, in how many
    /// working days.
    pub fn own(key: String, task: &str, title: &str, help_kind: &str, duration_days: u32) -> Self {
        Activity {
            key,
            step: OWN_STEP.into(),
            situation: task.trim().to_string(),
            title: title.trim().to_string(),
            help_kind: help_kind.to_string(),
            duration_days,
            ..Default::default()
        }
    }

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
    /// «YYYY-MM-DD»: the day of the conclusion; set to the day it is first saved when not typed.
    pub concluded_on: String,
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
    /// The maps and lists of typical activities that fit the case, current versions.
    pub maps: Vec<RouterMap>,
    pub route: Option<Route>,
    pub blank: RouteContent,
    pub plan_kind: PlanKind,
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

/// What a specialist reports of her activity: where it stands and what came of it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivityReport {
    pub status: ActivityStatus,
    pub result: String,
}

impl ActivityReport {
    pub fn of(activity: &Activity) -> Self {
        ActivityReport { status: activity.status, result: activity.result.clone() }
    }
}

/// An activity of a case's plan, in the list of the one responsible for it («Мои мероприятия»).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyActivity {
    pub case_id: String,
    pub case_number: String,
    pub case_title: String,
    pub district_name: Option<String>,
    pub activity: Activity,
    /// Working days to the deadline, negative when it is past; none for a finished activity.
    pub days_left: Option<i64>,
}

impl MyActivity {
    pub fn overdue(&self) -> bool {
        self.days_left.is_some_and(|d| d < 0)
    }
}

/// Whether an activity is finished (done or not achieved).
pub fn is_finished(status: ActivityStatus) -> bool {
    matches!(status, ActivityStatus::Done | ActivityStatus::NotAchieved)
}

/// «срок сегодня», «осталось 3 рабочих дня», «просрочено на 1 рабочий день».
pub fn deadline_phrase(days_left: i64) -> String {
    match days_left {
        0 => "срок сегодня".into(),
        n if n > 0 => format!("осталось {}", crate::calendar::working_days_phrase(n)),
        n => format!("просрочено на {}", crate::calendar::working_days_phrase(n)),
    }
}

/// Checks a specialist's report: a finished activity has a result, and results are limited.
pub fn validate_report(report: &mut ActivityReport) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    report.result = report.result.trim().to_string();
    if is_finished(report.status) && report.result.is_empty() {
        errors.add("result", "Опишите результат: что сделано или почему не достигнуто");
    }
    limit(&mut errors, "result", &report.result, 2000, "Результат");
    errors.into_result()
}

/// The plan's progress for its card, with the deadlines of its unfinished activities (sorted)
/// and its term while it is not concluded: the case keeps them, so that its card counts what is
/// overdue on the day it is shown.
pub fn progress_of(plan: &Plan) -> (Progress, Vec<NaiveDate>) {
    let finished = |a: &&Activity| matches!(a.status, ActivityStatus::Done | ActivityStatus::NotAchieved);
    let mut open: Vec<NaiveDate> =
        plan.activities.iter().filter(|a| !finished(a)).filter_map(|a| crate::time::parse_date(&a.deadline)).collect();
    open.sort_unstable();
    let progress = Progress {
        done: plan.activities.iter().filter(|a| a.status == ActivityStatus::Done).count() as u32,
        total: plan.activities.len() as u32,
        next_due: open.first().copied(),
        until: plan.outcome.is_empty().then(|| crate::time::parse_date(&plan.term_until)).flatten(),
        ..Default::default()
    };
    (progress, open)
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

/// Dates the conclusion: a plan concluded without a day typed is concluded on `today`; a plan
/// whose conclusion was withdrawn has no day. The quarterly monitoring counts plans by this day.
pub fn date_conclusion(plan: &mut Plan, today: NaiveDate) {
    if plan.outcome.is_empty() {
        plan.concluded_on.clear();
    } else if plan.concluded_on.trim().is_empty() {
        plan.concluded_on = crate::time::format_iso_date(today);
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
    let concluded = date_or_empty(&mut errors, "concluded_on", &p.concluded_on, "Дата заключения — в виде ДД.ММ.ГГГГ");
    if let (Some(start), Some(concluded)) = (start, concluded) {
        if concluded < start {
            errors.add("concluded_on", "Заключение раньше начала плана");
        }
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

    fn lists(categories: &[Category], members: &[(Relation, &str)]) -> (PlanKind, Vec<&'static str>) {
        let members: Vec<Member> = members
            .iter()
            .map(|(relation, born)| Member {
                full_name: "Член семьи".into(),
                birth_date: Some(date(born)),
                relation: *relation,
                categories: vec![],
            })
            .collect();
        plan_lists_of(categories, &members, date("2026-12-03"))
    }

    #[test]
    fn every_case_has_a_plan_and_its_lists() {
        // A СВО participant's son takes no list of his own: the СВО maps cover the family.
        assert_eq!(
            lists(&[Category::SvoParticipant], &[(Relation::Son, "2016-01-01")]),
            (PlanKind::Svo, vec!["participant"])
        );
        assert_eq!(
            lists(&[Category::SvoFamily, Category::LargeFamily], &[]),
            (PlanKind::Svo, vec!["family", "children"])
        );
        // A family with a minor son is a family with children even with no category marked; one
        // with a grown son is not.
        let minor = [(Relation::Applicant, "1985-01-01"), (Relation::Son, "2012-05-01")];
        assert_eq!(lists(&[], &minor), (PlanKind::Family, vec!["children"]));
        let grown = [(Relation::Son, "2001-05-01")];
        assert_eq!(lists(&[Category::DifficultSituation], &grown), (PlanKind::Citizen, vec!["adults"]));
        assert_eq!(
            lists(&[Category::Elderly], &[(Relation::Applicant, "1950-01-01")]),
            (PlanKind::Citizen, vec!["adults"])
        );
        let disabled = [Category::DisabledChild, Category::Disabled];
        assert_eq!(lists(&disabled, &[]), (PlanKind::Family, vec!["children", "adults"]));
    }

    #[test]
    fn a_report_of_a_finished_activity_needs_its_result() {
        let mut report = ActivityReport { status: ActivityStatus::NotAchieved, result: "  ".into() };
        let errors = validate_report(&mut report).unwrap_err();
        assert!(errors.field_errors().unwrap().get("result").is_some());
        let mut report = ActivityReport { status: ActivityStatus::InProgress, result: " начато ".into() };
        validate_report(&mut report).unwrap();
        assert_eq!(report.result, "начато");
        assert_eq!(deadline_phrase(0), "срок сегодня");
        assert_eq!(deadline_phrase(3), "осталось 3 рабочих дня");
        assert_eq!(deadline_phrase(-1), "просрочено на 1 рабочий день");
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
        let plan = Plan { term_until: "2027-03-01".into(), ..plan };
        let (progress, open) = progress_of(&plan);
        assert_eq!((progress.done, progress.total, progress.next_due), (1, 3, Some(date("2026-12-01"))));
        assert_eq!(open, vec![date("2026-12-01"), date("2026-12-10")]);
        assert_eq!(progress.until, Some(date("2027-03-01")));
        // A concluded plan has no term running.
        let concluded = Plan { outcome: "completed".into(), ..plan };
        assert_eq!(progress_of(&concluded).0.until, None);
    }

    #[test]
    fn a_conclusion_is_dated_the_day_it_is_first_saved_unless_typed() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let mut plan = Plan { outcome: "completed".into(), ..Default::default() };
        date_conclusion(&mut plan, today);
        assert_eq!(plan.concluded_on, "2026-12-06");
        // Saved again later: the day stays.
        date_conclusion(&mut plan, today.succ_opt().unwrap());
        assert_eq!(plan.concluded_on, "2026-12-06");
        // Withdrawn: no day.
        plan.outcome.clear();
        date_conclusion(&mut plan, today);
        assert_eq!(plan.concluded_on, "");
        // Before the plan began: refused at the field.
        let mut content = RouteContent::default();
        content.plan.start_on = "2026-12-01".into();
        content.plan.outcome = "stopped".into();
        content.plan.concluded_on = "2026-11-30".into();
        let errors = validate_route(&mut content).unwrap_err().field_errors().cloned().unwrap();
        assert!(errors.get("concluded_on").is_some());
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
