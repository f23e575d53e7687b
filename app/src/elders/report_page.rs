//! The quarterly plan and report of the «дворовый» service
//! (`/elders/report?quarter=2026-Q4&district=…`): a quarter and a district to choose (the
//! caseworker: her districts; the head: every district or the whole department), the tables of
//! the report, «Печать» for the paper form on A4 and the XLSX workbook with the same tables.

use super::report::*;
use super::report_api::service_report;
use crate::components::filters::filter_select;
use crate::components::print::PrintButton;
use crate::components::report_table::ReportTable;
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReportPageView() -> impl IntoView {
    let map = use_query_map();
    let query = Memo::new(move |_| {
        map.with(|m| ReportQuery {
            quarter: m.get("quarter").unwrap_or_default(),
            district: m.get("district").unwrap_or_default(),
        })
    });
    let report = Resource::new(move || query.get(), service_report);
    view! {
        <AppShell title="Квартальный отчёт 55+">
            <div class="page-head no-print">
                <div>
                    <a class="back" href="/elders">
                        "← Реестр 55+"
                    </a>
                    <p class="lead">
                        "План и отчёт службы за квартал — по участкам и по отделению. Для Депсоцразвития Югры: печать или Excel."
                    </p>
                </div>
                <div class="actions">
                    <PrintButton />
                    <a
                        class="btn btn-secondary"
                        download=""
                        rel="external"
                        href=move || format!("/elders/report.xlsx{}", query.get().to_query_string())
                    >
                        "Выгрузить в Excel"
                    </a>
                </div>
            </div>
            <Transition fallback=|| {
                view! { <Loading label="Подсчёт отчёта…" /> }
            }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(report) => view! { <Body report=report /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

/// The quarter and the district to report on.
#[component]
fn Chooser(report: QuarterReport) -> impl IntoView {
    let districts = report.districts.iter().map(|d| (d.id.clone(), d.name.clone())).collect();
    let everyone =
        if report.head { "Все участки — по отделению" } else { "Все мои участки" };
    view! {
        <Form method="GET" action="/elders/report" attr:class="filters card no-print report-chooser">
            <div class="filter-row">
                <label class="filter">
                    <span>"Квартал"</span>
                    <select name="quarter">
                        {report
                            .choices
                            .iter()
                            .map(|(code, words)| {
                                let selected = *code == report.quarter;
                                view! {
                                    <option value=code.clone() selected=selected>
                                        {words.clone()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                {filter_select("district", "Участок", report.district.clone(), districts, everyone)}
                <div class="filter-actions report-show">
                    <button type="submit" class="btn btn-primary">
                        "Показать"
                    </button>
                </div>
            </div>
        </Form>
    }
}

#[component]
fn Body(report: QuarterReport) -> impl IntoView {
    let tables = report.tables();
    let mut caseworkers: Vec<String> = Vec::new();
    for row in &report.figures.rows {
        for name in &row.caseworkers {
            if !caseworkers.contains(name) {
                caseworkers.push(name.clone());
            }
        }
    }
    if caseworkers.is_empty() {
        caseworkers.push(String::new());
    }
    let subtitle = format!(
        "Участки: {}. Период: {}{}",
        report.scope,
        report.period,
        if report.in_progress {
            format!(" (квартал не закончен, данные на {})", crate::time::format_naive_date(report.counted_to))
        } else {
            String::new()
        }
    );
    view! {
        <Chooser report=report.clone() />
        <article class="report-sheet" data-testid="report-sheet">
            <header class="report-head">
                <p class="report-institution">{crate::institution::INSTITUTION} <br /> {DEPARTMENT}</p>
                <h1 class="report-title">{report.title()}</h1>
                <p class="report-subtitle" data-testid="report-scope">
                    {subtitle}
                </p>
            </header>
            {tables.into_iter().map(|t| view! { <ReportTable table=t /> }).collect_view()}
            <div class="report-signatures">
                <p>"Заведующий отделением ______________________ / ______________________"</p>
                {caseworkers
                    .into_iter()
                    .map(|name| {
                        let who = if name.is_empty() { "______________________".to_string() } else { name };
                        view! {
                            <p>
                                {format!(
                                    "Специалист по работе с семьёй ______________________ / {who}",
                                )}
                            </p>
                        }
                    })
                    .collect_view()}
                <p>"«____» ________________ 20____ г."</p>
                <p class="muted small">
                    {format!(
                        "Составлено в системе «Опора» {}, {}",
                        crate::time::format_datetime(report.prepared_at),
                        report.prepared_by,
                    )}
                </p>
            </div>
        </article>
    }
}
