//! Settings from flags and `OPORA_*` environment variables.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Parser)]
#[command(name = "opora", version, about = "Опора — сопровождение семей и граждан: сервер и служебные команды")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Directory for the embedded database and uploaded files.
    #[arg(long, env = "OPORA_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
    /// Embedded store in DATA_DIR when no URL is given: surrealkv (default) or rocksdb (a build
    /// with `--features rocksdb`).
    #[arg(long, env = "OPORA_ENGINE", value_enum, default_value = "surrealkv", global = true)]
    pub engine: crate::db::Engine,
    /// Database URL: surrealkv://DIR (embedded, default: DATA_DIR/db), rocksdb://DIR, mem:// or ws://HOST:PORT.
    #[arg(long = "db", env = "OPORA_DB", global = true)]
    pub db_url: Option<String>,
    /// Опора's own user on a SurrealDB server (ws://), a user of its database only (`opora
    /// db-user` creates it).
    #[arg(long, env = "OPORA_DB_USER", global = true)]
    pub db_user: Option<String>,
    /// The password of that user.
    #[arg(long, env = "OPORA_DB_PASS", global = true, hide_env_values = true)]
    pub db_pass: Option<String>,
}

impl GlobalArgs {
    pub fn database_url(&self) -> String {
        self.db_url.clone().unwrap_or_else(|| crate::db::embedded_url(&self.data_dir, self.engine))
    }
    pub fn server_auth(&self) -> crate::db::ServerAuth {
        crate::db::ServerAuth {
            username: self.db_user.clone(),
            password: self.db_pass.clone(),
            level: crate::db::AuthLevel::Database,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "OPORA_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Directory of the built site (the WASM bundle, styles, static files).
    #[arg(long, env = "OPORA_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// A session ends after this long without activity (e.g. 15m, 900s, 1h).
    #[arg(long, env = "OPORA_IDLE_TIMEOUT", default_value = "15m", value_parser = parse_duration)]
    pub idle_timeout: Duration,
    /// A session ends after this long in any case.
    #[arg(long, env = "OPORA_SESSION_LIFETIME", default_value = "12h", value_parser = parse_duration)]
    pub session_lifetime: Duration,
    /// How long an account stays locked after too many wrong passwords (an administrator can
    /// also unlock it on «Пользователи»).
    #[arg(long, env = "OPORA_LOCK_DURATION", default_value = "15m", value_parser = parse_duration)]
    pub lock_duration: Duration,
    /// Mark the session cookie Secure (set when served over HTTPS, directly or behind a proxy).
    #[arg(long, env = "OPORA_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// The process exits (code 70) when the database has not answered its probe for this long,
    /// so that the service manager restarts it; 0s turns the watchdog off.
    #[arg(long, env = "OPORA_WATCHDOG", default_value = "2m", value_parser = parse_duration_or_off)]
    pub watchdog: Duration,
    /// Where the boards' live updates come from: `query` (a live query: the embedded database or
    /// one SurrealDB server) or `changefeed` (the table's change feed, read every
    /// OPORA_LIVE_POLL_MS: needed when the database runs on several nodes).
    #[arg(long, env = "OPORA_LIVE", value_enum, default_value = "query")]
    pub live: LiveMode,
    /// How often the change feed is read, in milliseconds (with `--live changefeed`).
    #[arg(long, env = "OPORA_LIVE_POLL_MS", default_value_t = 200, value_parser = clap::value_parser!(u64).range(20..=10_000))]
    pub live_poll_ms: u64,
    /// Map tiles of the resource map, a URL template with {z}/{x}/{y}; empty: no tiles (the
    /// districts and partners still show).
    #[arg(long, env = "OPORA_TILES", default_value = app::state::DEFAULT_TILES)]
    pub tiles: String,
    /// The attribution the tile provider asks for, shown on the map.
    #[arg(long, env = "OPORA_TILES_ATTRIBUTION", default_value = app::state::DEFAULT_TILES_ATTRIBUTION)]
    pub tiles_attribution: String,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            addr: "127.0.0.1:3000".parse().expect("valid address"),
            site_root: PathBuf::from("target/site"),
            idle_timeout: Duration::from_secs(15 * 60),
            session_lifetime: Duration::from_secs(12 * 3600),
            lock_duration: Duration::from_secs(15 * 60),
            secure_cookies: false,
            watchdog: Duration::from_secs(120),
            live: LiveMode::Query,
            live_poll_ms: 200,
            tiles: app::state::DEFAULT_TILES.into(),
            tiles_attribution: app::state::DEFAULT_TILES_ATTRIBUTION.into(),
        }
    }
}

