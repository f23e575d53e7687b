//! Home visits (выезды на дом, DOMAIN.md §2): planned on the case page, and the caseworker's day
//! at `/visits` — the families to visit, in order of time, with address and phone.

pub mod api;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;
