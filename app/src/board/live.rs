//! Live updates of cases: one SurrealDB `LIVE SELECT` on the case table per server, fanned out
//! to the open boards over server-sent events (`GET /events/cases`). Each board hears only of
//! the cases its user may see, and only the case key and its version; it asks for the card
//! itself through `board/card`, which applies the user's rights and filters. Server-only.

use crate::auth::rules;
use crate::auth::session::{cookie_value, still_alive, AuthSession, SESSION_COOKIE};
use crate::auth::CurrentUser;
use crate::cases::rules::can_see;
use crate::journal::repo::record_key;
use crate::state::{AppState, Db};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use serde::Serialize;
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

/// How often an open stream checks that its session is still alive.
const SESSION_CHECK: Duration = Duration::from_secs(60);

/// A change of a case: what the browser gets, and who may hear of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseChange {
    pub id: String,
    pub version: i64,
    #[serde(skip)]
    pub district: Option<String>,
    #[serde(skip)]
    pub curator: Option<String>,
    #[serde(skip)]
    pub created_by: String,
}

impl CaseChange {
    pub fn visible_to(&self, user: &CurrentUser) -> bool {
        can_see(user, self.district.as_deref(), self.curator.as_deref(), &self.created_by)
    }
}

/// The fan-out of case changes to the open boards.
#[derive(Clone)]
pub struct LiveHub {
    db: Db,
    sender: broadcast::Sender<CaseChange>,
    started: Arc<AtomicBool>,
    /// Set when the server stops: open streams end, so that the shutdown does not wait for them.
    closing: Arc<tokio::sync::watch::Sender<bool>>,
}

impl LiveHub {
    pub fn new(db: Db) -> Self {
        let (sender, _) = broadcast::channel(1024);
        let (closing, _) = tokio::sync::watch::channel(false);
        LiveHub { db, sender, started: Arc::new(AtomicBool::new(false)), closing: Arc::new(closing) }
    }

    /// Ends every open stream (the server is stopping); the boards reconnect to the next one.
    pub fn close(&self) {
        let _ = self.closing.send(true);
    }

    /// Listens for changes; the live query starts with the first listener.
    pub fn subscribe(&self) -> broadcast::Receiver<CaseChange> {
        let receiver = self.sender.subscribe();
        if !self.started.swap(true, Ordering::SeqCst) {
            tokio::spawn(follow(self.db.clone(), self.sender.clone()));
        }
        receiver
    }
}

fn key_of(value: &serde_json::Value, field: &str) -> Option<String> {
    value.get(field).and_then(|v| v.as_str()).map(record_key)
}

/// Follows the case table for as long as the server runs, starting the live query again if
/// it ends (a SurrealDB server restarted, a network hiccup on `ws://`).
async fn follow(db: Db, sender: broadcast::Sender<CaseChange>) {
    loop {
        match db
            .query("LIVE SELECT id, version, district, curator, created_by FROM case_file")
            .await
            .and_then(|mut r| r.stream::<surrealdb::Notification<serde_json::Value>>(0))
        {
            Ok(mut stream) => {
                tracing::debug!("live query on cases started");
                while let Some(item) = stream.next().await {
                    match item {
                        Ok(notification) => {
                            let data = notification.data;
                            if let Some(id) = key_of(&data, "id") {
                                // No listener is fine: nobody has a board open.
                                let _ = sender.send(CaseChange {
                                    id,
                                    version: data.get("version").and_then(|v| v.as_i64()).unwrap_or(0),
                                    district: key_of(&data, "district"),
                                    curator: key_of(&data, "curator"),
                                    created_by: key_of(&data, "created_by").unwrap_or_default(),
                                });
                            }
                        }
                        Err(err) => {
                            tracing::warn!(error = %err, "live query on cases failed");
                            break;
                        }
                    }
                }
            }
            Err(err) => tracing::warn!(error = %err, "live query on cases could not start"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// What an open stream waits for next.
enum Next {
    Change(Result<CaseChange, broadcast::error::RecvError>),
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
    if !session.user.has_any(rules::BOARD) {
        return (StatusCode::FORBIDDEN, "Недостаточно прав").into_response();
    }
    let receiver = state.live.subscribe();
    let closing = state.live.closing.subscribe();
    if *closing.borrow() {
        return (StatusCode::SERVICE_UNAVAILABLE, "Сервер останавливается").into_response();
    }
    let mut timer = tokio::time::interval(SESSION_CHECK);
    timer.tick().await;
    let ready = futures::stream::once(async { Ok::<Event, Infallible>(Event::default().event("ready").data("{}")) });
    let changes = futures::stream::unfold((receiver, timer, state, token, session.user, closing), |mut s| async move {
        loop {
            let next = tokio::select! {
                change = s.0.recv() => Next::Change(change),
                _ = s.1.tick() => Next::CheckSession,
                _ = s.5.changed() => Next::Closing,
            };
            let event = match next {
                Next::Change(Ok(change)) if change.visible_to(&s.4) => {
                    Event::default().event("case").data(serde_json::to_string(&change).unwrap_or_default())
                }
                Next::Change(Ok(_)) => continue,
                // Too slow a reader missed changes: tell it to reload.
                Next::Change(Err(broadcast::error::RecvError::Lagged(_))) => Event::default().event("ready").data("{}"),
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
