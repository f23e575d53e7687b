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

/// The text with its runs of spaces, tabs and line breaks as one space, trimmed.
pub fn collapse_spaces(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A one-line text that must be given: spaces collapsed, `empty` named when nothing is left,
/// at most `max` characters, no control characters.
pub fn required_line(errors: &mut FieldErrors, field: &str, value: &str, max: usize, empty: &str) -> String {
    let line = collapse_spaces(value);
    if line.is_empty() {
        errors.add(field, empty);
    }
    check_len(errors, field, &line, max);
    check_printable(errors, field, &line);
    line
}

/// Codes of a closed list chosen on a form: each known one once, in the order given; an unknown
/// code is named at the field with `unknown`.
pub fn codes_of<T: PartialEq>(
    errors: &mut FieldErrors,
    field: &str,
    codes: &[String],
    from_code: fn(&str) -> Option<T>,
    unknown: &str,
) -> Vec<T> {
    let mut chosen = Vec::new();
    for code in codes {
        match from_code(code) {
            Some(value) if !chosen.contains(&value) => chosen.push(value),
            Some(_) => {}
            None => errors.add(field, unknown),
        }
    }
    chosen
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_required_line_is_collapsed_and_named_when_empty() {
        let mut errors = FieldErrors::new();
        assert_eq!(required_line(&mut errors, "title", "  Концерт \n хора ", 100, "Укажите название"), "Концерт хора");
        assert!(errors.is_empty());
        assert_eq!(required_line(&mut errors, "title", " \t", 100, "Укажите название"), "");
        assert_eq!(errors.get("title"), Some("Укажите название"));
    }

    #[test]
    fn chosen_codes_are_kept_once_and_unknown_ones_named() {
        let from = |c: &str| ["a", "b"].contains(&c).then(|| c.to_string());
        let mut errors = FieldErrors::new();
        let codes = vec!["b".to_string(), "a".into(), "b".into()];
        assert_eq!(codes_of(&mut errors, "f", &codes, from, "нет такого"), ["b", "a"]);
        assert!(errors.is_empty());
        codes_of(&mut errors, "f", &["x".to_string()], from, "нет такого");
        assert_eq!(errors.get("f"), Some("нет такого"));
    }
}
