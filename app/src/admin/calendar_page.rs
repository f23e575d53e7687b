//! The production calendar page (`/admin/calendar`): a year at a glance with its days off, and
//! the yearly exceptions an administrator adds from the government's decree.

use super::calendar_api::{
    clear_year, confirm_year, remove_exception, save_exception, ExceptionForm, ImportPreview, Recomputed,
};
use crate::calendar::api::{load_calendar_year, CalendarYear};
use crate::calendar::warning::CalendarWarning;
use crate::calendar::DayKind;
use crate::components::fields::{SelectField, TextField};
use crate::components::{ErrorNotice, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::time::{format_date, format_naive_date};
use chrono::{Datelike, Duration, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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
                    <p class="muted">
                        "По нему считаются сроки в рабочих днях: 3, 5 и 15 рабочих дней по случаям."
                    </p>
                </div>
                <div class="actions">
                    <a class="btn btn-secondary" href=move || format!("/admin/calendar?year={}", year.get() - 1)>
                        {move || format!("← {}", year.get() - 1)}
                    </a>
                    <a class="btn btn-secondary" href=move || format!("/admin/calendar?year={}", year.get() + 1)>
                        {move || format!("{} →", year.get() + 1)}
                    </a>
                </div>
            </div>
            // Drawn again after each change, so that it reflects the years now in.
            {move || {
                changed.track();
                view! { <CalendarWarning /> }
            }}
            {move || {
                changed
                    .get()
                    .map(|m| {
                        view! {
                            <div class="notice notice-success" role="status" data-testid="calendar-changed">
                                {m}
                            </div>
                        }
                    })
            }}
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <YearView data=data on_change=on_change /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
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
    let can_edit = data.can_edit;
    let official = data.official.clone();
    view! {
        <OfficialStatus data=data.clone() on_change=on_change />
        <p class="lead" data-testid="working-days">
            "Рабочих дней в году: "
            <strong>{data.working_days}</strong>
        </p>
        <div class="year-grid">
            {(1..=12u32)
                .map(|month| {
                    view! { <MonthGrid year=year month=month days_off=days_off.clone() worked=worked.clone() /> }
                })
                .collect_view()}
        </div>
        <p class="legend">
            <span class="day-sample off">"12"</span>
            " праздник или перенесённый выходной  "
            <span class="day-sample weekend">"13"</span>
            " суббота, воскресенье  "
            <span class="day-sample worked">"14"</span>
            " рабочая суббота"
        </p>
        <Exceptions data=data on_change=on_change />
        {can_edit.then(|| view! { <ImportYear year=year on_change=on_change /> })}
        {(can_edit && official.is_none()).then(|| view! { <ConfirmYear year=year on_change=on_change /> })}
    }
}

/// «сроки пересчитаны: изменились у 3 открытых случаев».
fn recomputed_phrase(r: &Recomputed) -> String {
    format!(
        "Изменилось дней: {}. Сроки открытых случаев пересчитаны — изменились у {}.",
        r.changed_days, r.moved_deadlines
    )
}

/// Whether the year's days were checked against the decree, and the way to clear them.
#[component]
fn OfficialStatus(data: CalendarYear, on_change: Callback<String>) -> impl IntoView {
    let year = data.year;
    let failure = RwSignal::new(None::<AppError>);
    let confirming = RwSignal::new(false);
    let clear = Action::new(move |year: &i32| clear_year(*year));
    Effect::new(move |_| match clear.value().get() {
        Some(Ok(r)) => {
            confirming.set(false);
            on_change.run(format!(
                "Данные {year} года убраны: он считается по статье 112 без переносов. {}",
                recomputed_phrase(&r)
            ));
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    view! {
        {match data.official.clone() {
            Some(o) => {
                view! {
                    <div class="notice notice-success calendar-status" data-testid="calendar-official">
                        <strong>"Официальный календарь."</strong>
                        <span>
                            {format!("{} · внесено {} · {}", o.source, format_date(o.updated_at), o.by_name)}
                        </span>
                    </div>
                }
                    .into_any()
            }
            None => {
                view! {
                    <div class="notice notice-warn calendar-status" data-testid="calendar-preliminary">
                        <strong>
                            {format!("Официального календаря на {year} год нет.")}
                        </strong>
                        <span>
                            "Дни считаются по статье 112 Трудового кодекса и внесённым переносам; сроки в этом году — предварительные. Загрузите календарь года из файла ниже."
                        </span>
                    </div>
                }
                    .into_any()
            }
        }}
        {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
        {(data.can_edit && (data.official.is_some() || !data.exceptions.is_empty()))
            .then(|| {
                view! {
                    <div class="toolbar">
                        {move || {
                            if confirming.get() {
                                view! {
                                    <span class="confirm-text">
                                        {format!(
                                            "Убрать все переносы {year} года? Сроки пересчитаются без них.",
                                        )}
                                    </span>
                                    <button
                                        type="button"
                                        class="btn btn-danger"
                                        disabled=move || clear.pending().get()
                                        on:click=move |_| {
                                            clear.dispatch(year);
                                        }
                                    >
                                        "Да, убрать"
                                    </button>
                                    <button type="button" class="btn btn-ghost" on:click=move |_| confirming.set(false)>
                                        "Отмена"
                                    </button>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <button type="button" class="btn btn-ghost" on:click=move |_| confirming.set(true)>
                                        {format!("Убрать данные {year} года")}
                                    </button>
                                }
                                    .into_any()
                            }
                        }}
                    </div>
                }
            })}
    }
}

/// A year from an official production-calendar file: checked first, shown as a list of the days
/// that change, then loaded as a whole.
#[component]
fn ImportYear(year: i32, on_change: Callback<String>) -> impl IntoView {
    let file_input = NodeRef::<leptos::html::Input>::new();
    let preview = RwSignal::new(None::<ImportPreview>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let run = move |apply: bool| {
        #[cfg(feature = "hydrate")]
        {
            use crate::components::files::{base64, read_file};
            let Some(input) = file_input.get_untracked() else { return };
            busy.set(true);
            failure.set(None);
            leptos::task::spawn_local(async move {
                let message_of = |e: AppError| match e {
                    AppError::Validation(f) => {
                        f.get("file").or_else(|| f.get("year")).unwrap_or("Файл не принят").to_string()
                    }
                    other => other.to_string(),
                };
                match read_file(&input).await {
                    Err(message) => failure.set(Some(message)),
                    Ok((name, bytes)) if apply => {
                        match super::calendar_api::import_year(year, name.clone(), base64(&bytes)).await {
                            Ok(r) => {
                                preview.set(None);
                                on_change.run(format!(
                                    "Календарь на {year} год загружен из файла «{name}». {}",
                                    recomputed_phrase(&r)
                                ));
                            }
                            Err(e) => failure.set(Some(message_of(e))),
                        }
                    }
                    Ok((_, bytes)) => match super::calendar_api::preview_import(year, base64(&bytes)).await {
                        Ok(p) => preview.set(Some(p)),
                        Err(e) => {
                            preview.set(None);
                            failure.set(Some(message_of(e)));
                        }
                    },
                }
                busy.set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (apply, file_input, busy, year, on_change);
    };
    view! {
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title">
                {format!("Загрузить календарь {year} года из файла")}
            </h2>
            <p class="muted">
                "Файл производственного календаря в формате XML (как на xmlcalendar.ru) или CSV портала открытых данных (строка года, списки выходных дней по месяцам). Сначала покажем, какие дни изменятся; переносы года заменятся целиком."
            </p>
            <div class="field">
                <label for="calendar-file">"Файл календаря"</label>
                <input
                    id="calendar-file"
                    type="file"
                    accept=".xml,.csv,.txt"
                    node_ref=file_input
                    data-testid="calendar-file"
                    on:change=move |_| {
                        preview.set(None);
                        failure.set(None);
                    }
                />
            </div>
            <button type="button" class="btn btn-secondary" disabled=move || busy.get() on:click=move |_| run(false)>
                "Проверить файл"
            </button>
            {move || {
                failure
                    .get()
                    .map(|m| {
                        view! {
                            <div class="notice notice-error" role="alert" data-testid="calendar-import-error">
                                {m}
                            </div>
                        }
                    })
            }}
            {move || {
                preview
                    .get()
                    .map(|p| {
                        view! {
                            <div class="import-report" data-testid="calendar-preview">
                                <p>
                                    {format!(
                                        "Рабочих дней в году: было {}, станет {}. ",
                                        p.working_days_before,
                                        p.working_days_after,
                                    )}
                                    {if p.changes.is_empty() {
                                        "Ни один день не меняется.".to_string()
                                    } else {
                                        format!("Изменится дней: {}.", p.changes.len())
                                    }}
                                </p>
                                {(!p.changes.is_empty())
                                    .then(|| {
                                        view! {
                                            <table class="users-table">
                                                <thead>
                                                    <tr>
                                                        <th>"Дата"</th>
                                                        <th>"Было"</th>
                                                        <th>"Станет"</th>
                                                        <th>"Основание"</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {p
                                                        .changes
                                                        .iter()
                                                        .map(|c| {
                                                            let note = p
                                                                .exceptions
                                                                .iter()
                                                                .find(|e| e.date == c.date)
                                                                .map(|e| e.note.clone())
                                                                .unwrap_or_else(|| "по статье 112 ТК".into());
                                                            let kind = |working: bool| {
                                                                if working { "рабочий" } else { "выходной" }
                                                            };
                                                            view! {
                                                                <tr data-change=c.date.format("%Y-%m-%d").to_string()>
                                                                    <td data-label="Дата">{format_naive_date(c.date)}</td>
                                                                    <td data-label="Было">{kind(c.was_working)}</td>
                                                                    <td data-label="Станет">{kind(c.now_working)}</td>
                                                                    <td data-label="Основание">{note}</td>
                                                                </tr>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </tbody>
                                            </table>
                                        }
                                    })}
                                <button
                                    type="button"
                                    class="btn btn-primary"
                                    disabled=move || busy.get()
                                    on:click=move |_| run(true)
                                >
                                    "Загрузить календарь"
                                </button>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// A year whose transfers were typed by hand is marked as checked against the decree.
#[component]
fn ConfirmYear(year: i32, on_change: Callback<String>) -> impl IntoView {
    let decree = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let confirm = Action::new(move |decree: &String| confirm_year(year, decree.clone()));
    Effect::new(move |_| match confirm.value().get() {
        Some(Ok(())) => on_change.run(format!("Календарь {year} года отмечен как сверенный с постановлением.")),
        Some(Err(AppError::Validation(e))) => errors.set(e),
        Some(Err(e)) => errors.set({
            let mut f = FieldErrors::new();
            f.add("decree", e.to_string());
            f
        }),
        None => {}
    });
    view! {
        <form
            class="card exception-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                confirm.dispatch(decree.get_untracked());
            }
        >
            <h2>"Переносы внесены вручную?"</h2>
            <p class="muted">
                "Когда все переносы года внесены и сверены с постановлением Правительства, отметьте год — сроки в нём перестанут быть предварительными."
            </p>
            <TextField
                label="Постановление"
                name="decree"
                value=decree
                errors=errors
                placeholder="Постановление Правительства РФ от … № …"
            />
            <button type="submit" class="btn btn-secondary" disabled=move || confirm.pending().get()>
                "Календарь сверен"
            </button>
        </form>
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
            <h3>{crate::time::MONTH_NAMES[(month - 1) as usize]}</h3>
            <div class="month-days" role="grid">
                {["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"]
                    .into_iter()
                    .map(|d| view! { <span class="dow">{d}</span> })
                    .collect_view()}
                {cells
                    .into_iter()
                    .map(|cell| match cell {
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
                                >
                                    {d.day()}
                                </span>
                            }
                                .into_any()
                        }
                    })
                    .collect_view()}
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
    let moved_from = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let save = Action::new(move |form: &ExceptionForm| save_exception(form.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(r)) => {
            errors.set(FieldErrors::new());
            failure.set(None);
            let when = crate::time::parse_date(&date.get_untracked()).map(format_naive_date).unwrap_or_default();
            let message = format!("Исключение на {when} сохранено. {}", recomputed_phrase(&r));
            date.set(String::new());
            note.set(String::new());
            moved_from.set(String::new());
            on_change.run(message);
        }
        Some(Err(AppError::Validation(e))) => errors.set(e),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let remove = Action::new(move |date: &String| remove_exception(date.clone()));
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(r)) => on_change.run(format!("Исключение удалено. {}", recomputed_phrase(&r))),
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
            <p class="muted">
                "Праздники статьи 112 Трудового кодекса и перенос выходного, совпавшего с праздником, учитываются сами. Здесь — переносы по постановлению Правительства на этот год."
            </p>
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            {if data.exceptions.is_empty() {
                view! { <p class="empty">"Переносов на этот год не внесено."</p> }.into_any()
            } else {
                view! {
                    <table class="users-table exceptions-table">
                        <thead>
                            <tr>
                                <th>"Дата"</th>
                                <th>"Что это за день"</th>
                                <th>"Перенесён с"</th>
                                <th>"Основание"</th>
                                <th></th>
                            </tr>
                        </thead>
                        <tbody>
                            {data
                                .exceptions
                                .into_iter()
                                .map(|e| {
                                    let value = e.date.format("%Y-%m-%d").to_string();
                                    let row_key = value.clone();
                                    view! {
                                        <tr data-exception=row_key>
                                            <td data-label="Дата">{format_naive_date(e.date)}</td>
                                            <td data-label="Что это за день">{e.kind.label()}</td>
                                            <td data-label="Перенесён с">
                                                {e.moved_from.map(format_naive_date).unwrap_or_default()}
                                            </td>
                                            <td data-label="Основание">{e.note}</td>
                                            <td>
                                                {can_edit
                                                    .then(move || {
                                                        view! {
                                                            <button
                                                                type="button"
                                                                class="btn btn-ghost btn-small"
                                                                on:click=move |_| {
                                                                    remove.dispatch(value.clone());
                                                                }
                                                            >
                                                                "Удалить"
                                                            </button>
                                                        }
                                                    })}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
            {can_edit
                .then(|| {
                    view! {
                        <form
                            class="exception-form"
                            on:submit=move |ev: leptos::ev::SubmitEvent| {
                                ev.prevent_default();
                                save.dispatch(ExceptionForm {
                                    date: date.get_untracked(),
                                    kind: kind.get_untracked(),
                                    note: note.get_untracked(),
                                    moved_from: moved_from.get_untracked(),
                                });
                            }
                        >
                            <h3>"Добавить перенос"</h3>
                            <div class="grid-3">
                                <TextField
                                    label="Дата"
                                    name="date"
                                    kind="date"
                                    value=date
                                    errors=errors
                                    required=true
                                />
                                <SelectField
                                    label="Этот день —"
                                    name="kind"
                                    value=kind
                                    errors=errors
                                    options=kinds
                                />
                                <TextField
                                    label="Выходной перенесён с"
                                    name="moved_from"
                                    kind="date"
                                    value=moved_from
                                    errors=errors
                                    hint="Для переноса по постановлению: день, с которого перенесён выходной. Перенос праздника, выпавшего на выходной, заменяет автоматический перенос на понедельник."
                                />
                            </div>
                            <TextField
                                label="Основание"
                                name="note"
                                value=note
                                errors=errors
                                placeholder="Перенос с субботы 2 января"
                            />
                            <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>
                                "Сохранить перенос"
                            </button>
                        </form>
                    }
                })}
        </section>
    }
}
