//! The administration page (`/admin/users`): accounts with their roles and districts, the
//! one-time passwords, deactivation, and the social districts.

use super::api::{admin_overview, reset_user_password, save_district, save_user, set_user_active};
use super::types::*;
use crate::auth::Role;
use crate::components::fields::{options_of, CheckboxGroup, TextField};
use crate::components::{ErrorNotice, Loading};
use crate::districts::District;
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::time::format_datetime;
use leptos::prelude::*;

/// A message for the administrator after an action; `secret` is a one-time password.
#[derive(Clone, PartialEq)]
struct Outcome {
    text: String,
    secret: Option<String>,
}

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| admin_overview());
    let editing = RwSignal::new(None::<UserForm>);
    let outcome = RwSignal::new(None::<Outcome>);
    let failure = RwSignal::new(None::<AppError>);
    let refresh = move || overview.refetch();

    let set_active = Action::new(move |(id, active): &(String, bool)| set_user_active(id.clone(), *active));
    Effect::new(move |_| match set_active.value().get() {
        Some(Ok(user)) => {
            failure.set(None);
            let text = if user.active {
                format!("Учётная запись {} снова действует.", user.full_name)
            } else {
                format!("Учётная запись {} отключена, её сеансы завершены.", user.full_name)
            };
            outcome.set(Some(Outcome { text, secret: None }));
            refresh();
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });

    let reset = Action::new(move |(id, name): &(String, String)| {
        let (id, name) = (id.clone(), name.clone());
        async move { reset_user_password(id).await.map(|secret| (name, secret)) }
    });
    Effect::new(move |_| match reset.value().get() {
        Some(Ok((name, secret))) => {
            failure.set(None);
            outcome.set(Some(Outcome {
                text: format!(
                    "Временный пароль для {name}. Передайте его лично; при входе система попросит его сменить."
                ),
                secret: Some(secret),
            }));
            refresh();
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });

    view! {
        <AppShell title="Пользователи">
            <crate::calendar::warning::CalendarWarning />
            <div class="page-head">
                <div>
                    <h1>"Пользователи и участки"</h1>
                    <p class="muted">
                        "Учётные записи не удаляются: отключённый сотрудник остаётся в истории записей."
                    </p>
                </div>
                <div class="actions">
                    <button
                        type="button"
                        class="btn btn-primary"
                        on:click=move |_| {
                            outcome.set(None);
                            editing.set(Some(UserForm::default()));
                        }
                    >
                        "+ Новый пользователь"
                    </button>
                </div>
            </div>
            {move || {
                outcome
                    .get()
                    .map(|o| {
                        view! {
                            <div class="notice notice-success secret-notice" role="status">
                                <p>{o.text}</p>
                                {o
                                    .secret
                                    .map(|s| {
                                        view! {
                                            <p class="secret" data-testid="temporary-password">
                                                {s}
                                            </p>
                                        }
                                    })}
                                <button
                                    type="button"
                                    class="btn btn-ghost btn-small"
                                    on:click=move |_| outcome.set(None)
                                >
                                    "Скрыть"
                                </button>
                            </div>
                        }
                    })
            }}
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(data) => {
                            let districts = data.districts.clone();
                            view! {
                                {move || {
                                    editing
                                        .get()
                                        .map(|form| {
                                            view! {
                                                <UserEditor
                                                    form=form
                                                    districts=districts.clone()
                                                    on_done=Callback::new(move |result: Option<SavedUser>| {
                                                        editing.set(None);
                                                        if let Some(saved) = result {
                                                            let text = match &saved.temporary_password {
                                                                Some(_) => {
                                                                    format!(
                                                                        "Учётная запись {} ({}) создана. Временный пароль передайте лично; при первом входе его нужно сменить.",
                                                                        saved.user.full_name,
                                                                        saved.user.login,
                                                                    )
                                                                }
                                                                None => {
                                                                    format!(
                                                                        "Изменения учётной записи {} сохранены.",
                                                                        saved.user.full_name,
                                                                    )
                                                                }
                                                            };
                                                            outcome
                                                                .set(
                                                                    Some(Outcome {
                                                                        text,
                                                                        secret: saved.temporary_password,
                                                                    }),
                                                                );
                                                            refresh();
                                                        }
                                                    })
                                                />
                                            }
                                        })
                                }}
                                <UserTable data=data.clone() editing=editing set_active=set_active reset=reset />
                                <DistrictList districts=data.districts />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn UserTable(
    data: AdminData,
    editing: RwSignal<Option<UserForm>>,
    set_active: Action<(String, bool), Result<UserRow, AppError>>,
    reset: Action<(String, String), Result<(String, String), AppError>>,
) -> impl IntoView {
    let now = chrono::Utc::now();
    let district_name = move |key: &str| {
        data.districts
            .iter()
            .find(|d| d.id == key)
            .map(|d| format!("№ {}", d.number))
            .unwrap_or_else(|| key.to_string())
    };
    view! {
        <div class="table-wrap card">
            <table class="users-table">
                <thead>
                    <tr>
                        <th>"Сотрудник"</th>
                        <th>"Логин"</th>
                        <th>"Роли"</th>
                        <th>"Участки"</th>
                        <th>"Состояние"</th>
                        <th>"Последний вход"</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {data
                        .users
                        .into_iter()
                        .map(|u| {
                            let form = UserForm::from_row(&u);
                            let state = if !u.active {
                                "Отключена".to_string()
                            } else if u.locked_now(now) {
                                format!(
                                    "Заблокирована до {}",
                                    u.locked_until.map(format_datetime).unwrap_or_default(),
                                )
                            } else if u.must_change_password {
                                "Ждёт смены пароля".to_string()
                            } else {
                                "Действует".to_string()
                            };
                            let (id_active, id_reset, name) = (u.id.clone(), u.id.clone(), u.full_name.clone());
                            let active = u.active;
                            view! {
                                <tr class:inactive=!u.active data-login=u.login.clone()>
                                    <td data-label="Сотрудник">
                                        <strong>{u.full_name.clone()}</strong>
                                        <div class="muted">{u.position.clone()}</div>
                                    </td>
                                    <td data-label="Логин">
                                        <code>{u.login.clone()}</code>
                                    </td>
                                    <td data-label="Роли">
                                        {u
                                            .roles
                                            .iter()
                                            .map(|r| view! { <span class="badge">{r.label()}</span> })
                                            .collect_view()}
                                    </td>
                                    <td data-label="Участки">
                                        {u.districts.iter().map(|d| district_name(d)).collect::<Vec<_>>().join(", ")}
                                    </td>
                                    <td data-label="Состояние">{state}</td>
                                    <td data-label="Последний вход">
                                        {u.last_login.map(format_datetime).unwrap_or_else(|| "—".into())}
                                    </td>
                                    <td class="row-actions">
                                        <button
                                            type="button"
                                            class="btn btn-secondary btn-small"
                                            on:click=move |_| editing.set(Some(form.clone()))
                                        >
                                            "Изменить"
                                        </button>
                                        <button
                                            type="button"
                                            class="btn btn-secondary btn-small"
                                            on:click=move |_| {
                                                reset.dispatch((id_reset.clone(), name.clone()));
                                            }
                                        >
                                            "Сбросить пароль"
                                        </button>
                                        <button
                                            type="button"
                                            class="btn btn-ghost btn-small"
                                            on:click=move |_| {
                                                set_active.dispatch((id_active.clone(), !active));
                                            }
                                        >
                                            {if active { "Отключить" } else { "Включить" }}
                                        </button>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn UserEditor(form: UserForm, districts: Vec<District>, on_done: Callback<Option<SavedUser>>) -> impl IntoView {
    let is_new = form.id.is_empty();
    let id = form.id.clone();
    let login = RwSignal::new(form.login.clone());
    let full_name = RwSignal::new(form.full_name.clone());
    let position = RwSignal::new(form.position.clone());
    let roles = RwSignal::new(form.roles.clone());
    let chosen_districts = RwSignal::new(form.districts.clone());
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<AppError>);
    let save = Action::new(move |form: &UserForm| save_user(form.clone()));
    let pending = save.pending();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => on_done.run(Some(saved)),
        Some(Err(AppError::Validation(e))) => errors.set(e),
        Some(Err(e)) => general.set(Some(e)),
        None => {}
    });
    let role_options = options_of(Role::ALL, Role::code, Role::label);
    let district_options: Vec<(String, String)> = districts.into_iter().map(|d| (d.id, d.name)).collect();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.set(FieldErrors::new());
        general.set(None);
        save.dispatch(UserForm {
            id: id.clone(),
            login: login.get_untracked(),
            full_name: full_name.get_untracked(),
            position: position.get_untracked(),
            roles: roles.get_untracked(),
            districts: chosen_districts.get_untracked(),
        });
    };
    view! {
        <form class="card form-section user-editor" on:submit=submit aria-labelledby="user-editor-title">
            <h2 id="user-editor-title">
                {if is_new { "Новый пользователь" } else { "Учётная запись" }}
            </h2>
            <div class="grid-2">
                <TextField
                    label="Фамилия, имя, отчество"
                    name="full_name"
                    value=full_name
                    errors=errors
                    required=true
                    autocomplete="off"
                />
                {if is_new {
                    view! {
                        <TextField
                            label="Логин"
                            name="login"
                            value=login
                            errors=errors
                            required=true
                            autocomplete="off"
                            hint="Латинские строчные буквы, цифры, точка, дефис"
                        />
                    }
                        .into_any()
                } else {
                    view! {
                        <div class="field">
                            <span class="label">"Логин"</span>
                            <p>
                                <code>{login.get_untracked()}</code>
                                " — не меняется"
                            </p>
                        </div>
                    }
                        .into_any()
                }}
                <TextField label="Должность" name="position" value=position errors=errors autocomplete="off" />
            </div>
            <CheckboxGroup label="Роли" name="roles" value=roles errors=errors options=role_options />
            <CheckboxGroup
                label="Социальные участки"
                name="districts"
                value=chosen_districts
                errors=errors
                options=district_options
            />
            {move || {
                errors
                    .with(|e| {
                        e.get("form")
                            .map(|m| {
                                view! {
                                    <div class="notice notice-error" role="alert">
                                        {m.to_string()}
                                    </div>
                                }
                            })
                    })
            }}
            {move || general.get().map(|e| view! { <ErrorNotice error=e /> })}
            <div class="buttons">
                <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                    {move || {
                        if pending.get() {
                            "Сохранение…"
                        } else if is_new {
                            "Создать и выдать пароль"
                        } else {
                            "Сохранить"
                        }
                    }}
                </button>
                <button type="button" class="btn btn-ghost" on:click=move |_| on_done.run(None)>
                    "Отмена"
                </button>
            </div>
        </form>
    }
}

#[component]
fn DistrictList(districts: Vec<District>) -> impl IntoView {
    view! {
        <section class="card form-section" aria-labelledby="districts-title">
            <h2 id="districts-title">"Социальные участки"</h2>
            <div class="district-list">
                {districts.into_iter().map(|d| view! { <DistrictEditor district=d /> }).collect_view()}
            </div>
        </section>
    }
}

#[component]
fn DistrictEditor(district: District) -> impl IntoView {
    let id = district.id.clone();
    let number = district.number;
    let name = RwSignal::new(district.name.clone());
    let description = RwSignal::new(district.description.clone());
    let errors = RwSignal::new(FieldErrors::new());
    let saved = RwSignal::new(false);
    let save = Action::new(move |row: &District| save_district(row.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            errors.set(FieldErrors::new());
            saved.set(true);
        }
        Some(Err(AppError::Validation(e))) => errors.set(e),
        Some(Err(e)) => errors.set({
            let mut f = FieldErrors::new();
            f.add("name", e.to_string());
            f
        }),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        save.dispatch(District {
            id: id.clone(),
            number,
            name: name.get_untracked(),
            description: description.get_untracked(),
        });
    };
    view! {
        <form class="district-editor" on:submit=submit>
            <span class="district-number">"№ " {number}</span>
            <TextField label="Название" name="name" value=name errors=errors required=true />
            <TextField
                label="Описание (улицы, посёлки)"
                name="description"
                value=description
                errors=errors
            />
            <div class="buttons">
                <button type="submit" class="btn btn-secondary">
                    "Сохранить"
                </button>
                <Show when=move || saved.get()>
                    <span class="saved-mark" role="status">
                        "Сохранено"
                    </span>
                </Show>
            </div>
        </form>
    }
}
