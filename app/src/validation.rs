//! Checks every form shares: length, control characters, empty text, «ё» folded for search.

use crate::error::FieldErrors;
use crate::time::parse_date;
use chrono::{Datelike, NaiveDate};

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

/// An optional date of the past: none when empty; a wrong format, a future day or a year
/// before 1900 is named on the field.
pub fn optional_date(errors: &mut FieldErrors, field: &str, value: &str, today: NaiveDate) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match parse_date(value) {
        None => {
            errors.add(field, "Дата в формате ДД.ММ.ГГГГ");
            None
        }
        Some(d) if d > today => {
            errors.add(field, "Дата не может быть в будущем");
            None
        }
        Some(d) if d.year() < 1900 => {
            errors.add(field, "Проверьте год");
            None
        }
        Some(d) => Some(d),
    }
}
