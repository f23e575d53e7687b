//! The demo registry of «дворовый» social management: people 55+ and disabled people on each of
//! the six districts, with whom they live, their groups of special attention, months of contacts
//! with their caseworker, some not yet reached this month, and one dangerous situation the head
//! of the department has not yet acknowledged.

use super::common::{pick_weighted, working_moment_on, DemoStaff, SeedError};
use super::data::{self, Sex as DemoSex};
use super::people;
use app::audit::ssr::{Actor, AuditLine};
use app::audit::AuditAction;
use app::db::Db;
use app::elders::events::{InformWay, ValidEvent};
use app::elders::events_repo;
use app::elders::plan::{
    kcson_services, suggestions, validate_item, Contribution, GroupFit, HelpNeed, ItemKind, Period, PlanItemForm,
    ValidNeeds,
};
use app::elders::plan_repo;
use app::elders::repo::{self, ImportElder};
use app::elders::rules::{month_start, pension_day, target_age, validate_contact, ValidElder};
use app::elders::types::{AttentionGroup, AttentionMark, ContactForm, DisabilityGroup, Interest, Sex};
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::Rng;

fn demo_sex(sex: Sex) -> DemoSex {
    match sex {
        Sex::Female => DemoSex::Female,
        Sex::Male => DemoSex::Male,
    }
}

/// One person of a district's registry.
fn person(rng: &mut StdRng, district: i64, today: NaiveDate) -> ValidElder {
    let file = data::elders();
    let sex = if rng.random_bool(0.66) { Sex::Female } else { Sex::Male };
    let young_disabled = rng.random_bool(file.young_disabled_share);
    let ages = if young_disabled { [24, target_age(sex) - 1] } else { [target_age(sex), 91] };
    let set = people::town_set(rng);
    let who = people::citizen(rng, set, demo_sex(sex), ages, today);
    let disability = if young_disabled || rng.random_bool(file.disabled_share) {
        Some(
            *[DisabilityGroup::First, DisabilityGroup::Second, DisabilityGroup::Second, DisabilityGroup::Third]
                .choose(rng)
                .unwrap_or(&DisabilityGroup::Second),
        )
    } else {
        None
    };
    let lives: Vec<&data::LivesWith> =
        file.lives_with.iter().filter(|l| l.sex.is_none_or(|s| s == demo_sex(sex))).collect();
    let lives = pick_weighted(rng, &lives, |l| l.weight);
    let mut marks = Vec::new();
    let since = |rng: &mut StdRng| today - Duration::days(rng.random_range(30..900));
    if lives.alone {
        marks.push(AttentionMark { group: AttentionGroup::Alone, since: since(rng), note: None });
    }
    let retired = pension_day(sex, who.born);
    if retired <= today && retired > today - Duration::days(365) {
        marks.push(AttentionMark {
            group: AttentionGroup::RecentlyRetired,
            since: retired,
            note: Some("вышел(ла) на пенсию по возрасту".into()),
        });
    }
    for mark in &file.marks {
        if marks.iter().any(|m| m.group == mark.group) || !rng.random_bool(mark.share) {
            continue;
        }
        let note = mark.notes.choose(rng).cloned().filter(|n| !n.is_empty());
        marks.push(AttentionMark { group: mark.group, since: since(rng), note });
    }
    let mut phones = vec![];
    if rng.random_bool(0.9) {
        phones.push(people::mobile_phone(rng));
    }
    if rng.random_bool(0.3) {
        if let Ok(p) = app::phone::normalize_phone(&people::spoken_phone(rng)) {
            if !phones.contains(&p) {
                phones.push(p);
            }
        }
    }
    ValidElder {
        full_name: who.full_name(),
        sex,
        birth_date: who.born,
        disability,
        disability_since: disability.map(|_| today - Duration::days(rng.random_range(200..6000))),
        address: people::address(rng, district),
        district: format!("d{district}"),
        phones,
        messenger: rng.random_bool(0.4).then(|| file.messengers.choose(rng).cloned()).flatten(),
        lives_with: lives.text.clone(),
        consent_on: today - Duration::days(rng.random_range(40..700)),
        marks,
        interests: interests(rng),
        case: None,
        notes: None,
        left_reason: None,
    }
}

