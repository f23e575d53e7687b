//! Yearly numbers without gaps: № of a journal entry, of a case, of an application. A series
//! keeps one counter record per local calendar year; a live registration takes the next number
//! as the first statement of the transaction of the record that gets it ([`begin_numbered!`]),
//! so two people saving at the same moment get consecutive numbers — the transaction
//! that lost the race is retried whole by [`super::created_key`]. A bulk load (old paper
//! journals, the demo, the generator) numbers its rows beforehand with [`BulkNumbers`] and
//! writes the counters back in the same transaction as the rows.

use super::{take_one, Db};
use crate::error::AppResult;
use serde::Deserialize;
use std::collections::BTreeMap;
use surrealdb::types::{RecordId, SurrealValue};

/// The opening of a registration's SurrealQL: begins the transaction and takes the next number
/// of the counter bound as `$counter` into `$number`. A literal, for `concat!` with the rest of
/// the statement, so the numbering is written once and needs nothing defined in the schema.
#[macro_export]
macro_rules! begin_numbered {
    () => {
        "BEGIN TRANSACTION;
         LET $number = (UPSERT ONLY $counter SET year = record::id($counter), last = (last ?? 0) + 1 RETURN AFTER).last;"
    };
}

/// The SurrealQL statement writing back the counters of a bulk load, bound as `$counters`.
pub const SET_COUNTERS: &str = "FOR $c IN $counters { UPSERT $c.id SET year = $c.year, last = $c.last; };";

/// One numbered series: the table of its yearly counters.
#[derive(Debug, Clone, Copy)]
pub struct YearSeries {
    counters: &'static str,
}

impl YearSeries {
    pub const fn new(counters: &'static str) -> Self {
        YearSeries { counters }
    }

    /// The counter record of a year, to bind as `$counter`.
    pub fn counter(&self, year: i64) -> RecordId {
        RecordId::new(self.counters, year)
    }

    /// The last number given in a year, 0 when none.
    pub async fn last(&self, db: &Db, year: i64) -> AppResult<i64> {
        #[derive(Deserialize)]
        struct Row {
            last: i64,
        }
        let mut response = db.query("SELECT last FROM $counter").bind(("counter", self.counter(year))).await?;
        Ok(take_one::<Row>(&mut response, 0)?.map(|r| r.last).unwrap_or(0))
    }

    /// Numbering for a bulk load that continues each year's counter.
    pub fn bulk(&self) -> BulkNumbers {
        BulkNumbers { series: *self, last: BTreeMap::new() }
    }
}

/// A counter as a bulk load writes it back.
#[derive(SurrealValue, Clone)]
pub struct CounterRow {
    id: RecordId,
    year: i64,
    last: i64,
}

/// The numbers a bulk load gives, year by year, continuing what the database has.
pub struct BulkNumbers {
    series: YearSeries,
    last: BTreeMap<i64, i64>,
}

impl BulkNumbers {
    /// The next number of a year.
    pub async fn next(&mut self, db: &Db, year: i64) -> AppResult<i64> {
        let last = match self.last.get(&year) {
            Some(last) => *last,
            None => self.series.last(db, year).await?,
        };
        self.last.insert(year, last + 1);
        Ok(last + 1)
    }

    /// The counters to write back (bind as `$counters` for [`SET_COUNTERS`]).
    pub fn counters(&self) -> Vec<CounterRow> {
        self.last
            .iter()
            .map(|(year, last)| CounterRow { id: self.series.counter(*year), year: *year, last: *last })
            .collect()
    }
}

/// A number padded for keys that sort as text («0000042»), as the SurrealQL of the
/// registrations pads it.
pub fn padded(number: i64) -> String {
    format!("{number:07}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_numbers_sort_as_numbers() {
        assert_eq!(padded(42), "0000042");
        let mut keys = vec![padded(100), padded(9), padded(10)];
        keys.sort();
        assert_eq!(keys, vec![padded(9), padded(10), padded(100)]);
    }
}
