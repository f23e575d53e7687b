//! Calendar months and quarters as reporting periods: «2026-11», «2026-Q4», their first and last
//! days, the ones before and after.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Month {
    /// The month a day is in.
    pub fn of(day: NaiveDate) -> Month {
        Month { year: day.year(), month: day.month() }
    }

    /// «2026-11»; anything else is none.
    pub fn parse(text: &str) -> Option<Month> {
        let (year, month) = text.trim().split_once('-')?;
        let (year, month) = (year.parse::<i32>().ok()?, month.parse::<u32>().ok()?);
        ((2000..=2100).contains(&year) && (1..=12).contains(&month)).then_some(Month { year, month })
    }

    /// «2026-11».
    pub fn code(self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MIN)
    }

    pub fn next(self) -> Month {
        Month::of(self.first_day().checked_add_months(Months::new(1)).unwrap_or(NaiveDate::MAX))
    }

    pub fn previous(self) -> Month {
        Month::of(self.first_day().checked_sub_months(Months::new(1)).unwrap_or(NaiveDate::MIN))
    }

    /// Whether a day falls in the month.
    pub fn contains(self, day: NaiveDate) -> bool {
        Month::of(day) == self
    }

    /// «ноябрь 2026 г.».
    pub fn words(self) -> String {
        format!("{} {} г.", crate::time::MONTH_NAMES[self.month as usize - 1].to_lowercase(), self.year)
    }
}

/// A calendar quarter: «2026-Q4».
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub number: u32,
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

impl Quarter {
    /// The years a report may be asked for.
    pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

    /// «2026-Q4» (also «2026-q4» and with spaces around); none for anything else.
    pub fn parse(text: &str) -> Option<Quarter> {
        let (year, number) = text.trim().split_once(['Q', 'q'])?;
        let year = year.strip_suffix('-')?;
        if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) || number.len() != 1 {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let number: u32 = number.parse().ok()?;
        ((1..=4).contains(&number) && Self::YEARS.contains(&year)).then_some(Quarter { year, number })
    }

    /// The quarter a day falls in.
    pub fn of(day: NaiveDate) -> Quarter {
        Quarter { year: day.year(), number: day.month0() / 3 + 1 }
    }

    /// «2026-Q4», as in the URL.
    pub fn code(self) -> String {
        format!("{}-Q{}", self.year, self.number)
    }

    /// The first day of the quarter.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, (self.number - 1) * 3 + 1, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the quarter.
    pub fn last_day(self) -> NaiveDate {
        month_end(self.first_day().checked_add_months(Months::new(2)).unwrap_or(NaiveDate::MIN))
    }

    /// The first days of its three months.
    pub fn months(self) -> [NaiveDate; 3] {
        let first = self.first_day();
        [0, 1, 2].map(|i| first.checked_add_months(Months::new(i)).unwrap_or(first))
    }

    pub fn previous(self) -> Quarter {
        if self.number == 1 {
            Quarter { year: self.year - 1, number: 4 }
        } else {
            Quarter { year: self.year, number: self.number - 1 }
        }
    }

    pub fn next(self) -> Quarter {
        if self.number == 4 {
            Quarter { year: self.year + 1, number: 1 }
        } else {
            Quarter { year: self.year, number: self.number + 1 }
        }
    }

    /// Whether a day falls in the quarter.
    pub fn contains(self, day: NaiveDate) -> bool {
        Quarter::of(day) == self
    }

    /// «IV квартал 2026 г.».
    pub fn words(self) -> String {
        let roman = ROMAN.get(self.number.saturating_sub(1) as usize).copied().unwrap_or("?");
        format!("{roman} квартал {} г.", self.year)
    }
}

/// The last day of the month that `first` is in.
pub fn month_end(first: NaiveDate) -> NaiveDate {
    let start = first.with_day(1).unwrap_or(first);
    start.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(start)
}

/// A report's period as asked for in the address («YYYY-MM-DD»; empty: from the month's first
/// day to a default end).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PeriodQuery {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

/// Longest period of one report.
pub const MAX_PERIOD_DAYS: i64 = 366;

impl PeriodQuery {
    /// The period: the dates given, or from the first of this month to `default_end`; a message
    /// when they do not make one.
    pub fn period(&self, today: NaiveDate, default_end: NaiveDate) -> Result<(NaiveDate, NaiveDate), String> {
        let parse = |v: &str, default: NaiveDate| -> Result<NaiveDate, String> {
            if v.trim().is_empty() {
                Ok(default)
            } else {
                crate::time::parse_date(v.trim()).ok_or_else(|| "Даты периода в формате ДД.ММ.ГГГГ".to_string())
            }
        };
        let from = parse(&self.from, Month::of(today).first_day())?;
        let to = parse(&self.to, default_end)?;
        if from > to {
            return Err("Начало периода позже его конца".into());
        }
        if (to - from).num_days() >= MAX_PERIOD_DAYS {
            return Err("Период — не больше года".into());
        }
        Ok((from, to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_month_knows_its_days_and_neighbours() {
        let december = Month::parse("2026-12").unwrap();
        assert_eq!(december.first_day(), day(2026, 12, 1));
        assert_eq!(december.last_day(), day(2026, 12, 31));
        assert_eq!(december.next(), Month { year: 2027, month: 1 });
        assert_eq!(Month::parse("2027-01").unwrap().previous(), december);
        assert_eq!(Month::parse("2028-02").unwrap().last_day(), day(2028, 2, 29));
        assert_eq!(december.code(), "2026-12");
        assert_eq!(december.words(), "декабрь 2026 г.");
        assert!(december.contains(day(2026, 12, 31)) && !december.contains(day(2027, 1, 1)));
    }

    #[test]
    fn a_period_defaults_to_this_month_and_is_checked() {
        let today = day(2026, 12, 6);
        let q = |from: &str, to: &str| PeriodQuery { from: from.into(), to: to.into() };
        assert_eq!(q("", "").period(today, today), Ok((day(2026, 12, 1), today)));
        assert_eq!(q("2026-11-01", "2026-11-30").period(today, today), Ok((day(2026, 11, 1), day(2026, 11, 30))));
        assert!(q("2026-12-05", "2026-12-01").period(today, today).is_err());
        assert!(q("2025-01-01", "2026-12-01").period(today, today).is_err());
        assert!(q("вчера", "").period(today, today).is_err());
    }

    #[test]
    fn only_a_real_month_parses() {
        for bad in ["", "2026", "2026-13", "2026-00", "abcd-01", "1999-05"] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }
}
