//! `/rental/report?from=…&to=…`: the rental point's report for a period — on screen, on A4
//! («Печать») and in XLSX with the same rows.

use super::api::rental_report;
use super::report::{RentalReport, ReportQuery, ReportRow, COLUMNS};
use crate::components::print::PaperActions;
use crate::components::{ErrorNotice, Loading};
use crate::institution::INSTITUTION;
use crate::shell::frame::AppShell;
use crate::time::{format_date, format_iso_date, format_naive_date};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RentalReportPage() -> impl IntoView {
    let map = use_query_map();
    let query = Memo::new(move |_| {
        map.with(|m| ReportQuery { from: m.get("from").unwrap_or_default(), to: m.get("to").unwrap_or_default() })
    });
    let report = Resource::new(move || query.get(), rental_report);
    view! {
        <AppShell title="Отчёт пункта проката">
            <div class="page-head no-print">
                <div>
                    <a class="back" href="/rental">
                        "← Пункт проката"
                    </a>
                    <h1>"Отчёт пункта проката"</h1>
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

fn figures(r: &ReportRow) -> [i64; 10] {
    [r.total, r.new, r.good, r.repair, r.written_off, r.issued, r.returned, r.on_hand, r.overdue, r.waiting]
}

#[component]
fn ReportView(report: RentalReport) -> impl IntoView {
    let from = format_iso_date(report.from);
    let to = format_iso_date(report.to);
    let xlsx = format!("/rental/report.xlsx?from={from}&to={to}");
    view! {
        <Form method="GET" action="/rental/report" attr:class="filters card no-print">
            <div class="filter-row">
                <label>"С " <input type="date" name="from" value=from.clone() /></label>
                <label>"по " <input type="date" name="to" value=to.clone() /></label>
                <button type="submit" class="btn btn-secondary">
                    "Показать"
                </button>
                <PaperActions xlsx=xlsx />
            </div>
        </Form>
        <article class="report-sheet" data-testid="rental-report">
            <p class="report-institution">{INSTITUTION}</p>
            <h2 class="report-title">
                {format!(
                    "Отчёт пункта проката технических средств реабилитации за {} — {}",
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
                                        <th scope="row">{r.kind.map(|k| k.label()).unwrap_or_default()}</th>
                                        {figures(r).iter().map(|n| view! { <td>{*n}</td> }).collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()} <tr class="total" data-testid="report-total">
                            <th scope="row">"Итого"</th>
                            {figures(&report.totals).iter().map(|n| view! { <td>{*n}</td> }).collect_view()}
                        </tr>
                    </tbody>
                </table>
            </div>
            <h3>
                {format!(
                    "Просрочен возврат на {}: {}",
                    format_naive_date(report.today),
                    report.overdue.len(),
                )}
            </h3>
            {if report.overdue.is_empty() {
                view! { <p class="muted">"Просроченных возвратов нет."</p> }.into_any()
            } else {
                view! {
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th>"Договор"</th>
                                <th>"Изделие"</th>
                                <th>"Получатель"</th>
                                <th>"Вернуть до"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {report
                                .overdue
                                .iter()
                                .map(|l| {
                                    view! {
                                        <tr>
                                            <td>{l.number.clone()}</td>
                                            <td>{l.item_title.clone()}</td>
                                            <td>{format!("{}, {}", l.person.full_name, l.person.address)}</td>
                                            <td>{format_naive_date(l.due_on)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
            <h3>{format!("Очередь: {}", report.waiting.len())}</h3>
            {if report.waiting.is_empty() {
                view! { <p class="muted">"Очереди нет."</p> }.into_any()
            } else {
                view! {
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th>"№"</th>
                                <th>"Вид"</th>
                                <th>"Кто ждёт"</th>
                                <th>"С какого числа"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {report
                                .waiting
                                .iter()
                                .enumerate()
                                .map(|(i, w)| {
                                    view! {
                                        <tr>
                                            <td>{i + 1}</td>
                                            <td>{w.kind.label()}</td>
                                            <td>{format!("{}, {}", w.person.full_name, w.person.address)}</td>
                                            <td>{format_date(w.since)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
            <div class="report-signatures">
                <p>"Заведующий отделением ____________ / ____________ /"</p>
                <p>"Ответственный за пункт проката ____________ / ____________ /"</p>
            </div>
        </article>
    }
}
