//! Links and query strings: percent-encoding for values put into URLs.

/// A query string for a link («?from=…&q=…») from filter values; empty values are left out.
pub fn query_string(pairs: &[(&str, &String)]) -> String {
    let encoded: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", urlencode(v.trim())))
        .collect();
    if encoded.is_empty() {
        String::new()
    } else {
        format!("?{}", encoded.join("&"))
    }
}

/// Percent-encoding for query-string values.
pub fn urlencode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_encoded_and_empty_ones_left_out() {
        assert_eq!(urlencode("Мир 1/2"), "%D0%9C%D0%B8%D1%80+1%2F2");
        let q = "дом".to_string();
        let empty = String::new();
        assert_eq!(query_string(&[("q", &q), ("from", &empty)]), "?q=%D0%B4%D0%BE%D0%BC");
        assert_eq!(query_string(&[("from", &empty)]), "");
    }
}
