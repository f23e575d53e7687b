//! Two raids of «Социальный патруль»: one held nine days ago on district 2 — a caseworker, a
//! district police officer and the commission on minors, three people and families met (an
//! appeal registered in the journal from one, one referred to the crisis centre, a teenager of a
//! family already on a case) — and one planned for next week in Yugorsk-2. Written through the
//! same repository functions as the pages.

use super::common::{DemoStaff, SeedError};
use app::audit::ssr::{Actor, AuditLine};
use app::audit::AuditAction;
use app::auth::CurrentUser;
use app::db::Db;
use app::patrol::repo;
use app::patrol::rules::{appeal_of, ValidRaid};
use app::patrol::types::{Met, Participant, ParticipantKind};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

fn line(user: &CurrentUser, text: &str) -> AuditLine {
    AuditLine::new(&Actor::user(user), AuditAction::Create, Some("patrol".into()), text, vec![])
}

fn staff_member(user: &CurrentUser) -> Participant {
    Participant {
        key: repo::fresh_key(),
        kind: ParticipantKind::Staff,
        user_id: Some(user.id.clone()),
        partner_id: None,
        full_name: user.full_name.clone(),
        position: "Специалист по социальной работе".into(),
        organisation: app::institution::INSTITUTION_SHORT.into(),
    }
}

fn police(name: &str, position: &str) -> Participant {
    Participant {
        key: repo::fresh_key(),
        kind: ParticipantKind::Police,
        user_id: None,
        partner_id: None,
        full_name: name.into(),
        position: position.into(),
        organisation: "ОМВД России по г. Югорску".into(),
    }
}

async fn partner(db: &Db, name: &str, person: &str, position: &str) -> Result<Option<Participant>, SeedError> {
    let id = partner_key(db, name).await?;
    Ok(id.map(|id| Participant {
        key: repo::fresh_key(),
        kind: ParticipantKind::Partner,
        user_id: None,
        partner_id: Some(id),
        full_name: person.into(),
        position: position.into(),
        organisation: name.into(),
    }))
}

async fn partner_key(db: &Db, name: &str) -> Result<Option<String>, SeedError> {
    let mut response = db
        .query("SELECT VALUE record::id(id) FROM partner WHERE name = $name LIMIT 1")
        .bind(("name", name.to_string()))
        .await?;
    let keys: Vec<String> = response.take(0)?;
    Ok(keys.into_iter().next())
}

#[allow(clippy::too_many_arguments)] // the columns of one line of the protocol
fn met(name: &str, age: Option<i64>, address: &str, family: &str, situation: &str, help: &str) -> Met {
    Met {
        key: repo::fresh_key(),
        full_name: name.into(),
        age,
        birth_date: None,
        address: address.into(),
        family: family.into(),
        situation: situation.into(),
        help: help.into(),
        journal_entry_id: None,
        journal_number: None,
        case_id: None,
        case_number: None,
        referred_partner_id: None,
        referred_to: String::new(),
    }
}

fn worker_of(staff: &DemoStaff, district: i64) -> &CurrentUser {
    staff.caseworkers.iter().find(|(d, _)| *d == district).map(|(_, w)| w).unwrap_or(&staff.supervisor)
}

