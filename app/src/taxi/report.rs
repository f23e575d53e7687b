//! The social taxi's counts for a period: requests by purpose and how they ended, those with a
//! wheelchair and with an escort — counted from the requests, the same rows on the page and on
//! paper.

use super::types::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::periods::PeriodQuery as ReportQuery;

/// The columns of the table by purpose.
pub const COLUMNS: [&str; 8] = [
    "Цель поездки",
    "Заявок",
    "Выполнено",
    "Подтверждено",
    "Ждут подтверждения",
    "Отменено",
    "С коляской",
    "С сопровождением",
];

/// One row: a purpose (or the total).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportRow {
    pub purpose: Option<Purpose>,
    pub total: i64,
    pub done: i64,
    pub confirmed: i64,
    pub requested: i64,
    pub cancelled: i64,
    /// Of the requests not cancelled.
    pub wheelchair: i64,
    pub escort: i64,
}

impl ReportRow {
    pub fn figures(&self) -> [i64; 7] {
        [self.total, self.done, self.confirmed, self.requested, self.cancelled, self.wheelchair, self.escort]
    }

    fn count(&mut self, ride: &Ride) {
        self.total += 1;
        match ride.status {
            RideStatus::Done => self.done += 1,
            RideStatus::Confirmed => self.confirmed += 1,
            RideStatus::Requested => self.requested += 1,
            RideStatus::Cancelled => self.cancelled += 1,
        }
        if ride.status != RideStatus::Cancelled {
            self.wheelchair += i64::from(ride.wheelchair);
            self.escort += i64::from(ride.escort);
        }
    }
}

/// The counts of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaxiReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rows: Vec<ReportRow>,
    pub totals: ReportRow,
    /// Different people carried (rides done).
    pub people: i64,
}

/// Counts the requests of a period (those whose day is in it).
pub fn compute(rides: &[Ride], from: NaiveDate, to: NaiveDate) -> TaxiReport {
    let in_period: Vec<&Ride> = rides.iter().filter(|r| r.day >= from && r.day <= to).collect();
    let rows: Vec<ReportRow> = Purpose::ALL
        .iter()
        .map(|&purpose| {
            let mut row = ReportRow { purpose: Some(purpose), ..ReportRow::default() };
            in_period.iter().filter(|r| r.purpose == purpose).for_each(|r| row.count(r));
            row
        })
        .collect();
    let mut totals = ReportRow::default();
    in_period.iter().for_each(|r| totals.count(r));
    let mut people: Vec<String> = in_period
        .iter()
        .filter(|r| r.status == RideStatus::Done)
        .map(|r| {
            r.person.case_id.clone().or(r.person.elder_id.clone()).unwrap_or_else(|| r.person.full_name.to_lowercase())
        })
        .collect();
    people.sort();
    people.dedup();
    TaxiReport { from, to, rows, totals, people: people.len() as i64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn ride(d: &str, purpose: Purpose, status: RideStatus, wheelchair: bool, name: &str) -> Ride {
        Ride {
            id: name.into(),
            number: String::new(),
            person: Person { full_name: name.into(), ..Person::default() },
            purpose,
            destination: String::new(),
            from_address: String::new(),
            to_address: String::new(),
            day: day(d),
            time: "10:00".into(),
            minutes: 60,
            return_trip: false,
            wheelchair,
            escort: wheelchair,
            escort_name: String::new(),
            note: String::new(),
            status,
            driver: String::new(),
            vehicle: String::new(),
            cancel_reason: String::new(),
            history: vec![],
            created_by_name: String::new(),
            version: 1,
        }
    }

    #[test]
    fn the_period_counts_by_purpose_and_status_and_leaves_out_cancelled_wheelchairs() {
        use Purpose::*;
        use RideStatus::*;
        let rides = vec![
            ride("2026-12-01", Hospital, Done, true, "А"),
            ride("2026-12-02", Hospital, Done, false, "А"),
            ride("2026-12-03", Hospital, Cancelled, true, "Б"),
            ride("2026-12-03", Mse, Confirmed, true, "В"),
            ride("2026-12-04", Mfc, Requested, false, "Г"),
            ride("2026-11-30", Mfc, Done, false, "Д"),
        ];
        let report = compute(&rides, day("2026-12-01"), day("2026-12-31"));
        let hospital = &report.rows[0];
        assert_eq!(hospital.figures(), [3, 2, 0, 0, 1, 1, 1]);
        assert_eq!(report.totals.figures(), [5, 2, 1, 1, 1, 2, 2]);
        assert_eq!(report.people, 1, "one person carried twice");
        assert_eq!(report.rows.len(), Purpose::ALL.len());
    }

    #[test]
    fn an_empty_period_is_this_month() {
        let q = ReportQuery::default();
        assert_eq!(q.period(day("2026-12-06"), day("2026-12-31")), Ok((day("2026-12-01"), day("2026-12-31"))));
        let q = ReportQuery { from: "2026-12-10".into(), to: "2026-12-01".into() };
        assert!(q.period(day("2026-12-06"), day("2026-12-31")).is_err());
    }
}