/// The source of live updates, as the command line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LiveMode {
    Query,
    Changefeed,
}

impl ServeArgs {
    pub fn live_source(&self) -> app::live::LiveSource {
        match self.live {
            LiveMode::Query => app::live::LiveSource::Query,
            LiveMode::Changefeed => {
                app::live::LiveSource::Changefeed { every: Duration::from_millis(self.live_poll_ms) }
            }
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (the default).
    Serve(ServeArgs),
    /// Fill the database with realistic demo data and demo users of every role.
    SeedDemo {
        /// Add demo data even when the database already has journal entries.
        #[arg(long)]
        force: bool,
    },
    /// Create a user (the first administrator, for example). The password is read from stdin.
    CreateUser(crate::users::CreateUserArgs),
    /// Fill the database with the data of a region, for benchmarks and load tests
    /// (scale 1: 100 000 journal entries, 20 000 cases, 2 000 partners, 60 accounts).
    Generate {
        /// How much: 1 is a region, 10 ten of them, 0.01 a quick check.
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        /// The same seed makes the same data.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Generate into a database that holds other data too (never do this to a working one).
        #[arg(long)]
        force: bool,
        /// As for `serve`: exit with code 70 when the database has not answered its probe for this
        /// long (a long fill is where the embedded store was once seen to freeze); run again, the
        /// fill resumes where it stopped. 0s turns the watchdog off.
        #[arg(long, env = "OPORA_WATCHDOG", default_value = "2m", value_parser = parse_duration_or_off)]
        watchdog: Duration,
    },
    /// Write the whole database to a file (SurrealQL).
    Backup {
        /// The file to write.
        file: std::path::PathBuf,
    },
    /// Count the open cases again and correct the board's tallies where they differ.
    Reconcile,
    /// Create Опора's own user on a SurrealDB server (or give it a new password): a user of
    /// Опора's database only, named by OPORA_DB_USER with the password OPORA_DB_PASS, made by
    /// the server's root user. The namespace and the database are created too.
    DbUser {
        /// The server's root user.
        #[arg(long, env = "OPORA_DB_ROOT_USER", default_value = "root")]
        root_user: String,
        /// The root user's password.
        #[arg(long, env = "OPORA_DB_ROOT_PASS", hide_env_values = true)]
        root_pass: String,
    },
    /// Restore a backup into an empty database.
    Restore {
        /// The file written by `opora backup`.
        file: std::path::PathBuf,
    },
}

/// «15m», «900s», «900», «1h», «2d».
/// A duration, or zero («0», «0s»: turned off).
pub fn parse_duration_or_off(text: &str) -> Result<Duration, String> {
    if text.trim().trim_end_matches(['s', 'm', 'h', 'd']) == "0" {
        return Ok(Duration::ZERO);
    }
    parse_duration(text)
}

pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, "s"),
    };
    let n: u64 = number.parse().map_err(|_| format!("не число: «{text}»"))?;
    let secs = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86400,
        _ => return Err(format!("неизвестная единица «{unit}»: используйте s, m, h или d")),
    };
    if secs == 0 {
        return Err("длительность должна быть больше нуля".into());
    }
    Ok(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("12h"), Ok(Duration::from_secs(43200)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("5 минут").is_err());
    }
}
