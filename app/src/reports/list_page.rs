//! `/reports`: every report the department owes with its period and due date — overdue ones
//! first and marked — and the ones already submitted, with who and when.

use super::api::load_reports;
use super::types::{OwedReport, ReportList};
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use crate::time::format_datetime;
use leptos::prelude::*;

#[component]
pub fn ReportListPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| load_reports());
    view! {
        <AppShell title="Отчёты">
            <div class="page-head">
                <div>
                    <h1>"Отчёты отдела"</h1>
                    <p class="muted">
                        "Что и к какому сроку отдел сдаёт. Цифры считаются по случаям и маршрутам в Опоре; заведующий проверяет, дополняет и сдаёт."
                    </p>
                </div>
            </div>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(l) => view! { <Lists list=l /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn Lists(list: ReportList) -> impl IntoView {
    view! {
        <section class="card" data-testid="reports-owed">
            <h2>"К сдаче"</h2>
            <ul class="report-list">
                {list.owed.into_iter().map(|r| view! { <ReportItem report=r /> }).collect_view()}
            </ul>
        </section>
        <section class="card" data-testid="reports-submitted">
            <h2>"Сданные"</h2>
            {if list.submitted.is_empty() {
                view! {
                    <p class="muted">
                        "За последний год отчёты в Опоре не сдавались."
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <ul class="report-list">
                        {list.submitted.into_iter().map(|r| view! { <ReportItem report=r /> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn ReportItem(report: OwedReport) -> impl IntoView {
    let submitted = report.submitted.clone().map(|(version, at, by)| {
        let version = if version > 1 { format!(", версия {version}") } else { String::new() };
        format!("Сдан {} — {by}{version}", format_datetime(at))
    });
    view! {
        <li class="report-item" class:late=report.overdue>
            <a class="report-item-link" href=report.href.clone()>
                <strong>{report.title.clone()}</strong>
                <span class="report-item-period">{format!("за {}", report.period)}</span>
            </a>
            <span class="due" class:due-overdue=report.overdue>
                {report.due_words.clone()}
            </span>
            {submitted.map(|s| view! { <span class="muted">{s}</span> })}
        </li>
    }
}
