//! Loading the events grid from a spreadsheet (the municipal plan of events the culture and
//! sport departments send, seed 002 §5.1): checked by row first, then all new events at once. An
//! event already in the grid (same title and start) is not added twice.

use super::events::{validate_event, EventForm, EventKind, SafetyTopic, ValidEvent};
use super::events_repo::{event_key, event_keys};
use super::types::Interest;
use crate::auth::CurrentUser;
use crate::components::import::{ImportLine, ImportReport};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::spreadsheet::{decode_upload, fold_header, Columns};
use std::collections::{HashMap, HashSet};

const COLUMNS: [(&str, &[&str]); 9] = [
    ("Название", &["наименование", "мероприятие", "наименование мероприятия"]),
    ("Вид", &["вид мероприятия", "тип"]),
    ("Тема", &["тема школы безопасности"]),
    ("Дата", &["дата проведения"]),
    ("Время", &["начало", "время начала", "время проведения"]),
    ("Место", &["место проведения", "адрес"]),
    ("Организатор", &["ответственный", "организаторы"]),
    ("Кому подходит", &["интересы", "направление", "для кого"]),
    ("Примечание", &["примечания", "описание"]),
];

/// The kind of an event from the words of a plan: its name, code or a word of it.
pub fn kind_of(value: &str) -> Option<EventKind> {
    let v = fold_header(value);
    if v.is_empty() {
        return Some(EventKind::Other);
    }
    EventKind::ALL.iter().copied().find(|k| fold_header(k.label()) == v || k.code() == v).or_else(|| {
        let has = |w: &str| v.contains(w);
        Some(if has("школа безопасности") {
            EventKind::SafetySchool
        } else if has("выстав") {
            EventKind::Exhibition
        } else if has("концерт") {
            EventKind::Concert
        } else if has("театр") || has("кино") || has("спектакл") {
            EventKind::Theatre
        } else if has("ярмарк") {
            EventKind::JobFair
        } else if has("соревнован") || has("состязан") || has("турнир") {
            EventKind::Competition
        } else if has("спорт") || has("физкульт") || has("оздоров") || has("зарядк") {
            EventKind::Sport
        } else if has("шоу") || has("праздни") || has("представлен") {
            EventKind::Show
        } else {
            return None;
        })
    })
}

/// The topic of a safety school from the words of a plan.
pub fn topic_of(value: &str) -> Option<SafetyTopic> {
    let v = fold_header(value);
    SafetyTopic::ALL.iter().copied().find(|t| fold_header(t.label()) == v || t.code() == v).or_else(|| {
        let has = |w: &str| v.contains(w);
        if has("пожар") {
            Some(SafetyTopic::Fire)
        } else if has("электр") {
            Some(SafetyTopic::Electricity)
        } else if has("террор") {
            Some(SafetyTopic::Terrorism)
        } else if has("мошен") {
            Some(SafetyTopic::Fraud)
        } else if has("финанс") {
            Some(SafetyTopic::Financial)
        } else if has("юрид") || has("прав") {
            Some(SafetyTopic::Legal)
        } else {
            None
        }
    })
}

/// Interests from the words of a plan, separated by «;» or «,»: a name, a code or a first word.
fn interests_of(value: &str) -> Result<Vec<Interest>, String> {
    let mut out = Vec::new();
    for item in value.split([';', ',', '\n']).map(fold_header).filter(|s| !s.is_empty()) {
        let found = Interest::ALL.iter().copied().find(|i| {
            let label = fold_header(i.label());
            label == item || i.code() == item || label.split([':', ',', ' ']).next() == Some(item.as_str())
        });
        match found {
            Some(i) if !out.contains(&i) => out.push(i),
            Some(_) => {}
            None => return Err(format!("«кому подходит»: «{item}» — не из списка интересов")),
        }
    }
    Ok(out)
}

