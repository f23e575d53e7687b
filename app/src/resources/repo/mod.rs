//! Database side of the resource map, by aggregate. Server-only; reached from the server functions,
//! the downloads, the demo data, the benchmarks and the integration tests.

mod common;
mod coverage;
mod districts;
mod donations;
mod import;
mod partners;
mod passports;

pub use common::*;
pub use coverage::*;
pub use districts::*;
pub use donations::*;
pub use import::*;
pub use partners::*;
pub use passports::*;
