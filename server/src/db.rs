//! Opening the database (one code path for embedded SurrealKV, memory and a SurrealDB server)
//! and applying the schema migrations in order, each exactly once.

use app::db::Db;
use std::path::Path;
use surrealdb::engine::any::connect;
use surrealdb::opt::auth::Root;

pub const NAMESPACE: &str = "opora";
pub const DATABASE: &str = "main";

/// The migrations, in order. Applied ones are recorded in `schema_migration` with a checksum;
/// an applied migration must never change.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_foundation", include_str!("../migrations/0001_foundation.surql")),
    ("0002_districts", include_str!("../migrations/0002_districts.surql")),
    ("0003_journal_newest_first", include_str!("../migrations/0003_journal_newest_first.surql")),
    ("0004_audit_newest_first", include_str!("../migrations/0004_audit_newest_first.surql")),
    ("0005_newest_first_indexes", include_str!("../migrations/0005_newest_first_indexes.surql")),
    ("0006_cases", include_str!("../migrations/0006_cases.surql")),
    ("0007_resources", include_str!("../migrations/0007_resources.surql")),
    ("0008_visits", include_str!("../migrations/0008_visits.surql")),
    ("0009_acts", include_str!("../migrations/0009_acts.surql")),
    ("0010_routes", include_str!("../migrations/0010_routes.surql")),
    ("0011_calendar_years", include_str!("../migrations/0011_calendar_years.surql")),
    ("0012_hardening", include_str!("../migrations/0012_hardening.surql")),
    ("0013_health", include_str!("../migrations/0013_health.surql")),
    ("0014_board_tally", include_str!("../migrations/0014_board_tally.surql")),
    ("0015_applications", include_str!("../migrations/0015_applications.surql")),
    ("0016_plans_for_every_family", include_str!("../migrations/0016_plans_for_every_family.surql")),
    ("0017_ippsu", include_str!("../migrations/0017_ippsu.surql")),
    ("0018_contracts", include_str!("../migrations/0018_contracts.surql")),
    ("0019_consilium", include_str!("../migrations/0019_consilium.surql")),
    ("0020_application_corrections", include_str!("../migrations/0020_application_corrections.surql")),
    ("0021_elders", include_str!("../migrations/0021_elders.surql")),
    ("0022_elder_events", include_str!("../migrations/0022_elder_events.surql")),
    ("0023_elder_plans", include_str!("../migrations/0023_elder_plans.surql")),
    ("0024_elder_needs", include_str!("../migrations/0024_elder_needs.surql")),
    ("0025_rental", include_str!("../migrations/0025_rental.surql")),
    ("0026_inquiries", include_str!("../migrations/0026_inquiries.surql")),
    ("0027_taxi", include_str!("../migrations/0027_taxi.surql")),
    ("0028_patrol", include_str!("../migrations/0028_patrol.surql")),
    ("0029_inquiry_answer_file", include_str!("../migrations/0029_inquiry_answer_file.surql")),
    ("0030_patrol_cancel", include_str!("../migrations/0030_patrol_cancel.surql")),
    ("0031_reports", include_str!("../migrations/0031_reports.surql")),
    ("0032_monitoring", include_str!("../migrations/0032_monitoring.surql")),
];

/// The router maps shipped by default (data, not code), put into a database that lacks them.
pub const DEFAULT_ROUTER_MAPS: &str = include_str!("../data/router_maps.json");

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("не удалось открыть базу данных {url}: {source}")]
    Open { url: String, source: surrealdb::Error },
    #[error("не удалось войти в сервер базы данных {url}: {source}")]
    SignIn { url: String, source: surrealdb::Error },
    #[error("не удалось применить миграцию {name}: {source}")]
    Migration { name: String, source: surrealdb::Error },
    #[error("миграция {name} уже применена, но её файл изменился (контрольная сумма не совпадает); измените схему новой миграцией")]
    ChangedMigration { name: String },
    #[error("эта сборка opora не умеет RocksDB ({url}): соберите её с `--features rocksdb` или выберите SurrealKV")]
    EngineNotBuilt { url: String },
    #[error("ошибка базы данных: {0}")]
    Query(#[from] surrealdb::Error),
    #[error("не удалось записать данные по умолчанию (карты-маршрутизаторы, производственный календарь): {0}")]
    DefaultData(String),
}

/// Credentials for a SurrealDB server (`ws://`); embedded engines need none.
#[derive(Debug, Clone, Default)]
pub struct ServerAuth {
    pub username: Option<String>,
    pub password: Option<String>,
}

/// The embedded store: SurrealKV (the default) or RocksDB (a build with `--features rocksdb`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Engine {
    #[default]
    #[value(name = "surrealkv")]
    SurrealKv,
    #[value(name = "rocksdb")]
    RocksDb,
}

impl Engine {
    /// The engine named by `OPORA_ENGINE` (`surrealkv` or `rocksdb`), SurrealKV when unset: for
    /// the benches and the crash test, which open their databases without the server's flags.
    pub fn from_env() -> Engine {
        match std::env::var("OPORA_ENGINE").ok().as_deref() {
            Some("rocksdb") => Engine::RocksDb,
            _ => Engine::SurrealKv,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Engine::SurrealKv => "SurrealKV",
            Engine::RocksDb => "RocksDB",
        }
    }
}

/// The embedded database URL for a data directory, with an fsync on every commit, so that an
/// acknowledged write survives a crash. The two engines keep different files, each in a
/// directory of its own.
pub fn embedded_url(data_dir: &Path, engine: Engine) -> String {
    match engine {
        Engine::SurrealKv => format!("surrealkv://{}?sync=every", data_dir.join("db").display()),
        Engine::RocksDb => format!("rocksdb://{}?sync=every", data_dir.join("db-rocksdb").display()),
    }
}

