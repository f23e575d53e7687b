//! «Нагрузка и сроки» — the workload of the department's specialists for the weekly meeting:
//! per specialist, the open cases they curate with the stage clocks already past and falling
//! due this week, and the unfinished activities of support plans they answer for, with the
//! same for each social district. Counted from the records as they are today; printed on A4
//! and exported with the same tables.

use crate::report_tables::{Cell, Table, TableRow};
use crate::time::format_naive_date;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A specialist who may carry cases or plan activities (active account).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub id: String,
    pub full_name: String,
    /// The role's label: «Психолог».
    pub role: String,
    /// Listed with zeros when free (a head of department is listed only when she carries work).
    pub always: bool,
}

/// An open case as the report counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCase {
    pub curator_id: Option<String>,
    pub curator_name: String,
    /// The social district's name; empty when none is set.
    pub district: String,
    /// The deadline of the stage's clock.
    pub due_on: Option<NaiveDate>,
}

/// An unfinished activity of a plan not yet concluded, of an open case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenActivity {
    pub responsible_id: Option<String>,
    pub responsible_name: String,
    /// The district of its case.
    pub district: String,
    pub deadline: Option<NaiveDate>,
}

/// The report as the page, the paper and the workbook show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkloadReport {
    pub today: NaiveDate,
    /// The last day counted as «this week».
    pub week_end: NaiveDate,
    pub counted_at: DateTime<Utc>,
    pub tables: Vec<Table>,
}

impl WorkloadReport {
    pub fn title(&self) -> String {
        "Нагрузка и сроки специалистов".into()
    }

    /// «на 07.12.2026; «на этой неделе» — по 13.12.2026».
    pub fn subtitle(&self) -> String {
        format!(
            "на {}; «на этой неделе» — с {} по {}",
            format_naive_date(self.today),
            format_naive_date(self.today),
            format_naive_date(self.week_end)
        )
    }
}

/// The last day of «this week» for a meeting held on `today`: its Sunday; on a Saturday or a
/// Sunday the week ahead is meant, so the next Sunday.
pub fn week_end(today: NaiveDate) -> NaiveDate {
    let to_sunday = 6 - today.weekday().num_days_from_monday() as i64;
    match today.weekday() {
        Weekday::Sat | Weekday::Sun => today + Duration::days(to_sunday + 7),
        _ => today + Duration::days(to_sunday),
    }
}

/// What is counted for one specialist or one district.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Load {
    cases: u64,
    clocks_late: u64,
    clocks_week: u64,
    activities: u64,
    activities_late: u64,
    activities_week: u64,
}

impl Load {
    fn case(&mut self, due: Option<NaiveDate>, today: NaiveDate, week_end: NaiveDate) {
        self.cases += 1;
        match due {
            Some(d) if d < today => self.clocks_late += 1,
            Some(d) if d <= week_end => self.clocks_week += 1,
            _ => {}
        }
    }

    fn activity(&mut self, deadline: Option<NaiveDate>, today: NaiveDate, week_end: NaiveDate) {
        self.activities += 1;
        match deadline {
            Some(d) if d < today => self.activities_late += 1,
            Some(d) if d <= week_end => self.activities_week += 1,
            _ => {}
        }
    }

    fn add(&mut self, other: &Load) {
        self.cases += other.cases;
        self.clocks_late += other.clocks_late;
        self.clocks_week += other.clocks_week;
        self.activities += other.activities;
        self.activities_late += other.activities_late;
        self.activities_week += other.activities_week;
    }

    fn late(&self) -> u64 {
        self.clocks_late + self.activities_late
    }

    fn cells(&self) -> Vec<Cell> {
        [self.cases, self.clocks_late, self.clocks_week, self.activities, self.activities_late, self.activities_week]
            .into_iter()
            .map(Cell::Number)
            .collect()
    }
}

