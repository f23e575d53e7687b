//! Live updates: the changes of a watched table, read once per Опора node and fanned out to
//! whoever listens (the boards' event streams). The hub knows nothing of users or rights: each
//! change carries the record's key, its version and the watched fields, and the listener decides
//! who may hear of it. Server-only.
//!
//! Two sources, by configuration: a SurrealDB `LIVE SELECT` (pushed at once, but a database
//! node tells only of the writes made on that node — SurrealDB issue #5070), and the table's
//! change feed (`SHOW CHANGES`, read from the store itself every few hundred milliseconds, so
//! every Опора node sees every change whichever database node wrote it).

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

/// What a listener hears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HubEvent {
    Change(RecordChange),
    /// The source was interrupted (the database server restarted, the connection dropped) and
    /// has resumed: changes may have been missed, so listeners load their view again.
    Resumed,
}

/// Where the changes come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LiveSource {
    /// `LIVE SELECT`: one database node (embedded, or one SurrealDB server).
    #[default]
    Query,
    /// The table's change feed, read every `every`: any number of database nodes.
    Changefeed { every: Duration },
}

/// The fan-out of one table's changes.
#[derive(Clone)]
pub struct LiveHub {
    db: Db,
    source: LiveSource,
    watched: Watched,
    sender: broadcast::Sender<HubEvent>,
    started: Arc<AtomicBool>,
    /// Set when the server stops: open streams end, so that the shutdown does not wait for them.
    closing: Arc<tokio::sync::watch::Sender<bool>>,
}

impl LiveHub {
    /// A hub for `table`, reporting its `version`, the record-id `fields` as keys and the
    /// `others` as they are.
    pub fn new(
        db: Db,
        source: LiveSource,
        table: &'static str,
        fields: &'static [&'static str],
        others: &'static [&'static str],
    ) -> Self {
        let (sender, _) = broadcast::channel(1024);
        let (closing, _) = tokio::sync::watch::channel(false);
        LiveHub {
            db,
            source,
            watched: Watched { table, fields, others },
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

    /// Listens for changes; the source is followed from the first listener on.
    pub fn subscribe(&self) -> broadcast::Receiver<HubEvent> {
        let receiver = self.sender.subscribe();
        if !self.started.swap(true, Ordering::SeqCst) {
            match self.source {
                LiveSource::Query => {
                    tokio::spawn(follow_live_query(self.db.clone(), self.watched, self.sender.clone()));
                }
                LiveSource::Changefeed { every } => {
                    tokio::spawn(follow_changefeed(self.db.clone(), self.watched, every, self.sender.clone()));
                }
            }
        }
        receiver
    }
}

/// The table and the fields a hub reports.
#[derive(Clone, Copy)]
struct Watched {
    table: &'static str,
    fields: &'static [&'static str],
    others: &'static [&'static str],
}

impl Watched {
    fn projection(&self) -> Vec<&'static str> {
        ["id", "version"].into_iter().chain(self.fields.iter().copied()).chain(self.others.iter().copied()).collect()
    }

    /// The change a record's new state makes: `None` for a row without an id.
    fn change(&self, data: serde_json::Value) -> Option<RecordChange> {
        let id = key_of(&data, "id")?;
        Some(RecordChange {
            id,
            version: data.get("version").and_then(|v| v.as_i64()).unwrap_or(0),
            fields: self.fields.iter().map(|f| (*f, key_of(&data, f))).collect(),
            data: Arc::new(data),
        })
    }
}

/// The key of the record id in `field` of a row.
pub fn key_of(value: &serde_json::Value, field: &str) -> Option<String> {
    value.get(field).and_then(|v| v.as_str()).map(record_key)
}

/// How often a live query's connection is checked: a SurrealDB server restarted under a `ws://`
/// connection is reconnected by the client library, but its live queries are not, and the
/// stream falls silent rather than ending.
const LIVE_CHECK: Duration = Duration::from_secs(2);

