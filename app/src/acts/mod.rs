//! The home visit's inspection act (акт обследования): filled on a tablet at the family's home,
//! kept on the device as a draft at every keystroke, sent when there is a connection, compared
//! field by field when the server's copy changed meanwhile, signed, printed on A4.

pub mod api;
mod conflict;
mod field;
mod members;
pub mod page;
mod photos;
pub mod print;
#[cfg(feature = "ssr")]
pub mod repo;
mod session;
mod status;
pub mod types;