/// One to three interests of a person's needs card.
fn interests(rng: &mut StdRng) -> Vec<Interest> {
    let count = rng.random_range(1..=3);
    let mut chosen: Vec<Interest> = Interest::ALL.choose_multiple(rng, count).copied().collect();
    chosen.sort();
    chosen
}

/// A day of a month (its first day given) up to `last`, in working hours.
fn moment_in(rng: &mut StdRng, first: NaiveDate, last: NaiveDate) -> DateTime<Utc> {
    let days = (last - first).num_days().max(0);
    let day = first + Duration::days(rng.random_range(0..=days));
    working_moment_on(day, rng)
}

type DemoContactRow = (DateTime<Utc>, app::elders::types::ContactWay, Vec<app::elders::types::ContactPurpose>, String);

/// The contacts of a person over the last months, and this month's unless they are still to be
/// reached.
fn contacts(rng: &mut StdRng, today: NaiveDate, now: DateTime<Utc>) -> Vec<DemoContactRow> {
    let file = data::elders();
    let this_month = month_start(today);
    let mut out = Vec::new();
    let mut add = |rng: &mut StdRng, first: NaiveDate, last: NaiveDate| {
        let c = pick_weighted(rng, &file.contacts, |c| c.weight);
        let at = moment_in(rng, first, last).min(now - Duration::minutes(30));
        out.push((at, c.way, c.purposes.clone(), c.result.clone()));
    };
    for back in (1..=file.months_of_contacts).rev() {
        let first = this_month.checked_sub_months(Months::new(back)).unwrap_or(this_month);
        let last = first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(first);
        // Now and then a month was missed: that is what the round is there to prevent.
        if rng.random_bool(0.08) {
            continue;
        }
        add(rng, first, last);
        if rng.random_bool(0.2) {
            add(rng, first, last);
        }
    }
    if !rng.random_bool(data::elders().uncontacted_this_month) && today > this_month {
        add(rng, this_month, today - Duration::days(1));
    }
    out
}

/// Fills the registry of every district; how many people.
pub async fn seed_elders(db: &Db, rng: &mut StdRng, staff: &DemoStaff, now: DateTime<Utc>) -> Result<usize, SeedError> {
    let today = app::time::local_today(now);
    let file = data::elders();
    // Seeding again leaves a registry that is there as it is.
    let mut existing = db.query("SELECT count() AS n FROM elder GROUP ALL").await?;
    let count: Option<serde_json::Value> = existing.take(0)?;
    if count.and_then(|v| v.get("n").and_then(|n| n.as_u64())).unwrap_or(0) > 0 {
        // A registry seeded before the plans existed gets its demo plans once.
        seed_plans(db, staff, now).await?;
        return Ok(0);
    }
    let mut items = Vec::new();
    for (i, count) in file.per_district.iter().enumerate() {
        let district = i as i64 + 1;
        let by = staff
            .caseworkers
            .iter()
            .find(|(d, _)| *d == district)
            .map(|(_, w)| w.clone())
            .unwrap_or_else(|| staff.supervisor.clone());
        for _ in 0..*count {
            let elder = person(rng, district, today);
            items.push(ImportElder { elder, contacts: contacts(rng, today, now), by: by.clone() });
        }
    }
    let total = repo::import(db, items, now).await?;
    raise_an_alert(db, staff, now).await?;
    find_needs(db, staff, now).await?;
    seed_events(db, rng, staff, now).await?;
    seed_plans(db, staff, now).await?;
    Ok(total)
}

