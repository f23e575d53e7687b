//! Опора at the size of a region: on a database filled by `opora generate --scale N` (embedded,
//! SurrealKV on disk), times what people do every day — the journal page with filters,
//! registering an appeal, the board of the whole department and of one caseworker, moving a
//! card, searching people and partners, opening a family's route — and next to each the
//! plainest SurrealQL that fetches or writes the same data, so the figures show what the app
//! adds over the database itself. Run at scale 1 and 10 to see how each cost grows.
//!
//! `cargo bench -p server --bench scale` · SCALES (default "1") · RUNS (default 10) · BENCH_DIR
//! (one data directory per scale, `s<scale>`, kept between runs: generate once, measure often) ·
//! ROUNDTRIP=1 also backs the database up, restores it into an empty one and compares every
//! table.

use app::auth::{CurrentUser, Role};
use app::board::repo as board;
use app::board::types::BoardQuery;
use app::cases::repo::{self as cases, MoveOrder};
use app::cases::types::Stage;
use app::db::Db;
use app::journal::appeal::validate_appeal;
use app::journal::types::JournalQuery;
use app::resources::types::PartnerQuery;
use chrono::{Duration, Utc};
use opora_server::backup::{backup, restore};
use opora_server::db::{embedded_url, open, ServerAuth};
use opora_server::generate::generate;
use opora_server::seed::{demo_appeal, scenario_weight};
use rand::SeedableRng;
use serde::Deserialize;
use std::path::Path;
use std::time::Instant;
use surrealdb::types::RecordId;

mod common;
use common::{env_number, measure, raw, Figures};

/// One line of the table: what the app does, and the same data by plain SurrealQL.
struct Line {
    app: Figures,
    plain: Option<Figures>,
}

async fn count(db: &Db, table: &str, filter: &str) -> usize {
    let n: Option<i64> = db
        .query(format!("RETURN count(SELECT VALUE id FROM {table} {filter})"))
        .await
        .expect("count")
        .take(0)
        .expect("count");
    n.unwrap_or(0) as usize
}

/// A generated account as the server would see it after sign-in.
async fn account(db: &Db, login: &str) -> CurrentUser {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        full_name: String,
        roles: Vec<String>,
        districts: Vec<String>,
    }
    let mut response = db
        .query(
            "SELECT record::id(id) AS id, full_name, roles, districts.map(|$d| record::id($d)) AS districts
             FROM user WHERE login = $login LIMIT 1",
        )
        .bind(("login", login.to_string()))
        .await
        .expect("account");
    let row: Option<Row> = app::db::take_one(&mut response, 0).expect("account row");
    let row = row.unwrap_or_else(|| panic!("no account {login}: is this a database made by `opora generate`?"));
    CurrentUser {
        id: row.id,
        login: login.into(),
        full_name: row.full_name,
        roles: row.roles.iter().filter_map(|r| Role::from_code(r)).collect(),
        districts: row.districts,
        must_change_password: false,
    }
}

async fn ids(db: &Db, sql: &str) -> Vec<String> {
    db.query(sql.to_string()).await.expect("ids").take(0).expect("id list")
}