/// Follows the table with a live query for as long as the server runs, starting it again if it
/// ends or its connection was lost (a SurrealDB server restarted, a network hiccup on `ws://`),
/// and then telling listeners to load again what they may have missed.
async fn follow_live_query(db: Db, watched: Watched, sender: broadcast::Sender<HubEvent>) {
    let table = watched.table;
    let sql = format!("LIVE SELECT {} FROM {table}", watched.projection().join(", "));
    let mut interrupted = false;
    loop {
        match db.query(sql.as_str()).await.and_then(|mut r| r.stream::<surrealdb::Notification<serde_json::Value>>(0)) {
            Ok(mut stream) => {
                tracing::debug!(table, "live query started");
                if std::mem::take(&mut interrupted) {
                    let _ = sender.send(HubEvent::Resumed);
                }
                let mut check = tokio::time::interval(LIVE_CHECK);
                check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                let mut connection_lost = false;
                loop {
                    tokio::select! {
                        item = stream.next() => match item {
                            Some(Ok(notification)) => {
                                if let Some(change) = watched.change(notification.data) {
                                    // No listener is fine: nobody has a board open.
                                    let _ = sender.send(HubEvent::Change(change));
                                }
                            }
                            Some(Err(err)) => {
                                tracing::warn!(table, error = %err, "live query failed");
                                break;
                            }
                            None => break,
                        },
                        _ = check.tick() => {
                            let answered =
                                tokio::time::timeout(LIVE_CHECK, db.query("RETURN 1")).await.is_ok_and(|r| r.is_ok());
                            if !answered {
                                connection_lost = true;
                            } else if connection_lost {
                                tracing::warn!(table, "the database connection came back: live query started again");
                                break;
                            }
                        }
                    }
                }
            }
            Err(err) => tracing::warn!(table, error = %err, "live query could not start"),
        }
        interrupted = true;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// How far back each reading of the change feed looks again: a transaction that took its
/// versionstamp before another but committed after it is still seen.
const FEED_OVERLAP: Duration = Duration::from_secs(2);
/// Change sets read at most at once (SurrealDB's own ceiling).
const FEED_PAGE: usize = 1000;

/// Where the reading of a change feed stands: the versionstamps delivered in the last
/// [`FEED_OVERLAP`], so that reading again from the oldest of them delivers nothing twice, and
/// below them the newest one forgotten, at or under which nothing is delivered any more.
#[derive(Debug, Default)]
pub struct FeedCursor {
    delivered: std::collections::VecDeque<(std::time::Instant, u128)>,
    seen: std::collections::HashSet<u128>,
    floor: Option<u128>,
}

impl FeedCursor {
    /// A cursor past what the feed held when the hub started (its newest versionstamp, if any).
    pub fn after(newest: Option<u128>) -> Self {
        FeedCursor { floor: newest, ..FeedCursor::default() }
    }

    /// The versionstamp to read from: the oldest of the overlap, or the newest before it.
    pub fn since(&self) -> u128 {
        self.delivered.iter().map(|(_, v)| *v).min().or(self.floor).unwrap_or(0)
    }

    /// Whether a change set is new (and, if so, it is marked as delivered).
    pub fn take(&mut self, versionstamp: u128, now: std::time::Instant) -> bool {
        if self.floor.is_some_and(|floor| versionstamp <= floor) || !self.seen.insert(versionstamp) {
            return false;
        }
        self.delivered.push_back((now, versionstamp));
        true
    }

    /// Forgets what was delivered before the overlap.
    pub fn forget_before(&mut self, now: std::time::Instant) {
        while let Some((at, v)) = self.delivered.front().copied() {
            if now.duration_since(at) <= FEED_OVERLAP {
                break;
            }
            self.delivered.pop_front();
            self.seen.remove(&v);
            self.floor = Some(self.floor.map_or(v, |floor| floor.max(v)));
        }
    }
}

/// A versionstamp as the database returns it (a number, or digits in a string when large).
fn versionstamp(value: &serde_json::Value) -> Option<u128> {
    match value {
        serde_json::Value::Number(n) => n.as_u64().map(u128::from),
        serde_json::Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// One reading of the feed: its change sets from `since` on, in order.
async fn read_feed(db: &Db, table: &str, since: u128) -> Result<Vec<serde_json::Value>, surrealdb::Error> {
    db.query(format!("SHOW CHANGES FOR TABLE {table} SINCE {since} LIMIT {FEED_PAGE}")).await?.take(0)
}

/// The newest versionstamp the feed holds now (read through without delivering anything): the
/// place a new hub starts from. Versionstamps are the store's own (a hybrid clock on some
/// engines, a counter on others), so the place is found by reading, not from the time.
async fn feed_end(db: &Db, table: &str) -> Result<Option<u128>, surrealdb::Error> {
    let mut newest: Option<u128> = None;
    loop {
        let sets = read_feed(db, table, newest.map_or(0, |n| n + 1)).await?;
        let page_newest = sets.iter().filter_map(|set| set.get("versionstamp").and_then(versionstamp)).max();
        newest = newest.max(page_newest);
        if sets.len() < FEED_PAGE || page_newest.is_none() {
            return Ok(newest);
        }
    }
}

/// Follows the table's change feed for as long as the server runs, from where it stood when the
/// first listener came; after a failed reading it tries again and tells listeners to load again.
async fn follow_changefeed(db: Db, watched: Watched, every: Duration, sender: broadcast::Sender<HubEvent>) {
    let table = watched.table;
    let projection = watched.projection();
    let mut timer = tokio::time::interval(every);
    timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut cursor = loop {
        timer.tick().await;
        match feed_end(&db, table).await {
            Ok(newest) => break FeedCursor::after(newest),
            Err(err) => tracing::warn!(table, error = %err, "change feed could not be read"),
        }
    };
    let mut interrupted = false;
    loop {
        timer.tick().await;
        let sets = match read_feed(&db, table, cursor.since()).await {
            Ok(sets) => sets,
            Err(err) => {
                tracing::warn!(table, error = %err, "change feed could not be read");
                interrupted = true;
                continue;
            }
        };
        if std::mem::take(&mut interrupted) {
            let _ = sender.send(HubEvent::Resumed);
        }
        let now = std::time::Instant::now();
        let full = sets.len() >= FEED_PAGE;
        for set in sets {
            let Some(stamp) = set.get("versionstamp").and_then(versionstamp) else { continue };
            if !cursor.take(stamp, now) {
                continue;
            }
            let changes = set.get("changes").and_then(|c| c.as_array()).cloned().unwrap_or_default();
            for change in changes {
                // An update carries the record as it now is; a deletion only its id, which no
                // board needs (cases are closed, never deleted).
                let Some(record) = change.get("update").and_then(|r| r.as_object()) else { continue };
                let data: serde_json::Map<String, serde_json::Value> = projection
                    .iter()
                    .filter_map(|field| record.get(*field).map(|v| (field.to_string(), v.clone())))
                    .collect();
                if let Some(change) = watched.change(serde_json::Value::Object(data)) {
                    let _ = sender.send(HubEvent::Change(change));
                }
            }
        }
        cursor.forget_before(now);
        if full {
            // More are waiting: read on without waiting for the next tick.
            timer.reset_immediately();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn a_change_set_read_again_in_the_overlap_is_delivered_once() {
        let mut cursor = FeedCursor::after(None);
        let t0 = Instant::now();
        assert_eq!(cursor.since(), 0, "an empty feed is read from its start");
        assert!(cursor.take(10, t0));
        assert!(cursor.take(12, t0));
        assert!(!cursor.take(10, t0), "read again from 10: not twice");
        assert_eq!(cursor.since(), 10, "reads again from the oldest of the overlap");
        // A transaction with an earlier stamp that committed later is still taken.
        assert!(cursor.take(11, t0));
        cursor.take(9, t0);
        assert_eq!(cursor.since(), 9, "the smallest stamp of the overlap, whatever came first");
    }

    #[test]
    fn beyond_the_overlap_the_cursor_reads_from_the_newest() {
        let mut cursor = FeedCursor::after(Some(5));
        let t0 = Instant::now();
        assert_eq!(cursor.since(), 5);
        assert!(!cursor.take(5, t0), "what the feed held before the hub started is not news");
        cursor.take(10, t0);
        cursor.take(20, t0);
        cursor.forget_before(t0 + FEED_OVERLAP + Duration::from_millis(1));
        assert_eq!(cursor.since(), 20);
        assert!(!cursor.take(20, t0 + FEED_OVERLAP * 2), "read again from 20: not twice");
        assert!(!cursor.take(15, t0 + FEED_OVERLAP * 2), "older than the overlap: already past");
        assert!(cursor.take(21, t0 + FEED_OVERLAP * 2));
    }

    #[test]
    fn versionstamps_come_as_numbers_or_digits() {
        assert_eq!(versionstamp(&serde_json::json!(65536)), Some(65536));
        assert_eq!(versionstamp(&serde_json::json!("340282366920938463463374607431768211455")), Some(u128::MAX));
        assert_eq!(versionstamp(&serde_json::json!(null)), None);
    }
}
