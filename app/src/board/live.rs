//! Live updates of cases to the open boards over server-sent events (`GET /events/cases`), from
//! the live-update hub of the case table. Each board hears only of the cases its user may see:
//! the case key, its version, and the cell it left and the cell it joined (each only where the
//! user may see it), so that a board adjusts its counts by itself; it asks for a card through
//! `board/card`, which applies the user's rights and filters, only when the card is on its
//! screen. Server-only.

use crate::auth::permissions;
use crate::auth::session::{cookie_value, still_alive, AuthSession, SESSION_COOKIE};
use crate::auth::CurrentUser;
use crate::board::types::{CaseChange, CellFacts};
use crate::cases::types::Stage;
use crate::cases::visibility::can_see;
use crate::live::{key_of, HubEvent, RecordChange};
use crate::state::AppState;
use crate::time::local_today;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast;

/// Open streams one session may hold (a few tabs), and all of them together: each holds a
/// connection and a task for as long as a board is open.
pub const STREAMS_PER_SESSION: usize = 4;
pub const STREAMS_IN_ALL: usize = 2_000;

/// The open streams, by session key; a stream's place is given back when it ends.
fn open_streams() -> &'static std::sync::Mutex<std::collections::HashMap<String, usize>> {
    static OPEN: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<String, usize>>> =
        std::sync::OnceLock::new();
    OPEN.get_or_init(Default::default)
}

/// One open stream's place; given back when the stream is dropped.
struct StreamPlace(String);

impl StreamPlace {
    /// A place for one more stream of this session, if there is one.
    fn take(session: &str) -> Option<Self> {
        let mut open = open_streams().lock().ok()?;
        let total: usize = open.values().sum();
        let mine = open.get(session).copied().unwrap_or(0);
        if total >= STREAMS_IN_ALL || mine >= STREAMS_PER_SESSION {
            return None;
        }
        *open.entry(session.to_string()).or_default() += 1;
        Some(StreamPlace(session.to_string()))
    }
}

impl Drop for StreamPlace {
    fn drop(&mut self) {
        if let Ok(mut open) = open_streams().lock() {
            if let Some(n) = open.get_mut(&self.0) {
                *n -= 1;
                if *n == 0 {
                    open.remove(&self.0);
                }
            }
        }
    }
}

/// How often an open stream checks that its session is still alive.
const SESSION_CHECK: Duration = Duration::from_secs(60);

/// Where the case in `row` lies (a case row, or its `was`).
fn facts(row: &serde_json::Value) -> Option<CellFacts> {
    let stage = Stage::from_code(row.get("stage")?.as_str()?)?;
    let since = row
        .get("stage_since")
        .and_then(|v| v.as_str())
        .and_then(|t| t.parse::<chrono::DateTime<chrono::Utc>>().ok())
        .map(local_today)
        .unwrap_or_else(|| local_today(chrono::Utc::now()));
    Some(CellFacts {
        stage,
        district: key_of(row, "district"),
        curator: key_of(row, "curator"),
        categories: row
            .get("categories")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_string)).collect())
            .unwrap_or_default(),
        due: row.get("due_on").and_then(|v| v.as_str()).and_then(|d| d.parse().ok()),
        since,
    })
}

/// The change as this user may hear of it: each side only where the user may see the case;
/// none when she sees it on neither side.
pub fn case_change(change: &RecordChange, user: &CurrentUser) -> Option<CaseChange> {
    let created_by = change.field("created_by").unwrap_or_default();
    let specialists: Vec<String> = change
        .data
        .get("specialists")
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|s| s.as_str()).map(crate::keys::record_key).collect())
        .unwrap_or_default();
    let seen = |f: &CellFacts| can_see(user, f.district.as_deref(), f.curator.as_deref(), created_by, &specialists);
    let now = facts(&change.data).filter(seen);
    let was_row = change.data.get("was").filter(|w| w.is_object());
    let known = match was_row {
        None => change.version == 1,
        Some(was) => was.get("version").and_then(|v| v.as_i64()) == Some(change.version - 1),
    };
    let was = was_row.and_then(facts).filter(seen);
    if now.is_none() && was.is_none() {
        return None;
    }
    Some(CaseChange {
        id: change.id.clone(),
        version: change.version,
        board_key: change.data.get("board_key").and_then(|v| v.as_str()).unwrap_or_default().to_string(),
        was,
        now,
        known,
    })
}

/// What an open stream waits for next.
enum Next {
    Change(Result<HubEvent, broadcast::error::RecvError>),
    CheckSession,
    Closing,
}

/// `GET /events/cases`: server-sent events for the boards of signed-in users with board access.
/// The first event, `ready`, tells a reconnected board to reload what it may have missed; the
/// stream ends when the session does.
pub async fn case_events(State(state): State<AppState>, req: Request) -> Response {
    let (Some(session), Some(token)) =
        (req.extensions().get::<AuthSession>().cloned(), cookie_value(req.headers(), SESSION_COOKIE))
    else {
        return (StatusCode::UNAUTHORIZED, "Требуется вход в систему").into_response();
    };
    if !session.user.has_any(permissions::BOARD) {
        return (StatusCode::FORBIDDEN, "Недостаточно прав").into_response();
    }
    let Some(place) = StreamPlace::take(&session.key) else {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(axum::http::header::RETRY_AFTER, "30")],
            "Открыто слишком много досок одновременно: закройте лишние вкладки",
        )
            .into_response();
    };
    let receiver = state.live.subscribe();
    let closing = state.live.closing();
    if *closing.borrow() {
        return (StatusCode::SERVICE_UNAVAILABLE, "Сервер останавливается").into_response();
    }
    let mut timer = tokio::time::interval(SESSION_CHECK);
    timer.tick().await;
    let ready = futures::stream::once(async { Ok::<Event, Infallible>(Event::default().event("ready").data("{}")) });
    let changes =
        futures::stream::unfold((receiver, timer, state, token, session.user, closing, place), |mut s| async move {
            loop {
                let next = tokio::select! {
                    change = s.0.recv() => Next::Change(change),
                    _ = s.1.tick() => Next::CheckSession,
                    _ = s.5.changed() => Next::Closing,
                };
                let event = match next {
                    Next::Change(Ok(HubEvent::Change(change))) => match case_change(&change, &s.4) {
                        Some(change) => {
                            Event::default().event("case").data(serde_json::to_string(&change).unwrap_or_default())
                        }
                        None => continue,
                    },
                    // Too slow a reader missed changes, or the source was interrupted and has
                    // resumed: tell the board to load again.
                    Next::Change(Err(broadcast::error::RecvError::Lagged(_)) | Ok(HubEvent::Resumed)) => {
                        Event::default().event("ready").data("{}")
                    }
                    Next::Change(Err(broadcast::error::RecvError::Closed)) => return None,
                    Next::CheckSession => match still_alive(&s.2.db, &s.2.settings, &s.3).await {
                        Ok(true) => continue,
                        _ => return None,
                    },
                    Next::Closing => return None,
                };
                return Some((Ok::<Event, Infallible>(event), s));
            }
        });
    Sse::new(ready.chain(changes)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response()
}
