//! A case's diagnostic map, the route to its plan and the support plan itself: the ИПСС of a
//! СВО family, the ИПССС of a family with children, the plan of a citizen — one mechanism.

mod activity;
pub mod api;
mod diagnostic;
pub mod entry;
mod map_column;
pub mod mine;
mod own_activity;
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
