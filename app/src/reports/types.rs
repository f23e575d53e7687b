//! What the department's reports are made of: the figures counted by Опора, the figures a
//! supervisor adds by hand, the due date, and the submitted versions kept as they were.

use crate::calendar::{working_days_phrase, ProductionCalendar};
use crate::error::{AppError, FieldErrors};
use crate::periods::{Month, Quarter};
use crate::report_tables::Table;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A figure Опора cannot know (events held outside it, connections to the regional centre's
/// services): written by the supervisor, with a note on where it comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualFigure {
    pub label: String,
    /// A whole number, or empty when not given.
    pub value: String,
    pub note: String,
}

crate::labeled_enum! {
    /// The reports Опора counts and keeps submitted versions of.
    pub enum ReportKind {
        SvoMonthly => "svo_monthly", "Ежемесячный отчёт отдела по работе с участниками СВО и членами их семей",
        Monitoring => "monitoring_quarterly", "Мониторинг эффективности и результативности социального сопровождения семей с детьми",
    }
}

impl ReportKind {
    /// The lines its supervisor fills in by hand.
    pub fn manual_lines(self) -> &'static [&'static str] {
        match self {
            ReportKind::SvoMonthly => &MANUAL_LINES,
            ReportKind::Monitoring => &MONITORING_MANUAL_LINES,
        }
    }

    /// Its period as in the address and the store («2026-11», «2026-Q4»), checked: a period
    /// that has not begun is refused.
    pub fn period(self, text: &str, today: NaiveDate) -> Result<String, &'static str> {
        let (code, first) = match self {
            ReportKind::SvoMonthly => {
                let m = Month::parse(text).ok_or("Укажите месяц отчёта")?;
                (m.code(), m.first_day())
            }
            ReportKind::Monitoring => {
                let q = Quarter::parse(text).ok_or("Укажите квартал отчёта")?;
                (q.code(), q.first_day())
            }
        };
        if first > today {
            return Err("Отчёт за период, который ещё не начался, не сдаётся");
        }
        Ok(code)
    }
}

/// The lines a supervisor fills in by hand in the monitoring.
pub const MONITORING_MANUAL_LINES: [&str; 2] = [
    "Семей с детьми на сопровождении в других отделениях учреждения (вне Опоры)",
    "Специалистов, прошедших обучение по социальному сопровождению семей",
];

/// The lines a supervisor fills in by hand, as offered on a new report.
pub const MANUAL_LINES: [&str; 3] = [
    "Мероприятия для семей участников СВО (клуб, групповая работа, единые дни помощи)",
    "Участников этих мероприятий",
    "Подключений к услугам Единого центра сопровождения (дистанционно)",
];

pub fn blank_manual(kind: ReportKind) -> Vec<ManualFigure> {
    kind.manual_lines().iter().map(|l| ManualFigure { label: l.to_string(), ..Default::default() }).collect()
}

/// The monthly СВО report as counted (or as submitted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SvoReport {
    pub month: Month,
    pub tables: Vec<Table>,
    pub manual: Vec<ManualFigure>,
    /// The route steps are counted as they stand on this day.
    pub counted_to: NaiveDate,
    pub counted_at: DateTime<Utc>,
}

impl SvoReport {
    pub fn title(&self) -> String {
        format!("Отчёт о работе с участниками СВО и членами их семей за {}", self.month.words())
    }

    /// The counted tables and, last, the figures added by hand — as on the page, on paper and
    /// in the workbook.
    pub fn all_tables(&self) -> Vec<Table> {
        let mut out = self.tables.clone();
        out.push(manual_table(&self.manual));
        out
    }
}

/// The figures added by hand as a table: the figure, its value, where it comes from.
pub fn manual_table(manual: &[ManualFigure]) -> Table {
    use crate::report_tables::{Cell, TableRow};
    Table {
        key: "manual".into(),
        title: "5. Показатели, которых нет в Опоре (внесены заведующим)".into(),
        groups: vec![],
        columns: vec!["Показатель".into(), "Значение".into(), "Источник".into()],
        rows: manual
            .iter()
            .map(|m| TableRow {
                label: m.label.clone(),
                cells: vec![
                    if m.value.is_empty() { Cell::Dash } else { Cell::Text(m.value.clone()) },
                    Cell::Text(m.note.clone()),
                ],
                total: false,
            })
            .collect(),
        note: None,
        empty: "Не заполнялись".into(),
    }
}

