//! Signing out: of this session (the button in the page frame) or of every device.

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
