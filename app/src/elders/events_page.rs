//! The calendar grid of events for people 55+ (`/elders/events?month=2026-12`): the month as a
//! grid readable on a tablet, the month's events as a list, a form to add one, and the interest
//! groups.

use super::events::*;
use super::events_api::{month_events, save_event, save_group};
use super::types::Interest;
use crate::components::fields::{options_of, CheckboxGroup, FieldValue, SelectField, TextArea, TextField};
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use chrono::{Datelike, Months};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

const WEEKDAYS: [&str; 7] = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"];

#[component]
pub fn EventsPageView() -> impl IntoView {
    let map = use_query_map();
    let month = Memo::new(move |_| map.with(|m| m.get("month").unwrap_or_default()));
    let page = Resource::new(move || month.get(), month_events);
    let refresh = Callback::new(move |_| page.refetch());
    view! {
        <AppShell title="Мероприятия 55+">
            <div class="page-head">
                <div>
                    <a class="back" href="/elders">
                        "← Реестр 55+"
                    </a>
                    <h1>"Календарь мероприятий"</h1>
                    <p class="muted">
                        "Выставки, концерты, спорт, ярмарки вакансий и школы безопасности — кого пригласить и кто пришёл."
                    </p>
                </div>
            </div>
            <details class="card events-import">
                <summary>"Загрузить план мероприятий из Excel"</summary>
                <p class="muted">
                    "Столбцы: «Название», «Вид» (концерт, выставка, театр, спорт, ярмарка вакансий, школа безопасности…), «Дата», «Время», «Место», «Организатор», «Кому подходит» (интересы через «;»), «Тема» для школ безопасности, «Примечание». Мероприятие, которое уже есть в календаре (то же название и время), второй раз не добавляется."
                </p>
                <crate::components::import::FileImport
                    send=super::events_api::import_events
                    unchanged="уже в календаре"
                    load="Загрузить в календарь"
                    after=ViewFn::from(move || {
                        refresh.run(());
                        // The grid below shows the new events at once.
                        view! { <p class="muted">"Календарь обновлён."</p> }
                    })
                />
            </details>
            <Transition fallback=|| {
                view! { <Loading label="Загрузка календаря…" /> }
            }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <Month page=page refresh=refresh /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn Month(page: EventsPage, refresh: Callback<()>) -> impl IntoView {
    let first = page.month.unwrap_or_default();
    let prev = first.checked_sub_months(Months::new(1)).map(month_code).unwrap_or_default();
    let next = first.checked_add_months(Months::new(1)).map(month_code).unwrap_or_default();
    let today = crate::time::local_today(chrono::Utc::now());
    let events = page.events.clone();
    let weeks = month_grid(first);
    let title = super::rules::month_words(first);
    view! {
        <div class="month-nav">
            <a class="btn btn-secondary" href=format!("/elders/events?month={prev}")>
                "← Раньше"
            </a>
            <h2 data-testid="events-month">{title}</h2>
            <a class="btn btn-secondary" href=format!("/elders/events?month={next}")>
                "Позже →"
            </a>
        </div>
        <div class="table-wrap">
            <table class="event-grid" data-testid="event-grid">
                <thead>
                    <tr>{WEEKDAYS.iter().map(|d| view! { <th scope="col">{*d}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {weeks
                        .into_iter()
                        .map(|week| {
                            view! {
                                <tr>
                                    {week
                                        .into_iter()
                                        .map(|day| match day {
                                            None => view! { <td class="empty-day"></td> }.into_any(),
                                            Some(day) => {
                                                let of_day: Vec<Event> = events
                                                    .iter()
                                                    .filter(|e| crate::time::local_today(e.starts_at) == day)
                                                    .cloned()
                                                    .collect();
                                                let is_today = day == today;
                                                view! {
                                                    <td class:today=is_today>
                                                        <span class="day-number">{day.day()}</span>
                                                        {of_day
                                                            .into_iter()
                                                            .map(|e| {
                                                                let time = crate::time::to_local(e.starts_at)
                                                                    .format("%H:%M")
                                                                    .to_string();
                                                                let safety = e.kind == EventKind::SafetySchool;
                                                                view! {
                                                                    <a
                                                                        class="event-chip"
                                                                        class:safety=safety
                                                                        href=format!("/elders/events/{}", e.id)
                                                                    >
                                                                        {format!("{time} {}", e.title)}
                                                                    </a>
                                                                }
                                                            })
                                                            .collect_view()}
                                                    </td>
                                                }
                                                    .into_any()
                                            }
                                        })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <section class="card">
            <h2>"Мероприятия месяца"</h2>
            {if page.events.is_empty() {
                view! {
                    <p class="muted">
                        "В этом месяце мероприятий пока нет. Добавьте первое."
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <ul class="event-list">
                        {page
                            .events
                            .into_iter()
                            .map(|e| {
                                view! {
                                    <li>
                                        <a href=format!("/elders/events/{}", e.id)>
                                            <strong>{e.title.clone()}</strong>
                                        </a>
                                        <div class="muted">
                                            {format!(
                                                "{} · {} · {}",
                                                crate::time::format_datetime(e.starts_at),
                                                e.kind_words(),
                                                e.place,
                                            )}
                                        </div>
                                        <div class="small">
                                            {format!(
                                                "проинформировано: {}, пришли: {}",
                                                e.informed,
                                                e.attended,
                                            )}
                                        </div>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
        <section class="card">
            <h2>"Новое мероприятие"</h2>
            <EventFormView id=String::new() version=0 initial=EventForm::default() />
        </section>
        <section class="card">
            <h2>"Группы по интересам"</h2>
            {if page.groups.is_empty() {
                view! { <p class="muted">"Групп пока нет."</p> }.into_any()
            } else {
                view! {
                    <ul class="group-list" data-testid="group-list">
                        {page
                            .groups
                            .into_iter()
                            .map(|g| {
                                view! {
                                    <li>
                                        <strong>{g.name.clone()}</strong>
                                        {format!(
                                            " · {} · участников с ваших участков: {}",
                                            g.theme.label(),
                                            g.members.unwrap_or(0),
                                        )}
                                        {(!g.leader.is_empty())
                                            .then(|| format!(" · руководитель: {}", g.leader))}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <GroupFormView on_saved=refresh />
        </section>
    }
}

/// The form of an event: a new one (`id` empty) or a correction.
#[component]
pub fn EventFormView(id: String, version: i64, initial: EventForm) -> impl IntoView {
    let form = RwSignal::new(initial);
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let target = StoredValue::new((id, version));
    let navigate = use_navigate();
    let save = Action::new(move |f: &EventForm| {
        let f = f.clone();
        let (id, version) = target.get_value();
        async move { save_event(id, version, f).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(id)) => navigate(&format!("/elders/events/{id}?saved=1"), Default::default()),
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let field = move |get: fn(&EventForm) -> String, set: fn(&mut EventForm, String)| FieldValue::of(form, get, set);
    let kinds = Signal::stored(options_of(EventKind::ALL, EventKind::code, EventKind::label));
    let topics = Signal::stored(options_of(SafetyTopic::ALL, SafetyTopic::code, SafetyTopic::label));
    let suits = options_of(Interest::ALL, Interest::code, Interest::label);
    let safety = move || form.with(|f| f.kind == EventKind::SafetySchool.code());
    view! {
        <form
            class="event-form"
            novalidate
            data-testid="event-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(form.get_untracked());
            }
        >
            <div class="grid-2">
                <TextField
                    label="Название"
                    name="title"
                    id="event-title"
                    required=true
                    value=field(|f| f.title.clone(), |f, v| f.title = v)
                    errors=errors
                />
                <SelectField
                    label="Вид"
                    name="kind"
                    id="event-kind"
                    required=true
                    value=field(|f| f.kind.clone(), |f, v| f.kind = v)
                    options=kinds
                    empty_label="— выберите —"
                    errors=errors
                />
            </div>
            <Show when=safety>
                <SelectField
                    label="Тема школы безопасности"
                    name="topic"
                    id="event-topic"
                    required=true
                    value=field(|f| f.topic.clone(), |f, v| f.topic = v)
                    options=topics
                    empty_label="— выберите —"
                    errors=errors
                />
            </Show>
            <div class="grid-3">
                <TextField
                    label="Начало"
                    name="starts_at"
                    id="event-starts"
                    kind="datetime-local"
                    required=true
                    value=field(|f| f.starts_at.clone(), |f, v| f.starts_at = v)
                    errors=errors
                />
                <TextField
                    label="Место"
                    name="place"
                    id="event-place"
                    required=true
                    value=field(|f| f.place.clone(), |f, v| f.place = v)
                    errors=errors
                />
                <TextField
                    label="Организатор"
                    name="organiser"
                    id="event-organiser"
                    placeholder="ДК «МиГ», библиотека, КЦСОН"
                    value=field(|f| f.organiser.clone(), |f, v| f.organiser = v)
                    errors=errors
                />
            </div>
            <CheckboxGroup
                label="Кому подходит"
                name="suits"
                value=FieldValue::of(form, |f| f.suits.clone(), |f, v| f.suits = v)
                options=suits
                errors=errors
            />
            <TextArea
                label="Подробности"
                name="notes"
                id="event-notes"
                rows=2
                value=field(|f| f.notes.clone(), |f, v| f.notes = v)
                errors=errors
            />
            <div class="form-actions">
                {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })} <FormErrors errors=errors />
                <button type="submit" class="btn btn-primary btn-large" disabled=move || save.pending().get()>
                    "Сохранить мероприятие"
                </button>
            </div>
        </form>
    }
}

#[component]
fn GroupFormView(on_saved: Callback<()>) -> impl IntoView {
    let form = RwSignal::new(GroupForm::default());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let save = Action::new(move |f: &GroupForm| {
        let f = f.clone();
        async move { save_group(f).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => on_saved.run(()),
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let themes = Signal::stored(options_of(Interest::ALL, Interest::code, Interest::label));
    let field = move |get: fn(&GroupForm) -> String, set: fn(&mut GroupForm, String)| FieldValue::of(form, get, set);
    view! {
        <form
            class="group-form"
            novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(form.get_untracked());
            }
        >
            <h3>"Новая группа"</h3>
            <div class="grid-3">
                <TextField
                    label="Название группы"
                    name="name"
                    id="group-name"
                    value=field(|f| f.name.clone(), |f, v| f.name = v)
                    errors=errors
                />
                <SelectField
                    label="Направление"
                    name="theme"
                    id="group-theme"
                    value=field(|f| f.theme.clone(), |f, v| f.theme = v)
                    options=themes
                    empty_label="— выберите —"
                    errors=errors
                />
                <TextField
                    label="Руководитель"
                    name="leader"
                    id="group-leader"
                    value=field(|f| f.leader.clone(), |f, v| f.leader = v)
                    errors=errors
                />
            </div>
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            <button type="submit" class="btn btn-secondary" disabled=move || save.pending().get()>
                "Создать группу"
            </button>
        </form>
    }
}
