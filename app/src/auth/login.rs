//! Signing in and out, and changing one's password.

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
    use crate::state::{db, take_one};
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

#[server(prefix = "/api", endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::audit::ssr::{write as audit, Actor};
    use crate::audit::AuditAction;
    use crate::auth::session::{clear_cookie, current_session, revoke, settings};
    let db = crate::state::db()?;
    if let Some(session) = current_session() {
        revoke(&db, &session.key).await?;
        audit(
            &db,
            &Actor::user(&session.user),
            AuditAction::Logout,
            Some(format!("user:{}", session.user.id)),
            "Выход из системы",
            vec![],
        )
        .await?;
    }
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(value) = http::HeaderValue::from_str(&clear_cookie(settings()?.as_ref())) {
            options.append_header(http::header::SET_COOKIE, value);
        }
    }
    leptos_axum::redirect("/login");
    Ok(())
}

/// Ends every session of the signed-in user, on every device.
#[server(prefix = "/api", endpoint = "auth/logout_everywhere")]
pub async fn logout_everywhere() -> Result<(), AppError> {
    use crate::audit::ssr::{write as audit, Actor};
    use crate::audit::AuditAction;
    use crate::auth::session::{clear_cookie, current_user, revoke_all, settings};
    let user = current_user()?;
    let db = crate::state::db()?;
    revoke_all(&db, &user.id).await?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::LogoutEverywhere,
        Some(format!("user:{}", user.id)),
        "Выход на всех устройствах",
        vec![],
    )
    .await?;
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(value) = http::HeaderValue::from_str(&clear_cookie(settings()?.as_ref())) {
            options.append_header(http::header::SET_COOKIE, value);
        }
    }
    leptos_axum::redirect("/login");
    Ok(())
}

#[server(prefix = "/api", endpoint = "auth/change_password")]
pub async fn change_password(current: String, new_password: String, repeat: String) -> Result<(), AppError> {
    use crate::audit::ssr::{write as audit, Actor};
    use crate::audit::AuditAction;
    use crate::auth::password;
    use crate::auth::session::{current_session, with_status};
    use crate::error::FieldErrors;
    use crate::state::take_one;
    use surrealdb::types::RecordId;
    let Some(session) = current_session() else {
        return with_status(Err(AppError::Unauthorized));
    };
    let user = session.user;
    let db = crate::state::db()?;
    #[derive(serde::Deserialize)]
    struct Row {
        password_hash: String,
    }
    let record = RecordId::new("user", user.id.clone());
    let mut response = db.query("SELECT password_hash FROM $user").bind(("user", record.clone())).await?;
    let Some(row) = take_one::<Row>(&mut response, 0)? else {
        return with_status(Err(AppError::Unauthorized));
    };
    let mut errors = FieldErrors::new();
    if !password::verify(&current, &row.password_hash) {
        errors.add("current", "Текущий пароль введён неверно");
    }
    if let Err(message) = password::check_policy(&new_password, &user.login, &user.full_name) {
        errors.add("new_password", message);
    } else if new_password == current {
        errors.add("new_password", "Новый пароль должен отличаться от текущего");
    }
    if new_password != repeat {
        errors.add("repeat", "Пароли не совпадают");
    }
    with_status(errors.into_result())?;
    let hash = password::hash(&new_password).map_err(AppError::Internal)?;
    db.query("UPDATE $user SET password_hash = $hash, must_change_password = false; DELETE session WHERE user = $user AND id != $current;")
        .bind(("user", record))
        .bind(("hash", hash))
        .bind(("current", RecordId::new("session", session.key.clone())))
        .await?
        .check()?;
    audit(
        &db,
        &Actor::user(&user),
        AuditAction::PasswordChanged,
        Some(format!("user:{}", user.id)),
        "Пароль изменён; другие сеансы завершены",
        vec![],
    )
    .await?;
    leptos_axum::redirect("/");
    Ok(())
}

