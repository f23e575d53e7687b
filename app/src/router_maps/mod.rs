//! Router maps of difficult life situations (карты-маршрутизаторы ТЖС) and their editor.

pub mod api;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;
