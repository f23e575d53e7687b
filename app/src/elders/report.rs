//! The quarterly plan and report of the «дворовый» service (seed 002 §4.3: «ежеквартально
//! представлять плановую и отчетную документацию»): per district and for the department, the
//! registry at the quarter's end by groups of special attention, the monthly contact planned
//! (every person of the registry every month, §3.1.6) against the contacts made, events and who
//! came, interest groups, the safety schools, and the needs and dangerous situations found with
//! what became of them. Types and rules, without a browser or a database.

use super::events::{EventKind, SafetyTopic};
use super::types::{AttentionGroup, Interest};
use crate::districts::DistrictOption;
pub use crate::periods::{month_end, Quarter};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Who reports: the institution (`crate::institution`) and its department, as the heading of
/// the printed form says.
pub const DEPARTMENT: &str = "Отделение социального сопровождения граждан";

/// The title of the report, before the quarter's words.
pub const TITLE: &str = "Отчёт о работе службы «дворового» социального управления";

/// «Октябрь».
pub fn month_title(day: NaiveDate) -> &'static str {
    crate::time::MONTH_NAMES[day.month0() as usize]
}

/// The quarters the chooser offers, the latest first: the next one (to plan it), the current one
/// and the seven before it; the quarter chosen is among them even when it is further away.
pub fn quarter_choices(today: NaiveDate, chosen: Quarter) -> Vec<Quarter> {
    let mut out = vec![Quarter::of(today).next()];
    for _ in 0..8 {
        let before = out[out.len() - 1].previous();
        out.push(before);
    }
    if !out.contains(&chosen) {
        out.push(chosen);
        out.sort_by(|a, b| b.cmp(a));
    }
    out
}

/// The whole percent of `whole` that `part` is, rounded down (so that 100 % means everyone);
/// none when there is nobody to count.
pub fn share_percent(part: u64, whole: u64) -> Option<u64> {
    (part.saturating_mul(100)).checked_div(whole)
}

/// «87 %», or «—» when there is nobody to count.
pub fn share_text(part: u64, whole: u64) -> String {
    share_percent(part, whole).map(|p| format!("{p} %")).unwrap_or_else(|| "—".into())
}

/// The report's choice, as it stands in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    /// «2026-Q4»; empty: the current quarter.
    pub quarter: String,
    /// A district's key; empty: all the user's districts (the head: the department).
    pub district: String,
}

impl ReportQuery {
    pub fn to_query_string(&self) -> String {
        crate::url::query_string(&[("quarter", &self.quarter), ("district", &self.district)])
    }
}

/// A month of the quarter as the report counts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthHead {
    /// «Октябрь».
    pub title: String,
    pub first: NaiveDate,
    /// The day counted up to: the month's last day, or today in the current month.
    pub until: NaiveDate,
    /// The month has begun: it has facts.
    pub begun: bool,
    /// The month is over.
    pub complete: bool,
}

impl MonthHead {
    pub fn of(first: NaiveDate, today: NaiveDate) -> MonthHead {
        let last = month_end(first);
        MonthHead {
            title: month_title(first).to_string(),
            first,
            until: last.min(today).max(first),
            begun: first <= today,
            complete: last < today,
        }
    }

    /// «Декабрь (по 05.12)» for the month in progress.
    pub fn label(&self) -> String {
        if self.begun && !self.complete {
            format!("{} (по {})", self.title, self.until.format("%d.%m"))
        } else {
            self.title.clone()
        }
    }
}

/// One month of a district: the plan (every person of the registry that month) and the fact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFigures {
    /// People of the registry in the month: each is to be reached once.
    pub plan: u64,
    /// Contacts made.
    pub contacts: u64,
    /// People of the registry with at least one contact in the month.
    pub reached: u64,
}

