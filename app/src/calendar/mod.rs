//! The production calendar (производственный календарь) and working-day arithmetic, used
//! everywhere a statutory deadline is computed.
//!
//! A day is a day off when it is a Saturday or a Sunday, a public holiday of the Labour Code
//! (art. 112: 1–8 January, 23 February, 8 March, 1 and 9 May, 12 June, 4 November), or the
//! working day a holiday that fell on a weekend moved to (art. 112, part 2; the January holidays
//! are excepted — the government moves two of them by decree instead). The yearly government
//! transfers are data: exceptions that make a date a day off or a working day. A transfer of the
//! day off of a holiday that fell on a weekend (2025: 23 February → 8 May) **replaces** the
//! automatic shift of that holiday; it does not add to it. A year is *official* when its days
//! were checked against the decree (shipped with Опора or imported from a file); a deadline in
//! a year without official data is preliminary. Pure functions, tested without a database.

pub mod api;
#[cfg(feature = "ssr")]
pub mod official;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod warning;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The public holidays of art. 112 as (month, day).
pub const PUBLIC_HOLIDAYS: &[(u32, u32)] = &[
    (1, 1),
    (1, 2),
    (1, 3),
    (1, 4),
    (1, 5),
    (1, 6),
    (1, 7),
    (1, 8),
    (2, 23),
    (3, 8),
    (5, 1),
    (5, 9),
    (6, 12),
    (11, 4),
];

/// Holidays whose falling on a weekend moves the day off to the next working day (all but
/// the January ones).
fn moves_when_on_weekend(month: u32) -> bool {
    month != 1
}

/// What a yearly exception makes of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A day off (a transferred holiday).
    DayOff,
    /// A working day (a Saturday worked in exchange for a day off).
    WorkingDay,
}

impl DayKind {
    pub fn code(self) -> &'static str {
        match self {
            DayKind::DayOff => "day_off",
            DayKind::WorkingDay => "working_day",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "day_off" => Some(DayKind::DayOff),
            "working_day" => Some(DayKind::WorkingDay),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            DayKind::DayOff => "Выходной (перенос)",
            DayKind::WorkingDay => "Рабочий день",
        }
    }
}

/// One yearly exception of the calendar (постановление Правительства о переносе выходных).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarException {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// Why: «перенос с 3 января (постановление № …)».
    pub note: String,
    /// For a day off: the day whose day off the decree moved here (a holiday on a weekend, a
    /// worked Saturday). When that is a holiday that art. 112 would shift by itself, this
    /// transfer replaces the shift.
    #[serde(default)]
    pub moved_from: Option<NaiveDate>,
}

/// One day that an import changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayChange {
    pub date: NaiveDate,
    pub was_working: bool,
    pub now_working: bool,
}

/// The calendar: the statutory rules plus the yearly exceptions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductionCalendar {
    exceptions: BTreeMap<NaiveDate, DayKind>,
    /// The days art. 112 moves, for the years where a decree replaced a shift (other years
    /// use the statutory ones, computed once).
    moved: BTreeMap<i32, Vec<NaiveDate>>,
    /// Years whose days were checked against the decree.
    official_years: BTreeSet<i32>,
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

fn is_public_holiday(day: NaiveDate) -> bool {
    PUBLIC_HOLIDAYS.contains(&(day.month(), day.day()))
}

/// Whether art. 112 moves the day off of this date by itself: a holiday (not a January one)
/// that falls on a weekend.
pub fn shifts_by_itself(day: NaiveDate) -> bool {
    is_public_holiday(day) && moves_when_on_weekend(day.month()) && is_weekend(day)
}

/// The days off that art. 112 moves from holidays falling on a weekend, in one year, each with
/// its holiday, leaving out the holidays whose day off a decree moved elsewhere.
fn shifts_of(year: i32, replaced: &BTreeSet<NaiveDate>) -> Vec<(NaiveDate, NaiveDate)> {
    let mut moved: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for &(month, dom) in PUBLIC_HOLIDAYS {
        let Some(holiday) = NaiveDate::from_ymd_opt(year, month, dom) else { continue };
        if !shifts_by_itself(holiday) || replaced.contains(&holiday) {
            continue;
        }
        // The next day that is neither a weekend, a holiday, nor already moved to.
        let mut day = holiday + Duration::days(1);
        while is_weekend(day) || is_public_holiday(day) || moved.iter().any(|(_, m)| *m == day) {
            day += Duration::days(1);
        }
        moved.push((holiday, day));
    }
    moved
}

fn moved_days_off(year: i32, replaced: &BTreeSet<NaiveDate>) -> Vec<NaiveDate> {
    shifts_of(year, replaced).into_iter().map(|(_, day)| day).collect()
}

