//! The quarterly monitoring of the effectiveness and results of the social support of families
//! with children (seed 003 item 13, order of 19.05.2017 № 452-р): (1) the survey of the families
//! whose ИПССС was completed in the quarter, by support level, and (2) the institution's
//! indicators. The questions of the survey are data a supervisor edits; each answer keeps the
//! question as it was asked.
//!
//! Rules:
//! - A family's plan is the ИПССС of its case (`plans::types::PlanKind::Family`). It is **in
//!   effect** in the quarter when it started on or before the quarter's last day (the day counted
//!   to, for the current quarter) and was not concluded before its first day; **new** when it
//!   started in the quarter; **completed** when its conclusion is dated in the quarter.
//! - A completed plan ends with the goals achieved («завершено»), continued, or stopped without
//!   achieving them; its duration is from its start to its conclusion, in calendar days.
//! - The families to ask are those whose plan was completed in the quarter; each is asked once per
//!   quarter (the last answer counts).
//! - A **repeated appeal** is a case detected in the quarter for a family one of whose people
//!   (the same name and birth date) was in a case closed before it was detected.
//! - Levels are the plan's support level; a plan without one is counted as «не указан».

use crate::error::{AppError, FieldErrors};
use crate::periods::Quarter;
use crate::plans::types::ActivityStatus;
use crate::report_tables::{Cell, Table, TableRow};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

crate::labeled_enum! {
    /// How a question is answered.
    pub enum QuestionKind {
        Choice => "choice", "Один вариант из списка",
        Text => "text", "Свободный ответ",
    }
}

crate::labeled_enum! {
    /// How the family was asked, or why it was not.
    pub enum SurveyWay {
        Visit => "visit", "На визите",
        Phone => "phone", "По телефону",
        Refused => "refused", "Семья отказалась от опроса",
        Unreachable => "unreachable", "Не удалось связаться",
    }
}

impl SurveyWay {
    /// The family answered the questions.
    pub fn answered(self) -> bool {
        matches!(self, SurveyWay::Visit | SurveyWay::Phone)
    }
}

/// A question of the survey, as the supervisor keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable within the list: answers refer to it.
    pub id: String,
    pub text: String,
    pub kind: QuestionKind,
    /// The answers to choose from (a choice question).
    #[serde(default)]
    pub options: Vec<String>,
    /// A question taken off the survey stays in the answers given before.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// The list of questions with its version (a save after someone else's is a conflict).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionList {
    pub questions: Vec<Question>,
    pub version: i64,
}

/// Limits of the list.
pub const MAX_QUESTIONS: usize = 30;
pub const MAX_OPTIONS: usize = 12;

/// Checks the list: every question has a text, a choice question two options or more, no
/// option twice; ids are kept, new questions get one.
pub fn validate_questions(questions: &mut [Question]) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    if questions.is_empty() {
        errors.add("questions", "В анкете должен быть хотя бы один вопрос");
    }
    if questions.len() > MAX_QUESTIONS {
        errors.add("questions", format!("Не больше {MAX_QUESTIONS} вопросов"));
    }
    let mut taken: Vec<String> = questions.iter().map(|q| q.id.trim().to_string()).filter(|i| !i.is_empty()).collect();
    for (i, q) in questions.iter_mut().enumerate() {
        q.text = q.text.trim().to_string();
        if q.text.chars().count() < 3 || q.text.chars().count() > 300 {
            errors.add(&format!("questions.{i}.text"), "Текст вопроса — от 3 до 300 знаков");
        }
        q.options = q.options.iter().map(|o| o.trim().to_string()).filter(|o| !o.is_empty()).collect();
        match q.kind {
            QuestionKind::Choice => {
                if q.options.len() < 2 {
                    errors.add(
                        &format!("questions.{i}.options"),
                        "Дайте хотя бы два варианта ответа, каждый с новой строки",
                    );
                } else if q.options.len() > MAX_OPTIONS {
                    errors.add(&format!("questions.{i}.options"), format!("Не больше {MAX_OPTIONS} вариантов"));
                }
                let mut seen = std::collections::HashSet::new();
                if q.options.iter().any(|o| !seen.insert(o.to_lowercase())) {
                    errors.add(&format!("questions.{i}.options"), "Один и тот же вариант дан дважды");
                }
                if q.options.iter().any(|o| o.chars().count() > 120) {
                    errors.add(&format!("questions.{i}.options"), "Вариант ответа — не длиннее 120 знаков");
                }
            }
            QuestionKind::Text => q.options.clear(),
        }
        q.id = q.id.trim().to_string();
        if q.id.is_empty() {
            let mut n = taken.len() + 1;
            while taken.contains(&format!("q{n}")) {
                n += 1;
            }
            q.id = format!("q{n}");
            taken.push(q.id.clone());
        }
    }
    let mut ids = std::collections::HashSet::new();
    if questions.iter().any(|q| !ids.insert(q.id.clone())) {
        errors.add("questions", "Вопросы повторяются — откройте анкету заново");
    }
    errors.into_result()
}