/// Needs cards and individual plans of a few people of every district (seed 002 §3.1.6): the
/// card by their interests, and for the current month, quarter and year items taken from the
/// suggestions, some of them marked done or not done. Nothing is added when any needs card is
/// there already, so seeding again leaves the plans as they are.
async fn seed_plans(db: &Db, staff: &DemoStaff, now: DateTime<Utc>) -> Result<(), SeedError> {
    const PER_DISTRICT: usize = 6;
    let mut existing = db.query("SELECT count() AS n FROM elder_needs_card GROUP ALL").await?;
    let count: Option<serde_json::Value> = existing.take(0)?;
    if count.and_then(|v| v.get("n").and_then(|n| n.as_u64())).unwrap_or(0) > 0 {
        return Ok(());
    }
    let today = app::time::local_today(now);
    let [month, quarter, year] = Period::containing(today);
    let mut n = 0usize;
    for (district, worker) in &staff.caseworkers {
        let mut found = db
            .query(format!(
                "SELECT VALUE record::id(id) FROM elder WHERE district = district:d{district} AND in_registry = true
                     AND interests != [] ORDER BY full_name LIMIT {PER_DISTRICT}"
            ))
            .await?;
        let ids: Vec<String> = found.take(0)?;
        let sources = plan_repo::sources(db, &format!("d{district}"), today).await?;
        for id in ids {
            let Some(elder) = repo::get(db, &id).await? else { continue };
            n += 1;
            let volunteer = elder.interests.contains(&Interest::Volunteering);
            let needs = ValidNeeds {
                interests: elder.interests.clone(),
                priorities: elder.interests.iter().take(1).copied().collect(),
                preferences: Some(
                    ["Днём, недалеко от дома", "С подругой, по будням", "Утром, пока светло"][n % 3].into(),
                ),
                group_fit: [GroupFit::Yes, GroupFit::Limited, GroupFit::Yes, GroupFit::Individual][n % 4],
                help_needs: match n % 3 {
                    0 => vec![HelpNeed::Escort],
                    1 => vec![HelpNeed::Digital, HelpNeed::Company],
                    _ => vec![],
                },
                help_note: None,
                can_give: if volunteer || n.is_multiple_of(5) { vec![Contribution::SilverVolunteer] } else { vec![] },
                can_give_note: volunteer.then(|| "Готова помогать на мероприятиях и навещать соседей".to_string()),
            };
            let line = |summary: String| {
                AuditLine::new(
                    &Actor::user(worker),
                    AuditAction::Create,
                    Some(format!("elder:{}", elder.id)),
                    summary,
                    vec![],
                )
            };
            plan_repo::save_needs(
                db,
                worker,
                &elder,
                0,
                &needs,
                line(format!("Карта потребностей «{}»", elder.full_name)),
            )
            .await?;
            // The month's items from the suggestions, one for the quarter, one for the year.
            let mut forms: Vec<PlanItemForm> = suggestions(&elder.interests, &needs.priorities, month, &sources, &[])
                .into_iter()
                .filter(|s| s.form.period == month.code())
                .take(2)
                .map(|s| s.form)
                .collect();
            let quarterly = suggestions(&elder.interests, &needs.priorities, quarter, &sources, &[])
                .into_iter()
                .map(|s| s.form)
                .find(|f| f.period == quarter.code() && !forms.iter().any(|m| m.title == f.title));
            forms.extend(quarterly);
            let yearly = match needs.priorities.first() {
                Some(first) if !volunteer => kcson_services(*first).first().copied().unwrap_or("Школа безопасности"),
                _ => "Клуб «Серебряный волонтёр»",
            };
            forms.push(PlanItemForm {
                period: year.code(),
                kind: ItemKind::Service.code().into(),
                title: yearly.into(),
                ..Default::default()
            });
            for (i, form) in forms.iter().enumerate() {
                let item = validate_item(form, today).map_err(SeedError::invalid)?;
                let summary = format!("План «{}»: «{}»", elder.full_name, item.title);
                let key = plan_repo::create_item(db, worker, &elder, &item, line(summary.clone())).await?;
                // Some of the month's items are marked already.
                let done = match (i, n % 3) {
                    (0, 0) | (0, 1) => Some(true),
                    (1, 0) => Some(false),
                    _ => None,
                };
                if let Some(done) = done {
                    plan_repo::mark_item(db, worker, &key, 1, Some(done), line(summary)).await?;
                }
            }
        }
    }
    Ok(())
}

