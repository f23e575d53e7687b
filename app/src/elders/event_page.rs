//! An event's page (`/elders/events/<id>`): whom it suits on the caseworker's districts (by
//! interests and groups), informing one person or a whole interest group with how it was done,
//! and, once it has begun, who came.

use super::events::*;
use super::events_api::{attend, get_event, inform};
use super::events_page::EventFormView;
use super::types::ElderRow;
use super::widgets::{age_text, CallLinks};
use crate::components::fields::options_of;
use crate::components::{ErrorNotice, Loading};
use crate::error::AppError;
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn EventPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let reload = RwSignal::new(0u32);
    let details = Resource::new(move || (id.get(), reload.get()), |(id, _)| get_event(id));
    view! {
        <AppShell title="Мероприятие 55+">
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(d) => view! { <Details details=d reload=reload /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn Details(details: EventDetails, reload: RwSignal<u32>) -> impl IntoView {
    let e = details.event.clone();
    let editing = RwSignal::new(false);
    let event_id = StoredValue::new(e.id.clone());
    let failure = RwSignal::new(None::<AppError>);
    let group_way = RwSignal::new(InformWay::Phone.code().to_string());
    let group = RwSignal::new(String::new());
    let inform_group = Action::new(move |_: &()| async move {
        inform(event_id.get_value(), String::new(), group.get_untracked(), group_way.get_untracked()).await
    });
    Effect::new(move |_| match inform_group.value().get() {
        Some(Ok(_)) => reload.update(|n| *n += 1),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let today = crate::time::local_today(chrono::Utc::now());
    let started = details.started;
    let informed = details.invited.len();
    let came = details.invited.iter().filter(|i| i.attended == Some(true)).count();
    let groups = details.groups.clone();
    view! {
        <div class="page-head">
            <div>
                <a
                    class="back"
                    href=format!("/elders/events?month={}", month_code(crate::time::local_today(e.starts_at)))
                >
                    "← Календарь мероприятий"
                </a>
                <h1>{e.title.clone()}</h1>
                <p class="muted">
                    {format!(
                        "{} · {} · {}{}",
                        crate::time::format_datetime(e.starts_at),
                        e.kind_words(),
                        e.place,
                        if e.organiser.is_empty() { String::new() } else { format!(" · {}", e.organiser) },
                    )}
                </p>
                <div class="badges">
                    {e
                        .suits
                        .iter()
                        .map(|s| view! { <span class="badge badge-topic">{s.label()}</span> })
                        .collect_view()}
                </div>
                {e.notes.clone().map(|n| view! { <p class="pre-line">{n}</p> })}
            </div>
            <div class="actions">
                <button type="button" class="btn btn-secondary" on:click=move |_| editing.update(|v| *v = !*v)>
                    "Изменить"
                </button>
            </div>
        </div>
        <Show when=move || editing.get()>
            <section class="card">
                <EventFormView id=e.id.clone() version=e.version initial=e.to_form() />
            </section>
        </Show>
        {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
        <section class="card" data-testid="event-invited">
            <h2>
                {format!("Проинформированы: {informed}")}
                {started.then(|| format!(", пришли: {came}"))}
            </h2>
            {if started {
                view! { <p class="muted">"Отметьте, кто пришёл."</p> }.into_any()
            } else {
                view! {
                    <p class="muted">
                        "Пришедших можно отметить, когда мероприятие начнётся."
                    </p>
                }
                    .into_any()
            }}
            {if details.invited.is_empty() {
                view! { <p class="muted">"Пока никому не сообщали."</p> }.into_any()
            } else {
                view! {
                    <ul class="invite-list">
                        {details
                            .invited
                            .into_iter()
                            .map(|i| view! { <InvitedRow invitee=i event=event_id started=started reload=reload /> })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
        <section class="card" data-testid="event-group-invite">
            <h2>"Пригласить группу по интересам"</h2>
            {if groups.is_empty() {
                view! {
                    <p class="muted">
                        "Групп пока нет: их создают в календаре мероприятий."
                    </p>
                }
                    .into_any()
            } else {
                let options = groups
                    .iter()
                    .map(|g| (
                        g.id.clone(),
                        format!("{} ({}, участников: {})", g.name, g.theme.label(), g.members.unwrap_or(0)),
                    ))
                    .collect::<Vec<_>>();
                view! {
                    <div class="inline-form">
                        <label class="field">
                            <span>"Группа"</span>
                            <select
                                on:change=move |ev| group.set(event_target_value(&ev))
                                prop:value=move || group.get()
                            >
                                <option value="">"— выберите —"</option>
                                {options
                                    .into_iter()
                                    .map(|(id, name)| view! { <option value=id>{name}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                        <WaySelect way=group_way />
                        <button
                            type="button"
                            class="btn btn-primary"
                            disabled=move || group.with(String::is_empty) || inform_group.pending().get()
                            on:click=move |_| {
                                inform_group.dispatch(());
                            }
                        >
                            "Сообщили всей группе"
                        </button>
                    </div>
                }
                    .into_any()
            }}
        </section>
        <section class="card" data-testid="event-suggested">
            <h2>"Кому подходит по интересам и группам"</h2>
            {if details.suggested.is_empty() {
                view! { <p class="muted">"Всем, кому подходит, уже сообщили."</p> }
                    .into_any()
            } else {
                view! {
                    <ul class="invite-list">
                        {details
                            .suggested
                            .into_iter()
                            .map(|p| view! { <SuggestedRow person=p event=event_id today=today reload=reload /> })
                            .collect_view()}
                    </ul>
                    {details
                        .more
                        .then(|| {
                            view! {
                                <p class="muted">
                                    "Показаны не все — уточните интересы мероприятия."
                                </p>
                            }
                        })}
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn WaySelect(way: RwSignal<String>) -> impl IntoView {
    view! {
        <label class="field">
            <span>"Как сообщили"</span>
            <select on:change=move |ev| way.set(event_target_value(&ev)) prop:value=move || way.get()>
                {options_of(InformWay::ALL, InformWay::code, InformWay::label)
                    .into_iter()
                    .map(|(code, label)| {
                        let selected = code == way.get_untracked();
                        view! {
                            <option value=code selected=selected>
                                {label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
fn SuggestedRow(
    person: ElderRow,
    event: StoredValue<String>,
    today: chrono::NaiveDate,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let way = RwSignal::new(InformWay::Phone.code().to_string());
    let id = StoredValue::new(person.id.clone());
    let failure = RwSignal::new(None::<AppError>);
    let send = Action::new(move |_: &()| async move {
        inform(event.get_value(), id.get_value(), String::new(), way.get_untracked()).await
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(_)) => reload.update(|n| *n += 1),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    view! {
        <li class="invite-row" data-elder=person.id.clone()>
            <div class="invite-who">
                <a href=format!("/elders/{}", person.id)>
                    <strong>{person.full_name.clone()}</strong>
                </a>
                {format!(" · {} · {}", age_text(person.birth_date, today), person.address)}
            </div>
            <div class="invite-actions">
                <CallLinks phones=person.phones.clone() />
                <WaySelect way=way />
                <button
                    type="button"
                    class="btn btn-primary"
                    disabled=move || send.pending().get()
                    on:click=move |_| {
                        send.dispatch(());
                    }
                >
                    "Сообщили"
                </button>
            </div>
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
        </li>
    }
}

#[component]
fn InvitedRow(invitee: Invitee, event: StoredValue<String>, started: bool, reload: RwSignal<u32>) -> impl IntoView {
    let id = StoredValue::new(invitee.elder.id.clone());
    let failure = RwSignal::new(None::<AppError>);
    let mark = Action::new(move |came: &bool| {
        let came = *came;
        async move { attend(event.get_value(), id.get_value(), came).await }
    });
    Effect::new(move |_| match mark.value().get() {
        Some(Ok(())) => reload.update(|n| *n += 1),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let status = match invitee.attended {
        Some(true) => Some(("badge badge-ok", "пришёл(ла)")),
        Some(false) => Some(("badge badge-open", "не пришёл(ла)")),
        None => None,
    };
    view! {
        <li class="invite-row" data-elder=invitee.elder.id.clone()>
            <div class="invite-who">
                <a href=format!("/elders/{}", invitee.elder.id)>
                    <strong>{invitee.elder.full_name.clone()}</strong>
                </a>
                <div class="muted small">
                    {format!(
                        "{}: {}, {}",
                        invitee.way.label(),
                        crate::time::format_datetime(invitee.informed_at),
                        invitee.by_name,
                    )}
                </div>
                {status.map(|(class, text)| view! { <span class=class>{text}</span> })}
            </div>
            {started
                .then(|| {
                    view! {
                        <div class="invite-actions">
                            <button
                                type="button"
                                class="btn btn-secondary"
                                disabled=move || mark.pending().get()
                                on:click=move |_| {
                                    mark.dispatch(true);
                                }
                            >
                                "Пришёл(ла)"
                            </button>
                            <button
                                type="button"
                                class="btn btn-ghost"
                                disabled=move || mark.pending().get()
                                on:click=move |_| {
                                    mark.dispatch(false);
                                }
                            >
                                "Не пришёл(ла)"
                            </button>
                        </div>
                    }
                })}
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
        </li>
    }
}
