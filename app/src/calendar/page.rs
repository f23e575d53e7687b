//! The production calendar page (`/admin/calendar`): a year at a glance with its days off, and
//! the yearly exceptions an administrator adds from the government's decree.

use super::api::{load_calendar_year, remove_exception, save_exception, CalendarYear, ExceptionForm};
use super::DayKind;
use crate::components::fields::{SelectField, TextField};
use crate::components::frame::AppShell;
use crate::components::{ErrorNotice, Loading};
use crate::error::{AppError, FieldErrors};
use crate::time::format_naive_date;
use chrono::{Datelike, Duration, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const MONTHS: [&str; 12] = [
    "Январь",
    "Февраль",
    "Март",
    "Апрель",
    "Май",
    "Июнь",
    "Июль",
    "Август",
    "Сентябрь",
    "Октябрь",
    "Ноябрь",
    "Декабрь",
];

#[component]
pub fn CalendarPage() -> impl IntoView {
    let query = use_query_map();
    let year = Memo::new(move |_| {
        query
            .with(|q| q.get("year").and_then(|y| y.parse::<i32>().ok()))
            .unwrap_or_else(|| crate::time::local_today(chrono::Utc::now()).year())
    });
    let data = Resource::new(move || year.get(), load_calendar_year);
    let changed = RwSignal::new(None::<String>);
    let on_change = Callback::new(move |message: String| {
        changed.set(Some(message));
        data.refetch();
    });
    view! {
        <AppShell title="Производственный календарь">
            <div class="page-head">
                <div>
                    <h1>"Производственный календарь " {move || year.get()}</h1>
                    <p class="muted">"По нему считаются сроки в рабочих днях: 3, 5 и 15 рабочих дней по случаям."</p>
                </div>
                <div class="actions">
                    <a class="btn btn-secondary" href=move || format!("/admin/calendar?year={}", year.get() - 1)>{move || format!("← {}", year.get() - 1)}</a>
                    <a class="btn btn-secondary" href=move || format!("/admin/calendar?year={}", year.get() + 1)>{move || format!("{} →", year.get() + 1)}</a>
                </div>
            </div>
            {move || changed.get().map(|m| view! { <div class="notice notice-success" role="status">{m}</div> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <YearView data=data on_change=on_change/> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn YearView(data: CalendarYear, on_change: Callback<String>) -> impl IntoView {
    let days_off = data.days_off.clone();
    let worked: Vec<NaiveDate> =
        data.exceptions.iter().filter(|e| e.kind == DayKind::WorkingDay).map(|e| e.date).collect();
    let year = data.year;
    view! {
        <p class="lead" data-testid="working-days">"Рабочих дней в году: " <strong>{data.working_days}</strong></p>
        <div class="year-grid">
            {(1..=12u32).map(|month| view! { <MonthGrid year=year month=month days_off=days_off.clone() worked=worked.clone()/> }).collect_view()}
        </div>
        <p class="legend">
            <span class="day-sample off">"12"</span>" праздник или перенесённый выходной  "
            <span class="day-sample weekend">"13"</span>" суббота, воскресенье  "
            <span class="day-sample worked">"14"</span>" рабочая суббота"
        </p>
        <Exceptions data=data on_change=on_change/>
    }
}

#[component]
fn MonthGrid(year: i32, month: u32, days_off: Vec<NaiveDate>, worked: Vec<NaiveDate>) -> impl IntoView {
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else { return ().into_any() };
    let lead = first.weekday().num_days_from_monday() as usize;
    let mut cells: Vec<Option<NaiveDate>> = vec![None; lead];
    let mut day = first;
    while day.month() == month {
        cells.push(Some(day));
        day += Duration::days(1);
    }
    view! {
        <section class="month">
            <h3>{MONTHS[(month - 1) as usize]}</h3>
            <div class="month-days" role="grid">
                {["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"].into_iter().map(|d| view! { <span class="dow">{d}</span> }).collect_view()}
                {cells.into_iter().map(|cell| match cell {
                    None => view! { <span class="day empty"></span> }.into_any(),
                    Some(d) => {
                        let weekend = d.weekday().num_days_from_monday() >= 5;
                        let off = days_off.contains(&d);
                        let is_worked = worked.contains(&d);
                        view! {
                            <span
                                class="day"
                                class:off=off
                                class:weekend=weekend && !is_worked
                                class:worked=is_worked
                                data-date=d.format("%Y-%m-%d").to_string()
                                title=format_naive_date(d)
                            >{d.day()}</span>
                        }.into_any()
                    }
                }).collect_view()}
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn Exceptions(data: CalendarYear, on_change: Callback<String>) -> impl IntoView {
    let date = RwSignal::new(String::new());
    let kind = RwSignal::new(DayKind::DayOff.code().to_string());
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let save = Action::new(move |form: &ExceptionForm| save_exception(form.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            errors.set(FieldErrors::new());
            failure.set(None);
            let message =
                format!("Исключение на {} сохранено, сроки открытых случаев пересчитаны.", date.get_untracked());
            date.set(String::new());
            note.set(String::new());
            on_change.run(message);
        }
        Some(Err(AppError::Validation(e))) => errors.set(e),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let remove = Action::new(move |date: &String| remove_exception(date.clone()));
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => on_change.run("Исключение удалено, сроки открытых случаев пересчитаны.".into()),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let kinds = Signal::stored(
        [DayKind::DayOff, DayKind::WorkingDay]
            .iter()
            .map(|k| (k.code().to_string(), k.label().to_string()))
            .collect::<Vec<_>>(),
    );
    let can_edit = data.can_edit;
    view! {
        <section class="card" aria-labelledby="exceptions-title">
            <h2 id="exceptions-title">"Переносы выходных дней в " {data.year} " году"</h2>
            <p class="muted">"Праздники статьи 112 Трудового кодекса и перенос выходного, совпавшего с праздником, учитываются сами. Здесь — переносы по постановлению Правительства на этот год."</p>
            {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
            {if data.exceptions.is_empty() {
                view! { <p class="empty">"Переносов на этот год не внесено."</p> }.into_any()
            } else {
                view! {
                    <table class="users-table exceptions-table">
                        <thead><tr><th>"Дата"</th><th>"Что это за день"</th><th>"Основание"</th><th></th></tr></thead>
                        <tbody>
                            {data.exceptions.into_iter().map(|e| {
                                let value = e.date.format("%Y-%m-%d").to_string();
                                let row_key = value.clone();
                                view! {
                                    <tr data-exception=row_key>
                                        <td data-label="Дата">{format_naive_date(e.date)}</td>
                                        <td data-label="Что это за день">{e.kind.label()}</td>
                                        <td data-label="Основание">{e.note}</td>
                                        <td>
                                            {can_edit.then(move || view! {
                                                <button type="button" class="btn btn-ghost btn-small" on:click=move |_| { remove.dispatch(value.clone()); }>"Удалить"</button>
                                            })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            {can_edit.then(|| view! {
                <form class="exception-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    save.dispatch(ExceptionForm { date: date.get_untracked(), kind: kind.get_untracked(), note: note.get_untracked() });
                }>
                    <h3>"Добавить перенос"</h3>
                    <div class="grid-3">
                        <TextField label="Дата" name="date" kind="date" value=date errors=errors required=true/>
                        <SelectField label="Этот день —" name="kind" value=kind errors=errors options=kinds/>
                        <TextField label="Основание" name="note" value=note errors=errors placeholder="Перенос с субботы 2 января"/>
                    </div>
                    <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>"Сохранить перенос"</button>
                </form>
            })}
        </section>
    }
}
