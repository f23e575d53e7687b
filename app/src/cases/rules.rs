//! Rules of cases that hold everywhere: what a valid case form is, which stage moves are
//! allowed and what each stage needs, who sees a case, and where its statutory clocks stand.
//! Pure functions, tested without a database.

use super::types::*;
use crate::auth::{CurrentUser, Role};
use crate::calendar::ProductionCalendar;
use crate::error::FieldErrors;
use crate::journal::rules::{check_len, check_printable};
use crate::phone::normalize_phone;
use crate::time::parse_date;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

pub const MAX_TITLE: usize = 200;
pub const MAX_NAME: usize = 200;
pub const MAX_ADDRESS: usize = 300;
pub const MAX_NOTES: usize = 4000;
pub const MAX_COMMENT: usize = 2000;
pub const MAX_MEMBERS: usize = 30;

/// What a stage needs before a case may enter it (moving forward).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    Curator,
    Members,
    Consent,
    NeedRecognised,
    PlanApproved,
}

impl Requirement {
    pub fn message(self) -> &'static str {
        match self {
            Requirement::Curator => "Назначьте куратора случая",
            Requirement::Members => "Внесите членов семьи (хотя бы заявителя)",
            Requirement::Consent => "Отметьте согласие на обработку персональных данных и его дату",
            Requirement::NeedRecognised => "Укажите дату признания нуждающимся в социальном обслуживании",
            Requirement::PlanApproved => "Нужна дата утверждения плана (ИППСУ, ИПСС): её вносит заведующий отделением",
        }
    }
}

/// The rules of the stages, as one table: what entering each stage requires.
pub const STAGE_REQUIREMENTS: &[(Stage, &[Requirement])] = &[
    (Stage::Appeal, &[]),
    (Stage::Intake, &[Requirement::Curator]),
    (Stage::Assessment, &[Requirement::Curator, Requirement::Members, Requirement::Consent]),
    (Stage::Plan, &[Requirement::NeedRecognised]),
    (Stage::Implementation, &[Requirement::PlanApproved]),
    (Stage::Evaluation, &[]),
    (Stage::Closed, &[]),
];

pub fn requirements(stage: Stage) -> &'static [Requirement] {
    STAGE_REQUIREMENTS.iter().find(|(s, _)| *s == stage).map(|(_, r)| *r).unwrap_or(&[])
}

/// What the move rules need to know about a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub stage: Stage,
    pub has_curator: bool,
    pub members: usize,
    pub consent: bool,
    pub need_recognised: bool,
    pub plan_approved: bool,
}

impl CaseFacts {
    fn meets(&self, requirement: Requirement) -> bool {
        match requirement {
            Requirement::Curator => self.has_curator,
            Requirement::Members => self.members > 0,
            Requirement::Consent => self.consent,
            Requirement::NeedRecognised => self.need_recognised,
            Requirement::PlanApproved => self.plan_approved,
        }
    }
}

/// Roles that move cases between stages.
pub const MOVERS: &[Role] = &[Role::Caseworker, Role::Supervisor];

/// Why a move is refused, in Russian, for the person who tried it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub Vec<String>);

impl Refusal {
    pub fn message(&self) -> String {
        self.0.join(". ")
    }
}

/// Whether a move needs a comment: going back, closing, reopening.
pub fn needs_comment(from: Stage, to: Stage) -> bool {
    to.index() < from.index() || to == Stage::Closed || from == Stage::Closed
}

