//! How the resource map names kinds of help and districts in lists.

use super::types::{DistrictShape, HelpKind};

/// Labels of kinds of help, by code.
pub fn help_label(kinds: &[HelpKind], code: &str) -> String {
    kinds.iter().find(|k| k.code == code).map(|k| k.label.clone()).unwrap_or_else(|| code.to_string())
}

/// «№ 1, № 3» or «весь город».
pub fn districts_label(keys: &[String], districts: &[DistrictShape]) -> String {
    if keys.is_empty() {
        return "весь город".into();
    }
    districts.iter().filter(|d| keys.contains(&d.id)).map(|d| format!("№ {}", d.number)).collect::<Vec<_>>().join(", ")
}
