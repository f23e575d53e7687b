//! Cases (случаи сопровождения): a citizen or a family from the appeal to the conclusion,
//! with the stages of DOMAIN.md §2 and their statutory clocks in working days.

pub mod api;
pub mod card;
pub mod clocks;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod stages;
pub mod types;
pub mod validate;
pub mod visibility;