const FIGURES: [&str; 6] = [
    "Открытых случаев",
    "Срок этапа истёк",
    "Срок этапа на этой неделе",
    "Мероприятий в работе",
    "Мероприятий просрочено",
    "Мероприятий на этой неделе",
];

const NO_CURATOR: &str = "Куратор не назначен";
const NO_RESPONSIBLE: &str = "Ответственный не назначен";
const NO_DISTRICT: &str = "Район не указан";

/// Counts the two tables: by specialist (every specialist listed, the free ones too) and by
/// district.
pub fn count(
    staff: &[Staff],
    cases: &[OpenCase],
    activities: &[OpenActivity],
    today: NaiveDate,
    week_end: NaiveDate,
) -> Vec<Table> {
    vec![by_specialist(staff, cases, activities, today, week_end), by_district(cases, activities, today, week_end)]
}

fn by_specialist(
    staff: &[Staff],
    cases: &[OpenCase],
    activities: &[OpenActivity],
    today: NaiveDate,
    week_end: NaiveDate,
) -> Table {
    // Keyed by the account; a case or an activity of nobody has its own line.
    let mut people: BTreeMap<String, (String, String, Load)> =
        staff.iter().map(|s| (s.id.clone(), (s.full_name.clone(), s.role.clone(), Load::default()))).collect();
    let optional: Vec<String> = staff.iter().filter(|s| !s.always).map(|s| s.id.clone()).collect();
    let mut line = |id: &Option<String>, name: &str, nobody: &str| -> String {
        let key = id.clone().unwrap_or_else(|| format!("~{nobody}"));
        people.entry(key.clone()).or_insert_with(|| {
            let (name, role) = match id {
                Some(_) => (name.trim().to_string(), "нет в списке действующих".to_string()),
                None => (nobody.to_string(), String::new()),
            };
            (name, role, Load::default())
        });
        key
    };
    let mut entries: Vec<(String, Option<NaiveDate>, bool)> = vec![];
    for case in cases {
        entries.push((line(&case.curator_id, &case.curator_name, NO_CURATOR), case.due_on, true));
    }
    for activity in activities {
        entries.push((
            line(&activity.responsible_id, &activity.responsible_name, NO_RESPONSIBLE),
            activity.deadline,
            false,
        ));
    }
    for (key, date, is_case) in entries {
        if let Some((_, _, load)) = people.get_mut(&key) {
            if is_case {
                load.case(date, today, week_end);
            } else {
                load.activity(date, today, week_end);
            }
        }
    }
    for id in optional {
        if people.get(&id).is_some_and(|(_, _, load)| *load == Load::default()) {
            people.remove(&id);
        }
    }
    let mut rows: Vec<(String, String, Load)> = people.into_values().collect();
    // The most late first, then the most loaded; the lines of nobody last.
    rows.sort_by(|a, b| {
        let nobody = |r: &(String, String, Load)| r.0 == NO_CURATOR || r.0 == NO_RESPONSIBLE;
        nobody(a)
            .cmp(&nobody(b))
            .then(b.2.late().cmp(&a.2.late()))
            .then((b.2.cases + b.2.activities).cmp(&(a.2.cases + a.2.activities)))
            .then(a.0.cmp(&b.0))
    });
    let mut total = Load::default();
    let mut table_rows: Vec<TableRow> = rows
        .into_iter()
        .map(|(name, role, load)| {
            total.add(&load);
            let mut cells = vec![Cell::Text(role)];
            cells.extend(load.cells());
            TableRow { label: name, cells, total: false }
        })
        .collect();
    if !table_rows.is_empty() {
        let mut cells = vec![Cell::Text(String::new())];
        cells.extend(total.cells());
        table_rows.push(TableRow { label: "Всего по отделению".into(), cells, total: true });
    }
    let mut columns = vec!["Специалист".to_string(), "Должность".to_string()];
    columns.extend(FIGURES.iter().map(|c| c.to_string()));
    Table {
        key: "workload-staff".into(),
        title: "1. По специалистам".into(),
        groups: vec![
            (String::new(), 2),
            ("Случаи, где специалист — куратор".into(), 3),
            ("Мероприятия планов, где он ответственный".into(), 3),
        ],
        columns,
        rows: table_rows,
        note: Some(
            "Сначала — у кого больше просрочено (сроки этапов и мероприятий вместе), затем — у кого больше работы. Специалисты без открытых случаев и мероприятий — в списке с нулями: им можно передать случай."
                .into(),
        ),
        empty: "В отделе нет действующих специалистов".into(),
    }
}

