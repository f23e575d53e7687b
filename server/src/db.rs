//! Opening the database (one code path for embedded SurrealKV, memory and a SurrealDB server)
//! and applying the schema migrations in order, each exactly once.

use app::db::Db;
use std::path::Path;
use surrealdb::engine::any::connect;
use surrealdb::opt::auth::{Database, Root};

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
    ("0033_case_changefeed", include_str!("../migrations/0033_case_changefeed.surql")),
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
    #[error("имя «{name}» не годится для базы данных: только латинские буквы, цифры и «_», не с цифры")]
    BadName { name: String },
    #[error("пароль пользователя базы данных слишком короткий: нужно не меньше 12 знаков")]
    WeakPassword,
    #[error("не удалось вычислить хэш пароля: {0}")]
    PasswordHash(String),
    #[error("ошибка базы данных: {0}")]
    Query(#[from] surrealdb::Error),
    #[error("не удалось записать данные по умолчанию (карты-маршрутизаторы, производственный календарь): {0}")]
    DefaultData(String),
}

/// Who Опора signs in as on a SurrealDB server (`ws://`); the embedded engines need nobody.
#[derive(Debug, Clone, Default)]
pub struct ServerAuth {
    pub username: Option<String>,
    pub password: Option<String>,
    pub level: AuthLevel,
}

/// The level of a SurrealDB user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthLevel {
    /// A user of Опора's database only (`opora db-user` creates it): what `opora serve` runs as.
    /// The namespace and the database must exist already.
    #[default]
    Database,
    /// The server's root user: creates the namespace and the database itself (the tests, and
    /// `opora db-user`).
    Root,
}

impl ServerAuth {
    /// Root credentials.
    pub fn root(username: impl Into<String>, password: impl Into<String>) -> Self {
        ServerAuth { username: Some(username.into()), password: Some(password.into()), level: AuthLevel::Root }
    }
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
    open_in(url, auth, NAMESPACE, DATABASE).await
}

/// [`open`] with a namespace and database of the caller's choice (the tests give each test a
/// database of its own on a shared server).
pub async fn open_in(url: &str, auth: &ServerAuth, namespace: &str, database: &str) -> Result<Db, DbError> {
    let db = open_unmigrated_in(url, auth, namespace, database).await?;
    migrate(&db).await?;
    Ok(db)
}

/// Opens the database and selects the namespace and database, without migrating: for tests
/// of the upgrade path.
pub async fn open_unmigrated(url: &str, auth: &ServerAuth) -> Result<Db, DbError> {
    open_unmigrated_in(url, auth, NAMESPACE, DATABASE).await
}

/// [`open_unmigrated`] in a namespace and database of the caller's choice.
pub async fn open_unmigrated_in(url: &str, auth: &ServerAuth, namespace: &str, database: &str) -> Result<Db, DbError> {
    if url.starts_with("rocksdb:") && !cfg!(feature = "rocksdb") {
        return Err(DbError::EngineNotBuilt { url: url.to_string() });
    }
    let db: Db =
        std::sync::Arc::new(connect(url).await.map_err(|source| DbError::Open { url: url.to_string(), source })?);
    let signed_in = |source| DbError::SignIn { url: url.to_string(), source };
    match (&auth.username, &auth.password, auth.level) {
        (Some(username), Some(password), AuthLevel::Database) => {
            // A database user: its namespace and database are there (`opora db-user` made them).
            db.use_ns(namespace).use_db(database).await?;
            db.signin(Database {
                namespace: namespace.to_string(),
                database: database.to_string(),
                username: username.clone(),
                password: password.clone(),
            })
            .await
            .map_err(signed_in)?;
        }
        (Some(username), Some(password), AuthLevel::Root) => {
            db.signin(Root { username: username.clone(), password: password.clone() }).await.map_err(signed_in)?;
            create_namespace_and_database(&db, namespace, database).await?;
        }
        _ => create_namespace_and_database(&db, namespace, database).await?,
    }
    db.use_ns(namespace).use_db(database).await?;
    Ok(db)
}

async fn create_namespace_and_database(db: &Db, namespace: &str, database: &str) -> Result<(), DbError> {
    if let Some(bad) = [namespace, database].into_iter().find(|name| !is_identifier(name)) {
        return Err(DbError::BadName { name: bad.to_string() });
    }
    db.query(format!(
        "DEFINE NAMESPACE IF NOT EXISTS {namespace}; USE NS {namespace}; DEFINE DATABASE IF NOT EXISTS {database};"
    ))
    .await?
    .check()?;
    Ok(())
}

/// Whether a name may go into SurrealQL as an identifier (a namespace, a database, a user):
/// letters, digits and underscores only, so that it cannot carry anything else.
fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

/// Creates Опора's own user on a SurrealDB server, or gives it a new password: signed in as
/// `root`, it makes the namespace and the database and a user of that database only, with the
/// rights to define its schema and to read and write its data (`EDITOR`), and none over other
/// databases or users.
pub async fn provision_user(url: &str, root: &ServerAuth, username: &str, password: &str) -> Result<(), DbError> {
    if password.chars().count() < 12 {
        return Err(DbError::WeakPassword);
    }
    if !is_identifier(username) {
        return Err(DbError::BadName { name: username.to_string() });
    }
    // The server keeps an Argon2 hash; the password itself never goes into a query (or a log).
    let hash = app::auth::password::hash(password).map_err(DbError::PasswordHash)?;
    if hash.contains(['\'', '\\']) {
        return Err(DbError::PasswordHash(format!("неожиданный вид хэша: {}", hash.len())));
    }
    let db = open_unmigrated(url, &ServerAuth { level: AuthLevel::Root, ..root.clone() }).await?;
    db.query(format!("DEFINE USER OVERWRITE {username} ON DATABASE PASSHASH '{hash}' ROLES EDITOR;")).await?.check()?;
    Ok(())
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

    #[test]
    fn only_plain_names_go_into_surrealql() {
        assert!(is_identifier("opora") && is_identifier("t123_4") && is_identifier("main"));
        for bad in ["", "1st", "opora; REMOVE DATABASE main", "опора", "a-b", "a b"] {
            assert!(!is_identifier(bad), "{bad:?}");
        }
    }

    #[tokio::test]
    async fn a_database_user_needs_a_long_password_and_a_plain_name() {
        let root = ServerAuth::root("root", "root");
        let weak = provision_user("ws://127.0.0.1:1", &root, "opora", "short").await;
        assert!(matches!(weak, Err(DbError::WeakPassword)), "{weak:?}");
        let bad =
            provision_user("ws://127.0.0.1:1", &root, "opora; REMOVE NAMESPACE opora", "достаточно-длинный-пароль")
                .await;
        assert!(matches!(bad, Err(DbError::BadName { .. })), "{bad:?}");
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