/// The day art. 112 moves a weekend holiday's day off to, by itself.
pub fn automatic_shift(holiday: NaiveDate) -> Option<NaiveDate> {
    shifts_of(holiday.year(), &BTreeSet::new()).into_iter().find(|(h, _)| *h == holiday).map(|(_, day)| day)
}

/// Years whose moved days are computed once: the statute is the same for every calendar.
const CACHED_YEARS: std::ops::RangeInclusive<i32> = 1990..=2110;

fn is_statutory_moved_day_off(day: NaiveDate) -> bool {
    static CACHE: std::sync::OnceLock<Vec<Vec<NaiveDate>>> = std::sync::OnceLock::new();
    let year = day.year();
    if !CACHED_YEARS.contains(&year) {
        return moved_days_off(year, &BTreeSet::new()).contains(&day);
    }
    let cache = CACHE.get_or_init(|| CACHED_YEARS.map(|y| moved_days_off(y, &BTreeSet::new())).collect());
    cache[(year - CACHED_YEARS.start()) as usize].contains(&day)
}

impl ProductionCalendar {
    /// A calendar of plain exceptions (no transfer replaces a shift).
    pub fn new(exceptions: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> Self {
        ProductionCalendar { exceptions: exceptions.into_iter().collect(), ..Default::default() }
    }

    pub fn from_exceptions(exceptions: &[CalendarException]) -> Self {
        let mut calendar = Self::new(exceptions.iter().map(|e| (e.date, e.kind)));
        // A decree's transfer of a weekend holiday's day off replaces its automatic shift.
        let mut replaced: BTreeMap<i32, BTreeSet<NaiveDate>> = BTreeMap::new();
        for e in exceptions {
            if let (DayKind::DayOff, Some(from)) = (e.kind, e.moved_from) {
                if shifts_by_itself(from) {
                    replaced.entry(from.year()).or_default().insert(from);
                }
            }
        }
        calendar.moved = replaced.into_iter().map(|(year, days)| (year, moved_days_off(year, &days))).collect();
        calendar
    }

    /// The same calendar, knowing which years were checked against the decree.
    pub fn with_official_years(mut self, years: impl IntoIterator<Item = i32>) -> Self {
        self.official_years = years.into_iter().collect();
        self
    }

    /// Whether a year's days were checked against the government's decree.
    pub fn is_official(&self, year: i32) -> bool {
        self.official_years.contains(&year)
    }

    /// A deadline in a year without official data may move when the decree is entered.
    pub fn is_preliminary(&self, day: NaiveDate) -> bool {
        !self.is_official(day.year())
    }

    fn is_moved_day_off(&self, day: NaiveDate) -> bool {
        match self.moved.get(&day.year()) {
            Some(moved) => moved.contains(&day),
            None => is_statutory_moved_day_off(day),
        }
    }

    /// Whether a day is a working day.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if let Some(kind) = self.exceptions.get(&day) {
            return *kind == DayKind::WorkingDay;
        }
        !(is_weekend(day) || is_public_holiday(day) || self.is_moved_day_off(day))
    }

    /// The date `n` working days after `start`: the day of the event is day 0, the deadline is
    /// the n-th working day after it («в течение 3 рабочих дней со дня выявления»).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day += Duration::days(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier:
    /// then it counts the working days after `to` up to and including `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to >= from {
            let mut count = 0;
            let mut day = from;
            while day < to {
                day += Duration::days(1);
                if self.is_working_day(day) {
                    count += 1;
                }
            }
            count
        } else {
            -self.working_days_between(to, from)
        }
    }

    /// Working days in a calendar year.
    pub fn working_days_in(&self, year: i32) -> i64 {
        days_of(year).filter(|d| self.is_working_day(*d)).count() as i64
    }

    /// Days off of a year beyond ordinary weekends: holidays, moved days and transfers, for
    /// the administrator's view of the calendar.
    pub fn days_off_in(&self, year: i32) -> Vec<NaiveDate> {
        days_of(year).filter(|d| !self.is_working_day(*d) && !is_weekend(*d)).collect()
    }
}

/// Every day of a year, in order.
pub fn days_of(year: i32) -> impl Iterator<Item = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1);
    std::iter::successors(first, |d| d.succ_opt()).take_while(move |d| d.year() == year)
}

/// The warning for administrators and supervisors when deadlines reach a year without official
/// data: the current year at any time, the next one from October on (the decree for the next
/// year is usually published in the autumn).
pub fn missing_year_warning(calendar: &ProductionCalendar, today: NaiveDate) -> Option<String> {
    let year = today.year();
    if !calendar.is_official(year) {
        return Some(format!(
            "Производственный календарь на {year} год не внесён — сроки считаются без переносов выходных дней"
        ));
    }
    (today.month() >= 10 && !calendar.is_official(year + 1)).then(|| {
        format!(
            "Производственный календарь на {} год не внесён — сроки после 31 декабря считаются без переносов",
            year + 1
        )
    })
}

