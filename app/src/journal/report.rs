//! The report of the family dispatch desk for any period (its statute §4.1.7): appeals by
//! channel, topic and outcome; urgent appeals and how fast they were passed on; each dispatcher's
//! share. Counted from the journal, the same tables on the page, on paper and in XLSX.
//!
//! Rules: an appeal belongs to the period by the day it was received (Yugorsk time); one with
//! several topics counts under each; the time to pass an urgent appeal on runs from its receipt to
//! the moment the handoff was recorded, in whole minutes.

use super::types::{Channel, Outcome, Topic, UrgentRecipient};
use crate::report_tables::{Cell, Table, TableRow};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::periods::PeriodQuery as ReportQuery;

/// What the report reads of an appeal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppealFacts {
    pub received_at: DateTime<Utc>,
    pub channel: String,
    pub topics: Vec<String>,
    pub outcome: Option<String>,
    pub urgent: bool,
    /// To whom and when an urgent appeal was passed on.
    pub handoff: Option<(String, DateTime<Utc>)>,
    pub dispatcher: String,
}

/// The report of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DispatchReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub tables: Vec<Table>,
    pub total: u64,
    pub prepared_at: DateTime<Utc>,
}

impl DispatchReport {
    pub fn title(&self) -> String {
        format!(
            "Отчёт о деятельности службы «Семейная диспетчерская» за {} — {}",
            crate::time::format_naive_date(self.from),
            crate::time::format_naive_date(self.to)
        )
    }
}

fn median(mut values: Vec<i64>) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2 })
}

fn minutes(cell: Option<i64>) -> Cell {
    cell.map(|m| Cell::Number(m.max(0) as u64)).unwrap_or(Cell::Dash)
}

fn counts_table(
    key: &str,
    title: &str,
    first: &str,
    rows: Vec<(String, u64)>,
    total: Option<u64>,
    note: Option<&str>,
) -> Table {
    let mut out: Vec<TableRow> =
        rows.into_iter().map(|(label, n)| TableRow { label, cells: vec![Cell::Number(n)], total: false }).collect();
    if let Some(t) = total {
        out.push(TableRow { label: "Итого".into(), cells: vec![Cell::Number(t)], total: true });
    }
    Table {
        key: key.into(),
        title: title.into(),
        groups: vec![],
        columns: vec![first.into(), "Обращений".into()],
        rows: out,
        note: note.map(str::to_string),
        empty: "За период обращений не было".into(),
    }
}

