//! «Социальный патруль» (seed 000 §3.1.2, §4.4.7, §4.4.14; the caseworker's duties 4.7): raids
//! planned and held — the date, the route or addresses and the districts; who took part (staff,
//! police officers, partners of the resource map); the people and families met, what was found
//! and what was done (help given, an appeal registered in the dispatch desk's journal, a case
//! linked, a referral to a partner or an agency); the protocol printed on A4.

pub mod api;
pub mod met;
pub mod page;
pub mod participants;
pub mod print;
pub mod raid_page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
pub mod types;