/// Puts the two demo raids in when there are none; how many it wrote.
pub async fn seed_patrol(db: &Db, staff: &DemoStaff, now: DateTime<Utc>) -> Result<usize, SeedError> {
    let today = app::time::local_today(now);
    if !repo::list(db, today - Duration::days(400), today + Duration::days(400)).await?.is_empty() {
        return Ok(0);
    }
    let worker = worker_of(staff, 2);
    let held = ValidRaid {
        date: today - Duration::days(9),
        start_time: "18:00".into(),
        end_time: Some("21:30".into()),
        route:
            "ул. Мира, д. 14–28 (дворы, подъезды) — ул. Гастелло, д. 8–16 — ул. Садовая, д. 3–11 — сквер у ТЦ «Лайнер»"
                .into(),
        districts: vec!["d2".into()],
        purpose: Some(
            "Выявление семей с детьми в социально опасном положении и граждан без определённого места жительства"
                .into(),
        ),
    };
    let id = repo::create(db, worker, &held, line(worker, "Демо-данные: рейд «Социальный патруль»")).await?;
    let Some(mut raid) = repo::get(db, &id).await? else { return Ok(0) };
    raid.participants.push(staff_member(worker));
    raid.participants.push(police("Кириллов Денис Сергеевич", "участковый уполномоченный полиции"));
    if let Some(p) = partner(
        db,
        "Территориальная комиссия по делам несовершеннолетних и защите их прав при администрации города Югорска",
        "Лаптева Марина Олеговна",
        "ответственный секретарь",
    )
    .await?
    {
        raid.participants.push(p);
    }
    let mut mother = met(
        "Никитина Алёна Сергеевна",
        Some(34),
        "г. Югорск, ул. Гастелло, д. 12, кв. 40",
        "с двумя детьми 4 и 9 лет",
        "В квартире холодно: батареи отключены за долги, дети простужены. Мать не работает с лета, пособия не оформлены.",
        "Переданы продуктовый набор и тёплые детские вещи; разъяснены меры поддержки семей с детьми и социальный контракт.",
    );
    let mut man = met(
        "Мужчина, назвался Виктором",
        Some(52),
        "г. Югорск, ул. Мира, д. 22, подъезд 3",
        "",
        "Ночует в подъезде, документов нет, освободился из мест лишения свободы в октябре.",
        "Горячий чай, тёплая куртка; сопровождён до кризисного центра.",
    );
    if let Some(crisis) = partner_key(db, "АНО «Кризисный центр «Надежда»»").await? {
        man.referred_partner_id = Some(crisis);
        man.referred_to = "АНО «Кризисный центр «Надежда»»".into();
    }
    // The appeal registered in the journal from the mother, as «Зарегистрировать обращение» does.
    let form = appeal_of(&raid, &mother, now);
    let appeal = app::journal::appeal::validate_appeal(&form, now).map_err(SeedError::invalid)?;
    let entry = app::journal::repo::register(db, worker, &appeal).await?;
    mother.journal_entry_id = Some(entry.id.clone());
    mother.journal_number = Some(format!("№ {}/{}", entry.number, entry.year));
    raid.met.push(mother);
    raid.met.push(man);
    // A teenager of a family already on a case of the district.
    #[derive(Deserialize)]
    struct CaseRow {
        id: String,
        year: i64,
        number: i64,
        address: String,
    }
    let mut response = db
        .query(
            "SELECT record::id(id) AS id, year, number, address FROM case_file
             WHERE district = district:d2 AND stage != 'closed' ORDER BY number LIMIT 1",
        )
        .await?;
    let case: Option<CaseRow> = app::db::take_rows::<CaseRow>(&mut response, 0)?.into_iter().next();
    if let Some(case) = case {
        let mut teen = met(
            "Подросток, назвался Максимом",
            Some(14),
            &case.address,
            "",
            "В 21:40 во дворе с компанией старших подростков, запах алкоголя; мать по телефону не знала, где он.",
            "Доставлен домой, проведена беседа с матерью; сведения переданы куратору случая и в ПДН.",
        );
        teen.case_id = Some(case.id);
        teen.case_number = Some(app::cases::repo::case_number(case.year, case.number));
        raid.met.push(teen);
    }
    repo::save_lists(db, worker, &raid, line(worker, "Демо-данные: состав и встреченные")).await?;
    let Some(raid) = repo::get(db, &id).await? else { return Ok(1) };
    repo::hold(
        db,
        worker,
        &raid,
        "Обследовано 11 адресов и 2 места скопления подростков. Встречены 3 человека и семьи в трудной жизненной ситуации: \
         по семье Никитиных зарегистрировано обращение в журнале «Семейной диспетчерской», мужчина без определённого \
         места жительства направлен в кризисный центр, сведения о подростке переданы куратору случая и в ПДН. \
         Повторный рейд по ул. Гастелло — через месяц.",
        Some("21:30".into()),
        line(worker, "Демо-данные: рейд проведён"),
    )
    .await?;

    let worker = worker_of(staff, 4);
    let planned = ValidRaid {
        date: today + Duration::days(5),
        start_time: "17:30".into(),
        end_time: Some("20:30".into()),
        route: "мкр. Югорск-2: ул. Газовиков, д. 1–15 — ул. Железнодорожная (остановка, магазин «Северянка») — \
                ул. Строителей, дворы и детская площадка"
            .into(),
        districts: vec!["d4".into()],
        purpose: Some("Дети без присмотра в вечернее время, одинокие пожилые люди в неблагоустроенном жилье".into()),
    };
    let id = repo::create(db, worker, &planned, line(worker, "Демо-данные: запланирован рейд")).await?;
    if let Some(mut raid) = repo::get(db, &id).await? {
        raid.participants.push(staff_member(worker));
        raid.participants.push(police("Гайнуллин Ринат Фаритович", "инспектор по делам несовершеннолетних"));
        if let Some(p) = partner(db, "Волонтёрский штаб #МыВместе г. Югорска", "Соколова Дарья", "координатор").await?
        {
            raid.participants.push(p);
        }
        repo::save_lists(db, worker, &raid, line(worker, "Демо-данные: состав рейда")).await?;
    }
    Ok(2)
}
