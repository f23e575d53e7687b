//! Load on loopback: many signed-in sessions at once doing what a department does — supervisors
//! and caseworkers read the board, open cases and move them on, caseworkers open and save inspection acts and
//! read routes, dispatchers register appeals. The server runs in this process on an embedded
//! database filled by `opora generate`; each level of concurrency runs for a fixed time and
//! prints throughput, p50 and p99 latency and errors. The run stops by itself.
//!
//! `cargo bench -p server --bench load` · LEVELS (default "50,100,200") · SECONDS per level
//! (default 20) · TIMEOUT: seconds after which an unanswered request counts as an error
//! (default 30) · SCALE for a fresh database (default 0.05) · BENCH_DIR (keeps the database).
//! PROFILE: `burst` (default) — sessions work without pauses, so a level of N sessions is a
//! heavier load than N people; `day` — a working day: logins spread over the first third of the
//! run, a pause of 2–10 s between actions, and every board session keeps its event stream open
//! and follows it as the browser does (a colleague's move shifts a count in the board it holds;
//! it asks for a card only when the card lands among the loaded ones). Client and server share
//! the machine's cores, so the figures are a floor.
//! OPORA_BENCH_DB: a SurrealDB server (`ws://127.0.0.1:8000`, root in OPORA_BENCH_DB_USER and
//! OPORA_BENCH_DB_PASS) instead of the embedded database; NODES (default 1): Опора nodes in
//! this process, each with a connection of its own to the database and a port of its own, the
//! sessions spread over them; LIVE: `query` (default) or `changefeed`, where their boards' live
//! updates come from.

use app::state::{AppState, Settings};
use leptos::config::LeptosOptions;
use opora_server::db::{embedded_url, open, open_in, ServerAuth};
use opora_server::loopback::{listen, post, Reply};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "Нагрузка-Опоры-2026";

/// Panics of the server during the run (the server runs in this process: its log is ours). A
/// panic cuts a response; the figures are printed with their count, and the first few messages.
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn count_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Ok(mut panics) = PANICS.lock() {
            panics.push(info.to_string());
        }
        previous(info);
    }));
}

fn panics_so_far() -> usize {
    PANICS.lock().map(|p| p.len()).unwrap_or(0)
}

#[derive(Default)]
struct Tally {
    /// Latencies in ms by kind of request.
    times: BTreeMap<&'static str, Vec<f64>>,
    errors: usize,
    /// Requests with no answer within TIMEOUT seconds (counted among the errors too): a person
    /// at a tablet has given up on them.
    timeouts: usize,
    refused: usize,
    /// Refusals of a full queue (429, 503): counted apart from the errors.
    busy: usize,
    /// Live events heard by the open boards (working day).
    events: usize,
}

/// How long a request may take before it counts as failed (TIMEOUT, seconds; default 30).
fn patience() -> Duration {
    static LIMIT: std::sync::OnceLock<Duration> = std::sync::OnceLock::new();
    *LIMIT.get_or_init(|| Duration::from_secs(std::env::var("TIMEOUT").ok().and_then(|s| s.parse().ok()).unwrap_or(30)))
}

async fn timed(
    tally: &Mutex<Tally>,
    kind: &'static str,
    call: impl std::future::Future<Output = std::io::Result<Reply>>,
) -> Option<Reply> {
    let start = Instant::now();
    let Ok(reply) = tokio::time::timeout(patience(), call).await else {
        let mut t = tally.lock().expect("tally");
        t.errors += 1;
        t.timeouts += 1;
        return None;
    };
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let mut t = tally.lock().expect("tally");
    match reply {
        Ok(r) if r.status < 400 => {
            t.times.entry(kind).or_default().push(ms);
            Some(r)
        }
        Ok(r) if r.status == 429 || r.status == 503 => {
            t.times.entry(kind).or_default().push(ms);
            t.busy += 1;
            None
        }
        Ok(r) if r.status < 500 => {
            // A conflict or a validation refusal is an answer, not a failure.
            t.times.entry(kind).or_default().push(ms);
            t.refused += 1;
            None
        }
        _ => {
            t.errors += 1;
            None
        }
    }
}

/// Whether the run is a working day (pauses, event streams) rather than a burst.
fn working_day() -> bool {
    std::env::var("PROFILE").is_ok_and(|p| p == "day")
}

/// A person's pause between two actions on a working day.
async fn pause(rng: &mut StdRng) {
    if working_day() {
        tokio::time::sleep(Duration::from_millis(rng.random_range(2_000..10_000))).await;
    }
}

