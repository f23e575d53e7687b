//! `/journal/report?from=…&to=…`: the desk's report for a period — on screen, on A4 («Печать»)
//! and in XLSX with the same tables.

use super::api::dispatch_report;
use super::report::{DispatchReport, ReportQuery};
use crate::components::print::PaperActions;
use crate::components::report_table::ReportTable;
use crate::components::{ErrorNotice, Loading};
use crate::institution::INSTITUTION;
use crate::shell::frame::AppShell;
use crate::time::{format_datetime, format_iso_date};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DispatchReportPage() -> impl IntoView {
    let map = use_query_map();
    let query = Memo::new(move |_| {
        map.with(|m| ReportQuery { from: m.get("from").unwrap_or_default(), to: m.get("to").unwrap_or_default() })
    });
    let report = Resource::new(move || query.get(), dispatch_report);
    view! {
        <AppShell title="Отчёт диспетчерской">
            <div class="page-head no-print">
                <div>
                    <a class="back" href="/journal">
                        "← Журнал обращений"
                    </a>
                    <h1>"Отчёт службы «Семейная диспетчерская»"</h1>
                </div>
            </div>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(r) => view! { <ReportView report=r /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn ReportView(report: DispatchReport) -> impl IntoView {
    let from = format_iso_date(report.from);
    let to = format_iso_date(report.to);
    let xlsx = format!("/journal/report.xlsx?from={from}&to={to}");
    view! {
        <Form method="GET" action="/journal/report" attr:class="filters card no-print">
            <div class="filter-row">
                <label>"С " <input type="date" name="from" value=from.clone() /></label>
                <label>"по " <input type="date" name="to" value=to.clone() /></label>
                <button type="submit" class="btn btn-secondary">
                    "Показать"
                </button>
                <PaperActions xlsx=xlsx />
            </div>
        </Form>
        <article class="report-sheet" data-testid="dispatch-report">
            <header class="report-head">
                <p class="report-institution">{INSTITUTION}</p>
                <h1 class="report-title">{report.title()}</h1>
                <p class="report-subtitle">{format!("Обращений за период: {}", report.total)}</p>
            </header>
            {report.tables.iter().cloned().map(|t| view! { <ReportTable table=t /> }).collect_view()}
            <div class="report-signatures">
                <p>"Руководитель службы ______________________ / ______________________"</p>
                <p class="muted small">
                    {format!(
                        "Составлено в системе «Опора» {}",
                        format_datetime(report.prepared_at),
                    )}
                </p>
            </div>
        </article>
    }
}
