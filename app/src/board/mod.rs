//! The supervisors' kanban board of cases (`/board`): columns are the stages, swimlanes the
//! curators or the districts; cards move by mouse, finger or keyboard, and every open board
//! follows the others' moves live.

pub mod api;
mod dnd;
#[cfg(feature = "ssr")]
pub mod live;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;
