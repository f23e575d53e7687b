//! Administration (`/admin/users`): accounts and social districts. Administrators create,
//! edit, deactivate (never delete) accounts and reset passwords; they edit the districts.

pub mod api;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;
