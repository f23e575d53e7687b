//! Calendar months as reporting periods: «2026-11», its first and last day, the month after.

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
    fn only_a_real_month_parses() {
        for bad in ["", "2026", "2026-13", "2026-00", "abcd-01", "1999-05"] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }
}
