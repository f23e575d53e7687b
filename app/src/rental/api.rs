//! Server functions of the rental point: the thin API between the pages and `repo`. Each checks
//! the caller's role, checks the form by `rules` and writes its audit line in the transaction of
//! the change (a read of people's data is audited too).

use super::types::*;
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::audit::ssr::{write as audit, Actor, AuditLine};
    pub use crate::audit::AuditAction;
    pub use crate::auth::permissions;
    pub use crate::auth::session::{require, with_status};
    pub use crate::calendar::ProductionCalendar;
    pub use crate::people::repo as people;
    pub use crate::rental::{repo, rules};
    pub use crate::state::db;
    pub use crate::time::{format_naive_date, local_today};
    pub use chrono::Utc;

    pub async fn calendar(db: &crate::db::Db) -> crate::error::AppResult<ProductionCalendar> {
        Ok(ProductionCalendar::from_exceptions(&crate::calendar::repo::exceptions(db).await?))
    }

    pub fn missing_loan() -> crate::error::AppError {
        crate::error::AppError::NotFound("Выдача не найдена".into())
    }
}

/// The rental point's page: the stock by kind, the loans on hand, the waiting list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub today: NaiveDate,
    pub kinds: Vec<KindStock>,
    pub items: Vec<Item>,
    /// Loans on hand: the overdue first, then by the return date.
    pub loans: Vec<Loan>,
    pub waiting: Vec<WaitEntry>,
    /// Items held for people the user put on the list: she calls them.
    pub my_offers: Vec<WaitEntry>,
}

/// The stock by kind: how many, free, out, held, in repair, and how many wait.
pub fn stock_by_kind(items: &[Item], waiting: &[WaitEntry]) -> Vec<KindStock> {
    AidKind::ALL
        .iter()
        .map(|&kind| {
            let of_kind: Vec<&Item> =
                items.iter().filter(|i| i.kind == kind && i.condition != Condition::WrittenOff).collect();
            KindStock {
                kind: Some(kind),
                total: of_kind.len() as i64,
                free: of_kind.iter().filter(|i| i.is_free() && i.reserved_for.is_none()).count() as i64,
                on_loan: of_kind.iter().filter(|i| i.loan_id.is_some()).count() as i64,
                reserved: of_kind.iter().filter(|i| i.loan_id.is_none() && i.reserved_for.is_some()).count() as i64,
                repair: of_kind.iter().filter(|i| i.condition == Condition::Repair && i.loan_id.is_none()).count()
                    as i64,
                waiting: waiting.iter().filter(|w| w.kind == kind && w.state == WaitState::Waiting).count() as i64,
            }
        })
        .filter(|k| k.total > 0 || k.waiting > 0)
        .collect()
}

#[server(prefix = "/api", endpoint = "rental/overview")]
pub async fn rental_overview() -> Result<Overview, AppError> {
    use ssr::*;
    let user = require(permissions::RENTAL)?;
    let db = db()?;
    let today = local_today(Utc::now());
    let items = repo::stock(&db).await?;
    let mut loans = repo::open_loans(&db).await?;
    loans.sort_by_key(|l| (!l.state(today).is_overdue(), l.due_on));
    let waiting = repo::waiting(&db).await?;
    let my_offers: Vec<WaitEntry> =
        waiting.iter().filter(|w| w.state == WaitState::Offered && w.by_id == user.id).cloned().collect();
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some("rental".into()),
        format!("Пункт проката: выдачи ({}) и очередь ({})", loans.len(), waiting.len()),
        vec![],
    )
    .await?;
    Ok(Overview { today, kinds: stock_by_kind(&items, &waiting), items, loans, waiting, my_offers })
}

/// An item's card: the item, its history and its loans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemDetails {
    pub item: Item,
    pub history: Vec<HistoryLine>,
    pub loans: Vec<Loan>,
    pub today: NaiveDate,
}

