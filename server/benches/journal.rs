//! The journal at the size of a busy desk: fills an embedded (SurrealKV, on disk) database with
//! realistic appeals, then times what the journal page asks for — and the plainest SurrealQL
//! for the same rows, so the figures show the app's own cost over the database.
//!
//! `cargo bench -p server --bench journal` · ENTRIES (default 100000) · RUNS (default 30)
//! · BENCH_DIR (default: a fresh directory under the system temp dir, removed afterwards).

use app::auth::users::{create_user, NewUser};
use app::auth::{CurrentUser, Role};
use app::db::Db;
use app::journal::appeal::validate_appeal;
use app::journal::repo;
use app::journal::types::JournalQuery;
use chrono::{Duration, Utc};
use opora_server::db::{embedded_url, open, ServerAuth};
use opora_server::seed::{demo_appeal, scenario_weight, working_moment};
use rand::{Rng, SeedableRng};
use std::time::Instant;

mod common;
use common::{env_number, measure, raw};

async fn fill(db: &Db, entries: usize) -> CurrentUser {
    let id = create_user(
        db,
        &NewUser {
            login: "bench".into(),
            full_name: "Замерова Ирина Олеговна".into(),
            position: String::new(),
            roles: vec![Role::Dispatcher],
            districts: vec![],
            password: "Замер-производительности-2026".into(),
            must_change_password: false,
        },
    )
    .await
    .expect("user");
    let user = CurrentUser {
        id,
        login: "bench".into(),
        full_name: "Замерова Ирина Олеговна".into(),
        roles: vec![Role::Dispatcher],
        districts: vec![],
        must_change_password: false,
    };
    let mut rng = rand::rngs::StdRng::seed_from_u64(2026);
    let now = Utc::now();
    let weight = scenario_weight();
    let days = 3 * 365;
    let start = Instant::now();
    let mut done = 0;
    while done < entries {
        let batch = (entries - done).min(5000);
        let mut appeals = Vec::with_capacity(batch);
        for i in 0..batch {
            let days_ago = rng.random_range(1..days);
            let moment = working_moment(&mut rng, now, days_ago);
            let form = demo_appeal(&mut rng, now, moment, done + i, entries, weight);
            appeals.push(validate_appeal(&form, now).expect("generated appeal is valid"));
        }
        repo::import(db, &user, &mut appeals).await.expect("import");
        done += batch;
        eprintln!("  загружено {done} из {entries} ({:.0} с)", start.elapsed().as_secs_f64());
    }
    user
}