/// A submitted version: frozen, with who submitted it, when, and why it corrects an earlier one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmittedVersion<R> {
    pub version: i64,
    pub submitted_at: DateTime<Utc>,
    pub submitted_by_name: String,
    /// Why this version corrects the one before; empty for the first.
    pub reason: String,
    pub report: R,
}

/// When a report is due and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Due {
    pub due_on: NaiveDate,
    /// Working days from today to the due date; negative once it has passed.
    pub working_days_left: i64,
    pub submitted_on: Option<NaiveDate>,
}

impl Due {
    /// The monthly report is due on the 1st of the next month (seed 004 II.7).
    pub fn monthly(
        month: Month,
        today: NaiveDate,
        calendar: &ProductionCalendar,
        submitted_on: Option<NaiveDate>,
    ) -> Due {
        let due_on = month.next().first_day();
        Due { due_on, working_days_left: calendar.working_days_between(today, due_on), submitted_on }
    }

    /// The quarterly monitoring: the order makes it quarterly and sets no day, so it is asked
    /// for by the first day of the next quarter, as the monthly report is by the next month's.
    pub fn quarterly(
        quarter: Quarter,
        today: NaiveDate,
        calendar: &ProductionCalendar,
        submitted_on: Option<NaiveDate>,
    ) -> Due {
        let due_on = quarter.next().first_day();
        Due { due_on, working_days_left: calendar.working_days_between(today, due_on), submitted_on }
    }

    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.submitted_on.is_none() && today > self.due_on
    }

    /// «сдать до 01.12.2026, осталось 3 рабочих дня», «срок прошёл 01.12.2026 — …», «сдан 30.11.2026».
    pub fn words(&self, today: NaiveDate) -> String {
        let due = crate::time::format_naive_date(self.due_on);
        if let Some(on) = self.submitted_on {
            return format!("сдан {} (срок {due})", crate::time::format_naive_date(on));
        }
        if today > self.due_on {
            format!("срок был {due} — просрочен на {}", working_days_phrase(self.working_days_left.abs().max(1)))
        } else if self.working_days_left == 0 {
            format!("сдать до {due} — срок сегодня")
        } else {
            format!("сдать до {due}, осталось {}", working_days_phrase(self.working_days_left))
        }
    }
}

/// A report on the list of what the department owes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwedReport {
    pub title: String,
    pub period: String,
    pub href: String,
    /// None: the statute says «ежеквартально» and sets no day.
    pub due: Option<Due>,
    pub due_words: String,
    pub overdue: bool,
    /// The last submitted version: its number, when and by whom.
    pub submitted: Option<(i64, DateTime<Utc>, String)>,
}

/// The `/reports` page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportList {
    pub owed: Vec<OwedReport>,
    pub submitted: Vec<OwedReport>,
    pub today: NaiveDate,
}

/// The page of one monthly report: as counted now, and its submitted versions (newest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SvoReportPage {
    pub month: crate::periods::Month,
    /// As counted now, in the background.
    pub live: crate::counted::Counted<SvoReport>,
    pub submissions: Vec<SubmittedVersion<SvoReport>>,
    pub due: Due,
    pub due_words: String,
    pub overdue: bool,
    pub can_submit: bool,
    pub today: NaiveDate,
}

/// What the supervisor sends to submit a report of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmitForm {
    pub kind: ReportKind,
    /// «2026-11» for the monthly report, «2026-Q4» for the quarterly one.
    pub period: String,
    pub manual: Vec<ManualFigure>,
    pub reason: String,
    /// The version last seen (0: none yet): a submission after someone else's is a conflict.
    pub seen_version: i64,
}

