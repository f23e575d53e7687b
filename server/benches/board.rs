//! The case board at the size of a department and of a region: fills an embedded (SurrealKV,
//! on disk) database with demo-like cases, then times what the board asks for — its first
//! screen, with swimlanes, filters, search, a further page, one live card, a move — and the
//! plainest SurrealQL for the same rows, so the figures show the app's own cost.
//!
//! `cargo bench -p server --bench board` · SIZES (default "5000,50000": open cases) · RUNS
//! (default 20) · BENCH_DIR (keeps the filled databases between runs, one per size).

use app::auth::users::{create_user, NewUser};
use app::auth::{CurrentUser, Role};
use app::board::repo as board;
use app::board::types::{BoardQuery, CellRequest};
use app::cases::repo::{self, MoveOrder};
use app::cases::types::Stage;
use app::db::Db;
use chrono::Utc;
use opora_server::db::{embedded_url, open, ServerAuth};
use opora_server::seed::cases::seed_cases;
use opora_server::seed::DemoStaff;
use rand::SeedableRng;
use std::time::Instant;

mod common;
use common::{env_number, measure, raw, Figures};

async fn person(db: &Db, login: &str, name: &str, role: Role, districts: Vec<String>) -> CurrentUser {
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
                roles: vec![role],
                districts: districts.clone(),
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
        roles: vec![role],
        districts,
        must_change_password: false,
    }
}

/// A department's staff: a supervisor, a dispatcher, five caseworkers per district.
async fn staff(db: &Db) -> DemoStaff {
    let supervisor = person(db, "chief", "Морозова Татьяна Ивановна", Role::Supervisor, vec![]).await;
    let dispatcher = person(db, "desk", "Сидорова Елена Викторовна", Role::Dispatcher, vec![]).await;
    let mut caseworkers = Vec::new();
    for district in 1..=6i64 {
        for n in 1..=5 {
            let worker = person(
                db,
                &format!("worker{district}{n}"),
                &format!("Специалистова{district}{n} Анна Сергеевна"),
                Role::Caseworker,
                vec![format!("d{district}")],
            )
            .await;
            caseworkers.push((district, worker));
        }
    }
    DemoStaff { supervisor, caseworkers, dispatcher }
}

async fn open_cases(db: &Db) -> usize {
    let count: Option<serde_json::Value> = db
        .query("SELECT count() AS n FROM case_file WHERE stage != 'closed' GROUP ALL")
        .await
        .expect("count")
        .take(0)
        .expect("count");
    count.and_then(|v| v["n"].as_u64()).unwrap_or(0) as usize
}

