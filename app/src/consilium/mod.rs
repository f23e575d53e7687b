//! The social consilium: sessions prepared from the agenda of cases whose plan ends or whose
//! activities are overdue, decisions recorded on each case and its plan, the protocol on A4.

pub mod api;
pub mod page;
pub mod print;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;