#[tokio::main]
async fn main() {
    let entries = env_number("ENTRIES", 100_000);
    let runs = env_number("RUNS", 30);
    let (dir, remove) = match std::env::var("BENCH_DIR") {
        Ok(dir) => (std::path::PathBuf::from(dir), false),
        Err(_) => (std::env::temp_dir().join(format!("opora-bench-{}", std::process::id())), true),
    };
    let db = open(&embedded_url(&dir, opora_server::db::Engine::from_env()), &ServerAuth::default())
        .await
        .expect("database");
    // `SQL="…" cargo bench …` times one query against the filled database and prints its plan.
    if let Ok(sql) = std::env::var("SQL") {
        let shown = if sql.trim_start().starts_with("SELECT") { format!("{sql} EXPLAIN") } else { sql.clone() };
        let plan: Option<serde_json::Value> = db.query(shown).await.expect("query").take(0).expect("result");
        println!("{}", serde_json::to_string_pretty(&plan).unwrap_or_default());
        let f = measure(&sql, runs, |_| raw(&db, &sql)).await;
        println!("медиана {:.1} мс, p95 {:.1} мс", f.median_ms, f.p95_ms);
        return;
    }
    let existing: Option<serde_json::Value> =
        db.query("SELECT count() AS n FROM journal_entry GROUP ALL").await.expect("count").take(0).expect("count");
    let have = existing.and_then(|v| v["n"].as_u64()).unwrap_or(0) as usize;
    let user = if have >= entries {
        eprintln!("База {} уже содержит {have} записей", dir.display());
        CurrentUser {
            id: String::new(),
            login: String::new(),
            full_name: String::new(),
            roles: vec![],
            districts: vec![],
            must_change_password: false,
        }
    } else {
        eprintln!("Заполняю {} записями журнала: {}", entries, dir.display());
        let start = Instant::now();
        let user = fill(&db, entries).await;
        eprintln!("  загрузка: {:.1} с", start.elapsed().as_secs_f64());
        user
    };

    let deep_cursor = {
        // The cursor of the 50th page, as a user paging back would reach it.
        let mut query = JournalQuery::default();
        for _ in 0..49 {
            let page = repo::list(&db, &query).await.expect("page");
            match page.older_cursor {
                Some(cursor) => query.older = cursor,
                None => break,
            }
        }
        query.older
    };
    let last_month = (Utc::now() - Duration::days(30)).format("%Y-%m-%d").to_string();
    let cases: Vec<(&str, JournalQuery, String)> = vec![
        (
            "первая страница, без фильтров",
            JournalQuery::default(),
            "SELECT * FROM journal_entry ORDER BY rev_key ASC LIMIT 51".into(),
        ),
        (
            "50-я страница (курсор)",
            JournalQuery { older: deep_cursor.clone(), ..Default::default() },
            format!(
                "SELECT * FROM journal_entry WHERE rev_key > '{}' ORDER BY rev_key ASC LIMIT 51",
                app::keys::rev_key(&deep_cursor)
            ),
        ),
        (
            "участок № 3",
            JournalQuery { district: "d3".into(), ..Default::default() },
            "SELECT * FROM journal_entry WHERE district = district:d3 ORDER BY rev_key ASC LIMIT 51".into(),
        ),
        (
            "только срочные",
            JournalQuery { urgent: "1".into(), ..Default::default() },
            "SELECT * FROM journal_entry WHERE urgent = true ORDER BY rev_key ASC LIMIT 51".into(),
        ),
        (
            "период: последние 30 дней",
            JournalQuery { from: last_month.clone(), ..Default::default() },
            "SELECT * FROM journal_entry WHERE received_at >= time::now() - 30d ORDER BY rev_key ASC LIMIT 51".into(),
        ),
        (
            "поиск «путёвка лагерь»",
            JournalQuery { q: "путёвка лагерь".into(), ..Default::default() },
            "SELECT * FROM journal_entry WHERE search_text @@ 'путевка лагерь' ORDER BY rev_key ASC LIMIT 51".into(),
        ),
        (
            "поиск по телефону «5551743»",
            JournalQuery { q: "5551743".into(), ..Default::default() },
            "SELECT * FROM journal_entry WHERE search_text @@ '5551743' ORDER BY rev_key ASC LIMIT 51".into(),
        ),
    ];

    let mut figures = Vec::new();
    for (name, query, sql) in &cases {
        let page = repo::list(&db, query).await.expect("journal page");
        // A fast wrong answer is no answer: the page must be newest first.
        assert!(
            page.entries.windows(2).all(|w| w[0].received_at >= w[1].received_at),
            "{name}: the page is not newest first"
        );
        eprintln!("  {name}: найдено {}, на странице {}", page.total, page.entries.len());
        figures.push(measure(&format!("журнал: {name}"), runs, |_| repo::list(&db, query)).await);
        figures.push(measure(&format!("  голый SurrealQL: {name}"), runs, |_| raw(&db, sql)).await);
    }
    if !user.id.is_empty() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let now = Utc::now();
        let mut forms = Vec::new();
        for i in 0..=runs {
            forms.push(demo_appeal(&mut rng, now, now - Duration::minutes(5), i, runs + 10, scenario_weight()));
        }
        figures.push(
            measure("регистрация обращения (номер, запись, чтение)", runs, |i| {
                let appeal = validate_appeal(&forms[i], Utc::now()).expect("valid");
                let db = db.clone();
                let user = user.clone();
                async move { repo::register(&db, &user, &appeal).await.expect("registered") }
            })
            .await,
        );
    }

    println!();
    println!("Журнал обращений: {entries} записей, SurrealKV на диске, {runs} замеров на строку");
    println!("{:<60} {:>12} {:>12}", "запрос", "медиана, мс", "p95, мс");
    for f in &figures {
        println!("{:<60} {:>12.1} {:>12.1}", f.name, f.median_ms, f.p95_ms);
    }
    drop(db);
    if remove {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
