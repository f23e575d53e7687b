//! Helpers for the integration tests: an in-memory database with the real schema, users of
//! every role, and the real HTTP router to call server functions through.

use app::auth::users::{create_user, NewUser};
use app::auth::{CurrentUser, Role};
use app::db::Db;
use app::state::{AppState, Settings};
use axum::body::Body;
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const PASSWORD: &str = "Тестовый-пароль-2026";

/// Panics of the server's code seen while the tests run: the server's tasks run on the runtime's
/// worker threads, where a panic does not fail a test by itself (the runtime catches it, the
/// response is cut). Every request of [`TestApp`] fails its test when one has happened.
static SERVER_PANICS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Installs the panic hook once: it records every panic outside the tests' own code (an
/// assertion of a test fails that test anyway) and then reports it as usual.
pub fn watch_panics() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        // The server's errors (an internal error's detail behind its incident code) go to the
        // output of the test that caused them, shown when it fails; OPORA_TEST_LOG sets more.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_env("OPORA_TEST_LOG")
                    .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("error")),
            )
            .with_test_writer()
            .try_init();
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let location = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
            if !location.starts_with("tests/") {
                let message = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let thread = std::thread::current().name().unwrap_or("?").to_string();
                if let Ok(mut panics) = SERVER_PANICS.lock() {
                    panics.push(format!("thread '{thread}' panicked at {location}: {message}"));
                }
            }
            previous(info);
        }));
    });
}

/// Fails the calling test when the server's code panicked.
pub fn assert_no_server_panic() {
    let panics: Vec<String> = SERVER_PANICS.lock().map(|mut p| std::mem::take(&mut *p)).unwrap_or_default();
    assert!(panics.is_empty(), "the server panicked:\n{}", panics.join("\n"));
}

/// A fresh database with the schema (and so the six districts of migration 0002): in memory,
/// or, when `OPORA_TEST_DB` names a SurrealDB server (`ws://127.0.0.1:8000`, its root user in
/// `OPORA_TEST_DB_USER` and `OPORA_TEST_DB_PASS`), a database of the test's own on that server.
pub async fn database() -> Db {
    watch_panics();
    match test_server() {
        Some(server) => server.fresh().await,
        None => opora_server::db::open_memory().await.expect("in-memory database"),
    }
}

/// The SurrealDB server the tests run against, when they do.
pub struct TestServer {
    pub url: String,
    pub root: opora_server::db::ServerAuth,
}

pub fn test_server() -> Option<TestServer> {
    let url = std::env::var("OPORA_TEST_DB").ok().filter(|u| !u.trim().is_empty())?;
    let user = std::env::var("OPORA_TEST_DB_USER").unwrap_or_else(|_| "root".into());
    let pass = std::env::var("OPORA_TEST_DB_PASS").unwrap_or_default();
    Some(TestServer { url, root: opora_server::db::ServerAuth::root(user, pass) })
}

impl TestServer {
    /// A new database of its own, with the schema.
    pub async fn fresh(&self) -> Db {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("t{}_{}_{n}", std::process::id(), rand::random::<u32>());
        self.open(&name).await
    }

    /// The server's `opora-db` binary (OPORA_DB_BIN, as the test command sets it).
    fn binary(&self) -> std::path::PathBuf {
        std::env::var("OPORA_DB_BIN").map(Into::into).expect("OPORA_DB_BIN: the opora-db binary of the test server")
    }

    /// The server's own command line, signed in as root, on the database `name`.
    fn command(&self, verb: &str, name: &str) -> std::process::Command {
        let endpoint = self.url.replacen("ws://", "http://", 1);
        let mut command = std::process::Command::new(self.binary());
        command
            .arg(verb)
            .args(["--endpoint", &endpoint, "--namespace", "opora_test", "--database", name])
            // The credentials by environment, not on the command line where `ps` shows them.
            .env("SURREAL_USER", self.root.username.as_deref().unwrap_or("root"))
            .env("SURREAL_PASS", self.root.password.as_deref().unwrap_or_default());
        command
    }

