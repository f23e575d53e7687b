//! How long a move takes to reach a board open on another Опора node: the case is moved through
//! one connection and a live-update hub listens on a second one, for each source of live
//! updates — a live query, and the change feed read every 100 and 200 ms. Beside them, the
//! plain SurrealQL of the same write (`UPDATE`), so that the delay is seen next to the commit.
//!
//! `cargo bench -p server --bench live` · RUNS (default 40) · OPORA_BENCH_DB: a SurrealDB
//! server (`ws://127.0.0.1:8000`, root in OPORA_BENCH_DB_USER / OPORA_BENCH_DB_PASS); without
//! it an embedded SurrealKV database in a temporary directory (one process: one connection).

use app::auth::users::{create_user, NewUser};
use app::auth::{CurrentUser, Role};
use app::cases::repo::{self, MoveOrder};
use app::cases::types::{CaseForm, MemberForm, Stage};
use app::db::Db;
use app::live::{HubEvent, LiveSource};
use chrono::Utc;
use opora_server::db::{embedded_url, open, open_in, ServerAuth};
use std::time::{Duration, Instant};

mod common;
use common::{env_number, measure, raw};

async fn caseworker(db: &Db) -> CurrentUser {
    let login = "zamer";
    let full_name = "Замерова Анна Сергеевна";
    let id = create_user(
        db,
        &NewUser {
            login: login.into(),
            full_name: full_name.into(),
            position: String::new(),
            roles: vec![Role::Caseworker],
            districts: vec!["d1".into()],
            password: "Замер-живых-обновлений-2026".into(),
            must_change_password: false,
        },
    )
    .await
    .expect("user");
    CurrentUser {
        id,
        login: login.into(),
        full_name: full_name.into(),
        roles: vec![Role::Caseworker],
        districts: vec!["d1".into()],
        must_change_password: false,
    }
}

fn percentile(times: &mut [f64], q: f64) -> f64 {
    times.sort_by(|a, b| a.total_cmp(b));
    times[((times.len() as f64 - 1.0) * q).round() as usize]
}

#[tokio::main]
async fn main() {
    let runs = env_number("RUNS", 40);
    let (writer, reader, place) = match std::env::var("OPORA_BENCH_DB").ok().filter(|u| !u.is_empty()) {
        Some(url) => {
            let root = ServerAuth::root(
                std::env::var("OPORA_BENCH_DB_USER").unwrap_or_else(|_| "root".into()),
                std::env::var("OPORA_BENCH_DB_PASS").unwrap_or_default(),
            );
            let name = format!("live_{}", std::process::id());
            let writer = open_in(&url, &root, "opora_bench", &name).await.expect("the database on the server");
            let reader = open_in(&url, &root, "opora_bench", &name).await.expect("a second connection");
            (writer, reader, format!("сервер SurrealDB {url}, два соединения"))
        }
        None => {
            let dir = std::env::temp_dir().join(format!("opora-live-bench-{}", std::process::id()));
            let db = open(&embedded_url(&dir, opora_server::db::Engine::SurrealKv), &ServerAuth::default())
                .await
                .expect("embedded database");
            (db.clone(), db, format!("встроенная SurrealKV ({})", dir.display()))
        }
    };
    println!("Живые обновления: от перемещения до доски на другом узле — {place}, замеров: {runs}");
    let worker = caseworker(&writer).await;
    let today = app::time::local_today(Utc::now());
    let form = CaseForm {
        kind: "family".into(),
        title: "Семья Замеровых".into(),
        members: vec![MemberForm {
            full_name: "Замерова Ирина Олеговна".into(),
            birth_date: "1990-05-01".into(),
            relation: "applicant".into(),
            categories: vec![],
        }],
        categories: vec!["family_children".into()],
        address: "г. Югорск, ул. Мира, д. 5, кв. 12".into(),
        district: "d1".into(),
        phone: "+7 912 000-11-22".into(),
        consent: true,
        consent_date: today.to_string(),
        curator: worker.id.clone(),
        source: "personal".into(),
        detected_on: today.to_string(),
        ..Default::default()
    };
    let case = app::cases::validate::validate_case(&form, today).expect("valid case");
    let calendar = repo::calendar(&writer).await.expect("calendar");
    let id = repo::create(&writer, &worker, &case, &calendar, Utc::now()).await.expect("case");

    let update = format!("UPDATE type::record('case_file', '{id}') SET version += 1");
    let plain =
        measure("простой UPDATE той же записи (фиксация)", runs, |_| raw(&writer, &update)).await;
    println!("  {:<52} медиана {:>7.1} мс, p95 {:>7.1} мс", plain.name, plain.median_ms, plain.p95_ms);

    let sources = [
        ("живой запрос (LIVE SELECT)", LiveSource::Query),
        ("журнал изменений, опрос каждые 100 мс", LiveSource::Changefeed { every: Duration::from_millis(100) }),
        ("журнал изменений, опрос каждые 200 мс", LiveSource::Changefeed { every: Duration::from_millis(200) }),
    ];
    for (name, source) in sources {
        let hub = app::state::case_hub(reader.clone(), source);
        let mut heard = hub.subscribe();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let mut after_commit = Vec::with_capacity(runs);
        let mut from_start = Vec::with_capacity(runs);
        for i in 0..runs {
            let row = repo::row(&writer, &id).await.expect("read").expect("the case");
            let (stage, comment) =
                if i % 2 == 0 { (Stage::Assessment, "") } else { (Stage::Intake, "замер: назад") };
            let order =
                MoveOrder { version: row.version(), to_stage: stage, to_curator: None, comment: comment.into() };
            let start = Instant::now();
            repo::move_case(&writer, &worker, &row, &order, &calendar, Utc::now()).await.expect("moved");
            let committed = Instant::now();
            loop {
                match tokio::time::timeout(Duration::from_secs(5), heard.recv()).await {
                    Ok(Ok(HubEvent::Change(change))) if change.id == id && change.version == row.version() + 1 => break,
                    Ok(Ok(_)) => continue,
                    other => panic!("{name}: the move was not heard within 5 s ({other:?})"),
                }
            }
            after_commit.push(committed.elapsed().as_secs_f64() * 1000.0);
            from_start.push(start.elapsed().as_secs_f64() * 1000.0);
            // Moves a person makes are seconds apart; the pause also spreads them over the poll.
            tokio::time::sleep(Duration::from_millis(37 + (i as u64 * 53) % 150)).await;
        }
        hub.close();
        println!(
            "  {:<52} от подтверждения: медиана {:>6.1} мс, p95 {:>6.1} мс; от начала перемещения: медиана {:>6.1} мс",
            name,
            percentile(&mut after_commit.clone(), 0.5),
            percentile(&mut after_commit, 0.95),
            percentile(&mut from_start, 0.5)
        );
    }
}