/// The figures of one district (or, added up, of several).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictFigures {
    pub district_id: String,
    pub district_name: String,
    /// Caseworkers who work the district (short names).
    pub caseworkers: Vec<String>,
    /// People in the registry at the quarter's end (or today, in the current quarter).
    pub registry: u64,
    /// Of them, disabled people.
    pub disabled: u64,
    /// Of them, in each group of special attention, in the order of `AttentionGroup::ALL`.
    pub groups: Vec<u64>,
    /// Of them, people whose case of social support is linked to their card.
    pub with_case: u64,
    /// The three months of the quarter.
    pub months: Vec<MonthFigures>,
    /// Informed of the events held in the quarter (one per person and event), and of them came.
    pub informed: u64,
    pub attended: u64,
    /// The same for the safety schools, and how many different people came to one.
    pub safety_informed: u64,
    pub safety_attended: u64,
    pub safety_people: u64,
    /// Members of interest groups (people in the registry), and the groups they are in.
    pub group_members: u64,
    pub groups_active: u64,
    /// Contacts at which a need was found, the people they were about, and of them the people
    /// whose case of social support is linked.
    pub needs: u64,
    pub needs_people: u64,
    pub needs_with_case: u64,
    /// Contacts at which a dangerous situation was found, and the people with a linked case.
    pub dangers: u64,
    pub dangers_people: u64,
    pub dangers_with_case: u64,
    /// Alerts to the head in the quarter: acknowledged, and still open.
    pub alerts_acknowledged: u64,
    pub alerts_open: u64,
}

impl DistrictFigures {
    /// The sum of several districts' figures. Every person belongs to one district, so people
    /// add up; the groups a district's members are in do not (`groups_active` is counted apart).
    pub fn total(rows: &[DistrictFigures], months: usize) -> DistrictFigures {
        let mut sum = DistrictFigures {
            groups: vec![0; AttentionGroup::ALL.len()],
            months: vec![MonthFigures::default(); months],
            ..Default::default()
        };
        for row in rows {
            sum.registry += row.registry;
            sum.disabled += row.disabled;
            for (total, n) in sum.groups.iter_mut().zip(&row.groups) {
                *total += n;
            }
            sum.with_case += row.with_case;
            for (total, m) in sum.months.iter_mut().zip(&row.months) {
                total.plan += m.plan;
                total.contacts += m.contacts;
                total.reached += m.reached;
            }
            sum.informed += row.informed;
            sum.attended += row.attended;
            sum.safety_informed += row.safety_informed;
            sum.safety_attended += row.safety_attended;
            sum.safety_people += row.safety_people;
            sum.group_members += row.group_members;
            sum.needs += row.needs;
            sum.needs_people += row.needs_people;
            sum.needs_with_case += row.needs_with_case;
            sum.dangers += row.dangers;
            sum.dangers_people += row.dangers_people;
            sum.dangers_with_case += row.dangers_with_case;
            sum.alerts_acknowledged += row.alerts_acknowledged;
            sum.alerts_open += row.alerts_open;
        }
        sum
    }

    /// The quarter's plan of contacts (the three months' plans) and the people reached.
    pub fn quarter_plan(&self) -> (u64, u64) {
        (self.months.iter().map(|m| m.plan).sum(), self.months.iter().map(|m| m.reached).sum())
    }
}

/// Events of one kind held in the quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindFigures {
    pub kind: EventKind,
    pub held: u64,
    pub informed: u64,
    pub attended: u64,
}

/// Safety-school sessions of one topic held in the quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicFigures {
    pub topic: Option<SafetyTopic>,
    pub sessions: u64,
    pub informed: u64,
    pub attended: u64,
}

impl TopicFigures {
    pub fn label(&self) -> &'static str {
        self.topic.map(|t| t.label()).unwrap_or("Без темы")
    }
}

/// An interest group with its members of the report's districts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupFigures {
    pub name: String,
    pub theme: Interest,
    pub leader: String,
    pub members: u64,
}

/// What the report counts for its districts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub months: Vec<MonthHead>,
    pub rows: Vec<DistrictFigures>,
    pub total: DistrictFigures,
    /// Events held in the quarter (the town's, for every district), and of them safety schools.
    pub events_held: u64,
    pub safety_held: u64,
    pub kinds: Vec<KindFigures>,
    pub topics: Vec<TopicFigures>,
    pub groups: Vec<GroupFigures>,
}

