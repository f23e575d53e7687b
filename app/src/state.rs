//! What the server hands to pages and server functions through context: the database and the
//! settings. Server-only.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;
use surrealdb::engine::any::Any;
use surrealdb::Surreal;

use crate::error::{AppError, AppResult};

pub type Db = Surreal<Any>;

/// Settings the server functions need (the rest stays in the server crate).
#[derive(Debug, Clone)]
pub struct Settings {
    /// A session ends after this long without a request (a forgotten tablet locks itself).
    pub idle_timeout: Duration,
    /// A session ends after this long whatever happens.
    pub session_lifetime: Duration,
    /// Send the session cookie with `Secure` (when served over HTTPS).
    pub secure_cookies: bool,
    /// Tile URL template of the resource map ({z}/{x}/{y}); empty: no tiles.
    pub tiles: String,
    pub tiles_attribution: String,
    /// Where photos attached to inspection acts are kept.
    pub photos_dir: std::path::PathBuf,
}

pub const DEFAULT_TILES: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
pub const DEFAULT_TILES_ATTRIBUTION: &str = "© участники OpenStreetMap";

impl Settings {
    /// The origin the map's tiles come from, for the Content-Security-Policy («https://host»).
    pub fn tiles_origin(&self) -> Option<String> {
        let (scheme, rest) = self.tiles.split_once("://")?;
        let host = rest.split('/').next()?;
        let valid = matches!(scheme, "http" | "https")
            && !host.is_empty()
            && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '{' | '}'));
        // A host template such as {s}.tile.example.org allows its subdomains.
        valid.then(|| format!("{scheme}://{}", host.replace("{s}", "*")))
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            idle_timeout: Duration::from_secs(15 * 60),
            session_lifetime: Duration::from_secs(12 * 3600),
            secure_cookies: false,
            tiles: DEFAULT_TILES.into(),
            tiles_attribution: DEFAULT_TILES_ATTRIBUTION.into(),
            photos_dir: std::env::temp_dir().join("opora-photos"),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub settings: Arc<Settings>,
    /// Changes of cases, pushed to the open boards.
    pub live: crate::board::live::LiveHub,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, db: Db, settings: Settings) -> Self {
        let live = crate::board::live::LiveHub::new(db.clone());
        AppState { leptos_options, db, settings: Arc::new(settings), live }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The application state of the current request.
pub fn app_state() -> AppResult<AppState> {
    use_context::<AppState>().ok_or_else(|| AppError::Internal("application state missing".into()))
}

pub fn db() -> AppResult<Db> {
    Ok(app_state()?.db)
}

/// Takes the rows of one statement of a query response and decodes them into `T`.
/// Rows come as JSON: record ids as «table:key» strings unless the query projects them.
pub fn take_rows<T: DeserializeOwned>(response: &mut surrealdb::IndexedResults, index: usize) -> AppResult<Vec<T>> {
    let rows: Vec<serde_json::Value> = response.take(index)?;
    rows.into_iter().map(|row| serde_json::from_value(row).map_err(AppError::from)).collect()
}

/// Takes the single row of one statement, if any.
pub fn take_one<T: DeserializeOwned>(response: &mut surrealdb::IndexedResults, index: usize) -> AppResult<Option<T>> {
    Ok(take_rows(response, index)?.into_iter().next())
}

/// A SurrealQL string literal. Checked filters (dates the server parsed, codes of its own
/// lists, validated record keys) are written into statements as literals because SurrealDB
/// plans index-only counts and index ranges for literals, not for parameters: 3 ms instead of
/// 130 ms for a district of 14,000 journal entries. Free text always stays a parameter.
pub fn sql_literal(value: &str) -> String {
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"))
}

pub use crate::keys::is_record_key;

/// The error of a multi-statement transaction, if any: the statement that failed first explains
/// why; the rest only say that the transaction failed.
pub fn transaction_error(response: &mut surrealdb::IndexedResults) -> Option<surrealdb::Error> {
    let mut errors: Vec<(usize, surrealdb::Error)> = response.take_errors().into_iter().collect();
    if errors.is_empty() {
        return None;
    }
    errors.sort_by_key(|(i, _)| *i);
    let cause = errors.iter().position(|(_, e)| !e.to_string().contains("failed transaction")).unwrap_or(0);
    Some(errors.swap_remove(cause).1)
}

/// Runs a transaction that creates a record, again when it lost a race with another writer
/// (optimistic concurrency), and returns the key its last statement returns.
pub async fn created_key<F, Fut>(mut run: F) -> Result<Option<String>, surrealdb::Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = surrealdb::Result<surrealdb::IndexedResults>>,
{
    let mut attempt: u64 = 0;
    loop {
        attempt += 1;
        let outcome = match run().await {
            Ok(mut response) => match transaction_error(&mut response) {
                None => {
                    let last = response.num_statements() - 1;
                    response.take::<Option<String>>(last)
                }
                Some(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        match outcome {
            Err(e) if is_retryable(&e) && attempt < 60 => {
                // A random pause, growing with the attempts, so that the writers who collided
                // do not collide again in step.
                let pause = rand::random_range(1..=5 * attempt.min(20));
                tokio::time::sleep(Duration::from_millis(pause)).await;
            }
            other => return other,
        }
    }
}

/// Whether a database error is an optimistic-transaction conflict worth retrying.
pub fn is_retryable(err: &surrealdb::Error) -> bool {
    let message = err.to_string().to_lowercase();
    message.contains("conflict") || message.contains("retry") || message.contains("read or write conflict")
}
