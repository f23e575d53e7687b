//! The monthly round of the registry 55+ at the size of a department: fills an embedded
//! (SurrealKV, on disk) database with PEOPLE people over six districts — the first district
//! holds DISTRICT of them — each with a contact on one of the last 60 days, so those reached
//! this calendar month are as many as its days so far; then times what a caseworker opens many times a day — «who is not reached this
//! month» and its counter — for one district and for the whole department, each next to the
//! plain SurrealQL that reads the same rows.
//!
//! `cargo bench -p server --bench elders` · PEOPLE (default 30000) · DISTRICT (default 5000) ·
//! RUNS (default 30) · BENCH_DIR (keeps the filled database between runs).

use app::auth::{CurrentUser, Role};
use app::db::Db;
use app::elders::repo::{self, ImportElder};
use app::elders::rules::{month_start, ValidElder};
use app::elders::types::{ContactPurpose, ContactWay, Sex};
use chrono::{Duration, NaiveDate, Utc};
use opora_server::db::{embedded_url, open, ServerAuth};
use std::time::Instant;

mod common;
use common::{env_number, measure, raw, Figures};

async fn people_in(db: &Db) -> usize {
    let count: Option<serde_json::Value> =
        db.query("SELECT count() AS n FROM elder GROUP ALL").await.expect("count").take(0).expect("count");
    count.and_then(|v| v["n"].as_u64()).unwrap_or(0) as usize
}

/// The `i`-th person of the bench: in the first district up to `district`, then spread over the
/// other five; a contact some days back, about half of them this month.
fn person(i: usize, district: usize, today: NaiveDate, by: &CurrentUser) -> ImportElder {
    let d = if i < district { 1 } else { 2 + (i % 5) };
    let born =
        NaiveDate::from_ymd_opt(1935 + (i % 30) as i32, 1 + (i % 12) as u32, 1 + (i % 28) as u32).unwrap_or(today);
    let elder = ValidElder {
        full_name: format!("Замерова Анна {i}"),
        sex: Sex::Female,
        birth_date: born,
        disability: None,
        disability_since: None,
        address: format!("г. Югорск, ул. Ленина, д. {}, кв. {}", 1 + i % 44, 1 + i % 119),
        district: format!("d{d}"),
        phones: vec![format!("+7912{:07}", i)],
        messenger: None,
        lives_with: "одна".into(),
        consent_on: today,
        marks: vec![],
        interests: vec![],
        case: None,
        notes: None,
        left_reason: None,
    };
    let days_back = (i * 7919) % 60;
    let at = app::time::start_of_local_day(today - Duration::days(days_back as i64)) + Duration::hours(10);
    ImportElder {
        elder,
        contacts: vec![(at.min(Utc::now()), ContactWay::Phone, vec![ContactPurpose::Support], "Замер".into())],
        by: by.clone(),
    }
}

