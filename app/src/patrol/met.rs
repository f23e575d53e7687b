//! The people and families met on a raid: who, where, what was found and what was done — help
//! on the spot, «Зарегистрировать обращение в журнале» (the dispatch desk's journal, received in
//! person on the raid), a case linked by its number, a referral to a partner or an agency.

use super::api::{register_met_appeal, remove_met, save_met};
use super::types::*;
use crate::components::fields::{FieldValue, SelectField, TextArea, TextField};
use crate::components::{ErrorNotice, FormErrors};
use crate::error::{AppError, FieldErrors};
use chrono::NaiveDate;
use leptos::prelude::*;

#[component]
pub fn MetSection(
    raid: Raid,
    partners: Vec<Choice>,
    today: NaiveDate,
    may_open_case: bool,
    refresh: Callback<()>,
) -> impl IntoView {
    let partners = Signal::stored(partners.into_iter().map(|p| (p.id, p.name)).collect::<Vec<_>>());
    let count = raid.met.len();
    view! {
        <section class="card patrol-met">
            <h2>{format!("Встречены: {count}")}</h2>
            {(count == 0)
                .then(|| {
                    view! {
                        <p class="empty">
                            "Никого не записали. Запишите каждого встреченного человека или семью."
                        </p>
                    }
                })}
            <ol class="patrol-met-list" data-testid="met-list">
                {raid
                    .met
                    .iter()
                    .map(|m| {
                        view! {
                            <MetCard
                                raid=raid.id.clone()
                                met=m.clone()
                                partners=partners
                                today=today
                                may_open_case=may_open_case
                                refresh=refresh
                            />
                        }
                    })
                    .collect_view()}
            </ol>
            <details class="patrol-add" open=count == 0>
                <summary class="btn btn-secondary">"Записать встреченного"</summary>
                <MetEditor raid=raid.id.clone() met=None partners=partners refresh=refresh />
            </details>
        </section>
    }
}

