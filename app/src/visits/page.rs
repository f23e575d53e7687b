//! `/visits`: the caseworker's day — families to visit in order of time, with address and phone
//! large enough to tap from the car; and the visits block of the case page.

use super::api::*;
use super::types::*;
use crate::components::{AfterHydration, ErrorNotice, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::time::{format_datetime, format_naive_date, to_local};
use chrono::Duration;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const WEEKDAYS: [&str; 7] = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"];

#[component]
pub fn VisitsPage() -> impl IntoView {
    let query = use_query_map();
    let params =
        Memo::new(move |_| query.with(|q| (q.get("who").unwrap_or_default(), q.get("day").unwrap_or_default())));
    let data = Resource::new(move || params.get(), |(who, day)| load_visit_day(who, day));
    view! {
        <AppShell title="Выезды">
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(day) => {
                            view! { <DayView day=day on_change=Callback::new(move |_| data.refetch()) /> }.into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn DayView(day: VisitDay, on_change: Callback<()>) -> impl IntoView {
    use chrono::Datelike;
    let today = crate::time::local_today(chrono::Utc::now());
    let link = {
        let who = day.caseworker.clone();
        move |d: chrono::NaiveDate| format!("/visits?who={who}&day={}", d.format("%Y-%m-%d"))
    };
    let weekday = WEEKDAYS[day.day.weekday().num_days_from_monday() as usize];
    let title = if day.day == today { "Выезды сегодня".to_string() } else { "Выезды".to_string() };
    let planned = day.visits.iter().filter(|v| v.status == VisitStatus::Planned).count();
    view! {
        <div class="page-head">
            <div>
                <h1>{title}</h1>
                <p class="lead" data-testid="visit-day">
                    {format!("{}, {weekday} · {}", format_naive_date(day.day), day.caseworker_name)}
                </p>
                <p class="muted">
                    {format!("Запланировано: {planned}, всего: {}", day.visits.len())}
                </p>
            </div>
            <div class="actions">
                <a class="btn btn-secondary" href=link(day.day - Duration::days(1))>
                    "← Предыдущий день"
                </a>
                <a class="btn btn-secondary" href=link(today)>
                    "Сегодня"
                </a>
                <a class="btn btn-secondary" href=link(day.day + Duration::days(1))>
                    "Следующий день →"
                </a>
            </div>
        </div>
        {(!day.caseworkers.is_empty())
            .then(|| {
                view! {
                    <form class="filters resource-filters" method="get" action="/visits">
                        <input type="hidden" name="day" value=day.day.format("%Y-%m-%d").to_string() />
                        {crate::components::filters::filter_select(
                            "who",
                            "Специалист",
                            day.caseworker.clone(),
                            day.caseworkers.clone(),
                            "Я",
                        )}
                        <button class="btn btn-primary" type="submit">
                            "Показать"
                        </button>
                    </form>
                }
            })}
        {if day.visits.is_empty() {
            view! {
                <p class="empty" data-testid="no-visits">
                    "На этот день выездов нет. Выезд планируют на странице случая, в блоке «Выезды»."
                </p>
            }
                .into_any()
        } else {
            view! {
                <ol class="visit-list">
                    {day.visits.into_iter().map(|v| view! { <VisitItem visit=v on_change=on_change /> }).collect_view()}
                </ol>
            }
                .into_any()
        }}
    }
}

#[component]
fn VisitItem(visit: Visit, on_change: Callback<()>) -> impl IntoView {
    let failure = RwSignal::new(None::<String>);
    let id = visit.id.clone();
    let version = visit.version;
    let mark = Action::new(move |status: &VisitStatus| set_visit_status(id.clone(), version, *status));
    Effect::new(move |_| match mark.value().get() {
        Some(Ok(_)) => on_change.run(()),
        Some(Err(e)) => failure.set(Some(e.to_string())),
        None => {}
    });
    let time = to_local(visit.planned_at).format("%H:%M").to_string();
    let planned = visit.status == VisitStatus::Planned;
    view! {
        <li
            class="visit"
            class:visit-done=visit.status == VisitStatus::Done
            class:visit-cancelled=visit.status == VisitStatus::Cancelled
            data-testid=format!("visit-{}", visit.id)
        >
            <div class="visit-time">{time}</div>
            <div class="visit-body">
                <h2>
                    <a href=format!("/cases/{}", visit.case_id)>{visit.case_title.clone()}</a>
                </h2>
                <p class="visit-address">
                    {if visit.address.is_empty() {
                        "адрес не указан".to_string()
                    } else {
                        visit.address.clone()
                    }}
                </p>
                {visit
                    .phone
                    .clone()
                    .map(|ph| {
                        view! {
                            <a class="btn btn-secondary visit-phone" href=format!("tel:{ph}")>
                                {format!("☎ {}", crate::phone::format_phone(&ph))}
                            </a>
                        }
                    })}
                <p class="muted">
                    "Случай № " {visit.case_number.clone()}
                    {visit.district_name.clone().map(|d| format!(" · {d}"))}
                    {(!visit.purpose.is_empty()).then(|| format!(" · {}", visit.purpose))}
                </p>
                {move || {
                    failure
                        .get()
                        .map(|m| {
                            view! {
                                <p class="field-error" role="alert">
                                    {m}
                                </p>
                            }
                        })
                }}
            </div>
            <div class="visit-actions">
                <span class="badge" class:badge-ok=visit.status == VisitStatus::Done>
                    {visit.status.label()}
                </span>
                <a class="btn btn-secondary" href=format!("/cases/{}/act", visit.case_id)>
                    "Акт обследования"
                </a>
                {planned
                    .then(|| {
                        view! {
                            <button
                                class="btn btn-primary"
                                on:click=move |_| {
                                    mark.dispatch(VisitStatus::Done);
                                }
                            >
                                "Проведён"
                            </button>
                            <button
                                class="btn btn-secondary"
                                on:click=move |_| {
                                    mark.dispatch(VisitStatus::Cancelled);
                                }
                            >
                                "Отменить"
                            </button>
                        }
                    })}
                {(!planned)
                    .then(|| {
                        view! {
                            <button
                                class="btn btn-link"
                                on:click=move |_| {
                                    mark.dispatch(VisitStatus::Planned);
                                }
                            >
                                "Вернуть в план"
                            </button>
                        }
                    })}
            </div>
        </li>
    }
}

/// The visits block of the case page: the case's visits and a form to plan one.
#[component]
pub fn CaseVisits(case_id: String, can_plan: bool, curator_name: Option<String>) -> impl IntoView {
    let id = StoredValue::new(case_id);
    let visits = Resource::new(move || id.get_value(), case_visits);
    let planned_at = RwSignal::new(String::new());
    let purpose = RwSignal::new("Обследование условий проживания, акт".to_string());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<String>);
    let plan = Action::new(move |form: &VisitForm| plan_visit(id.get_value(), form.clone()));
    Effect::new(move |_| match plan.value().get() {
        Some(Ok(_)) => {
            errors.set(FieldErrors::new());
            failure.set(None);
            planned_at.set(String::new());
            visits.refetch();
        }
        Some(Err(e)) => {
            errors.set(e.field_errors().cloned().unwrap_or_default());
            failure.set(match &e {
                AppError::Validation(_) => None,
                other => Some(other.to_string()),
            });
        }
        None => {}
    });
    let err = move |f: &str| errors.with(|e| e.get(f).map(str::to_string));
    view! {
        <section class="card visits-panel" data-testid="case-visits">
            <h2>"Выезды"</h2>
            <a class="btn btn-primary act-link" href=format!("/cases/{}/act", id.get_value())>
                "Акт обследования"
            </a>
            <AfterHydration>
                <Transition fallback=|| {
                    view! { <Loading /> }
                }>
                    {move || Suspend::new(async move {
                        match visits.await {
                            Ok(list) if list.is_empty() => {
                                view! {
                                    <p class="empty">
                                        "Выездов не было и не запланировано."
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(list) => {
                                view! {
                                    <ul class="timeline">
                                        {list
                                            .into_iter()
                                            .map(|v| {
                                                view! {
                                                    <li>
                                                        <strong>{format_datetime(v.planned_at)}</strong>
                                                        " · "
                                                        {v.caseworker_name.clone()}
                                                        " · "
                                                        <span class="badge">{v.status.label()}</span>
                                                        {(!v.purpose.is_empty())
                                                            .then(|| {
                                                                view! { <div class="muted">{v.purpose.clone()}</div> }
                                                            })}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                        }
                    })}
                </Transition>
            </AfterHydration>
            {can_plan
                .then(|| {
                    view! {
                        <form
                            class="visit-form"
                            novalidate
                            on:submit=move |ev| {
                                ev.prevent_default();
                                plan.dispatch(VisitForm {
                                    planned_at: planned_at.get_untracked(),
                                    purpose: purpose.get_untracked(),
                                    caseworker: String::new(),
                                });
                            }
                        >
                            <div class="field" class:has-error=move || err("planned_at").is_some()>
                                <label for="visit-at">"Когда"</label>
                                <input
                                    id="visit-at"
                                    type="datetime-local"
                                    prop:value=move || planned_at.get()
                                    on:input=move |ev| planned_at.set(event_target_value(&ev))
                                />
                                {move || {
                                    err("planned_at")
                                        .map(|m| {
                                            view! {
                                                <p class="field-error" data-error-for="planned_at">
                                                    {m}
                                                </p>
                                            }
                                        })
                                }}
                            </div>
                            <div class="field" class:has-error=move || err("purpose").is_some()>
                                <label for="visit-purpose">"Цель"</label>
                                <input
                                    id="visit-purpose"
                                    type="text"
                                    prop:value=move || purpose.get()
                                    on:input=move |ev| purpose.set(event_target_value(&ev))
                                />
                                {move || err("purpose").map(|m| view! { <p class="field-error">{m}</p> })}
                            </div>
                            {move || {
                                err("caseworker")
                                    .map(|m| {
                                        view! {
                                            <p class="field-error" role="alert">
                                                {m}
                                            </p>
                                        }
                                    })
                            }}
                            {move || {
                                failure
                                    .get()
                                    .map(|m| {
                                        view! {
                                            <p class="field-error" role="alert">
                                                {m}
                                            </p>
                                        }
                                    })
                            }}
                            <p class="hint">
                                {match &curator_name {
                                    Some(name) => format!("Поедет куратор: {name}."),
                                    None => {
                                        "Куратор не назначен: выезд запланируется вам."
                                            .to_string()
                                    }
                                }}
                            </p>
                            <button class="btn btn-primary" type="submit" disabled=move || plan.pending().get()>
                                "Запланировать выезд"
                            </button>
                        </form>
                    }
                })}
        </section>
    }
}