/// «2026-12-12T15:00» from a day («12.12.2026») and a time («15:00», «15.00»), or from a day
/// and time in one cell.
fn start_of(day: &str, time: &str) -> String {
    let (day, time) = match day.trim().split_once(' ') {
        Some((d, t)) if time.trim().is_empty() => (d.to_string(), t.trim().to_string()),
        _ => (day.trim().to_string(), time.trim().to_string()),
    };
    let Some(date) = crate::time::parse_date(&day) else { return String::new() };
    let time = time.replace('.', ":");
    let time = if time.is_empty() { "10:00".to_string() } else { time };
    match chrono::NaiveTime::parse_from_str(&time, "%H:%M") {
        Ok(t) => format!("{}T{}", date.format("%Y-%m-%d"), t.format("%H:%M")),
        Err(_) => String::new(),
    }
}

fn field_label(field: &str) -> &str {
    match field {
        "title" => "название",
        "kind" => "вид",
        "topic" => "тема",
        "starts_at" => "дата и время",
        "place" => "место",
        "organiser" => "организатор",
        "suits" => "кому подходит",
        "notes" => "примечание",
        other => other,
    }
}

/// The rows checked: the report and the new events. `existing`: the keys of the grid's events.
pub fn check(table: &[Vec<String>], existing: &HashSet<String>) -> Result<(ImportReport, Vec<ValidEvent>), String> {
    let Some((at, columns)) = Columns::find(table, &COLUMNS, &["Название", "Дата"]) else {
        return Err("В первых строках нет столбцов «Название» и «Дата»: это не план мероприятий".into());
    };
    let mut report = ImportReport::default();
    let mut events = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, row) in table.iter().enumerate().skip(at + 1) {
        let n = i + 1;
        if row.iter().all(|c| crate::spreadsheet::cell_value(c).is_empty()) {
            continue;
        }
        let get = |name: &str| columns.get(row, name).to_string();
        let mut problems = Vec::new();
        let kind = kind_of(&get("Вид"));
        if kind.is_none() {
            problems.push(format!("вид «{}»: не из списка мероприятий", get("Вид")));
        }
        let topic = if kind == Some(EventKind::SafetySchool) {
            let words = if get("Тема").is_empty() { get("Название") } else { get("Тема") };
            topic_of(&words).map(|t| t.code().to_string()).unwrap_or_default()
        } else {
            String::new()
        };
        let mut suits = interests_of(&get("Кому подходит")).unwrap_or_else(|e| {
            problems.push(e);
            vec![]
        });
        // A safety school suits those interested in personal safety, as the form proposes.
        if suits.is_empty() && kind == Some(EventKind::SafetySchool) {
            suits.push(Interest::Safety);
        }
        let form = EventForm {
            title: get("Название"),
            kind: kind.map(|k| k.code().to_string()).unwrap_or_default(),
            topic,
            starts_at: start_of(&get("Дата"), &get("Время")),
            place: get("Место"),
            organiser: get("Организатор"),
            suits: suits.iter().map(|s| s.code().to_string()).collect(),
            notes: get("Примечание"),
        };
        let valid = validate_event(&form);
        if let Err(errors) = &valid {
            for (field, message) in &errors.0 {
                if field == "kind" && kind.is_none() {
                    continue;
                }
                if field == "starts_at" && !get("Дата").is_empty() {
                    problems.push(format!("дата и время «{} {}»: ДД.ММ.ГГГГ и ЧЧ:ММ", get("Дата"), get("Время")));
                    continue;
                }
                problems.push(format!("{}: {message}", field_label(field)));
            }
        }
        let event = match valid {
            Ok(event) if problems.is_empty() => event,
            _ => {
                report.errors.extend(problems.into_iter().map(|p| (n, p)));
                continue;
            }
        };
        let key = event_key(&event.title, event.starts_at);
        if let Some(first) = seen.get(&key) {
            report.errors.push((n, format!("«{}» в это время уже есть в файле в строке {first}", event.title)));
            continue;
        }
        seen.insert(key.clone(), n);
        if existing.contains(&key) {
            report.unchanged += 1;
            report
                .lines
                .push(ImportLine { row: n, name: event.title.clone(), action: "уже в календаре".into() });
            continue;
        }
        report.lines.push(ImportLine {
            row: n,
            name: format!("{} — {}", event.title, crate::time::format_datetime(event.starts_at)),
            action: "новое".into(),
        });
        events.push(event);
    }
    report.errors.sort();
    report.created = events.len();
    Ok((report, events))
}