/// An answer, with the question as it was asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub question: String,
    pub text: String,
    pub value: String,
}

/// A family's questionnaire of a quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyForm {
    pub case_id: String,
    /// «2026-Q4»: the quarter its plan was completed in.
    pub quarter: String,
    pub way: String,
    /// Who answered: «мать, Иванова А. П.».
    pub respondent: String,
    pub answers: Vec<Answer>,
    /// The version last seen (0: none yet).
    pub seen_version: i64,
}

/// Checks a questionnaire against the questions: a family that answered answers every choice
/// question from its options; a refusal or no contact keeps no answers.
pub fn validate_survey(form: &mut SurveyForm, questions: &[Question]) -> Result<SurveyWay, AppError> {
    let mut errors = FieldErrors::new();
    let way = SurveyWay::from_code(form.way.trim());
    if way.is_none() {
        errors.add("way", "Отметьте, как проведён опрос");
    }
    if Quarter::parse(&form.quarter).is_none() {
        errors.add("quarter", "Квартал в виде 2026-Q4");
    }
    form.respondent = form.respondent.trim().to_string();
    if form.respondent.chars().count() > 200 {
        errors.add("respondent", "Не длиннее 200 знаков");
    }
    if way.is_some_and(SurveyWay::answered) {
        if form.respondent.is_empty() {
            errors.add("respondent", "Укажите, кто из семьи отвечал");
        }
        let mut answers = Vec::new();
        for (i, q) in questions.iter().filter(|q| q.active).enumerate() {
            let value = form
                .answers
                .iter()
                .find(|a| a.question == q.id)
                .map(|a| a.value.trim().to_string())
                .unwrap_or_default();
            match q.kind {
                QuestionKind::Choice if !q.options.contains(&value) => {
                    errors.add(&format!("answers.{}", q.id), format!("Выберите ответ на вопрос {}", i + 1));
                }
                QuestionKind::Text if value.chars().count() > 2000 => {
                    errors.add(&format!("answers.{}", q.id), "Не длиннее 2000 знаков");
                }
                _ => {}
            }
            answers.push(Answer { question: q.id.clone(), text: q.text.clone(), value });
        }
        form.answers = answers;
    } else {
        form.answers.clear();
    }
    match (errors.is_empty(), way) {
        (true, Some(w)) => Ok(w),
        _ => Err(AppError::Validation(errors)),
    }
}

/// A family's questionnaire as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Survey {
    pub quarter: String,
    pub way: SurveyWay,
    pub respondent: String,
    pub answers: Vec<Answer>,
    pub filled_on: NaiveDate,
    pub filled_by_name: String,
    pub version: i64,
}

/// What the questionnaire page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyPage {
    pub case_id: String,
    pub case_number: String,
    pub case_title: String,
    pub support_level: String,
    /// The plan's conclusion: its outcome's label and day; none while the plan runs.
    pub concluded: Option<(String, NaiveDate)>,
    /// The quarter the answers count in (the conclusion's, or the current one).
    pub quarter: String,
    pub quarter_words: String,
    pub questions: Vec<Question>,
    pub survey: Option<Survey>,
}

