//! The territory resource map at the size of a region: fills an embedded (SurrealKV, on disk)
//! database with demo partners and their branches, then times what the pages ask for — searches
//! in Russian word forms, a filter by kind of help and district, the registry's first page, the
//! coverage table, one district passport — and the plainest SurrealQL full-text query, so the
//! figures show the app's own cost.
//!
//! `cargo bench -p server --bench resources` · PARTNERS (default 2000) · RUNS (default 20) ·
//! BENCH_DIR (keeps the filled database between runs).

use app::auth::users::{create_user, NewUser};
use app::auth::{CurrentUser, Role};
use app::db::Db;
use app::resources::repo;
use app::resources::types::PartnerQuery;
use app::resources::validate::ValidPartner;
use chrono::Utc;
use opora_server::db::{embedded_url, open, ServerAuth};
use opora_server::seed::resources::demo_partners;
use std::time::Instant;

mod common;
use common::{env_number, measure, raw, Figures};

async fn supervisor(db: &Db) -> CurrentUser {
    let (login, name) = ("chief", "Морозова Татьяна Ивановна");
    let existing: Vec<String> = db
        .query("SELECT VALUE record::id(id) FROM user WHERE login = $login")
        .bind(("login", login.to_string()))
        .await
        .expect("user lookup")
        .take(0)
        .expect("ids");
    let id = match existing.into_iter().next() {
        Some(id) => id,
        None => create_user(
            db,
            &NewUser {
                login: login.into(),
                full_name: name.into(),
                position: String::new(),
                roles: vec![Role::Supervisor],
                districts: vec![],
                password: "Замер-производительности-2026".into(),
                must_change_password: false,
            },
        )
        .await
        .expect("user"),
    };
    CurrentUser {
        id,
        login: login.into(),
        full_name: name.into(),
        roles: vec![Role::Supervisor],
        districts: vec![],
        must_change_password: false,
    }
}

async fn partners_in(db: &Db) -> usize {
    let count: Option<serde_json::Value> =
        db.query("SELECT count() AS n FROM partner GROUP ALL").await.expect("count").take(0).expect("count");
    count.and_then(|v| v["n"].as_u64()).unwrap_or(0) as usize
}

async fn bench(wanted: usize, runs: usize, dir: &std::path::Path) -> Vec<Figures> {
    let db =
        open(&embedded_url(dir, opora_server::db::Engine::from_env()), &ServerAuth::default()).await.expect("database");
    let chief = supervisor(&db).await;
    let today = app::time::local_today(Utc::now());
    let help_kinds = repo::help_kinds(&db).await.expect("help kinds");
    let have = partners_in(&db).await;
    if have < wanted {
        eprintln!("Заполняю {}: {} партнёров", dir.display(), wanted - have);
        let start = Instant::now();
        // The demo organisations first, then their branches; those already written are skipped.
        let all = demo_partners(wanted, today, &help_kinds).expect("demo partners");
        let missing: Vec<ValidPartner> = all.into_iter().skip(have).collect();
        let mut done = 0;
        for chunk in missing.chunks(200) {
            let batch: Vec<repo::Imported> =
                chunk.iter().cloned().map(|partner| repo::Imported { current: None, partner }).collect();
            repo::import(&db, &chief, &batch, &help_kinds, Utc::now()).await.expect("import");
            done += chunk.len();
            eprintln!("  загружено {done} из {} ({:.0} с)", missing.len(), start.elapsed().as_secs_f64());
        }
    }
    let total = partners_in(&db).await;
    let label = |s: &str| format!("{total} партнёров: {s}");
    let mut figures = Vec::new();

    let queries: Vec<(&str, PartnerQuery)> = vec![
        ("поиск «юрист»", PartnerQuery { text: "юрист".into(), ..Default::default() }),
        (
            "поиск «психологическая помощь»",
            PartnerQuery { text: "психологическая помощь".into(), ..Default::default() },
        ),
        (
            "поиск «дрова Лесозаготовителей»",
            PartnerQuery { text: "дрова Лесозаготовителей".into(), ..Default::default() },
        ),
        (
            "юридическая помощь на участке № 3",
            PartnerQuery { help: "legal".into(), district: "d3".into(), ..Default::default() },
        ),
        ("реестр без фильтров, первая страница", PartnerQuery::default()),
    ];
    for (name, query) in &queries {
        let list = repo::list(&db, &chief, query, today, repo::LIST_LIMIT).await.expect("list");
        // A fast wrong answer is no answer: the filters hold for every row.
        for p in &list.partners {
            assert!(!p.archived, "{name}: an archived partner");
            if !query.help.is_empty() {
                assert!(p.help.contains(&query.help), "{name}: {} gives no such help", p.name);
            }
            if !query.district.is_empty() {
                assert!(p.districts.is_empty() || p.districts.contains(&query.district), "{name}: {}", p.name);
            }
        }
        if query.text.is_empty() {
            assert!(list.partners.windows(2).all(|w| w[0].name <= w[1].name), "{name}: not in the order of names");
        }
        eprintln!("  {name}: строк {}{}", list.partners.len(), if list.more { ", есть ещё" } else { "" });
        figures.push(measure(&label(name), runs, |_| repo::list(&db, &chief, query, today, repo::LIST_LIMIT)).await);
    }
    let lawyers = repo::list(&db, &chief, &queries[0].1, today, repo::LIST_LIMIT).await.expect("list");
    assert!(!lawyers.partners.is_empty(), "«юрист» found nothing");

    let coverage = repo::coverage(&db).await.expect("coverage");
    eprintln!(
        "  покрытие: {} видов помощи × {} участков, пробелов {}",
        coverage.help_kinds.len(),
        coverage.districts.len(),
        coverage.gaps()
    );
    figures.push(measure(&label("покрытие: виды помощи × участки"), runs, |_| repo::coverage(&db)).await);

    let passport = repo::passport(&db, &chief, "d3", today).await.expect("passport");
    eprintln!("  паспорт участка № 3: партнёров {}, пробелов {}", passport.partners.len(), passport.gaps.len());
    figures.push(measure(&label("паспорт участка № 3"), runs, |_| repo::passport(&db, &chief, "d3", today)).await);

    figures.push(
        measure(&label("  голый SurrealQL: search_text @@ 'юрист'"), runs, |_| {
            raw(&db, "SELECT id FROM partner WHERE search_text @@ 'юрист'")
        })
        .await,
    );
    drop(db);
    figures
}

#[tokio::main]
async fn main() {
    let wanted = env_number("PARTNERS", 2000);
    let runs = env_number("RUNS", 20);
    let (root, remove) = match std::env::var("BENCH_DIR") {
        Ok(dir) => (std::path::PathBuf::from(dir), false),
        Err(_) => (std::env::temp_dir().join(format!("opora-resources-bench-{}", std::process::id())), true),
    };
    let figures = bench(wanted, runs, &root.join(format!("partners-{wanted}"))).await;
    println!();
    println!("Карта ресурсов: SurrealKV на диске, {runs} замеров на строку");
    println!("{:<75} {:>12} {:>10}", "запрос", "медиана, мс", "p95, мс");
    for f in &figures {
        println!("{:<75} {:>12.1} {:>10.1}", f.name, f.median_ms, f.p95_ms);
    }
    if remove {
        let _ = std::fs::remove_dir_all(&root);
    }
}