/// Checks a move of a case from its stage to `to` by a user (whose right to see the case is
/// checked separately). Every reason at once.
pub fn check_move(facts: &CaseFacts, to: Stage, user: &CurrentUser, comment: &str) -> Result<(), Refusal> {
    let from = facts.stage;
    if to == from {
        return Err(Refusal(vec![format!("Случай уже на этапе «{}»", to.label())]));
    }
    if !user.has_any(MOVERS) {
        return Err(Refusal(vec![
            "Переводить случай по этапам могут специалист по работе с семьёй и заведующий".into()
        ]));
    }
    let supervisor = user.has(Role::Supervisor);
    let mut reasons = Vec::new();
    if from == Stage::Closed && !supervisor {
        reasons.push("Возобновить закрытый случай может только заведующий отделением".to_string());
    } else if to == Stage::Closed && !supervisor {
        reasons.push("Закрыть случай может только заведующий отделением: передайте ему заключение".to_string());
    } else if to.index() > from.index() && to != Stage::Closed && from != Stage::Closed {
        if let Some(next) = from.next().filter(|n| *n != to) {
            reasons.push(format!("Этапы проходят по порядку: следующий этап — «{}»", next.label()));
        } else {
            reasons.extend(requirements(to).iter().filter(|r| !facts.meets(**r)).map(|r| r.message().to_string()));
        }
    }
    if needs_comment(from, to) && comment.trim().is_empty() {
        reasons.push(if to == Stage::Closed {
            "Напишите комментарий: итог работы и причина закрытия".to_string()
        } else if from == Stage::Closed {
            "Напишите комментарий: почему случай возобновляется".to_string()
        } else {
            "Напишите комментарий: почему случай возвращается на прежний этап".to_string()
        });
    }
    if comment.chars().count() > MAX_COMMENT {
        reasons.push(format!("Комментарий — не больше {MAX_COMMENT} знаков"));
    }
    if reasons.is_empty() {
        Ok(())
    } else {
        Err(Refusal(reasons))
    }
}

/// The moves a user could make from here, each with what is still missing (for the case page).
pub fn move_options(facts: &CaseFacts, user: &CurrentUser) -> Vec<MoveOption> {
    if !user.has_any(MOVERS) {
        return vec![];
    }
    Stage::ALL
        .iter()
        .copied()
        .filter(|to| *to != facts.stage)
        .filter_map(|to| {
            let needs_comment = needs_comment(facts.stage, to);
            // Check as if a comment were given; the form asks for it when it is needed.
            match check_move(facts, to, user, "комментарий") {
                Ok(()) => Some(MoveOption { to, missing: vec![], needs_comment }),
                Err(Refusal(reasons)) => {
                    let ordering_or_role =
                        reasons.iter().any(|r| r.starts_with("Этапы") || r.contains("только заведующий"));
                    (!ordering_or_role).then_some(MoveOption { to, missing: reasons, needs_comment })
                }
            }
        })
        .collect()
}

/// Who may see a case: supervisors all; caseworkers those of their districts and those they
/// curate; psychologists and lawyers those they work on; dispatchers those they opened.
pub fn can_see(user: &CurrentUser, district: Option<&str>, curator: Option<&str>, created_by: &str) -> bool {
    if user.has(Role::Supervisor) {
        return true;
    }
    if curator == Some(user.id.as_str()) {
        return true;
    }
    if user.has(Role::Caseworker) && district.is_some_and(|d| user.districts.iter().any(|u| u == d)) {
        return true;
    }
    user.has(Role::Dispatcher) && created_by == user.id
}

/// The first day each stage was reached (the clocks are met when a stage is first reached).
pub type Reached = BTreeMap<Stage, NaiveDate>;

/// What the clocks of a case are computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockFacts {
    pub stage: Stage,
    pub detected_on: NaiveDate,
    pub plan_approved_on: Option<NaiveDate>,
    pub reached: Reached,
}

fn clock(
    calendar: &ProductionCalendar,
    kind: ClockKind,
    start: Option<NaiveDate>,
    met_on: Option<NaiveDate>,
    closed: bool,
    today: NaiveDate,
) -> Clock {
    let Some(start) = start else {
        let state = if closed { ClockState::Cancelled } else { ClockState::NotStarted };
        return Clock { kind, state, preliminary: false };
    };
    let due = calendar.add_working_days(start, kind.working_days());
    let state = match met_on {
        Some(on) => ClockState::Met { due, on, late_by: calendar.working_days_between(due, on).max(0) },
        None if closed => ClockState::Cancelled,
        None if today > due => ClockState::Overdue { due, days_over: calendar.working_days_between(due, today) },
        None => ClockState::Running { due, days_left: calendar.working_days_between(today, due) },
    };
    let preliminary = matches!(state, ClockState::Running { .. } | ClockState::Overdue { .. }) && calendar.is_preliminary(due);
    Clock { kind, state, preliminary }
}

