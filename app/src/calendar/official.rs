//! Official production calendars as files, the way public production-calendar services publish
//! them, read into the days of one year; and the exceptions that make Опора's calendar equal
//! such a year day by day.
//!
//! Two formats are read:
//! - the XML of xmlcalendar.ru: `<calendar year="2025"><days><day d="05.08" t="1" f="02.23"/>…`,
//!   one element per day that is not an ordinary weekday or weekend: `d` is «ММ.ДД», `t` the
//!   type (1 — a day off, 2 — a shortened working day, 3 — a working weekend day), `f` the day
//!   whose day off was moved here;
//! - the CSV of the open-data portal (Минтруд, data.gov.ru): a row per year, a column per month
//!   listing the month's days off («1,2,3,4,5,6,7,8,11,12»), `*` marking a shortened working day
//!   and `+` a transferred day off, then «Всего рабочих дней».

use super::{
    automatic_shift, days_of, is_weekend, shifts_by_itself, CalendarException, DayChange, DayKind, ProductionCalendar,
};
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::{BTreeMap, BTreeSet};

/// One day of the file that is not what its weekday makes it, or that the file names anyway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficialDay {
    pub working: bool,
    /// The day whose day off was moved here, when the file says.
    pub moved_from: Option<NaiveDate>,
}

/// A year as the file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficialYear {
    pub year: i32,
    /// The days the file names; every other day is a working day from Monday to Friday and a
    /// day off on a weekend.
    pub days: BTreeMap<NaiveDate, OfficialDay>,
    /// The count of working days the file states, to check the days against.
    pub stated_working_days: Option<i64>,
}

impl OfficialYear {
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        self.days.get(&day).map(|d| d.working).unwrap_or(!is_weekend(day))
    }

    pub fn working_days(&self) -> i64 {
        days_of(self.year).filter(|d| self.is_working_day(*d)).count() as i64
    }
}

/// What is wrong with a file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "Строка {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

fn at(line: usize, message: impl Into<String>) -> FileError {
    FileError { line: Some(line), message: message.into() }
}

fn whole(message: impl Into<String>) -> FileError {
    FileError { line: None, message: message.into() }
}

/// The largest calendar file accepted (a year is a few kilobytes).
pub const MAX_FILE_BYTES: usize = 256 * 1024;

/// Reads the year `year` from a calendar file, XML or CSV by its content.
pub fn read_year(text: &str, year: i32) -> Result<OfficialYear, FileError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(whole("Файл слишком большой для производственного календаря (больше 256 КБ)"));
    }
    let text = text.trim_start_matches('\u{feff}');
    let parsed = if text.trim_start().starts_with('<') { read_xml(text, year)? } else { read_csv(text, year)? };
    if let Some(stated) = parsed.stated_working_days {
        let counted = parsed.working_days();
        if stated != counted {
            return Err(whole(format!(
                "В файле указано рабочих дней: {stated}, а по дням выходит {counted}. Проверьте файл"
            )));
        }
    }
    Ok(parsed)
}

/// «05.08» of the given year.
fn month_day(year: i32, text: &str) -> Option<NaiveDate> {
    let (month, day) = text.trim().split_once('.')?;
    NaiveDate::from_ymd_opt(year, month.parse().ok()?, day.parse().ok()?)
}

