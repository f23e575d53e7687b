//! Database side of cases. Server-only; reached from the server functions in `api.rs`, the
//! board, the demo data and the integration tests.

mod contents;
mod deadlines;
mod import;
mod read;
mod rows;
mod write;

pub use contents::*;
pub use deadlines::*;
pub use import::*;
pub use read::*;
pub use rows::*;
pub use write::*;

/// Case numbers, one series per local year.
pub(crate) const SERIES: crate::db::numbering::YearSeries = crate::db::numbering::YearSeries::new("case_counter");
