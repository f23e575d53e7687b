//! The demo social taxi: a week of requests around today — on each working day from four days
//! back to four days ahead four to six rides to the hospital, the МСЭ bureau, the МФЦ and the
//! complex centre, for people of the registry 55+, of cases and walk-ins, some in a wheelchair or
//! with an escort; two crews (a GAZelle with a lift and a Largus) whose times never overlap. Past
//! rides are done (one cancelled), today's and tomorrow's confirmed (one still waiting), later
//! ones requested. Requests go through the same transactions as the pages'.

use super::common::{DemoStaff, SeedError};
use app::audit::ssr::{Actor, AuditLine};
use app::audit::AuditAction;
use app::auth::CurrentUser;
use app::db::Db;
use app::people::repo::resolve_person;
use app::people::rules::ValidPerson;
use app::people::types::PersonKind;
use app::taxi::repo;
use app::taxi::rules::{ValidConfirm, ValidRide};
use app::taxi::types::{Purpose, RideStatus};
use chrono::{DateTime, Duration, Utc};

/// The two crews: driver and vehicle.
const CREWS: [(&str, &str); 2] = [
    ("Кондратьев Сергей Иванович", "ГАЗель Next с подъёмником, А412КМ 186"),
    ("Шарипов Ренат Маратович", "Lada Largus, В735ОР 186"),
];

/// The day's slots: pickup, minutes the car is taken, crew, purpose, wheelchair, escort.
const SLOTS: [(&str, i64, usize, Purpose, bool, bool); 6] = [
    ("08:30", 90, 0, Purpose::Hospital, true, true),
    ("09:00", 60, 1, Purpose::Mfc, false, false),
    ("10:30", 120, 1, Purpose::Mse, false, true),
    ("11:00", 60, 0, Purpose::Hospital, true, false),
    ("13:30", 60, 0, Purpose::Social, false, false),
    ("14:00", 90, 1, Purpose::Hospital, false, true),
];

/// Where each purpose goes: the institution and its address.
fn place(purpose: Purpose) -> (&'static str, &'static str) {
    match purpose {
        Purpose::Hospital => ("БУ «Югорская городская больница», поликлиника", "г. Югорск, ул. Попова, 29"),
        Purpose::Mse => ("Бюро МСЭ № 11 (освидетельствование)", "г. Югорск, ул. Попова, 25"),
        Purpose::Mfc => ("Филиал АУ «МФЦ Югры» в г. Югорске", "г. Югорск, ул. Механизаторов, 2"),
        Purpose::Social => ("БУ «Югорский КЦСОН», отделение дневного пребывания", "г. Югорск, ул. Менделеева, 23"),
        Purpose::Other => ("", "г. Югорск"),
    }
}

fn line(user: &CurrentUser, text: &str) -> AuditLine {
    AuditLine::new(&Actor::user(user), AuditAction::Create, Some("taxi".into()), format!("Демо-данные: {text}"), vec![])
}

