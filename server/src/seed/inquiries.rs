//! The demo inter-agency requests of `inquiries.json`: a dozen outgoing and incoming ones in
//! every status — drafts, sent ones waiting for the answer, exactly one overdue, answered ones —
//! most about demo cases of the category they name, registered by the case's curator, the
//! dispatcher or the head of the department, through the same checks and repository as the form.

use super::common::{DemoStaff, SeedError};
use super::data;
use app::audit::ssr::{Actor, AuditLine};
use app::audit::AuditAction;
use app::auth::CurrentUser;
use app::calendar::ProductionCalendar;
use app::db::Db;
use app::inquiries::repo;
use app::inquiries::types::*;
use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use serde::Deserialize;

/// The working day `n` working days before `from` (`from` itself, or the last working day before
/// it, for 0).
fn working_days_back(calendar: &ProductionCalendar, from: NaiveDate, n: u32) -> NaiveDate {
    let mut day = from;
    let mut left = n;
    while left > 0 || !calendar.is_working_day(day) {
        day -= Duration::days(1);
        if calendar.is_working_day(day) {
            left = left.saturating_sub(1);
        }
    }
    day
}

#[derive(Deserialize)]
struct DemoCase {
    id: String,
    categories: Vec<String>,
    district: Option<String>,
    curator: Option<String>,
    name: Option<String>,
    born: Option<NaiveDate>,
}

/// The first case not used yet of a category (and a district, when named); else any case not
/// used yet of the district; else none.
fn pick<'a>(cases: &'a [DemoCase], used: &[String], category: &str, district: Option<i64>) -> Option<&'a DemoCase> {
    let district = district.map(|d| format!("d{d}"));
    let fits = |c: &&DemoCase| {
        !used.contains(&c.id)
            && district.as_ref().is_none_or(|d| c.district.as_deref().map(app::keys::record_key).as_ref() == Some(d))
    };
    cases.iter().filter(fits).find(|c| c.categories.iter().any(|k| k == category)).or_else(|| cases.iter().find(fits))
}