    /// Exports the database of `db` through the server (`opora-db export`) to `file`; its size.
    pub async fn export(&self, db: &Db, file: &std::path::Path) -> u64 {
        std::fs::create_dir_all(file.parent().expect("a directory")).expect("directory");
        let name = database_name(db).await;
        let out = self.command("export", &name).arg(file).output().expect("opora-db export runs");
        assert!(out.status.success(), "opora-db export: {}", String::from_utf8_lossy(&out.stderr));
        std::fs::metadata(file).expect("the export").len()
    }

    /// A new, empty database (no schema) with `file` imported by the server (`opora-db import`).
    pub async fn import_into_empty(&self, file: &std::path::Path) -> Db {
        let name = format!("r{}_{}", std::process::id(), rand::random::<u32>());
        let db = opora_server::db::open_unmigrated_in(&self.url, &self.root, "opora_test", &name)
            .await
            .expect("an empty database on the server");
        let out = self.command("import", &name).arg(file).output().expect("opora-db import runs");
        assert!(out.status.success(), "opora-db import: {}", String::from_utf8_lossy(&out.stderr));
        db
    }

    /// The database `name` (with the schema), through a connection of its own: what another
    /// Опора node sees of it.
    pub async fn open(&self, name: &str) -> Db {
        opora_server::db::open_in(&self.url, &self.root, "opora_test", name).await.expect("a database on the server")
    }
}

/// The name of the database a handle is on (to open it again from another "node").
pub async fn database_name(db: &Db) -> String {
    let name: Option<String> = db.query("RETURN session::db()").await.expect("session").take(0).expect("name");
    name.expect("a database is selected")
}

/// The same database as `db` seen from a second Опора node: a connection of its own on the
/// test server, or (in memory, where there is one process) the same handle.
pub async fn second_node(db: &Db) -> Db {
    match test_server() {
        Some(server) => server.open(&database_name(db).await).await,
        None => db.clone(),
    }
}

/// Rows in each of `tables`, to compare a database before and after.
pub async fn table_counts(db: &Db, tables: &[&str]) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for table in tables {
        let n: Option<i64> =
            db.query(format!("RETURN count(SELECT VALUE id FROM {table})")).await.expect("count").take(0).expect("n");
        out.push((table.to_string(), n.unwrap_or(0)));
    }
    out
}

/// Creates a user with one role (district roles work districts 1 and 2).
/// A caseworker of district 5 only, who does not see the families of districts 1 and 2 that the
/// tests' own users work.
pub async fn far_caseworker(db: &Db, login: &str) {
    create_user(
        db,
        &NewUser {
            login: login.into(),
            full_name: "Дальняя Ольга Петровна".into(),
            position: String::new(),
            roles: vec![Role::Caseworker],
            districts: vec!["d5".into()],
            password: PASSWORD.into(),
            must_change_password: false,
        },
    )
    .await
    .expect("a caseworker of another district");
}

pub async fn user(db: &Db, login: &str, role: Role) -> CurrentUser {
    let districts = match role {
        Role::Caseworker | Role::Supervisor => vec!["d1".to_string(), "d2".to_string()],
        _ => vec![],
    };
    let full_name = format!("Проверкина {} Ивановна", role.label());
    let id = create_user(
        db,
        &NewUser {
            login: login.into(),
            full_name: full_name.clone(),
            position: String::new(),
            roles: vec![role],
            districts: districts.clone(),
            password: PASSWORD.into(),
            must_change_password: false,
        },
    )
    .await
    .expect("user created");
    CurrentUser { id, login: login.into(), full_name, roles: vec![role], districts, must_change_password: false }
}

/// A site directory of its own for one test, with the given files; removed afterwards.
pub struct TempSite(pub std::path::PathBuf);

impl TempSite {
    pub fn with(name: &str, files: &[(&str, &str)]) -> Self {
        let root = std::env::temp_dir().join(format!("opora-site-{name}-{}", std::process::id()));
        for (path, text) in files {
            let file = root.join(path);
            std::fs::create_dir_all(file.parent().expect("a file in the site")).expect("site dir");
            std::fs::write(file, text).expect("site file");
        }
        TempSite(root)
    }

