//! The counting rules of the dashboard, apart from the database: weeks, the stage a case was in
//! at the end of a week, appeals per week by channel, overdue cases per specialist, plan
//! activities late and due, the СВО families' route steps, the month's 55+ contacts.

use super::types::{colors, ChartData, Series};
use crate::cases::types::Stage;
use crate::plans::types::{is_finished, Plan};
use crate::time::{format_naive_date, parse_date};
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::BTreeMap;

/// The last `n` weeks (Monday to Sunday) up to the one containing `today`, oldest first, as
/// their Mondays.
pub fn weeks(today: NaiveDate, n: usize) -> Vec<NaiveDate> {
    let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
    (0..n).rev().map(|k| monday - Duration::weeks(k as i64)).collect()
}

/// «30.11» for the week starting on that Monday.
pub fn week_label(monday: NaiveDate) -> String {
    format_naive_date(monday)[..5].to_string()
}

/// What the stage chart needs of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseHistory {
    pub detected_on: NaiveDate,
    /// The first day each stage was reached.
    pub reached: Vec<(Stage, NaiveDate)>,
}

impl CaseHistory {
    /// The stage the case was in at the end of `day`: the furthest stage reached by then; none
    /// before it was detected.
    pub fn stage_on(&self, day: NaiveDate) -> Option<Stage> {
        if self.detected_on > day {
            return None;
        }
        self.reached
            .iter()
            .filter(|(_, on)| *on <= day)
            .map(|(stage, _)| *stage)
            .max_by_key(|s| s.index())
            .or(Some(Stage::Appeal))
    }
}

/// Open cases by stage at the end of each week (its Sunday, or today for the current one).
pub fn stages_by_week(cases: &[CaseHistory], weeks: &[NaiveDate], today: NaiveDate) -> ChartData {
    let open: Vec<Stage> = Stage::ALL.iter().copied().filter(|s| *s != Stage::Closed).collect();
    let mut series: Vec<Series> =
        open.iter().map(|s| Series { name: s.short_label().to_string(), values: vec![0; weeks.len()] }).collect();
    for (w, monday) in weeks.iter().enumerate() {
        let end = (*monday + Duration::days(6)).min(today);
        for case in cases {
            if let Some(stage) = case.stage_on(end).filter(|s| *s != Stage::Closed) {
                if let Some(i) = open.iter().position(|s| *s == stage) {
                    series[i].values[w] += 1;
                }
            }
        }
    }
    let last: u64 = series.iter().map(|s| s.values.last().copied().unwrap_or(0)).sum();
    ChartData {
        key: "stages".into(),
        title: "Открытые случаи по этапам, 12 недель".into(),
        summary: format!(
            "Столбцы по неделям с {} по {}, в каждом — открытые случаи на конец недели по этапам; сейчас открыто {last}.",
            weeks.first().map(|d| format_naive_date(*d)).unwrap_or_default(),
            format_naive_date(today)
        ),
        categories: weeks.iter().map(|d| week_label(*d)).collect(),
        series,
        horizontal: false,
        empty: "Открытых случаев нет".into(),
        axis: "Неделя с".into(),
        colors: vec![],
    }
}

/// Appeals of each week by channel; `appeals` are (day received, channel label).
pub fn appeals_by_week(appeals: &[(NaiveDate, String)], weeks: &[NaiveDate], channels: &[&str]) -> ChartData {
    let mut series: Vec<Series> =
        channels.iter().map(|c| Series { name: c.to_string(), values: vec![0; weeks.len()] }).collect();
    for (day, channel) in appeals {
        let Some(w) = weeks.iter().rposition(|monday| monday <= day) else { continue };
        if *day >= weeks[w] + Duration::days(7) {
            continue;
        }
        if let Some(s) = series.iter_mut().find(|s| s.name == *channel) {
            s.values[w] += 1;
        }
    }
    series.retain(|s| s.values.iter().any(|v| *v > 0));
    let total: u64 = series.iter().flat_map(|s| s.values.iter()).sum();
    ChartData {
        key: "appeals".into(),
        title: "Обращения в журнале по неделям и каналам".into(),
        summary: format!("Столбцы по неделям, в каждом — обращения по каналам; всего за 12 недель {total}."),
        categories: weeks.iter().map(|d| week_label(*d)).collect(),
        series,
        horizontal: false,
        empty: "За 12 недель обращений не было".into(),
        axis: "Неделя с".into(),
        colors: vec![],
    }
}