/// Writes the demo requests when there are none yet; how many.
pub async fn seed_inquiries(db: &Db, staff: &DemoStaff, now: DateTime<Utc>) -> Result<usize, SeedError> {
    let mut existing = db.query("SELECT VALUE record::id(id) FROM inquiry LIMIT 1").await?;
    let existing: Vec<String> = existing.take(0)?;
    if !existing.is_empty() {
        return Ok(0);
    }
    let calendar = app::calendar::repo::load(db).await?;
    let today = app::time::local_today(now);
    let mut found = db
        .query(
            "SELECT record::id(id) AS id, categories, district, curator, members[0].full_name AS name,
                 members[0].birth_date AS born
             FROM case_file WHERE stage != 'closed' ORDER BY year, number",
        )
        .await?;
    let cases: Vec<DemoCase> = app::db::take_rows(&mut found, 0)?;
    let mut used: Vec<String> = Vec::new();
    let mut written = 0;
    for demo in &data::inquiries().requests {
        let case = demo.case_category.as_deref().and_then(|c| pick(&cases, &used, c, demo.case_district));
        if let Some(c) = case {
            used.push(c.id.clone());
        }
        let curator = case.and_then(|c| c.curator.as_deref()).map(app::keys::record_key);
        let by: &CurrentUser = match demo.by.as_str() {
            "dispatcher" => &staff.dispatcher,
            "supervisor" => &staff.supervisor,
            _ => staff
                .caseworkers
                .iter()
                .map(|(_, w)| w)
                .find(|w| curator.as_deref() == Some(w.id.as_str()))
                .or(staff.caseworkers.first().map(|(_, w)| w))
                .unwrap_or(&staff.supervisor),
        };
        let sent = (demo.state != "draft").then(|| working_days_back(&calendar, today, demo.sent_working_days_ago));
        let until = sent.unwrap_or(today);
        let (mut body, mut body_address, mut partner) = (demo.body.clone(), demo.body_address.clone(), String::new());
        if let Some(name) = &demo.partner {
            #[derive(Deserialize)]
            struct Partner {
                id: String,
                address: String,
            }
            let mut response = db
                .query("SELECT record::id(id) AS id, address FROM partner WHERE name = $name LIMIT 1")
                .bind(("name", name.clone()))
                .await?;
            if let Some(p) = app::db::take_one::<Partner>(&mut response, 0)? {
                partner = p.id;
                body_address = p.address;
            }
            body = name.clone();
        }
        let iso = |d: Option<NaiveDate>| d.map(app::time::format_iso_date).unwrap_or_default();
        let form = InquiryForm {
            direction: demo.direction.clone(),
            partner,
            body,
            body_address,
            reference: demo.reference.replace("{sent}", &sent.map(app::time::format_naive_date).unwrap_or_default()),
            essence: demo.essence.clone(),
            legal_basis: demo.legal_basis.clone(),
            period_from: iso((demo.period_months > 0)
                .then(|| until.checked_sub_months(Months::new(demo.period_months)))
                .flatten()),
            period_to: iso((demo.period_months > 0).then_some(until)),
            details: demo.details.clone(),
            case_number: String::new(),
            person: case
                .and_then(|c| {
                    c.name.as_ref().map(|n| match c.born {
                        Some(b) => format!("{n}, {} г. р.", app::time::format_naive_date(b)),
                        None => n.clone(),
                    })
                })
                .unwrap_or_default(),
            term: demo.term.clone(),
            due_on: iso(sent
                .filter(|_| demo.manual_working_days > 0)
                .map(|s| calendar.add_working_days(s, demo.manual_working_days))),
            sent_on: iso(sent),
            way: demo.way.clone(),
        };
        let valid = validate_inquiry(&form, today).map_err(SeedError::invalid)?;
        let sending = match sent {
            Some(_) => Some(check_sending(&valid, &calendar).map_err(SeedError::invalid)?),
            None => None,
        };
        let change = repo::Change {
            valid: &valid,
            case: case.map(|c| c.id.clone()),
            status: if sending.is_some() { InquiryStatus::Sent } else { InquiryStatus::Draft },
            sending,
        };
        let line = AuditLine::new(&Actor::user(by), AuditAction::Create, None, ": демо-данные", vec![]);
        let id = repo::create(db, by, &change, line, now).await?;
        if let (Some(sent), "answered") = (sent, demo.state.as_str()) {
            let on = calendar.add_working_days(sent, demo.answer_after_working_days).min(today);
            let line = AuditLine::new(
                &Actor::user(by),
                AuditAction::Update,
                Some(format!("inquiry:{id}")),
                "Демо-данные: ответ на межведомственный запрос",
                vec![],
            );
            repo::answer(db, by, &id, on, &demo.answer, line, now).await?;
        }
        written += 1;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_requests_are_in_every_status_with_exactly_one_overdue() {
        let calendar = ProductionCalendar::default();
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let requests = &data::inquiries().requests;
        assert!(requests.len() >= 12);
        let mut overdue = 0;
        for r in requests {
            assert!(Direction::from_code(&r.direction).is_some(), "{}", r.direction);
            let term = Term::from_code(&r.term).unwrap_or_else(|| panic!("term {}", r.term));
            assert_eq!(term == Term::Manual, r.manual_working_days > 0, "{}", r.essence);
            assert!(["draft", "sent", "answered"].contains(&r.state.as_str()));
            assert!(r.partner.is_some() || !r.body.is_empty());
            assert_eq!(r.state == "answered", !r.answer.is_empty(), "{}", r.essence);
            if r.state == "sent" {
                let sent = working_days_back(&calendar, today, r.sent_working_days_ago);
                let due = match term.span() {
                    Span::Manual => calendar.add_working_days(sent, r.manual_working_days),
                    _ => due_date(&calendar, term, sent).unwrap(),
                };
                if due < today {
                    overdue += 1;
                }
            }
        }
        assert_eq!(overdue, 1, "exactly one demo request is overdue");
        for state in ["draft", "sent", "answered"] {
            assert!(requests.iter().any(|r| r.state == state), "a request {state}");
        }
        assert!(requests.iter().any(|r| r.direction == "incoming"));
    }
}