async fn bench(wanted: usize, district: usize, runs: usize, dir: &std::path::Path) -> Vec<Figures> {
    let db =
        open(&embedded_url(dir, opora_server::db::Engine::from_env()), &ServerAuth::default()).await.expect("database");
    let by = CurrentUser {
        id: "bench".into(),
        login: "bench".into(),
        full_name: "Замерова Анна Сергеевна".into(),
        roles: vec![Role::Caseworker],
        districts: vec!["d1".into()],
        must_change_password: false,
    };
    let today = app::time::local_today(Utc::now());
    let have = people_in(&db).await;
    if have < wanted {
        eprintln!("Заполняю {}: {} человек", dir.display(), wanted - have);
        let start = Instant::now();
        let mut done = 0;
        let missing: Vec<usize> = (have..wanted).collect();
        for chunk in missing.chunks(2000) {
            let items = chunk.iter().map(|i| person(*i, district, today, &by)).collect();
            repo::import(&db, items, Utc::now()).await.expect("import");
            done += chunk.len();
            eprintln!("  загружено {done} из {} ({:.0} с)", missing.len(), start.elapsed().as_secs_f64());
        }
    }
    let total = people_in(&db).await;
    let label = |s: &str| format!("{total} чел.: {s}");
    let one = vec!["d1".to_string()];
    let all: Vec<String> = (1..=6).map(|d| format!("d{d}")).collect();
    let options = app::districts::repo::list(&db).await.expect("districts");
    let mut figures = Vec::new();

    // A fast wrong answer is no answer: the round holds only people not reached this month, the
    // longest without a contact first, and the counter adds up.
    let start = month_start(today);
    let (rows, more) = repo::round(&db, &one, today, 500).await.expect("round");
    assert!(rows.iter().all(|r| r.last_contact_on.is_none_or(|d| d < start)), "a person reached this month");
    assert!(rows.windows(2).all(|w| w[0].last_contact_on <= w[1].last_contact_on), "not the longest first");
    let tallies = repo::tallies(&db, &one, today).await.expect("tallies");
    eprintln!(
        "  участок № 1: в реестре {}, охвачено {}, в списке {}{}",
        tallies[0].1,
        tallies[0].2,
        rows.len(),
        if more { " и ещё" } else { "" }
    );
    assert_eq!(tallies[0].1, district.min(total) as u64);

    figures.push(
        measure(&label("участок (5 000): кому не звонили, первые 500"), runs, |_| {
            repo::round(&db, &one, today, 500)
        })
        .await,
    );
    figures.push(measure(&label("участок: счётчик «N из M»"), runs, |_| repo::tallies(&db, &one, today)).await);
    figures.push(
        measure(
            &label("отделение (6 участков): кому не звонили, первые 500"),
            runs,
            |_| repo::round(&db, &all, today, 500),
        )
        .await,
    );
    figures.push(
        measure(&label("отделение: счётчики всех участков"), runs, |_| {
            repo::tallies(&db, &all, today)
        })
        .await,
    );
    figures.push(
        measure(
            &label("отделение: счётчики с именами специалистов"),
            runs,
            |_| repo::month_tallies(&db, &options, today),
        )
        .await,
    );

    let since = app::db::date_text(start);
    let plain = [
        (
            "  голый SurrealQL: участок, не было контакта, 500 строк",
            format!(
                "SELECT id, full_name, birth_date, address, phones, last_contact_on FROM elder
                 WHERE district = district:d1 AND in_registry = true AND last_contact_on < '{since}'
                 ORDER BY last_contact_on LIMIT 500"
            ),
        ),
        (
            "  голый SurrealQL: участок, два подсчёта",
            format!(
                "SELECT count() FROM elder WHERE district = district:d1 AND in_registry = true GROUP ALL;
                 SELECT count() FROM elder WHERE district = district:d1 AND in_registry = true
                     AND last_contact_on < '{since}' GROUP ALL"
            ),
        ),
        (
            "  голый SurrealQL: подсчёт обходом всего реестра (GROUP BY district)",
            format!(
                "SELECT district, count() AS n, count(last_contact_on < '{since}') AS left FROM elder
                 WHERE in_registry = true GROUP BY district"
            ),
        ),
    ];
    for (name, sql) in &plain {
        figures.push(measure(&label(name), runs, |_| raw(&db, sql)).await);
    }
    drop(db);
    figures
}

#[tokio::main]
async fn main() {
    let wanted = env_number("PEOPLE", 30_000);
    let district = env_number("DISTRICT", 5_000);
    let runs = env_number("RUNS", 30);
    let (root, remove) = match std::env::var("BENCH_DIR") {
        Ok(dir) => (std::path::PathBuf::from(dir), false),
        Err(_) => (std::env::temp_dir().join(format!("opora-elders-bench-{}", std::process::id())), true),
    };
    let figures = bench(wanted, district, runs, &root.join(format!("elders-{wanted}-{district}"))).await;
    println!();
    println!("Обход месяца 55+: SurrealKV на диске, {runs} замеров на строку");
    println!("{:<85} {:>12} {:>10}", "запрос", "медиана, мс", "p95, мс");
    for f in &figures {
        println!("{:<85} {:>12.1} {:>10.1}", f.name, f.median_ms, f.p95_ms);
    }
    if remove {
        let _ = std::fs::remove_dir_all(&root);
    }
}