fn walk_in(name: &str, address: &str, phone: &str) -> ValidPerson {
    ValidPerson {
        kind: PersonKind::WalkIn,
        record: None,
        full_name: name.into(),
        address: address.into(),
        phone: Some(phone.into()),
        document: None,
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

/// Fills the social taxi when it has no requests; how many it registered.
pub async fn seed_taxi(db: &Db, staff: &DemoStaff, now: DateTime<Utc>) -> Result<usize, SeedError> {
    let mut existing = db.query("SELECT VALUE id FROM taxi_ride LIMIT 1").await?;
    let any: Vec<surrealdb::types::Value> = existing.take(0)?;
    if !any.is_empty() {
        return Ok(0);
    }
    let today = app::time::local_today(now);
    let calendar = app::calendar::ProductionCalendar::from_exceptions(&app::calendar::repo::exceptions(db).await?);
    let supervisor = &staff.supervisor;
    let dispatcher = &staff.dispatcher;
    let elders =
        keys(db, "SELECT VALUE record::id(id) FROM elder WHERE in_registry = true ORDER BY id LIMIT 14 START 12")
            .await?;
    let cases =
        keys(db, "SELECT VALUE record::id(id) FROM case_file WHERE stage != 'closed' ORDER BY number LIMIT 4 START 4")
            .await?;
    let mut people: Vec<ValidPerson> = elders.iter().map(|e| from_record(PersonKind::Elder, e)).collect();
    people.extend(cases.iter().map(|c| from_record(PersonKind::Case, c)));
    people.push(walk_in("Ахметова Нурия Габдулловна", "г. Югорск, ул. Гастелло, д. 21, кв. 5", "+79505124411"));
    people.push(walk_in("Головин Виктор Степанович", "г. Югорск, ул. Железнодорожная, д. 35", "+79825551290"));
    people.push(walk_in("Панова Лидия Фёдоровна", "г. Югорск, ул. Чкалова, д. 7, кв. 12", "+79320017788"));
    people.push(walk_in("Руденко Анатолий Петрович", "г. Югорск, ул. 40 лет Победы, д. 11, кв. 3", "+79505557012"));

    // The working days from four back to four ahead.
    let mut days = Vec::new();
    let mut d = today - Duration::days(6);
    while d <= today + Duration::days(6) {
        if calendar.is_working_day(d) && (d - today).num_days().abs() <= 6 {
            days.push(d);
        }
        d += Duration::days(1);
    }
    let days: Vec<_> =
        days.into_iter().filter(|d| (*d - today).num_days() >= -4 && (*d - today).num_days() <= 4).collect();

    let mut made = 0;
    let mut who = 0;
    for (di, day) in days.iter().enumerate() {
        let count = 4 + (di % 3);
        for (si, (time, minutes, crew, purpose, wheelchair, escort)) in SLOTS.iter().take(count).enumerate() {
            let Some(person) = people.get(who % people.len().max(1)).cloned() else { break };
            who += 1;
            let (destination, to_address) = place(*purpose);
            let start = app::taxi::types::parse_time(time).unwrap_or(9 * 60);
            let ride = ValidRide {
                person,
                purpose: *purpose,
                destination: destination.into(),
                from_address: None,
                to_address: to_address.into(),
                day: *day,
                time: (*time).into(),
                start,
                minutes: *minutes,
                return_trip: si % 2 == 0,
                wheelchair: *wheelchair,
                escort: *escort,
                escort_name: (*escort && si == 0).then(|| "дочь".to_string()),
                note: (*purpose == Purpose::Mse).then(|| "Взять направление и ИПРА".to_string()),
            };
            let (content, district) = resolve_person(db, supervisor, &ride.person).await?;
            let id =
                repo::create(db, dispatcher, &ride, content, district, line(dispatcher, "заявка на такси")).await?;
            made += 1;
            let offset = (*day - today).num_days();
            // Later days stay requests; today one waits; one past ride was cancelled.
            let status = match (offset, si) {
                (o, _) if o >= 2 => RideStatus::Requested,
                (0, 3) | (1, 4) => RideStatus::Requested,
                (o, 2) if o < 0 && di == 1 => RideStatus::Cancelled,
                (o, _) if o < 0 => RideStatus::Done,
                _ => RideStatus::Confirmed,
            };
            let Some(stored) = repo::ride(db, &id).await? else { continue };
            match status {
                RideStatus::Requested => {}
                RideStatus::Cancelled => {
                    repo::cancel(
                        db,
                        dispatcher,
                        &stored,
                        "Пассажир заболел, приём перенесён",
                        line(dispatcher, "отмена"),
                    )
                    .await?;
                }
                RideStatus::Confirmed | RideStatus::Done => {
                    let (driver, vehicle) = CREWS[*crew];
                    let crew = ValidConfirm { driver: driver.into(), vehicle: vehicle.into(), shared: false };
                    repo::confirm(db, dispatcher, &stored, &crew, line(dispatcher, "подтверждение")).await?;
                    if status == RideStatus::Done {
                        if let Some(confirmed) = repo::ride(db, &id).await? {
                            repo::done(db, dispatcher, &confirmed, line(dispatcher, "выполнена")).await?;
                        }
                    }
                }
            }
        }
    }
    Ok(made)
}

async fn keys(db: &Db, statement: &str) -> Result<Vec<String>, SeedError> {
    let mut response = db.query(statement).await?;
    Ok(response.take(0)?)
}
