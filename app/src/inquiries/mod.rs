//! Inter-agency information requests (межведомственные запросы, seed 003 item 20): outgoing and
//! incoming, with the essence and legal grounds, whom they concern, the sending and the answer
//! due in working days; the register (`/inquiries`), a request's page, its letter on A4 and the
//! panel on the case page (`entry::InquiriesEntry`, put there by `routes.rs`).

mod answer;
mod answer_file;
pub mod api;
pub mod entry;
pub mod form;
pub mod page;
pub mod print;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;
