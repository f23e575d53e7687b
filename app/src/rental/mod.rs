//! The rental point of technical rehabilitation aids («пункт проката ТСР», seed 000 §3.1.2,
//! §4.4.7; the caseworker's duties 4.7): the stock with each item's condition, place and
//! history; loans with their agreement and handover act, extensions and returns; the waiting
//! list of each kind, whose first person is held the item that comes back; overdue returns on
//! the rental page and the start pages; the report for a period.

pub mod api;
pub mod entry;
pub mod issue_page;
pub mod item_page;
pub mod loan_page;
pub mod page;
pub mod print;
pub mod queue_page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod report;
#[cfg(feature = "ssr")]
pub mod report_export;
pub mod report_page;
pub mod rules;
pub mod types;
