//! The HTTP stack: pages and server functions from the app, the export download, health,
//! static files, and the middleware every request passes (sessions, page guard, cross-site
//! request check, security headers, request log).

use crate::bundle::Bundle;
use app::auth::session::{session_middleware, AuthSession};
use app::state::AppState;
use app::{shell, App};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos_axum::{file_and_error_handler, generate_route_list, LeptosRoutes};
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

/// Paths anyone may open without signing in.
fn is_public(path: &str) -> bool {
    path == "/login"
        || path == "/healthz"
        || path.starts_with("/pkg/")
        || path.starts_with("/api/")
        || path == "/favicon.svg"
        || path == "/favicon.ico"
        || path == "/robots.txt"
        // The service worker keeps nothing personal itself, and the login page installs it too.
        || path == "/sw.js"
        // Which version of the client is deployed: nothing personal either.
        || path == "/version"
        || path.starts_with("/vendor/")
        || path.starts_with("/map/")
}

/// Pages need a session: without one the browser is sent to the login page and comes back
/// afterwards. A user who must change their password is sent to do that first. Server
/// functions answer 401/403 themselves.
/// Files to download (workbooks, CSV, JSON, GeoJSON, photos of acts, files of answers to
/// requests) answer 401 and 403 themselves.
fn is_download(path: &str) -> bool {
    [".xlsx", ".csv", ".json", ".geojson"].iter().any(|ext| path.ends_with(ext))
        || path.starts_with("/acts/photos/")
        || path.starts_with("/inquiries/files/")
}

async fn page_guard(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if req.method() != Method::GET || is_public(&path) {
        return next.run(req).await;
    }
    let session = req.extensions().get::<AuthSession>();
    match session {
        None => {
            if is_download(&path) || path.starts_with("/events/") {
                return next.run(req).await; // downloads and event streams answer 401 themselves
            }
            let here = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
            let target =
                if here == "/" { "/login".to_string() } else { format!("/login?next={}", app::url::urlencode(here)) };
            Redirect::to(&target).into_response()
        }
        Some(session) if session.user.must_change_password && path != "/password" => {
            Redirect::to("/password").into_response()
        }
        Some(session) => match app::auth::permissions::page(&path) {
            Some(roles) if !session.user.has_any(roles) && !is_download(&path) => forbidden_page(),
            _ => next.run(req).await,
        },
    }
}

const MB: usize = 1024 * 1024;
/// The most any request may send: a photo of an act in base64 with its envelope.
const LARGEST_BODY: usize = 18 * MB;

/// How much each route may receive: files where files are sent (as large as their own checks
/// allow, in base64), everything else little.
fn body_limit(path: &str) -> usize {
    match path {
        "/api/acts/add_photo" | "/api/inquiries/answer_file" => LARGEST_BODY,
        "/api/resources/import" => 15 * MB,
        "/api/resources/boundaries" => 7 * MB,
        _ => 2 * MB,
    }
}

/// Refuses a body larger than its route takes before reading it, with a message the form
/// shows (server functions read it as their error); a body without a length is cut at the same
/// limit while it is read.
async fn body_limits(req: Request, next: Next) -> Response {
    let limit = body_limit(req.uri().path());
    let length =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if length.is_some_and(|n| n > limit) {
        let message = format!("Слишком большой объём данных: не больше {} МБ за раз", limit / MB);
        let error = app::error::AppError::field("form", message);
        return (StatusCode::PAYLOAD_TOO_LARGE, Json(error)).into_response();
    }
    let (parts, body) = req.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

/// Server functions answer a failure with the status of its kind, also when it happens before
/// the function runs: arguments that do not deserialize would otherwise answer 500.
async fn server_fn_status(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let response = next.run(req).await;
    if !is_api || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(err) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(err.status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The answer to a page the signed-in user's role does not open.
fn forbidden_page() -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        Html(format!(
            "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>Нет доступа — Опора</title><link rel=\"stylesheet\" href=\"/pkg/{}\"></head>\
             <body><main class=\"page\"><div class=\"notice notice-error\" role=\"alert\"><strong>Нет доступа.</strong> \
             Этот раздел недоступен для вашей роли. Если доступ нужен для работы, обратитесь к администратору.</div>\
             <p><a class=\"btn btn-secondary\" href=\"/\">На главную</a></p></main></body></html>",
            Bundle::current().css
        )),
    )
        .into_response()
}

/// `GET /version`: what identifies the client bundle deployed now. A page open all day asks
/// it now and then and offers «Доступна новая версия — обновить» when it changed.
async fn version(State(state): State<AppState>) -> Response {
    let site_root = std::path::PathBuf::from(state.leptos_options.site_root.as_ref());
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], Bundle::current().stamp(&site_root)).into_response()
}

