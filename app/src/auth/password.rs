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

/// Argon2 costs 19 MiB and tens of milliseconds of a core per call: it runs on the blocking
/// pool, on every core but one, and a bounded number wait. Beyond that the server says it is
/// busy instead of queueing without end, so that a burst of logins cannot stall every page,
/// the live stream and the health check.
pub mod pool {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::OnceLock;
    use tokio::sync::Semaphore;

    /// Calls that may wait for a core, per core.
    const WAITING_PER_CORE: usize = 8;

    struct Pool {
        running: std::sync::Arc<Semaphore>,
        waiting: AtomicUsize,
        limit: usize,
    }

    fn pool() -> &'static Pool {
        static POOL: OnceLock<Pool> = OnceLock::new();
        POOL.get_or_init(|| Pool {
            running: std::sync::Arc::new(Semaphore::new(crate::cores::for_heavy_work())),
            waiting: AtomicUsize::new(0),
            limit: crate::cores::all() * WAITING_PER_CORE,
        })
    }

    /// The pool is full: answer «try again in a minute».
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Busy;

    /// Runs `work` on the blocking pool when a core is free. `bounded`: `Busy` when too many wait
    /// already (logins, which anyone can send); otherwise it waits its turn (an administrator
    /// creating an account, a user changing a password).
    pub async fn run<T: Send + 'static>(bounded: bool, work: impl FnOnce() -> T + Send + 'static) -> Result<T, Busy> {
        /// A place in the queue, given back however the wait ends (a client that hangs up
        /// cancels it: a counter that only went up would refuse every login in the end).
        struct Waiting(&'static Pool);
        impl Drop for Waiting {
            fn drop(&mut self) {
                self.0.waiting.fetch_sub(1, Ordering::SeqCst);
            }
        }
        let pool = pool();
        let place = Waiting(pool);
        if pool.waiting.fetch_add(1, Ordering::SeqCst) >= pool.limit && bounded {
            return Err(Busy);
        }
        let permit = pool.running.clone().acquire_owned().await;
        drop(place);
        let Ok(permit) = permit else { return Err(Busy) };
        // The core stays taken until the hash is done, even when the request is gone meanwhile.
        tokio::task::spawn_blocking(move || {
            let done = work();
            drop(permit);
            done
        })
        .await
        .map_err(|_| Busy)
    }
}

/// What a user is told when the pool is full.
pub const BUSY: &str = "Сервер занят проверкой паролей, повторите через минуту";

/// Hashes a password on the blocking pool: the hash, or the error a server function answers.
pub async fn hash_for_request(password: &str) -> Result<String, crate::error::AppError> {
    use crate::error::AppError;
    hash_in_pool(password.to_string())
        .await
        .map_err(|_| AppError::TooManyRequests(BUSY.into()))?
        .map_err(AppError::internal)
}

/// Hashes a password on the blocking pool.
pub async fn hash_in_pool(password: String) -> Result<Result<String, String>, pool::Busy> {
    pool::run(false, move || hash(&password)).await
}

/// Verifies a password of a login on the blocking pool; `Busy` when the login queue is full.
pub async fn verify_in_pool(password: String, stored_hash: String) -> Result<bool, pool::Busy> {
    pool::run(true, move || verify(&password, &stored_hash)).await
}

/// Verifies the current password of a signed-in user (changing it): waits its turn.
pub async fn verify_waiting(password: String, stored_hash: String) -> Result<bool, pool::Busy> {
    pool::run(false, move || verify(&password, &stored_hash)).await
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
