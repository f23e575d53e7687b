//! Signing in: the login page and its server function, with the lockout after failed attempts.

use super::{error_for, general_error};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Failed attempts before an account is locked.
pub const LOCK_AFTER_FAILURES: i64 = 5;
/// Failed attempts after which each further attempt is answered more slowly.
pub const SLOW_AFTER_FAILURES: i64 = 2;
/// How long a locked account stays locked.
pub const LOCK_MINUTES: i64 = 15;

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
    use surrealdb::types::RecordId;

    #[derive(Deserialize)]
    struct LoginRow {
        id: String,
        full_name: String,
        password_hash: String,
        active: bool,
        failed_logins: i64,
        locked_until: Option<DateTime<Utc>>,
        must_change_password: bool,
    }

    fn bad_credentials() -> AppError {
        let mut errors = crate::error::FieldErrors::new();
        errors.add("password", "Неверный логин или пароль");
        AppError::Validation(errors)
    }

    pub async fn login(login: String, password: String, next: String) -> Result<(), AppError> {
        let db = db()?;
        let settings = settings()?;
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
        let mut response = db
            .query("SELECT record::id(id) AS id, full_name, password_hash, active, failed_logins, locked_until, must_change_password FROM user WHERE login = $login LIMIT 1")
            .bind(("login", login.clone()))
            .await?;
        let row = take_one::<LoginRow>(&mut response, 0)?;
        let now = Utc::now();
        let Some(row) = row else {
            // Same work and answer as a wrong password: do not reveal which logins exist.
            let _ = password::verify(&password, password::dummy_hash());
            let actor = Actor { user_id: None, user_name: &login, ip };
            audit(&db, &actor, AuditAction::LoginFailed, None, format!("Неизвестный логин «{login}»"), vec![]).await?;
            return Err(bad_credentials());
        };
        let actor = Actor { user_id: Some(&row.id), user_name: &row.full_name, ip: ip.clone() };
        if let Some(until) = row.locked_until.filter(|until| *until > now) {
            let minutes = (until - now).num_minutes() + 1;
            audit(
                &db,
                &actor,
                AuditAction::LoginFailed,
                Some(format!("user:{}", row.id)),
                "Попытка входа в заблокированную учётную запись",
                vec![],
            )
            .await?;
            return Err(AppError::TooManyRequests(format!(
                "Учётная запись временно заблокирована после неудачных попыток входа. Повторите через {minutes} мин. или обратитесь к администратору."
            )));
        }
        if !password::verify(&password, &row.password_hash) || !row.active {
            let failures = row.failed_logins + 1;
            let record = RecordId::new("user", row.id.clone());
            if failures >= LOCK_AFTER_FAILURES {
                let until = now + chrono::Duration::minutes(LOCK_MINUTES);
                db.query("UPDATE $user SET failed_logins = 0, locked_until = $until")
                    .bind(("user", record))
                    .bind(("until", until))
                    .await?
                    .check()?;
                audit(
                    &db,
                    &actor,
                    AuditAction::AccountLocked,
                    Some(format!("user:{}", row.id)),
                    format!("Заблокирована на {LOCK_MINUTES} мин. после {failures} неудачных попыток входа"),
                    vec![],
                )
                .await?;
                tracing::warn!(login = %login, ip = %actor.ip, "account locked after failed logins");
                return Err(AppError::TooManyRequests(format!(
                    "Слишком много неудачных попыток. Учётная запись заблокирована на {LOCK_MINUTES} минут; обратитесь к администратору, если забыли пароль."
                )));
            }
            db.query("UPDATE $user SET failed_logins = $failures")
                .bind(("user", record))
                .bind(("failures", failures))
                .await?
                .check()?;
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
            if failures > SLOW_AFTER_FAILURES {
                tokio::time::sleep(std::time::Duration::from_millis(700 * (failures - SLOW_AFTER_FAILURES) as u64))
                    .await;
            }
            return Err(bad_credentials());
        }
        db.query("UPDATE $user SET failed_logins = 0, locked_until = NONE, last_login = $now")
            .bind(("user", RecordId::new("user", row.id.clone())))
            .bind(("now", now))
            .await?
            .check()?;
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