async fn bench_size(open_wanted: usize, runs: usize, dir: &std::path::Path) -> Vec<Figures> {
    let db =
        open(&embedded_url(dir, opora_server::db::Engine::from_env()), &ServerAuth::default()).await.expect("database");
    let staff = staff(&db).await;
    let have = open_cases(&db).await;
    if have < open_wanted {
        // About four in five demo cases are open.
        let to_make = (open_wanted - have) * 5 / 4 + 10;
        eprintln!("Заполняю {}: {to_make} случаев", dir.display());
        let start = Instant::now();
        let mut rng = rand::rngs::StdRng::seed_from_u64(open_wanted as u64);
        let mut done = 0;
        while done < to_make {
            let batch = (to_make - done).min(5000);
            seed_cases(&db, &mut rng, &staff, batch, Utc::now()).await.expect("cases");
            done += batch;
            eprintln!("  загружено {done} из {to_make} ({:.0} с)", start.elapsed().as_secs_f64());
        }
    }
    let open = open_cases(&db).await;
    let chief = staff.supervisor.clone();
    let worker = staff.caseworkers[0].1.clone();
    let calendar = repo::calendar(&db).await.expect("calendar");
    let today = app::time::local_today(Utc::now());
    let label = |s: &str| format!("{open} открытых: {s}");
    let mut figures = Vec::new();

    let queries: Vec<(&str, CurrentUser, BoardQuery)> = vec![
        ("доска заведующего, первый экран", chief.clone(), BoardQuery::default()),
        ("дорожки по кураторам", chief.clone(), BoardQuery { lanes: "curator".into(), ..Default::default() }),
        (
            "участок № 3, дорожки по кураторам",
            chief.clone(),
            BoardQuery { district: "d3".into(), lanes: "curator".into(), ..Default::default() },
        ),
        ("только просроченные", chief.clone(), BoardQuery { overdue: "1".into(), ..Default::default() }),
        ("поиск «Смирновых»", chief.clone(), BoardQuery { q: "Смирновых".into(), ..Default::default() }),
        ("доска специалиста участка № 1", worker.clone(), BoardQuery::default()),
    ];
    for (name, user, query) in &queries {
        let data = board::board(&db, user, query, &calendar, today).await.expect("board");
        let shown: usize = data.cells.iter().map(|c| c.cards.len()).sum();
        let total: u64 = data.cells.iter().map(|c| c.count).sum();
        // A fast wrong answer is no answer: every cell in deadline order, counts cover the cards.
        for cell in &data.cells {
            assert!(cell.cards.windows(2).all(|w| w[0].board_key <= w[1].board_key), "{name}: a cell is out of order");
            assert!(cell.count >= cell.cards.len() as u64, "{name}: a count is below its cards");
        }
        eprintln!("  {name}: на доске {total}, карточек на экране {shown}, ячеек {}", data.cells.len());
        figures.push(measure(&label(name), runs, |_| board::board(&db, user, query, &calendar, today)).await);
    }
    figures.push(
        measure(
            &label("  голый SurrealQL: 7 колонок по 31 карточке + счётчики"),
            runs,
            |_| {
                let mut sql = String::new();
                for stage in Stage::ALL {
                    sql.push_str(&format!(
                        "SELECT * FROM case_file WHERE stage = '{}' ORDER BY board_key LIMIT 31;",
                        stage.code()
                    ));
                }
                sql.push_str("SELECT stage, count() AS n FROM case_file GROUP BY stage;");
                let db = db.clone();
                async move { raw(&db, &sql).await }
            },
        )
        .await,
    );
    figures.push(
        measure(
            &label("  голый SurrealQL: счётчики по этапам и кураторам"),
            runs,
            |_| raw(&db, "SELECT stage, curator, count() AS n FROM case_file GROUP BY stage, curator"),
        )
        .await,
    );

    // A further page of the biggest column.
    let unfiltered = BoardQuery::default();
    let first = board::board(&db, &chief, &BoardQuery::default(), &calendar, today).await.expect("board");
    if let Some(cell) = first.cells.iter().filter(|c| c.next.is_some()).max_by_key(|c| c.count) {
        let request = CellRequest {
            lane: cell.lane.clone(),
            stage: cell.stage.code().to_string(),
            after: cell.next.clone().unwrap_or_default(),
        };
        figures.push(
            measure(&label("следующая страница колонки"), runs, |_| {
                board::cell_page(&db, &chief, &unfiltered, &request, &calendar, today)
            })
            .await,
        );
        let id = cell.cards[0].id.clone();
        figures.push(
            measure(&label("одна карточка для живого обновления"), runs, |_| {
                board::card_on_board(&db, &chief, &unfiltered, &id, &calendar, today)
            })
            .await,
        );
    }

    // Moving cards: each run takes another case of «evaluation» one stage back, with a comment.
    let movable: Vec<String> = first
        .cells
        .iter()
        .filter(|c| c.stage == Stage::Evaluation)
        .flat_map(|c| c.cards.iter().map(|card| card.id.clone()))
        .collect();
    if movable.len() > runs {
        figures.push(
            measure(
                &label("перемещение карточки (проверка, запись, история)"),
                runs,
                |i| {
                    let (db, chief, calendar, id) = (db.clone(), chief.clone(), calendar.clone(), movable[i].clone());
                    async move {
                        let current = repo::visible_row(&db, &chief, &id).await.expect("case");
                        let order = MoveOrder {
                            version: current.version(),
                            to_stage: Stage::Implementation,
                            to_curator: None,
                            comment: "Замер: возврат на реализацию".into(),
                        };
                        repo::move_case(&db, &chief, &current, &order, &calendar, Utc::now()).await.expect("moved")
                    }
                },
            )
            .await,
        );
    }
    drop(db);
    figures
}

#[tokio::main]
async fn main() {
    let sizes: Vec<usize> = std::env::var("SIZES")
        .unwrap_or_else(|_| "5000,50000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs = env_number("RUNS", 20);
    let (root, remove) = match std::env::var("BENCH_DIR") {
        Ok(dir) => (std::path::PathBuf::from(dir), false),
        Err(_) => (std::env::temp_dir().join(format!("opora-board-bench-{}", std::process::id())), true),
    };
    let mut all = Vec::new();
    for size in &sizes {
        all.extend(bench_size(*size, runs, &root.join(format!("cases-{size}"))).await);
    }
    println!();
    println!("Доска случаев: SurrealKV на диске, {runs} замеров на строку");
    println!("{:<75} {:>12} {:>10}", "запрос", "медиана, мс", "p95, мс");
    for f in &all {
        println!("{:<75} {:>12.1} {:>10.1}", f.name, f.median_ms, f.p95_ms);
    }
    if remove {
        let _ = std::fs::remove_dir_all(&root);
    }
}
