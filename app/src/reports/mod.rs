//! The department's reports: what it owes and by when (`/reports`), and the monthly report of
//! the СВО department (`/reports/svo`) — counted from the cases and their routes, checked and
//! completed by the head, submitted as a frozen version, exported and printed.

pub mod api;
#[cfg(feature = "ssr")]
pub mod export;
pub mod list_page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod svo;
pub mod svo_page;
pub mod types;
