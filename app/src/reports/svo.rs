//! The monthly report of the department for СВО participants and their families (seed 004
//! II.7: to the support centre «не позднее 1 числа месяца, следующего за отчётным»), counted
//! from the cases with an СВО category and their routes.
//!
//! Rules:
//! - A case is supported in the month when it was detected on or before the month's last day and
//!   was not closed before its first day. It is **new** when detected in the month, **continuing**
//!   otherwise; **closed** when closed in the month (a case opened and closed in one month is
//!   new and closed). Moves between stages within the month change nothing else.
//! - People: the members marked «Участник СВО» are participants (the applicant of a case whose
//!   only mark is on the case itself); the other members are family members.
//! - Difficult life situations: each family once per situation found in its diagnostic map.
//! - Route steps of the supported cases as they stand on the day of counting (the month's last
//!   day or today, whichever is earlier): overdue when its deadline passed before that day and
//!   it is neither done nor marked not achieved.

use crate::periods::Month;
use crate::plans::types::ActivityStatus;
use crate::report_tables::{Cell, Table, TableRow};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What the report needs of one case.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SvoCase {
    pub detected_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub participants: u64,
    pub family_members: u64,
    /// Titles of the difficult life situations found (each once).
    pub situations: Vec<String>,
    pub steps: Vec<SvoStep>,
}

/// A step of the case's route.
#[derive(Debug, Clone, PartialEq)]
pub struct SvoStep {
    /// The kind of help, as the department names it.
    pub help: String,
    /// The partner who does it; empty: the department itself.
    pub partner: String,
    pub status: ActivityStatus,
    pub deadline: Option<NaiveDate>,
}

/// Participants and family members of a case from its members' marks.
pub fn people_of(members: &[(String, Vec<String>)], case_is_participant: bool) -> (u64, u64) {
    let marked = members.iter().filter(|(_, c)| c.iter().any(|c| c == "svo_participant")).count() as u64;
    let participants = if marked == 0 && case_is_participant { 1 } else { marked };
    (participants, (members.len() as u64).saturating_sub(participants))
}

#[derive(Default, Clone, Copy)]
struct StepFigures {
    all: u64,
    done: u64,
    in_progress: u64,
    planned: u64,
    not_achieved: u64,
    overdue: u64,
}

impl StepFigures {
    fn add(&mut self, step: &SvoStep, counted_to: NaiveDate) {
        self.all += 1;
        match step.status {
            ActivityStatus::Done => self.done += 1,
            ActivityStatus::InProgress => self.in_progress += 1,
            ActivityStatus::Planned => self.planned += 1,
            ActivityStatus::NotAchieved => self.not_achieved += 1,
        }
        let finished = matches!(step.status, ActivityStatus::Done | ActivityStatus::NotAchieved);
        if !finished && step.deadline.is_some_and(|d| d < counted_to) {
            self.overdue += 1;
        }
    }

    fn cells(&self) -> Vec<Cell> {
        [self.all, self.done, self.in_progress, self.planned, self.not_achieved, self.overdue]
            .into_iter()
            .map(Cell::Number)
            .collect()
    }
}

const STEP_COLUMNS: [&str; 6] = ["Шагов", "Выполнено", "Выполняется", "Запланировано", "Не достигнуто", "Просрочено"];

fn step_table(
    key: &str,
    title: &str,
    first: &str,
    groups: BTreeMap<String, StepFigures>,
    note: &str,
    empty: &str,
) -> Table {
    let mut total = StepFigures::default();
    let mut rows: Vec<(String, StepFigures)> = groups.into_iter().collect();
    rows.sort_by(|a, b| b.1.all.cmp(&a.1.all).then_with(|| a.0.cmp(&b.0)));
    let mut out: Vec<TableRow> = rows
        .into_iter()
        .map(|(label, f)| {
            for (t, v) in [
                (&mut total.all, f.all),
                (&mut total.done, f.done),
                (&mut total.in_progress, f.in_progress),
                (&mut total.planned, f.planned),
                (&mut total.not_achieved, f.not_achieved),
                (&mut total.overdue, f.overdue),
            ] {
                *t += v;
            }
            TableRow { label, cells: f.cells(), total: false }
        })
        .collect();
    if !out.is_empty() {
        out.push(TableRow { label: "Итого".into(), cells: total.cells(), total: true });
    }
    let mut columns = vec![first.to_string()];
    columns.extend(STEP_COLUMNS.iter().map(|c| c.to_string()));
    Table {
        key: key.into(),
        title: title.into(),
        groups: vec![],
        columns,
        rows: out,
        note: Some(note.into()),
        empty: empty.into(),
    }
}