#[server(prefix = "/api", endpoint = "rental/item")]
pub async fn rental_item(id: String) -> Result<ItemDetails, AppError> {
    use ssr::*;
    let user = require(permissions::RENTAL)?;
    let db = db()?;
    let Some((item, history)) = repo::item(&db, &id).await? else {
        return with_status(Err(AppError::NotFound("Изделие не найдено".into())));
    };
    let loans = repo::loans_of_item(&db, &item.id).await?;
    audit(&db, &Actor::user(&user), AuditAction::View, Some(format!("aid_item:{}", item.id)), item.title(), vec![])
        .await?;
    Ok(ItemDetails { item, history, loans, today: local_today(Utc::now()) })
}

/// Adds an item to the stock (`id` empty) or corrects it; returns its key.
#[server(prefix = "/api", endpoint = "rental/save_item", input = Json)]
pub async fn save_rental_item(id: String, version: i64, form: ItemForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::RENTAL)?;
    let valid = with_status(rules::validate_item(&form).map_err(AppError::Validation))?;
    if !id.is_empty() && !crate::keys::is_record_key(&id) {
        return with_status(Err(AppError::NotFound("Изделие не найдено".into())));
    }
    let db = db()?;
    let line = AuditLine::new(
        &Actor::user(&user),
        if id.is_empty() { AuditAction::Create } else { AuditAction::Update },
        Some("aid_item".into()),
        format!("Пункт проката: {}", item_title(valid.kind, &valid.model, &valid.inventory_no)),
        vec![],
    );
    with_status(repo::save_item(&db, &user, &id, version, &valid, line).await)
}

/// What the loan form starts from: the items one may lend now, the person when the form was
/// opened from a case, a registry card or a waiting-list place, and the usual return date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoanBlank {
    pub form: LoanForm,
    pub items: Vec<Item>,
    pub person: Option<Found>,
    pub today: NaiveDate,
}

/// The loan form, filled from the link it was opened by: `item`, `kind`, `case`, `elder`,
/// `wait` (a waiting-list place whose item came back).
#[server(prefix = "/api", endpoint = "rental/loan_start")]
pub async fn loan_start(item: String, case: String, elder: String, wait: String) -> Result<LoanBlank, AppError> {
    use ssr::*;
    let user = require(permissions::RENTAL)?;
    let db = db()?;
    let today = local_today(Utc::now());
    let calendar = calendar(&db).await?;
    let mut form = LoanForm {
        item: item.clone(),
        issued_on: crate::time::format_iso_date(today),
        due_on: crate::time::format_iso_date(rules::usual_due(&calendar, today)),
        basis: Basis::Decision.code().into(),
        ..LoanForm::default()
    };
    let mut person = None;
    let entry = if wait.is_empty() { None } else { repo::wait(&db, &wait).await? };
    if let Some(w) = entry.as_ref().filter(|w| w.state == WaitState::Offered) {
        form.wait = w.id.clone();
        form.item = w.offered_item.clone().unwrap_or_default();
        form.person = PersonForm { document: String::new(), ..PersonForm::of(&w.person) };
        if let Some(k) = w.person.kind.filter(|k| *k != PersonKind::WalkIn) {
            let key = w.person.case_id.clone().or(w.person.elder_id.clone()).unwrap_or_default();
            person = people::found_by_id(&db, &user, k, &key).await?;
        }
    } else if !case.is_empty() {
        person = people::found_by_id(&db, &user, PersonKind::Case, &case).await?;
        if let Some(p) = &person {
            form.person.person_kind = PersonKind::Case.code().into();
            form.person.case_id = case;
            form.person.chosen_name = p.full_name.clone();
        }
    } else if !elder.is_empty() {
        person = people::found_by_id(&db, &user, PersonKind::Elder, &elder).await?;
        if let Some(p) = &person {
            form.person.person_kind = PersonKind::Elder.code().into();
            form.person.elder_id = elder;
            form.person.chosen_name = p.full_name.clone();
        }
    }
    let held_for = form.wait.clone();
    let items = repo::stock(&db)
        .await?
        .into_iter()
        .filter(|i| i.is_free() && i.reserved_for.as_ref().is_none_or(|w| *w == held_for))
        .collect();
    Ok(LoanBlank { form, items, person, today })
}