/// The tables of the report for the appeals of the period.
pub fn compute(appeals: &[AppealFacts]) -> Vec<Table> {
    let total = appeals.len() as u64;
    // 1. By channel, with the urgent ones.
    let channel_rows: Vec<TableRow> = Channel::ALL
        .iter()
        .map(|c| {
            let of: Vec<&AppealFacts> = appeals.iter().filter(|a| a.channel == c.code()).collect();
            (c.label(), of.len() as u64, of.iter().filter(|a| a.urgent).count() as u64)
        })
        .filter(|(_, n, _)| *n > 0)
        .map(|(label, n, urgent)| TableRow {
            label: label.into(),
            cells: vec![Cell::Number(n), Cell::Number(urgent)],
            total: false,
        })
        .chain(std::iter::once(TableRow {
            label: "Итого".into(),
            cells: vec![Cell::Number(total), Cell::Number(appeals.iter().filter(|a| a.urgent).count() as u64)],
            total: true,
        }))
        .collect();
    let channels = Table {
        key: "channels".into(),
        title: "1. Обращения по каналам".into(),
        groups: vec![],
        columns: vec!["Канал".into(), "Обращений".into(), "из них срочных".into()],
        rows: if total == 0 { vec![] } else { channel_rows },
        note: None,
        empty: "За период обращений не было".into(),
    };
    // 2. By topic.
    let topics: Vec<(String, u64)> = Topic::ALL
        .iter()
        .map(|t| {
            (t.label().to_string(), appeals.iter().filter(|a| a.topics.iter().any(|c| c == t.code())).count() as u64)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let topics = counts_table(
        "topics",
        "2. Обращения по темам консультаций",
        "Тема",
        topics,
        None,
        Some("Обращение с несколькими темами учтено в каждой."),
    );
    // 3. By outcome.
    let mut outcomes: Vec<(String, u64)> = Outcome::ALL
        .iter()
        .map(|o| {
            (o.label().to_string(), appeals.iter().filter(|a| a.outcome.as_deref() == Some(o.code())).count() as u64)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let open = appeals.iter().filter(|a| a.outcome.is_none()).count() as u64;
    if open > 0 {
        outcomes.push(("Итог ещё не записан".into(), open));
    }
    let outcomes = counts_table("outcomes", "3. Итоги обращений", "Итог", outcomes, (total > 0).then_some(total), None);
    // 4. Urgent appeals: to whom, how fast.
    let urgent: Vec<&AppealFacts> = appeals.iter().filter(|a| a.urgent).collect();
    let delay = |a: &&AppealFacts| a.handoff.as_ref().map(|(_, at)| (*at - a.received_at).num_minutes());
    let mut urgent_rows: Vec<TableRow> = UrgentRecipient::ALL
        .iter()
        .filter_map(|r| {
            let of: Vec<&&AppealFacts> =
                urgent.iter().filter(|a| a.handoff.as_ref().is_some_and(|(to, _)| to == r.code())).collect();
            (!of.is_empty()).then(|| TableRow {
                label: format!("Передано: {}", r.label().to_lowercase()),
                cells: vec![
                    Cell::Number(of.len() as u64),
                    minutes(median(of.iter().filter_map(|a| delay(a)).collect())),
                    minutes(of.iter().filter_map(|a| delay(a)).max()),
                ],
                total: false,
            })
        })
        .collect();
    let pending = urgent.iter().filter(|a| a.handoff.is_none()).count() as u64;
    if pending > 0 {
        urgent_rows.push(TableRow {
            label: "Не передано".into(),
            cells: vec![Cell::Number(pending), Cell::Dash, Cell::Dash],
            total: false,
        });
    }
    if !urgent.is_empty() {
        urgent_rows.push(TableRow {
            label: "Всего срочных".into(),
            cells: vec![
                Cell::Number(urgent.len() as u64),
                minutes(median(urgent.iter().filter_map(delay).collect())),
                minutes(urgent.iter().filter_map(delay).max()),
            ],
            total: true,
        });
    }
    let urgent_table = Table {
        key: "urgent".into(),
        title: "4. Срочные обращения (угроза жизни или здоровью)".into(),
        groups: vec![],
        columns: vec!["".into(), "Обращений".into(), "Передано за, мин (медиана)".into(), "Дольше всего, мин".into()],
        rows: urgent_rows,
        note: Some("Время — от приёма обращения до записи о передаче.".into()),
        empty: "Срочных обращений за период не было".into(),
    };
    // 5. By dispatcher.
    #[derive(Default)]
    struct Desk {
        appeals: u64,
        urgent: u64,
        delays: Vec<i64>,
    }
    let mut by: BTreeMap<String, Desk> = BTreeMap::new();
    for a in appeals {
        let desk = by.entry(a.dispatcher.clone()).or_default();
        desk.appeals += 1;
        if a.urgent {
            desk.urgent += 1;
            desk.delays.extend(delay(&a));
        }
    }
    let mut dispatchers: Vec<(String, Desk)> = by.into_iter().collect();
    dispatchers.sort_by(|a, b| b.1.appeals.cmp(&a.1.appeals).then_with(|| a.0.cmp(&b.0)));
    let dispatchers = Table {
        key: "dispatchers".into(),
        title: "5. По сотрудникам, принявшим обращения".into(),
        groups: vec![],
        columns: vec!["Сотрудник".into(), "Обращений".into(), "Срочных".into(), "Передано за, мин (медиана)".into()],
        rows: dispatchers
            .into_iter()
            .map(|(name, desk)| TableRow {
                label: name,
                cells: vec![Cell::Number(desk.appeals), Cell::Number(desk.urgent), minutes(median(desk.delays))],
                total: false,
            })
            .collect(),
        note: None,
        empty: "За период обращений не было".into(),
    };
    vec![channels, topics, outcomes, urgent_table, dispatchers]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap()
    }

    fn appeal(channel: &str, topics: &[&str], outcome: Option<&str>, who: &str) -> AppealFacts {
        AppealFacts {
            received_at: at(2, 4, 0),
            channel: channel.into(),
            topics: topics.iter().map(|t| t.to_string()).collect(),
            outcome: outcome.map(str::to_string),
            urgent: false,
            handoff: None,
            dispatcher: who.into(),
        }
    }

    fn cells(table: &Table, label: &str) -> Vec<String> {
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

    #[test]
    fn appeals_are_counted_by_channel_topic_and_outcome() {
        let appeals = vec![
            appeal("phone", &["social_taxi", "rehab_aids"], Some("consultation"), "Сидорова"),
            appeal("phone", &["social_taxi"], None, "Сидорова"),
            appeal("in_person", &["other"], Some("case_opened"), "Морозова"),
        ];
        let t = compute(&appeals);
        assert_eq!(cells(&t[0], "Телефон"), ["2", "0"]);
        assert_eq!(cells(&t[0], "Итого"), ["3", "0"]);
        assert_eq!(cells(&t[1], "Социальное такси"), ["2"]);
        assert_eq!(cells(&t[1], "Технические средства реабилитации, пункт проката"), ["1"], "each topic of an appeal");
        assert_eq!(cells(&t[2], "Итог ещё не записан"), ["1"]);
        assert_eq!(cells(&t[2], "Итого"), ["3"]);
        assert_eq!(cells(&t[4], "Сидорова"), ["2", "0", "—"]);
    }

    #[test]
    fn urgent_appeals_show_how_fast_they_were_passed_on() {
        let mut a = appeal("phone", &["urgent_services"], Some("authority"), "Сидорова");
        a.urgent = true;
        a.handoff = Some(("police".into(), at(2, 4, 4)));
        let mut b = a.clone();
        b.handoff = Some(("police".into(), at(2, 4, 10)));
        let mut c = a.clone();
        c.handoff = None;
        let t = compute(&[a, b, c]);
        assert_eq!(cells(&t[3], "Передано: полиция"), ["2", "7", "10"]);
        assert_eq!(cells(&t[3], "Не передано"), ["1", "—", "—"]);
        assert_eq!(cells(&t[3], "Всего срочных"), ["3", "7", "10"]);
        assert_eq!(cells(&t[0], "Телефон"), ["3", "3"]);
        assert_eq!(cells(&t[4], "Сидорова"), ["3", "3", "7"]);
    }

    #[test]
    fn an_empty_period_says_so() {
        let t = compute(&[]);
        assert!(t.iter().all(|t| t.rows.is_empty()), "{t:?}");
    }
}
