//! The individual programme of social services (ИППСУ) of a case: the proposals, the
//! commission's approval, corrections with history, the conclusion, and its print.

pub mod api;
pub mod entry;
mod lines;
pub mod page;
pub mod print;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;
