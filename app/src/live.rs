//! Live updates: one SurrealDB `LIVE SELECT` per watched table and server, fanned out to
//! whoever listens (the boards' event streams). The hub knows nothing of users or rights: each
//! change carries the record's key, its version and the watched fields, and the listener decides
//! who may hear of it. Server-only.

use crate::db::Db;
use crate::keys::record_key;
use futures::StreamExt;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

/// A change of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordChange {
    pub id: String,
    pub version: i64,
    /// The watched fields that hold record ids, by name, as keys.
    pub fields: BTreeMap<&'static str, Option<String>>,
    /// The record as the live query projects it (the key fields and the others watched),
    /// shared by every listener.
    pub data: Arc<serde_json::Value>,
}

impl RecordChange {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).and_then(|v| v.as_deref())
    }
}

/// The fan-out of one table's changes.
#[derive(Clone)]
pub struct LiveHub {
    db: Db,
    table: &'static str,
    fields: &'static [&'static str],
    others: &'static [&'static str],
    sender: broadcast::Sender<RecordChange>,
    started: Arc<AtomicBool>,
    /// Set when the server stops: open streams end, so that the shutdown does not wait for them.
    closing: Arc<tokio::sync::watch::Sender<bool>>,
}

impl LiveHub {
    /// A hub for `table`, reporting its `version`, the record-id `fields` as keys and the
    /// `others` as they are.
    pub fn new(db: Db, table: &'static str, fields: &'static [&'static str], others: &'static [&'static str]) -> Self {
        let (sender, _) = broadcast::channel(1024);
        let (closing, _) = tokio::sync::watch::channel(false);
        LiveHub {
            db,
            table,
            fields,
            others,
            sender,
            started: Arc::new(AtomicBool::new(false)),
            closing: Arc::new(closing),
        }
    }

    /// Ends every open stream (the server is stopping); listeners reconnect to the next one.
    pub fn close(&self) {
        let _ = self.closing.send(true);
    }

    /// Tells when the server stops.
    pub fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Listens for changes; the live query starts with the first listener.
    pub fn subscribe(&self) -> broadcast::Receiver<RecordChange> {
        let receiver = self.sender.subscribe();
        if !self.started.swap(true, Ordering::SeqCst) {
            tokio::spawn(follow(self.db.clone(), self.table, self.fields, self.others, self.sender.clone()));
        }
        receiver
    }
}

/// The key of the record id in `field` of a row.
pub fn key_of(value: &serde_json::Value, field: &str) -> Option<String> {
    value.get(field).and_then(|v| v.as_str()).map(record_key)
}

/// Follows the table for as long as the server runs, starting the live query again if it ends
/// (a SurrealDB server restarted, a network hiccup on `ws://`).
async fn follow(
    db: Db,
    table: &'static str,
    fields: &'static [&'static str],
    others: &'static [&'static str],
    sender: broadcast::Sender<RecordChange>,
) {
    let projection: Vec<&str> =
        ["id", "version"].into_iter().chain(fields.iter().copied()).chain(others.iter().copied()).collect();
    let sql = format!("LIVE SELECT {} FROM {table}", projection.join(", "));
    loop {
        match db.query(sql.as_str()).await.and_then(|mut r| r.stream::<surrealdb::Notification<serde_json::Value>>(0)) {
            Ok(mut stream) => {
                tracing::debug!(table, "live query started");
                while let Some(item) = stream.next().await {
                    match item {
                        Ok(notification) => {
                            let data = notification.data;
                            if let Some(id) = key_of(&data, "id") {
                                // No listener is fine: nobody has a board open.
                                let _ = sender.send(RecordChange {
                                    id,
                                    version: data.get("version").and_then(|v| v.as_i64()).unwrap_or(0),
                                    fields: fields.iter().map(|f| (*f, key_of(&data, f))).collect(),
                                    data: Arc::new(data),
                                });
                            }
                        }
                        Err(err) => {
                            tracing::warn!(table, error = %err, "live query failed");
                            break;
                        }
                    }
                }
            }
            Err(err) => tracing::warn!(table, error = %err, "live query could not start"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
