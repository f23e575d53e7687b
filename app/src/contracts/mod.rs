//! The contract on social services of a case: drawn up, signed, terminated, printed to sign.

pub mod api;
pub mod entry;
pub mod page;
pub mod print;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;