/// The open board's event stream, as the browser follows it: each change moves a count in the
/// board it holds; the card is asked for (`board/card`) only when it lands among the loaded
/// cards; a change it cannot place asks for the counts, at most once in two seconds.
fn follow_board(port: u16, cookie: String, until: Instant, tally: Arc<Mutex<Tally>>) {
    use app::board::model::BoardModel;
    use app::board::types::{BoardData, BoardQuery, CaseChange, Follow, Lanes};
    tokio::spawn(async move {
        let query = BoardQuery::default();
        let board = serde_json::json!({ "query": query }).to_string();
        let loaded =
            timed(&tally, "доска", post(port, "/api/board/load", "application/json", &board, Some(&cookie))).await;
        let Some(data) = loaded.and_then(|r| serde_json::from_str::<BoardData>(&r.body).ok()) else { return };
        let mut model = BoardModel::new(data, Lanes::None);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(Follow, String)>();
        let requests = {
            let tally = tally.clone();
            let cookie = cookie.clone();
            tokio::spawn(async move {
                let mut counted = None::<Instant>;
                while let Some((follow, id)) = rx.recv().await {
                    match follow {
                        Follow::FetchCard => {
                            let body = serde_json::json!({ "query": BoardQuery::default(), "id": id }).to_string();
                            let card = post(port, "/api/board/card", "application/json", &body, Some(&cookie));
                            timed(&tally, "доска: карточка по событию", card).await;
                        }
                        Follow::Recount if counted.is_none_or(|at| at.elapsed() >= Duration::from_secs(2)) => {
                            counted = Some(Instant::now());
                            let counts = post(port, "/api/board/counts", "application/json", &board, Some(&cookie));
                            timed(&tally, "доска: счётчики после события", counts).await;
                        }
                        _ => {}
                    }
                }
            })
        };
        let heard = listen(port, "/events/cases", &cookie, until, |data| {
            if let Ok(change) = serde_json::from_str::<CaseChange>(data) {
                let follow = model.follow(&change, &query);
                if follow != Follow::Nothing {
                    let _ = tx.send((follow, change.id));
                }
            }
        })
        .await;
        drop(tx);
        let _ = requests.await;
        let mut t = tally.lock().expect("tally");
        match heard {
            Ok(n) => t.events += n,
            Err(_) => t.errors += 1,
        }
    });
}

async fn session(port: u16, login: String, kind: usize, until: Instant, tally: Arc<Mutex<Tally>>, seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    if working_day() {
        // People sign in over the first third of the run (at most a minute), not all at once.
        let spread = until.saturating_duration_since(Instant::now()).as_millis() as u64 / 3;
        tokio::time::sleep(Duration::from_millis(rng.random_range(0..spread.clamp(1, 60_000)))).await;
    }
    let form = format!("login={login}&password={}&next=%2F", app::url::urlencode(PASSWORD));
    let Some(reply) =
        timed(&tally, "вход", post(port, "/api/auth/login", "application/x-www-form-urlencoded", &form, None)).await
    else {
        return;
    };
    let Some(cookie) = reply.session_cookie() else {
        tally.lock().expect("tally").errors += 1;
        return;
    };
    if working_day() && kind != 0 {
        follow_board(port, cookie.clone(), until, tally.clone());
    }
    let cookie = Some(cookie.as_str());
    let board = serde_json::json!({ "query": app::board::types::BoardQuery::default() }).to_string();
    let weight = opora_server::seed::scenario_weight();
    let mut cases: Vec<String> = Vec::new();
    let mut i = 0;
    let journal = format!(
        "from={}&to={}",
        chrono::Utc::now().date_naive() - chrono::Duration::days(30),
        chrono::Utc::now().date_naive()
    );
    while Instant::now() < until {
        i += 1;
        if i > 1 {
            pause(&mut rng).await;
            if Instant::now() >= until {
                break;
            }
        }
        if kind == 0 && working_day() && rng.random_bool(0.5) {
            // A dispatcher reads the journal of the last month.
            timed(
                &tally,
                "журнал: список",
                post(port, "/api/journal/list", "application/x-www-form-urlencoded", &journal, cookie),
            )
            .await;
            continue;
        }
        if kind == 0 {
            // A dispatcher: register an appeal.
            let now = chrono::Utc::now();
            let appeal =
                opora_server::seed::demo_appeal(&mut rng, now, now - chrono::Duration::minutes(3), i, 1000, weight);
            let body = serde_json::json!({ "form": appeal }).to_string();
            timed(
                &tally,
                "регистрация обращения",
                post(port, "/api/journal/register", "application/json", &body, cookie),
            )
            .await;
            continue;
        }
        match rng.random_range(0..10) {
            0..=3 => {
                if let Some(r) =
                    timed(&tally, "доска", post(port, "/api/board/load", "application/json", &board, cookie)).await
                {
                    if cases.is_empty() {
                        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
                        collect_ids(&v, &mut cases);
                    }
                }
            }
            4..=5 if !cases.is_empty() => {
                // Open a case; every other time move it on, as from the board: to a stage its
                // rules allow now, with a comment for the moves that need one.
                let id = cases[rng.random_range(0..cases.len())].clone();
                let Some(r) = timed(
                    &tally,
                    "карточка случая",
                    post(port, "/api/cases/get", "application/x-www-form-urlencoded", &format!("id={id}"), cookie),
                )
                .await
                else {
                    continue;
                };
                if rng.random_bool(0.5) {
                    continue;
                }
                let v: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
                let ready: Vec<&str> = v["moves"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|m| m["missing"].as_array().is_some_and(|missing| missing.is_empty()))
                    .filter_map(|m| m["to"].as_str())
                    .collect();
                let (Some(version), false) = (v["case"]["version"].as_i64(), ready.is_empty()) else {
                    continue;
                };
                let to_stage = ready[rng.random_range(0..ready.len())];
                let body = serde_json::json!({ "request": {
                    "id": id, "version": version, "to_stage": to_stage,
                    "to_curator": null, "to_district": null, "comment": "Нагрузка: перемещение с доски",
                }})
                .to_string();
                timed(&tally, "перемещение карточки", post(port, "/api/cases/move", "application/json", &body, cookie))
                    .await;
            }
            6..=8 if !cases.is_empty() => {
                // Open the act and save it back, as after a home visit.
                let id = cases[rng.random_range(0..cases.len())].clone();
                let body = format!("case_id={id}");
                if let Some(r) = timed(
                    &tally,
                    "акт: открыть",
                    post(port, "/api/acts/get", "application/x-www-form-urlencoded", &body, cookie),
                )
                .await
                {
                    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
                    let (version, mut content) = match v["act"].as_object() {
                        Some(act) if act["status"] == "draft" => {
                            (act["version"].as_i64().unwrap_or(0), act["content"].clone())
                        }
                        Some(_) => continue,
                        None => (0, v["blank"].clone()),
                    };
                    content["housing_notes"] = serde_json::json!(format!("Замечание {i}"));
                    let save = serde_json::json!({ "case_id": id, "version": version, "content": content }).to_string();
                    timed(&tally, "акт: сохранить", post(port, "/api/acts/save", "application/json", &save, cookie))
                        .await;
                }
            }
            _ if !cases.is_empty() => {
                let id = &cases[rng.random_range(0..cases.len())];
                timed(
                    &tally,
                    "маршрут",
                    post(
                        port,
                        "/api/routes/get",
                        "application/x-www-form-urlencoded",
                        &format!("case_id={id}"),
                        cookie,
                    ),
                )
                .await;
            }
            _ => {}
        }
    }
}

