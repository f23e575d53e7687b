//! `opora generate --scale N`: fills a database with the data of a region, deterministic by
//! seed, for benchmarks, load and fault tests. Scale 1 is about 100 000 journal entries,
//! 20 000 cases with some 50 000 persons, 2 000 partners, 5 000 routes of СВО families (about
//! a quarter of the cases are such families past intake), an application for every case past the
//! appeal, 10 000 inspection acts and 60 accounts; scale 10 is ten
//! times that (accounts grow with it). Everything goes through the same functions the server
//! uses, in batches. The same seed gives the same data; a run that was stopped (scale 10 takes
//! hours on two cores) resumes when started again, with the rest of the data.

use crate::seed::cases::seed_cases_with;
use crate::seed::data::Sex;
use crate::seed::{demo_appeal, people, scenario_weight, working_moment, DemoStaff, SeedError};
use app::acts::types::{ActContent, ActMember};
use app::auth::users::{create_user, NewUser};
use app::auth::{CurrentUser, Role};
use app::db::{take_rows, Db};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Deserialize;
use std::time::Instant;

/// A region's caseload has more СВО families than the demo department: with this much extra
/// weight on the two СВО kinds they are about 44 % of the cases, and those past intake (58 % of
/// all) about a quarter, which is where the 5 000 routes of scale 1 come from.
const SVO_EXTRA_WEIGHT: u32 = 14;

/// How much of everything a scale makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Volume {
    pub journal: usize,
    pub cases: usize,
    pub partners: usize,
    pub routes: usize,
    pub acts: usize,
    /// Caseworkers per district; with the supervisors, dispatchers, psychologists, lawyers and
    /// the administrator, 60 accounts at scale 1.
    pub caseworkers_per_district: usize,
}

impl Volume {
    pub fn of(scale: f64) -> Volume {
        let n = |base: f64| ((base * scale).round() as usize).max(1);
        Volume {
            journal: n(100_000.0),
            cases: n(20_000.0),
            partners: n(2_000.0),
            routes: n(5_000.0),
            acts: n(10_000.0),
            caseworkers_per_district: n(8.0),
        }
    }
}

/// What was made.
#[derive(Debug, Default, Clone)]
pub struct Generated {
    pub users: usize,
    pub journal: usize,
    pub cases: usize,
    pub persons: usize,
    pub partners: usize,
    pub routes: usize,
    pub acts: usize,
    pub applications: usize,
    pub seconds: f64,
}

async fn account(
    db: &Db,
    login: String,
    name: String,
    role: Role,
    districts: Vec<String>,
    password: &str,
) -> Result<CurrentUser, SeedError> {
    let found: Vec<String> = db
        .query("SELECT VALUE record::id(id) FROM user WHERE login = $login")
        .bind(("login", login.clone()))
        .await?
        .take(0)?;
    let id = match found.into_iter().next() {
        Some(id) => id,
        None => {
            create_user(
                db,
                &NewUser {
                    login: login.clone(),
                    full_name: name.clone(),
                    position: String::new(),
                    roles: vec![role],
                    districts: districts.clone(),
                    password: password.to_string(),
                    must_change_password: false,
                },
            )
            .await?
        }
    };
    Ok(CurrentUser { id, login, full_name: name, roles: vec![role], districts, must_change_password: false })
}

/// A name for a generated account: a woman of 25 to 60, as most of the staff of such a
/// department are.
fn staff_name(rng: &mut StdRng, today: chrono::NaiveDate) -> String {
    let set = people::town_set(rng);
    people::citizen(rng, set, Sex::Female, [25, 60], today).full_name()
}

