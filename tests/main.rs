//! The integration tests: the real router and repositories over an in-memory SurrealDB, one
//! module per area, linked into one binary.

mod applications;
mod architecture;
mod auth;
mod cases;
mod consilium;
mod elders;
mod elders_plans;
mod elders_report;
mod explain;
mod hardening;
mod hostile;
mod inquiries;
mod ippsu;
mod journal;
mod monitoring;
mod nodes;
mod pages;
mod patrol;
mod plans;
mod rental;
mod reports;
mod resources;
mod routes;
mod scale;
mod tally;
mod taxi;
mod visits;
