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

/// The key of a record id rendered as «table:key».
pub fn record_key(rendered: &str) -> String {
    let key = rendered.split_once(':').map(|(_, k)| k).unwrap_or(rendered);
    key.trim_start_matches(['⟨', '`']).trim_end_matches(['⟩', '`']).to_string()
}

/// The key whose ascending order is the newest-first order of a sort key (journal, audit):
/// every digit written as 9 − digit (the same as `fn::journal_rev_key` in the schema).
pub fn rev_key(sort_key: &str) -> String {
    sort_key
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_digit(9 - d, 10).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// A record key that passed [`is_record_key`]: the only kind of key written into a statement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordKey(String);

impl RecordKey {
    pub fn parse(value: &str) -> Option<Self> {
        is_record_key(value).then(|| RecordKey(value.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An ordering key the server computed from checked values (a moment, a number), never from
/// what a user typed: the only other text written into a statement as a literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedKey(String);

impl DerivedKey {
    /// The newest-first key of a moment (`rev_key` of its sort-key prefix), followed by `tail`
    /// (`~` sorts after every character a key holds).
    pub fn newest_first(moment: &str, tail: &'static str) -> Self {
        let safe: String =
            moment.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '|' | '-')).collect();
        DerivedKey(format!("{}{tail}", rev_key(&safe)))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