/// The report as the page, the print and the workbook show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuarterReport {
    /// «2026-Q4».
    pub quarter: String,
    /// «IV квартал 2026 г.».
    pub quarter_words: String,
    /// «01.10.2026 – 31.12.2026».
    pub period: String,
    /// The day the figures are counted up to (the quarter's last day, or today).
    pub counted_to: NaiveDate,
    /// The quarter has not ended yet.
    pub in_progress: bool,
    /// The quarters to choose from: (code, words), the latest first.
    pub choices: Vec<(String, String)>,
    /// The user's districts (the head: every district), to choose from.
    pub districts: Vec<DistrictOption>,
    /// The district chosen; empty: all of the user's.
    pub district: String,
    /// Every district of the department is in the report.
    pub department: bool,
    /// The user works every district (the head): «all» is the department.
    pub head: bool,
    /// «Участок № 1 — Центральный», «все участки отделения», «участки: …».
    pub scope: String,
    /// «Итого по отделению» or «Итого по участкам».
    pub total_label: String,
    pub figures: Figures,
    pub prepared_by: String,
    pub prepared_at: DateTime<Utc>,
}

impl QuarterReport {
    /// «Отчёт о работе службы «дворового» социального управления за IV квартал 2026 г.».
    pub fn title(&self) -> String {
        format!("{TITLE} за {}", self.quarter_words)
    }
}

/// What the report covers in words, and the words of its total row.
pub fn scope_words(department: bool, chosen: Option<&DistrictOption>, mine: &[DistrictOption]) -> (String, String) {
    match chosen {
        Some(d) => (d.name.clone(), "Итого по участку".into()),
        None if department => ("все участки отделения".into(), "Итого по отделению".into()),
        None => {
            let names = mine.iter().map(|d| d.name.clone()).collect::<Vec<_>>().join("; ");
            (format!("участки: {names}"), "Итого по участкам".into())
        }
    }
}

/// «01.10.2026 – 31.12.2026».
pub fn period_words(quarter: Quarter) -> String {
    format!(
        "{} – {}",
        crate::time::format_naive_date(quarter.first_day()),
        crate::time::format_naive_date(quarter.last_day())
    )
}

pub use crate::report_tables::{Cell, Table, TableRow};

