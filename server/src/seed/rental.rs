//! The demo rental point: about sixty aids of a dozen kinds on the department's store, loans to
//! people of the registry 55+, of cases and to walk-ins — two of them overdue, some returned
//! (one for repair) — and a waiting list for the functional beds and the lifter, none of which is
//! free. Loans go through the same transactions as the pages'.

use super::common::{DemoStaff, SeedError};
use app::audit::ssr::{Actor, AuditLine};
use app::audit::AuditAction;
use app::auth::CurrentUser;
use app::db::Db;
use app::people::repo::resolve_person;
use app::people::rules::ValidPerson;
use app::people::types::PersonKind;
use app::rental::repo;
use app::rental::rules::{ValidItem, ValidLoan, ValidWait};
use app::rental::types::{AidKind, Basis, Condition};
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// Kind, models and how many of each the store keeps.
const STOCK: &[(AidKind, &[&str], usize)] = &[
    (AidKind::Wheelchair, &["Ortonica Base 195", "Армед H 035", "Мега-Оптим 511"], 9),
    (AidKind::Walker, &["Армед FS912L", "Ortonica XR 201"], 8),
    (AidKind::Rollator, &["Армед FS965LH", "Ortonica XR 105"], 5),
    (AidKind::Crutches, &["Армед FS925L (пара)"], 7),
    (AidKind::Cane, &["Ortonica Tip 20", "Армед FS933L"], 8),
    (AidKind::BathChair, &["Армед FS7961L"], 4),
    (AidKind::BathBoard, &["Ortonica LUX 610"], 3),
    (AidKind::ToiletChair, &["Армед FS696", "Мега-Оптим FS813"], 4),
    (AidKind::Bed, &["Армед RS105-B", "Мега-Оптим КМ-01"], 4),
    (AidKind::Mattress, &["Армед с компрессором", "Ortonica AM 700"], 4),
    (AidKind::BedRail, &["Ortonica BR 40"], 3),
    (AidKind::Lifter, &["Армед FS-3207"], 1),
];

fn line(user: &CurrentUser, text: String) -> AuditLine {
    AuditLine::new(&Actor::user(user), AuditAction::Create, Some("rental".into()), text, vec![])
}

fn walk_in(name: &str, address: &str, phone: &str) -> ValidPerson {
    ValidPerson {
        kind: PersonKind::WalkIn,
        record: None,
        full_name: name.into(),
        address: address.into(),
        phone: Some(phone.into()),
        document: Some("паспорт 67 10 482915".into()),
    }
}

fn from_record(kind: PersonKind, id: &str) -> ValidPerson {
    ValidPerson {
        kind,
        record: Some(id.into()),
        full_name: String::new(),
        address: String::new(),
        phone: None,
        document: None,
    }
}

