//! The database helpers every repository uses: decoding rows, literals for checked values,
//! transactions that retry after a conflict, and the one filter builder. Server-only.

pub mod filter;
pub mod names;
pub mod numbering;

use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use std::time::Duration;
use surrealdb::engine::any::Any;
use surrealdb::Surreal;

/// The database, shared by every request. A handle behind an `Arc`, because cloning a
/// `Surreal` handle itself opens a new session on the server (`attach`, then its namespace and
/// sign-in replayed): per request that is three round trips more on `ws://`, and a SurrealDB
/// server refuses a connection's 257th session («Method not allowed»).
pub type Db = std::sync::Arc<Surreal<Any>>;

/// A date as the schema stores it: «2026-11-24».
pub fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Takes the rows of one statement of a query response and decodes them into `T`.
/// Rows come as JSON: record ids as «table:key» strings unless the query projects them.
pub fn take_rows<T: DeserializeOwned>(response: &mut surrealdb::IndexedResults, index: usize) -> AppResult<Vec<T>> {
    let rows: Vec<serde_json::Value> = response.take(index)?;
    rows.into_iter().map(|row| serde_json::from_value(row).map_err(AppError::from)).collect()
}

/// Takes the single row of one statement, if any.
pub fn take_one<T: DeserializeOwned>(response: &mut surrealdb::IndexedResults, index: usize) -> AppResult<Option<T>> {
    Ok(take_rows(response, index)?.into_iter().next())
}

/// A SurrealQL string literal. Checked filters (dates the server parsed, codes of its own
/// lists, validated record keys) are written into statements as literals because SurrealDB
/// plans index-only counts and index ranges for literals, not for parameters: 3 ms instead of
/// 130 ms for a district of 14,000 journal entries. Free text always stays a parameter.
pub fn sql_literal(value: &str) -> String {
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The error of a multi-statement transaction, if any: the statement that failed first explains
/// why; the rest only say that the transaction failed.
pub fn transaction_error(response: &mut surrealdb::IndexedResults) -> Option<surrealdb::Error> {
    let mut errors: Vec<(usize, surrealdb::Error)> = response.take_errors().into_iter().collect();
    if errors.is_empty() {
        return None;
    }
    errors.sort_by_key(|(i, _)| *i);
    let cause = errors.iter().position(|(_, e)| !e.to_string().contains("failed transaction")).unwrap_or(0);
    Some(errors.swap_remove(cause).1)
}

/// Runs a transaction that creates a record, again when it lost a race with another writer
/// (optimistic concurrency), and returns the key its last statement returns.
pub async fn created_key<F, Fut>(mut run: F) -> Result<Option<String>, surrealdb::Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = surrealdb::Result<surrealdb::IndexedResults>>,
{
    let mut attempt: u64 = 0;
    loop {
        attempt += 1;
        let outcome = match run().await {
            Ok(mut response) => match transaction_error(&mut response) {
                None => {
                    let last = response.num_statements() - 1;
                    response.take::<Option<String>>(last)
                }
                Some(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        match outcome {
            Err(e) if is_retryable(&e) && attempt < 60 => back_off(attempt).await,
            other => return other,
        }
    }
}

/// A pause before trying again after a conflict, random and growing with the attempts, so that
/// the writers who collided do not collide again in step.
pub async fn back_off(attempt: u64) {
    let pause = rand::random_range(1..=5 * attempt.min(20));
    tokio::time::sleep(Duration::from_millis(pause)).await;
}

/// Runs a write again when it lost a race with another writer of the same records (logins of
/// one account at once, a session created while the user record changes).
pub async fn with_retries<F, Fut>(mut run: F) -> Result<surrealdb::IndexedResults, surrealdb::Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = surrealdb::Result<surrealdb::IndexedResults>>,
{
    let mut attempt: u64 = 0;
    loop {
        attempt += 1;
        match run().await.and_then(|r| r.check()) {
            Err(e) if is_retryable(&e) && attempt < 60 => back_off(attempt).await,
            other => return other,
        }
    }
}

/// Whether a database error is an optimistic-transaction conflict worth retrying.
pub fn is_retryable(err: &surrealdb::Error) -> bool {
    let message = err.to_string().to_lowercase();
    message.contains("conflict") || message.contains("retry") || message.contains("read or write conflict")
}
