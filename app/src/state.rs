//! What the server hands to pages and server functions through context: the database, the
//! settings and the live-update hub. Server-only.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;
use std::sync::Arc;
use std::time::Duration;

pub use crate::db::Db;
use crate::error::{AppError, AppResult};

/// Settings the server functions need (the rest stays in the server crate).
#[derive(Debug, Clone)]
pub struct Settings {
    /// A session ends after this long without a request (a forgotten tablet locks itself).
    pub idle_timeout: Duration,
    /// A session ends after this long whatever happens.
    pub session_lifetime: Duration,
    /// How long an account stays locked after too many wrong passwords.
    pub lock_duration: Duration,
    /// Send the session cookie with `Secure` (when served over HTTPS).
    pub secure_cookies: bool,
    /// Tile URL template of the resource map ({z}/{x}/{y}); empty: no tiles.
    pub tiles: String,
    pub tiles_attribution: String,
    /// Where photos attached to inspection acts are kept.
    pub photos_dir: std::path::PathBuf,
    /// Where other stored files are kept: scans of the answers to inter-agency requests.
    pub documents_dir: std::path::PathBuf,
    /// Where the boards' live updates come from: a live query (one database node) or the change
    /// feed (several).
    pub live_source: crate::live::LiveSource,
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
            lock_duration: Duration::from_secs(15 * 60),
            secure_cookies: false,
            tiles: DEFAULT_TILES.into(),
            tiles_attribution: DEFAULT_TILES_ATTRIBUTION.into(),
            photos_dir: std::env::temp_dir().join("opora-photos"),
            documents_dir: std::env::temp_dir().join("opora-documents"),
            live_source: crate::live::LiveSource::default(),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub settings: Arc<Settings>,
    /// Changes of cases, pushed to the open boards.
    pub live: crate::live::LiveHub,
    /// Reports and dashboards counted in the background.
    pub counts: crate::counted::ssr::Counts,
}

/// The fields of a case its live updates report besides the key fields: where it lies on a
/// board, where it lay before its last write (`was`, migration 0014), and who works on its plan
/// (`specialists`, migration 0016: they see it).
pub const CASE_LIVE_FIELDS: &[&str] =
    &["stage", "categories", "due_on", "stage_since", "board_key", "was", "specialists"];

/// The live-update hub of the case table, as the boards hear it: the district, the curator and
/// the author as keys, and [`CASE_LIVE_FIELDS`].
pub fn case_hub(db: Db, source: crate::live::LiveSource) -> crate::live::LiveHub {
    crate::live::LiveHub::new(db, source, "case_file", &["district", "curator", "created_by"], CASE_LIVE_FIELDS)
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, db: Db, settings: Settings) -> Self {
        let live = case_hub(db.clone(), settings.live_source);
        AppState { leptos_options, db, settings: Arc::new(settings), live, counts: Default::default() }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The application state of the current request.
pub fn app_state() -> AppResult<AppState> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("application state missing"))
}

pub fn db() -> AppResult<Db> {
    Ok(app_state()?.db)
}