/// The three statutory clocks of a case on a given day:
/// collect and analyse within 3 working days of detection (met on reaching need assessment);
/// proposals for the ИППСУ within 5 working days of the appeal (met on reaching the plan);
/// implementation within 15 working days after the plan's approval (met on reaching it).
pub fn clocks(calendar: &ProductionCalendar, facts: &ClockFacts, today: NaiveDate) -> Vec<Clock> {
    let closed = facts.stage == Stage::Closed;
    clock_starts(facts)
        .into_iter()
        .map(|(kind, start, met_at)| clock(calendar, kind, start, facts.reached.get(&met_at).copied(), closed, today))
        .collect()
}

/// Each clock with the day it starts from (none yet for an unapproved plan) and the stage
/// whose reaching meets it: the one definition both `clocks` and `next_due` read.
fn clock_starts(facts: &ClockFacts) -> [(ClockKind, Option<NaiveDate>, Stage); 3] {
    [
        (ClockKind::Intake, Some(facts.detected_on), Stage::Assessment),
        (ClockKind::Proposals, Some(facts.detected_on), Stage::Plan),
        (ClockKind::ImplementationStart, facts.plan_approved_on, Stage::Implementation),
    ]
}

/// The earliest deadline still to be met, whatever today is: stored with the case so that the
/// board sorts and filters by it in the database.
pub fn next_due(calendar: &ProductionCalendar, facts: &ClockFacts) -> Option<(NaiveDate, ClockKind)> {
    if facts.stage == Stage::Closed {
        return None;
    }
    clock_starts(facts)
        .into_iter()
        .filter(|(_, _, met_at)| !facts.reached.contains_key(met_at))
        .filter_map(|(kind, start, _)| start.map(|s| (calendar.add_working_days(s, kind.working_days()), kind)))
        .min_by_key(|(due, _)| *due)
}

/// The order of a card in its board column: open cases by their nearest deadline (none last),
/// closed ones most recently closed first; the case number breaks ties.
pub fn board_key(stage: Stage, due: Option<NaiveDate>, closed_on: NaiveDate, year: i64, number: i64) -> String {
    let tail = format!("{year:04}{number:07}");
    if stage == Stage::Closed {
        let newest_first: String = closed_on
            .format("%Y%m%d")
            .to_string()
            .chars()
            .map(|c| c.to_digit(10).map(|d| char::from(b'0' + (9 - d) as u8)).unwrap_or(c))
            .collect();
        format!("{newest_first}|{tail}")
    } else {
        let due = due.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "9999-12-31".into());
        format!("{due}|{tail}")
    }
}

/// A case form that passed validation: typed, trimmed, normalised. Keys of the district, the
/// curator and the journal entry are checked against the database by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCase {
    pub kind: CaseKind,
    pub title: String,
    pub members: Vec<Member>,
    pub categories: Vec<Category>,
    pub address: String,
    pub district: Option<String>,
    pub phone: Option<String>,
    pub consent: bool,
    pub consent_date: Option<NaiveDate>,
    pub curator: Option<String>,
    pub source: Source,
    pub source_detail: Option<String>,
    pub journal_entry: Option<String>,
    pub notes: String,
    pub detected_on: NaiveDate,
    pub need_recognised_on: Option<NaiveDate>,
    pub plan_approved_on: Option<NaiveDate>,
}

fn check_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    check_len(errors, field, value, max);
    check_printable(errors, field, value);
}

fn optional_date(errors: &mut FieldErrors, field: &str, value: &str, today: NaiveDate) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match parse_date(value) {
        None => {
            errors.add(field, "Дата в формате ДД.ММ.ГГГГ");
            None
        }
        Some(d) if d > today => {
            errors.add(field, "Дата не может быть в будущем");
            None
        }
        Some(d) if d.year() < 1900 => {
            errors.add(field, "Проверьте год");
            None
        }
        Some(d) => Some(d),
    }
}