/// The short name of a group of special attention for a column.
pub fn group_column(group: AttentionGroup) -> &'static str {
    match group {
        AttentionGroup::RecentlyRetired => "Недавно вышли на пенсию",
        AttentionGroup::NewlyArrived => "Прибывшие из других мест",
        AttentionGroup::Alone => "Проживают одиноко",
        AttentionGroup::VictimRisk => "Риск виктимизации",
        AttentionGroup::SocialTrouble => "Социальное неблагополучие",
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

impl QuarterReport {
    /// The district rows of a table, and the total row when there are several districts.
    fn district_rows(&self, cells: impl Fn(&DistrictFigures) -> Vec<Cell>) -> Vec<TableRow> {
        let mut rows: Vec<TableRow> = self
            .figures
            .rows
            .iter()
            .map(|r| TableRow { label: r.district_name.clone(), cells: cells(r), total: false })
            .collect();
        if self.figures.rows.len() > 1 {
            rows.push(TableRow { label: self.total_label.clone(), cells: cells(&self.figures.total), total: true });
        }
        rows
    }

    /// «на 31.12.2026 (конец квартала)» or «на 05.12.2026».
    fn as_of(&self) -> String {
        let day = crate::time::format_naive_date(self.counted_to);
        if self.in_progress {
            format!("на {day}")
        } else {
            format!("на {day} (конец квартала)")
        }
    }

    /// The report's tables, in the order of the paper form.
    pub fn tables(&self) -> Vec<Table> {
        let f = &self.figures;
        let mut tables = Vec::new();

        let mut columns = strings(&["Участок", "Всего в реестре", "Из них инвалидов"]);
        columns.extend(AttentionGroup::ALL.iter().map(|g| group_column(*g).to_string()));
        columns.push("Связаны со случаем сопровождения".into());
        tables.push(Table {
            key: "registry".into(),
            title: format!("1. Граждане 55+ и инвалиды в реестре {}", self.as_of()),
            groups: vec![
                (String::new(), 3),
                ("Группы особого внимания".into(), AttentionGroup::ALL.len() as u16),
                (String::new(), 1),
            ],
            columns,
            rows: self.district_rows(|r| {
                let mut cells = vec![Cell::Number(r.registry), Cell::Number(r.disabled)];
                cells.extend(r.groups.iter().map(|n| Cell::Number(*n)));
                cells.push(Cell::Number(r.with_case));
                cells
            }),
            note: None,
            empty: "Участков нет".into(),
        });

        let mut groups = vec![(String::new(), 1)];
        let mut columns = vec!["Участок".to_string()];
        for m in &f.months {
            groups.push((m.label(), 4));
            columns.extend(strings(&["План", "Контактов", "Охвачено", "Доля охвата"]));
        }
        groups.push(("За квартал".into(), 3));
        columns.extend(strings(&["План", "Охвачено", "Выполнение плана"]));
        let months = f.months.clone();
        tables.push(Table {
            key: "contacts".into(),
            title: "2. Ежемесячный контакт с каждым: план и факт".into(),
            groups,
            columns,
            rows: self.district_rows(|r| {
                let mut cells = Vec::new();
                for (head, m) in months.iter().zip(&r.months) {
                    cells.push(Cell::Number(m.plan));
                    if head.begun {
                        cells.push(Cell::Number(m.contacts));
                        cells.push(Cell::Number(m.reached));
                        cells.push(Cell::Share(share_percent(m.reached, m.plan)));
                    } else {
                        cells.extend([Cell::Dash, Cell::Dash, Cell::Dash]);
                    }
                }
                let (plan, reached) = r.quarter_plan();
                cells.extend([Cell::Number(plan), Cell::Number(reached), Cell::Share(share_percent(reached, plan))]);
                cells
            }),
            note: Some(
                "План — каждый гражданин реестра не реже раза в месяц (посещение, звонок, мессенджер); \
                 охвачено — люди реестра, с которыми в месяце был хотя бы один контакт."
                    .into(),
            ),
            empty: "Участков нет".into(),
        });

        tables.push(Table {
            key: "events".into(),
            title: "3. Мероприятия и посещаемость".into(),
            groups: vec![(String::new(), 1), ("Все мероприятия".into(), 2), ("Школы безопасности".into(), 3)],
            columns: strings(&[
                "Участок",
                "Проинформировано",
                "Посетили",
                "Проинформировано",
                "Слушателей",
                "Разных людей",
            ]),
            rows: self.district_rows(|r| {
                vec![
                    Cell::Number(r.informed),
                    Cell::Number(r.attended),
                    Cell::Number(r.safety_informed),
                    Cell::Number(r.safety_attended),
                    Cell::Number(r.safety_people),
                ]
            }),
            note: Some(format!(
                "Проведено мероприятий за квартал: {}, из них занятий школ безопасности: {}.",
                f.events_held, f.safety_held
            )),
            empty: "Участков нет".into(),
        });

        let mut kinds: Vec<TableRow> = f
            .kinds
            .iter()
            .map(|k| TableRow {
                label: k.kind.label().to_string(),
                cells: vec![Cell::Number(k.held), Cell::Number(k.informed), Cell::Number(k.attended)],
                total: false,
            })
            .collect();
        if !kinds.is_empty() {
            let sum = |get: fn(&KindFigures) -> u64| Cell::Number(f.kinds.iter().map(get).sum());
            kinds.push(TableRow {
                label: "Всего".into(),
                cells: vec![sum(|k| k.held), sum(|k| k.informed), sum(|k| k.attended)],
                total: true,
            });
        }
        tables.push(Table {
            key: "kinds".into(),
            title: "3.1. Мероприятия по видам".into(),
            groups: vec![],
            columns: strings(&["Вид мероприятия", "Проведено", "Проинформировано", "Посетили"]),
            rows: kinds,
            note: None,
            empty: "В квартале мероприятий не было".into(),
        });

        tables.push(Table {
            key: "safety".into(),
            title: "3.2. Школы безопасности по темам".into(),
            groups: vec![],
            columns: strings(&["Тема", "Занятий", "Проинформировано", "Слушателей"]),
            rows: f
                .topics
                .iter()
                .map(|t| TableRow {
                    label: t.label().to_string(),
                    cells: vec![Cell::Number(t.sessions), Cell::Number(t.informed), Cell::Number(t.attended)],
                    total: false,
                })
                .collect(),
            note: None,
            empty: "В квартале занятий школ безопасности не было".into(),
        });

        tables.push(Table {
            key: "groups".into(),
            title: "4. Группы по интересам".into(),
            groups: vec![],
            columns: strings(&["Участок", "Групп с участниками с участка", "Участников"]),
            rows: self.district_rows(|r| vec![Cell::Number(r.groups_active), Cell::Number(r.group_members)]),
            note: Some("Состав групп — на день составления отчёта.".into()),
            empty: "Участков нет".into(),
        });
        tables.push(Table {
            key: "group-list".into(),
            title: "4.1. Состав групп".into(),
            groups: vec![],
            columns: strings(&["Группа", "Направление", "Руководитель", "Участников"]),
            rows: f
                .groups
                .iter()
                .map(|g| TableRow {
                    label: g.name.clone(),
                    cells: vec![
                        Cell::Text(g.theme.label().to_string()),
                        Cell::Text(if g.leader.trim().is_empty() { "—".into() } else { g.leader.clone() }),
                        Cell::Number(g.members),
                    ],
                    total: false,
                })
                .collect(),
            note: None,
            empty: "Групп по интересам пока нет".into(),
        });

        tables.push(Table {
            key: "needs".into(),
            title: "5. Выявленные потребности и опасные ситуации".into(),
            groups: vec![
                (String::new(), 1),
                ("Потребности".into(), 3),
                ("Опасные и конфликтные ситуации".into(), 3),
                ("Сообщения заведующему".into(), 2),
            ],
            columns: strings(&[
                "Участок",
                "Выявлено при контактах",
                "Людей",
                "Из них со случаем сопровождения",
                "Выявлено при контактах",
                "Людей",
                "Из них со случаем сопровождения",
                "Приняты к сведению",
                "Ожидают",
            ]),
            rows: self.district_rows(|r| {
                vec![
                    Cell::Number(r.needs),
                    Cell::Number(r.needs_people),
                    Cell::Number(r.needs_with_case),
                    Cell::Number(r.dangers),
                    Cell::Number(r.dangers_people),
                    Cell::Number(r.dangers_with_case),
                    Cell::Number(r.alerts_acknowledged),
                    Cell::Number(r.alerts_open),
                ]
            }),
            note: None,
            empty: "Участков нет".into(),
        });
        tables
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_quarter_is_read_from_the_url_and_written_back() {
        assert_eq!(Quarter::parse("2026-Q4"), Some(Quarter { year: 2026, number: 4 }));
        assert_eq!(Quarter::parse(" 2027-q1 "), Some(Quarter { year: 2027, number: 1 }));
        for wrong in ["", "2026", "2026-Q5", "2026-Q0", "2026Q4", "26-Q4", "2026-Q44", "1999-Q1", "2026-Q-1", "Q4-2026"]
        {
            assert_eq!(Quarter::parse(wrong), None, "{wrong}");
        }
        assert_eq!(Quarter::parse("2026-Q4").map(Quarter::code).as_deref(), Some("2026-Q4"));
    }

    #[test]
    fn a_quarter_has_its_bounds_and_months() {
        let q4 = Quarter::of(day("2026-12-05"));
        assert_eq!(q4, Quarter { year: 2026, number: 4 });
        assert_eq!((q4.first_day(), q4.last_day()), (day("2026-10-01"), day("2026-12-31")));
        assert_eq!(q4.months(), [day("2026-10-01"), day("2026-11-01"), day("2026-12-01")]);
        let q1 = Quarter::of(day("2028-02-29"));
        assert_eq!((q1.first_day(), q1.last_day()), (day("2028-01-01"), day("2028-03-31")));
        assert_eq!(Quarter::of(day("2026-06-30")).last_day(), day("2026-06-30"));
        assert_eq!(Quarter::of(day("2026-07-01")).first_day(), day("2026-07-01"));
        assert_eq!(q4.next(), Quarter { year: 2027, number: 1 });
        assert_eq!(q4.next().previous(), q4);
        assert_eq!(month_end(day("2026-02-10")), day("2026-02-28"));
    }

    #[test]
    fn the_quarter_in_russian_words() {
        assert_eq!(Quarter { year: 2026, number: 4 }.words(), "IV квартал 2026 г.");
        assert_eq!(Quarter { year: 2027, number: 1 }.words(), "I квартал 2027 г.");
        assert_eq!(Quarter { year: 2026, number: 3 }.words(), "III квартал 2026 г.");
        assert_eq!(period_words(Quarter { year: 2026, number: 2 }), "01.04.2026 – 30.06.2026");
        assert_eq!(month_title(day("2026-10-01")), "Октябрь");
    }

    #[test]
    fn the_chooser_offers_the_next_quarter_and_two_years_back() {
        let today = day("2026-12-05");
        let choices = quarter_choices(today, Quarter::of(today));
        assert_eq!(choices.len(), 9);
        assert_eq!(choices[0].code(), "2027-Q1");
        assert_eq!(choices[1].code(), "2026-Q4");
        assert_eq!(choices[8].code(), "2025-Q1");
        let far = Quarter { year: 2020, number: 2 };
        let choices = quarter_choices(today, far);
        assert_eq!(choices.last(), Some(&far));
    }

    #[test]
    fn the_share_is_rounded_down_and_none_of_nobody() {
        assert_eq!(share_percent(0, 0), None);
        assert_eq!(share_percent(5, 0), None);
        assert_eq!(share_percent(0, 7), Some(0));
        assert_eq!(share_percent(299, 300), Some(99), "one person not reached is not 100 %");
        assert_eq!(share_percent(300, 300), Some(100));
        assert_eq!(share_percent(1, 3), Some(33));
        assert_eq!(share_text(2, 3), "66 %");
        assert_eq!(share_text(0, 0), "—");
    }

    #[test]
    fn a_month_in_progress_is_counted_up_to_today() {
        let today = day("2026-12-05");
        let december = MonthHead::of(day("2026-12-01"), today);
        assert_eq!((december.begun, december.complete, december.until), (true, false, today));
        assert_eq!(december.label(), "Декабрь (по 05.12)");
        let october = MonthHead::of(day("2026-10-01"), today);
        assert_eq!((october.complete, october.until, october.label()), (true, day("2026-10-31"), "Октябрь".into()));
        let january = MonthHead::of(day("2027-01-01"), today);
        assert!(!january.begun);
        assert_eq!(january.until, day("2027-01-01"));
        assert_eq!(january.label(), "Январь");
    }

    #[test]
    fn districts_add_up_into_the_total() {
        let row = |registry: u64, reached: u64| DistrictFigures {
            registry,
            groups: vec![1, 0, 2, 0, 0],
            months: vec![MonthFigures { plan: registry, contacts: reached + 1, reached }; 3],
            needs: 1,
            alerts_open: 1,
            groups_active: 2,
            ..Default::default()
        };
        let total = DistrictFigures::total(&[row(10, 7), row(20, 20)], 3);
        assert_eq!(total.registry, 30);
        assert_eq!(total.groups, vec![2, 0, 4, 0, 0]);
        assert_eq!(total.months[0], MonthFigures { plan: 30, contacts: 29, reached: 27 });
        assert_eq!(total.quarter_plan(), (90, 81));
        assert_eq!((total.needs, total.alerts_open), (2, 2));
        assert_eq!(total.groups_active, 0, "the groups of several districts are counted apart");
    }

    #[test]
    fn the_tables_show_plan_and_fact_and_a_month_not_begun_as_a_dash() {
        let today = day("2026-11-15");
        let quarter = Quarter::of(today);
        let months: Vec<MonthHead> = quarter.months().iter().map(|m| MonthHead::of(*m, today)).collect();
        let row = |id: &str, plan: u64, reached: u64| DistrictFigures {
            district_id: id.into(),
            district_name: format!("Участок {id}"),
            registry: plan,
            groups: vec![0; AttentionGroup::ALL.len()],
            months: vec![
                MonthFigures { plan, contacts: reached + 2, reached },
                MonthFigures { plan, contacts: 1, reached: 1 },
                MonthFigures { plan, contacts: 0, reached: 0 },
            ],
            ..Default::default()
        };
        let rows = vec![row("d1", 40, 30), row("d2", 10, 10)];
        let report = QuarterReport {
            quarter: quarter.code(),
            quarter_words: quarter.words(),
            period: period_words(quarter),
            counted_to: today,
            in_progress: true,
            choices: vec![],
            districts: vec![],
            district: String::new(),
            department: true,
            head: true,
            scope: "все участки отделения".into(),
            total_label: "Итого по отделению".into(),
            figures: Figures { total: DistrictFigures::total(&rows, 3), rows, months, ..Default::default() },
            prepared_by: "Морозова Татьяна Ивановна".into(),
            prepared_at: Utc::now(),
        };
        assert_eq!(report.title(), "Отчёт о работе службы «дворового» социального управления за IV квартал 2026 г.");
        let tables = report.tables();
        let contacts = tables.iter().find(|t| t.key == "contacts").unwrap();
        assert_eq!(contacts.columns.len(), 1 + 3 * 4 + 3);
        assert_eq!(contacts.groups.iter().map(|(_, n)| n).sum::<u16>() as usize, contacts.columns.len());
        assert_eq!(contacts.groups[2].0, "Ноябрь (по 15.11)");
        let total = contacts.rows.last().unwrap();
        assert!(total.total);
        assert_eq!(total.label, "Итого по отделению");
        let cells: Vec<String> = total.cells.iter().map(Cell::text).collect();
        // October: 50 planned, 44 contacts, 40 reached; December not begun; the quarter so far.
        assert_eq!(&cells[..4], ["50", "44", "40", "80 %"]);
        assert_eq!(&cells[8..12], ["50", "—", "—", "—"]);
        assert_eq!(&cells[12..], ["150", "42", "28 %"]);
        let registry = tables.iter().find(|t| t.key == "registry").unwrap();
        assert!(registry.title.ends_with("на 15.11.2026"), "{}", registry.title);
        for table in &tables {
            for row in &table.rows {
                assert_eq!(row.cells.len() + 1, table.columns.len(), "{}: {}", table.key, row.label);
            }
        }
    }

    #[test]
    fn the_scope_in_words() {
        let d = |id: &str, name: &str| DistrictOption { id: id.into(), number: 1, name: name.into() };
        let mine = [d("d1", "Участок № 1 — Центральный"), d("d2", "Участок № 2 — Югорск-2")];
        assert_eq!(scope_words(true, None, &mine).0, "все участки отделения");
        assert_eq!(scope_words(true, None, &mine).1, "Итого по отделению");
        assert_eq!(scope_words(false, Some(&mine[0]), &mine).0, "Участок № 1 — Центральный");
        assert_eq!(scope_words(false, None, &mine).0, "участки: Участок № 1 — Центральный; Участок № 2 — Югорск-2");
        let query = ReportQuery { quarter: "2026-Q4".into(), district: "d1".into() };
        assert_eq!(query.to_query_string(), "?quarter=2026-Q4&district=d1");
    }
}