/// Overdue open cases per curator, the most first; `cases` are curator names (empty: none).
pub fn overdue_by_curator(curators: &[String]) -> ChartData {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for name in curators {
        let name =
            if name.trim().is_empty() { "Куратор не назначен".to_string() } else { name.clone() };
        *counts.entry(name).or_default() += 1;
    }
    let mut rows: Vec<(String, u64)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let total: u64 = rows.iter().map(|r| r.1).sum();
    ChartData {
        key: "overdue".into(),
        title: "Просроченные сроки случаев по кураторам".into(),
        summary: format!("Полосы по кураторам — сколько их открытых случаев с истёкшим сроком этапа; всего {total}."),
        categories: rows.iter().map(|r| r.0.clone()).collect(),
        series: vec![Series { name: "Просрочено".into(), values: rows.iter().map(|r| r.1).collect() }],
        horizontal: true,
        empty: "Просроченных сроков нет".into(),
        axis: "Куратор".into(),
        colors: vec![colors::RED],
    }
}

/// The unfinished activities of plans not yet concluded — of `who` only, when given: how many
/// are late on `today` and how many fall due from today to `until`.
pub fn activities_due<'a>(
    plans: impl IntoIterator<Item = &'a Plan>,
    today: NaiveDate,
    until: NaiveDate,
    who: Option<&str>,
) -> (u64, u64) {
    let mut late = 0;
    let mut soon = 0;
    for plan in plans.into_iter().filter(|p| p.outcome.is_empty()) {
        let open = plan
            .activities
            .iter()
            .filter(|a| !is_finished(a.status))
            .filter(|a| who.is_none_or(|w| a.responsible_id.as_deref() == Some(w)));
        for deadline in open.filter_map(|a| parse_date(&a.deadline)) {
            if deadline < today {
                late += 1;
            } else if deadline <= until {
                soon += 1;
            }
        }
    }
    (late, soon)
}

/// What a case keeps of its route: how many activities, how many done, the deadlines of the
/// unfinished ones, and whether the plan is concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteFigures {
    pub total: u32,
    pub done: u32,
    pub open: Vec<NaiveDate>,
    pub concluded: bool,
}

/// Of these deadlines, how many are late on `today` and how many fall due from today to `until`.
pub fn deadlines_due(deadlines: &[NaiveDate], today: NaiveDate, until: NaiveDate) -> (u64, u64) {
    let late = deadlines.iter().filter(|d| **d < today).count() as u64;
    let soon = deadlines.iter().filter(|d| **d >= today && **d <= until).count() as u64;
    (late, soon)
}

/// The route steps of the СВО families' open cases by district: done, in work within the
/// deadline, late, not achieved (a concluded plan's unfinished steps were not reached).
pub fn svo_progress(routes: &[(String, RouteFigures)], today: NaiveDate) -> ChartData {
    let mut districts: BTreeMap<String, [u64; 4]> = BTreeMap::new();
    for (district, route) in routes {
        let name =
            if district.trim().is_empty() { "Район не указан".to_string() } else { district.clone() };
        let row = districts.entry(name).or_default();
        let done = route.done.min(route.total) as u64;
        let rest = route.total as u64 - done;
        row[0] += done;
        if route.concluded {
            row[3] += rest;
        } else {
            let open = (route.open.len() as u64).min(rest);
            let late = (route.open.iter().filter(|d| **d < today).count() as u64).min(open);
            row[2] += late;
            row[1] += open - late;
            row[3] += rest - open;
        }
    }
    districts.retain(|_, row| row.iter().any(|v| *v > 0));
    let names = ["Выполнено", "В работе, в срок", "Просрочено", "Не достигнуто"];
    let series: Vec<Series> = names
        .iter()
        .enumerate()
        .map(|(k, name)| Series { name: name.to_string(), values: districts.values().map(|row| row[k]).collect() })
        .collect();
    let sum = |k: usize| -> u64 { districts.values().map(|row| row[k]).sum() };
    let total: u64 = (0..4).map(sum).sum();
    ChartData {
        key: "svo".into(),
        title: "Маршруты семей участников СВО: шаги по районам".into(),
        summary: format!(
            "Полосы по районам — шаги маршрутов семей участников СВО с открытыми случаями: всего {total}, выполнено {}, в работе в срок {}, просрочено {}, не достигнуто {}.",
            sum(0),
            sum(1),
            sum(2),
            sum(3)
        ),
        categories: districts.keys().cloned().collect(),
        series,
        horizontal: true,
        empty: "Маршрутов семей участников СВО в работе нет".into(),
        axis: "Район".into(),
        colors: vec![colors::GREEN, colors::BLUE, colors::RED, colors::GREY],
    }
}

