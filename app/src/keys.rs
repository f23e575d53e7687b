//! Record keys that travel in URLs and forms.

/// Whether a value may stand as a record key written into a statement (`district:d3`).
pub fn is_record_key(value: &str) -> bool {
    !value.is_empty() && value.len() <= 40 && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A record id written into a statement, `user:⟨k3x…⟩`, for a key that passed
/// [`is_record_key`]; the brackets keep a key that starts with a digit a key.
pub fn record_literal(table: &str, key: &str) -> String {
    format!("{table}:⟨{key}⟩")
}

/// A key that came from the browser, or «not found»: a malformed key names no record.
pub fn known(value: &str) -> Result<&str, crate::error::AppError> {
    if is_record_key(value) {
        Ok(value)
    } else {
        Err(crate::error::AppError::NotFound("Запись не найдена".into()))
    }
}
