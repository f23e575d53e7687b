//! `/reports/workload`: «Нагрузка и сроки» for the weekly meeting — who carries how many open
//! cases and plan activities, what is already late and what falls due this week, by specialist
//! and by district; «Печать» gives it on A4 and «Скачать XLSX» the same tables.

use super::view::ReportPaper;
use super::workload::WorkloadReport;
use super::workload_api::load_workload;
use crate::components::counting::{ask_again_while_settling, ask_anew, Asked, CountingProgress, Recounting};
use crate::components::print::PaperActions;
use crate::components::{ErrorNotice, Loading};
use crate::counted::Counted;
use crate::shell::frame::AppShell;
use crate::time::format_datetime;
use leptos::prelude::*;

/// The department the report is made for.
pub const DEPARTMENT: &str = "Отделение социального сопровождения граждан";

#[component]
pub fn WorkloadPageView() -> impl IntoView {
    // Asked again while the figures are counted; «Пересчитать» asks for a new count.
    let asked: Asked = RwSignal::new((0, None));
    let data = Resource::new(move || asked.get(), |(_, ticket)| load_workload(ticket));
    view! {
        <AppShell title="Нагрузка и сроки">
            <div class="page-head no-print">
                <div>
                    <a class="back" href="/reports">
                        "← Отчёты"
                    </a>
                    <h1>"Нагрузка и сроки специалистов"</h1>
                    <p class="muted">
                        "Для еженедельной планёрки: открытые случаи и мероприятия планов у каждого специалиста и в каждом районе, что уже просрочено и что наступает на этой неделе."
                    </p>
                </div>
            </div>
            <Transition fallback=|| {
                view! { <Loading label="Считаем нагрузку…" /> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(counted) => {
                            ask_again_while_settling(&counted, asked);
                            match counted {
                                Counted::Ready { value, recounting, .. } => {
                                    view! { <Body report=value recounting asked /> }.into_any()
                                }
                                counting => {
                                    view! {
                                        <CountingProgress
                                            counted=counting
                                            what="Считаем нагрузку и сроки"
                                        />
                                    }
                                        .into_any()
                                }
                            }
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn Body(report: WorkloadReport, recounting: bool, asked: Asked) -> impl IntoView {
    let state = format!("Подсчитано {}", format_datetime(report.counted_at));
    view! {
        {recounting.then(|| view! { <Recounting /> })}
        <div class="card report-status no-print">
            <p class="muted">{state.clone()}</p>
            <div class="actions">
                <button type="button" class="btn btn-ghost" on:click=move |_| ask_anew(asked)>
                    "Пересчитать"
                </button>
                <PaperActions xlsx="/reports/workload.xlsx".to_string() />
            </div>
        </div>
        <ReportPaper
            department=DEPARTMENT
            title=report.title()
            subtitle=report.subtitle()
            state=state
            tables=report.tables
            testid="workload-report"
        />
    }
}