/// Lends an item; returns the loan's key.
#[server(prefix = "/api", endpoint = "rental/issue", input = Json)]
pub async fn issue_loan(form: LoanForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::RENTAL)?;
    let db = db()?;
    let today = local_today(Utc::now());
    let calendar = calendar(&db).await?;
    let valid = with_status(rules::validate_loan(&form, &calendar, today).map_err(AppError::Validation))?;
    let Some((item, _)) = repo::item(&db, &valid.item).await? else {
        return with_status(Err(AppError::field("item", "Изделие не найдено на складе")));
    };
    let (person, district) = with_status(people::resolve_person(&db, &user, &valid.person).await)?;
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Create,
        Some(format!("aid_item:{}", item.id)),
        format!(
            "Пункт проката: выдано «{}» — {}, до {}",
            item.title(),
            person.full_name(),
            format_naive_date(valid.due_on)
        ),
        vec![],
    );
    with_status(repo::issue(&db, &user, &valid, person, district, &item, line).await)
}

/// A loan's card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoanDetails {
    pub loan: Loan,
    pub today: NaiveDate,
}

#[server(prefix = "/api", endpoint = "rental/loan")]
pub async fn rental_loan(id: String) -> Result<LoanDetails, AppError> {
    use ssr::*;
    let user = require(permissions::RENTAL)?;
    let db = db()?;
    let Some(loan) = repo::loan(&db, &id).await? else {
        return with_status(Err(missing_loan()));
    };
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some(format!("aid_loan:{}", loan.id)),
        format!("Пункт проката: договор {} — {}", loan.number, loan.person.full_name),
        vec![],
    )
    .await?;
    Ok(LoanDetails { loan, today: local_today(Utc::now()) })
}

/// Moves the return date of a loan, with its reason.
#[server(prefix = "/api", endpoint = "rental/extend", input = Json)]
pub async fn extend_loan(id: String, version: i64, form: ExtendForm) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::RENTAL)?;
    let db = db()?;
    let Some(mut loan) = repo::loan(&db, &id).await? else {
        return with_status(Err(missing_loan()));
    };
    if loan.returned_on.is_some() {
        return with_status(Err(AppError::field("due_on", "Изделие уже вернули — продлевать нечего")));
    }
    loan.version = version;
    let calendar = calendar(&db).await?;
    let today = local_today(Utc::now());
    let (due, reason) =
        with_status(rules::validate_extension(&form, &loan, &calendar, today).map_err(AppError::Validation))?;
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("aid_loan:{}", loan.id)),
        format!("Пункт проката: договор {} продлён до {} — {reason}", loan.number, format_naive_date(due)),
        vec![],
    );
    with_status(repo::extend(&db, &user, &loan, due, &reason, line).await)
}

/// Takes an item back; returns who waits for it now (the first of its kind's list), if anyone.
#[server(prefix = "/api", endpoint = "rental/return", input = Json)]
pub async fn return_loan(id: String, version: i64, form: ReturnForm) -> Result<Option<WaitEntry>, AppError> {
    use ssr::*;
    let user = require(permissions::RENTAL)?;
    let db = db()?;
    let Some(mut loan) = repo::loan(&db, &id).await? else {
        return with_status(Err(missing_loan()));
    };
    if loan.returned_on.is_some() {
        return with_status(Err(AppError::Conflict("Возврат уже принят".into())));
    }
    loan.version = version;
    let today = local_today(Utc::now());
    let (day, condition, note) =
        with_status(rules::validate_return(&form, &loan, today).map_err(AppError::Validation))?;
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("aid_loan:{}", loan.id)),
        format!("Пункт проката: возврат по договору {} — {}", loan.number, condition.label().to_lowercase()),
        vec![],
    );
    with_status(repo::take_back(&db, &user, &loan, day, condition, note, line).await)
}

