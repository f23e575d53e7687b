//! The official production calendars shipped with Опора (data files under `data/calendar/`, in
//! the XML format public production-calendar services publish), put into a database that has no
//! official data for their years.

/// Each shipped year with its file.
pub const SHIPPED: &[(i32, &str)] = &[
    (2024, include_str!("../data/calendar/2024.xml")),
    (2025, include_str!("../data/calendar/2025.xml")),
    (2026, include_str!("../data/calendar/2026.xml")),
    (2027, include_str!("../data/calendar/2027.xml")),
];

#[cfg(test)]
mod tests {
    use super::SHIPPED;
    use app::calendar::official::{exceptions_for, read_year};
    use app::calendar::ProductionCalendar;
    use chrono::{Datelike, NaiveDate, Weekday};

    /// The days of each year as the decrees give them, written down here by hand and independent
    /// of the data files: every weekday that is not a working day, and every weekend day that is
    /// one. Every other weekday works and every other weekend day rests.
    struct Decreed {
        year: i32,
        working_days: i64,
        /// (month, day) of weekdays off: holidays, their moved days and the transfers.
        weekdays_off: &'static [(u32, u32)],
        /// (month, day) of Saturdays and Sundays worked.
        weekends_worked: &'static [(u32, u32)],
    }

    const DECREED: &[Decreed] = &[
        // Постановление № 1314 от 10.08.2023: 6 Jan → 10 May, 7 Jan → 31 Dec, Sat 27 Apr → 29 Apr,
        // Sat 2 Nov → 30 Apr, Sat 28 Dec → 30 Dec.
        Decreed {
            year: 2024,
            working_days: 248,
            weekdays_off: &[
                (1, 1),
                (1, 2),
                (1, 3),
                (1, 4),
                (1, 5),
                (1, 8),
                (2, 23),
                (3, 8),
                (4, 29),
                (4, 30),
                (5, 1),
                (5, 9),
                (5, 10),
                (6, 12),
                (11, 4),
                (12, 30),
                (12, 31),
            ],
            weekends_worked: &[(4, 27), (11, 2), (12, 28)],
        },
        // Постановление № 1335 от 04.10.2024: 4 Jan → 2 May, 5 Jan → 31 Dec, 23 Feb → 8 May,
        // 8 Mar → 13 Jun, Sat 1 Nov → 3 Nov. 24 February and 10 March are working days.
        Decreed {
            year: 2025,
            working_days: 247,
            weekdays_off: &[
                (1, 1),
                (1, 2),
                (1, 3),
                (1, 6),
                (1, 7),
                (1, 8),
                (5, 1),
                (5, 2),
                (5, 8),
                (5, 9),
                (6, 12),
                (6, 13),
                (11, 3),
                (11, 4),
                (12, 31),
            ],
            weekends_worked: &[(11, 1)],
        },
        // 3 Jan → 9 Jan, 4 Jan → 31 Dec; 8 March (Sunday) and 9 May (Saturday) move by art. 112.
        Decreed {
            year: 2026,
            working_days: 247,
            weekdays_off: &[
                (1, 1),
                (1, 2),
                (1, 5),
                (1, 6),
                (1, 7),
                (1, 8),
                (1, 9),
                (2, 23),
                (3, 9),
                (5, 1),
                (5, 11),
                (6, 12),
                (11, 4),
                (12, 31),
            ],
            weekends_worked: &[],
        },
        // 2 Jan → 5 Nov, 3 Jan → 31 Dec, Sat 20 Feb → 22 Feb; 1 May, 9 May and 12 June fall on a
        // weekend and move by art. 112 to 3 May, 10 May and 14 June.
        Decreed {
            year: 2027,
            working_days: 247,
            weekdays_off: &[
                (1, 1),
                (1, 4),
                (1, 5),
                (1, 6),
                (1, 7),
                (1, 8),
                (2, 22),
                (2, 23),
                (3, 8),
                (5, 3),
                (5, 10),
                (6, 14),
                (11, 4),
                (11, 5),
                (12, 31),
            ],
            weekends_worked: &[(2, 20)],
        },
    ];