/// What the monitoring needs of a family's case and its plan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FamilyPlan {
    pub case_id: String,
    pub case_number: String,
    pub title: String,
    /// `acts::types::SUPPORT_LEVELS` code, or empty.
    pub level: String,
    pub start_on: Option<NaiveDate>,
    pub concluded_on: Option<NaiveDate>,
    /// `plans::types::Outcome` code, or empty.
    pub outcome: String,
    pub activities: Vec<ActivityStatus>,
    pub detected_on: NaiveDate,
    pub repeated: bool,
    /// The quarter's questionnaire, when the family was asked.
    pub survey: Option<Survey>,
    /// Who may see the family by name (every family is counted).
    pub access: CaseAccess,
}

/// What decides who sees a case: its district, curator, author and the specialists of its plan
/// (record keys).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CaseAccess {
    pub district: Option<String>,
    pub curator: Option<String>,
    pub created_by: String,
    pub specialists: Vec<String>,
}

impl CaseAccess {
    pub fn visible_to(&self, user: &crate::auth::CurrentUser) -> bool {
        crate::cases::visibility::can_see(
            user,
            self.district.as_deref(),
            self.curator.as_deref(),
            &self.created_by,
            &self.specialists,
        )
    }
}

impl FamilyPlan {
    fn in_effect(&self, quarter: Quarter, counted_to: NaiveDate) -> bool {
        self.start_on.is_some_and(|s| s <= counted_to.min(quarter.last_day()))
            && self.concluded_on.is_none_or(|c| c >= quarter.first_day())
    }

    fn completed_in(&self, quarter: Quarter) -> bool {
        self.concluded_on.is_some_and(|c| quarter.contains(c))
    }
}

/// A case for the repeated-appeal rule: when detected and closed, and its people as
/// «name|birth date» keys.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseTrace {
    pub case_id: String,
    pub detected_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub people: Vec<String>,
}

/// A person's key across cases: the name in lower case with single spaces, and the birth date.
pub fn person_key(full_name: &str, birth_date: Option<NaiveDate>) -> Option<String> {
    let name = full_name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().replace('ё', "е");
    Some(format!("{name}|{}", birth_date?))
}

/// The cases that repeat an appeal: detected after another case with one of the same people was
/// closed.
pub fn repeated_cases(cases: &[CaseTrace]) -> std::collections::HashSet<String> {
    let mut closed: HashMap<&str, NaiveDate> = HashMap::new();
    for c in cases {
        if let Some(on) = c.closed_on {
            for p in &c.people {
                let first = closed.entry(p.as_str()).or_insert(on);
                *first = (*first).min(on);
            }
        }
    }
    cases
        .iter()
        .filter(|c| c.people.iter().any(|p| closed.get(p.as_str()).is_some_and(|on| *on < c.detected_on)))
        .map(|c| c.case_id.clone())
        .collect()
}

/// The columns of levels: each support level, then «не указан» when some plan has none, then all.
fn levels(plans: &[&FamilyPlan]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        crate::acts::types::SUPPORT_LEVELS.iter().map(|(c, l)| (c.to_string(), l.to_string())).collect();
    if plans.iter().any(|p| !out.iter().any(|(c, _)| *c == p.level)) {
        out.push((String::new(), "Не указан".into()));
    }
    out
}

fn level_of<'a>(p: &'a FamilyPlan, columns: &[(String, String)]) -> &'a str {
    if columns.iter().any(|(c, _)| *c == p.level) {
        &p.level
    } else {
        ""
    }
}

/// A row counting the plans that satisfy `keep`, per level and in all.
fn count_row(
    label: &str,
    plans: &[&FamilyPlan],
    columns: &[(String, String)],
    keep: impl Fn(&FamilyPlan) -> bool,
) -> TableRow {
    let mut cells: Vec<Cell> = columns
        .iter()
        .map(|(code, _)| Cell::Number(plans.iter().filter(|p| level_of(p, columns) == code && keep(p)).count() as u64))
        .collect();
    cells.push(Cell::Number(plans.iter().filter(|p| keep(p)).count() as u64));
    TableRow { label: label.into(), cells, total: false }
}

fn level_columns(columns: &[(String, String)]) -> Vec<String> {
    let mut out = vec!["Показатель".to_string()];
    out.extend(columns.iter().map(|(_, l)| l.clone()));
    out.push("Всего".into());
    out
}