fn error_for(value: Option<Result<(), AppError>>, field: &'static str) -> Option<String> {
    match value {
        Some(Err(AppError::Validation(errors))) => errors.get(field).map(str::to_string),
        _ => None,
    }
}

fn general_error(value: Option<Result<(), AppError>>) -> Option<String> {
    match value {
        Some(Err(AppError::Validation(_))) | Some(Ok(())) | None => None,
        Some(Err(other)) => Some(other.to_string()),
    }
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
        <leptos_meta::Title text="Вход — Опора"/>
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
                    <input type="hidden" name="next" value=next/>
                    <div class="field" class:has-error=move || error_for(value.get(), "login").is_some()>
                        <label for="login">"Логин"</label>
                        <input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required/>
                        <p class="field-error">{move || error_for(value.get(), "login")}</p>
                    </div>
                    <div class="field" class:has-error=move || error_for(value.get(), "password").is_some()>
                        <label for="password">"Пароль"</label>
                        <input id="password" name="password" type="password" autocomplete="current-password" required/>
                        <p class="field-error" data-error-for="password">{move || error_for(value.get(), "password")}</p>
                    </div>
                    {move || general_error(value.get()).map(|e| view! { <div class="notice notice-error" role="alert">{e}</div> })}
                    <button type="submit" class="btn btn-primary btn-block" disabled=pending>
                        {move || if pending.get() { "Вход…" } else { "Войти" }}
                    </button>
                </ActionForm>
                <p class="hint">"Забыли пароль? Обратитесь к администратору: он задаст временный пароль."</p>
            </div>
        </main>
    }
}

#[component]
pub fn LogoutButton() -> impl IntoView {
    let action = ServerAction::<Logout>::new();
    view! {
        <ActionForm action=action attr:class="inline-form">
            <button type="submit" class="btn btn-ghost">"Выйти"</button>
        </ActionForm>
    }
}

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let everywhere = ServerAction::<LogoutEverywhere>::new();
    let value = action.value();
    let pending = action.pending();
    view! {
        <crate::components::frame::AppShell title="Смена пароля">
            <div class="narrow">
                <h1>"Смена пароля"</h1>
                <p class="lead">
                    "Пароль — не короче 10 знаков, не из списка распространённых, без логина и фамилии. "
                    "После смены другие ваши сеансы будут завершены."
                </p>
                <ActionForm action=action attr:class="stack card" attr:novalidate=true>
                    <div class="field" class:has-error=move || error_for(value.get(), "current").is_some()>
                        <label for="current">"Текущий пароль"</label>
                        <input id="current" name="current" type="password" autocomplete="current-password"/>
                        <p class="field-error">{move || error_for(value.get(), "current")}</p>
                    </div>
                    <div class="field" class:has-error=move || error_for(value.get(), "new_password").is_some()>
                        <label for="new_password">"Новый пароль"</label>
                        <input id="new_password" name="new_password" type="password" autocomplete="new-password"/>
                        <p class="field-error">{move || error_for(value.get(), "new_password")}</p>
                    </div>
                    <div class="field" class:has-error=move || error_for(value.get(), "repeat").is_some()>
                        <label for="repeat">"Новый пароль ещё раз"</label>
                        <input id="repeat" name="repeat" type="password" autocomplete="new-password"/>
                        <p class="field-error">{move || error_for(value.get(), "repeat")}</p>
                    </div>
                    {move || general_error(value.get()).map(|e| view! { <div class="notice notice-error" role="alert">{e}</div> })}
                    <button type="submit" class="btn btn-primary" disabled=pending>"Сменить пароль"</button>
                </ActionForm>
                <div class="card">
                    <h2>"Сеансы"</h2>
                    <p>"Если вы оставили систему открытой на чужом или потерянном устройстве, завершите все сеансы."</p>
                    <ActionForm action=everywhere>
                        <button type="submit" class="btn btn-secondary">"Выйти на всех устройствах"</button>
                    </ActionForm>
                </div>
            </div>
        </crate::components::frame::AppShell>
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
