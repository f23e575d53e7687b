//! Changing one's password (also the first thing a new account does).

use super::frame::AppShell;
use super::{error_for, general_error};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "auth/change_password")]
pub async fn change_password(current: String, new_password: String, repeat: String) -> Result<(), AppError> {
    use crate::audit::ssr::{write as audit, Actor};
    use crate::audit::AuditAction;
    use crate::auth::password;
    use crate::auth::session::{current_session, with_status};
    use crate::db::take_one;
    use crate::error::FieldErrors;
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
    let right = password::verify_waiting(current.clone(), row.password_hash.clone())
        .await
        .map_err(|_| AppError::TooManyRequests(password::BUSY.into()))?;
    if !right {
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
    let hash = password::hash_for_request(&new_password).await?;
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

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let everywhere = ServerAction::<super::logout::LogoutEverywhere>::new();
    let value = action.value();
    let pending = action.pending();
    view! {
        <AppShell title="Смена пароля">
            <div class="narrow">
                <h1>"Смена пароля"</h1>
                <p class="lead">
                    "Пароль — не короче 10 знаков, не из списка распространённых, без логина и фамилии. "
                    "После смены другие ваши сеансы будут завершены."
                </p>
                <ActionForm action=action attr:class="stack card" attr:novalidate=true>
                    <div class="field" class:has-error=move || error_for(value.get(), "current").is_some()>
                        <label for="current">"Текущий пароль"</label>
                        <input id="current" name="current" type="password" autocomplete="current-password" />
                        <p class="field-error">{move || error_for(value.get(), "current")}</p>
                    </div>
                    <div class="field" class:has-error=move || error_for(value.get(), "new_password").is_some()>
                        <label for="new_password">"Новый пароль"</label>
                        <input id="new_password" name="new_password" type="password" autocomplete="new-password" />
                        <p class="field-error">{move || error_for(value.get(), "new_password")}</p>
                    </div>
                    <div class="field" class:has-error=move || error_for(value.get(), "repeat").is_some()>
                        <label for="repeat">"Новый пароль ещё раз"</label>
                        <input id="repeat" name="repeat" type="password" autocomplete="new-password" />
                        <p class="field-error">{move || error_for(value.get(), "repeat")}</p>
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
                    <button type="submit" class="btn btn-primary" disabled=pending>
                        "Сменить пароль"
                    </button>
                </ActionForm>
                <div class="card">
                    <h2>"Сеансы"</h2>
                    <p>
                        "Если вы оставили систему открытой на чужом или потерянном устройстве, завершите все сеансы."
                    </p>
                    <ActionForm action=everywhere>
                        <button type="submit" class="btn btn-secondary">
                            "Выйти на всех устройствах"
                        </button>
                    </ActionForm>
                </div>
            </div>
        </AppShell>
    }
}