/// The average duration of the completed plans, in whole days; a dash when none.
fn average_days(plans: &[&FamilyPlan]) -> Cell {
    let days: Vec<i64> =
        plans.iter().filter_map(|p| Some((p.concluded_on? - p.start_on?).num_days())).filter(|d| *d >= 0).collect();
    if days.is_empty() {
        Cell::Dash
    } else {
        Cell::Number((days.iter().sum::<i64>() as f64 / days.len() as f64).round() as u64)
    }
}

/// The monitoring's tables: the survey, its answers question by question, the indicators.
pub fn count(plans: &[FamilyPlan], questions: &[Question], quarter: Quarter, counted_to: NaiveDate) -> Vec<Table> {
    let effect: Vec<&FamilyPlan> = plans.iter().filter(|p| p.in_effect(quarter, counted_to)).collect();
    let completed: Vec<&FamilyPlan> = plans.iter().filter(|p| p.completed_in(quarter)).collect();
    let all: Vec<&FamilyPlan> = plans.iter().collect();
    let columns = levels(&all);
    let heads = level_columns(&columns);
    let way = |w: SurveyWay| move |p: &FamilyPlan| p.survey.as_ref().is_some_and(|s| s.way == w);

    let mut tables = vec![Table {
        key: "survey".into(),
        title: "1. Анкетирование граждан, в отношении семей которых завершена реализация ИПССС".into(),
        groups: vec![("".into(), 1), ("Уровень социального сопровождения".into(), columns.len() as u16 + 1)],
        columns: heads.clone(),
        rows: vec![
            count_row("Семей, завершивших ИПССС в квартале", &completed, &columns, |_| true),
            count_row("Опрошено на визите", &completed, &columns, way(SurveyWay::Visit)),
            count_row("Опрошено по телефону", &completed, &columns, way(SurveyWay::Phone)),
            count_row("Отказались от опроса", &completed, &columns, way(SurveyWay::Refused)),
            count_row("Не удалось связаться", &completed, &columns, way(SurveyWay::Unreachable)),
            count_row("Ещё не опрошены", &completed, &columns, |p| p.survey.is_none()),
        ],
        note: None,
        empty: "В квартале ИПССС не завершались".into(),
    }];
    tables.extend(answer_tables(&completed, questions, &columns, &heads));

    let outcome = |code: &'static str| move |p: &FamilyPlan| p.outcome == code;
    let mut average = vec![];
    for (code, _) in &columns {
        let of_level: Vec<&FamilyPlan> = completed.iter().copied().filter(|p| level_of(p, &columns) == code).collect();
        average.push(average_days(&of_level));
    }
    average.push(average_days(&completed));
    let detected: Vec<&FamilyPlan> =
        plans.iter().filter(|p| quarter.contains(p.detected_on) && p.detected_on <= counted_to).collect();
    let finished_activities = |status: ActivityStatus| move |p: &FamilyPlan| p.activities.contains(&status);
    let mut indicator_rows = vec![
        count_row("Семей на социальном сопровождении (ИПССС действовала в квартале)", &effect, &columns, |_| true),
        count_row("из них ИПССС начата в квартале", &effect, &columns, |p| {
            p.start_on.is_some_and(|s| quarter.contains(s))
        }),
        count_row("ИПССС завершено в квартале", &completed, &columns, |_| true),
        count_row("— цели достигнуты, сопровождение завершено", &completed, &columns, outcome("completed")),
        count_row("— сопровождение продолжено по новой ИПССС", &completed, &columns, outcome("continue")),
        count_row("— сопровождение прекращено, цели не достигнуты", &completed, &columns, outcome("stopped")),
        TableRow {
            label: "Средняя продолжительность завершённой ИПССС, дней".into(), cells: average, total: false
        },
        count_row(
            "Завершённых ИПССС с невыполненными мероприятиями",
            &completed,
            &columns,
            finished_activities(ActivityStatus::NotAchieved),
        ),
        count_row("Повторные обращения семей, ранее снятых с сопровождения", &detected, &columns, |p| p.repeated),
    ];
    let plans_done: u64 = completed.iter().map(|p| p.activities.len() as u64).sum();
    let done: u64 =
        completed.iter().map(|p| p.activities.iter().filter(|a| **a == ActivityStatus::Done).count() as u64).sum();
    let mut share = vec![Cell::Dash; columns.len()];
    share.push(Cell::Share((plans_done > 0).then(|| (done * 100 + plans_done / 2) / plans_done)));
    indicator_rows.push(TableRow {
        label: "Доля выполненных мероприятий завершённых ИПССС".into(),
        cells: share,
        total: false,
    });
    tables.push(Table {
        key: "indicators".into(),
        title: "2. Показатели эффективности и результативности социального сопровождения семей с детьми".into(),
        groups: vec![("".into(), 1), ("Уровень социального сопровождения".into(), columns.len() as u16 + 1)],
        columns: heads,
        rows: indicator_rows,
        note: Some(format!(
            "Сведения на {}; продолжительность — от начала ИПССС до заключения, в календарных днях",
            crate::time::format_naive_date(counted_to.min(quarter.last_day()))
        )),
        empty: "Нет семей с ИПССС".into(),
    });
    tables
}