/// Checks a submission: the period is a past or current one, the hand figures are whole numbers
/// with a note on their source, and a correction gives its reason. Answers the period's code.
pub fn validate_submit(form: &mut SubmitForm, today: NaiveDate) -> Result<String, AppError> {
    let mut errors = FieldErrors::new();
    let period = form.kind.period(&form.period, today);
    if let Err(message) = &period {
        errors.add("period", *message);
    }
    if form.manual.len() > 20 {
        errors.add("manual", "Не больше 20 строк, заполняемых вручную");
    }
    for (i, line) in form.manual.iter_mut().enumerate() {
        line.label = line.label.trim().to_string();
        line.value = line.value.trim().to_string();
        line.note = line.note.trim().to_string();
        if line.label.is_empty() || line.label.chars().count() > 200 {
            errors.add(&format!("manual.{i}.label"), "Назовите показатель (до 200 знаков)");
        }
        if !line.value.is_empty() && line.value.parse::<u32>().is_err() {
            errors.add(&format!("manual.{i}.value"), "Целое число не меньше нуля");
        }
        if !line.value.is_empty() && line.note.is_empty() {
            errors.add(&format!("manual.{i}.note"), "Укажите, откуда число (журнал клуба, список участников…)");
        }
        if line.note.chars().count() > 300 {
            errors.add(&format!("manual.{i}.note"), "Не длиннее 300 знаков");
        }
    }
    form.reason = form.reason.trim().to_string();
    if form.seen_version > 0 && form.reason.chars().count() < 5 {
        errors.add("reason", "Отчёт уже сдан: укажите, что исправлено и почему");
    }
    if form.reason.chars().count() > 1000 {
        errors.add("reason", "Не длиннее 1000 знаков");
    }
    match (errors.is_empty(), period) {
        (true, Ok(p)) => Ok(p),
        _ => Err(AppError::Validation(errors)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_monthly_report_is_due_on_the_first_of_the_next_month() {
        let calendar = ProductionCalendar::new([]);
        let november = Month { year: 2026, month: 11 };
        let due = Due::monthly(november, day(2026, 11, 26), &calendar, None);
        assert_eq!(due.due_on, day(2026, 12, 1));
        assert_eq!(due.words(day(2026, 11, 26)), "сдать до 01.12.2026, осталось 3 рабочих дня");
        let late = Due::monthly(november, day(2026, 12, 3), &calendar, None);
        assert!(late.overdue(day(2026, 12, 3)));
        assert_eq!(late.words(day(2026, 12, 3)), "срок был 01.12.2026 — просрочен на 2 рабочих дня");
        let done = Due::monthly(november, day(2026, 12, 3), &calendar, Some(day(2026, 11, 30)));
        assert!(!done.overdue(day(2026, 12, 3)));
        assert_eq!(done.words(day(2026, 12, 3)), "сдан 30.11.2026 (срок 01.12.2026)");
    }

    fn form(seen: i64, reason: &str, value: &str, note: &str) -> SubmitForm {
        let mut manual = blank_manual(ReportKind::SvoMonthly);
        manual[0].value = value.into();
        manual[0].note = note.into();
        SubmitForm {
            kind: ReportKind::SvoMonthly,
            period: "2026-11".into(),
            manual,
            reason: reason.into(),
            seen_version: seen,
        }
    }

    #[test]
    fn a_submission_is_checked_field_by_field() {
        let today = day(2026, 12, 1);
        assert!(validate_submit(&mut form(0, "", "4", "журнал клуба"), today).is_ok());
        assert!(validate_submit(&mut form(0, "", "", ""), today).is_ok(), "a hand line may stay empty");
        let errors = |f: &mut SubmitForm| validate_submit(f, today).unwrap_err().field_errors().cloned().unwrap();
        assert!(errors(&mut form(0, "", "четыре", "журнал")).get("manual.0.value").is_some());
        assert!(errors(&mut form(0, "", "4", "")).get("manual.0.note").is_some());
        assert!(errors(&mut form(1, "", "4", "журнал")).get("reason").is_some(), "a correction says why");
        let mut future = form(0, "", "", "");
        future.period = "2027-01".into();
        assert!(errors(&mut future).get("period").is_some());
        let mut quarter = form(0, "", "", "");
        quarter.kind = ReportKind::Monitoring;
        assert!(errors(&mut quarter).get("period").is_some(), "a month is not a quarter");
        quarter.period = "2026-Q4".into();
        assert_eq!(validate_submit(&mut quarter, today).unwrap(), "2026-Q4");
        quarter.period = "2027-Q1".into();
        assert!(errors(&mut quarter).get("period").is_some());
    }
}