/// The tables of the report for `month`, the route steps as they stand on `counted_to`.
pub fn count(cases: &[SvoCase], month: Month, counted_to: NaiveDate) -> Vec<Table> {
    let (first, last) = (month.first_day(), month.last_day());
    let supported: Vec<&SvoCase> = cases
        .iter()
        .filter(|c| c.detected_on.is_some_and(|d| d <= last) && c.closed_on.is_none_or(|d| d >= first))
        .collect();

    // 1. Families and people supported.
    let mut new = [0u64; 3];
    let mut continuing = [0u64; 3];
    let mut closed = [0u64; 3];
    for c in &supported {
        let figures = [1, c.participants, c.family_members];
        let row = if c.detected_on.is_some_and(|d| d >= first) { &mut new } else { &mut continuing };
        for (slot, v) in row.iter_mut().zip(figures) {
            *slot += v;
        }
        if c.closed_on.is_some_and(|d| month.contains(d)) {
            for (slot, v) in closed.iter_mut().zip(figures) {
                *slot += v;
            }
        }
    }
    let total: Vec<u64> = new.iter().zip(continuing).map(|(a, b)| a + b).collect();
    let numbers = |v: &[u64]| v.iter().map(|n| Cell::Number(*n)).collect::<Vec<_>>();
    let supported_table = Table {
        key: "supported".into(),
        title: "1. Сопровождение участников СВО и членов их семей".into(),
        groups: vec![],
        columns: vec!["".into(), "Семей (случаев)".into(), "Участников СВО".into(), "Членов семей".into()],
        rows: vec![
            TableRow {
                label: "Новые — выявлены в месяце".into(), cells: numbers(&new), total: false
            },
            TableRow {
                label: "Продолжающие — с прошлых месяцев".into(), cells: numbers(&continuing), total: false
            },
            TableRow {
                label: "Всего на сопровождении".into(), cells: numbers(&total), total: true
            },
            TableRow {
                label: "из них сопровождение завершено в месяце".into(), cells: numbers(&closed), total: false
            },
        ],
        note: None,
        empty: "".into(),
    };

    // 2. Difficult life situations.
    let mut situations: BTreeMap<String, u64> = BTreeMap::new();
    for c in &supported {
        let mut seen: Vec<&String> = c.situations.iter().collect();
        seen.sort();
        seen.dedup();
        for s in seen {
            *situations.entry(s.clone()).or_default() += 1;
        }
    }
    let mut situation_rows: Vec<(String, u64)> = situations.into_iter().collect();
    situation_rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let situations_table = Table {
        key: "situations".into(),
        title: "2. Трудные жизненные ситуации".into(),
        groups: vec![],
        columns: vec!["Ситуация (по диагностической карте)".into(), "Семей".into()],
        rows: situation_rows
            .into_iter()
            .map(|(label, n)| TableRow { label, cells: vec![Cell::Number(n)], total: false })
            .collect(),
        note: Some("Семья с несколькими ситуациями учтена в каждой из них.".into()),
        empty: "Диагностические карты сопровождаемых семей не заполнены".into(),
    };

    // 3–4. Route steps by kind of help and by partner.
    let mut by_help: BTreeMap<String, StepFigures> = BTreeMap::new();
    let mut by_partner: BTreeMap<String, StepFigures> = BTreeMap::new();
    for step in supported.iter().flat_map(|c| c.steps.iter()) {
        let help = if step.help.trim().is_empty() {
            "Вид помощи не указан".to_string()
        } else {
            step.help.clone()
        };
        by_help.entry(help).or_default().add(step, counted_to);
        let partner = if step.partner.trim().is_empty() {
            "Силами отделения".to_string()
        } else {
            step.partner.clone()
        };
        by_partner.entry(partner).or_default().add(step, counted_to);
    }
    let state_note = format!(
        "Состояние шагов маршрутов на {}; просрочен — срок прошёл, шаг не выполнен.",
        crate::time::format_naive_date(counted_to)
    );
    vec![
        supported_table,
        situations_table,
        step_table("help", "3. Шаги маршрутов по видам помощи", "Вид помощи", by_help, &state_note, "Маршрутов нет"),
        step_table(
            "partners",
            "4. Шаги маршрутов по исполнителям",
            "Исполнитель",
            by_partner,
            &state_note,
            "Маршрутов нет",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn step(help: &str, partner: &str, status: ActivityStatus, deadline: NaiveDate) -> SvoStep {
        SvoStep { help: help.into(), partner: partner.into(), status, deadline: Some(deadline) }
    }

    fn row(table: &Table, label: &str) -> Vec<String> {
        table
            .rows
            .iter()
            .find(|r| r.label == label)
            .unwrap_or_else(|| panic!("no row {label}"))
            .cells
            .iter()
            .map(Cell::text)
            .collect()
    }

    const NOVEMBER: Month = Month { year: 2026, month: 11 };

    #[test]
    fn families_are_new_continuing_or_closed_by_the_month_boundaries() {
        let cases = vec![
            // Detected on the first day: new.
            SvoCase { detected_on: Some(day(11, 1)), participants: 1, family_members: 2, ..Default::default() },
            // Detected on the last day of the previous month: continuing.
            SvoCase { detected_on: Some(day(10, 31)), participants: 1, family_members: 0, ..Default::default() },
            // Opened and closed within the month (it moved twice on the board): new and closed.
            SvoCase {
                detected_on: Some(day(11, 3)),
                closed_on: Some(day(11, 30)),
                participants: 0,
                family_members: 3,
                ..Default::default()
            },
            // Closed before the month: not counted.
            SvoCase {
                detected_on: Some(day(9, 1)),
                closed_on: Some(day(10, 31)),
                participants: 1,
                ..Default::default()
            },
            // Detected after the month: not counted.
            SvoCase { detected_on: Some(day(12, 1)), participants: 1, ..Default::default() },
            // Closed on the month's first day: continuing and closed.
            SvoCase {
                detected_on: Some(day(8, 10)),
                closed_on: Some(day(11, 1)),
                participants: 1,
                family_members: 1,
                ..Default::default()
            },
        ];
        let tables = count(&cases, NOVEMBER, day(11, 30));
        let supported = &tables[0];
        assert_eq!(row(supported, "Новые — выявлены в месяце"), ["2", "1", "5"]);
        assert_eq!(row(supported, "Продолжающие — с прошлых месяцев"), ["2", "2", "1"]);
        assert_eq!(row(supported, "Всего на сопровождении"), ["4", "3", "6"]);
        assert_eq!(row(supported, "из них сопровождение завершено в месяце"), ["2", "1", "4"]);
    }

    #[test]
    fn a_family_counts_once_per_situation_and_in_each_of_its_situations() {
        let cases = vec![
            SvoCase {
                detected_on: Some(day(11, 2)),
                situations: vec!["Инвалидность".into(), "Трудоустройство".into(), "Инвалидность".into()],
                ..Default::default()
            },
            SvoCase {
                detected_on: Some(day(10, 2)), situations: vec!["Инвалидность".into()], ..Default::default()
            },
        ];
        let tables = count(&cases, NOVEMBER, day(11, 30));
        assert_eq!(row(&tables[1], "Инвалидность"), ["2"]);
        assert_eq!(row(&tables[1], "Трудоустройство"), ["1"]);
        assert_eq!(tables[1].rows[0].label, "Инвалидность", "the most frequent first");
    }

    #[test]
    fn steps_are_counted_by_help_and_partner_with_overdue_on_the_day_of_counting() {
        use ActivityStatus::*;
        let cases = vec![SvoCase {
            detected_on: Some(day(10, 1)),
            steps: vec![
                step("Медико-социальная экспертиза", "Бюро МСЭ № 5", Done, day(11, 5)),
                step("Медико-социальная экспертиза", "Бюро МСЭ № 5", InProgress, day(11, 20)),
                step("Переобучение", "Центр занятости", Planned, day(12, 10)),
                step("Переобучение", "", NotAchieved, day(11, 1)),
                // Due on the day of counting: not overdue yet.
                step("Переобучение", "", Planned, day(11, 30)),
            ],
            ..Default::default()
        }];
        let tables = count(&cases, NOVEMBER, day(11, 30));
        let help = &tables[2];
        assert_eq!(row(help, "Медико-социальная экспертиза"), ["2", "1", "1", "0", "0", "1"]);
        assert_eq!(row(help, "Переобучение"), ["3", "0", "0", "2", "1", "0"]);
        assert_eq!(row(help, "Итого"), ["5", "1", "1", "2", "1", "1"]);
        let partners = &tables[3];
        assert_eq!(row(partners, "Силами отделения"), ["2", "0", "0", "1", "1", "0"]);
        assert_eq!(row(partners, "Бюро МСЭ № 5"), ["2", "1", "1", "0", "0", "1"]);
        // Counted in the middle of the month, the step due on the 20th is not overdue yet.
        let early = count(&cases, NOVEMBER, day(11, 15));
        assert_eq!(row(&early[2], "Медико-социальная экспертиза")[5], "0");
    }

    #[test]
    fn people_come_from_the_members_marks() {
        let members = |marks: &[&[&str]]| -> Vec<(String, Vec<String>)> {
            marks.iter().map(|m| ("Иванов".to_string(), m.iter().map(|s| s.to_string()).collect())).collect()
        };
        assert_eq!(people_of(&members(&[&["svo_participant"], &[], &[]]), true), (1, 2));
        // A family in two categories, nobody marked: the applicant is the participant.
        assert_eq!(people_of(&members(&[&["svo_family"], &[]]), true), (1, 1));
        assert_eq!(people_of(&members(&[&[], &[]]), false), (0, 2));
    }
}
