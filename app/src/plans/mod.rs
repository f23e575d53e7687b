//! A СВО family's diagnostic map, route and individual support plan (ИПСС).

pub mod api;
pub mod entry;
pub mod page;
pub mod planner;
pub mod print;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod state;
pub mod types;