/// Opens the database at `url` (`surrealkv://…`, `mem://`, `ws://host:port`), selects the
/// namespace and database, and applies the migrations.
pub async fn open(url: &str, auth: &ServerAuth) -> Result<Db, DbError> {
    let db = open_unmigrated(url, auth).await?;
    migrate(&db).await?;
    Ok(db)
}

/// Opens the database and selects the namespace and database, without migrating: for tests
/// of the upgrade path.
pub async fn open_unmigrated(url: &str, auth: &ServerAuth) -> Result<Db, DbError> {
    if url.starts_with("rocksdb:") && !cfg!(feature = "rocksdb") {
        return Err(DbError::EngineNotBuilt { url: url.to_string() });
    }
    let db = connect(url).await.map_err(|source| DbError::Open { url: url.to_string(), source })?;
    if let (Some(username), Some(password)) = (&auth.username, &auth.password) {
        db.signin(Root { username: username.clone(), password: password.clone() })
            .await
            .map_err(|source| DbError::SignIn { url: url.to_string(), source })?;
    }
    db.query(format!(
        "DEFINE NAMESPACE IF NOT EXISTS {NAMESPACE}; USE NS {NAMESPACE}; DEFINE DATABASE IF NOT EXISTS {DATABASE};"
    ))
    .await?
    .check()?;
    db.use_ns(NAMESPACE).use_db(DATABASE).await?;
    Ok(db)
}

/// A fresh in-memory database with the schema: for tests.
pub async fn open_memory() -> Result<Db, DbError> {
    open("mem://", &ServerAuth::default()).await
}

fn checksum(text: &str) -> String {
    // FNV-1a, 64 bit: enough to notice an edited migration file.
    let mut hash: u64 = 0xcbf29ce484222325;
    for byte in text.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    format!("{hash:016x}")
}

pub async fn migrate(db: &Db) -> Result<(), DbError> {
    migrate_first(db, MIGRATIONS.len()).await?;
    app::router_maps::repo::ensure_defaults(db, DEFAULT_ROUTER_MAPS)
        .await
        .map_err(|e| DbError::DefaultData(e.to_string()))?;
    app::plans::repo::backfill_responsible(db).await.map_err(|e| DbError::DefaultData(e.to_string()))?;
    ensure_calendars(db).await.map_err(|e| DbError::DefaultData(e.to_string()))
}

/// The official calendars shipped with Опора, for years the database has none of; when any was
/// put in, the open cases' deadlines are recomputed with it.
async fn ensure_calendars(db: &Db) -> Result<(), app::error::AppError> {
    let loaded = app::calendar::repo::ensure_shipped(db, crate::calendar_data::SHIPPED).await?;
    if !loaded.is_empty() {
        let calendar = app::calendar::repo::load(db).await?;
        let moved = app::cases::repo::recompute_deadlines(db, &calendar).await?;
        tracing::info!(years = ?loaded, moved_deadlines = moved, "official production calendars put in");
    }
    Ok(())
}

/// Applies the first `count` migrations that are not applied yet.
pub async fn migrate_first(db: &Db, count: usize) -> Result<(), DbError> {
    db.query(
        "DEFINE TABLE IF NOT EXISTS schema_migration SCHEMAFULL;
         DEFINE FIELD IF NOT EXISTS name ON schema_migration TYPE string;
         DEFINE FIELD IF NOT EXISTS checksum ON schema_migration TYPE string;
         DEFINE FIELD IF NOT EXISTS applied_at ON schema_migration TYPE datetime;",
    )
    .await?
    .check()?;
    for (name, text) in MIGRATIONS.iter().take(count) {
        let sum = checksum(text);
        let mut response = db
            .query("SELECT VALUE checksum FROM type::record('schema_migration', $name)")
            .bind(("name", name.to_string()))
            .await?;
        let applied: Option<String> = response.take(0)?;
        match applied {
            Some(existing) if existing == sum => continue,
            Some(_) => return Err(DbError::ChangedMigration { name: name.to_string() }),
            None => {}
        }
        tracing::info!(migration = name, "applying migration");
        let script = format!(
            "BEGIN TRANSACTION;\n{text}\n;CREATE type::record('schema_migration', $name) SET name = $name, checksum = $sum, applied_at = time::now();\nCOMMIT TRANSACTION;"
        );
        db.query(script)
            .bind(("name", name.to_string()))
            .bind(("sum", sum))
            .await
            .and_then(|r| r.check())
            .map_err(|source| DbError::Migration { name: name.to_string(), source })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_engine_keeps_its_own_directory_and_syncs_every_commit() {
        let dir = Path::new("/var/lib/opora");
        assert_eq!(embedded_url(dir, Engine::SurrealKv), "surrealkv:///var/lib/opora/db?sync=every");
        assert_eq!(embedded_url(dir, Engine::RocksDb), "rocksdb:///var/lib/opora/db-rocksdb?sync=every");
    }

    #[cfg(not(feature = "rocksdb"))]
    #[tokio::test]
    async fn a_build_without_rocksdb_says_so() {
        let Err(err) = open("rocksdb:///tmp/opora-no-such-engine?sync=every", &ServerAuth::default()).await else {
            panic!("a build without RocksDB opened a rocksdb:// URL");
        };
        assert!(matches!(err, DbError::EngineNotBuilt { .. }), "{err}");
        assert!(err.to_string().contains("--features rocksdb"), "{err}");
    }
}