    pub fn root(&self) -> String {
        self.0.display().to_string()
    }
}

impl Drop for TempSite {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The application's router over a database, as the server builds it.
pub struct TestApp {
    pub db: Db,
    pub router: axum::Router,
    /// The client address every request of this app comes from (its own, so that the login
    /// throttling by address of one test does not reach another).
    pub address: std::net::SocketAddr,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
    /// The body as it came (a workbook, a photo).
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(http::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("opora_session=") && !v.starts_with("opora_session=;"))
            .map(|v| v.split(';').next().unwrap_or_default().to_string())
    }
}

impl TestApp {
    pub async fn new(db: Db) -> Self {
        Self::with_settings(db, Settings::default()).await
    }

    pub async fn with_settings(db: Db, settings: Settings) -> Self {
        Self::with_site(db, settings, "target/site").await
    }

    /// An app serving the client files of `site_root` (its `pkg/`).
    pub async fn with_site(db: Db, settings: Settings, site_root: &str) -> Self {
        let leptos_options = leptos::config::LeptosOptions::builder()
            .output_name("opora")
            .site_root(site_root)
            .site_pkg_dir("pkg")
            .build();
        watch_panics();
        let state = AppState::new(leptos_options, db.clone(), settings);
        let address =
            std::net::SocketAddr::from(([127, rand::random(), rand::random(), rand::random::<u8>().max(1)], 40000));
        TestApp { db, router: opora_server::http::router(state), address }
    }

    pub async fn send(&self, mut request: Request<Body>) -> Reply {
        if request.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().is_none() {
            request.extensions_mut().insert(axum::extract::ConnectInfo(self.address));
        }
        let response = self.router.clone().oneshot(request).await.expect("response");
        let status = response.status();
        let headers = response.headers().clone();
        // The whole body, streamed to its end: the page's reactive owner is dropped there.
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        assert_no_server_panic();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes: bytes.to_vec() }
    }

    /// Calls a server function with a JSON body (as the browser does for JSON-encoded ones) or
    /// a form body, as the user behind `cookie`.
    pub async fn call(&self, path: &str, body: ServerFnBody, cookie: Option<&str>) -> Reply {
        let mut request = Request::post(path).header("origin", "http://localhost").header("host", "localhost");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let request = match body {
            ServerFnBody::Json(value) => {
                let body = value.to_string();
                request
                    .header("content-type", "application/json")
                    .header("accept", "application/json")
                    .header("content-length", body.len())
                    .body(Body::from(body))
            }
            ServerFnBody::Form(pairs) => {
                let body = form_encode(&pairs);
                request
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("accept", "application/json")
                    .header("content-length", body.len())
                    .body(Body::from(body))
            }
        };
        self.send(request.expect("request")).await
    }

    /// A page read as a slow tablet reads it: frame by frame with a pause after each, so the
    /// end of the stream is polled later, often on another worker thread than the one that
    /// rendered the page.
    pub async fn get_slowly(&self, path: &str, cookie: Option<&str>, pause: std::time::Duration) -> Reply {
        let mut request = Request::get(path).header("host", "localhost");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response =
            self.router.clone().oneshot(request.body(Body::empty()).expect("request")).await.expect("response");
        let status = response.status();
        let headers = response.headers().clone();
        let mut body = response.into_body();
        let mut bytes = Vec::new();
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame.expect("body frame").into_data() {
                bytes.extend_from_slice(&data);
            }
            tokio::time::sleep(pause).await;
        }
        assert_no_server_panic();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes: bytes.to_vec() }
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut request = Request::get(path).header("host", "localhost");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        self.send(request.body(Body::empty()).expect("request")).await
    }

    /// Signs in through the login server function and returns the session cookie.
    pub async fn login(&self, login: &str) -> String {
        // A login that never answers fails by name instead of holding the whole run. «Busy»
        // (429: the password checks of the other tests fill the queue) is tried again, as a
        // person would after a moment.
        let signing_in = async {
            loop {
                let reply = self
                    .call(
                        "/api/auth/login",
                        ServerFnBody::Form(vec![
                            ("login", login.into()),
                            ("password", PASSWORD.into()),
                            ("next", "/".into()),
                        ]),
                        None,
                    )
                    .await;
                if reply.status != http::StatusCode::TOO_MANY_REQUESTS || !reply.body.contains("повторите через минуту")
                {
                    return reply;
                }
                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            }
        };
        let reply = tokio::time::timeout(std::time::Duration::from_secs(60), signing_in)
            .await
            .unwrap_or_else(|_| panic!("login of {login} did not answer within 60 s"));
        reply.session_cookie().unwrap_or_else(|| panic!("login of {login} failed: {} {}", reply.status, reply.body))
    }
}

