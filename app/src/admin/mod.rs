//! Administration (`/admin/users`, `/admin/calendar`): accounts, social districts and the
//! production calendar. Administrators create, edit, deactivate (never delete) accounts and
//! reset passwords; they edit the districts and the calendar's years.

pub mod api;
pub mod calendar_api;
pub mod calendar_page;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;
