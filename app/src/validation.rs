//! Checks every form shares: length, control characters, empty text, «ё» folded for search.

use crate::error::FieldErrors;

/// Trimmed text, or none when nothing is left.
pub fn optional_text(value: &str) -> Option<String> {
    let collapsed = value.trim();
    if collapsed.is_empty() {
        None
    } else {
        Some(collapsed.to_string())
    }
}

/// A message when the text is longer than `max` characters.
pub fn check_len(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    let len = value.chars().count();
    if len > max {
        errors.add(field, format!("Не больше {max} знаков (сейчас {len})"));
    }
}

/// A control character in a text field is a paste accident or an attack, never content.
pub fn check_printable(errors: &mut FieldErrors, field: &str, value: &str) {
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        errors.add(field, "Текст содержит недопустимые управляющие символы");
    }
}

/// «ё» as «е», so that a search finds «Семёнова» typed as «Семенова» and back.
pub fn fold_yo(text: &str) -> String {
    text.replace('ё', "е").replace('Ё', "Е")
}
