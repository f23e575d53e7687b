//! The home visit's inspection act (акт обследования): filled on a tablet at the family's home,
//! kept on the device as a draft at every keystroke, sent when there is a connection, compared
//! field by field when the server's copy changed meanwhile, signed, printed on A4.

pub mod api;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;
