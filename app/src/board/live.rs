//! Live updates of cases: one SurrealDB `LIVE SELECT` on the case table per server, fanned out
//! to every open board over server-sent events (`GET /events/cases`). An event carries only the
//! case key and its version; the board asks for the card itself through `board/card`, which
//! applies the viewer's rights and filters. Server-only.

use crate::auth::rules;
use crate::auth::session::AuthSession;
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

/// A change of a case, as the browser gets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseChange {
    pub id: String,
    pub version: i64,
}

/// The fan-out of case changes to the open boards.
#[derive(Clone)]
pub struct LiveHub {
    db: Db,
    sender: broadcast::Sender<CaseChange>,
    started: Arc<AtomicBool>,
}

impl LiveHub {
    pub fn new(db: Db) -> Self {
        let (sender, _) = broadcast::channel(1024);
        LiveHub { db, sender, started: Arc::new(AtomicBool::new(false)) }
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

/// Follows the case table for as long as the server runs, starting the live query again if
/// it ends (a SurrealDB server restarted, a network hiccup on `ws://`).
async fn follow(db: Db, sender: broadcast::Sender<CaseChange>) {
    loop {
        match db
            .query("LIVE SELECT id, version FROM case_file")
            .await
            .and_then(|mut r| r.stream::<surrealdb::Notification<serde_json::Value>>(0))
        {
            Ok(mut stream) => {
                tracing::debug!("live query on cases started");
                while let Some(item) = stream.next().await {
                    match item {
                        Ok(notification) => {
                            let data = notification.data;
                            let id = data.get("id").and_then(|v| v.as_str()).map(crate::journal::repo::record_key);
                            let version = data.get("version").and_then(|v| v.as_i64()).unwrap_or(0);
                            if let Some(id) = id {
                                // No listener is fine: nobody has a board open.
                                let _ = sender.send(CaseChange { id, version });
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

/// `GET /events/cases`: server-sent events for the boards of signed-in users with board access.
/// The first event, `ready`, tells a reconnected board to reload what it may have missed.
pub async fn case_events(State(state): State<AppState>, req: Request) -> Response {
    let Some(session) = req.extensions().get::<AuthSession>() else {
        return (StatusCode::UNAUTHORIZED, "Требуется вход в систему").into_response();
    };
    if !session.user.has_any(rules::BOARD) {
        return (StatusCode::FORBIDDEN, "Недостаточно прав").into_response();
    }
    let receiver = state.live.subscribe();
    let ready = futures::stream::once(async { Ok::<Event, Infallible>(Event::default().event("ready").data("{}")) });
    let changes = futures::stream::unfold(receiver, |mut receiver| async move {
        let event = match receiver.recv().await {
            Ok(change) => Event::default().event("case").data(serde_json::to_string(&change).unwrap_or_default()),
            // Too slow a reader missed changes: tell it to reload.
            Err(broadcast::error::RecvError::Lagged(_)) => Event::default().event("ready").data("{}"),
            Err(broadcast::error::RecvError::Closed) => return None,
        };
        Some((Ok::<Event, Infallible>(event), receiver))
    });
    Sse::new(ready.chain(changes)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response()
}
