//! What the benchmarks share: timing a call many times, and running plain SurrealQL.

use app::db::Db;
use std::future::Future;
use std::time::Instant;

pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

pub struct Figures {
    pub name: String,
    pub median_ms: f64,
    pub p95_ms: f64,
}

/// One warm-up call, then `runs` timed ones: the median and the 95th percentile.
pub async fn measure<F, Fut, T>(name: &str, runs: usize, mut run: F) -> Figures
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = T>,
{
    let _ = run(0).await;
    let mut times: Vec<f64> = Vec::with_capacity(runs);
    for i in 0..runs {
        let start = Instant::now();
        let _ = run(i + 1).await;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    Figures { name: name.to_string(), median_ms: at(0.5), p95_ms: at(0.95) }
}

/// Runs SurrealQL and reads every statement's rows, as the app would.
pub async fn raw(db: &Db, sql: &str) {
    let mut response = db.query(sql.to_string()).await.expect("raw query");
    for i in 0..response.num_statements() {
        let _: Vec<serde_json::Value> = response.take(i).expect("rows");
    }
}