/// The month's events, the interest groups with their members, who was informed of each event
/// and who came to those already held.
async fn seed_events(db: &Db, rng: &mut StdRng, staff: &DemoStaff, now: DateTime<Utc>) -> Result<(), SeedError> {
    let file = data::elders();
    let first = month_start(app::time::local_today(now));
    let all: Vec<String> = (1..=6).map(|d| format!("d{d}")).collect();
    for g in &file.groups {
        let id = events_repo::create_group(db, &staff.supervisor, &g.name, g.theme, &g.leader).await?;
        let (fans, _) = repo::matching(db, &all, &[g.theme.code().to_string()], &[], 2000).await?;
        for person in fans.iter().filter(|_| rng.random_bool(0.25)) {
            events_repo::set_member(db, &person.id, &id, true).await?;
        }
    }
    for e in &file.events {
        let Some(day) = first.with_day(e.day) else { continue };
        let starts_at = app::time::start_of_local_day(day) + Duration::hours(i64::from(e.hour));
        let event = ValidEvent {
            title: e.title.clone(),
            kind: e.kind,
            topic: e.topic,
            starts_at,
            place: e.place.clone(),
            organiser: e.organiser.clone(),
            suits: e.suits.clone(),
            notes: None,
        };
        let id = events_repo::save_event(db, &staff.supervisor, "", 0, &event).await?;
        let suits: Vec<String> = e.suits.iter().map(|s| s.code().to_string()).collect();
        for (district, worker) in &staff.caseworkers {
            let mine = vec![format!("d{district}")];
            let (people, _) = repo::matching(db, &mine, &suits, &[], 500).await?;
            let informed: Vec<(String, String)> =
                people.into_iter().filter(|_| rng.random_bool(0.4)).map(|p| (p.id, p.district_id)).collect();
            let way = *InformWay::ALL.choose(rng).unwrap_or(&InformWay::Phone);
            events_repo::inform(db, worker, &id, &informed, way).await?;
            if starts_at < now {
                for (person, _) in informed.iter() {
                    let came = rng.random_bool(0.6);
                    events_repo::attend(db, &id, person, came).await?;
                }
            }
        }
    }
    Ok(())
}