/// A table per question: how the asked families answered, by level; free answers listed.
fn answer_tables(
    completed: &[&FamilyPlan],
    questions: &[Question],
    columns: &[(String, String)],
    heads: &[String],
) -> Vec<Table> {
    let answered: Vec<&FamilyPlan> =
        completed.iter().copied().filter(|p| p.survey.as_ref().is_some_and(|s| s.way.answered())).collect();
    // The questions as the supervisor orders them, then any asked before and taken off since.
    let mut asked: Vec<(String, String, Option<&Question>)> =
        questions.iter().filter(|q| q.active).map(|q| (q.id.clone(), q.text.clone(), Some(q))).collect();
    for p in &answered {
        for a in p.survey.iter().flat_map(|s| &s.answers) {
            if !asked.iter().any(|(id, _, _)| *id == a.question) {
                asked.push((a.question.clone(), a.text.clone(), questions.iter().find(|q| q.id == a.question)));
            }
        }
    }
    let answer_of = |p: &FamilyPlan, id: &str| -> Option<String> {
        p.survey.as_ref()?.answers.iter().find(|a| a.question == id).map(|a| a.value.clone()).filter(|v| !v.is_empty())
    };
    asked
        .into_iter()
        .enumerate()
        .map(|(n, (id, text, question))| {
            let title = format!("1.{}. {}", n + 1, text);
            let free = question.is_some_and(|q| q.kind == QuestionKind::Text);
            if free {
                let rows: Vec<TableRow> = answered
                    .iter()
                    .filter_map(|p| {
                        let value = answer_of(p, &id)?;
                        let level = columns.iter().find(|(c, _)| c == level_of(p, columns)).map(|(_, l)| l.clone());
                        Some(TableRow {
                            label: value,
                            cells: vec![Cell::Text(level.unwrap_or_default())],
                            total: false,
                        })
                    })
                    .collect();
                return Table {
                    key: format!("answers-{id}"),
                    title,
                    groups: vec![],
                    columns: vec!["Ответ".into(), "Уровень".into()],
                    rows,
                    note: Some("Ответы семей без имён".into()),
                    empty: "Ответов нет".into(),
                };
            }
            // The options as offered now, then any given before and changed since, then no answer.
            let mut options: Vec<String> = question.map(|q| q.options.clone()).unwrap_or_default();
            let mut given: BTreeMap<String, ()> = BTreeMap::new();
            for p in &answered {
                if let Some(v) = answer_of(p, &id) {
                    given.insert(v, ());
                }
            }
            for v in given.into_keys() {
                if !options.contains(&v) {
                    options.push(v);
                }
            }
            let mut rows: Vec<TableRow> = options
                .iter()
                .map(|o| count_row(o, &answered, columns, |p| answer_of(p, &id).as_deref() == Some(o.as_str())))
                .collect();
            let silent = count_row("Нет ответа", &answered, columns, |p| answer_of(p, &id).is_none());
            if silent.cells.last() != Some(&Cell::Number(0)) {
                rows.push(silent);
            }
            let mut total = count_row("Опрошено семей", &answered, columns, |_| true);
            total.total = true;
            rows.push(total);
            let mut heads = heads.to_vec();
            heads[0] = "Ответ".into();
            Table {
                key: format!("answers-{id}"),
                title,
                groups: vec![],
                columns: heads,
                rows,
                note: None,
                empty: "Ответов нет".into(),
            }
        })
        .collect()
}