pub enum ServerFnBody {
    Json(serde_json::Value),
    Form(Vec<(&'static str, String)>),
}

pub fn form_encode(pairs: &[(&str, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", app::url::urlencode(v))).collect::<Vec<_>>().join("&")
}

/// A family case form of a district, as a caseworker would fill it today.
pub fn family_form(title: &str, district: &str, curator: &str) -> app::cases::types::CaseForm {
    use app::cases::types::{CaseForm, MemberForm};
    let today = app::time::local_today(chrono::Utc::now());
    CaseForm {
        kind: "family".into(),
        title: title.into(),
        members: vec![MemberForm {
            full_name: format!("{} Ирина Олеговна", title.trim_start_matches("Семья ").trim_end_matches("ых")),
            birth_date: "1990-05-01".into(),
            relation: "applicant".into(),
            categories: vec![],
        }],
        categories: vec!["family_children".into()],
        address: "г. Югорск, ул. Мира, д. 5, кв. 12".into(),
        district: district.into(),
        phone: "+7 912 000-11-22".into(),
        consent: true,
        consent_date: today.to_string(),
        curator: curator.into(),
        source: "personal".into(),
        detected_on: today.to_string(),
        ..Default::default()
    }
}

/// Opens a case as `by`; its key.
pub async fn open_case(db: &Db, by: &CurrentUser, form: &app::cases::types::CaseForm) -> String {
    let today = app::time::local_today(chrono::Utc::now());
    let case = app::cases::validate::validate_case(form, today).expect("valid case");
    let calendar = app::cases::repo::calendar(db).await.expect("calendar");
    app::cases::repo::create(db, by, &case, &calendar, chrono::Utc::now()).await.expect("case opened")
}

/// Every cell of a workbook's sheet `name` as text, row by row.
pub fn sheet_rows(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("an xlsx workbook");
    let range = book.worksheet_range(name).unwrap_or_else(|e| panic!("the sheet «{name}»: {e}"));
    range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

/// The cells of the row `label` of a report table as sent to the page (numbers and texts as text).
pub fn report_row(table: &serde_json::Value, label: &str) -> Vec<String> {
    use serde_json::Value;
    table["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["label"] == label)
        .unwrap_or_else(|| panic!("no row {label} in {table}"))["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .map(|c| match c {
            Value::Object(o) if o.contains_key("Number") => o["Number"].to_string(),
            Value::Object(o) if o.contains_key("Text") => o["Text"].as_str().unwrap_or_default().to_string(),
            other => other.to_string(),
        })
        .collect()
}

/// The figures of a counted report as sent to the page ([`app::counted::Counted`]): a page just
/// opened gets a count begun at its opening — on a test's data, ended before the answer.
pub fn counted_now(counted: &serde_json::Value) -> &serde_json::Value {
    let ready = &counted["Ready"];
    assert_eq!(ready["recounting"], false, "{counted}");
    &ready["value"]
}

/// The table `key` of a report as sent to the page.
pub fn report_table<'a>(report: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    report["tables"].as_array().expect("tables").iter().find(|t| t["key"] == key).expect("table")
}