    fn shipped_calendar() -> ProductionCalendar {
        let mut exceptions = Vec::new();
        for (year, text) in SHIPPED {
            let official = read_year(text, *year).unwrap_or_else(|e| panic!("data/calendar/{year}.xml: {e}"));
            exceptions.extend(exceptions_for(&official, ""));
        }
        ProductionCalendar::from_exceptions(&exceptions)
    }

    #[test]
    fn every_shipped_year_matches_the_decree_day_by_day() {
        let calendar = shipped_calendar();
        assert_eq!(
            SHIPPED.iter().map(|(y, _)| *y).collect::<Vec<_>>(),
            DECREED.iter().map(|d| d.year).collect::<Vec<_>>()
        );
        for decreed in DECREED {
            let mut wrong = Vec::new();
            for day in app::calendar::days_of(decreed.year) {
                let md = (day.month(), day.day());
                let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
                let expected =
                    if weekend { decreed.weekends_worked.contains(&md) } else { !decreed.weekdays_off.contains(&md) };
                if calendar.is_working_day(day) != expected {
                    wrong.push(day.format("%d.%m.%Y").to_string());
                }
            }
            assert!(wrong.is_empty(), "{}: days that differ from the decree: {wrong:?}", decreed.year);
            assert_eq!(calendar.working_days_in(decreed.year), decreed.working_days, "{}", decreed.year);
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn clocks_of_2025_from_february_to_june() {
        let calendar = shipped_calendar();
        // Detected on Friday 21 February 2025: 24 February is a working day (the holiday's day off
        // went to 8 May): 24, 25, 26 February.
        assert_eq!(calendar.add_working_days(d(2025, 2, 21), 3), d(2025, 2, 26));
        // Detected on Friday 7 March: 10, 11, 12, 13, 14 March.
        assert_eq!(calendar.add_working_days(d(2025, 3, 7), 5), d(2025, 3, 14));
        // Detected on Wednesday 7 May: 8 and 9 May are days off, 12, 13, 14 May.
        assert_eq!(calendar.add_working_days(d(2025, 5, 7), 3), d(2025, 5, 14));
        // Plan approved on Wednesday 11 June: 12 and 13 June off; 15 working days end on 4 July.
        assert_eq!(calendar.add_working_days(d(2025, 6, 11), 15), d(2025, 7, 4));
    }

    #[test]
    fn clocks_of_2027_across_the_year() {
        let calendar = shipped_calendar();
        // A 15-working-day clock started on Monday 14 December 2026 ends in January: 12 working
        // days to 30 December, 31 December to 10 January off, then 11, 12, 13 January.
        assert_eq!(calendar.add_working_days(d(2026, 12, 14), 15), d(2027, 1, 13));
        // Started on 25 December 2026: 28, 29, 30 December, then 11 January onwards.
        assert_eq!(calendar.add_working_days(d(2026, 12, 25), 5), d(2027, 1, 12));
        // February 2027: Saturday 20 worked, 22 and 23 off. Detected on Thursday 18 February:
        // 19, 20 (Saturday), 24 February.
        assert_eq!(calendar.add_working_days(d(2027, 2, 18), 3), d(2027, 2, 24));
        // May 2027: 3 and 10 May are days off. Detected on Friday 30 April: 4, 5, 6 May.
        assert_eq!(calendar.add_working_days(d(2027, 4, 30), 3), d(2027, 5, 6));
        // November 2027: 4 and 5 November off. Detected on Wednesday 3 November: 8, 9, 10.
        assert_eq!(calendar.add_working_days(d(2027, 11, 3), 3), d(2027, 11, 10));
        // December 2027: the 31st is off. Detected on Wednesday 29 December: 30 December, then
        // 10 and 11 January 2028 (the statute alone knows 2028).
        assert_eq!(calendar.add_working_days(d(2027, 12, 29), 3), d(2028, 1, 11));
    }
}
