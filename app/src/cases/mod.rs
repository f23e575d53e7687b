//! Cases (случаи сопровождения): a citizen or a family from the appeal to the conclusion,
//! with the stages of DOMAIN.md §2 and their statutory clocks in working days.

pub mod api;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
pub mod types;
