//! «Дворовый» social management of people 55+ and disabled people (seed 002): the registry of
//! each social district, the monthly contact with every person and the list of those not yet
//! reached this month, the alerts to the head of the department about dangerous situations.

pub mod api;
pub mod contact_form;
pub mod event_page;
pub mod events;
pub mod events_api;
pub mod events_page;
#[cfg(feature = "ssr")]
pub mod events_repo;
#[cfg(feature = "ssr")]
pub mod export;
pub mod form;
pub mod outbox;
pub mod page;
pub mod person;
pub mod person_events;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod round;
pub mod rules;
pub mod types;
pub mod widgets;