/// Checks a file sent as base64 and, when `apply` and it has no problems, adds its new events.
pub async fn run(
    db: &Db,
    user: &CurrentUser,
    file_name: &str,
    data: &str,
    apply: bool,
    audit: impl FnOnce(&ImportReport) -> crate::audit::ssr::AuditLine,
) -> AppResult<ImportReport> {
    let fail = |message: String| AppError::field("file", message);
    let table = decode_upload(file_name, data).map_err(fail)?;
    // The days the file names, to ask the grid which of its events it holds.
    let days: Vec<chrono::NaiveDate> = table
        .iter()
        .flat_map(|row| row.iter().filter_map(|c| crate::time::parse_date(c.split(' ').next().unwrap_or(c))))
        .collect();
    let existing = match (days.iter().min(), days.iter().max()) {
        (Some(first), Some(last)) => event_keys(db, *first, *last).await?,
        _ => HashSet::new(),
    };
    let (mut report, events) = check(&table, &existing).map_err(fail)?;
    if report.lines.is_empty() && report.errors.is_empty() {
        return Err(fail("В файле нет ни одного мероприятия".into()));
    }
    if apply && report.errors.is_empty() {
        if !events.is_empty() {
            super::events_repo::create_events(db, user, &events, audit(&report)).await?;
        }
        report.applied = true;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    #[test]
    fn the_words_of_a_plan_are_read() {
        assert_eq!(kind_of("Концерт"), Some(EventKind::Concert));
        assert_eq!(kind_of("Выставка работ мастеров"), Some(EventKind::Exhibition));
        assert_eq!(kind_of("Соревнования по шахматам"), Some(EventKind::Competition));
        assert_eq!(kind_of(""), Some(EventKind::Other));
        assert_eq!(kind_of("Лекторий"), None);
        assert_eq!(topic_of("Осторожно, мошенники!"), Some(SafetyTopic::Fraud));
        assert_eq!(start_of("12.12.2026", "15.00"), "2026-12-12T15:00");
        assert_eq!(start_of("12.12.2026 18:30", ""), "2026-12-12T18:30");
        assert_eq!(start_of("32.12.2026", "15:00"), "");
    }

    #[test]
    fn a_plan_is_checked_by_row_and_an_event_already_in_the_grid_is_not_added_twice() {
        let file = table(&[
            &["План мероприятий на декабрь"],
            &["Название", "Вид", "Дата", "Время", "Место", "Кому подходит"],
            &["Концерт хора «Северяночка»", "концерт", "20.12.2026", "15:00", "ДК «МиГ»", "культура"],
            &["Школа безопасности: мошенничество", "Школа безопасности", "22.12.2026", "11:00", "КЦСОН", ""],
            &["Лекция", "лекторий", "23.12.2026", "", "Библиотека", "обучение"],
            &["Концерт хора «Северяночка»", "концерт", "20.12.2026", "15:00", "ДК «МиГ»", "культура"],
            &["Ярмарка вакансий", "ярмарка", "31.02.2026", "10:00", "ЦЗН", "работа"],
        ]);
        let (report, events) = check(&file, &HashSet::new()).expect("a plan");
        assert_eq!(events.len(), 2);
        assert_eq!(events[1].topic, Some(SafetyTopic::Fraud));
        assert_eq!(events[1].suits, vec![Interest::Safety]);
        let errors = format!("{:?}", report.errors);
        assert!(errors.contains("(5, \"вид «лекторий»"), "{errors}");
        assert!(
            errors.contains("(6, \"«Концерт хора «Северяночка»» в это время уже есть в файле в строке 3"),
            "{errors}"
        );
        assert!(errors.contains("(7, \"дата и время"), "{errors}");
        let existing: HashSet<String> = [event_key("Концерт хора «Северяночка»", events[0].starts_at)].into();
        let (report, events) = check(&file[..3], &existing).expect("a plan");
        assert!(events.is_empty());
        assert_eq!(report.lines[0].action, "уже в календаре");
    }
}