/// Needs found this month and last on every district: the caseworkers' open tasks, one of them
/// already resolved.
async fn find_needs(db: &Db, staff: &DemoStaff, now: DateTime<Utc>) -> Result<(), SeedError> {
    const NEEDS: [(&str, &str, i64); 8] = [
        ("Печь дымит, нужен ремонт дымохода до морозов", "Живёт одна в частном доме, дрова заготовлены.", 30),
        ("Нужна помощь в оформлении ежемесячной денежной выплаты", "Документы есть, не может дойти до МФЦ.", 26),
        ("Хочет заниматься скандинавской ходьбой, нужны палки", "Интересуется группой здоровья.", 21),
        ("Нужен пункт проката: кресло-коляска после операции", "Выписан из больницы, передвигается с трудом.", 12),
        ("Требуется сопровождение к врачу-офтальмологу", "Плохо видит, сын в командировке.", 9),
        ("Просит помочь с подключением к интернету и видеосвязи с внуками", "Есть смартфон, не умеет пользоваться.", 6),
        ("Нужна помощь с уборкой снега во дворе", "Возраст 84 года, двор не чищен.", 3),
        ("Нужна консультация юриста по наследству", "Спор с родственниками о доме.", 1),
    ];
    let mut people = db
        .query("SELECT VALUE record::id(id) FROM elder WHERE in_registry = true AND case = NONE ORDER BY full_name LIMIT 400")
        .await?;
    let ids: Vec<String> = people.take(0)?;
    for (i, (need, result, days_ago)) in NEEDS.iter().enumerate() {
        let Some(id) = ids.get(i * 47 % ids.len().max(1)) else { return Ok(()) };
        let Some(elder) = repo::get(db, id).await? else { continue };
        let district: i64 = elder.district_id.trim_start_matches('d').parse().unwrap_or(1);
        let worker = staff
            .caseworkers
            .iter()
            .find(|(d, _)| *d == district)
            .map(|(_, w)| w.clone())
            .unwrap_or_else(|| staff.supervisor.clone());
        let at = now - Duration::days(*days_ago) - Duration::hours(2);
        let form = ContactForm {
            client_key: format!("demoneed{i}{}", now.timestamp()),
            at: app::time::to_datetime_local(at),
            way: if i % 2 == 0 { "visit" } else { "phone" }.into(),
            purposes: vec!["needs".into(), "help".into()],
            result: (*result).into(),
            need: (*need).into(),
            danger: String::new(),
        };
        let contact = validate_contact(&form, now).map_err(SeedError::invalid)?;
        let line = AuditLine::new(
            &Actor::user(&worker),
            AuditAction::Create,
            Some(format!("elder:{}", elder.id)),
            format!("Контакт с «{}»: выявлена потребность", elder.full_name),
            vec![],
        );
        repo::record_contact(db, &worker, &elder, &contact, line).await?;
    }
    // The oldest one is resolved already.
    db.query(
        "UPDATE elder_need SET open = false, outcome = 'help', outcome_note = 'Дымоход прочищен бригадой партнёра',
             closed_at = time::now(), closed_by_name = by_name
         WHERE text CONTAINS 'дымохода'",
    )
    .await?
    .check()?;
    Ok(())
}

/// One contact of this month that found a dangerous situation, not yet acknowledged.
async fn raise_an_alert(db: &Db, staff: &DemoStaff, now: DateTime<Utc>) -> Result<(), SeedError> {
    let Some((_, worker)) = staff.caseworkers.iter().find(|(d, _)| *d == 1) else { return Ok(()) };
    let mut found = db
        .query(
            "SELECT VALUE record::id(id) FROM elder WHERE district = district:d1 AND groups CONTAINS 'victim_risk'
             LIMIT 1",
        )
        .await?;
    let ids: Vec<String> = found.take(0)?;
    let Some(id) = ids.into_iter().next() else { return Ok(()) };
    let Some(elder) = repo::get(db, &id).await? else { return Ok(()) };
    let at = now - Duration::hours(3);
    let form = ContactForm {
        client_key: format!("demo{}", now.timestamp()),
        at: app::time::to_datetime_local(at),
        way: "phone".into(),
        purposes: vec!["support".into(), "needs".into()],
        result: "Звонили «из службы безопасности банка», просили назвать код из СМС. Код не назвала, испугана.".into(),
        need: "Провести беседу о мошенничестве, подключить родственников".into(),
        danger: "Мошенники звонят ежедневно, угрожают «блокировкой пенсии»; живёт одна. Нужно сообщить в полицию."
            .into(),
    };
    let contact = validate_contact(&form, now).map_err(SeedError::invalid)?;
    let line = AuditLine::new(
        &Actor::user(worker),
        AuditAction::Create,
        Some(format!("elder:{}", elder.id)),
        format!("Контакт с «{}»: сообщено заведующему об опасной ситуации", elder.full_name),
        vec![],
    );
    repo::record_contact(db, worker, &elder, &contact, line).await?;
    Ok(())
}
