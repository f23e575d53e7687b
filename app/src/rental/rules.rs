//! The rental point's rules: what a loan, an extension, a return and an item of the stock must
//! have, and when an aid is due back — a working day of the production calendar, since the
//! point is closed on days off.

use super::types::*;
use crate::calendar::ProductionCalendar;
use crate::error::FieldErrors;
pub use crate::people::rules::ValidPerson;
use crate::people::rules::{validate_person, Wording};
use crate::time::{format_naive_date, parse_date};
use crate::validation::{check_len, check_printable, collapse_spaces, optional_text, required_line};
use chrono::{Months, NaiveDate};

/// The usual term of a loan.
pub const USUAL_TERM_MONTHS: u32 = 3;
/// The longest term of a loan or of an extension, from its start.
pub const LONGEST_TERM_MONTHS: u32 = 12;
/// The largest deposit, in roubles.
pub const MAX_DEPOSIT: i64 = 100_000;

/// The first working day on or after `day`.
pub fn working_day_from(calendar: &ProductionCalendar, day: NaiveDate) -> NaiveDate {
    let mut d = day;
    // Days off never run longer than the New Year holidays: the loop ends within weeks.
    while !calendar.is_working_day(d) {
        d += chrono::Duration::days(1);
    }
    d
}

/// The usual return date of an aid lent on `issued`: three months on, moved to a working day.
pub fn usual_due(calendar: &ProductionCalendar, issued: NaiveDate) -> NaiveDate {
    working_day_from(calendar, issued.checked_add_months(Months::new(USUAL_TERM_MONTHS)).unwrap_or(issued))
}

/// A return date given on a form: a working day after `after` and within the longest term from
/// `start`; the message names the nearest working day when a day off was chosen.
fn due_date(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    calendar: &ProductionCalendar,
    after: NaiveDate,
    start: NaiveDate,
) -> Option<NaiveDate> {
    let Some(due) = parse_date(value.trim()) else {
        errors.add(
            field,
            if value.trim().is_empty() {
                "Укажите, до какого числа вернуть"
            } else {
                "Дата в формате ДД.ММ.ГГГГ"
            },
        );
        return None;
    };
    if due <= after {
        errors.add(field, format!("Срок возврата должен быть позже {}", format_naive_date(after)));
        return None;
    }
    let longest = start.checked_add_months(Months::new(LONGEST_TERM_MONTHS)).unwrap_or(start);
    if due > longest {
        errors.add(field, format!("Не дольше {LONGEST_TERM_MONTHS} месяцев — до {}", format_naive_date(longest)));
        return None;
    }
    if !calendar.is_working_day(due) {
        errors.add(
            field,
            format!(
                "{} — выходной, пункт проката закрыт. Ближайший рабочий день — {}",
                format_naive_date(due),
                format_naive_date(working_day_from(calendar, due))
            ),
        );
        return None;
    }
    Some(due)
}

/// What the rental point's forms say about the person.
const WORDING: Wording = Wording {
    choose_kind: "Выберите, кому: из случая, из реестра 55+ или обратился лично",
    phone_needed: "Укажите телефон: по нему напомнят о сроке возврата",
};

fn person(errors: &mut FieldErrors, form: &PersonForm) -> Option<ValidPerson> {
    validate_person(errors, form, &WORDING)
}

/// A loan checked against the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidLoan {
    pub item: String,
    pub person: ValidPerson,
    pub basis: Basis,
    pub basis_note: Option<String>,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    pub deposit: Option<i64>,
    pub wait: Option<String>,
}

