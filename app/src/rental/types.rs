//! The rental point's words: kinds of technical rehabilitation aids (ТСР), the condition of an
//! item, the basis of a loan, who borrows, the waiting list — shared by the pages and the server.

use crate::labeled_enum;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Who borrows or waits: a person of a case, of the registry 55+, or someone who came in person.
pub use crate::people::types::{Found, Person, PersonForm, PersonKind};

labeled_enum! {
    /// Kinds of aids the rental point keeps.
    pub enum AidKind {
        Wheelchair => "wheelchair", "Кресло-коляска",
        Walker => "walker", "Ходунки",
        Rollator => "rollator", "Ходунки-роллаторы",
        Crutches => "crutches", "Костыли",
        Cane => "cane", "Трость опорная",
        BathChair => "bath_chair", "Стул для ванны и душа",
        BathBoard => "bath_board", "Сиденье для ванны",
        ToiletChair => "toilet_chair", "Кресло-туалет",
        Bed => "bed", "Кровать функциональная",
        Mattress => "mattress", "Матрас противопролежневый",
        BedRail => "bed_rail", "Опора, поручень для кровати",
        Lifter => "lifter", "Подъёмник для перемещения",
    }
}

labeled_enum! {
    /// The condition of an item: only new and sound items are lent.
    pub enum Condition {
        New => "new", "Новое",
        Good => "good", "Исправно",
        Repair => "repair", "Требует ремонта",
        WrittenOff => "written_off", "Списано",
    }
}

impl Condition {
    /// Whether an item in this condition may be lent.
    pub fn lendable(self) -> bool {
        matches!(self, Condition::New | Condition::Good)
    }
}

labeled_enum! {
    /// Why an aid is lent.
    pub enum Basis {
        Ipra => "ipra", "ИПРА (индивидуальная программа реабилитации)",
        Doctor => "doctor", "Рекомендация врача",
        Decision => "decision", "Решение специалиста отделения",
    }
}

labeled_enum! {
    /// A place in the waiting list for a kind.
    pub enum WaitState {
        Waiting => "waiting", "В очереди",
        Offered => "offered", "Вернулось — предложено",
        Served => "served", "Выдано",
        Cancelled => "cancelled", "Снят с очереди",
    }
}

/// An item of the stock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub kind: AidKind,
    pub model: String,
    pub inventory_no: String,
    pub condition: Condition,
    pub location: String,
    #[serde(default)]
    pub notes: String,
    /// The loan the item is out on.
    pub loan_id: Option<String>,
    /// Who the item is held for: the first of the waiting list when it came back.
    pub reserved_for: Option<String>,
    #[serde(default)]
    pub reserved_name: Option<String>,
    pub version: i64,
}

impl Item {
    /// «Кресло-коляска Ortonica Base 195, инв. № 0012».
    pub fn title(&self) -> String {
        item_title(self.kind, &self.model, &self.inventory_no)
    }
    /// Free to lend now (to anyone, or to the one it is held for).
    pub fn is_free(&self) -> bool {
        self.loan_id.is_none() && self.condition.lendable()
    }
}

pub fn item_title(kind: AidKind, model: &str, inventory_no: &str) -> String {
    let model = model.trim();
    if model.is_empty() {
        format!("{}, инв. № {inventory_no}", kind.label())
    } else {
        format!("{} {model}, инв. № {inventory_no}", kind.label())
    }
}

/// A line of an item's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryLine {
    pub at: DateTime<Utc>,
    pub by_name: String,
    pub text: String,
}

/// An extension of a loan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extension {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
    pub at: DateTime<Utc>,
    pub by_name: String,
}

/// A loan of an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Loan {
    pub id: String,
    /// «П-14/2026».
    pub number: String,
    pub item_id: String,
    pub kind: AidKind,
    pub item_title: String,
    pub person: Person,
    pub basis: Basis,
    #[serde(default)]
    pub basis_note: String,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    /// Deposit in roubles; none: free of charge.
    pub deposit: Option<i64>,
    pub issue_condition: Condition,
    #[serde(default)]
    pub extensions: Vec<Extension>,
    pub returned_on: Option<NaiveDate>,
    pub return_condition: Option<Condition>,
    #[serde(default)]
    pub return_note: String,
    pub issued_by_name: String,
    pub version: i64,
}

/// Where a loan stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoanState {
    /// On hand, this many calendar days until the return date (0: today).
    OnHand(i64),
    /// On hand past the return date, by this many days.
    Overdue(i64),
    Returned,
}

impl LoanState {
    pub fn of(returned_on: Option<NaiveDate>, due_on: NaiveDate, today: NaiveDate) -> Self {
        if returned_on.is_some() {
            return LoanState::Returned;
        }
        let left = (due_on - today).num_days();
        if left < 0 {
            LoanState::Overdue(-left)
        } else {
            LoanState::OnHand(left)
        }
    }

    /// «вернуть сегодня», «осталось 12 дн.», «просрочено на 3 дн.», «возвращено».
    pub fn words(self) -> String {
        match self {
            LoanState::OnHand(0) => "вернуть сегодня".into(),
            LoanState::OnHand(n) => format!("осталось {n} дн."),
            LoanState::Overdue(n) => format!("просрочено на {n} дн."),
            LoanState::Returned => "возвращено".into(),
        }
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, LoanState::Overdue(_))
    }
}

