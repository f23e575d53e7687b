//! Signing in: the login page and its server function, with the lockout after failed attempts.

use super::{error_for, general_error};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Failed attempts before an account is locked.
pub const LOCK_AFTER_FAILURES: i64 = 5;
/// Failed attempts from one address within [`ADDRESS_WINDOW_SECS`] after which that address
/// is refused for a while (a department behind one address makes mistakes too: room for them).
pub const ADDRESS_FAILURES: usize = 30;
pub const ADDRESS_WINDOW_SECS: u64 = 15 * 60;
/// The longest login and password looked at; anything longer is refused unread.
pub const MAX_LOGIN: usize = 64;

/// What the audit trail keeps of a login nobody has: its first two letters and its length, never
/// the whole of it (people type their password into the login field).
#[cfg(feature = "ssr")]
pub fn masked_login(login: &str) -> String {
    let length = login.chars().count();
    if crate::auth::users::check_login(login).is_err() {
        return format!("не по правилам логинов, {length} зн.");
    }
    let head: String = login.chars().take(2).collect();
    format!("{head}…, {length} зн.")
}

/// Where to go after signing in: only a path of this site, never another host.
pub fn safe_next(next: &str) -> String {
    let next = next.trim();
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") && !next.starts_with("/login") {
        // A Location header carries ASCII only: «/journal?q=пособие» goes out percent-encoded.
        let mut target = String::with_capacity(next.len());
        for c in next.chars() {
            if c.is_ascii_graphic() {
                target.push(c);
            } else {
                let mut bytes = [0u8; 4];
                for byte in c.encode_utf8(&mut bytes).bytes() {
                    target.push_str(&format!("%{byte:02X}"));
                }
            }
        }
        target
    } else {
        "/".to_string()
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::audit::ssr::{write as audit, Actor};
    use crate::audit::AuditAction;
    use crate::auth::password;
    use crate::auth::session::{client_ip, create_session, session_cookie, settings, user_agent};
    use crate::db::take_one;
    use crate::state::db;
    use chrono::{DateTime, Utc};
    use serde::Deserialize;
    use std::future::IntoFuture;
    use surrealdb::types::RecordId;

    #[derive(Deserialize)]
    struct LoginRow {
        id: String,
        full_name: String,
        password_hash: String,
        active: bool,
        #[allow(dead_code)]
        failed_logins: i64,
        locked_until: Option<DateTime<Utc>>,
        must_change_password: bool,
    }

    fn bad_credentials() -> AppError {
        let mut errors = crate::error::FieldErrors::new();
        errors.add("password", "Неверный логин или пароль");
        AppError::Validation(errors)
    }

    /// Failed logins by client address, in the last window (per server process).
    fn failures_by_address() -> &'static std::sync::Mutex<std::collections::HashMap<String, Vec<std::time::Instant>>> {
        static MAP: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<String, Vec<std::time::Instant>>>> =
            std::sync::OnceLock::new();
        MAP.get_or_init(Default::default)
    }

    /// Seconds until this address may try again, when it failed too often lately.
    fn address_refused(ip: &str) -> Option<u64> {
        let window = std::time::Duration::from_secs(ADDRESS_WINDOW_SECS);
        let mut map = failures_by_address().lock().ok()?;
        let now = std::time::Instant::now();
        map.retain(|_, times| {
            times.retain(|t| now.duration_since(*t) < window);
            !times.is_empty()
        });
        let times = map.get(ip)?;
        (times.len() >= ADDRESS_FAILURES).then(|| {
            let oldest = times.iter().min().copied().unwrap_or(now);
            window.saturating_sub(now.duration_since(oldest)).as_secs().max(1)
        })
    }

    fn count_address_failure(ip: &str) {
        if let Ok(mut map) = failures_by_address().lock() {
            map.entry(ip.to_string()).or_default().push(std::time::Instant::now());
        }
    }

    fn busy() -> AppError {
        AppError::TooManyRequests("Слишком много попыток входа, повторите через минуту".into())
    }

    /// «Повторите через …» with a Retry-After header.
    fn retry_after(seconds: u64) -> AppError {
        if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(value) = http::HeaderValue::from_str(&seconds.to_string()) {
                options.insert_header(http::header::RETRY_AFTER, value);
            }
        }
        let minutes = seconds.div_ceil(60);
        AppError::TooManyRequests(format!(
            "Слишком много неудачных попыток входа с этого устройства. Повторите через {minutes} мин."
        ))
    }

    /// A wrong password: the failure counted in one statement (parallel attempts cannot each
    /// read the same count), the account locked when the count reaches the limit. Returns the
    /// count after this failure and whether this failure locked the account.
    async fn count_failure(
        db: &crate::db::Db,
        user: &RecordId,
        lock_until: DateTime<Utc>,
    ) -> Result<(i64, bool), AppError> {
        #[derive(Deserialize)]
        struct After {
            failed_logins: i64,
            locked_until: Option<DateTime<Utc>>,
        }
        let mut response = crate::db::with_retries(|| {
            db.query(
                // SET reads the record as it was: the new count is computed in both places.
                "UPDATE $user SET \
                 failed_logins = IF locked_until != NONE AND locked_until <= time::now() THEN 1 ELSE failed_logins + 1 END, \
                 locked_until = IF (IF locked_until != NONE AND locked_until <= time::now() THEN 1 ELSE failed_logins + 1 END) = $limit \
                     THEN $until \
                     ELSE IF locked_until != NONE AND locked_until <= time::now() THEN NONE ELSE locked_until END \
                 RETURN failed_logins, locked_until",
            )
            .bind(("user", user.clone()))
            .bind(("limit", LOCK_AFTER_FAILURES))
            .bind(("until", lock_until))
            .into_future()
        })
        .await?;
        let after = take_one::<After>(&mut response, 0)?;
        Ok(after
            .map(|a| (a.failed_logins, a.failed_logins == LOCK_AFTER_FAILURES && a.locked_until.is_some()))
            .unwrap_or((0, false)))
    }

    pub async fn login(login: String, password: String, next: String) -> Result<(), AppError> {
        // Length first, before any database or audit work: a 2 MB «login» is never read.
        if login.chars().count() > MAX_LOGIN || password.chars().count() > password::MAX_LENGTH {
            return Err(bad_credentials());
        }
        let login = login.trim().to_lowercase();
        if login.is_empty() || password.is_empty() {
            let mut errors = crate::error::FieldErrors::new();
            if login.is_empty() {
                errors.add("login", "Введите логин");
            }
            if password.is_empty() {
                errors.add("password", "Введите пароль");
            }
            return Err(AppError::Validation(errors));
        }
        let ip = client_ip();
        if let Some(seconds) = address_refused(&ip) {
            return Err(retry_after(seconds));
        }
        let db = db()?;
        let settings = settings()?;
        let row = if crate::auth::users::check_login(&login).is_ok() {
            let mut response = db
                .query("SELECT record::id(id) AS id, full_name, password_hash, active, failed_logins, locked_until, must_change_password FROM user WHERE login = $login LIMIT 1")
                .bind(("login", login.clone()))
                .await?;
            take_one::<LoginRow>(&mut response, 0)?
        } else {
            None
        };
        let now = Utc::now();
        let Some(row) = row else {
            // Same work and answer as a wrong password: do not reveal which logins exist.
            password::verify_in_pool(password, password::dummy_hash().to_string()).await.map_err(|_| busy())?;
            count_address_failure(&ip);
            let actor = Actor { user_id: None, user_name: "неизвестный логин", ip };
            audit(
                &db,
                &actor,
                AuditAction::LoginFailed,
                None,
                format!("Неизвестный логин ({})", masked_login(&login)),
                vec![],
            )
            .await?;
            return Err(bad_credentials());
        };
        let actor = Actor { user_id: Some(&row.id), user_name: &row.full_name, ip: ip.clone() };
        let record = RecordId::new("user", row.id.clone());
        let locked = row.locked_until.is_some_and(|until| until > now);
        // A locked account answers as a wrong password does, after the same work: nobody learns
        // from the answer which accounts exist or are locked.
        let hash = if locked { password::dummy_hash().to_string() } else { row.password_hash.clone() };
        let right = password::verify_in_pool(password, hash).await.map_err(|_| busy())?;
        if locked || !right || !row.active {
            count_address_failure(&ip);
            if locked {
                audit(
                    &db,
                    &actor,
                    AuditAction::LoginFailed,
                    Some(format!("user:{}", row.id)),
                    "Попытка входа в заблокированную учётную запись",
                    vec![],
                )
                .await?;
                return Err(bad_credentials());
            }
            let lock = chrono::Duration::from_std(settings.lock_duration).unwrap_or(chrono::Duration::minutes(15));
            let (failures, just_locked) = count_failure(&db, &record, now + lock).await?;
            if just_locked {
                let minutes = lock.num_minutes();
                audit(
                    &db,
                    &actor,
                    AuditAction::AccountLocked,
                    Some(format!("user:{}", row.id)),
                    format!("Заблокирована на {minutes} мин. после {failures} неудачных попыток входа"),
                    vec![],
                )
                .await?;
                tracing::warn!(login = %login, ip = %actor.ip, "account locked after failed logins");
            } else {
                let reason = if row.active {
                    "неверный пароль"
                } else {
                    "учётная запись отключена"
                };
                audit(
                    &db,
                    &actor,
                    AuditAction::LoginFailed,
                    Some(format!("user:{}", row.id)),
                    format!("Неудачный вход ({reason}), попытка {failures}"),
                    vec![],
                )
                .await?;
                tracing::info!(login = %login, ip = %actor.ip, failures, "failed login");
            }
            return Err(bad_credentials());
        }
        crate::db::with_retries(|| {
            db.query("UPDATE $user SET failed_logins = 0, locked_until = NONE, last_login = $now")
                .bind(("user", record.clone()))
                .bind(("now", now))
                .into_future()
        })
        .await?;
        let token = create_session(&db, &settings, &row.id, &actor.ip, &user_agent()).await?;
        audit(&db, &actor, AuditAction::Login, Some(format!("user:{}", row.id)), "Вход в систему", vec![]).await?;
        if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(value) = http::HeaderValue::from_str(&session_cookie(&token, &settings)) {
                options.append_header(http::header::SET_COOKIE, value);
            }
        }
        let target = if row.must_change_password { "/password".to_string() } else { safe_next(&next) };
        leptos_axum::redirect(&target);
        Ok(())
    }
}

