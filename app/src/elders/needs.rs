//! The needs found at the contacts as tasks (seed 002 §3.1.6 «выявление потребностей, содействие
//! в решении проблем»): «Потребности в работе» (`/elders/needs`) of the caseworker's districts,
//! the oldest first, each closed with what became of it — help given, a case opened, passed to a
//! partner, a social service, not confirmed — and the same list on the person's card.

use super::api::{close_need, open_needs};
use super::types::{Need, NeedOutcome};
use crate::components::filters::filter_select;
use crate::components::{ErrorNotice, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NeedsPageView() -> impl IntoView {
    let map = use_query_map();
    let district = Memo::new(move |_| map.with(|m| m.get("district").unwrap_or_default()));
    let page = Resource::new(move || district.get(), open_needs);
    view! {
        <AppShell title="Потребности в работе">
            <div class="page-head">
                <div>
                    <a class="back" href="/elders">
                        "← Реестр 55+"
                    </a>
                    <h1>"Потребности в работе"</h1>
                    <p class="muted">
                        "Что выявлено при контактах и ещё не решено — сначала самое давнее."
                    </p>
                </div>
            </div>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => {
                            let options = p.districts.iter().map(|d| (d.id.clone(), d.name.clone())).collect();
                            let count = p.needs.len();
                            view! {
                                <Form method="GET" action="/elders/needs" attr:class="filters card">
                                    <div class="filter-row">
                                        {filter_select(
                                            "district",
                                            "Участок",
                                            district.get_untracked(),
                                            options,
                                            "Все мои участки",
                                        )} <button type="submit" class="btn btn-secondary">
                                            "Показать"
                                        </button>
                                    </div>
                                </Form>
                                <p class="muted" data-testid="needs-count">
                                    {if p.more {
                                        format!(
                                            "Показаны первые {count} — решите давние, чтобы увидеть остальные",
                                        )
                                    } else {
                                        format!("Открытых потребностей: {count}")
                                    }}
                                </p>
                                {if p.needs.is_empty() {
                                    view! {
                                        <div class="empty card">
                                            "Открытых потребностей нет: всё, что выявлено при контактах, решено."
                                        </div>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <ul class="need-list" data-testid="needs">
                                            {p
                                                .needs
                                                .into_iter()
                                                .map(|n| {
                                                    view! {
                                                        <NeedItem
                                                            need=n
                                                            show_person=true
                                                            can_open_case=p.can_open_case
                                                        />
                                                    }
                                                })
                                                .collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }}
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

/// «Закрыто 05.12.2026 Петровой А. С.: помощь оказана — привезли дрова».
fn closed_text(need: &Need) -> String {
    let outcome = need.outcome.map(|o| o.label().to_lowercase()).unwrap_or_default();
    let mut text = format!(
        "Закрыто {}, {}: {outcome}",
        need.closed_at.map(crate::time::format_datetime).unwrap_or_default(),
        need.closed_by_name.clone().unwrap_or_default()
    );
    if let Some(note) = &need.outcome_note {
        text.push_str(" — ");
        text.push_str(note);
    }
    text
}

/// A need with what became of it, or, while it is open, the form that closes it.
#[component]
pub fn NeedItem(need: Need, show_person: bool, can_open_case: bool) -> impl IntoView {
    let id = need.id.clone();
    let closed = RwSignal::new((!need.open).then(|| closed_text(&need)));
    let outcome = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let close = Action::new(move |(outcome, note): &(String, String)| {
        let (id, outcome, note) = (id.clone(), outcome.clone(), note.clone());
        async move { close_need(id, outcome, note).await }
    });
    Effect::new(move |_| match close.value().get() {
        Some(Ok(n)) => closed.set(Some(closed_text(&n))),
        Some(Err(AppError::Validation(e))) => errors.set(e),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let field = format!("need-{}", need.id);
    let offer_case = can_open_case && !need.has_case;
    view! {
        <li class="need-item card" class:closed=move || closed.with(Option::is_some) data-testid="need">
            {show_person
                .then(|| {
                    view! {
                        <div>
                            <a href=format!("/elders/{}", need.elder_id)>
                                <strong>{need.elder_name.clone()}</strong>
                            </a>
                            {format!(" · {} · {}", need.address, need.district_name)}
                        </div>
                    }
                })}
            <p class="need-text">{need.text.clone()}</p>
            <p class="muted small">
                {format!("Выявлено {}, {}", crate::time::format_datetime(need.at), need.by_name)}
            </p>
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            {move || match closed.get() {
                Some(text) => view! { <p class="need-closed">{text}</p> }.into_any(),
                None => {
                    let (outcome_id, note_id) = (format!("{field}-outcome"), format!("{field}-note"));
                    view! {
                        <form
                            class="inline-form need-close"
                            novalidate
                            on:submit=move |ev: leptos::ev::SubmitEvent| {
                                ev.prevent_default();
                                errors.set(FieldErrors::new());
                                close.dispatch((outcome.get_untracked(), note.get_untracked()));
                            }
                        >
                            <div class="field">
                                <label for=outcome_id.clone()>"Чем закончилось"</label>
                                <select
                                    id=outcome_id
                                    prop:value=move || outcome.get()
                                    on:change=move |ev| outcome.set(event_target_value(&ev))
                                >
                                    <option value="">"— выберите —"</option>
                                    {NeedOutcome::ALL
                                        .iter()
                                        .map(|o| view! { <option value=o.code()>{o.label()}</option> })
                                        .collect_view()}
                                </select>
                                {move || {
                                    errors
                                        .with(|e| e.get("outcome").map(str::to_string))
                                        .map(|m| view! { <p class="field-error">{m}</p> })
                                }}
                            </div>
                            <div class="field grow">
                                <label for=note_id.clone()>"Что сделано"</label>
                                <input
                                    id=note_id
                                    type="text"
                                    maxlength="2000"
                                    prop:value=move || note.get()
                                    on:input=move |ev| note.set(event_target_value(&ev))
                                />
                                {move || {
                                    errors
                                        .with(|e| e.get("note").map(str::to_string))
                                        .map(|m| view! { <p class="field-error">{m}</p> })
                                }}
                            </div>
                            <button type="submit" class="btn btn-primary" disabled=move || close.pending().get()>
                                "Закрыть"
                            </button>
                            {offer_case
                                .then(|| {
                                    view! {
                                        <a class="btn btn-secondary" href=format!("/elders/{}/case", need.elder_id)>
                                            "Открыть случай"
                                        </a>
                                    }
                                })}
                        </form>
                    }
                        .into_any()
                }
            }}
        </li>
    }
}