/// The quarterly monitoring as counted (or as submitted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonitoringReport {
    pub quarter: Quarter,
    pub tables: Vec<Table>,
    pub manual: Vec<super::types::ManualFigure>,
    pub counted_to: NaiveDate,
    pub counted_at: chrono::DateTime<chrono::Utc>,
}

impl MonitoringReport {
    pub fn title(&self) -> String {
        format!(
            "Мониторинг оценки эффективности и результативности социального сопровождения семей с детьми за {}",
            self.quarter.words()
        )
    }

    /// The counted tables and, last, the figures added by hand.
    pub fn all_tables(&self) -> Vec<Table> {
        let mut out = self.tables.clone();
        let mut manual = super::types::manual_table(&self.manual);
        // The survey (1, with a table per question) and the indicators (2) come first.
        manual.title = "3. Показатели, которых нет в Опоре (внесены заведующим)".into();
        out.push(manual);
        out
    }
}

/// A family on the page's list of those to ask.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToAsk {
    pub case_id: String,
    pub case_number: String,
    pub title: String,
    pub level: String,
    pub concluded_on: NaiveDate,
    /// «Опрошена по телефону 03.12.2026», or empty while not asked.
    pub state: String,
    pub asked: bool,
}

/// The families whose plan was completed in the quarter that the reader may see, those not asked
/// first.
pub fn to_ask(plans: &[FamilyPlan], quarter: Quarter, viewer: &crate::auth::CurrentUser) -> Vec<ToAsk> {
    let mut out: Vec<ToAsk> = plans
        .iter()
        .filter(|p| p.completed_in(quarter) && p.access.visible_to(viewer))
        .filter_map(|p| {
            Some(ToAsk {
                case_id: p.case_id.clone(),
                case_number: p.case_number.clone(),
                title: p.title.clone(),
                level: crate::acts::types::SUPPORT_LEVELS
                    .iter()
                    .find(|(c, _)| *c == p.level)
                    .map(|(_, l)| l.to_string())
                    .unwrap_or_else(|| "не указан".into()),
                concluded_on: p.concluded_on?,
                state: p
                    .survey
                    .as_ref()
                    .map(|s| format!("{} {}", s.way.label(), crate::time::format_naive_date(s.filled_on)))
                    .unwrap_or_default(),
                asked: p.survey.is_some(),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.asked, a.concluded_on, &a.case_number).cmp(&(b.asked, b.concluded_on, &b.case_number)));
    out
}

/// The monitoring page: as counted now, its submitted versions, the families to ask.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonitoringPage {
    pub quarter: Quarter,
    /// As counted now, in the background.
    pub live: crate::counted::Counted<MonitoringReport>,
    pub submissions: Vec<super::types::SubmittedVersion<MonitoringReport>>,
    pub due: super::types::Due,
    pub due_words: String,
    pub overdue: bool,
    pub can_submit: bool,
    pub can_edit_questions: bool,
    pub to_ask: Vec<ToAsk>,
    pub today: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn q4() -> Quarter {
        Quarter { year: 2026, number: 4 }
    }

    fn questions() -> Vec<Question> {
        vec![
            Question {
                id: "q1".into(),
                text: "Удовлетворены ли вы сопровождением?".into(),
                kind: QuestionKind::Choice,
                options: vec!["Да".into(), "Частично".into(), "Нет".into()],
                active: true,
            },
            Question {
                id: "q2".into(),
                text: "Что помогло больше всего?".into(),
                kind: QuestionKind::Text,
                options: vec![],
                active: true,
            },
        ]
    }

    fn survey(way: SurveyWay, satisfied: &str, helped: &str) -> Survey {
        Survey {
            quarter: "2026-Q4".into(),
            way,
            respondent: "мать".into(),
            answers: vec![
                Answer { question: "q1".into(), text: "Удовлетворены?".into(), value: satisfied.into() },
                Answer { question: "q2".into(), text: "Что помогло?".into(), value: helped.into() },
            ],
            filled_on: day("2026-12-01"),
            filled_by_name: "Петрова".into(),
            version: 1,
        }
    }

    fn plan(id: &str, level: &str, start: &str, concluded: Option<&str>, outcome: &str) -> FamilyPlan {
        FamilyPlan {
            case_id: id.into(),
            case_number: id.into(),
            title: format!("Семья {id}"),
            level: level.into(),
            start_on: Some(day(start)),
            concluded_on: concluded.map(day),
            outcome: outcome.into(),
            activities: vec![ActivityStatus::Done, ActivityStatus::Done],
            detected_on: day(start),
            ..Default::default()
        }
    }

    fn figure(table: &Table, row: &str) -> Vec<String> {
        table
            .rows
            .iter()
            .find(|r| r.label == row)
            .unwrap_or_else(|| panic!("no row «{row}» in {}", table.title))
            .cells
            .iter()
            .map(Cell::text)
            .collect()
    }

    #[test]
    fn plans_are_counted_by_the_quarter_of_their_conclusion_and_their_level() {
        let mut asked = plan("1", "basic", "2026-06-01", Some("2026-10-01"), "completed");
        asked.survey = Some(survey(SurveyWay::Visit, "Да", "Психолог"));
        let mut by_phone = plan("2", "crisis", "2026-09-01", Some("2026-12-31"), "stopped");
        by_phone.survey = Some(survey(SurveyWay::Phone, "Частично", ""));
        by_phone.activities = vec![ActivityStatus::Done, ActivityStatus::NotAchieved];
        let plans = vec![
            asked,
            by_phone,
            // Concluded on the quarter's eve: in the third quarter, not this one.
            plan("3", "basic", "2026-01-10", Some("2026-09-30"), "completed"),
            // Still running, started in the quarter.
            plan("4", "emergency", "2026-11-02", None, ""),
            // Concluded in the quarter, not asked yet, no level.
            plan("5", "", "2026-07-01", Some("2026-11-15"), "continue"),
        ];
        let tables = count(&plans, &questions(), q4(), day("2026-12-31"));
        let survey = &tables[0];
        assert_eq!(survey.columns, ["Показатель", "Экстренный", "Кризисный", "Базовый", "Не указан", "Всего"]);
        assert_eq!(figure(survey, "Семей, завершивших ИПССС в квартале"), ["0", "1", "1", "1", "3"]);
        assert_eq!(figure(survey, "Опрошено на визите"), ["0", "0", "1", "0", "1"]);
        assert_eq!(figure(survey, "Опрошено по телефону"), ["0", "1", "0", "0", "1"]);
        assert_eq!(figure(survey, "Ещё не опрошены"), ["0", "0", "0", "1", "1"]);

        let satisfied = &tables[1];
        assert_eq!(figure(satisfied, "Да"), ["0", "0", "1", "0", "1"]);
        assert_eq!(figure(satisfied, "Частично"), ["0", "1", "0", "0", "1"]);
        assert_eq!(figure(satisfied, "Нет"), ["0", "0", "0", "0", "0"]);
        assert_eq!(figure(satisfied, "Опрошено семей"), ["0", "1", "1", "0", "2"]);
        let helped = &tables[2];
        assert_eq!(helped.rows.len(), 1, "an empty free answer is not listed");
        assert_eq!(figure(helped, "Психолог"), ["Базовый"]);

        let indicators = tables.last().unwrap();
        // In effect in the quarter: 1, 2, 4, 5 (3 ended before it began).
        assert_eq!(
            figure(indicators, "Семей на социальном сопровождении (ИПССС действовала в квартале)"),
            ["1", "1", "1", "1", "4"]
        );
        assert_eq!(figure(indicators, "из них ИПССС начата в квартале"), ["1", "0", "0", "0", "1"]);
        assert_eq!(figure(indicators, "— цели достигнуты, сопровождение завершено"), ["0", "0", "1", "0", "1"]);
        assert_eq!(figure(indicators, "— сопровождение прекращено, цели не достигнуты"), ["0", "1", "0", "0", "1"]);
        assert_eq!(figure(indicators, "— сопровождение продолжено по новой ИПССС"), ["0", "0", "0", "1", "1"]);
        // 122, 121 and 137 days: 126.7 → 127.
        assert_eq!(
            figure(indicators, "Средняя продолжительность завершённой ИПССС, дней"),
            ["—", "121", "122", "137", "127"]
        );
        assert_eq!(figure(indicators, "Завершённых ИПССС с невыполненными мероприятиями")[4], "1");
        assert_eq!(figure(indicators, "Доля выполненных мероприятий завершённых ИПССС")[4], "83 %");
    }

    #[test]
    fn the_current_quarter_counts_up_to_today() {
        // Starts tomorrow: not yet in effect.
        let plans = vec![plan("1", "basic", "2026-12-07", None, ""), plan("2", "basic", "2026-12-01", None, "")];
        let tables = count(&plans, &questions(), q4(), day("2026-12-06"));
        let indicators = tables.last().unwrap();
        assert_eq!(indicators.columns.len(), 5, "no «не указан» column when every plan has a level");
        assert_eq!(figure(indicators, "Семей на социальном сопровождении (ИПССС действовала в квартале)")[3], "1");
        assert_eq!(figure(indicators, "Средняя продолжительность завершённой ИПССС, дней")[3], "—");
    }

    #[test]
    fn a_family_that_comes_back_after_its_case_was_closed_is_a_repeated_appeal() {
        let key = |n: &str| person_key(n, Some(day("1990-05-01"))).unwrap();
        let cases = vec![
            CaseTrace {
                case_id: "old".into(),
                detected_on: day("2025-02-01"),
                closed_on: Some(day("2025-09-01")),
                people: vec![key("Иванова Анна Петровна")],
            },
            CaseTrace {
                case_id: "again".into(),
                detected_on: day("2026-10-05"),
                closed_on: None,
                people: vec![key("иванова  анна петровна")],
            },
            // The same person in a case open at the same time is not a repeat.
            CaseTrace {
                case_id: "parallel".into(),
                detected_on: day("2025-03-01"),
                closed_on: None,
                people: vec![key("Иванова Анна Петровна")],
            },
            CaseTrace {
                case_id: "other".into(),
                detected_on: day("2026-10-05"),
                closed_on: None,
                people: vec![key("Орлова")],
            },
        ];
        let repeated = repeated_cases(&cases);
        assert_eq!(repeated.len(), 1);
        assert!(repeated.contains("again"));
        assert_eq!(person_key("Семён Ёлкин", None), None, "without a birth date people are not matched");
    }

    #[test]
    fn a_questionnaire_answers_every_choice_question_unless_the_family_was_not_asked() {
        let form = |way: &str, satisfied: &str| SurveyForm {
            case_id: "c".into(),
            quarter: "2026-Q4".into(),
            way: way.into(),
            respondent: "мать, Иванова А. П.".into(),
            answers: vec![Answer { question: "q1".into(), text: String::new(), value: satisfied.into() }],
            seen_version: 0,
        };
        let mut ok = form("visit", "Да");
        assert_eq!(validate_survey(&mut ok, &questions()).unwrap(), SurveyWay::Visit);
        assert_eq!(ok.answers.len(), 2, "every active question is kept with its text");
        assert_eq!(ok.answers[0].text, "Удовлетворены ли вы сопровождением?");
        let errors =
            |f: &mut SurveyForm| validate_survey(f, &questions()).unwrap_err().field_errors().cloned().unwrap();
        assert!(errors(&mut form("phone", "")).get("answers.q1").is_some());
        assert!(errors(&mut form("phone", "Отлично")).get("answers.q1").is_some(), "only the options offered");
        assert!(errors(&mut form("", "Да")).get("way").is_some());
        let mut refused = form("refused", "");
        refused.respondent.clear();
        assert_eq!(validate_survey(&mut refused, &questions()).unwrap(), SurveyWay::Refused);
        assert!(refused.answers.is_empty());
    }

    #[test]
    fn the_questions_need_text_and_options_and_keep_their_ids() {
        let mut list = questions();
        list.push(Question {
            id: String::new(),
            text: "Изменилась ли ситуация в семье?".into(),
            kind: QuestionKind::Choice,
            options: vec!["Да".into(), " ".into(), "Нет".into()],
            active: true,
        });
        validate_questions(&mut list).unwrap();
        assert_eq!(list[2].id, "q3");
        assert_eq!(list[2].options, ["Да", "Нет"]);
        let mut bad = questions();
        bad[0].options = vec!["Да".into()];
        bad[1].text = " ".into();
        let errors = validate_questions(&mut bad).unwrap_err().field_errors().cloned().unwrap();
        assert!(errors.get("questions.0.options").is_some());
        assert!(errors.get("questions.1.text").is_some());
    }
}
