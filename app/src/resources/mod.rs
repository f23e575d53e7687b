//! The territory resource map (карта ресурсов территории, DOMAIN.md §3): the registry of partner
//! organisations and their services, district passports with boundaries on a map, the coverage
//! of kinds of help by district, and the registries of benefactors and beneficiaries.

pub mod access;
pub mod api;
mod coverage_tab;
mod donation_forms;
mod donation_tables;
mod donations;
#[cfg(feature = "ssr")]
pub mod export;
mod filter_bar;
pub mod geojson;
#[cfg(feature = "ssr")]
pub mod import;
mod import_page;
pub mod labels;
pub mod map;
mod map_cards;
#[cfg(feature = "hydrate")]
mod map_driver;
mod map_panel;
mod map_state;
mod map_tab;
pub mod page;
mod partner_card;
mod partner_form;
pub mod partner_page;
mod passport_form;
pub mod passport_page;
mod passports_tab;
mod registry_tab;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod search;
mod service_fields;
pub mod table;
pub mod types;
pub mod validate;
