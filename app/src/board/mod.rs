//! The supervisors' kanban board of cases (`/board`): columns are the stages, swimlanes the
//! curators or the districts; cards move by mouse, finger or keyboard, and every open board
//! follows the others' moves live.

pub mod api;
mod card;
mod cell;
mod comment_dialog;
#[cfg(feature = "ssr")]
pub mod counts;
mod ctx;
mod dnd;
#[cfg(feature = "ssr")]
mod filters;
mod follow;
mod grid;
mod keyboard;
mod lanes;
mod limits;
#[cfg(feature = "ssr")]
pub mod live;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
mod queue;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;
mod workload;