fn read_xml(text: &str, year: i32) -> Result<OfficialYear, FileError> {
    let document = roxmltree::Document::parse(text).map_err(|e| {
        let pos = e.pos();
        at(pos.row as usize, "файл XML повреждён: проверьте, что это производственный календарь в формате XML")
    })?;
    let line_of = |node: roxmltree::Node| document.text_pos_at(node.range().start).row as usize;
    let root = document.root_element();
    if root.tag_name().name() != "calendar" {
        return Err(at(line_of(root), "это не производственный календарь: ожидается элемент <calendar>"));
    }
    match root.attribute("year").map(str::trim) {
        Some(stated) if stated.parse::<i32>().ok() == Some(year) => {}
        Some(stated) => {
            return Err(at(line_of(root), format!("в файле календарь на {stated} год, а загружается {year} год")));
        }
        None => return Err(at(line_of(root), "не указан год (атрибут year элемента <calendar>)")),
    }
    let mut days = BTreeMap::new();
    for node in root.descendants().filter(|n| n.has_tag_name("day")) {
        let line = line_of(node);
        let Some(d) = node.attribute("d") else {
            return Err(at(line, "у дня нет даты (атрибут d)"));
        };
        let Some(date) = month_day(year, d) else {
            return Err(at(line, format!("дата «{d}» не читается: нужен формат ММ.ДД")));
        };
        let working = match node.attribute("t").map(str::trim) {
            Some("1") => false,
            Some("2") | Some("3") => true,
            other => {
                return Err(at(
                    line,
                    format!("тип дня «{}» неизвестен: 1 — выходной, 2 — сокращённый, 3 — рабочий", other.unwrap_or("")),
                ));
            }
        };
        let moved_from = match node.attribute("f") {
            None => None,
            Some(f) => Some(month_day(year, f).ok_or_else(|| at(line, format!("дата переноса «{f}» не читается")))?),
        };
        if days.insert(date, OfficialDay { working, moved_from }).is_some() {
            return Err(at(line, format!("день {d} указан дважды")));
        }
    }
    if days.is_empty() {
        return Err(whole("В файле нет ни одного дня (элементов <day>)"));
    }
    Ok(OfficialYear { year, days, stated_working_days: None })
}

fn read_csv(text: &str, year: i32) -> Result<OfficialYear, FileError> {
    let rows = crate::textfile::read_csv(text, 1000);
    // The row of the year: its first cell is the year. The rows are the lines of the file (a
    // month's cell is quoted but holds no line break).
    let Some((index, row)) =
        rows.iter().enumerate().find(|(_, r)| r.first().map(|c| c.trim()) == Some(year.to_string().as_str()))
    else {
        return Err(whole(format!("В файле нет строки {year} года (первая колонка — год)")));
    };
    let line = index + 1;
    if row.len() < 13 {
        return Err(at(line, "нужны колонки: год и двенадцать месяцев со списками выходных дней"));
    }
    let mut days_off: BTreeSet<NaiveDate> = BTreeSet::new();
    let mut shortened: BTreeSet<NaiveDate> = BTreeSet::new();
    for (m, cell) in row[1..13].iter().enumerate() {
        let month = m as u32 + 1;
        for item in cell.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let number = item.trim_end_matches(['*', '+']);
            let Some(date) = number.parse::<u32>().ok().and_then(|d| NaiveDate::from_ymd_opt(year, month, d)) else {
                return Err(at(line, format!("в месяце {month} день «{item}» не читается")));
            };
            if item.ends_with('*') {
                shortened.insert(date);
            } else {
                days_off.insert(date);
            }
        }
    }
    let mut days = BTreeMap::new();
    for day in days_of(year) {
        let off = days_off.contains(&day);
        // A weekend missing from the list is a working weekend day; a listed weekday, a day off.
        if off != is_weekend(day) || shortened.contains(&day) {
            days.insert(day, OfficialDay { working: !off, moved_from: None });
        }
    }
    let stated_working_days = row.get(13).and_then(|c| c.trim().parse::<i64>().ok());
    Ok(OfficialYear { year, days, stated_working_days })
}

const WEEKDAYS_GENITIVE: [&str; 7] =
    ["понедельника", "вторника", "среды", "четверга", "пятницы", "субботы", "воскресенья"];
const MONTHS_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// «с субботы 4 января».
fn from_phrase(day: NaiveDate) -> String {
    format!(
        "с {} {} {}",
        WEEKDAYS_GENITIVE[day.weekday().num_days_from_monday() as usize],
        day.day(),
        MONTHS_GENITIVE[day.month0() as usize]
    )
}

