//! The social taxi («социальное такси», seed 000 §3.1.2, §4.4.10): a request — who rides (a
//! person of a case or of the registry 55+, or a walk-in), why (hospital, МСЭ, МФЦ, a social
//! institution), from and to, the day and time, with a wheelchair, with an escort; its statuses
//! requested → confirmed (with the driver and the vehicle) → done or cancelled (with a reason);
//! the day's list and the driver's schedule on A4; the counts of a period.

pub mod api;
pub mod day_page;
pub mod entry;
pub mod print;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod report;
#[cfg(feature = "ssr")]
pub mod report_export;
pub mod report_page;
pub mod ride_page;
pub mod rules;
pub mod types;
