//! The rental point's report for a period: items by kind and condition, loans made and
//! returned in the period, on hand and overdue now, the waiting list — counted from the records,
//! the same rows on the page, on paper and in XLSX.

use super::types::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::periods::PeriodQuery as ReportQuery;

/// The columns of the table by kind, as on the page.
pub const COLUMNS: [&str; 11] = [
    "Вид средства реабилитации",
    "На складе",
    "Новые",
    "Исправны",
    "В ремонте",
    "Списано",
    "Выдано за период",
    "Возвращено за период",
    "На руках сейчас",
    "Из них просрочено",
    "В очереди",
];

/// One row of the report: a kind of aid (or the total).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportRow {
    pub kind: Option<AidKind>,
    /// Items in the stock (not written off) by condition, as of today.
    pub total: i64,
    pub new: i64,
    pub good: i64,
    pub repair: i64,
    pub written_off: i64,
    /// Loans made and items returned within the period.
    pub issued: i64,
    pub returned: i64,
    /// On hand today, of them overdue; people waiting today.
    pub on_hand: i64,
    pub overdue: i64,
    pub waiting: i64,
}

impl ReportRow {
    fn add(&mut self, other: &ReportRow) {
        self.total += other.total;
        self.new += other.new;
        self.good += other.good;
        self.repair += other.repair;
        self.written_off += other.written_off;
        self.issued += other.issued;
        self.returned += other.returned;
        self.on_hand += other.on_hand;
        self.overdue += other.overdue;
        self.waiting += other.waiting;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RentalReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub rows: Vec<ReportRow>,
    pub totals: ReportRow,
    /// Loans on hand past their return date today.
    pub overdue: Vec<Loan>,
    pub waiting: Vec<WaitEntry>,
}

/// Counts the report from the items (all, written off too), the loans that touch the period or
/// are on hand, and the waiting list.
pub fn compute(
    items: &[Item],
    loans: &[Loan],
    waiting: &[WaitEntry],
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> RentalReport {
    let in_period = |d: NaiveDate| d >= from && d <= to;
    let mut rows: Vec<ReportRow> = AidKind::ALL
        .iter()
        .map(|&kind| {
            let of_kind = items.iter().filter(|i| i.kind == kind);
            let count = |c: Condition| of_kind.clone().filter(|i| i.condition == c).count() as i64;
            let kind_loans = loans.iter().filter(|l| l.kind == kind);
            ReportRow {
                kind: Some(kind),
                total: of_kind.clone().filter(|i| i.condition != Condition::WrittenOff).count() as i64,
                new: count(Condition::New),
                good: count(Condition::Good),
                repair: count(Condition::Repair),
                written_off: count(Condition::WrittenOff),
                issued: kind_loans.clone().filter(|l| in_period(l.issued_on)).count() as i64,
                returned: kind_loans.clone().filter(|l| l.returned_on.is_some_and(in_period)).count() as i64,
                on_hand: kind_loans.clone().filter(|l| l.returned_on.is_none()).count() as i64,
                overdue: kind_loans.clone().filter(|l| l.state(today).is_overdue()).count() as i64,
                waiting: waiting.iter().filter(|w| w.kind == kind && w.state == WaitState::Waiting).count() as i64,
            }
        })
        .filter(|r| r.total + r.written_off + r.issued + r.returned + r.on_hand + r.waiting > 0)
        .collect();
    rows.sort_by_key(|r| r.kind);
    let mut totals = ReportRow::default();
    for r in &rows {
        totals.add(r);
    }
    let mut overdue: Vec<Loan> = loans.iter().filter(|l| l.state(today).is_overdue()).cloned().collect();
    overdue.sort_by_key(|l| l.due_on);
    let waiting = waiting.iter().filter(|w| w.state == WaitState::Waiting).cloned().collect();
    RentalReport { from, to, today, rows, totals, overdue, waiting }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn item(kind: AidKind, condition: Condition) -> Item {
        Item {
            id: "i".into(),
            kind,
            model: String::new(),
            inventory_no: "1".into(),
            condition,
            location: String::new(),
            notes: String::new(),
            loan_id: None,
            reserved_for: None,
            reserved_name: None,
            version: 1,
        }
    }

    fn loan(kind: AidKind, issued: &str, due: &str, returned: Option<&str>) -> Loan {
        Loan {
            id: "l".into(),
            number: "П-1/2026".into(),
            item_id: "i".into(),
            kind,
            item_title: String::new(),
            person: Person::default(),
            basis: Basis::Doctor,
            basis_note: String::new(),
            issued_on: day(issued),
            due_on: day(due),
            deposit: None,
            issue_condition: Condition::Good,
            extensions: vec![],
            returned_on: returned.map(day),
            return_condition: None,
            return_note: String::new(),
            issued_by_name: String::new(),
            version: 1,
        }
    }

    #[test]
    fn the_report_counts_loans_of_the_period_and_what_is_on_hand_and_overdue_today() {
        let items = vec![
            item(AidKind::Wheelchair, Condition::Good),
            item(AidKind::Wheelchair, Condition::Repair),
            item(AidKind::Wheelchair, Condition::WrittenOff),
            item(AidKind::Walker, Condition::New),
        ];
        let loans = vec![
            loan(AidKind::Wheelchair, "2026-11-03", "2027-02-03", None),
            loan(AidKind::Wheelchair, "2026-08-01", "2026-11-30", None),
            loan(AidKind::Wheelchair, "2026-10-01", "2026-11-10", Some("2026-11-12")),
            loan(AidKind::Walker, "2026-10-20", "2026-11-20", Some("2026-10-25")),
        ];
        let report = compute(&items, &loans, &[], day("2026-11-01"), day("2026-11-30"), day("2026-12-05"));
        let chairs = report.rows.iter().find(|r| r.kind == Some(AidKind::Wheelchair)).expect("row");
        assert_eq!((chairs.total, chairs.good, chairs.repair, chairs.written_off), (2, 1, 1, 1));
        assert_eq!((chairs.issued, chairs.returned, chairs.on_hand, chairs.overdue), (1, 1, 2, 1));
        let walkers = report.rows.iter().find(|r| r.kind == Some(AidKind::Walker)).expect("row");
        assert_eq!((walkers.issued, walkers.returned, walkers.on_hand), (0, 0, 0));
        assert_eq!(report.totals.total, 3);
        assert_eq!(report.overdue.len(), 1);
    }

    #[test]
    fn the_period_is_this_month_by_default_and_never_backwards_or_longer_than_a_year() {
        let today = day("2026-12-05");
        assert_eq!(ReportQuery::default().period(today, today), Ok((day("2026-12-01"), today)));
        let q = ReportQuery { from: "2026-12-10".into(), to: "2026-12-01".into() };
        assert!(q.period(today, today).is_err());
        let q = ReportQuery { from: "2025-01-01".into(), to: "2026-06-01".into() };
        assert!(q.period(today, today).is_err());
    }
}