pub fn validate_loan(
    form: &LoanForm,
    calendar: &ProductionCalendar,
    today: NaiveDate,
) -> Result<ValidLoan, FieldErrors> {
    let mut errors = FieldErrors::new();
    let item = form.item.trim().to_string();
    if item.is_empty() {
        errors.add("item", "Выберите, что выдаёте");
    }
    let person = person(&mut errors, &form.person);
    let basis = Basis::from_code(&form.basis);
    if basis.is_none() {
        errors.add("basis", "Выберите основание выдачи");
    }
    let basis_note = optional_text(&collapse_spaces(&form.basis_note));
    match &basis_note {
        Some(n) => {
            check_len(&mut errors, "basis_note", n, 300);
            check_printable(&mut errors, "basis_note", n);
        }
        None if basis == Some(Basis::Ipra) => errors.add("basis_note", "Укажите номер и дату ИПРА"),
        None => {}
    }
    let issued_on = match parse_date(form.issued_on.trim()) {
        None => {
            errors.add("issued_on", "Дата выдачи в формате ДД.ММ.ГГГГ");
            None
        }
        Some(d) if d > today => {
            errors.add("issued_on", "Выдача не может быть в будущем: запишите её в день выдачи");
            None
        }
        Some(d) if (today - d).num_days() > 365 => {
            errors.add("issued_on", "Выдача больше года назад — проверьте год");
            None
        }
        Some(d) => Some(d),
    };
    let due_on = issued_on.and_then(|issued| due_date(&mut errors, "due_on", &form.due_on, calendar, issued, issued));
    let deposit = match form.deposit.trim().replace(' ', "").as_str() {
        "" | "0" => None,
        text => match text.parse::<i64>() {
            Ok(n) if (1..=MAX_DEPOSIT).contains(&n) => Some(n),
            Ok(_) => {
                errors.add("deposit", format!("Залог — от 1 до {MAX_DEPOSIT} ₽, или пусто, если бесплатно"));
                None
            }
            Err(_) => {
                errors.add("deposit", "Залог — сумма в рублях целым числом, например 1500");
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    match (person, basis, issued_on, due_on) {
        (Some(person), Some(basis), Some(issued_on), Some(due_on)) => Ok(ValidLoan {
            item,
            person,
            basis,
            basis_note,
            issued_on,
            due_on,
            deposit,
            wait: optional_text(&form.wait),
        }),
        _ => Err(errors),
    }
}

/// A place in the waiting list checked against the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidWait {
    pub kind: AidKind,
    pub person: ValidPerson,
    pub note: Option<String>,
}

pub fn validate_wait(form: &WaitForm) -> Result<ValidWait, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = AidKind::from_code(&form.kind);
    if kind.is_none() {
        errors.add("kind", "Выберите, чего ждёт человек");
    }
    let person = person(&mut errors, &form.person);
    let note = optional_text(&form.note);
    if let Some(n) = &note {
        check_len(&mut errors, "note", n, 500);
        check_printable(&mut errors, "note", n);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    match (kind, person) {
        (Some(kind), Some(person)) => Ok(ValidWait { kind, person, note }),
        _ => Err(errors),
    }
}

/// An extension checked against the rules: a later working day, with its reason.
pub fn validate_extension(
    form: &ExtendForm,
    loan: &Loan,
    calendar: &ProductionCalendar,
    today: NaiveDate,
) -> Result<(NaiveDate, String), FieldErrors> {
    let mut errors = FieldErrors::new();
    let start = loan.due_on.max(today);
    let due = due_date(&mut errors, "due_on", &form.due_on, calendar, loan.due_on, start);
    let reason = required_line(&mut errors, "reason", &form.reason, 500, "Укажите, почему продлеваете");
    match due {
        Some(due) if errors.is_empty() => Ok((due, reason)),
        _ => Err(errors),
    }
}

/// A return checked against the rules: its day between the issue and today, the condition the
/// item came back in («новым» it cannot), what is wrong when it needs repair or is written off.
pub fn validate_return(
    form: &ReturnForm,
    loan: &Loan,
    today: NaiveDate,
) -> Result<(NaiveDate, Condition, Option<String>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let day = match parse_date(form.returned_on.trim()) {
        None => {
            errors.add("returned_on", "Дата возврата в формате ДД.ММ.ГГГГ");
            None
        }
        Some(d) if d > today => {
            errors.add("returned_on", "Возврат не может быть в будущем");
            None
        }
        Some(d) if d < loan.issued_on => {
            errors.add("returned_on", format!("Возврат не раньше выдачи ({})", format_naive_date(loan.issued_on)));
            None
        }
        Some(d) => Some(d),
    };
    let condition = match Condition::from_code(&form.condition) {
        None => {
            errors.add("condition", "Выберите, в каком состоянии вернули");
            None
        }
        Some(Condition::New) => {
            errors.add("condition", "После выдачи изделие уже не новое: «исправно», «требует ремонта» или «списано»");
            None
        }
        Some(c) => Some(c),
    };
    let note = optional_text(&form.note);
    match &note {
        Some(n) => {
            check_len(&mut errors, "note", n, 1000);
            check_printable(&mut errors, "note", n);
        }
        None if matches!(condition, Some(Condition::Repair | Condition::WrittenOff)) => {
            errors.add("note", "Опишите, что неисправно")
        }
        None => {}
    }
    match (day, condition) {
        (Some(d), Some(c)) if errors.is_empty() => Ok((d, c, note)),
        _ => Err(errors),
    }
}

/// An item of the stock checked against the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidItem {
    pub kind: AidKind,
    pub model: String,
    pub inventory_no: String,
    pub condition: Condition,
    pub location: String,
    pub notes: Option<String>,
}

pub fn validate_item(form: &ItemForm) -> Result<ValidItem, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = AidKind::from_code(&form.kind);
    if kind.is_none() {
        errors.add("kind", "Выберите вид средства реабилитации");
    }
    let model = collapse_spaces(&form.model);
    check_len(&mut errors, "model", &model, 200);
    check_printable(&mut errors, "model", &model);
    let inventory_no = required_line(&mut errors, "inventory_no", &form.inventory_no, 40, "Укажите инвентарный номер");
    let condition = Condition::from_code(&form.condition);
    if condition.is_none() {
        errors.add("condition", "Выберите состояние");
    }
    let location = required_line(&mut errors, "location", &form.location, 200, "Укажите, где хранится или находится");
    let notes = optional_text(&form.notes);
    if let Some(n) = &notes {
        check_len(&mut errors, "notes", n, 1000);
        check_printable(&mut errors, "notes", n);
    }
    match (kind, condition) {
        (Some(kind), Some(condition)) if errors.is_empty() => {
            Ok(ValidItem { kind, model, inventory_no, condition, location, notes })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DayKind;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    /// 2027: the New Year holidays to 8 January; 23 February a Tuesday with 22 February moved off.
    fn calendar() -> ProductionCalendar {
        let mut days: Vec<(NaiveDate, DayKind)> =
            (1..=8).map(|d| (day(&format!("2027-01-{d:02}")), DayKind::DayOff)).collect();
        days.push((day("2027-02-22"), DayKind::DayOff));
        days.push((day("2027-02-23"), DayKind::DayOff));
        ProductionCalendar::new(days)
    }

    fn walk_in() -> LoanForm {
        LoanForm {
            item: "i1".into(),
            person: PersonForm {
                person_kind: "walk_in".into(),
                full_name: "Кузнецова Мария Ивановна".into(),
                address: "г. Югорск, ул. Ленина, д. 12, кв. 4".into(),
                phone: "8 912 345-67-89".into(),
                consent: true,
                ..PersonForm::default()
            },
            basis: "doctor".into(),
            issued_on: "2026-12-04".into(),
            due_on: "2027-03-04".into(),
            ..LoanForm::default()
        }
    }

    #[test]
    fn the_usual_return_date_is_three_months_on_and_never_a_day_off() {
        let c = calendar();
        // 8 October + 3 months = 8 January 2027, a holiday: the first working day is Monday 11th.
        assert_eq!(usual_due(&c, day("2026-10-08")), day("2027-01-11"));
        // 22 November + 3 months = 22 February 2027, moved off with the 23rd: Wednesday 24th.
        assert_eq!(usual_due(&c, day("2026-11-22")), day("2027-02-24"));
        assert_eq!(usual_due(&c, day("2026-12-04")), day("2027-03-04"));
    }

    #[test]
    fn a_loan_to_someone_who_came_in_person_needs_who_where_phone_and_consent() {
        let today = day("2026-12-05");
        let valid = validate_loan(&walk_in(), &calendar(), today).expect("valid");
        assert_eq!(valid.person.phone.as_deref(), Some("+79123456789"));
        assert_eq!(valid.deposit, None);

        let mut form = walk_in();
        form.person.full_name = "Кузнецова".into();
        form.person.phone = "12".into();
        form.person.consent = false;
        form.deposit = "полторы тысячи".into();
        let errors = validate_loan(&form, &calendar(), today).expect_err("invalid");
        assert_eq!(errors.get("full_name"), Some("Фамилия и имя — хотя бы два слова"));
        assert!(errors.get("phone").is_some());
        assert!(errors.get("consent").is_some());
        assert!(errors.get("deposit").is_some());
    }

    #[test]
    fn a_return_date_on_a_day_off_names_the_nearest_working_day() {
        let mut form = walk_in();
        form.due_on = "2027-01-05".into();
        let errors = validate_loan(&form, &calendar(), day("2026-12-05")).expect_err("day off");
        assert_eq!(
            errors.get("due_on"),
            Some("05.01.2027 — выходной, пункт проката закрыт. Ближайший рабочий день — 11.01.2027")
        );
        form.due_on = "2026-12-01".into();
        let errors = validate_loan(&form, &calendar(), day("2026-12-05")).expect_err("before issue");
        assert_eq!(errors.get("due_on"), Some("Срок возврата должен быть позже 04.12.2026"));
        form.due_on = "2028-01-10".into();
        assert!(validate_loan(&form, &calendar(), day("2026-12-05")).is_err());
    }

    #[test]
    fn an_ipra_loan_names_its_programme_and_a_person_from_a_case_is_chosen_from_the_list() {
        let mut form = walk_in();
        form.basis = "ipra".into();
        form.person.person_kind = "case".into();
        let errors = validate_loan(&form, &calendar(), day("2026-12-05")).expect_err("invalid");
        assert_eq!(errors.get("basis_note"), Some("Укажите номер и дату ИПРА"));
        assert!(errors.get("person").is_some());
        form.basis_note = "ИПРА № 1234.5.86/2026 от 02.11.2026".into();
        form.person.case_id = "c1".into();
        let valid = validate_loan(&form, &calendar(), day("2026-12-05")).expect("valid");
        assert_eq!(valid.person.record.as_deref(), Some("c1"));
    }

    fn loan() -> Loan {
        Loan {
            id: "l1".into(),
            number: "П-1/2026".into(),
            item_id: "i1".into(),
            kind: AidKind::Wheelchair,
            item_title: "Кресло-коляска, инв. № 1".into(),
            person: Person::default(),
            basis: Basis::Doctor,
            basis_note: String::new(),
            issued_on: day("2026-10-01"),
            due_on: day("2026-12-28"),
            deposit: None,
            issue_condition: Condition::Good,
            extensions: vec![],
            returned_on: None,
            return_condition: None,
            return_note: String::new(),
            issued_by_name: "Петрова А. С.".into(),
            version: 1,
        }
    }

    #[test]
    fn an_extension_goes_later_with_a_reason_and_a_return_says_what_is_wrong() {
        let c = calendar();
        let today = day("2026-12-05");
        let form =
            ExtendForm { due_on: "2027-01-11".into(), reason: "Реабилитация продлена".into() };
        assert_eq!(
            validate_extension(&form, &loan(), &c, today),
            Ok((day("2027-01-11"), "Реабилитация продлена".into()))
        );
        let errors =
            validate_extension(&ExtendForm { due_on: "2026-12-20".into(), reason: String::new() }, &loan(), &c, today)
                .expect_err("earlier");
        assert!(errors.get("due_on").is_some());
        assert_eq!(errors.get("reason"), Some("Укажите, почему продлеваете"));

        let back = ReturnForm { returned_on: "2026-12-05".into(), condition: "repair".into(), note: String::new() };
        let errors = validate_return(&back, &loan(), today).expect_err("no note");
        assert_eq!(errors.get("note"), Some("Опишите, что неисправно"));
        let back = ReturnForm { note: "Спущено колесо".into(), ..back };
        assert_eq!(
            validate_return(&back, &loan(), today),
            Ok((today, Condition::Repair, Some("Спущено колесо".into())))
        );
        let new = ReturnForm { condition: "new".into(), ..back.clone() };
        assert!(validate_return(&new, &loan(), today).is_err());
        let early = ReturnForm { returned_on: "2026-09-30".into(), ..back };
        assert!(validate_return(&early, &loan(), today).is_err());
    }

    #[test]
    fn an_item_has_its_kind_number_condition_and_place() {
        let form = ItemForm {
            kind: "walker".into(),
            model: " Armed  FS912L ".into(),
            inventory_no: "ТСР-0031".into(),
            condition: "good".into(),
            location: "Склад, ул. Менделеева, 23".into(),
            notes: String::new(),
        };
        let valid = validate_item(&form).expect("valid");
        assert_eq!(valid.model, "Armed FS912L");
        let errors = validate_item(&ItemForm::default()).expect_err("empty");
        for field in ["kind", "inventory_no", "condition", "location"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }
}
