//! The names lists show beside records — a curator's full name, a district's number and name —
//! kept in memory: they change seldom, and reading them through a record link on every row of a
//! board costs a read per card. Forgotten when an account is written on this server, and reread
//! after [`FRESH_FOR`] in any case, so that a rename on another node shows within a minute.
//! Server-only.

use super::{take_rows, Db};
use crate::error::AppResult;
use crate::keys::record_key;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long names are trusted without rereading them.
pub const FRESH_FOR: Duration = Duration::from_secs(60);

/// Full names of accounts, numbers and names of districts, by record key.
#[derive(Debug, Default)]
pub struct Names {
    pub people: HashMap<String, String>,
    pub district_numbers: HashMap<String, i64>,
    pub district_names: HashMap<String, String>,
}

impl Names {
    /// The full name of an account (record id or key), when it is known.
    pub fn full_name(&self, id: &str) -> Option<&String> {
        self.people.get(&record_key(id))
    }

    /// The number of a district (record id or key), when it is known.
    pub fn district_number(&self, id: &str) -> Option<i64> {
        self.district_numbers.get(&record_key(id)).copied()
    }

    /// The full name of an account (record id or key); empty when there is none.
    pub fn person(&self, id: Option<&str>) -> String {
        id.and_then(|id| self.full_name(id)).cloned().unwrap_or_default()
    }

    /// The name of a district (record id or key); empty when there is none.
    pub fn district(&self, id: Option<&str>) -> String {
        id.and_then(|id| self.district_names.get(&record_key(id))).cloned().unwrap_or_default()
    }
}

static CACHE: Mutex<Option<(Instant, Arc<Names>)>> = Mutex::new(None);

/// The names, read again when forgotten or older than [`FRESH_FOR`].
pub async fn names(db: &Db) -> AppResult<Arc<Names>> {
    if let Ok(cache) = CACHE.lock() {
        if let Some((at, names)) = cache.as_ref() {
            if at.elapsed() < FRESH_FOR {
                return Ok(names.clone());
            }
        }
    }
    reload(db).await
}

/// The names of these accounts (record ids or keys), read again when one of them is not known
/// yet (an account created by another process or node a moment ago).
pub async fn names_of<'a>(db: &Db, people: impl IntoIterator<Item = &'a str>) -> AppResult<Arc<Names>> {
    let cached = names(db).await?;
    if people.into_iter().all(|p| cached.full_name(p).is_some()) {
        return Ok(cached);
    }
    reload(db).await
}

async fn reload(db: &Db) -> AppResult<Arc<Names>> {
    #[derive(Deserialize)]
    struct Person {
        id: String,
        full_name: String,
    }
    #[derive(Deserialize)]
    struct District {
        id: String,
        number: i64,
        name: String,
    }
    let mut response = db
        .query(
            "SELECT record::id(id) AS id, full_name FROM user;
             SELECT record::id(id) AS id, number, name FROM district;",
        )
        .await?
        .check()?;
    let districts = take_rows::<District>(&mut response, 1)?;
    let names = Arc::new(Names {
        people: take_rows::<Person>(&mut response, 0)?.into_iter().map(|p| (p.id, p.full_name)).collect(),
        district_numbers: districts.iter().map(|d| (d.id.clone(), d.number)).collect(),
        district_names: districts.into_iter().map(|d| (d.id, d.name)).collect(),
    });
    if let Ok(mut cache) = CACHE.lock() {
        *cache = Some((Instant::now(), names.clone()));
    }
    Ok(names)
}

/// Forgets the names (an account was created or renamed): the next list reads them again.
pub fn forget() {
    if let Ok(mut cache) = CACHE.lock() {
        *cache = None;
    }
}