/// `GET /sw.js`: the service worker of `public/sw.js` with the names of this version's bundle in
/// its list of app files; the browser checks it at each visit and installs it when it changed.
async fn service_worker(State(state): State<AppState>) -> Response {
    let site_root = std::path::Path::new(state.leptos_options.site_root.as_ref());
    let path = site_root.join("sw.js");
    match tokio::fs::read_to_string(&path).await {
        Ok(template) => {
            let bundle = Bundle::current();
            let script = bundle.service_worker(&template, &bundle.lazy_files(site_root));
            ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], script)
                .into_response()
        }
        Err(error) => {
            tracing::warn!(%error, path = %path.display(), "the service worker's script is missing from the built site");
            StatusCode::NOT_FOUND.into_response()
        }
    }
}

/// Refuses state-changing requests that a browser marks as coming from another site. Together
/// with the SameSite=Strict session cookie this stops cross-site request forgery.
async fn cross_site_guard(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    let origin_ok = match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        Some("null") => false,
        Some(origin) => origin.split_once("://").map(|(_, rest)| rest == host).unwrap_or(false),
        None => !matches!(
            headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()),
            Some("cross-site") | Some("same-site")
        ),
    };
    if origin_ok {
        next.run(req).await
    } else {
        tracing::warn!(host, origin = ?headers.get(header::ORIGIN), "cross-site request refused");
        (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Запрос отклонён: он отправлен с другого сайта",
        )
            .into_response()
    }
}

/// Headers every response carries. The Content-Security-Policy of pages (with the nonce of
/// the inline hydration script) is set by the page itself.
async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let asset = req.uri().path().strip_prefix("/pkg/").map(Bundle::is_hashed_name);
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    headers.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    headers.insert("permissions-policy", HeaderValue::from_static("camera=(self), geolocation=(self), microphone=()"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"),
        );
    }
    if state.settings.secure_cookies {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    if asset == Some(true) {
        // A file named by the hash of its content never changes under that name: the browser
        // keeps it and does not even ask (a new version names new files).
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    } else if asset == Some(false) {
        // A file of the bundle built without hashes keeps its name from build to build: the
        // browser keeps it and asks each time whether it changed (304, a few hundred bytes).
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    } else if !headers.contains_key(header::CACHE_CONTROL) {
        // Pages and answers carry personal data: never keep them in a shared or disk cache.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Brotli or gzip, whichever the browser accepts, for pages, answers and the client bundle: on a
/// weak rural connection the 3.6 MB release WASM arrives as 1.1 MB, and a tablet's first visit
/// to the board is interactive in 8 s instead of 22 s (README, «Производительность»). Not for what is
/// compressed already (photos, Excel files are zip archives) or the live event stream (text/
/// event-stream, which must not wait in a compressor's buffer).
fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new().compress_when(
        DefaultPredicate::new().and(NotForContentType::const_new("application/vnd.openxmlformats-officedocument")),
    )
}

/// `GET /healthz`: 200 with `{"status":"ok","database":"ok"}` while the database reads and
/// commits within the probe's deadline; 503 otherwise (`"error"` or `"timeout"`).
async fn healthz(State(state): State<AppState>) -> Response {
    use crate::health::{probe, Failure, Prober};
    let (status, database) = match probe(&state.db, Prober::Check).await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(Failure::Error(err)) => {
            tracing::error!(error = %err, "health check: database error");
            (StatusCode::SERVICE_UNAVAILABLE, "error")
        }
        Err(Failure::Timeout) => {
            tracing::error!("health check: the database did not answer in time");
            (StatusCode::SERVICE_UNAVAILABLE, "timeout")
        }
    };
    let overall = if status == StatusCode::OK { "ok" } else { "error" };
    (status, Json(serde_json::json!({ "status": overall, "database": database }))).into_response()
}

