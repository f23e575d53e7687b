//! Server-side sessions: a random token in an HttpOnly cookie, its SHA-256 as the key of a
//! `session` record, an idle timeout and an absolute lifetime. A middleware resolves the
//! cookie on every request; server functions and pages read the result from the request.

use super::{CurrentUser, Role};
use crate::db::{take_one, Db};
use crate::error::{AppError, AppResult};
use crate::state::{app_state, AppState, Settings};
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use chrono::{DateTime, Utc};
use http::header::{COOKIE, SET_COOKIE};
use http::HeaderValue;
use leptos::prelude::use_context;
use rand::RngCore;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::future::IntoFuture;
use std::net::SocketAddr;
use surrealdb::types::RecordId;

pub const SESSION_COOKIE: &str = "opora_session";

/// Last-seen is written at most this often, so that reading a page is not a write each time.
const TOUCH_INTERVAL_SECS: i64 = 30;

/// The resolved session of a request, put into the request's extensions by the middleware.
#[derive(Debug, Clone)]
pub struct AuthSession {
    pub key: String,
    pub user: CurrentUser,
}

/// The client address of a request, for the audit trail.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn token_key(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn session_cookie(token: &str, settings: &Settings) -> String {
    let secure = if settings.secure_cookies { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        settings.session_lifetime.as_secs()
    )
}

pub fn clear_cookie(settings: &Settings) -> String {
    let secure = if settings.secure_cookies { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}")
}

pub fn cookie_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

/// Opens a session for a user and returns the token for the cookie.
pub async fn create_session(
    db: &Db,
    settings: &Settings,
    user_id: &str,
    ip: &str,
    user_agent: &str,
) -> AppResult<String> {
    let token = new_token();
    let now = Utc::now();
    let expires = now + chrono::Duration::from_std(settings.session_lifetime).unwrap_or(chrono::Duration::hours(12));
    crate::db::with_retries(|| {
        db.query(
            "CREATE $sess SET user = $user, created_at = $now, last_seen = $now, expires_at = $expires, ip = $ip, user_agent = $ua",
        )
        .bind(("sess", RecordId::new("session", token_key(&token))))
        .bind(("user", RecordId::new("user", user_id.to_string())))
        .bind(("now", now))
        .bind(("expires", expires))
        .bind(("ip", ip.to_string()))
        .bind(("ua", user_agent.chars().take(300).collect::<String>()))
        .into_future()
    })
    .await?;
    Ok(token)
}

#[derive(Deserialize)]
struct SessionRow {
    last_seen: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    user: Option<UserRow>,
}

#[derive(Deserialize)]
pub(crate) struct UserRow {
    pub id: String,
    pub login: String,
    pub full_name: String,
    pub roles: Vec<String>,
    pub districts: Vec<String>,
    pub must_change_password: bool,
    pub active: bool,
}

impl UserRow {
    pub(crate) fn into_current(self) -> CurrentUser {
        CurrentUser {
            id: self.id,
            login: self.login,
            full_name: self.full_name,
            roles: self.roles.iter().filter_map(|r| Role::from_code(r)).collect(),
            districts: self.districts,
            must_change_password: self.must_change_password,
        }
    }
}

/// Projection of a user record as `UserRow` (used wherever a user is loaded).
pub(crate) const USER_FIELDS: &str = "record::id(id) AS id, login, full_name, roles, array::map(districts, |$d| record::id($d)) AS districts, must_change_password, active";

/// Requests an open page makes by itself — a board following colleagues' moves, the frame
/// asking who is signed in, the calendar warning: they do not count as the user's activity, so
/// the server locks a forgotten tablet even while its board keeps listening.
pub const BACKGROUND_REQUESTS: &[&str] =
    &["/api/board/card", "/api/board/counts", "/api/auth/me", "/api/calendar/warning", "/events/cases"];

/// Whether a request is something the user did (opened a page, pressed a button, typed and
/// saved) rather than a page working by itself.
pub fn is_user_action(path: &str) -> bool {
    !BACKGROUND_REQUESTS.contains(&path)
}

/// Finds the live session of a token: not expired, not idle too long, its user active.
/// An expired session is deleted on the way. `activity`: the request counts as the user's
/// activity and keeps the session alive.
pub async fn lookup(db: &Db, settings: &Settings, token: &str, activity: bool) -> AppResult<Option<AuthSession>> {
    find(db, settings, token, activity).await
}

/// Whether a token's session is still alive, without counting this as the user's activity
/// (an open event stream must not keep an idle tablet's session alive).
pub async fn still_alive(db: &Db, settings: &Settings, token: &str) -> AppResult<bool> {
    Ok(find(db, settings, token, false).await?.is_some())
}

