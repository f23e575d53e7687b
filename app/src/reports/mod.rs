//! The department's reports: what it owes and by when (`/reports`), the monthly report of the
//! СВО department (`/reports/svo`) and the quarterly monitoring of the support of families with
//! children (`/reports/monitoring`, with its questionnaire filled per family at
//! `/cases/<id>/survey`) — counted from the cases, their plans and routes, checked and completed
//! by the head, submitted as a frozen version, exported and printed; and the workload of the
//! specialists for the weekly meeting (`/reports/workload`).

pub mod api;
#[cfg(feature = "ssr")]
pub mod export;
pub mod list_page;
pub mod monitoring;
pub mod monitoring_api;
pub mod monitoring_page;
#[cfg(feature = "ssr")]
pub mod monitoring_repo;
pub mod questions_page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod route_digest;
pub mod survey_page;
pub mod svo;
pub mod svo_page;
pub mod types;
pub mod view;
pub mod workload;
pub mod workload_api;
pub mod workload_page;
#[cfg(feature = "ssr")]
pub mod workload_repo;