/// The whole application as an axum router.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    // The files of the site (the client bundle under `/pkg`, the map's scripts, the icon), served
    // with the browser's own request, so that a bundle the tablet has already is answered «304
    // Not Modified» by its date; a path that is no file gets the application's «not found» page.
    // Existing files do not pass through leptos' file handler:
    // it looks up the response options of whatever page is being rendered on the same thread
    // and takes that page's headers — its Content-Security-Policy with the nonce — so the page's
    // own scripts were refused by the browser and it never came alive.
    // A release build made with `--precompress` has each file beside its `.br` and `.gz`: those
    // are sent as they are, and nothing of the bundle is compressed per request (a debug build
    // has none, and the compression layer below does it).
    let site_files = ServeDir::new(state.leptos_options.site_root.as_ref())
        .precompressed_br()
        .precompressed_gzip()
        .fallback(file_and_error_handler::<AppState, _>(shell).with_state(state.clone()));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/version", get(version))
        .route("/sw.js", get(service_worker))
        .route("/journal/export.xlsx", get(app::journal::export::export_xlsx))
        .route("/applications/export.xlsx", get(app::applications::export::export_xlsx))
        .route("/elders/export.xlsx", get(app::elders::export::export_xlsx))
        .route("/elders/report.xlsx", get(app::elders::report_export::report_xlsx))
        .route("/rental/report.xlsx", get(app::rental::report_export::report_xlsx))
        .route("/taxi/report.xlsx", get(app::taxi::report_export::report_xlsx))
        .route("/reports/svo.xlsx", get(app::reports::export::svo_xlsx))
        .route("/reports/monitoring.xlsx", get(app::reports::export::monitoring_xlsx))
        .route("/reports/workload.xlsx", get(app::reports::export::workload_xlsx))
        .route("/journal/report.xlsx", get(app::journal::report_export::report_xlsx))
        .route("/audit/export.xlsx", get(app::trail::export::export_xlsx))
        .route("/acts/photos/{id}", get(app::acts::api::photo))
        .route("/inquiries/files/{id}", get(app::inquiries::api::answer_file))
        .route("/resources/export.xlsx", get(app::resources::export::export_xlsx))
        .route("/resources/export.csv", get(app::resources::export::export_csv))
        .route("/resources/export.json", get(app::resources::export::export_json))
        .route("/resources/districts.geojson", get(app::resources::export::export_districts))
        .route("/events/cases", get(app::board::live::case_events))
        .leptos_routes_with_context(&state, routes, || {}, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback_service(site_files)
        .layer(middleware::from_fn(server_fn_status))
        .layer(middleware::from_fn(body_limits))
        .layer(axum::extract::DefaultBodyLimit::max(LARGEST_BODY))
        .layer(middleware::from_fn(page_guard))
        .layer(middleware::from_fn_with_state(state.clone(), session_middleware))
        .layer(middleware::from_fn(cross_site_guard))
        .layer(middleware::from_fn_with_state(state.clone(), security_headers))
        .layer(TraceLayer::new_for_http().make_span_with(
            |req: &Request<Body>| tracing::info_span!("http", method = %req.method(), path = %req.uri().path()),
        ))
        .layer(compression())
        .with_state(state)
}
