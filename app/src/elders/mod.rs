//! «Дворовый» social management of people 55+ and disabled people (seed 002): the registry of
//! each social district, the monthly contact with every person and the list of those not yet
//! reached this month, the alerts to the head of the department about dangerous situations, the
//! quarterly plan and report of the service.

pub mod api;
pub mod contact_form;
pub mod event_page;
pub mod events;
pub mod events_api;
#[cfg(feature = "ssr")]
pub mod events_import;
pub mod events_page;
#[cfg(feature = "ssr")]
pub mod events_repo;
#[cfg(feature = "ssr")]
pub mod export;
pub mod form;
#[cfg(feature = "ssr")]
pub mod import;
pub mod import_page;
pub mod needs;
pub mod needs_card;
pub mod open_case;
pub mod outbox;
pub mod page;
pub mod person;
pub mod person_events;
pub mod person_plan;
pub mod plan;
pub mod plan_api;
pub mod plan_print;
#[cfg(feature = "ssr")]
pub mod plan_repo;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod report;
pub mod report_api;
#[cfg(feature = "ssr")]
pub mod report_export;
pub mod report_page;
#[cfg(feature = "ssr")]
pub mod report_repo;
pub mod round;
pub mod rules;
pub mod types;
pub mod walk;
pub mod walk_page;
pub mod widgets;
