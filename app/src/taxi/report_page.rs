//! `/taxi/report?from=…&to=…`: the social taxi's counts for a period — requests by purpose and
//! how they ended, with a wheelchair and with an escort, the people carried — on screen and on
//! A4 («Печать»).

use super::api::period_counts;
use super::report::{ReportQuery, TaxiReport, COLUMNS};
use crate::components::print::PaperActions;
use crate::components::{ErrorNotice, Loading};
use crate::institution::INSTITUTION;
use crate::shell::frame::AppShell;
use crate::time::{format_iso_date, format_naive_date};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TaxiReportPage() -> impl IntoView {
    let map = use_query_map();
    let query = Memo::new(move |_| {
        map.with(|m| ReportQuery { from: m.get("from").unwrap_or_default(), to: m.get("to").unwrap_or_default() })
    });
    let report = Resource::new(move || query.get(), period_counts);
    view! {
        <AppShell title="Социальное такси — итоги">
            <div class="page-head no-print">
                <div>
                    <a class="back" href="/taxi">
                        "← Социальное такси"
                    </a>
                    <h1>"Социальное такси: итоги за период"</h1>
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
fn ReportView(report: TaxiReport) -> impl IntoView {
    let from = format_iso_date(report.from);
    let to = format_iso_date(report.to);
    view! {
        <Form method="GET" action="/taxi/report" attr:class="filters card no-print">
            <div class="filter-row">
                <label>"С " <input type="date" name="from" value=from.clone() /></label>
                <label>"по " <input type="date" name="to" value=to.clone() /></label>
                <button type="submit" class="btn btn-secondary">
                    "Показать"
                </button>
                <PaperActions xlsx=format!("/taxi/report.xlsx?from={from}&to={to}") />
            </div>
        </Form>
        <article class="report-sheet" data-testid="taxi-report">
            <p class="report-institution">{INSTITUTION}</p>
            <h2 class="report-title">
                {format!(
                    "Социальное такси: заявки за {} — {}",
                    format_naive_date(report.from),
                    format_naive_date(report.to),
                )}
            </h2>
            <div class="table-scroll">
                <table class="data-table report-table">
                    <thead>
                        <tr>{COLUMNS.iter().map(|c| view! { <th>{*c}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>
                        {report
                            .rows
                            .iter()
                            .map(|r| {
                                view! {
                                    <tr>
                                        <th scope="row">{r.purpose.map(|p| p.label()).unwrap_or_default()}</th>
                                        {r.figures().iter().map(|n| view! { <td>{*n}</td> }).collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()} <tr class="total" data-testid="report-total">
                            <th scope="row">"Итого"</th>
                            {report.totals.figures().iter().map(|n| view! { <td>{*n}</td> }).collect_view()}
                        </tr>
                    </tbody>
                </table>
            </div>
            <p data-testid="people-carried">
                {format!(
                    "Перевезено человек (выполненные поездки): {}",
                    report.people,
                )}
            </p>
            <p class="muted">
                "«С коляской» и «с сопровождением» — среди заявок, которые не отменены."
            </p>
            <div class="report-signatures">
                <p>"Заведующий отделением ____________ / ____________ /"</p>
            </div>
        </article>
    }
}
