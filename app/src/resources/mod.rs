//! The territory resource map (карта ресурсов территории, DOMAIN.md §3): the registry of partner
//! organisations and their services, district passports with boundaries on a map, the coverage
//! of kinds of help by district, and the registries of benefactors and beneficiaries.

pub mod access;
pub mod api;
pub mod donations;
#[cfg(feature = "ssr")]
pub mod export;
pub mod geojson;
#[cfg(feature = "ssr")]
pub mod import;
pub mod import_page;
pub mod labels;
pub mod map;
pub mod page;
pub mod partner_page;
pub mod passport_page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod search;
pub mod table;
pub mod types;
pub mod validate;
