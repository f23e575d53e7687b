//! Router maps of difficult life situations (карты-маршрутизаторы ТЖС) and their editor.

pub mod api;
mod editor;
mod history;
pub mod page;
mod rearrange;
#[cfg(feature = "ssr")]
pub mod repo;
mod situation;
mod step;
pub mod types;