fn dir_size(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

async fn bench_scale(scale: f64, runs: usize, dir: &Path, roundtrip: bool) -> Vec<Line> {
    let engine = opora_server::db::Engine::from_env();
    let db = open(&embedded_url(dir, engine), &ServerAuth::default()).await.expect("database");
    if count(&db, "journal_entry", "").await == 0 {
        eprintln!("Генерирую масштаб {scale} в {}", dir.display());
        let made =
            generate(&db, scale, 2026, "Нагрузка-Опоры-2026", &|line| eprintln!("  {line}")).await.expect("generated");
        eprintln!("  готово за {:.0} с: {made:?}", made.seconds);
    }
    let journal_total = count(&db, "journal_entry", "").await;
    let open_cases = count(&db, "case_file", "WHERE stage != 'closed'").await;
    let partners = count(&db, "partner", "").await;
    let routes = count(&db, "case_route", "").await;
    eprintln!(
        "Масштаб {scale} ({}): записей журнала {journal_total}, открытых случаев {open_cases}, партнёров {partners}, \
         маршрутов {routes}, на диске {:.0} МБ",
        engine.name(),
        dir_size(dir) as f64 / 1e6
    );
    let chief = account(&db, "gen-chief1").await;
    let desk = account(&db, "gen-desk1").await;
    let worker = account(&db, "gen-w1-1").await;
    let calendar = cases::calendar(&db).await.expect("calendar");
    let today = app::time::local_today(Utc::now());
    let label = |s: &str| format!("масштаб {scale}: {s}");
    let mut lines = Vec::new();

    // The journal page with filters.
    let last_month = (Utc::now() - Duration::days(30)).format("%Y-%m-%d").to_string();
    let journal: Vec<(&str, JournalQuery, String)> = vec![
        (
            "журнал, первая страница",
            JournalQuery::default(),
            "SELECT * FROM journal_entry ORDER BY rev_key ASC LIMIT 51".into(),
        ),
        (
            "журнал: участок № 3, только срочные",
            JournalQuery { district: "d3".into(), urgent: "1".into(), ..Default::default() },
            "SELECT * FROM journal_entry WHERE district = district:d3 AND urgent = true ORDER BY rev_key ASC LIMIT 51"
                .into(),
        ),
        (
            "журнал: последние 30 дней",
            JournalQuery { from: last_month, ..Default::default() },
            "SELECT * FROM journal_entry WHERE received_at >= time::now() - 30d ORDER BY rev_key ASC LIMIT 51".into(),
        ),
        (
            "журнал: поиск «Смирнова» (90 дней)",
            JournalQuery { q: "Смирнова".into(), ..Default::default() },
            "SELECT * FROM journal_entry WHERE search_text @@ 'смирнова' AND received_at >= time::now() - 90d \
             ORDER BY rev_key ASC LIMIT 51"
                .into(),
        ),
        (
            "журнал: поиск «Смирнова» за всё время",
            JournalQuery { q: "Смирнова".into(), all: "1".into(), ..Default::default() },
            "SELECT * FROM journal_entry WHERE search_text @@ 'смирнова' ORDER BY rev_key ASC LIMIT 51".into(),
        ),
    ];
    for (name, query, sql) in &journal {
        let page = app::journal::repo::list(&db, query).await.expect("journal page");
        assert!(
            page.entries.windows(2).all(|w| w[0].received_at >= w[1].received_at),
            "{name}: the page is not newest first"
        );
        eprintln!("  {name}: найдено {}, на странице {}", page.total, page.entries.len());
        lines.push(Line {
            app: measure(&label(name), runs, |_| app::journal::repo::list(&db, query)).await,
            plain: Some(measure(name, runs, |_| raw(&db, sql)).await),
        });
    }

    // Registering an appeal: the app's number-in-a-transaction against one plain CREATE of the
    // same record.
    let mut rng = rand::rngs::StdRng::seed_from_u64(scale.to_bits());
    let now = Utc::now();
    let forms: Vec<_> = (0..=runs)
        .map(|i| demo_appeal(&mut rng, now, now - Duration::minutes(5), i, runs + 10, scenario_weight()))
        .collect();
    let registered = measure(&label("регистрация обращения"), runs, |i| {
        let appeal = validate_appeal(&forms[i], Utc::now()).expect("a generated appeal is valid");
        let (db, desk) = (db.clone(), desk.clone());
        async move { app::journal::repo::register(&db, &desk, &appeal).await.expect("registered") }
    })
    .await;
    let template: Vec<String> =
        ids(&db, "SELECT VALUE record::id(id) FROM journal_entry ORDER BY rev_key LIMIT 1").await;
    let plain_register = measure("регистрация", runs, |i| {
        let db = db.clone();
        let source = RecordId::new("journal_entry", template[0].clone());
        async move {
            db.query(
                "LET $entry = SELECT * OMIT id, rev_key FROM ONLY $source;
                 CREATE journal_entry CONTENT object::extend($entry, {
                     number: $entry.number + 1000000 + $n,
                     sort_key: string::concat($entry.sort_key, '-замер-', <string> $n, '-', rand::string(6)),
                     version: 1, created_at: time::now()
                 }) RETURN NONE;",
            )
            .bind(("source", source))
            .bind(("n", i as i64))
            .await
            .expect("plain create")
            .check()
            .expect("created")
        }
    })
    .await;
    lines.push(Line { app: registered, plain: Some(plain_register) });

    // The board: the whole department, one caseworker's districts, and people found by name.
    // The plain SurrealQL reads what the board reads: the first page of every cell, the
    // tallies of the open cases (overdue among them) and the count of the recently closed.
    let board_sql = |filter: &str, tally_filter: &str| {
        let mut sql = String::new();
        for stage in Stage::ALL.iter().copied() {
            let cell = if stage == Stage::Closed {
                "stage = 'closed' AND stage_since >= time::now() - 30d".to_string()
            } else {
                format!("stage = '{}'", stage.code())
            };
            sql.push_str(&format!("SELECT * FROM case_file WHERE {cell}{filter} ORDER BY board_key LIMIT 31;"));
        }
        sql.push_str(&format!(
            "SELECT count() FROM case_file WHERE stage = 'closed' AND stage_since >= time::now() - 30d{filter} GROUP ALL;"
        ));
        sql.push_str(&format!(
            "SELECT stage, district, curator, n, late FROM board_tally WHERE category = '' AND n > 0{tally_filter};"
        ));
        sql
    };
    let boards: Vec<(&str, CurrentUser, BoardQuery, String)> = vec![
        ("доска заведующего, все участки", chief.clone(), BoardQuery::default(), board_sql("", "")),
        (
            "доска специалиста (участок № 1)",
            worker.clone(),
            BoardQuery::default(),
            board_sql(" AND district = district:d1", " AND district = district:d1"),
        ),
        (
            "поиск людей на доске: «Смирнова»",
            chief.clone(),
            BoardQuery { q: "Смирнова".into(), ..Default::default() },
            "SELECT * FROM case_file WHERE search_text @@ 'смирнова' \
             AND (stage != 'closed' OR stage_since >= time::now() - 30d) ORDER BY board_key LIMIT 501"
                .to_string(),
        ),
    ];
    for (name, user, query, sql) in &boards {
        let data = board::board(&db, user, query, &calendar, today).await.expect("board");
        let shown: usize = data.cells.iter().map(|c| c.cards.len()).sum();
        let total: u64 = data.cells.iter().map(|c| c.count).sum();
        assert!(shown > 0, "{name}: an empty board");
        eprintln!("  {name}: на доске {total}, карточек на экране {shown}");
        lines.push(Line {
            app: measure(&label(name), runs, |_| board::board(&db, user, query, &calendar, today)).await,
            plain: Some(measure(name, runs, |_| raw(&db, sql)).await),
        });
    }

    // What the board cost before its tallies: one pass over every case to count its cells.
    lines.push(Line {
        app: measure(&label("opora reconcile (пересчёт счётчиков доски)"), runs.min(3), |_| {
            app::board::counts::reconcile(&db)
        })
        .await,
        plain: Some(
            measure("подсчёт всех случаев одним проходом", runs.min(3), |_| {
                raw(
                    &db,
                    "SELECT stage, district, curator, count() AS n FROM case_file \
                     WHERE stage != 'closed' OR stage_since >= time::now() - 30d GROUP BY stage, district, curator",
                )
            })
            .await,
        ),
    });

    // Moving a card: each run takes another case under evaluation back to implementation.
    let movable = ids(
        &db,
        &format!(
            "SELECT VALUE record::id(id) FROM case_file WHERE stage = 'evaluation' ORDER BY number LIMIT {}",
            2 * runs + 2
        ),
    )
    .await;
    assert!(movable.len() >= 2 * runs + 2, "too few cases under evaluation to move");
    let (by_app, by_plain) = movable.split_at(runs + 1);
    let moved = measure(&label("перемещение карточки"), runs, |i| {
        let (db, chief, calendar, id) = (db.clone(), chief.clone(), calendar.clone(), by_app[i].clone());
        async move {
            let current = cases::visible_row(&db, &chief, &id).await.expect("case");
            let order = MoveOrder {
                version: current.version(),
                to_stage: Stage::Implementation,
                to_curator: None,
                comment: "Замер: возврат на реализацию".into(),
            };
            cases::move_case(&db, &chief, &current, &order, &calendar, Utc::now()).await.expect("moved")
        }
    })
    .await;
    let plain_move = measure("перемещение", runs, |i| {
        let (db, case, user) =
            (db.clone(), RecordId::new("case_file", by_plain[i].clone()), RecordId::new("user", chief.id.clone()));
        async move {
            db.query(
                "BEGIN TRANSACTION;
                 UPDATE $case SET stage = 'implementation', stage_since = time::now(), version += 1 RETURN NONE;
                 CREATE case_event CONTENT {
                     case: $case, at: time::now(), by: $user, by_name: 'Замер', kind: 'move',
                     from_stage: 'evaluation', to_stage: 'implementation', comment: 'Замер'
                 } RETURN NONE;
                 COMMIT TRANSACTION;",
            )
            .bind(("case", case))
            .bind(("user", user))
            .await
            .expect("plain move")
            .check()
            .expect("moved")
        }
    })
    .await;
    lines.push(Line { app: moved, plain: Some(plain_move) });

    // Partners on the resource map.
    let lawyers = PartnerQuery { text: "юрист".into(), ..Default::default() };
    let found = app::resources::repo::list(&db, &chief, &lawyers, today, app::resources::repo::LIST_LIMIT)
        .await
        .expect("partners");
    eprintln!("  поиск партнёров «юрист»: {}", found.partners.len());
    lines.push(Line {
        app: measure(&label("поиск партнёров «юрист»"), runs, |_| {
            app::resources::repo::list(&db, &chief, &lawyers, today, app::resources::repo::LIST_LIMIT)
        })
        .await,
        plain: Some(
            measure("партнёры", runs, |_| {
                raw(&db, "SELECT * FROM partner WHERE search_text @@ 'юрист' AND archived = false LIMIT 500")
            })
            .await,
        ),
    });

    // A family's route, as its page opens it: the case, the calendar, the router maps, the route.
    let with_route =
        ids(&db, &format!("SELECT VALUE record::id(case) FROM case_route ORDER BY case LIMIT {}", runs + 1)).await;
    assert!(!with_route.is_empty(), "no routes to open");
    let route_load = measure(&label("маршрут семьи СВО"), runs, |i| {
        let (db, chief, id) = (db.clone(), chief.clone(), with_route[i % with_route.len()].clone());
        async move {
            let row = cases::visible_row(&db, &chief, &id).await.expect("case");
            let calendar = cases::calendar(&db).await.expect("calendar");
            let today = app::time::local_today(Utc::now());
            let case = row.into_case(&calendar, today);
            for code in app::plans::types::plan_lists(&case, today).1 {
                app::router_maps::repo::get(&db, code).await.expect("map");
            }
            app::plans::repo::get(&db, &id).await.expect("route").expect("a route")
        }
    })
    .await;
    let plain_route = measure("маршрут", runs, |i| {
        let (db, case) = (db.clone(), RecordId::new("case_file", with_route[i % with_route.len()].clone()));
        async move {
            let mut response = db
                .query("SELECT * FROM ONLY $case; SELECT content FROM case_route WHERE case = $case LIMIT 1;")
                .bind(("case", case))
                .await
                .expect("plain route");
            let _: Option<serde_json::Value> = response.take(0).expect("case");
            let _: Vec<serde_json::Value> = response.take(1).expect("route");
        }
    })
    .await;
    lines.push(Line { app: route_load, plain: Some(plain_route) });

    // The head's reports and dashboard: counted from the records each time they are opened.
    let now = Utc::now();
    let today = app::time::local_today(now);
    let last_month = app::periods::Month::of(today).previous();
    let month_start = app::periods::Month::of(today).first_day();
    let svo = app::reports::api::ssr::count_now(&db, last_month, today, now).await.expect("СВО report");
    eprintln!("  отчёт СВО за {}: {} таблиц", last_month.words(), svo.tables.len());
    lines.push(Line {
        app: measure(&label("ежемесячный отчёт СВО (подсчёт)"), runs, |_| {
            app::reports::api::ssr::count_now(&db, last_month, today, now)
        })
        .await,
        plain: Some(
            measure("случаи СВО и их маршруты", runs, |_| {
                let since = format!("{}T00:00:00Z", last_month.first_day() - Duration::days(1));
                let sql = format!(
                    "SELECT detected_on, created_at, stage, stage_since, reached, members, categories FROM case_file
                       WHERE categories CONTAINSANY ['svo_participant', 'svo_family']
                         AND (stage != 'closed' OR stage_since >= d'{since}');
                     SELECT id, label FROM help_kind;
                     SELECT case, content FROM case_route;"
                );
                let db = db.clone();
                async move { raw(&db, &sql).await }
            })
            .await,
        ),
    });
    let quarter = app::periods::Quarter::of(today);
    lines.push(Line {
        app: measure(&label("мониторинг сопровождения семей за квартал"), runs, |_| {
            app::reports::api::ssr::count_monitoring(&db, quarter, today, now)
        })
        .await,
        plain: Some(
            measure("случаи с маршрутом, закрытые (люди), маршруты семей, анкеты", runs, |_| {
                let sql = format!(
                    "SELECT id, year, number, title, detected_on, created_at, stage, stage_since, reached, members,
                            categories, district, curator, created_by, specialists FROM case_file WHERE route_total != NONE;
                     SELECT id, detected_on, created_at, stage_since, reached, members FROM case_file WHERE stage = 'closed';
                     SELECT case, content, updated_at FROM case_route WHERE case.categories CONTAINSANY ['family_children', 'large_family'];
                     SELECT * FROM monitoring_survey WHERE quarter = '{}';",
                    quarter.code()
                );
                let db = db.clone();
                async move { raw(&db, &sql).await }
            })
            .await,
        ),
    });
    lines.push(Line {
        app: measure(&label("сводка заведующего (5 графиков)"), runs, |_| {
            app::dashboard::api::dashboard_of(&db, now)
        })
        .await,
        plain: Some(
            measure("случаи 12 недель, имена, обращения, запросы, 55+", runs, |_| {
                let from_key = (now - Duration::weeks(12)).format("%Y%m%dT%H%M%S").to_string();
                let since = (now - Duration::weeks(12)).to_rfc3339();
                let sql = format!(
                    "SELECT detected_on, created_at, stage, reached, due_on, curator, district, categories, route_total,
                            route_done, route_open, plan_concluded FROM case_file WHERE stage != 'closed' OR stage_since >= d'{since}';
                     SELECT id, full_name FROM user;
                     SELECT id, name FROM district;
                     SELECT received_at, channel FROM journal_entry WHERE sort_key >= '{from_key}';
                     SELECT count() FROM inquiry WHERE status = 'sent' AND due_on < '{today}' GROUP ALL;
                     SELECT district, count() FROM elder WHERE in_registry = true GROUP BY district;
                     SELECT district, count() FROM elder WHERE in_registry = true AND last_contact_on >= '{month_start}' GROUP BY district;"
                );
                let db = db.clone();
                async move { raw(&db, &sql).await }
            })
            .await,
        ),
    });
    lines.push(Line {
        app: measure(&label("нагрузка и сроки специалистов"), runs, |_| {
            app::reports::workload_api::ssr::count_workload(&db, now)
        })
        .await,
        plain: Some(
            measure(
                "открытые случаи, планы открытых случаев, сотрудники",
                runs,
                |_| {
                    let sql = "SELECT id, curator, district, due_on FROM case_file WHERE stage != 'closed';
                     SELECT id, full_name, roles FROM user;
                     SELECT id, name FROM district;
                     SELECT case, content FROM case_route;";
                    let db = db.clone();
                    async move { raw(&db, sql).await }
                },
            )
            .await,
        ),
    });
    // What a page just opened gets: the count runs in the background and the page is answered
    // within `counted::ssr::PATIENCE` — with figures counted since it was opened when the count
    // ends in time, else the last ones marked as being recounted (the page then asks again).
    let counts = app::counted::ssr::Counts::default();
    let opened = |what: &str| label(&format!("{what}: ответ открытой странице"));
    let dashboard = {
        let db = db.clone();
        move || {
            let db = db.clone();
            move |_| async move { app::dashboard::api::dashboard_of(&db, Utc::now()).await }
        }
    };
    lines.push(Line {
        app: page_answers(&counts, "dashboard", &opened("сводка заведующего"), runs, dashboard).await,
        plain: None,
    });
    let svo = {
        let db = db.clone();
        move || {
            let db = db.clone();
            move |_| async move {
                let now = Utc::now();
                app::reports::api::ssr::count_now(&db, last_month, app::time::local_today(now), now).await
            }
        }
    };
    lines.push(Line {
        app: page_answers(&counts, "svo", &opened("ежемесячный отчёт СВО"), runs, svo).await,
        plain: None,
    });
    let monitoring = {
        let db = db.clone();
        move || {
            let db = db.clone();
            move |_| async move {
                let now = Utc::now();
                app::reports::api::ssr::count_monitoring(&db, quarter, app::time::local_today(now), now).await
            }
        }
    };
    lines.push(Line {
        app: page_answers(&counts, "monitoring", &opened("мониторинг за квартал"), runs, monitoring).await,
        plain: None,
    });
    let workload = {
        let db = db.clone();
        move || {
            let db = db.clone();
            move |_| async move { app::reports::workload_api::ssr::count_workload(&db, Utc::now()).await }
        }
    };
    lines.push(Line {
        app: page_answers(&counts, "workload", &opened("нагрузка и сроки"), runs, workload).await,
        plain: None,
    });
    let month_query =
        app::periods::PeriodQuery { from: last_month.first_day().to_string(), to: last_month.last_day().to_string() };
    lines.push(Line {
        app: measure(&label("отчёт диспетчерской за месяц"), runs, |_| {
            app::journal::api::report_of(&db, &month_query)
        })
        .await,
        plain: Some(
            measure("обращения месяца", runs, |_| {
                let key = |d: chrono::NaiveDate| app::time::start_of_local_day(d).format("%Y%m%dT%H%M%S").to_string();
                let sql = format!(
                    "SELECT received_at, channel, topics, outcome, urgent, handoff, created_by_name FROM journal_entry
                       WHERE sort_key >= '{}' AND sort_key < '{}'",
                    key(last_month.first_day()),
                    key(last_month.next().first_day())
                );
                let db = db.clone();
                async move { raw(&db, &sql).await }
            })
            .await,
        ),
    });

    if roundtrip {
        let file = dir.with_extension("surql");
        let start = Instant::now();
        let bytes = backup(&db, &file).await.expect("backup");
        let backed_up = start.elapsed().as_secs_f64();
        let target =
            dir.with_file_name(format!("{}-restored", dir.file_name().and_then(|n| n.to_str()).unwrap_or("scale")));
        let _ = std::fs::remove_dir_all(&target);
        let start = Instant::now();
        let restored =
            restore(&embedded_url(&target, opora_server::db::Engine::from_env()), &ServerAuth::default(), &file)
                .await
                .expect("restore");
        let restored_in = start.elapsed().as_secs_f64();
        let mut different = Vec::new();
        for table in
            ["journal_entry", "case_file", "case_event", "partner", "inspection_act", "case_route", "user", "audit"]
        {
            let (before, after) = (count(&db, table, "").await, count(&restored, table, "").await);
            if before != after {
                different.push(format!("{table}: {before} → {after}"));
            }
        }
        assert!(different.is_empty(), "the restored database differs: {different:?}");
        println!(
            "Масштаб {scale}: копия {:.0} МБ за {backed_up:.0} с, восстановление в пустую базу за {restored_in:.0} с; \
             все таблицы совпадают",
            bytes as f64 / 1e6
        );
        drop(restored);
        let _ = std::fs::remove_dir_all(&target);
        let _ = std::fs::remove_file(&file);
    }
    lines
}

#[tokio::main]
async fn main() {
    let scales: Vec<f64> = std::env::var("SCALES")
        .unwrap_or_else(|_| "1".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs = env_number("RUNS", 10);
    let roundtrip = std::env::var("ROUNDTRIP").is_ok_and(|v| v == "1");
    let (root, remove) = match std::env::var("BENCH_DIR") {
        Ok(dir) => (std::path::PathBuf::from(dir), false),
        Err(_) => (std::env::temp_dir().join(format!("opora-scale-bench-{}", std::process::id())), true),
    };
    let mut all = Vec::new();
    for scale in &scales {
        all.extend(bench_scale(*scale, runs, &root.join(format!("s{scale}")), roundtrip).await);
    }
    println!();
    println!("Опора на данных региона: SurrealKV на диске, {runs} замеров на строку, мс");
    println!("{:<58} {:>10} {:>10} {:>14} {:>10}", "операция", "медиана", "p95", "SurrealQL мед.", "p95");
    for line in &all {
        let (plain_median, plain_p95) = match &line.plain {
            Some(p) => (format!("{:.1}", p.median_ms), format!("{:.1}", p.p95_ms)),
            None => ("—".into(), "—".into()),
        };
        println!(
            "{:<58} {:>10.1} {:>10.1} {:>14} {:>10}",
            line.app.name, line.app.median_ms, line.app.p95_ms, plain_median, plain_p95
        );
    }
    if remove {
        let _ = std::fs::remove_dir_all(&root);
    }
}

/// Opens a page counted by `count` `runs` times, as a head does: the time to each answer, and
/// how many had figures counted since the opening (else the last ones, marked as recounting).
async fn page_answers<T, F, Fut>(
    counts: &app::counted::ssr::Counts,
    name: &str,
    label: &str,
    runs: usize,
    count: impl Fn() -> F,
) -> Figures
where
    T: Clone + Send + Sync + 'static,
    F: FnOnce(std::sync::Arc<app::counted::ssr::Progress>) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = app::error::AppResult<T>> + Send + 'static,
{
    let current = std::cell::Cell::new(0usize);
    let figures = measure(label, runs, |run| {
        let ask = app::counted::ssr::Ask { name, parts: 1, ticket: None };
        let answer = counts.get(ask, count());
        let current = &current;
        async move {
            // Run 0 is the warm-up.
            if matches!(answer.await, Ok(app::counted::Counted::Ready { recounting: false, .. })) && run > 0 {
                current.set(current.get() + 1);
            }
        }
    })
    .await;
    eprintln!("  {label}: с подсчётом, начатым после открытия, — {} из {runs} ответов", current.get());
    figures
}
