//! Passwords: Argon2id hashes, and the policy a new password must meet (инструкция по
//! парольной безопасности). Server-only; a password is never logged or returned.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 128;

/// The most common passwords and the patterns people fall back to; none of them is accepted.
const COMMON: &[&str] = &[
    "123456",
    "123456789",
    "12345678",
    "password",
    "qwerty",
    "qwerty123",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "1234567890",
    "111111",
    "000000",
    "123123",
    "qwertyuiop",
    "password1",
    "iloveyou",
    "admin",
    "admin123",
    "administrator",
    "welcome",
    "letmein",
    "abc123",
    "passw0rd",
    "p@ssw0rd",
    "zaq12wsx",
    "1qaz2wsx",
    "qazwsx",
    "asdfghjkl",
    "йцукен",
    "йцукенгшщз",
    "пароль",
    "пароль123",
    "qwerty12345",
    "1234qwer",
    "q1w2e3r4t5",
    "changeme",
    "default",
    "opora",
    "opora123",
    "югорск",
    "yugorsk",
    "социальнаяработа",
    "qwertyqwerty",
    "1234512345",
    "0987654321",
    "9876543210",
    "password123",
    "superadmin",
    "dragon",
    "monkey",
    "sunshine",
    "football",
    "master",
    "shadow",
];

/// Checks a new password; the message is shown on the form next to the field.
pub fn check_policy(password: &str, login: &str, full_name: &str) -> Result<(), String> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(format!("Пароль должен быть не короче {MIN_LENGTH} знаков"));
    }
    if length > MAX_LENGTH {
        return Err(format!("Пароль должен быть не длиннее {MAX_LENGTH} знаков"));
    }
    let lower = password.to_lowercase();
    if COMMON.iter().any(|c| {
        lower == *c || lower.starts_with(c) && lower[c.len()..].chars().all(|ch| ch.is_ascii_digit() || ch == '!')
    }) {
        return Err("Этот пароль слишком распространён — придумайте другой".into());
    }
    let distinct: std::collections::HashSet<char> = lower.chars().collect();
    if distinct.len() < 4 {
        return Err("В пароле слишком мало разных символов".into());
    }
    if !login.is_empty() && lower.contains(&login.to_lowercase()) {
        return Err("Пароль не должен содержать логин".into());
    }
    if let Some(surname) = full_name.split_whitespace().next() {
        if surname.chars().count() >= 3 && lower.contains(&surname.to_lowercase()) {
            return Err("Пароль не должен содержать фамилию".into());
        }
    }
    Ok(())
}

pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("hashing failed: {e}"))
}

pub fn verify(password: &str, stored_hash: &str) -> bool {
    match PasswordHash::new(stored_hash) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the login does not exist, so that a wrong login takes as
/// long as a wrong password and does not reveal which logins exist.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash("no such user, no such password").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash("Снег-над-Югорском-2026").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("Снег-над-Югорском-2026", &h));
        assert!(!verify("снег-над-югорском-2026", &h));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn policy_refuses_short_common_and_personal_passwords() {
        assert!(check_policy("short1", "ivanova", "Иванова Анна").is_err());
        assert!(check_policy("qwerty12345", "ivanova", "Иванова Анна").is_err());
        assert!(check_policy("password123!", "ivanova", "Иванова Анна").is_err());
        assert!(check_policy("aaaaaaaaaaaa", "ivanova", "Иванова Анна").is_err());
        assert!(check_policy("ivanova-2026-x", "ivanova", "Иванова Анна").is_err());
        assert!(check_policy("Иванова-лучшая-1", "ivanova", "Иванова Анна").is_err());
        assert!(check_policy("Тёплый-вечер-у-реки", "ivanova", "Иванова Анна").is_ok());
    }
}