async fn find(db: &Db, settings: &Settings, token: &str, touch: bool) -> AppResult<Option<AuthSession>> {
    let key = token_key(token);
    let record = RecordId::new("session", key.clone());
    let mut response = db
        .query(format!(
            "SELECT last_seen, expires_at, (SELECT {USER_FIELDS} FROM ONLY $parent.user) AS user FROM $sess"
        ))
        .bind(("sess", record.clone()))
        .await?;
    let Some(row) = take_one::<SessionRow>(&mut response, 0)? else {
        return Ok(None);
    };
    let now = Utc::now();
    let idle = chrono::Duration::from_std(settings.idle_timeout).unwrap_or(chrono::Duration::minutes(15));
    let alive = now < row.expires_at && now - row.last_seen < idle;
    let user = row.user.filter(|u| u.active);
    let (true, Some(user)) = (alive, user) else {
        db.query("DELETE $sess").bind(("sess", record)).await?.check()?;
        return Ok(None);
    };
    if touch && (now - row.last_seen).num_seconds() >= TOUCH_INTERVAL_SECS {
        db.query("UPDATE $sess SET last_seen = $now").bind(("sess", record)).bind(("now", now)).await?.check()?;
    }
    Ok(Some(AuthSession { key, user: user.into_current() }))
}

pub async fn revoke(db: &Db, key: &str) -> AppResult<()> {
    db.query("DELETE $sess").bind(("sess", RecordId::new("session", key.to_string()))).await?.check()?;
    Ok(())
}

/// Ends every session of a user (logout everywhere, deactivation, password reset).
pub async fn revoke_all(db: &Db, user_id: &str) -> AppResult<()> {
    db.query("DELETE session WHERE user = $user")
        .bind(("user", RecordId::new("user", user_id.to_string())))
        .await?
        .check()?;
    Ok(())
}

/// Middleware: resolves the session cookie and the client address of every request.
pub async fn session_middleware(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".to_string());
    req.extensions_mut().insert(ClientIp(ip));
    let mut clear = false;
    if let Some(token) = cookie_value(req.headers(), SESSION_COOKIE) {
        let activity = is_user_action(req.uri().path());
        match lookup(&state.db, &state.settings, &token, activity).await {
            Ok(Some(session)) => {
                req.extensions_mut().insert(session);
            }
            Ok(None) => clear = true,
            Err(err) => tracing::error!(error = %err, "session lookup failed"),
        }
    }
    let mut response = next.run(req).await;
    if clear && !response.headers().contains_key(SET_COOKIE) {
        if let Ok(value) = HeaderValue::from_str(&clear_cookie(&state.settings)) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

fn request_parts() -> AppResult<http::request::Parts> {
    use_context::<http::request::Parts>().ok_or_else(|| AppError::internal("request parts missing"))
}

/// The session of the current request, if any.
pub fn current_session() -> Option<AuthSession> {
    use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<AuthSession>().cloned())
}

pub fn client_ip() -> String {
    request_parts()
        .ok()
        .and_then(|parts| parts.extensions.get::<ClientIp>().map(|ip| ip.0.clone()))
        .unwrap_or_else(|| "unknown".into())
}

pub fn user_agent() -> String {
    request_parts()
        .ok()
        .and_then(|p| p.headers.get(http::header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_string))
        .unwrap_or_default()
}

/// Sets the HTTP status of the server-function response to match the error.
pub fn with_status<T>(result: AppResult<T>) -> AppResult<T> {
    if let Err(err) = &result {
        if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(status) = http::StatusCode::from_u16(err.status()) {
                options.set_status(status);
            }
        }
    }
    result
}

/// The signed-in user, or 401.
pub fn current_user() -> AppResult<CurrentUser> {
    with_status(current_session().map(|s| s.user).ok_or(AppError::Unauthorized))
}

/// The signed-in user if one of their roles is allowed, else 401 or 403. A user who must
/// change their password may do nothing else first.
pub fn require(roles: &[Role]) -> AppResult<CurrentUser> {
    let user = current_user()?;
    if user.must_change_password {
        return with_status(Err(AppError::Forbidden("Сначала смените пароль".into())));
    }
    if user.has_any(roles) {
        Ok(user)
    } else {
        with_status(Err(AppError::forbidden()))
    }
}

/// Settings of the running server.
pub fn settings() -> AppResult<std::sync::Arc<Settings>> {
    Ok(app_state()?.settings)
}
