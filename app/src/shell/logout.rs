//! Signing out: of this session (the button in the page frame), of every device, or by the idle
//! lock of a forgotten tablet; and the heartbeat of a user who works on a page without sending
//! anything (typing a long act).

use crate::error::AppError;
use leptos::prelude::*;

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
    clear_site_cache();
    leptos_axum::redirect("/login");
    Ok(())
}

/// Tells the browser to drop what it cached of the site (pages, photos): the next person on a
/// shared tablet finds nothing in its history. Drafts not yet sent stay on the device, kept
/// under their owner's account only (`components::storage`).
#[cfg(feature = "ssr")]
fn clear_site_cache() {
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.insert_header(
            http::HeaderName::from_static("clear-site-data"),
            http::HeaderValue::from_static("\"cache\""),
        );
    }
}

/// The idle lock: the session ends on the server (Back shows the login page, not the last one).
#[server(prefix = "/api", endpoint = "auth/lock")]
pub async fn lock_idle() -> Result<(), AppError> {
    use crate::audit::ssr::{write as audit, Actor};
    use crate::audit::AuditAction;
    use crate::auth::session::{current_session, revoke};
    let db = crate::state::db()?;
    if let Some(session) = current_session() {
        revoke(&db, &session.key).await?;
        audit(
            &db,
            &Actor::user(&session.user),
            AuditAction::Logout,
            Some(format!("user:{}", session.user.id)),
            "Сеанс закрыт: планшет простаивал",
            vec![],
        )
        .await?;
    }
    clear_site_cache();
    Ok(())
}

/// «The user is still working here»: counts as activity, so the session stays open while
/// someone types on a page that sends nothing yet.
#[server(prefix = "/api", endpoint = "auth/alive")]
pub async fn still_here() -> Result<(), AppError> {
    crate::auth::session::current_user().map(|_| ())
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
    clear_site_cache();
    leptos_axum::redirect("/login");
    Ok(())
}

#[component]
pub fn LogoutButton() -> impl IntoView {
    let action = ServerAction::<Logout>::new();
    view! {
        <ActionForm action=action attr:class="inline-form">
            <button type="submit" class="btn btn-ghost">
                "Выйти"
            </button>
        </ActionForm>
    }
}
