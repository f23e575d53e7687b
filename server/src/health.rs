//! Is the store alive: the probe behind `GET /healthz` (a real read and a small durable write,
//! each with a deadline) and the watchdog that ends the process when the store stops answering,
//! so that a service manager starts it again (`Restart=always`; the database opens without
//! loss, as the crash test shows).

use app::db::Db;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// How long one probe may take before the store counts as not answering.
pub const PROBE_DEADLINE: Duration = Duration::from_secs(5);

/// Why the store did not pass a probe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// It answered with an error.
    Error(String),
    /// It did not answer within the deadline.
    Timeout,
}

/// Reads a record and commits a small write, within [`PROBE_DEADLINE`].
pub async fn probe(db: &Db) -> Result<(), Failure> {
    let work = async {
        db.query(
            "SELECT VALUE id FROM user LIMIT 1;
             UPSERT health:probe SET at = time::now(), checks = (checks ?? 0) + 1 RETURN NONE;",
        )
        .await?
        .check()
    };
    match tokio::time::timeout(PROBE_DEADLINE, work).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(err)) => Err(Failure::Error(err.to_string())),
        Err(_) => Err(Failure::Timeout),
    }
}

/// Seconds since the epoch of the last probe the store passed.
static LAST_ALIVE: AtomicI64 = AtomicI64::new(0);

fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Starts the watchdog: a probe every `every` on the runtime, and on a thread of its own a check
/// that the last passed probe is not older than `limit` — a store frozen for good (or a runtime
/// stuck behind it) ends the process with exit code 70 and a line in the log saying why.
pub fn start_watchdog(db: Db, every: Duration, limit: Duration) {
    LAST_ALIVE.store(now_secs(), Ordering::SeqCst);
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            match probe(&db).await {
                Ok(()) => LAST_ALIVE.store(now_secs(), Ordering::SeqCst),
                Err(failure) => tracing::warn!(?failure, "watchdog: the database did not pass its probe"),
            }
        }
    });
    let spawned = std::thread::Builder::new().name("opora-watchdog".into()).spawn(move || loop {
        std::thread::sleep(every.min(limit));
        let silent = now_secs() - LAST_ALIVE.load(Ordering::SeqCst);
        if silent > limit.as_secs() as i64 {
            tracing::error!(silent_secs = silent, "watchdog: the database has not answered; exiting for a restart");
            eprintln!("opora: база данных не отвечает {silent} с — процесс завершается, чтобы его перезапустили");
            std::process::exit(70);
        }
    });
    if let Err(err) = spawned {
        tracing::error!(error = %err, "watchdog thread not started");
    }
}
