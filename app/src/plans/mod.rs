//! A СВО family's diagnostic map, route and individual support plan (ИПСС).

mod activity;
pub mod api;
mod diagnostic;
pub mod entry;
mod map_column;
pub mod page;
mod plan_tab;
mod planner;
pub mod print;
#[cfg(feature = "ssr")]
pub mod repo;
mod route_drop;
mod route_item;
mod save_bar;
mod session;
pub mod state;
pub mod types;