fn by_district(cases: &[OpenCase], activities: &[OpenActivity], today: NaiveDate, week_end: NaiveDate) -> Table {
    let mut districts: BTreeMap<String, Load> = BTreeMap::new();
    let name = |d: &str| if d.trim().is_empty() { NO_DISTRICT.to_string() } else { d.trim().to_string() };
    for case in cases {
        districts.entry(name(&case.district)).or_default().case(case.due_on, today, week_end);
    }
    for activity in activities {
        districts.entry(name(&activity.district)).or_default().activity(activity.deadline, today, week_end);
    }
    let mut rows: Vec<(String, Load)> = districts.into_iter().collect();
    // Districts in their order (their names begin with the number), the unknown one last.
    rows.sort_by(|a, b| (a.0 == NO_DISTRICT).cmp(&(b.0 == NO_DISTRICT)).then(a.0.cmp(&b.0)));
    let mut total = Load::default();
    let mut table_rows: Vec<TableRow> = rows
        .into_iter()
        .map(|(name, load)| {
            total.add(&load);
            TableRow { label: name, cells: load.cells(), total: false }
        })
        .collect();
    if !table_rows.is_empty() {
        table_rows
            .push(TableRow { label: "Всего по отделению".into(), cells: total.cells(), total: true });
    }
    let mut columns = vec!["Социальный район".to_string()];
    columns.extend(FIGURES.iter().map(|c| c.to_string()));
    Table {
        key: "workload-districts".into(),
        title: "2. По социальным районам".into(),
        groups: vec![(String::new(), 1), ("Случаи".into(), 3), ("Мероприятия планов".into(), 3)],
        columns,
        rows: table_rows,
        note: Some("Район случая; мероприятия — по району случая, чей это план.".into()),
        empty: "Открытых случаев нет".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn staff(id: &str, name: &str) -> Staff {
        Staff {
            id: id.into(), full_name: name.into(), role: "Специалист по работе с семьёй".into(), always: true
        }
    }

    fn case(curator: Option<&str>, district: &str, due: Option<NaiveDate>) -> OpenCase {
        OpenCase {
            curator_id: curator.map(str::to_string),
            curator_name: curator.map(|c| format!("Имя {c}")).unwrap_or_default(),
            district: district.into(),
            due_on: due,
        }
    }

    fn activity(who: Option<&str>, district: &str, deadline: Option<NaiveDate>) -> OpenActivity {
        OpenActivity {
            responsible_id: who.map(str::to_string),
            responsible_name: who.map(|c| format!("Имя {c}")).unwrap_or_default(),
            district: district.into(),
            deadline,
        }
    }

    fn numbers(row: &TableRow) -> Vec<u64> {
        row.cells
            .iter()
            .filter_map(|c| match c {
                Cell::Number(n) => Some(*n),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn this_week_runs_to_sunday_and_at_the_weekend_to_the_next() {
        assert_eq!(week_end(day(12, 7)), day(12, 13), "Monday");
        assert_eq!(week_end(day(12, 11)), day(12, 13), "Friday");
        assert_eq!(week_end(day(12, 12)), day(12, 20), "Saturday: the week ahead");
        assert_eq!(week_end(day(12, 13)), day(12, 20), "Sunday: the week ahead");
    }

    #[test]
    fn clocks_and_activities_are_late_before_today_and_due_to_the_week_end() {
        let today = day(12, 7);
        let end = week_end(today);
        let staff =
            [staff("petrova", "Петрова А. С."), staff("gusev", "Гусев И. П."), staff("free", "Свободная О. О.")];
        let cases = [
            case(Some("petrova"), "1 район", Some(day(12, 4))),  // late
            case(Some("petrova"), "1 район", Some(day(12, 7))),  // due today: this week, not late
            case(Some("petrova"), "2 район", Some(day(12, 13))), // Sunday: this week
            case(Some("gusev"), "2 район", Some(day(12, 14))),   // next week
            case(Some("gusev"), "2 район", None),
            case(None, "", Some(day(12, 1))),
        ];
        let activities = [
            activity(Some("gusev"), "2 район", Some(day(12, 6))),
            activity(Some("gusev"), "1 район", Some(day(12, 8))),
            activity(None, "1 район", None),
        ];
        let tables = count(&staff, &cases, &activities, today, end);
        let people = &tables[0];
        let row = |name: &str| people.rows.iter().find(|r| r.label == name).unwrap();
        assert_eq!(numbers(row("Петрова А. С.")), [3, 1, 2, 0, 0, 0]);
        assert_eq!(numbers(row("Гусев И. П.")), [2, 0, 0, 2, 1, 1]);
        assert_eq!(numbers(row("Свободная О. О.")), [0, 0, 0, 0, 0, 0], "a free colleague is listed");
        assert_eq!(numbers(row(NO_CURATOR)), [1, 1, 0, 0, 0, 0]);
        assert_eq!(numbers(row(NO_RESPONSIBLE)), [0, 0, 0, 1, 0, 0]);
        let total = people.rows.last().unwrap();
        assert!(total.total);
        assert_eq!(numbers(total), [6, 2, 2, 3, 1, 1]);
        // Both with one late item: Гусев has more work (4 against 3) and comes first; nobody's
        // lines last.
        let order: Vec<&str> = people.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            order,
            ["Гусев И. П.", "Петрова А. С.", "Свободная О. О.", NO_CURATOR, NO_RESPONSIBLE, "Всего по отделению"]
        );

        let districts = &tables[1];
        let row = |name: &str| districts.rows.iter().find(|r| r.label == name).unwrap();
        assert_eq!(numbers(row("1 район")), [2, 1, 1, 2, 0, 1]);
        assert_eq!(numbers(row("2 район")), [3, 0, 1, 1, 1, 0]);
        assert_eq!(numbers(row(NO_DISTRICT)), [1, 1, 0, 0, 0, 0]);
        assert_eq!(numbers(districts.rows.last().unwrap()), numbers(total), "the same totals both ways");
    }

    #[test]
    fn a_curator_no_longer_active_keeps_a_line_with_the_cases() {
        let tables = count(&[], &[case(Some("left"), "1 район", None)], &[], day(12, 7), day(12, 13));
        let row = &tables[0].rows[0];
        assert_eq!(row.label, "Имя left");
        assert_eq!(row.cells[0], Cell::Text("нет в списке действующих".into()));
    }

    #[test]
    fn a_head_is_listed_only_when_she_carries_work() {
        let head = |id: &str| Staff {
            id: id.into(),
            full_name: id.into(),
            role: "Заведующий отделением".into(),
            always: false,
        };
        let tables =
            count(&[head("busy"), head("idle")], &[case(Some("busy"), "1 район", None)], &[], day(12, 7), day(12, 13));
        let names: Vec<&str> = tables[0].rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(names, ["busy", "Всего по отделению"]);
        assert_eq!(tables[0].rows[0].cells[0], Cell::Text("Заведующий отделением".into()));
    }

    #[test]
    fn an_empty_department_has_no_total_line() {
        let tables = count(&[], &[], &[], day(12, 7), day(12, 13));
        assert!(tables.iter().all(|t| t.rows.is_empty()));
    }
}
