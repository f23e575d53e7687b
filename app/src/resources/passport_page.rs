//! `/resources/districts/<id>`: the district passport (паспорт социального участка): figures,
//! infrastructure, the partners and specialists of the district, the kinds of help no partner
//! gives there, and the six-monthly verification. Printable on A4.

use super::api::*;
use super::types::*;
use crate::components::{ErrorNotice, Loading};
use crate::error::FieldErrors;
use crate::shell::frame::AppShell;
use crate::time::format_naive_date;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PassportPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let passport = Resource::new(move || id.get(), get_passport);
    view! {
        <AppShell title="Паспорт участка">
            <a class="back no-print" href="/resources?tab=passports">
                "← Паспорта участков"
            </a>
            <Suspense fallback=|| {
                view! { <Loading label="Загрузка паспорта…" /> }
            }>
                {move || Suspend::new(async move {
                    match passport.await {
                        Ok(p) => view! { <PassportView passport=p /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn PassportView(passport: Passport) -> impl IntoView {
    let form = RwSignal::new(PassportForm::from_passport(&passport));
    let version = RwSignal::new(passport.version);
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<String>);
    let id = passport.id.clone();
    let save = Action::new(move |f: &PassportForm| save_passport(id.clone(), version.get_untracked(), f.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        }
        Some(Err(e)) => {
            errors.set(e.field_errors().cloned().unwrap_or_default());
            failure.set(Some(e.form_message()));
        }
        None => {}
    });
    let editable = passport.editable;
    let err = move |field: &str| errors.with(|e| e.get(field).map(str::to_string));
    view! {
        <div class="page-head">
            <div>
                <h1>"Паспорт социального участка"</h1>
                <p class="lead">{passport.name.clone()}</p>
                <p class="muted">{passport.description.clone()}</p>
            </div>
            <div class="actions no-print">
                <a class="btn btn-secondary" href=format!("/resources?tab=map&district={}", passport.id)>
                    "На карте"
                </a>
                <button
                    class="btn btn-secondary"
                    on:click=move |_| {
                        if let Some(w) = web_sys::window() {
                            let _ = w.print();
                        }
                    }
                >
                    "Печать"
                </button>
            </div>
        </div>
        {if passport.overdue {
            view! {
                <div class="notice notice-error" role="alert" data-testid="passport-overdue">
                    <strong>"⚠ Паспорт просрочен. "</strong>
                    {match passport.verified_on {
                        Some(d) => {
                            format!(
                                "Последняя проверка {} — больше шести месяцев назад. Проверьте сведения и отметьте проверку.",
                                format_naive_date(d),
                            )
                        }
                        None => "Паспорт ещё ни разу не проверялся.".to_string(),
                    }}
                </div>
            }
                .into_any()
        } else {
            view! {
                <p class="notice notice-success" data-testid="passport-ok">
                    {format!(
                        "Проверен {}{}; следующая проверка до {}.",
                        passport.verified_on.map(format_naive_date).unwrap_or_default(),
                        passport.verified_by_name.clone().map(|n| format!(" ({n})")).unwrap_or_default(),
                        passport.due_on.map(format_naive_date).unwrap_or_default(),
                    )}
                </p>
            }
                .into_any()
        }}
        <form
            class="passport-form"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(form.get_untracked());
            }
        >
            <fieldset class="form-section" disabled=!editable>
                <legend>"Население участка"</legend>
                <div class="figures">
                    {Population::FIELDS
                        .iter()
                        .map(|(field, label)| {
                            let field = *field;
                            view! {
                                <div class="field" class:has-error=move || err(field).is_some()>
                                    <label for=field>{*label}</label>
                                    <input
                                        id=field
                                        type="text"
                                        inputmode="numeric"
                                        prop:value=move || form.with(|f| f.get(field).to_string())
                                        on:input=move |ev| form.update(|f| f.set(field, event_target_value(&ev)))
                                    />
                                    {move || {
                                        err(field)
                                            .map(|m| {
                                                view! {
                                                    <p class="field-error" data-error-for=field>
                                                        {m}
                                                    </p>
                                                }
                                            })
                                    }}
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
                <div class="field" class:has-error=move || err("infrastructure").is_some()>
                    <label for="infrastructure">
                        "Инфраструктура: школы, детские сады, магазины, аптеки, остановки, ФАП"
                    </label>
                    <textarea
                        id="infrastructure"
                        rows="5"
                        prop:value=move || form.with(|f| f.infrastructure.clone())
                        on:input=move |ev| form.update(|f| f.infrastructure = event_target_value(&ev))
                    ></textarea>
                    {move || err("infrastructure").map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                {editable
                    .then(|| {
                        view! {
                            <label class="toggle no-print">
                                <input
                                    type="checkbox"
                                    data-testid="passport-verified"
                                    prop:checked=move || form.with(|f| f.verified)
                                    on:change=move |ev| form.update(|f| f.verified = event_target_checked(&ev))
                                />
                                <span>"Сведения проверены сегодня"</span>
                            </label>
                            {move || {
                                failure
                                    .get()
                                    .map(|m| {
                                        view! {
                                            <div class="notice notice-error" role="alert">
                                                {m}
                                            </div>
                                        }
                                    })
                            }}
                            <div class="form-actions no-print">
                                <button class="btn btn-primary" type="submit" disabled=move || save.pending().get()>
                                    "Сохранить паспорт"
                                </button>
                            </div>
                        }
                    })}
            </fieldset>
        </form>
        <section class="card-block">
            <h2>{format!("Партнёры участка ({})", passport.partners.len())}</h2>
            <ul class="partner-list">
                {passport
                    .partners
                    .iter()
                    .map(|p| {
                        view! {
                            <li>
                                <span class="dot" style=format!("background:{}", p.kind.color())></span>
                                <a href=format!("/resources/partners/{}", p.id)>{p.name.clone()}</a>
                                <span class="muted">
                                    " — " {p.kind.label()} {p.districts.is_empty().then_some(", весь город")}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section class="card-block">
            <h2>"Виды помощи, которых на участке нет"</h2>
            {if passport.gaps.is_empty() {
                view! { <p>"Все виды помощи на участке есть."</p> }.into_any()
            } else {
                view! {
                    <ul class="chips-list" data-testid="passport-gaps">
                        {passport
                            .gaps
                            .iter()
                            .map(|k| view! { <li class="tag tag-danger">{k.label.clone()}</li> })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
        <section class="card-block">
            <h2>"Специалисты участка"</h2>
            {if passport.specialists.is_empty() {
                view! { <p class="empty">"Специалисты не назначены."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {passport
                            .specialists
                            .iter()
                            .map(|s| {
                                view! {
                                    <li>{s.full_name.clone()} <span class="muted">" — " {s.roles.clone()}</span></li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}