/// This month's contacts with the people 55+ by district: (district, people in the registry,
/// reached this month); `month` in words, «декабрь 2026».
pub fn elder_coverage(tallies: &[(String, u64, u64)], month: &str) -> ChartData {
    let reached: u64 = tallies.iter().map(|t| t.2.min(t.1)).sum();
    let total: u64 = tallies.iter().map(|t| t.1).sum();
    let share = (reached * 100).checked_div(total).unwrap_or(0);
    ChartData {
        key: "elders".into(),
        title: format!("Контакты 55+ за {month} по районам"),
        summary: format!(
            "Полосы по районам — люди 55+ в реестре: с кем в этом месяце уже связались и с кем ещё нет; всего связались с {reached} из {total} ({share} %)."
        ),
        categories: tallies.iter().map(|t| t.0.clone()).collect(),
        series: vec![
            Series { name: "Связались".into(), values: tallies.iter().map(|t| t.2.min(t.1)).collect() },
            Series { name: "Ещё не связались".into(), values: tallies.iter().map(|t| t.1.saturating_sub(t.2)).collect() },
        ],
        horizontal: true,
        empty: "В реестре 55+ пока никого нет".into(),
        axis: "Район".into(),
        colors: vec![colors::GREEN, colors::GREY],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plans::types::ActivityStatus;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn weeks_run_monday_to_sunday_up_to_today() {
        let w = weeks(day(12, 6), 3); // a Sunday
        assert_eq!(w, [day(11, 16), day(11, 23), day(11, 30)]);
        assert_eq!(weeks(day(12, 7), 1), [day(12, 7)]); // a Monday starts its own week
        assert_eq!(week_label(day(11, 30)), "30.11");
    }

    #[test]
    fn a_case_is_in_the_furthest_stage_reached_by_the_end_of_the_week() {
        // Moved twice in one week: only where it ended counts.
        let case = CaseHistory {
            detected_on: day(11, 17),
            reached: vec![(Stage::Intake, day(11, 18)), (Stage::Assessment, day(11, 20)), (Stage::Closed, day(12, 2))],
        };
        let w = weeks(day(12, 6), 4); // 09.11, 16.11, 23.11, 30.11
        let chart = stages_by_week(std::slice::from_ref(&case), &w, day(12, 6));
        let at = |stage: Stage| chart.series.iter().find(|s| s.name == stage.short_label()).unwrap().values.clone();
        assert_eq!(at(Stage::Assessment), [0, 1, 1, 0], "closed in the last week");
        assert_eq!(at(Stage::Intake), [0, 0, 0, 0]);
        assert_eq!(chart.totals(), [0, 1, 1, 0]);
        assert_eq!(case.stage_on(day(11, 17)), Some(Stage::Appeal));
        assert_eq!(case.stage_on(day(11, 16)), None);
    }

    #[test]
    fn appeals_fall_into_their_week_and_channel() {
        let w = weeks(day(12, 6), 2); // 23.11, 30.11
        let appeals = vec![
            (day(11, 23), "Телефон".to_string()),
            (day(11, 29), "Телефон".to_string()),
            (day(11, 30), "Личный приём".to_string()),
            (day(11, 22), "Телефон".to_string()), // before the first week
        ];
        let chart = appeals_by_week(&appeals, &w, &["Телефон", "Личный приём", "Мессенджер"]);
        assert_eq!(chart.series.len(), 2, "a channel with no appeals is left out");
        assert_eq!(chart.series[0].values, [2, 0]);
        assert_eq!(chart.series[1].values, [0, 1]);
    }

    fn plan(outcome: &str, steps: &[(ActivityStatus, &str, Option<&str>)]) -> Plan {
        Plan {
            outcome: outcome.into(),
            activities: steps
                .iter()
                .map(|(status, deadline, who)| crate::plans::types::Activity {
                    status: *status,
                    deadline: deadline.to_string(),
                    responsible_id: who.map(str::to_string),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn plan_activities_are_late_before_today_and_due_to_sunday_of_whoever_answers() {
        use ActivityStatus::*;
        let open = plan(
            "",
            &[
                (Planned, "2026-12-04", Some("psy")),
                (InProgress, "2026-12-07", Some("me")),
                (Planned, "2026-12-13", Some("me")),
                (Planned, "2026-12-14", Some("me")),
                (Done, "2026-12-01", Some("me")),
                (Planned, "", Some("me")),
            ],
        );
        let concluded = plan("completed", &[(Planned, "2026-12-01", Some("me"))]);
        let plans = [open, concluded];
        assert_eq!(activities_due(&plans, day(12, 7), day(12, 13), None), (1, 2));
        assert_eq!(activities_due(&plans, day(12, 7), day(12, 13), Some("me")), (0, 2));
        assert_eq!(activities_due(&plans, day(12, 7), day(12, 13), Some("psy")), (1, 0));
    }

    #[test]
    fn svo_route_steps_are_counted_per_district_by_where_they_stand() {
        let route =
            |total, done, open: &[NaiveDate], concluded| RouteFigures { total, done, open: open.to_vec(), concluded };
        // One done, one late, one in work; a stopped plan: its two unfinished steps not reached.
        let chart = svo_progress(
            &[
                ("2 район".into(), route(3, 1, &[day(12, 1), day(12, 20)], false)),
                ("1 район".into(), route(2, 0, &[day(12, 20)], true)),
                ("1 район".into(), route(0, 0, &[], false)),
            ],
            day(12, 7),
        );
        assert_eq!(chart.categories, ["1 район", "2 район"]);
        let of = |name: &str| chart.series.iter().find(|s| s.name == name).unwrap().values.clone();
        assert_eq!(of("Выполнено"), [0, 1]);
        assert_eq!(of("В работе, в срок"), [0, 1]);
        assert_eq!(of("Просрочено"), [0, 1]);
        assert_eq!(of("Не достигнуто"), [2, 0]);
        assert!(chart.summary.contains("всего 5"), "{}", chart.summary);
        assert_eq!(deadlines_due(&[day(12, 4), day(12, 7), day(12, 13), day(12, 14)], day(12, 7), day(12, 13)), (1, 2));
    }

    #[test]
    fn the_month_coverage_shows_who_is_reached_and_who_is_not() {
        let chart = elder_coverage(&[("1 район".into(), 40, 30), ("2 район".into(), 10, 0)], "декабрь 2026");
        assert_eq!(chart.series[0].values, [30, 0]);
        assert_eq!(chart.series[1].values, [10, 10]);
        assert_eq!(chart.totals(), [40, 10]);
        assert!(chart.summary.contains("с 30 из 50 (60 %)"), "{}", chart.summary);
    }

    #[test]
    fn overdue_cases_are_counted_per_curator_the_most_first() {
        let chart =
            overdue_by_curator(&["Петрова А. С.".into(), "Гусев И. П.".into(), "Петрова А. С.".into(), "".into()]);
        assert_eq!(chart.categories, ["Петрова А. С.", "Гусев И. П.", "Куратор не назначен"]);
        assert_eq!(chart.series[0].values, [2, 1, 1]);
    }
}