/// Case keys of the cards on a board answer.
fn collect_ids(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let (Some(id), Some(_)) = (map.get("id").and_then(|v| v.as_str()), map.get("board_key")) {
                out.push(id.to_string());
            }
            for v in map.values() {
                collect_ids(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_ids(v, out)),
        _ => {}
    }
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * q).round() as usize]
}

#[tokio::main]
async fn main() {
    count_panics();
    let levels: Vec<usize> = std::env::var("LEVELS")
        .unwrap_or_else(|_| "50,100,200".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let seconds: u64 = std::env::var("SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let scale: f64 = std::env::var("SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(0.05);
    let (dir, remove) = match std::env::var("BENCH_DIR") {
        Ok(dir) => (std::path::PathBuf::from(dir), false),
        Err(_) => (std::env::temp_dir().join(format!("opora-load-{}", std::process::id())), true),
    };
    let server = std::env::var("OPORA_BENCH_DB").ok().filter(|u| !u.is_empty()).map(|url| {
        let root = ServerAuth::root(
            std::env::var("OPORA_BENCH_DB_USER").unwrap_or_else(|_| "root".into()),
            std::env::var("OPORA_BENCH_DB_PASS").unwrap_or_default(),
        );
        (url, root)
    });
    // Each node connects by itself, as separate Опора processes would.
    let connect = || async {
        match &server {
            Some((url, root)) => open_in(url, root, "opora_bench", "load").await.expect("database on the server"),
            None => open(&embedded_url(&dir, opora_server::db::Engine::from_env()), &ServerAuth::default())
                .await
                .expect("database"),
        }
    };
    let db = connect().await;
    let users: Vec<String> = db
        .query("SELECT VALUE login FROM user WHERE string::starts_with(login, 'gen-')")
        .await
        .expect("users")
        .take(0)
        .expect("logins");
    if users.is_empty() {
        eprintln!("Генерирую данные, масштаб {scale}…");
        let report = opora_server::generate::generate(&db, scale, 2026, PASSWORD, &|line| eprintln!("  {line}"))
            .await
            .expect("generate");
        eprintln!("  готово за {:.0} с", report.seconds);
    }
    let dispatchers: Vec<String> = db
        .query("SELECT VALUE login FROM user WHERE string::starts_with(login, 'gen-desk')")
        .await
        .expect("users")
        .take(0)
        .expect("logins");
    let workers: Vec<String> = db
        .query("SELECT VALUE login FROM user WHERE string::starts_with(login, 'gen-w') OR string::starts_with(login, 'gen-chief')")
        .await
        .expect("users")
        .take(0)
        .expect("logins");

    let nodes = std::env::var("NODES").ok().and_then(|n| n.parse().ok()).unwrap_or(1usize).max(1);
    let live_source = match std::env::var("LIVE").as_deref() {
        Ok("changefeed") => app::live::LiveSource::Changefeed { every: Duration::from_millis(200) },
        _ => app::live::LiveSource::Query,
    };
    let mut ports = Vec::new();
    for node in 0..nodes {
        let node_db = if node == 0 || server.is_none() { db.clone() } else { connect().await };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("port");
        ports.push(listener.local_addr().expect("addr").port());
        let options =
            LeptosOptions::builder().output_name("opora").site_root("target/site").site_pkg_dir("pkg").build();
        let settings = Settings {
            idle_timeout: Duration::from_secs(3600),
            session_lifetime: Duration::from_secs(8 * 3600),
            lock_duration: Duration::from_secs(15 * 60),
            secure_cookies: false,
            tiles: String::new(),
            tiles_attribution: String::new(),
            photos_dir: dir.join("photos"),
            documents_dir: dir.join("documents"),
            live_source,
        };
        let app = opora_server::http::router(AppState::new(options, node_db, settings));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await;
        });
    }

    let limit = patience().as_secs();
    let profile = if working_day() {
        "рабочий день (паузы 2–10 с, живые потоки доски)"
    } else {
        "без пауз"
    };
    let store = match &server {
        Some((url, _)) => format!("сервер SurrealDB {url}"),
        None => format!("встроенное хранилище {}", opora_server::db::Engine::from_env().name()),
    };
    println!("Профиль: {profile}, {seconds} с на уровень, {store}, узлов Опоры: {nodes}, живые обновления: {live_source:?}\n");
    println!("| сеансов | запросов | в секунду | p50, мс | p95, мс | p99, мс | ошибок | из них без ответа за {limit} с | отказов (409/422) | «занято» (429/503) | событий доски | паник сервера |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut by_kind_last = BTreeMap::new();
    for level in levels {
        let tally = Arc::new(Mutex::new(Tally::default()));
        let panics_before = panics_so_far();
        let start = Instant::now();
        let until = start + Duration::from_secs(seconds);
        let tasks: Vec<_> = (0..level)
            .map(|n| {
                // One session in five is a dispatcher's.
                let (login, kind) = if n % 5 == 0 {
                    (dispatchers[n % dispatchers.len()].clone(), 0)
                } else {
                    (workers[n % workers.len()].clone(), 1)
                };
                tokio::spawn(session(ports[n % ports.len()], login, kind, until, tally.clone(), n as u64))
            })
            .collect();
        for task in tasks {
            let _ = task.await;
        }
        // The event streams end at the same moment; give their last counts a moment to land.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let elapsed = start.elapsed().as_secs_f64();
        let t = tally.lock().expect("tally");
        let mut all: Vec<f64> = t.times.values().flatten().copied().collect();
        all.sort_by(|a, b| a.total_cmp(b));
        println!(
            "| {level} | {} | {:.0} | {:.0} | {:.0} | {:.0} | {} | {} | {} | {} | {} | {} |",
            all.len(),
            all.len() as f64 / elapsed,
            percentile(&all, 0.5),
            percentile(&all, 0.95),
            percentile(&all, 0.99),
            t.errors,
            t.timeouts,
            t.refused,
            t.busy,
            t.events,
            panics_so_far() - panics_before
        );
        by_kind_last = t
            .times
            .iter()
            .map(|(k, v)| {
                let mut v = v.clone();
                v.sort_by(|a, b| a.total_cmp(b));
                (*k, (v.len(), percentile(&v, 0.5), percentile(&v, 0.95), percentile(&v, 0.99)))
            })
            .collect();
    }
    println!("\nПоследний уровень по видам запросов:\n");
    println!("| запрос | число | p50, мс | p95, мс | p99, мс |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (kind, (n, p50, p95, p99)) in by_kind_last {
        println!("| {kind} | {n} | {p50:.0} | {p95:.0} | {p99:.0} |");
    }
    let panics = PANICS.lock().map(|p| p.clone()).unwrap_or_default();
    if panics.is_empty() {
        println!("\nПаник сервера за прогон: 0");
    } else {
        println!("\nПаник сервера за прогон: {} (первые):", panics.len());
        for message in panics.iter().take(5) {
            println!("- {message}");
        }
    }
    if remove {
        drop(db);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