/// «1 рабочий день», «3 рабочих дня», «5 рабочих дней».
pub fn working_days_phrase(n: i64) -> String {
    let n = n.abs();
    let word = match (n % 10, n % 100) {
        (1, r) if r != 11 => "рабочий день",
        (2..=4, r) if !(12..=14).contains(&r) => "рабочих дня",
        _ => "рабочих дней",
    };
    format!("{n} {word}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The 2026 calendar as decreed: Jan 3 moved to Jan 9, Jan 4 moved to Dec 31.
    fn calendar_2026() -> ProductionCalendar {
        ProductionCalendar::new([(d(2026, 1, 9), DayKind::DayOff), (d(2026, 12, 31), DayKind::DayOff)])
    }

    #[test]
    fn ordinary_week_counts_from_the_next_day() {
        let cal = calendar_2026();
        // Detected on Monday 16 November 2026: 3 working days end on Thursday.
        assert_eq!(cal.add_working_days(d(2026, 11, 16), 3), d(2026, 11, 19));
        // Detected on Thursday: Friday, Monday, Tuesday.
        assert_eq!(cal.add_working_days(d(2026, 11, 19), 3), d(2026, 11, 24));
        // Detected on a Saturday: counting starts on Monday.
        assert_eq!(cal.add_working_days(d(2026, 11, 21), 3), d(2026, 11, 25));
    }

    #[test]
    fn a_deadline_spans_the_new_year_holidays() {
        let cal = calendar_2026();
        // Detected on Tuesday 29 December 2026; 31 December is a day off by transfer, 1–8 January
        // are holidays and 9–10 January a weekend: 30 Dec, 11 Jan, 12 Jan.
        assert_eq!(cal.add_working_days(d(2026, 12, 29), 3), d(2027, 1, 12));
        // The 2026 new-year break: detected on 30 December 2025 (no 2025 exceptions given here).
        // 31 Dec is a working day without the 2025 decree; then 1–8 Jan holidays, 9 Jan transferred
        // day off, 10–11 Jan weekend; 12 and 13 January.
        assert_eq!(cal.add_working_days(d(2025, 12, 30), 3), d(2026, 1, 13));
        // Five working days from 26 December 2026 (a Saturday).
        assert_eq!(cal.add_working_days(d(2026, 12, 26), 5), d(2027, 1, 12));
    }

    #[test]
    fn the_may_holidays() {
        let cal = calendar_2026();
        // 2026: May 1 is a Friday, May 9 a Saturday, moved to Monday May 11.
        assert!(!cal.is_working_day(d(2026, 5, 1)));
        assert!(!cal.is_working_day(d(2026, 5, 11)));
        assert!(cal.is_working_day(d(2026, 5, 12)));
        // Detected on Thursday 30 April: 4 May, 5 May, 6 May.
        assert_eq!(cal.add_working_days(d(2026, 4, 30), 3), d(2026, 5, 6));
        // 15 working days from 30 April 2026 (plan approved the day before the holidays):
        // 4–8 May, 12–15 May, 18–22 May, 25 May.
        assert_eq!(cal.add_working_days(d(2026, 4, 30), 15), d(2026, 5, 25));
    }

    #[test]
    fn a_holiday_on_a_sunday_moves_to_monday() {
        let cal = calendar_2026();
        // 8 March 2026 is a Sunday: Monday 9 March is a day off.
        assert!(!cal.is_working_day(d(2026, 3, 9)));
        assert_eq!(cal.add_working_days(d(2026, 3, 6), 1), d(2026, 3, 10));
        // 4 November 2029 is a Sunday: Monday 5 November is a day off.
        assert!(!cal.is_working_day(d(2029, 11, 5)));
        // 23 February 2025 was a Sunday: Monday 24 February was a day off.
        assert!(!cal.is_working_day(d(2025, 2, 24)));
    }

    #[test]
    fn january_holidays_on_a_weekend_do_not_move_by_themselves() {
        let cal = ProductionCalendar::default();
        // 3 and 4 January 2026 fall on a weekend; without the decree 9 January is a working day.
        assert!(cal.is_working_day(d(2026, 1, 9)));
        assert!(!calendar_2026().is_working_day(d(2026, 1, 9)));
    }

    #[test]
    fn a_worked_saturday_counts() {
        // 2025: Saturday 1 November worked, Monday 3 November off.
        let cal = ProductionCalendar::new([(d(2025, 11, 1), DayKind::WorkingDay), (d(2025, 11, 3), DayKind::DayOff)]);
        assert!(cal.is_working_day(d(2025, 11, 1)));
        assert!(!cal.is_working_day(d(2025, 11, 3)));
        // Detected Friday 31 October: Saturday 1, Wednesday 5 (4 Nov holiday), Thursday 6.
        assert_eq!(cal.add_working_days(d(2025, 10, 31), 3), d(2025, 11, 6));
    }

    #[test]
    fn counts_between_dates_both_ways() {
        let cal = calendar_2026();
        assert_eq!(cal.working_days_between(d(2026, 11, 16), d(2026, 11, 19)), 3);
        assert_eq!(cal.working_days_between(d(2026, 11, 19), d(2026, 11, 19)), 0);
        assert_eq!(cal.working_days_between(d(2026, 11, 24), d(2026, 11, 19)), -3);
        // Over the 4 November holiday.
        assert_eq!(cal.working_days_between(d(2026, 11, 2), d(2026, 11, 6)), 3);
    }

    #[test]
    fn days_off_of_2026() {
        let days = calendar_2026().days_off_in(2026);
        assert!(days.contains(&d(2026, 1, 9)));
        assert!(days.contains(&d(2026, 3, 9)));
        assert!(days.contains(&d(2026, 5, 11)));
        assert!(days.contains(&d(2026, 12, 31)));
        assert!(!days.contains(&d(2026, 5, 9)), "a Saturday is listed as a weekend, not here");
    }

    #[test]
    fn a_transfer_of_a_weekend_holiday_replaces_its_shift() {
        // The 2025 decree moved the day off of 23 February (a Sunday) to Thursday 8 May.
        let transfer = CalendarException {
            date: d(2025, 5, 8),
            kind: DayKind::DayOff,
            note: String::new(),
            moved_from: Some(d(2025, 2, 23)),
        };
        let cal = ProductionCalendar::from_exceptions(&[transfer]);
        assert!(cal.is_working_day(d(2025, 2, 24)), "the automatic Monday is replaced");
        assert!(!cal.is_working_day(d(2025, 5, 8)));
        // 8 March (a Saturday) was not moved here: it still shifts to Monday 10 March.
        assert!(!cal.is_working_day(d(2025, 3, 10)));
        // A day off without the day it came from adds to the shift, it does not replace it.
        let plain = ProductionCalendar::new([(d(2025, 5, 8), DayKind::DayOff)]);
        assert!(!plain.is_working_day(d(2025, 2, 24)));
        // January holidays never shift by themselves, with or without a transfer.
        assert_eq!(automatic_shift(d(2025, 1, 4)), None);
        assert_eq!(automatic_shift(d(2025, 2, 23)), Some(d(2025, 2, 24)));
        // Two holidays on one weekend move to consecutive working days (2027: 1 May is a Saturday,
        // 9 May a Sunday, each moves to its Monday).
        assert_eq!(automatic_shift(d(2027, 5, 1)), Some(d(2027, 5, 3)));
        assert_eq!(automatic_shift(d(2027, 5, 9)), Some(d(2027, 5, 10)));
    }

    #[test]
    fn deadlines_in_a_year_without_the_decree_are_preliminary() {
        let cal = ProductionCalendar::default().with_official_years([2026]);
        assert!(!cal.is_preliminary(d(2026, 12, 30)));
        assert!(cal.is_preliminary(d(2027, 1, 12)));
    }

    #[test]
    fn the_missing_year_is_announced_from_october() {
        let both = ProductionCalendar::default().with_official_years([2026, 2027]);
        let this_only = ProductionCalendar::default().with_official_years([2026]);
        assert_eq!(missing_year_warning(&both, d(2026, 12, 1)), None);
        assert_eq!(missing_year_warning(&this_only, d(2026, 9, 30)), None);
        assert_eq!(
            missing_year_warning(&this_only, d(2026, 10, 1)).as_deref(),
            Some("Производственный календарь на 2027 год не внесён — сроки после 31 декабря считаются без переносов")
        );
        // The current year missing is announced at any time.
        assert!(missing_year_warning(&ProductionCalendar::default(), d(2026, 3, 2)).unwrap().contains("на 2026 год"));
    }

    #[test]
    fn phrases_agree_with_numbers() {
        assert_eq!(working_days_phrase(1), "1 рабочий день");
        assert_eq!(working_days_phrase(3), "3 рабочих дня");
        assert_eq!(working_days_phrase(5), "5 рабочих дней");
        assert_eq!(working_days_phrase(11), "11 рабочих дней");
        assert_eq!(working_days_phrase(22), "22 рабочих дня");
        assert_eq!(working_days_phrase(-2), "2 рабочих дня");
    }
}