/// Puts a person on the waiting list of a kind; returns the place's key.
#[server(prefix = "/api", endpoint = "rental/queue", input = Json)]
pub async fn add_to_queue(form: WaitForm) -> Result<String, AppError> {
    use ssr::*;
    let user = require(permissions::RENTAL)?;
    let valid = with_status(rules::validate_wait(&form).map_err(AppError::Validation))?;
    let db = db()?;
    let (person, district) = with_status(people::resolve_person(&db, &user, &valid.person).await)?;
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Create,
        Some("aid_wait".into()),
        format!("Пункт проката: в очередь на «{}» — {}", valid.kind.label(), person.full_name()),
        vec![],
    );
    with_status(repo::add_wait(&db, &user, &valid, person, district, line).await)
}

/// Takes a person off the waiting list; an item held for them goes to the next in line.
#[server(prefix = "/api", endpoint = "rental/unqueue")]
pub async fn cancel_queue(id: String) -> Result<(), AppError> {
    use ssr::*;
    let user = require(permissions::RENTAL)?;
    let db = db()?;
    let Some(entry) = repo::wait(&db, &id).await? else {
        return with_status(Err(AppError::NotFound("Человек не найден в очереди".into())));
    };
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Update,
        Some(format!("aid_wait:{}", entry.id)),
        format!("Пункт проката: снят с очереди на «{}» — {}", entry.kind.label(), entry.person.full_name),
        vec![],
    );
    with_status(repo::cancel_wait(&db, &user, &entry.id, line).await)
}

/// What the start pages show of the rental point.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RentalNotices {
    /// Loans past their return date: all, and the user's (issued by her or on her districts).
    pub overdue: i64,
    pub overdue_mine: i64,
    /// Items held for people the user put on the waiting list.
    pub offers_mine: i64,
}

#[server(prefix = "/api", endpoint = "rental/summary")]
pub async fn rental_summary() -> Result<RentalNotices, AppError> {
    use ssr::*;
    let user = require(permissions::RENTAL)?;
    let db = db()?;
    let today = local_today(Utc::now());
    let (overdue, overdue_mine) = repo::overdue_counts(&db, &user, today).await?;
    let offers_mine =
        repo::waiting(&db).await?.iter().filter(|w| w.state == WaitState::Offered && w.by_id == user.id).count() as i64;
    Ok(RentalNotices { overdue, overdue_mine, offers_mine })
}

/// The rental point's report for a period (empty dates: this month so far).
#[server(prefix = "/api", endpoint = "rental/report", input = Json)]
pub async fn rental_report(query: super::report::ReportQuery) -> Result<super::report::RentalReport, AppError> {
    use ssr::*;
    let user = require(permissions::RENTAL)?;
    let db = db()?;
    let report = with_status(report_of(&db, &query).await)?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::View,
        Some("rental".into()),
        format!("Отчёт пункта проката за {} — {}", format_naive_date(report.from), format_naive_date(report.to)),
        vec![],
    )
    .await?;
    Ok(report)
}

/// Counts the report of a period from the records.
#[cfg(feature = "ssr")]
pub async fn report_of(
    db: &crate::db::Db,
    query: &super::report::ReportQuery,
) -> Result<super::report::RentalReport, AppError> {
    use ssr::{local_today, repo, Utc};
    let today = local_today(Utc::now());
    let (from, to) = query.period(today, today).map_err(|m| AppError::field("from", m))?;
    let items = repo::all_items(db).await?;
    let loans = repo::loans_in(db, from, to).await?;
    let waiting = repo::waiting(db).await?;
    Ok(super::report::compute(&items, &loans, &waiting, from, to, today))
}

/// The aids lent to the people of a case, for the case page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoansOfCase {
    pub loans: Vec<Loan>,
    pub today: NaiveDate,
}

/// The loans of a case's people: to the rental point's roles who may see the case.
#[server(prefix = "/api", endpoint = "rental/of_case")]
pub async fn case_loans(case: String) -> Result<LoansOfCase, AppError> {
    use ssr::*;
    let user = require(permissions::RENTAL)?;
    let db = db()?;
    let key = with_status(crate::keys::known(case.trim()))?.to_string();
    with_status(crate::cases::repo::visible_row(&db, &user, &key).await)?;
    let loans = repo::loans_of_case(&db, &key).await?;
    Ok(LoansOfCase { loans, today: local_today(Utc::now()) })
}
