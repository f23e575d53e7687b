//! The social districts (социальные участки): the slice every feature reads them from.

use serde::{Deserialize, Serialize};

pub mod filter;
#[cfg(feature = "ssr")]
pub mod repo;

/// A social district (социальный участок), as lists and filters show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictOption {
    pub id: String,
    pub number: i64,
    pub name: String,
}

/// A social district with its description, as the administrator edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct District {
    pub id: String,
    pub number: i64,
    pub name: String,
    pub description: String,
}