/// The exceptions that make the statutory calendar equal the file's year, each with a note:
/// the file's transfers of a weekend holiday's day off replace the automatic shift; whatever
/// else differs from the statute becomes an exception of its own.
pub fn exceptions_for(official: &OfficialYear, source: &str) -> Vec<CalendarException> {
    // Transfers that replace a shift: the day off of a weekend holiday moved to another day than
    // the one art. 112 gives.
    let replacing: Vec<(NaiveDate, NaiveDate)> = official
        .days
        .iter()
        .filter_map(|(date, day)| match (day.working, day.moved_from) {
            (false, Some(from)) if shifts_by_itself(from) => Some((*date, from)),
            _ => None,
        })
        .filter(|(date, from)| automatic_shift(*from) != Some(*date))
        .collect();
    let replacing_days: BTreeSet<NaiveDate> = replacing.iter().map(|(d, _)| *d).collect();
    let base = ProductionCalendar::from_exceptions(
        &replacing
            .iter()
            .map(|(date, from)| CalendarException {
                date: *date,
                kind: DayKind::DayOff,
                note: String::new(),
                moved_from: Some(*from),
            })
            .collect::<Vec<_>>(),
    );
    let mut out = Vec::new();
    for day in days_of(official.year) {
        let working = official.is_working_day(day);
        if working == base.is_working_day(day) && !replacing_days.contains(&day) {
            continue;
        }
        let moved_from = official.days.get(&day).and_then(|d| d.moved_from).filter(|_| !working);
        let weekday = day.weekday();
        let note = match (working, moved_from) {
            (false, Some(from)) => format!("Перенос выходного {}", from_phrase(from)),
            (false, None) => "Выходной день по производственному календарю".to_string(),
            (true, _) if weekday == Weekday::Sat => "Рабочая суббота".to_string(),
            (true, _) if weekday == Weekday::Sun => "Рабочее воскресенье".to_string(),
            (true, _) => "Рабочий день по производственному календарю".to_string(),
        };
        let note = if source.is_empty() { note } else { format!("{note} ({source})") };
        out.push(CalendarException {
            date: day,
            kind: if working { DayKind::WorkingDay } else { DayKind::DayOff },
            note,
            moved_from,
        });
    }
    out
}

