//! «Социальное такси» (`/taxi?date=…`): the day's requests by pickup time with their status,
//! who rides, from and to, wheelchair and escort, driver and car; a switch of days (today by
//! default); the day's counts; the links to a new request, the driver's schedule and the counts
//! of a period.

use super::api::{taxi_day, DayList};
use super::types::*;
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use crate::time::{format_iso_date, format_naive_date};
use chrono::{Datelike, Duration};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// «понедельник, 7 декабря 2026».
pub fn day_words(day: chrono::NaiveDate) -> String {
    const WEEKDAYS: [&str; 7] = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"];
    const MONTHS: [&str; 12] = [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ];
    format!(
        "{}, {} {} {}",
        WEEKDAYS[day.weekday().num_days_from_monday() as usize],
        day.day(),
        MONTHS[day.month0() as usize],
        day.year()
    )
}

#[component]
pub fn TaxiPage() -> impl IntoView {
    let map = use_query_map();
    let date = Memo::new(move |_| map.with(|m| m.get("date").unwrap_or_default()));
    let list = Resource::new(move || date.get(), taxi_day);
    view! {
        <AppShell title="Социальное такси">
            <div class="page-head">
                <div>
                    <a class="back" href="/urgent">
                        "← Срочные службы"
                    </a>
                    <h1>"Социальное такси"</h1>
                    <p class="muted">
                        "Заявки на поездки в больницу, МСЭ, МФЦ и социальные учреждения."
                    </p>
                </div>
                <div class="actions">
                    <a
                        class="btn btn-primary btn-large"
                        href=move || format!("/taxi/new?date={}", date.get())
                        data-testid="new-ride"
                    >
                        "Новая заявка"
                    </a>
                    <a class="btn btn-secondary" href="/taxi/report">
                        "Итоги за период"
                    </a>
                </div>
            </div>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(l) => view! { <DayView list=l /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn DayView(list: DayList) -> impl IntoView {
    let day = list.day;
    let iso = format_iso_date(day);
    let schedule = format!("/taxi/schedule?date={iso}");
    let prev = format!("/taxi?date={}", format_iso_date(day - Duration::days(1)));
    let next = format!("/taxi?date={}", format_iso_date(day + Duration::days(1)));
    let c = list.counts.clone();
    let title = if day == list.today { format!("Сегодня, {}", day_words(day)) } else { day_words(day) };
    let mut letters = title.chars();
    let title = letters.next().map(|c| c.to_uppercase().collect::<String>() + letters.as_str()).unwrap_or_default();
    view! {
        <section class="card taxi-day-switch no-print">
            <a class="btn btn-secondary" href=prev aria-label="Предыдущий день" data-testid="prev-day">
                "← "
                {format_naive_date(day - Duration::days(1))}
            </a>
            <Form method="GET" action="/taxi" attr:class="taxi-date-form">
                <label class="visually-hidden" for="taxi-date">
                    "Дата"
                </label>
                <input id="taxi-date" type="date" name="date" value=iso.clone() />
                <button type="submit" class="btn btn-secondary">
                    "Показать"
                </button>
            </Form>
            {(day != list.today)
                .then(|| {
                    view! {
                        <a class="btn btn-secondary" href="/taxi">
                            "Сегодня"
                        </a>
                    }
                })}
            <a class="btn btn-secondary" href=next aria-label="Следующий день" data-testid="next-day">
                {format_naive_date(day + Duration::days(1))}
                " →"
            </a>
        </section>
        <section class="card">
            <div class="section-head">
                <h2 data-testid="day-title">{title}</h2>
                <a class="btn btn-secondary" href=schedule data-testid="print-schedule">
                    "Расписание для водителя — печать"
                </a>
            </div>
            {(!list.working)
                .then(|| {
                    view! {
                        <p class="notice notice-warn">
                            "Выходной по производственному календарю: социальное такси не работает."
                        </p>
                    }
                })}
            <p class="taxi-counts" data-testid="day-counts">
                <span class="badge badge-open">{format!("ждут подтверждения: {}", c.requested)}</span>
                <span class="badge badge-ok">{format!("подтверждено: {}", c.confirmed)}</span>
                <span class="badge">{format!("выполнено: {}", c.done)}</span>
                <span class="badge badge-muted">{format!("отменено: {}", c.cancelled)}</span>
                <span class="badge">{format!("с коляской: {}", c.wheelchair)}</span>
            </p>
            {if list.rides.is_empty() {
                view! { <p class="empty">"На этот день заявок нет."</p> }.into_any()
            } else {
                view! {
                    <ul class="taxi-rides" data-testid="rides">
                        {list.rides.iter().map(|r| view! { <RideLine ride=r.clone() /> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn RideLine(ride: Ride) -> impl IntoView {
    let phone = crate::phone::format_phone(&ride.person.phone);
    let purpose = if ride.destination.is_empty() {
        ride.purpose.label().to_string()
    } else {
        format!("{}: {}", ride.purpose.label(), ride.destination)
    };
    let crew = if ride.driver.is_empty() { String::new() } else { format!("{}, {}", ride.driver, ride.vehicle) };
    view! {
        <li
            class="taxi-ride"
            class:cancelled=ride.status == RideStatus::Cancelled
            class:unconfirmed=ride.status == RideStatus::Requested
            data-testid="ride-row"
        >
            <div class="taxi-time">
                <strong>{ride.time.clone()}</strong>
                <span class="muted">{format!("до {}", super::types::format_minutes(ride.end()))}</span>
            </div>
            <div class="taxi-who">
                <a href=format!("/taxi/{}", ride.id)>
                    <strong>{ride.person.full_name.clone()}</strong>
                </a>
                {(!ride.person.phone.is_empty())
                    .then(|| {
                        view! {
                            " · "
                            <a href=format!("tel:{}", ride.person.phone)>{phone}</a>
                        }
                    })}
                <div class="muted">{purpose}</div>
                <div class="taxi-route">
                    {ride.from_address.clone()} " → " {ride.to_address.clone()}
                    {ride.return_trip.then_some(" и обратно")}
                </div>
                <div class="taxi-marks">
                    {ride.wheelchair.then(|| view! { <span class="badge badge-urgent">"на коляске"</span> })}
                    {ride
                        .escort
                        .then(|| {
                            view! {
                                <span class="badge badge-topic">
                                    {if ride.escort_name.is_empty() {
                                        "с сопровождающим".to_string()
                                    } else {
                                        format!("сопровождает: {}", ride.escort_name)
                                    }}
                                </span>
                            }
                        })}
                </div>
            </div>
            <div class="taxi-status">
                <span class=ride.status.badge() data-testid="ride-status">
                    {ride.status.label()}
                </span>
                <span class="muted">{ride.number.clone()}</span>
                {(!crew.is_empty()).then(|| view! { <span class="taxi-crew">{crew.clone()}</span> })}
            </div>
        </li>
    }
}
