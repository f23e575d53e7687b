//! `/reports/svo?month=2026-11`: the monthly report of the СВО department shaped like the form it
//! replaces. The head sees it as counted now, adds what Опора cannot know, and submits it; a
//! submitted version is shown as it was submitted, and a correction is a new version with its
//! reason. «Скачать XLSX» and «Печать» give the same tables.

use super::api::{load_svo_report, submit_svo_report};
use super::types::*;
use crate::components::fields::{CompactInput, FieldValue};
use crate::components::report_table::ReportTable;
use crate::components::storage::{clear_draft, load_draft, save_draft};
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::FieldErrors;
use crate::institution::INSTITUTION;
use crate::periods::Month;
use crate::shell::frame::AppShell;
use crate::time::{format_datetime, format_naive_date};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SvoReportPageView() -> impl IntoView {
    let query = use_query_map();
    let month = Memo::new(move |_| query.with(|q| q.get("month").unwrap_or_default()));
    let shown = Memo::new(move |_| query.with(|q| q.get("version").and_then(|v| v.parse::<i64>().ok())));
    let reload = RwSignal::new(0u32);
    // The version shown is part of the key: the page is drawn again when another one is chosen.
    let data = Resource::new(move || (month.get(), shown.get(), reload.get()), |(m, _, _)| load_svo_report(m));
    view! {
        <AppShell title="Ежемесячный отчёт СВО">
            <div class="page-head no-print">
                <div>
                    <a class="back" href="/reports">
                        "← Отчёты"
                    </a>
                    <h1>"Ежемесячный отчёт отдела СВО"</h1>
                </div>
            </div>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! { <Body page=page shown=shown reload=reload /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn Body(page: SvoReportPage, shown: Memo<Option<i64>>, reload: RwSignal<u32>) -> impl IntoView {
    let month = page.live.month;
    let latest = page.submissions.first().map(|s| s.version).unwrap_or(0);
    // A submitted report opens on its latest version; «По текущим данным» shows the live count.
    let version = shown.get_untracked().or((latest > 0).then_some(latest)).filter(|v| *v > 0);
    let submission = version.and_then(|v| page.submissions.iter().find(|s| s.version == v).cloned());
    let report = submission.as_ref().map(|s| s.report.clone()).unwrap_or_else(|| page.live.clone());
    let base = format!("/reports/svo?month={}", month.code());
    let xlsx = match &submission {
        Some(s) => format!("/reports/svo.xlsx?month={}&version={}", month.code(), s.version),
        None => format!("/reports/svo.xlsx?month={}", month.code()),
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let previous = month.previous();
    let next = month.next();
    let next_allowed = next <= Month::of(page.today);
    view! {
        <div class="card report-status no-print" class:late=page.overdue data-testid="report-due">
            <div class="report-months">
                <a class="btn btn-ghost" href=format!("/reports/svo?month={}", previous.code())>
                    {format!("← {}", previous.words())}
                </a>
                <strong>{month.words()}</strong>
                {next_allowed
                    .then(|| {
                        view! {
                            <a class="btn btn-ghost" href=format!("/reports/svo?month={}", next.code())>
                                {format!("{} →", next.words())}
                            </a>
                        }
                    })}
            </div>
            <p class="due" class:due-overdue=page.overdue>
                {page.due_words.clone()}
            </p>
            <div class="report-versions" data-testid="report-versions">
                {page
                    .submissions
                    .iter()
                    .map(|s| {
                        let current = Some(s.version) == version;
                        view! {
                            <a
                                class="chip"
                                class:chip-on=current
                                href=format!("{base}&version={}", s.version)
                                title=s.reason.clone()
                            >
                                {format!(
                                    "Версия {} — сдана {}, {}",
                                    s.version,
                                    format_datetime(s.submitted_at),
                                    s.submitted_by_name,
                                )}
                            </a>
                        }
                    })
                    .collect_view()}
                <a class="chip" class:chip-on=version.is_none() href=format!("{base}&version=0")>
                    "По текущим данным"
                </a>
            </div>
            <div class="actions">
                <a class="btn btn-secondary" href=xlsx rel="external" data-testid="report-xlsx">
                    "Скачать XLSX"
                </a>
                <button type="button" class="btn btn-secondary" on:click=print>
                    "Печать"
                </button>
            </div>
        </div>
        <Sheet report=report.clone() submission=submission.clone() />
        {(page.can_submit && version.is_none())
            .then(|| view! { <SubmitPanel month=month latest=latest reload=reload /> })}
        {(page.can_submit && version.is_some())
            .then(|| {
                view! {
                    <p class="muted no-print">
                        "Чтобы исправить сданный отчёт, откройте его «По текущим данным», проверьте и сдайте новую версию с причиной исправления."
                    </p>
                }
            })}
    }
}

/// The report as on paper.
#[component]
fn Sheet(report: SvoReport, submission: Option<SubmittedVersion>) -> impl IntoView {
    let state = match &submission {
        Some(s) => format!(
            "Версия {} сдана {} — {}{}",
            s.version,
            format_datetime(s.submitted_at),
            s.submitted_by_name,
            if s.reason.is_empty() { String::new() } else { format!(". Исправление: {}", s.reason) }
        ),
        None => format!("Не сдан. Подсчитано {} по данным Опоры", format_datetime(report.counted_at)),
    };
    view! {
        <article class="report-sheet" data-testid="svo-report">
            <header class="report-head">
                <p class="report-institution">
                    {INSTITUTION} <br />
                    "Отдел по работе с участниками СВО и членами их семей"
                </p>
                <h1 class="report-title">{report.title()}</h1>
                <p class="report-subtitle">
                    {format!(
                        "Период: {} — {}; шаги маршрутов на {}",
                        format_naive_date(report.month.first_day()),
                        format_naive_date(report.month.last_day()),
                        format_naive_date(report.counted_to),
                    )}
                </p>
                <p class="report-subtitle" data-testid="report-state">
                    {state}
                </p>
            </header>
            {report.all_tables().into_iter().map(|t| view! { <ReportTable table=t /> }).collect_view()}
            <div class="report-signatures">
                <p>"Заведующий отделением ______________________ / ______________________"</p>
                <p>"«____» ________________ 20____ г."</p>
            </div>
        </article>
    }
}

fn draft_key(month: Month) -> String {
    format!("svo-report-manual-{}", month.code())
}

/// The head's part: the figures Опора cannot know, the reason of a correction, «Сдать отчёт».
/// What is typed is kept on this device until the report is submitted.
#[component]
fn SubmitPanel(month: Month, latest: i64, reload: RwSignal<u32>) -> impl IntoView {
    let manual = RwSignal::new(blank_manual());
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let sending = RwSignal::new(false);
    let key = draft_key(month);
    let restore = key.clone();
    Effect::new(move |first: Option<()>| {
        if first.is_none() {
            if let Some((lines, why)) = load_draft::<(Vec<ManualFigure>, String)>(&restore) {
                manual.set(lines);
                reason.set(why);
            }
        }
    });
    let keep = key.clone();
    Effect::new(move |previous: Option<()>| {
        let now = (manual.get(), reason.get());
        if previous.is_some() {
            save_draft(&keep, &now);
        }
    });
    let submit_key = StoredValue::new(key);
    let navigate = leptos_router::hooks::use_navigate();
    let submit = move |_| {
        let navigate = navigate.clone();
        sending.set(true);
        message.set(None);
        let form = SubmitForm {
            month: month.code(),
            manual: manual.get_untracked(),
            reason: reason.get_untracked(),
            seen_version: latest,
        };
        leptos::task::spawn_local(async move {
            match submit_svo_report(form).await {
                Ok(version) => {
                    clear_draft(&submit_key.get_value());
                    errors.set(FieldErrors::new());
                    message.set(Some((true, format!("Отчёт сдан, версия {version}"))));
                    let target = format!("/reports/svo?month={}&version={version}", month.code());
                    navigate(&target, Default::default());
                    reload.update(|n| *n += 1);
                }
                Err(e) => {
                    if let Some(found) = e.field_errors() {
                        errors.set(found.clone());
                    }
                    message.set(Some((false, e.messages().join("; "))));
                }
            }
            sending.set(false);
        });
    };
    // The lines are fixed for the form's life: typing in one does not redraw the others.
    let lines = MANUAL_LINES.len();
    view! {
        <section class="card no-print submit-report" data-testid="report-submit">
            <h2>
                {if latest > 0 {
                    "Сдать исправленную версию"
                } else {
                    "Проверить и сдать"
                }}
            </h2>
            <p class="muted">
                "Цифры выше Опора посчитала сама. Ниже — то, чего в Опоре нет: заполните число и укажите, откуда оно. Пустая строка уйдёт как «—»."
            </p>
            <FormErrors errors=errors />
            {(0..lines)
                .map(|i| {
                    let label = MANUAL_LINES[i].to_string();
                    let value = FieldValue::new(
                        move || manual.with(|m| m.get(i).map(|l| l.value.clone()).unwrap_or_default()),
                        move |v| {
                            manual
                                .update(|m| {
                                    if let Some(l) = m.get_mut(i) {
                                        l.value = v;
                                    }
                                })
                        },
                    );
                    let note = FieldValue::new(
                        move || manual.with(|m| m.get(i).map(|l| l.note.clone()).unwrap_or_default()),
                        move |v| {
                            manual
                                .update(|m| {
                                    if let Some(l) = m.get_mut(i) {
                                        l.note = v;
                                    }
                                })
                        },
                    );
                    view! {
                        <div class="form-row manual-line">
                            <CompactInput
                                label=label
                                name=format!("manual.{i}.value")
                                value=value
                                inputmode="numeric"
                                errors=errors
                            />
                            <CompactInput
                                label="Источник"
                                name=format!("manual.{i}.note")
                                value=note
                                errors=errors
                            />
                        </div>
                    }
                })
                .collect_view()}
            {(latest > 0)
                .then(|| {
                    let why = FieldValue::new(move || reason.get(), move |v| reason.set(v));
                    view! {
                        <CompactInput
                            label="Что исправлено и почему"
                            name="reason"
                            value=why
                            errors=errors
                        />
                    }
                })}
            <div class="actions">
                <button type="button" class="btn btn-primary" on:click=submit disabled=move || sending.get()>
                    {move || if sending.get() { "Сдаём…" } else { "Сдать отчёт" }}
                </button>
                <span
                    role="status"
                    aria-live="polite"
                    class=move || match message.get() {
                        Some((true, _)) => "save-ok",
                        Some((false, _)) => "save-error",
                        None => "",
                    }
                >
                    {move || message.get().map(|(_, t)| t)}
                </span>
            </div>
        </section>
    }
}
