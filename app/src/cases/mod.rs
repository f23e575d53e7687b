//! Cases (случаи сопровождения): a citizen or a family from the appeal to the conclusion,
//! with the stages of DOMAIN.md §2 and their statutory clocks in working days.

pub mod api;
pub mod attach;
pub mod card;
pub mod clocks;
mod edit;
mod form;
mod form_state;
mod members;
pub mod new_case;
pub mod page;
mod panels;
#[cfg(feature = "ssr")]
pub mod repo;
mod stage_panel;
pub mod stages;
mod summary;
pub mod types;
pub mod validate;
pub mod visibility;