/// The days of `year` that differ between two calendars.
pub fn changes(before: &ProductionCalendar, after: &ProductionCalendar, year: i32) -> Vec<DayChange> {
    days_of(year)
        .filter_map(|date| {
            let (was_working, now_working) = (before.is_working_day(date), after.is_working_day(date));
            (was_working != now_working).then_some(DayChange { date, was_working, now_working })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const XML_2025: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<calendar year="2025" lang="ru" date="2024.10.04" country="ru">
<holidays><holiday id="1" title="Новогодние каникулы"/></holidays>
<days>
<day d="01.01" t="1" h="1"/><day d="01.02" t="1" h="1"/><day d="01.03" t="1" h="1"/>
<day d="01.06" t="1" h="1"/><day d="01.07" t="1" h="2"/><day d="01.08" t="1" h="1"/>
<day d="05.01" t="1" h="5"/><day d="05.02" t="1" f="01.04"/><day d="05.08" t="1" f="02.23"/>
<day d="05.09" t="1" h="6"/><day d="06.12" t="1" h="7"/><day d="06.13" t="1" f="03.08"/>
<day d="11.01" t="2"/><day d="11.03" t="1" f="11.01"/><day d="11.04" t="1" h="8"/>
<day d="12.31" t="1" f="01.05"/>
</days>
</calendar>"#;

    #[test]
    fn a_decree_transfer_replaces_the_automatic_shift() {
        let year = read_year(XML_2025, 2025).unwrap();
        let exceptions = exceptions_for(&year, "");
        let calendar = ProductionCalendar::from_exceptions(&exceptions);
        // 23 February 2025 (Sunday) moved to Thursday 8 May, 8 March (Saturday) to Friday 13 June:
        // Monday 24 February and Monday 10 March are working days.
        assert!(calendar.is_working_day(d(2025, 2, 24)));
        assert!(calendar.is_working_day(d(2025, 3, 10)));
        assert!(!calendar.is_working_day(d(2025, 5, 8)));
        assert!(!calendar.is_working_day(d(2025, 6, 13)));
        assert_eq!(calendar.working_days_in(2025), 247);
        // The transfers are kept as transfers: no override of 24 February is needed.
        assert!(exceptions.iter().all(|e| e.kind == DayKind::DayOff || e.date == d(2025, 11, 1)));
        let may8 = exceptions.iter().find(|e| e.date == d(2025, 5, 8)).unwrap();
        assert_eq!(may8.moved_from, Some(d(2025, 2, 23)));
        assert_eq!(may8.note, "Перенос выходного с воскресенья 23 февраля");
    }

    #[test]
    fn the_open_data_csv_gives_the_same_year() {
        let csv = "Год/Месяц,Январь,Февраль,Март,Апрель,Май,Июнь,Июль,Август,Сентябрь,Октябрь,Ноябрь,Декабрь,Всего рабочих дней,Всего праздничных и выходных дней\n\
            2025,\"1,2,3,4,5,6,7,8,11,12,18,19,25,26\",\"1,2,8,9,15,16,22,23\",\"1,2,7*,8,9,15,16,22,23,29,30\",\"5,6,12,13,19,20,26,27,30*\",\"1,2,3,4,7*,8,9,10,11,17,18,24,25,31\",\"1,7,8,11*,12,13,14,15,21,22,28,29\",\"5,6,12,13,19,20,26,27\",\"2,3,9,10,16,17,23,24,30,31\",\"6,7,13,14,20,21,27,28\",\"4,5,11,12,18,19,25,26\",\"1*,2,3,4,8,9,15,16,22,23,29,30\",\"6,7,13,14,20,21,27,28,31\",247,118\n";
        let from_csv = read_year(csv, 2025).unwrap();
        let from_xml = read_year(XML_2025, 2025).unwrap();
        let a = ProductionCalendar::from_exceptions(&exceptions_for(&from_csv, ""));
        let b = ProductionCalendar::from_exceptions(&exceptions_for(&from_xml, ""));
        assert!(changes(&a, &b, 2025).is_empty());
        assert_eq!(a.working_days_in(2025), 247);
        // Without transfer marks, 24 February becomes a working day by an exception of its own.
        assert!(a.is_working_day(d(2025, 2, 24)));
    }

    #[test]
    fn bad_files_name_the_line() {
        let wrong_year = XML_2025.replace("year=\"2025\"", "year=\"2024\"");
        assert_eq!(
            read_year(&wrong_year, 2025).unwrap_err().to_string(),
            "Строка 2: в файле календарь на 2024 год, а загружается 2025 год"
        );
        let bad_day = XML_2025.replace("d=\"05.08\"", "d=\"13.40\"");
        assert_eq!(
            read_year(&bad_day, 2025).unwrap_err().to_string(),
            "Строка 7: дата «13.40» не читается: нужен формат ММ.ДД"
        );
        let bad_type = XML_2025.replace("t=\"2\"", "t=\"9\"");
        assert!(read_year(&bad_type, 2025).unwrap_err().to_string().starts_with("Строка 9: тип дня «9» неизвестен"));
        let broken = XML_2025.replace("</days>", "<days>");
        assert!(read_year(&broken, 2025).unwrap_err().line.is_some());
        assert_eq!(
            read_year("Год;Январь\n2024;1,2\n", 2025).unwrap_err().to_string(),
            "В файле нет строки 2025 года (первая колонка — год)"
        );
        assert_eq!(
            read_year("2025;\"1,2\";3\n", 2025).unwrap_err().to_string(),
            "Строка 1: нужны колонки: год и двенадцать месяцев со списками выходных дней"
        );
        let wrong_total = "2025,\"1,2,3,4,5,6,7,8,11,12,18,19,25,26\",\"1,2,8,9,15,16,22,23\",\"1,2,8,9,15,16,22,23,29,30\",\"5,6,12,13,19,20,26,27\",\"1,2,3,4,8,9,10,11,17,18,24,25,31\",\"1,7,8,12,13,14,15,21,22,28,29\",\"5,6,12,13,19,20,26,27\",\"2,3,9,10,16,17,23,24,30,31\",\"6,7,13,14,20,21,27,28\",\"4,5,11,12,18,19,25,26\",\"2,3,4,8,9,15,16,22,23,29,30\",\"6,7,13,14,20,21,27,28,31\",250\n";
        assert_eq!(
            read_year(wrong_total, 2025).unwrap_err().to_string(),
            "В файле указано рабочих дней: 250, а по дням выходит 247. Проверьте файл"
        );
    }

    #[test]
    fn changes_list_the_days_that_differ() {
        let year = read_year(XML_2025, 2025).unwrap();
        let before = ProductionCalendar::default();
        let after = ProductionCalendar::from_exceptions(&exceptions_for(&year, ""));
        let changed: Vec<NaiveDate> = changes(&before, &after, 2025).into_iter().map(|c| c.date).collect();
        assert_eq!(
            changed,
            vec![
                d(2025, 2, 24),
                d(2025, 3, 10),
                d(2025, 5, 2),
                d(2025, 5, 8),
                d(2025, 6, 13),
                d(2025, 11, 1),
                d(2025, 11, 3),
                d(2025, 12, 31)
            ]
        );
    }
}
