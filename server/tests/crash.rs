//! The server killed (SIGKILL) in the middle of a write load, several times in one run: after
//! each restart every appeal the server acknowledged is in the journal, numbers do not repeat,
//! and the embedded database opens cleanly. Bounded: three kills of about two seconds of load.

use opora_server::db::{embedded_url, open, ServerAuth};
use opora_server::loopback::{get, post as request};
use opora_server::seed::{demo_appeal, scenario_weight};
use rand::SeedableRng;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "Проверка-сбоев-2026";
const BIN: &str = env!("CARGO_BIN_EXE_opora");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn start(dir: &Path, port: u16) -> Child {
    Command::new(BIN)
        .arg("serve")
        .env("OPORA_DATA_DIR", dir)
        .env("OPORA_ADDR", format!("127.0.0.1:{port}"))
        .env("OPORA_SITE_ROOT", dir.join("site"))
        .env("OPORA_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("server started")
}

async fn wait_until_up(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if get(port, "/healthz").await.is_ok_and(|r| r.status == 200) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not come up on port {port}");
}

async fn login(port: u16) -> String {
    let reply = request(
        port,
        "/api/auth/login",
        "application/x-www-form-urlencoded",
        &format!("login=gen-desk1&password={}&next=%2F", app::url::urlencode(PASSWORD)),
        None,
    )
    .await
    .expect("login answered");
    reply.session_cookie().unwrap_or_else(|| panic!("no session: {} {}", reply.status, reply.body))
}

/// Registers appeals until the server stops answering; the keys of the acknowledged ones.
async fn write_until_killed(port: u16, cookie: String, worker: u64, acked: Arc<Mutex<Vec<String>>>) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(worker);
    let weight = scenario_weight();
    let mut i = 0;
    loop {
        let now = chrono::Utc::now();
        let form = demo_appeal(&mut rng, now, now - chrono::Duration::minutes(5), i, 1000, weight);
        let body = serde_json::json!({ "form": form }).to_string();
        match request(port, "/api/journal/register", "application/json", &body, Some(&cookie)).await {
            Ok(reply) if reply.status == 200 => {
                let entry: serde_json::Value = serde_json::from_str(&reply.body).expect("an entry");
                acked.lock().expect("lock").push(entry["id"].as_str().expect("id").to_string());
            }
            Ok(reply) => assert!(reply.status != 500, "500 under load: {}", reply.body),
            Err(_) => return,
        }
        i += 1;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_sigkill() {
    let dir: PathBuf = std::env::temp_dir().join(format!("opora-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let generated = Command::new(BIN)
        .args(["generate", "--scale", "0.001"])
        .env("OPORA_DATA_DIR", &dir)
        .env("OPORA_DEMO_PASSWORD", PASSWORD)
        .env("OPORA_LOG", "error")
        .stdout(Stdio::null())
        .status()
        .expect("generate ran");
    assert!(generated.success());

    let acked = Arc::new(Mutex::new(Vec::new()));
    for round in 0..3 {
        let port = free_port();
        let mut server = start(&dir, port);
        wait_until_up(port).await;
        let cookie = login(port).await;
        let writers: Vec<_> = (0..4)
            .map(|w| tokio::spawn(write_until_killed(port, cookie.clone(), round * 10 + w, acked.clone())))
            .collect();
        tokio::time::sleep(Duration::from_millis(1500 + 300 * round)).await;
        server.kill().expect("SIGKILL");
        server.wait().expect("server gone");
        for writer in writers {
            writer.await.expect("writer");
        }
    }

    let acked = acked.lock().expect("lock").clone();
    assert!(acked.len() > 20, "too few writes acknowledged to tell anything: {}", acked.len());
    let db = open(&embedded_url(&dir, opora_server::db::Engine::from_env()), &ServerAuth::default())
        .await
        .expect("the database opens cleanly after kills");
    let stored: Vec<String> =
        db.query("SELECT VALUE record::id(id) FROM journal_entry").await.expect("read").take(0).expect("ids");
    let stored: HashSet<String> = stored.into_iter().collect();
    let lost: Vec<&String> = acked.iter().filter(|id| !stored.contains(*id)).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged appeals are lost: {lost:?}", lost.len(), acked.len());
    let numbers: Vec<serde_json::Value> =
        db.query("SELECT year, number FROM journal_entry").await.expect("read").take(0).expect("numbers");
    let distinct: HashSet<String> = numbers.iter().map(|n| n.to_string()).collect();
    assert_eq!(distinct.len(), numbers.len(), "journal numbers repeat after a crash");
    drop(db);
    let _ = std::fs::remove_dir_all(&dir);
}