impl Loan {
    pub fn state(&self, today: NaiveDate) -> LoanState {
        LoanState::of(self.returned_on, self.due_on, today)
    }
}

/// A place in the waiting list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaitEntry {
    pub id: String,
    pub kind: AidKind,
    pub person: Person,
    pub since: DateTime<Utc>,
    #[serde(default)]
    pub note: String,
    pub state: WaitState,
    /// The item held for this person when one came back.
    pub offered_item: Option<String>,
    #[serde(default)]
    pub offered_title: Option<String>,
    pub offered_at: Option<DateTime<Utc>>,
    /// Who put the person on the list: the one told when an item comes back.
    pub by_id: String,
    pub by_name: String,
}

/// The waiting list of a kind in its order: who waits longest comes first; among those who came
/// the same minute, the one written down first.
pub fn queue_order(entries: &mut [WaitEntry]) {
    entries.sort_by(|a, b| a.since.cmp(&b.since).then_with(|| a.id.cmp(&b.id)));
}

/// The first person waiting for a kind, in the list's order (those already offered an item or
/// served are not waiting).
pub fn next_in_line(entries: &[WaitEntry], kind: AidKind) -> Option<&WaitEntry> {
    entries
        .iter()
        .filter(|e| e.kind == kind && e.state == WaitState::Waiting)
        .min_by(|a, b| a.since.cmp(&b.since).then_with(|| a.id.cmp(&b.id)))
}

/// How many of a kind there are, free now, out on loan, held for the waiting list, in repair.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KindStock {
    pub kind: Option<AidKind>,
    pub total: i64,
    pub free: i64,
    pub on_loan: i64,
    pub reserved: i64,
    pub repair: i64,
    pub waiting: i64,
}

/// The form of an item of the stock.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    pub kind: String,
    pub model: String,
    pub inventory_no: String,
    pub condition: String,
    pub location: String,
    pub notes: String,
}

/// The form of a loan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LoanForm {
    pub item: String,
    pub person: PersonForm,
    pub basis: String,
    pub basis_note: String,
    pub issued_on: String,
    pub due_on: String,
    pub deposit: String,
    /// The waiting-list place this loan serves, when the item was held for it.
    pub wait: String,
}

/// The form of a place in the waiting list.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WaitForm {
    pub kind: String,
    pub person: PersonForm,
    pub note: String,
}

/// The form of an extension.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ExtendForm {
    pub due_on: String,
    pub reason: String,
}

/// The form of a return.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReturnForm {
    pub returned_on: String,
    pub condition: String,
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn entry(id: &str, kind: AidKind, minute: u32, state: WaitState) -> WaitEntry {
        WaitEntry {
            id: id.into(),
            kind,
            person: Person { full_name: id.into(), ..Person::default() },
            since: Utc.with_ymd_and_hms(2026, 11, 2, 9, minute, 0).single().expect("time"),
            note: String::new(),
            state,
            offered_item: None,
            offered_title: None,
            offered_at: None,
            by_id: "u".into(),
            by_name: "Петрова А. С.".into(),
        }
    }

    #[test]
    fn a_loan_is_overdue_from_the_day_after_its_return_date() {
        let due = day("2026-12-10");
        assert_eq!(LoanState::of(None, due, day("2026-12-01")), LoanState::OnHand(9));
        assert_eq!(LoanState::of(None, due, day("2026-12-10")), LoanState::OnHand(0));
        assert_eq!(LoanState::of(None, due, day("2026-12-10")).words(), "вернуть сегодня");
        assert_eq!(LoanState::of(None, due, day("2026-12-13")), LoanState::Overdue(3));
        assert!(LoanState::of(None, due, day("2026-12-11")).is_overdue());
        assert_eq!(LoanState::of(Some(day("2026-12-20")), due, day("2026-12-25")), LoanState::Returned);
    }

    #[test]
    fn the_waiting_list_serves_who_waits_longest_and_skips_those_already_offered() {
        let mut list = vec![
            entry("c", AidKind::Wheelchair, 30, WaitState::Waiting),
            entry("a", AidKind::Wheelchair, 10, WaitState::Offered),
            entry("b", AidKind::Walker, 5, WaitState::Waiting),
            entry("e", AidKind::Wheelchair, 20, WaitState::Waiting),
            entry("d", AidKind::Wheelchair, 20, WaitState::Waiting),
        ];
        queue_order(&mut list);
        let order: Vec<&str> = list.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(order, ["b", "a", "d", "e", "c"]);
        assert_eq!(next_in_line(&list, AidKind::Wheelchair).map(|e| e.id.as_str()), Some("d"));
        assert_eq!(next_in_line(&list, AidKind::Walker).map(|e| e.id.as_str()), Some("b"));
        assert_eq!(next_in_line(&list, AidKind::Bed), None);
    }

    #[test]
    fn only_new_and_sound_items_are_lent() {
        assert!(Condition::New.lendable());
        assert!(Condition::Good.lendable());
        assert!(!Condition::Repair.lendable());
        assert!(!Condition::WrittenOff.lendable());
    }
}
