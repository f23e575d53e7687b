//! Russian phone numbers: what a dispatcher types («8 912 345-67-89», «(34675) 2-15-33»,
//! «21533») becomes one canonical form, `+7` and ten digits.

/// Telephone code of Yugorsk, used for five-digit local numbers.
pub const LOCAL_AREA_CODE: &str = "34675";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    BadCharacters,
    WrongLength,
}

impl PhoneError {
    pub fn message(&self) -> &'static str {
        match self {
            PhoneError::Empty => "Укажите телефон",
            PhoneError::BadCharacters => {
                "Телефон может содержать только цифры, пробелы, скобки, дефисы и знак +"
            }
            PhoneError::WrongLength => {
                "Номер должен содержать 10 цифр после +7 (например, +7 912 345-67-89) или 5 цифр городского номера Югорска"
            }
        }
    }
}

/// Normalises a Russian phone number to `+7XXXXXXXXXX`.
pub fn normalize_phone(input: &str) -> Result<String, PhoneError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(PhoneError::Empty);
    }
    let mut digits = String::with_capacity(12);
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => {}
            ' ' | '-' | '(' | ')' | '.' | '\u{a0}' | '\u{2011}' | '\u{2013}' => {}
            _ => return Err(PhoneError::BadCharacters),
        }
    }
    let national = match digits.len() {
        5 => format!("{LOCAL_AREA_CODE}{digits}"),
        10 => digits,
        11 if digits.starts_with('7') || digits.starts_with('8') => digits[1..].to_string(),
        _ => return Err(PhoneError::WrongLength),
    };
    if trimmed.starts_with('+') && !(digits_start_with_seven(trimmed)) {
        // «+8 …» or «+375 …»: a foreign or mistyped international number.
        return Err(PhoneError::WrongLength);
    }
    Ok(format!("+7{national}"))
}

fn digits_start_with_seven(trimmed: &str) -> bool {
    trimmed.chars().find(|c| c.is_ascii_digit()) == Some('7')
}

/// Shows a canonical number the way people read it: «+7 (912) 345-67-89», or for Yugorsk's
/// city numbers «+7 (34675) 2-15-33».
pub fn format_phone(canonical: &str) -> String {
    let Some(national) = canonical.strip_prefix("+7") else {
        return canonical.to_string();
    };
    if national.len() != 10 || !national.chars().all(|c| c.is_ascii_digit()) {
        return canonical.to_string();
    }
    if let Some(local) = national.strip_prefix(LOCAL_AREA_CODE) {
        return format!("+7 ({LOCAL_AREA_CODE}) {}-{}-{}", &local[..1], &local[1..3], &local[3..]);
    }
    format!("+7 ({}) {}-{}-{}", &national[..3], &national[3..6], &national[6..8], &national[8..])
}

/// The digit strings a search for this number should match: the whole national number, with 7
/// and 8 in front, and its last seven, six and four digits (what people remember).
pub fn phone_search_tokens(canonical: &str) -> Vec<String> {
    let Some(national) = canonical.strip_prefix("+7") else {
        return Vec::new();
    };
    let mut tokens = vec![national.to_string(), format!("7{national}"), format!("8{national}")];
    for tail in [7usize, 6, 5, 4] {
        if national.len() > tail {
            tokens.push(national[national.len() - tail..].to_string());
        }
    }
    tokens
}

/// Digits of a search query, if it looks like (part of) a phone number.
pub fn phone_query_digits(query: &str) -> Option<String> {
    let digits: String = query.chars().filter(|c| c.is_ascii_digit()).collect();
    let other =
        query.chars().filter(|c| !c.is_ascii_digit() && !matches!(c, ' ' | '-' | '(' | ')' | '+' | '.')).count();
    if digits.len() >= 4 && other == 0 {
        // «+7 912…» and «8 912…» are searched as the national number.
        let national = match digits.len() {
            11 if digits.starts_with('7') || digits.starts_with('8') => digits[1..].to_string(),
            _ => digits,
        };
        Some(national)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_ways_people_write_mobile_numbers() {
        for input in
            ["+7 912 345-67-89", "8 (912) 345-67-89", "89123456789", "79123456789", "9123456789", " +7(912)345 67 89 "]
        {
            assert_eq!(normalize_phone(input).as_deref(), Ok("+79123456789"), "{input}");
        }
    }

    #[test]
    fn five_digit_city_numbers_get_the_yugorsk_code() {
        assert_eq!(normalize_phone("2-15-33").as_deref(), Ok("+73467521533"));
        assert_eq!(normalize_phone("8 (34675) 2-15-33").as_deref(), Ok("+73467521533"));
        assert_eq!(format_phone("+73467521533"), "+7 (34675) 2-15-33");
    }

    #[test]
    fn rejects_what_is_not_a_russian_number() {
        assert_eq!(normalize_phone(""), Err(PhoneError::Empty));
        assert_eq!(normalize_phone("912-345"), Err(PhoneError::WrongLength));
        assert_eq!(normalize_phone("+375 29 123 45 67"), Err(PhoneError::WrongLength));
        assert_eq!(normalize_phone("89123456789012"), Err(PhoneError::WrongLength));
        assert_eq!(normalize_phone("+8 912 345 67 89"), Err(PhoneError::WrongLength));
        assert_eq!(normalize_phone("912 345 67 89 доб. 5"), Err(PhoneError::BadCharacters));
    }

    #[test]
    fn formats_for_reading() {
        assert_eq!(format_phone("+79123456789"), "+7 (912) 345-67-89");
        assert_eq!(format_phone("не номер"), "не номер");
    }

    #[test]
    fn search_tokens_cover_what_people_remember() {
        let tokens = phone_search_tokens("+79123456789");
        for t in ["9123456789", "89123456789", "79123456789", "3456789", "6789"] {
            assert!(tokens.iter().any(|x| x == t), "{t}");
        }
        assert_eq!(phone_query_digits("8 912 345-67-89").as_deref(), Some("9123456789"));
        assert_eq!(phone_query_digits("67-89").as_deref(), Some("6789"));
        assert_eq!(phone_query_digits("Иванова"), None);
        assert_eq!(phone_query_digits("дом 12"), None);
    }
}