#[component]
fn MetCard(
    raid: String,
    met: Met,
    partners: Signal<Vec<(String, String)>>,
    today: NaiveDate,
    may_open_case: bool,
    refresh: Callback<()>,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let age = met.age_text(today);
    let who = [met.full_name.clone(), age, met.family.clone()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let target = StoredValue::new((raid.clone(), met.key.clone()));
    let register = Action::new(move |_: &()| {
        let (raid, key) = target.get_value();
        async move { register_met_appeal(raid, key).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = register.value().get() {
            refresh.run(());
        }
    });
    let done = met.done_text();
    let stored = StoredValue::new(met.clone());
    view! {
        <li class="patrol-met-card" data-testid="met-card">
            <p class="met-who">
                <strong>{who}</strong>
                <br />
                <span class="muted">{met.address.clone()}</span>
            </p>
            <p class="pre-line">
                <span class="met-label">"Выявлено: "</span>
                {met.situation.clone()}
            </p>
            {(!done.is_empty())
                .then(|| {
                    view! {
                        <p class="pre-line" data-testid="met-done">
                            <span class="met-label">"Сделано: "</span>
                            {done.clone()}
                        </p>
                    }
                })}
            <div class="row-actions">
                {match (&met.journal_entry_id, &met.journal_number) {
                    (Some(entry), Some(number)) => {
                        let label = format!("Обращение {number} в журнале");
                        view! {
                            <span class="badge badge-ok" data-testid="met-appeal">
                                {label}
                            </span>
                            {may_open_case
                                .then(|| {
                                    view! {
                                        <a class="btn btn-secondary" href=format!("/journal/{entry}")>
                                            "Открыть запись журнала"
                                        </a>
                                    }
                                })}
                            {(may_open_case && met.case_id.is_none())
                                .then(|| {
                                    view! {
                                        <a class="btn btn-secondary" href=format!("/cases/new?entry={entry}")>
                                            "Открыть случай"
                                        </a>
                                    }
                                })}
                        }
                            .into_any()
                    }
                    _ => {
                        view! {
                            <button
                                type="button"
                                class="btn btn-primary"
                                data-testid="register-appeal"
                                disabled=move || register.pending().get()
                                on:click=move |_| {
                                    register.dispatch(());
                                }
                            >
                                "Зарегистрировать обращение в журнале"
                            </button>
                        }
                            .into_any()
                    }
                }}
                {met
                    .case_id
                    .clone()
                    .map(|c| {
                        view! {
                            <a class="btn btn-secondary" href=format!("/cases/{c}")>
                                {format!("Случай № {}", met.case_number.clone().unwrap_or_default())}
                            </a>
                        }
                    })} <button type="button" class="btn btn-secondary" on:click=move |_| editing.update(|e| *e = !*e)>
                    {move || if editing.get() { "Скрыть" } else { "Изменить" }}
                </button>
            </div>
            {move || {
                register
                    .value()
                    .get()
                    .and_then(Result::err)
                    .map(|e| view! { <p class="field-error">{e.to_string()}</p> })
            }}
            <Show when=move || editing.get()>
                <MetEditor raid=raid.clone() met=Some(stored.get_value()) partners=partners refresh=refresh />
                {stored
                    .with_value(|m| m.journal_number.is_none())
                    .then(|| {
                        let (raid, key) = target.get_value();
                        view! { <RemoveMet raid=raid key=key refresh=refresh /> }
                    })}
            </Show>
        </li>
    }
}

/// The form of a person met: a new one (`met` none) or a correction.
#[component]
fn MetEditor(
    raid: String,
    met: Option<Met>,
    partners: Signal<Vec<(String, String)>>,
    refresh: Callback<()>,
) -> impl IntoView {
    let key = met.as_ref().map(|m| m.key.clone()).unwrap_or_default();
    let prefix = if key.is_empty() { "met-new".to_string() } else { format!("met-{key}") };
    let form = RwSignal::new(met.as_ref().map(MetForm::of).unwrap_or_default());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let target = StoredValue::new((raid, key.clone()));
    let save = Action::new(move |f: &MetForm| {
        let f = f.clone();
        let (raid, key) = target.get_value();
        async move { save_met(raid, key, f).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            errors.set(FieldErrors::new());
            failure.set(None);
            refresh.run(());
        }
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let field = move |get: fn(&MetForm) -> String, set: fn(&mut MetForm, String)| FieldValue::of(form, get, set);
    let id = move |name: &str| format!("{prefix}-{name}");
    view! {
        <form
            class="patrol-met-form"
            novalidate
            data-testid=if key.is_empty() { "met-form" } else { "met-edit-form" }
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(form.get_untracked());
            }
        >
            <TextField
                label="ФИО (или как назвался)"
                name="full_name"
                id=id("name")
                required=true
                value=field(|f| f.full_name.clone(), |f, v| f.full_name = v)
                errors=errors
            />
            <div class="grid-2">
                <TextField
                    label="Возраст, лет"
                    name="age"
                    id=id("age")
                    inputmode="numeric"
                    value=field(|f| f.age.clone(), |f, v| f.age = v)
                    errors=errors
                />
                <TextField
                    label="Дата рождения"
                    name="birth_date"
                    id=id("birth")
                    kind="date"
                    value=field(|f| f.birth_date.clone(), |f, v| f.birth_date = v)
                    errors=errors
                />
            </div>
            <TextField
                label="Адрес или место встречи"
                name="address"
                id=id("address")
                required=true
                value=field(|f| f.address.clone(), |f, v| f.address = v)
                errors=errors
            />
            <TextField
                label="С кем (состав семьи)"
                name="family"
                id=id("family")
                placeholder="с сыном 7 лет"
                value=field(|f| f.family.clone(), |f, v| f.family = v)
                errors=errors
            />
            <TextArea
                label="Что выявлено"
                name="situation"
                id=id("situation")
                rows=3
                required=true
                value=field(|f| f.situation.clone(), |f, v| f.situation = v)
                errors=errors
            />
            <TextArea
                label="Какая помощь оказана"
                name="help"
                id=id("help")
                rows=2
                value=field(|f| f.help.clone(), |f, v| f.help = v)
                errors=errors
            />
            <div class="grid-3">
                <TextField
                    label="Случай №"
                    name="case_number"
                    id=id("case")
                    placeholder="2026-0042"
                    hint="Если человек уже сопровождается"
                    value=field(|f| f.case_number.clone(), |f, v| f.case_number = v)
                    errors=errors
                />
                <SelectField
                    label="Направлен к партнёру"
                    name="referred_partner"
                    id=id("partner")
                    value=field(|f| f.referred_partner.clone(), |f, v| f.referred_partner = v)
                    options=partners
                    empty_label="— не направлялся —"
                    errors=errors
                />
                <TextField
                    label="Или в ведомство"
                    name="referred_to"
                    id=id("referred")
                    placeholder="ОМВД, опека, больница…"
                    value=field(|f| f.referred_to.clone(), |f, v| f.referred_to = v)
                    errors=errors
                />
            </div>
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            <FormErrors errors=errors />
            <button type="submit" class="btn btn-primary btn-large" disabled=move || save.pending().get()>
                {if key.is_empty() { "Записать встреченного" } else { "Сохранить" }}
            </button>
        </form>
    }
}

/// «Удалить запись» of a person written down by mistake, asked twice (a finger slips on a
/// tablet).
#[component]
fn RemoveMet(raid: String, key: String, refresh: Callback<()>) -> impl IntoView {
    let asking = RwSignal::new(false);
    let target = StoredValue::new((raid, key));
    let remove = Action::new(move |_: &()| {
        let (raid, key) = target.get_value();
        async move { remove_met(raid, key).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            refresh.run(());
        }
    });
    view! {
        <div class="row-actions met-remove">
            <Show
                when=move || asking.get()
                fallback=move || {
                    view! {
                        <button type="button" class="btn btn-secondary" on:click=move |_| asking.set(true)>
                            "Удалить запись"
                        </button>
                    }
                }
            >
                <span>"Удалить запись о встреченном?"</span>
                <button
                    type="button"
                    class="btn btn-danger"
                    data-testid="met-remove-confirm"
                    disabled=move || remove.pending().get()
                    on:click=move |_| {
                        remove.dispatch(());
                    }
                >
                    "Да, удалить"
                </button>
                <button type="button" class="btn btn-secondary" on:click=move |_| asking.set(false)>
                    "Нет"
                </button>
            </Show>
        </div>
        {move || {
            remove
                .value()
                .get()
                .and_then(Result::err)
                .map(|e| {
                    view! {
                        <p class="field-error" role="alert">
                            {e.to_string()}
                        </p>
                    }
                })
        }}
    }
}