/// Fills the rental point when it is empty; how many items it put on the store.
pub async fn seed_rental(db: &Db, staff: &DemoStaff, now: DateTime<Utc>) -> Result<usize, SeedError> {
    if !repo::all_items(db).await?.is_empty() {
        return Ok(0);
    }
    let today = app::time::local_today(now);
    let supervisor = &staff.supervisor;
    let mut number = 0;
    for (kind, models, count) in STOCK {
        for i in 0..*count {
            number += 1;
            let condition = match (kind, i) {
                (AidKind::Lifter, _) => Condition::Repair,
                (_, 0) if *count > 4 => Condition::New,
                (AidKind::Wheelchair, 8) => Condition::Repair,
                _ => Condition::Good,
            };
            let item = ValidItem {
                kind: *kind,
                model: models[i % models.len()].to_string(),
                inventory_no: format!("ТСР-{number:04}"),
                condition,
                location: "Склад пункта проката, ул. Менделеева, 23".into(),
                notes: (condition == Condition::Repair)
                    .then(|| "Передано в ремонт: заменить колесо и тормоз".to_string()),
            };
            let text = format!("Демо-данные: на склад — {}", item.inventory_no);
            repo::save_item(db, supervisor, "", 0, &item, line(supervisor, text)).await?;
        }
    }
    let elders =
        keys(db, "SELECT VALUE record::id(id) FROM elder WHERE in_registry = true ORDER BY id LIMIT 12").await?;
    let cases =
        keys(db, "SELECT VALUE record::id(id) FROM case_file WHERE stage != 'closed' ORDER BY number LIMIT 4").await?;
    let mut people: Vec<ValidPerson> = elders.iter().map(|e| from_record(PersonKind::Elder, e)).collect();
    people.extend(cases.iter().map(|c| from_record(PersonKind::Case, c)));
    people.push(walk_in("Гаврилова Зинаида Петровна", "г. Югорск, ул. Гастелло, д. 12, кв. 7", "+79505123344"));
    people.push(walk_in("Мельников Олег Викторович", "г. Югорск, ул. Ленина, д. 41, кв. 18", "+79825557711"));
    people.push(walk_in("Сафина Гульнара Ринатовна", "г. Югорск, ул. Калинина, д. 3, кв. 52", "+79320014455"));

    // (kind, issued days ago, term in days, basis): the beds all out; two loans past their date.
    let loans: &[(AidKind, i64, i64, Basis)] = &[
        (AidKind::Bed, 80, 92, Basis::Ipra),
        (AidKind::Bed, 60, 92, Basis::Doctor),
        (AidKind::Bed, 40, 92, Basis::Ipra),
        (AidKind::Bed, 20, 92, Basis::Decision),
        (AidKind::Wheelchair, 100, 92, Basis::Ipra),
        (AidKind::Wheelchair, 30, 60, Basis::Doctor),
        (AidKind::Wheelchair, 12, 92, Basis::Ipra),
        (AidKind::Walker, 95, 90, Basis::Doctor),
        (AidKind::Walker, 14, 92, Basis::Decision),
        (AidKind::Crutches, 25, 45, Basis::Doctor),
        (AidKind::BathChair, 50, 92, Basis::Decision),
        (AidKind::ToiletChair, 35, 92, Basis::Ipra),
        (AidKind::Mattress, 18, 92, Basis::Ipra),
        (AidKind::Rollator, 7, 92, Basis::Decision),
        (AidKind::Cane, 70, 30, Basis::Decision),
        (AidKind::Crutches, 60, 30, Basis::Doctor),
    ];
    let calendar = app::calendar::ProductionCalendar::from_exceptions(&app::calendar::repo::exceptions(db).await?);
    let mut issued = Vec::new();
    for (i, (kind, ago, term, basis)) in loans.iter().enumerate() {
        let Some(person) = people.get(i % people.len().max(1)).cloned() else { break };
        let items = repo::stock(db).await?;
        let Some(item) = items.into_iter().find(|it| it.kind == *kind && it.is_free() && it.reserved_for.is_none())
        else {
            continue;
        };
        let issued_on = today - Duration::days(*ago);
        let due_on = app::rental::rules::working_day_from(&calendar, issued_on + Duration::days(*term));
        let worker = staff.caseworkers.get(i % staff.caseworkers.len().max(1)).map(|(_, w)| w).unwrap_or(supervisor);
        let (content, district) = resolve_person(db, supervisor, &person).await?;
        let loan = ValidLoan {
            item: item.id.clone(),
            person,
            basis: *basis,
            basis_note: (*basis == Basis::Ipra)
                .then(|| format!("ИПРА № {}.5.86/2026 от {}", 1100 + i, issued_on.format("%d.%m.%Y"))),
            issued_on,
            due_on,
            deposit: (i % 5 == 0).then_some(1500),
            wait: None,
        };
        let text = format!("Демо-данные: выдано {}", item.inventory_no);
        let id = repo::issue(db, worker, &loan, content, district, &item, line(worker, text)).await?;
        issued.push((id, *ago, due_on));
    }
    // The cane and the second crutches came back (in good order and for repair); a walker overdue
    // since its term ended stays out, as does the first wheelchair.
    for (id, ago, _) in issued.iter().filter(|(_, ago, _)| *ago == 70 || *ago == 60) {
        let Some(loan) = repo::loan(db, id).await? else { continue };
        if loan.kind == AidKind::Bed {
            continue;
        }
        let (condition, note) = if loan.kind == AidKind::Crutches {
            (Condition::Repair, Some("Треснул наконечник, нужна замена".to_string()))
        } else {
            (Condition::Good, None)
        };
        let back: NaiveDate = today - Duration::days(ago - 28);
        repo::take_back(db, supervisor, &loan, back, condition, note, line(supervisor, "Демо-данные: возврат".into()))
            .await?;
    }
    // People waiting for a bed and for the lifter (in repair).
    let waiting = [
        (
            AidKind::Bed,
            walk_in("Латыпова Раиса Гумеровна", "г. Югорск, ул. Садовая, д. 7", "+79505550102"),
            "После инсульта, выписка 10-го",
        ),
        (AidKind::Bed, walk_in("Ершов Николай Фёдорович", "г. Югорск, ул. Мира, д. 22, кв. 3", "+79825550177"), ""),
        (
            AidKind::Lifter,
            walk_in("Кравец Валентина Андреевна", "г. Югорск, ул. Попова, д. 15, кв. 9", "+79320550121"),
            "Ухаживает за мужем, инвалид I группы",
        ),
    ];
    for (i, (kind, person, note)) in waiting.into_iter().enumerate() {
        let worker = staff.caseworkers.get(i).map(|(_, w)| w).unwrap_or(supervisor);
        let (content, district) = resolve_person(db, supervisor, &person).await?;
        let entry = ValidWait { kind, person, note: (!note.is_empty()).then(|| note.to_string()) };
        let id =
            repo::add_wait(db, worker, &entry, content, district, line(worker, "Демо-данные: очередь".into())).await?;
        // Written down over the last weeks: who came first waits longest.
        let since = app::time::start_of_local_day(today - Duration::days(16 - 5 * i as i64))
            + Duration::minutes(9 * 60 + 40 + 75 * i as i64);
        db.query("UPDATE type::record('aid_wait', $id) SET since = $since")
            .bind(("id", id))
            .bind(("since", since))
            .await?
            .check()?;
    }
    Ok(number)
}

async fn keys(db: &Db, statement: &str) -> Result<Vec<String>, SeedError> {
    let mut response = db.query(statement).await?;
    Ok(response.take(0)?)
}