#[server(prefix = "/api", endpoint = "auth/login")]
pub async fn login(login: String, password: String, next: String) -> Result<(), AppError> {
    crate::auth::session::with_status(ssr::login(login, password, next).await)
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_else(|| "/".into());
    let idle = move || query.read().get("idle").is_some();
    let action = ServerAction::<Login>::new();
    let value = action.value();
    let pending = action.pending();
    view! {
        <leptos_meta::Title text="Вход — Опора" />
        <main class="login-page">
            <div class="login-card">
                <h1 class="brand-title">"Опора"</h1>
                <p class="subtitle">"Сопровождение семей и граждан"</p>
                <Show when=idle>
                    <div class="notice notice-info" role="status">
                        "Сеанс закрыт после простоя, чтобы никто не увидел личные данные. Войдите снова — вы вернётесь туда, где были."
                    </div>
                </Show>
                <ActionForm action=action attr:class="stack" attr:novalidate=true>
                    <input type="hidden" name="next" value=next />
                    <div class="field" class:has-error=move || error_for(value.get(), "login").is_some()>
                        <label for="login">"Логин"</label>
                        <input
                            id="login"
                            name="login"
                            type="text"
                            autocomplete="username"
                            autocapitalize="none"
                            spellcheck="false"
                            required
                        />
                        <p class="field-error">{move || error_for(value.get(), "login")}</p>
                    </div>
                    <div class="field" class:has-error=move || error_for(value.get(), "password").is_some()>
                        <label for="password">"Пароль"</label>
                        <input id="password" name="password" type="password" autocomplete="current-password" required />
                        <p class="field-error" data-error-for="password">
                            {move || error_for(value.get(), "password")}
                        </p>
                    </div>
                    {move || {
                        general_error(value.get())
                            .map(|e| {
                                view! {
                                    <div class="notice notice-error" role="alert">
                                        {e}
                                    </div>
                                }
                            })
                    }}
                    <button type="submit" class="btn btn-primary btn-block" disabled=pending>
                        {move || if pending.get() { "Вход…" } else { "Войти" }}
                    </button>
                </ActionForm>
                <p class="hint">
                    "Забыли пароль? Обратитесь к администратору: он задаст временный пароль."
                </p>
            </div>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_is_always_a_local_path() {
        assert_eq!(safe_next("/journal?q=1"), "/journal?q=1");
        assert_eq!(safe_next("https://evil.example/"), "/");
        assert_eq!(safe_next("//evil.example/"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next("/login?next=/login"), "/");
        assert_eq!(safe_next(""), "/");
        assert_eq!(safe_next("/journal?q=пос ок"), "/journal?q=%D0%BF%D0%BE%D1%81%20%D0%BE%D0%BA");
    }
}
