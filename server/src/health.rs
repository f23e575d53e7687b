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

/// Who probes: each writes a record of its own, so the watchdog and a monitor do not collide.
#[derive(Debug, Clone, Copy)]
pub enum Prober {
    /// `GET /healthz`.
    Check,
    Watchdog,
}

/// Reads a record and commits a small write, within [`PROBE_DEADLINE`]. Two checks at once may
/// meet on their record: a write conflict is the store answering, so it counts as alive.
pub async fn probe(db: &Db, by: Prober) -> Result<(), Failure> {
    let record = match by {
        Prober::Check => "health:check",
        Prober::Watchdog => "health:watchdog",
    };
    let work = async {
        db.query(format!(
            "SELECT VALUE id FROM user LIMIT 1;
             UPSERT {record} SET at = time::now(), checks = (checks ?? 0) + 1 RETURN NONE;"
        ))
        .await?
        .check()
    };
    match tokio::time::timeout(PROBE_DEADLINE, work).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(err)) if app::db::is_retryable(&err) => Ok(()),
        Ok(Err(err)) => Err(Failure::Error(err.to_string())),
        Err(_) => Err(Failure::Timeout),
    }
}

/// Seconds since the process started (a monotonic clock: a step of the wall clock neither
/// ends a healthy process nor blinds the watchdog) at the last probe the store passed.
static LAST_ALIVE: AtomicI64 = AtomicI64::new(0);

fn now_secs() -> i64 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed().as_secs() as i64
}

/// How often the watchdog probes the store (more often when its limit is shorter).
const PROBE_EVERY: Duration = Duration::from_secs(15);

/// Starts the watchdog: a probe every 15 s on the runtime, and on a thread of its own a check
/// that the last passed probe is not older than `limit` — a store frozen for good (or a runtime
/// stuck behind it) ends the process with exit code 70 and a line in the log saying why. A zero
/// `limit` turns the watchdog off.
pub fn start_watchdog(db: Db, limit: Duration) {
    if limit.is_zero() {
        return;
    }
    let every = PROBE_EVERY.min(limit);
    LAST_ALIVE.store(now_secs(), Ordering::SeqCst);
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            match probe(&db, Prober::Watchdog).await {
                Ok(()) => LAST_ALIVE.store(now_secs(), Ordering::SeqCst),
                Err(failure) => tracing::warn!(?failure, "watchdog: the database did not pass its probe"),
            }
        }
    });
    let spawned = std::thread::Builder::new().name("opora-watchdog".into()).spawn(move || loop {
        std::thread::sleep(every);
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
