//! Dates and times as the institution sees them. Everything is stored in UTC and shown in the
//! institution's local time (Yugorsk: UTC+5, no daylight saving since 2014).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// UTC offset of the institution, in seconds.
pub const INSTITUTION_OFFSET_SECS: i32 = 5 * 3600;

pub fn institution_tz() -> FixedOffset {
    FixedOffset::east_opt(INSTITUTION_OFFSET_SECS).expect("a valid fixed offset")
}

pub fn to_local(dt: DateTime<Utc>) -> DateTime<FixedOffset> {
    dt.with_timezone(&institution_tz())
}

/// «24.11.2026 10:30»
pub fn format_datetime(dt: DateTime<Utc>) -> String {
    to_local(dt).format("%d.%m.%Y %H:%M").to_string()
}

/// «24.11.2026»
pub fn format_date(dt: DateTime<Utc>) -> String {
    to_local(dt).format("%d.%m.%Y").to_string()
}

pub fn format_naive_date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// «2026-12-04»: a day as stored and as a date input holds it.
pub fn format_iso_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Value for an `<input type="datetime-local">`: «2026-11-24T10:30».
pub fn to_datetime_local(dt: DateTime<Utc>) -> String {
    to_local(dt).format("%Y-%m-%dT%H:%M").to_string()
}

/// Parses the value of an `<input type="datetime-local">` (local time of the institution).
pub fn parse_datetime_local(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    let naive = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%d.%m.%Y %H:%M"))
        .ok()?;
    institution_tz().from_local_datetime(&naive).single().map(|dt| dt.with_timezone(&Utc))
}

/// Parses «2026-11-24» (an `<input type="date">`) or «24.11.2026».
/// Years outside 1900–2200 are typing mistakes (or attacks: date arithmetic overflows far out).
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    use chrono::Datelike;
    let value = value.trim();
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(value, "%d.%m.%Y"))
        .ok()
        .filter(|d| (1900..=2200).contains(&d.year()))
}

/// The first instant of a local calendar day, in UTC.
pub fn start_of_local_day(day: NaiveDate) -> DateTime<Utc> {
    let naive = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    institution_tz().from_local_datetime(&naive).single().expect("a fixed offset has no gaps").with_timezone(&Utc)
}

/// The local calendar year of an instant (journal numbering runs per local year).
pub fn local_year(dt: DateTime<Utc>) -> i32 {
    to_local(dt).year()
}

pub fn local_today(now: DateTime<Utc>) -> NaiveDate {
    to_local(now).date_naive()
}

/// The months' names, «Январь» to «Декабрь», as headings and tables name them.
pub const MONTH_NAMES: [&str; 12] = [
    "Январь",
    "Февраль",
    "Март",
    "Апрель",
    "Май",
    "Июнь",
    "Июль",
    "Август",
    "Сентябрь",
    "Октябрь",
    "Ноябрь",
    "Декабрь",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_year_in_yugorsk_comes_five_hours_before_utc() {
        let dt = Utc.with_ymd_and_hms(2025, 12, 31, 19, 30, 0).unwrap();
        assert_eq!(local_year(dt), 2026);
        assert_eq!(format_datetime(dt), "01.01.2026 00:30");
    }

    #[test]
    fn datetime_local_round_trips() {
        let dt = parse_datetime_local("2026-11-24T10:30").unwrap();
        assert_eq!(dt, Utc.with_ymd_and_hms(2026, 11, 24, 5, 30, 0).unwrap());
        assert_eq!(to_datetime_local(dt), "2026-11-24T10:30");
        assert_eq!(parse_datetime_local("24.11.2026 10:30"), Some(dt));
        assert_eq!(parse_datetime_local("вчера"), None);
    }

    #[test]
    fn local_day_starts_at_19_utc_the_day_before() {
        let start = start_of_local_day(NaiveDate::from_ymd_opt(2026, 3, 9).unwrap());
        assert_eq!(start, Utc.with_ymd_and_hms(2026, 3, 8, 19, 0, 0).unwrap());
    }
}
