//! The head of department's dashboard (`/dashboard`): what is late and what falls due this week,
//! each a link to where it is fixed, and the department's last 12 weeks as charts drawn on the
//! server, each with the table behind it.

pub mod api;
#[cfg(feature = "ssr")]
pub mod chart;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
pub mod types;