/// The logins of generated accounts: `gen-chief1`, `gen-desk1`, `gen-w<district><n>`, … All
/// share `password`.
pub async fn generate(
    db: &Db,
    scale: f64,
    seed: u64,
    password: &str,
    progress: &dyn Fn(&str),
) -> Result<Generated, SeedError> {
    let volume = Volume::of(scale);
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut report = Generated::default();
    let now = Utc::now();
    let today = app::time::local_today(now);

    // Accounts.
    let mut supervisors = Vec::new();
    for n in 1..=2 {
        supervisors.push(
            account(db, format!("gen-chief{n}"), staff_name(&mut rng, today), Role::Supervisor, vec![], password)
                .await?,
        );
    }
    let mut dispatchers = Vec::new();
    for n in 1..=4 {
        dispatchers.push(
            account(db, format!("gen-desk{n}"), staff_name(&mut rng, today), Role::Dispatcher, vec![], password)
                .await?,
        );
    }
    let mut caseworkers = Vec::new();
    for district in 1..=6i64 {
        for n in 1..=volume.caseworkers_per_district {
            let user = account(
                db,
                format!("gen-w{district}-{n}"),
                staff_name(&mut rng, today),
                Role::Caseworker,
                vec![format!("d{district}")],
                password,
            )
            .await?;
            caseworkers.push((district, user));
        }
    }
    for n in 1..=3 {
        account(db, format!("gen-psy{n}"), staff_name(&mut rng, today), Role::Psychologist, vec![], password).await?;
        account(db, format!("gen-law{n}"), staff_name(&mut rng, today), Role::Lawyer, vec![], password).await?;
    }
    account(db, "gen-admin".into(), staff_name(&mut rng, today), Role::Admin, vec![], password).await?;
    report.users = 2 + 4 + caseworkers.len() + 6 + 1;
    progress(&format!("учётные записи: {}", report.users));

    // The journal, oldest first over three years, in batches. A run that was stopped goes on
    // where it stopped: every phase counts what is there already.
    let weight = scenario_weight();
    let mut done = count(db, "journal_entry").await?.min(volume.journal);
    while done < volume.journal {
        let batch = (volume.journal - done).min(5000);
        let mut moments: Vec<DateTime<Utc>> = (0..batch)
            .map(|_| {
                let days_ago = rng.random_range(1..3 * 365);
                working_moment(&mut rng, now, days_ago)
            })
            .collect();
        moments.sort();
        let mut appeals = Vec::with_capacity(batch);
        for (i, moment) in moments.into_iter().enumerate() {
            let form = demo_appeal(&mut rng, now, moment, done + i, volume.journal, weight);
            appeals.push(app::journal::appeal::validate_appeal(&form, now).map_err(app::error::AppError::Validation)?);
        }
        let dispatcher = &dispatchers[(done / 5000) % dispatchers.len()];
        app::journal::repo::import(db, dispatcher, &mut appeals).await?;
        done += batch;
        progress(&format!("журнал: {done} из {} ({:.0} с)", volume.journal, started.elapsed().as_secs_f64()));
    }
    report.journal = done;

    // Cases with their members, stages, histories and deadlines.
    let staff = DemoStaff { supervisor: supervisors[0].clone(), caseworkers, dispatcher: dispatchers[0].clone() };
    let mut done = count(db, "case_file").await?.min(volume.cases);
    while done < volume.cases {
        let batch = (volume.cases - done).min(2000);
        done += seed_cases_with(db, &mut rng, &staff, batch, now, SVO_EXTRA_WEIGHT).await?;
        progress(&format!("случаи: {done} из {} ({:.0} с)", volume.cases, started.elapsed().as_secs_f64()));
    }
    report.cases = done;

    // Applications: one for every case past the appeal, in the journal of applications; the
    // clocks of the ИППСУ proposals then count from them.
    let mut batches = 0;
    loop {
        let made = crate::seed::applications::seed_applications_limited(db, &mut rng, &staff, now, 5000, 0).await?;
        if made == 0 {
            break;
        }
        batches += 1;
        progress(&format!("заявления: {} ({:.0} с)", count(db, "application").await?, started.elapsed().as_secs_f64()));
    }
    if batches > 0 {
        app::cases::repo::recompute_deadlines(db, &app::cases::repo::calendar(db).await?).await?;
    }
    report.applications = count(db, "application").await?;

    // Partners: the demo ones and their branches.
    crate::seed::resources::seed_resources(db, &supervisors[0], volume.partners, now).await?;
    report.partners = count(db, "partner").await?;
    progress(&format!("партнёры: {} ({:.0} с)", report.partners, started.elapsed().as_secs_f64()));

    // Routes of СВО families past intake.
    let routes_before = count(db, "case_route").await?;
    crate::seed::routes::seed_routes_limited(db, &supervisors[0], now, volume.routes.saturating_sub(routes_before))
        .await?;
    report.routes = count(db, "case_route").await?;
    progress(&format!("маршруты: {} ({:.0} с)", report.routes, started.elapsed().as_secs_f64()));

    // Inspection acts: every other one signed.
    inspection_acts(db, &staff, volume.acts, now, &mut rng).await?;
    report.acts = count(db, "inspection_act").await?;
    progress(&format!("акты обследования: {} ({:.0} с)", report.acts, started.elapsed().as_secs_f64()));

    let persons: Option<i64> =
        db.query("RETURN math::sum(SELECT VALUE array::len(members) FROM case_file)").await?.take(0)?;
    report.persons = persons.unwrap_or(0) as usize;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

async fn count(db: &Db, table: &str) -> Result<usize, SeedError> {
    let n: Option<i64> = db.query(format!("RETURN count(SELECT VALUE id FROM {table})")).await?.take(0)?;
    Ok(n.unwrap_or(0).max(0) as usize)
}

/// Acts for the first `count` cases that have none, filled as a caseworker would.
async fn inspection_acts(
    db: &Db,
    staff: &DemoStaff,
    count: usize,
    now: DateTime<Utc>,
    rng: &mut StdRng,
) -> Result<usize, SeedError> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        address: String,
        members: Vec<String>,
        categories: Vec<String>,
    }
    let mut response = db
        .query(
            "SELECT record::id(id) AS id, address, members.full_name AS members, categories FROM case_file
             WHERE stage != 'appeal' ORDER BY number LIMIT $count",
        )
        .bind(("count", count as i64))
        .await?;
    let rows: Vec<Row> = take_rows(&mut response, 0)?;
    let worker = &staff.caseworkers[0].1;
    let mut made = 0;
    for row in rows {
        let content = ActContent {
            inspected_on: (app::time::local_today(now) - Duration::days(rng.random_range(1..400)))
                .format("%Y-%m-%d")
                .to_string(),
            address: row.address,
            present: row.members.first().cloned().unwrap_or_default(),
            family_categories: row.categories,
            members: row.members.into_iter().map(|m| ActMember { full_name: m, ..Default::default() }).collect(),
            housing_type: ["apartment", "house"][rng.random_range(0..2)].into(),
            rooms: rng.random_range(1..5).to_string(),
            area: rng.random_range(28..95).to_string(),
            housing_condition: "satisfactory".into(),
            sanitary: "satisfactory".into(),
            climate: "favourable".into(),
            support_level: "basic".into(),
            support_form: "accompaniment".into(),
            commission: worker.full_name.clone(),
            housing_notes: "Печь исправна, дрова на зиму заготовлены частично".into(),
            ..Default::default()
        };
        match app::acts::repo::save(db, worker, &row.id, 0, &content, now).await {
            Ok(_) => made += 1,
            // The case has its act already (a second run over the same database).
            Err(app::error::AppError::Conflict(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(made)
}

/// Whether the database holds anything a generator run did not make: accounts other than the
/// generated ones («gen-…»), or records while no generated account exists.
pub async fn holds_other_data(db: &Db) -> Result<bool, surrealdb::Error> {
    let mut response = db
        .query(
            "RETURN count(SELECT VALUE id FROM user WHERE !string::starts_with(login, 'gen-'));
             RETURN count(SELECT VALUE id FROM user WHERE string::starts_with(login, 'gen-'));
             RETURN count(SELECT VALUE id FROM journal_entry LIMIT 1) + count(SELECT VALUE id FROM case_file LIMIT 1);",
        )
        .await?;
    let others: Option<i64> = response.take(0)?;
    let generated: Option<i64> = response.take(1)?;
    let records: Option<i64> = response.take(2)?;
    Ok(others.unwrap_or(0) > 0 || (generated.unwrap_or(0) == 0 && records.unwrap_or(0) > 0))
}
