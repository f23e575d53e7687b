//! `/my-activities` («Мои мероприятия»): the activities of support plans the signed-in
//! specialist is responsible for — a psychologist's sessions, a lawyer's consultations, a
//! caseworker's visits — overdue first, each with its deadline in working days and the form to
//! record where it stands and what came of it. What is typed is kept on the device until the
//! server has it.

use super::api::{my_activities, record_activity_result};
use super::types::*;
use crate::components::fields::{CompactSelect, CompactTextArea, FieldValue};
use crate::components::reconnect::{online, retry_while_open};
use crate::components::storage::{clear_draft, load_draft, save_draft};
use crate::components::{ErrorNotice, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::time::{format_naive_date, parse_date};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MyActivitiesPage() -> impl IntoView {
    let query = use_query_map();
    let all = Memo::new(move |_| query.with(|q| q.get("all").is_some_and(|v| v == "1")));
    let items = Resource::new(move || all.get(), my_activities);
    view! {
        <AppShell title="Мои мероприятия">
            <div class="page-head">
                <div>
                    <h1>"Мои мероприятия"</h1>
                    <p class="muted">
                        "Мероприятия планов сопровождения, за которые вы отвечаете. Просроченные и ближайшие — первыми."
                    </p>
                </div>
            </div>
            <nav class="tabs" aria-label="Какие мероприятия">
                <a class="tab" href="/my-activities" aria-current=move || (!all.get()).then_some("page")>
                    "Открытые"
                </a>
                <a class="tab" href="/my-activities?all=1" aria-current=move || all.get().then_some("page")>
                    "Все, с выполненными"
                </a>
            </nav>
            <Suspense fallback=|| {
                view! { <Loading label="Загрузка мероприятий…" /> }
            }>
                {move || Suspend::new(async move {
                    match items.await {
                        Ok(list) if list.is_empty() => {
                            view! {
                                <p class="empty">
                                    "Открытых мероприятий нет: вы не назначены ответственным ни в одном плане сопровождения, или всё выполнено."
                                </p>
                            }
                                .into_any()
                        }
                        Ok(list) => {
                            let late = list.iter().filter(|i| i.overdue()).count();
                            view! {
                                {(late > 0)
                                    .then(|| {
                                        view! {
                                            <p class="notice notice-error" data-testid="late-count">
                                                {format!("Просрочено мероприятий: {late}")}
                                            </p>
                                        }
                                    })}
                                <ol class="my-activities">
                                    {list.into_iter().map(|item| view! { <MyActivityCard item /> }).collect_view()}
                                </ol>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

fn draft_key(item: &MyActivity) -> String {
    format!("activity-result-{}-{}", item.case_id, item.activity.key)
}

/// One activity: what, for which family, by when, and its report.
#[component]
fn MyActivityCard(item: MyActivity) -> impl IntoView {
    let item = RwSignal::new(item);
    let key = item.with_untracked(draft_key);
    let seen = RwSignal::new(item.with_untracked(|i| ActivityReport::of(&i.activity)));
    let report = RwSignal::new(seen.get_untracked());
    let errors = RwSignal::new(FieldErrors::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let saving = RwSignal::new(false);
    let restored = RwSignal::new(false);
    // A report typed here and not yet on the server comes back after a reload (once hydrated:
    // the server renders the stored one).
    let restore_key = key.clone();
    Effect::new(move |first: Option<()>| {
        if first.is_none() {
            if let Some(draft) = load_draft::<ActivityReport>(&restore_key) {
                if draft != report.get_untracked() {
                    report.set(draft);
                    restored.set(true);
                }
            }
        }
    });
    let keep_key = key.clone();
    Effect::new(move |previous: Option<ActivityReport>| {
        let now = report.get();
        if previous.is_some_and(|p| p != now) {
            if seen.with_untracked(|s| *s == now) {
                clear_draft(&keep_key);
            } else {
                save_draft(&keep_key, &now);
            }
        }
        now
    });
    let statuses = Signal::stored(
        ActivityStatus::ALL.iter().map(|s| (s.code().to_string(), s.label().to_string())).collect::<Vec<_>>(),
    );
    let status = FieldValue::new(
        move || report.with(|r| r.status.code().to_string()),
        move |v: String| {
            if let Some(s) = ActivityStatus::from_code(&v) {
                report.update(|r| r.status = s)
            }
        },
    );
    let result = FieldValue::new(move || report.with(|r| r.result.clone()), move |v| report.update(|r| r.result = v));
    // A result that found no connection waits on the device and goes by itself when the
    // connection returns (the same way as the act and the 55+ contacts).
    let waiting = RwSignal::new(false);
    let save_key = StoredValue::new(key.clone());
    let send = move || {
        saving.set(true);
        message.set(None);
        let (case_id, activity_key) = item.with_untracked(|i| (i.case_id.clone(), i.activity.key.clone()));
        let to_send = report.get_untracked();
        let key = save_key.get_value();
        leptos::task::spawn_local(async move {
            match record_activity_result(case_id, activity_key, seen.get_untracked(), to_send.clone()).await {
                Ok(saved) => {
                    waiting.set(false);
                    errors.set(FieldErrors::new());
                    seen.set(ActivityReport::of(&saved.activity));
                    if report.get_untracked() == to_send {
                        report.set(ActivityReport::of(&saved.activity));
                        clear_draft(&key);
                    }
                    item.set(saved);
                    restored.set(false);
                    message.set(Some((true, "Результат сохранён".into())));
                }
                Err(e) => {
                    if let Some(found) = e.field_errors() {
                        errors.set(found.clone());
                    }
                    let network = matches!(e, AppError::Network(_));
                    waiting.set(network);
                    let text = if network {
                        "Нет связи — результат ждёт отправки на устройстве и уйдёт сам, когда связь вернётся."
                            .to_string()
                    } else {
                        e.messages().join("; ")
                    };
                    message.set(Some((false, text)));
                }
            }
            saving.set(false);
        });
    };
    retry_while_open(5_000, move || {
        if waiting.get_untracked() && !saving.get_untracked() && online() {
            send();
        }
    });
    let save = move |_| send();
    let head = move || {
        item.with(|i| {
            let a = &i.activity;
            let deadline = parse_date(&a.deadline).map(format_naive_date).unwrap_or_else(|| "—".into());
            let clock = i.days_left.map(deadline_phrase);
            (a.title.clone(), deadline, clock, i.overdue())
        })
    };
    let details = move || {
        item.with(|i| {
            let a = &i.activity;
            [
                (!a.situation.is_empty()).then(|| format!("Задача: {}", a.situation)),
                Some(format!("Случай № {} · {}", i.case_number, i.case_title)),
                i.district_name.clone(),
                (!a.partner_name.is_empty()).then(|| format!("место: {}", a.partner_name)),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
        })
    };
    let case_href = item.with_untracked(|i| format!("/cases/{}", i.case_id));
    let plan_href = item.with_untracked(|i| format!("/cases/{}/route", i.case_id));
    view! {
        <li
            class="card my-activity"
            class:late=move || head().3
            data-key=item.with_untracked(|i| i.activity.key.clone())
            data-status=move || item.with(|i| i.activity.status.code())
        >
            <div class="my-activity-head">
                <strong>{move || head().0}</strong>
                <span class="due" class:due-late=move || head().3>
                    {move || {
                        let (_, deadline, clock, _) = head();
                        match clock {
                            Some(c) => format!("срок {deadline} — {c}"),
                            None => format!("срок был {deadline}"),
                        }
                    }}
                </span>
            </div>
            <p class="muted">{details}</p>
            <Show when=move || restored.get()>
                <p class="notice notice-info">
                    "Восстановлен результат, который ещё не отправлен на сервер."
                </p>
            </Show>
            <div class="form-row">
                <CompactSelect label="Статус" name="status" value=status options=statuses errors=errors />
                <a class="btn btn-ghost align-end" href=case_href.clone()>
                    "Случай"
                </a>
                <a class="btn btn-ghost align-end" href=plan_href.clone()>
                    "План"
                </a>
            </div>
            <CompactTextArea label="Результат" name="result" value=result errors=errors rows=2 />
            <div class="actions">
                <button
                    type="button"
                    class="btn btn-primary"
                    on:click=save
                    disabled=move || saving.get() || report.with(|r| seen.with(|s| r == s))
                >
                    {move || {
                        if saving.get() { "Сохраняем…" } else { "Сохранить результат" }
                    }}
                </button>
                <span
                    role="status"
                    aria-live="polite"
                    class=move || match message.get() {
                        Some((false, _)) if waiting.get() => "save-waiting",
                        Some((true, _)) => "save-ok",
                        Some((false, _)) => "save-error",
                        None => "",
                    }
                >
                    {move || message.get().map(|(_, t)| t)}
                </span>
            </div>
        </li>
    }
}