fn categories_of(errors: &mut FieldErrors, field: &str, codes: &[String]) -> Vec<Category> {
    let mut out = Vec::new();
    for code in codes {
        match Category::from_code(code) {
            Some(c) if !out.contains(&c) => out.push(c),
            Some(_) => {}
            None => errors.add(field, "Неизвестная категория"),
        }
    }
    out.sort();
    out
}

/// Checks a case form. Every problem is reported at once, each next to its field; a member's
/// fields are named «members.<n>.<field>».
pub fn validate_case(form: &CaseForm, today: NaiveDate) -> Result<ValidCase, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = CaseKind::from_code(form.kind.trim());
    if kind.is_none() {
        errors.add("kind", "Выберите: семья или гражданин");
    }
    for (field, value, max) in [
        ("title", &form.title, MAX_TITLE),
        ("address", &form.address, MAX_ADDRESS),
        ("notes", &form.notes, MAX_NOTES),
        ("source_detail", &form.source_detail, MAX_TITLE),
    ] {
        check_text(&mut errors, field, value, max);
    }

    if form.members.len() > MAX_MEMBERS {
        errors.add("members", format!("Не больше {MAX_MEMBERS} членов семьи"));
    }
    let mut members = Vec::new();
    for (i, m) in form.members.iter().enumerate().take(MAX_MEMBERS) {
        let name = m.full_name.split_whitespace().collect::<Vec<_>>().join(" ");
        let field = |f: &str| format!("members.{i}.{f}");
        if name.is_empty() {
            errors.add(&field("full_name"), "Укажите фамилию, имя и отчество");
        }
        check_text(&mut errors, &field("full_name"), &name, MAX_NAME);
        let birth_date = optional_date(&mut errors, &field("birth_date"), &m.birth_date, today);
        let relation = Relation::from_code(m.relation.trim());
        if relation.is_none() {
            errors.add(&field("relation"), "Выберите степень родства");
        }
        let categories = categories_of(&mut errors, &field("categories"), &m.categories);
        if let Some(relation) = relation {
            members.push(Member { full_name: name, birth_date, relation, categories });
        }
    }

    let mut categories = categories_of(&mut errors, "categories", &form.categories);
    for member in &members {
        for c in &member.categories {
            if !categories.contains(c) {
                categories.push(*c);
            }
        }
    }
    categories.sort();

    let mut title = form.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        if kind == Some(CaseKind::Citizen) {
            if let Some(first) = members.first() {
                title = first.full_name.clone();
            }
        }
        if title.is_empty() {
            errors.add("title", "Как называть случай: «Семья Ивановых» или ФИО гражданина");
        }
    }

    let phone = match form.phone.trim() {
        "" => None,
        p => match normalize_phone(p) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.add("phone", e.message());
                None
            }
        },
    };

    let consent_date = optional_date(&mut errors, "consent_date", &form.consent_date, today);
    if form.consent && consent_date.is_none() && form.consent_date.trim().is_empty() {
        errors.add("consent_date", "Укажите дату согласия");
    }
    if !form.consent && consent_date.is_some() {
        errors.add("consent", "Дата указана, а согласие не отмечено");
    }

    let source = Source::from_code(form.source.trim());
    if source.is_none() {
        errors.add("source", "Выберите, откуда поступил случай");
    }

    let detected_on = match form.detected_on.trim() {
        "" => {
            errors.add("detected_on", "Укажите дату обращения или выявления");
            None
        }
        v => optional_date(&mut errors, "detected_on", v, today),
    };
    let need_recognised_on = optional_date(&mut errors, "need_recognised_on", &form.need_recognised_on, today);
    let plan_approved_on = optional_date(&mut errors, "plan_approved_on", &form.plan_approved_on, today);
    if let Some(detected) = detected_on {
        for (field, date) in [("need_recognised_on", need_recognised_on), ("plan_approved_on", plan_approved_on)] {
            if date.is_some_and(|d| d < detected) {
                errors.add(field, "Дата раньше обращения — проверьте");
            }
        }
    }

    let key = |errors: &mut FieldErrors, field: &str, value: &str, what: &str| -> Option<String> {
        let value = value.trim();
        if value.is_empty() {
            None
        } else if crate::keys::is_record_key(value) {
            Some(value.to_string())
        } else {
            errors.add(field, format!("Неизвестный {what}"));
            None
        }
    };
    let district = key(&mut errors, "district", &form.district, "участок");
    let curator = key(&mut errors, "curator", &form.curator, "куратор");
    let journal_entry = key(&mut errors, "journal_entry", &form.journal_entry, "номер записи журнала");

    let (Some(kind), Some(source), Some(detected_on), true) = (kind, source, detected_on, errors.is_empty()) else {
        return Err(errors);
    };
    Ok(ValidCase {
        kind,
        title,
        members,
        categories,
        address: form.address.trim().to_string(),
        district,
        phone,
        consent: form.consent,
        consent_date,
        curator,
        source,
        source_detail: Some(form.source_detail.trim().to_string()).filter(|s| !s.is_empty()),
        journal_entry,
        notes: form.notes.trim().to_string(),
        detected_on,
        need_recognised_on,
        plan_approved_on,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DayKind;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn user(role: Role) -> CurrentUser {
        CurrentUser {
            id: "u1".into(),
            login: "u1".into(),
            full_name: "Петрова Анна Сергеевна".into(),
            roles: vec![role],
            districts: vec!["d1".into()],
            must_change_password: false,
        }
    }

    fn facts(stage: Stage) -> CaseFacts {
        CaseFacts { stage, has_curator: true, members: 2, consent: true, need_recognised: true, plan_approved: true }
    }

    #[test]
    fn forward_one_stage_at_a_time() {
        let worker = user(Role::Caseworker);
        assert!(check_move(&facts(Stage::Intake), Stage::Assessment, &worker, "").is_ok());
        let refused = check_move(&facts(Stage::Intake), Stage::Implementation, &worker, "").unwrap_err();
        assert_eq!(refused.message(), "Этапы проходят по порядку: следующий этап — «Оценка нуждаемости»");
    }

    #[test]
    fn each_stage_asks_for_what_it_needs() {
        let worker = user(Role::Caseworker);
        let no_curator = CaseFacts { has_curator: false, ..facts(Stage::Appeal) };
        assert_eq!(
            check_move(&no_curator, Stage::Intake, &worker, "").unwrap_err().0,
            vec!["Назначьте куратора случая"]
        );
        let bare = CaseFacts { members: 0, consent: false, ..facts(Stage::Intake) };
        assert_eq!(check_move(&bare, Stage::Assessment, &worker, "").unwrap_err().0.len(), 2);
        let unapproved = CaseFacts { plan_approved: false, ..facts(Stage::Plan) };
        assert!(check_move(&unapproved, Stage::Implementation, &worker, "")
            .unwrap_err()
            .message()
            .contains("утверждения плана"));
    }

    #[test]
    fn going_back_needs_a_comment_and_closing_a_supervisor() {
        let worker = user(Role::Caseworker);
        let chief = user(Role::Supervisor);
        assert!(check_move(&facts(Stage::Plan), Stage::Intake, &worker, " ").is_err());
        assert!(check_move(&facts(Stage::Plan), Stage::Intake, &worker, "Нужен повторный выход").is_ok());
        let closing = check_move(&facts(Stage::Evaluation), Stage::Closed, &worker, "Цели достигнуты").unwrap_err();
        assert!(closing.message().contains("только заведующий"));
        assert!(check_move(&facts(Stage::Evaluation), Stage::Closed, &chief, "").is_err());
        assert!(check_move(&facts(Stage::Intake), Stage::Closed, &chief, "Семья переехала").is_ok());
        assert!(check_move(&facts(Stage::Closed), Stage::Implementation, &worker, "Повторно").is_err());
        assert!(check_move(&facts(Stage::Closed), Stage::Implementation, &chief, "Повторное обращение").is_ok());
    }

    #[test]
    fn only_caseworkers_and_supervisors_move_cases() {
        for role in [Role::Dispatcher, Role::Psychologist, Role::Lawyer, Role::Admin] {
            assert!(check_move(&facts(Stage::Intake), Stage::Assessment, &user(role), "").is_err(), "{role:?}");
        }
        assert!(move_options(&facts(Stage::Intake), &user(Role::Lawyer)).is_empty());
    }

    #[test]
    fn move_options_list_what_is_missing() {
        let worker = user(Role::Caseworker);
        let options = move_options(&CaseFacts { plan_approved: false, ..facts(Stage::Plan) }, &worker);
        let forward = options.iter().find(|o| o.to == Stage::Implementation).unwrap();
        assert_eq!(forward.missing.len(), 1);
        assert!(options.iter().any(|o| o.to == Stage::Assessment && o.needs_comment && o.missing.is_empty()));
        assert!(!options.iter().any(|o| o.to == Stage::Closed), "a caseworker cannot close");
    }

    #[test]
    fn who_sees_a_case() {
        let worker = user(Role::Caseworker);
        assert!(can_see(&worker, Some("d1"), None, "x"));
        assert!(!can_see(&worker, Some("d3"), None, "x"));
        assert!(can_see(&worker, Some("d3"), Some("u1"), "x"));
        assert!(can_see(&user(Role::Supervisor), Some("d5"), None, "x"));
        assert!(can_see(&user(Role::Dispatcher), Some("d5"), None, "u1"));
        assert!(!can_see(&user(Role::Dispatcher), Some("d5"), None, "x"));
        assert!(!can_see(&user(Role::Psychologist), Some("d1"), None, "x"));
        assert!(!can_see(&user(Role::Admin), Some("d1"), None, "u1"));
    }

    fn calendar() -> ProductionCalendar {
        ProductionCalendar::new([(d(2026, 1, 9), DayKind::DayOff), (d(2026, 12, 31), DayKind::DayOff)])
    }

    #[test]
    fn clocks_run_out_and_are_met() {
        let cal = calendar();
        // Detected on Monday 16 November 2026.
        let mut facts = ClockFacts {
            stage: Stage::Intake,
            detected_on: d(2026, 11, 16),
            plan_approved_on: None,
            reached: Reached::new(),
        };
        let on_wed = clocks(&cal, &facts, d(2026, 11, 18));
        assert_eq!(on_wed[0].state, ClockState::Running { due: d(2026, 11, 19), days_left: 1 });
        assert_eq!(on_wed[1].state, ClockState::Running { due: d(2026, 11, 23), days_left: 3 });
        assert_eq!(on_wed[2].state, ClockState::NotStarted);
        let on_tue = clocks(&cal, &facts, d(2026, 11, 24));
        assert_eq!(on_tue[0].state, ClockState::Overdue { due: d(2026, 11, 19), days_over: 3 });
        assert_eq!(on_tue[0].urgency(), Some(Urgency::Overdue));
        assert_eq!(on_tue[0].describe(), "просрочено на 3 рабочих дня (срок 19.11.2026)");
        assert_eq!(next_due(&cal, &facts), Some((d(2026, 11, 19), ClockKind::Intake)));

        facts.stage = Stage::Assessment;
        facts.reached.insert(Stage::Assessment, d(2026, 11, 19));
        let met = clocks(&cal, &facts, d(2026, 11, 24));
        assert_eq!(met[0].state, ClockState::Met { due: d(2026, 11, 19), on: d(2026, 11, 19), late_by: 0 });
        assert_eq!(next_due(&cal, &facts), Some((d(2026, 11, 23), ClockKind::Proposals)));

        facts.stage = Stage::Plan;
        facts.reached.insert(Stage::Plan, d(2026, 11, 25));
        facts.plan_approved_on = Some(d(2026, 11, 25));
        let planned = clocks(&cal, &facts, d(2026, 11, 25));
        assert_eq!(planned[1].state, ClockState::Met { due: d(2026, 11, 23), on: d(2026, 11, 25), late_by: 2 });
        // 15 working days from 25 November 2026: 16 December.
        assert_eq!(planned[2].state, ClockState::Running { due: d(2026, 12, 16), days_left: 15 });

        facts.stage = Stage::Closed;
        assert_eq!(clocks(&cal, &facts, d(2026, 12, 1))[2].state, ClockState::Cancelled);
        assert_eq!(next_due(&cal, &facts), None);
    }

    #[test]
    fn a_clock_over_the_new_year_holidays() {
        let facts = ClockFacts {
            stage: Stage::Implementation,
            detected_on: d(2026, 12, 1),
            plan_approved_on: Some(d(2026, 12, 24)),
            reached: Reached::new(),
        };
        // 25, 28, 29, 30 December (4); 31 December and 1–10 January are off; 11–15 January (9),
        // 18–22 January (14), Monday 25 January 2027 (15).
        let c = clocks(&calendar(), &facts, d(2026, 12, 30));
        assert_eq!(c[2].due(), Some(d(2027, 1, 25)));
    }

    #[test]
    fn cards_sort_by_deadline_and_closed_ones_newest_first() {
        let soon = board_key(Stage::Intake, Some(d(2026, 11, 19)), d(2026, 1, 1), 2026, 7);
        let later = board_key(Stage::Intake, Some(d(2026, 12, 1)), d(2026, 1, 1), 2026, 3);
        let none = board_key(Stage::Evaluation, None, d(2026, 1, 1), 2026, 1);
        assert!(soon < later && later < none);
        assert_eq!(soon, "2026-11-19|20260000007");
        let closed_recently = board_key(Stage::Closed, None, d(2026, 11, 20), 2026, 1);
        let closed_long_ago = board_key(Stage::Closed, None, d(2026, 10, 1), 2026, 2);
        assert!(closed_recently < closed_long_ago);
    }

    fn form() -> CaseForm {
        CaseForm {
            kind: "family".into(),
            title: "Семья Ивановых".into(),
            members: vec![MemberForm {
                full_name: " Иванова   Мария Петровна ".into(),
                birth_date: "1990-04-30".into(),
                relation: "applicant".into(),
                categories: vec!["large_family".into()],
            }],
            categories: vec!["family_children".into()],
            address: "г. Югорск, ул. Мира, д. 5, кв. 12".into(),
            district: "d2".into(),
            phone: "8 912 345-67-89".into(),
            consent: true,
            consent_date: "2026-11-20".into(),
            source: "journal".into(),
            detected_on: "2026-11-20".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_form_is_normalised() {
        let valid = validate_case(&form(), d(2026, 11, 25)).unwrap();
        assert_eq!(valid.members[0].full_name, "Иванова Мария Петровна");
        assert_eq!(valid.categories, vec![Category::FamilyWithChildren, Category::LargeFamily]);
        assert_eq!(valid.phone.as_deref(), Some("+79123456789"));
        assert_eq!(valid.consent_date, Some(d(2026, 11, 20)));
    }

    #[test]
    fn a_bad_form_names_every_field() {
        let bad = CaseForm {
            kind: "".into(),
            title: "".into(),
            members: vec![MemberForm {
                full_name: "".into(),
                birth_date: "31.02.2020".into(),
                relation: "x".into(),
                categories: vec![],
            }],
            phone: "123".into(),
            consent: true,
            consent_date: "".into(),
            detected_on: "2030-01-01".into(),
            district: "d1; DELETE".into(),
            ..form()
        };
        let errors = validate_case(&bad, d(2026, 11, 25)).unwrap_err();
        for field in [
            "kind",
            "title",
            "members.0.full_name",
            "members.0.birth_date",
            "members.0.relation",
            "phone",
            "consent_date",
            "detected_on",
            "district",
        ] {
            assert!(errors.get(field).is_some(), "no message for {field}: {errors:?}");
        }
    }

    #[test]
    fn a_citizen_is_named_after_the_first_member() {
        let citizen = CaseForm { kind: "citizen".into(), title: "".into(), ..form() };
        assert_eq!(validate_case(&citizen, d(2026, 11, 25)).unwrap().title, "Иванова Мария Петровна");
    }
}
