//! `/dashboard`: Monday morning at a glance — what is late and what falls due this week, and the
//! department's last 12 weeks as charts, each with its table one click away.

use super::api::load_dashboard;
use super::types::*;
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use leptos::prelude::*;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_dashboard());
    view! {
        <AppShell title="Сводка отдела">
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <Body dashboard=d /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn Body(dashboard: Dashboard) -> impl IntoView {
    view! {
        <div class="page-head">
            <div>
                <h1>"Сводка отдела"</h1>
                <p class="muted">{format!("на {}", dashboard.as_of)}</p>
            </div>
            <div class="actions">
                <a class="btn btn-secondary" href="/reports">
                    "Отчёты отдела"
                </a>
                <a class="btn btn-secondary" href="/reports/workload">
                    "Нагрузка и сроки"
                </a>
                <a class="btn btn-secondary" href="/board">
                    "Доска случаев"
                </a>
            </div>
        </div>
        <section class="card" data-testid="attention">
            <h2>"Требует внимания"</h2>
            <ul class="attention-list">
                {dashboard
                    .attention
                    .into_iter()
                    .map(|a| {
                        let class = match a.tone {
                            Tone::Late => "attention attention-late",
                            Tone::Soon => "attention attention-soon",
                            Tone::Calm => "attention attention-calm",
                        };
                        view! {
                            <li class=class>
                                <a href=a.href>
                                    <span class="attention-count">{a.count.to_string()}</span>
                                    <span>{a.label}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <div class="chart-grid">
            {dashboard.charts.into_iter().map(|c| view! { <ChartCard chart=c /> }).collect_view()}
        </div>
    }
}

#[component]
fn ChartCard(chart: Chart) -> impl IntoView {
    let data = chart.data;
    let legend = (data.series.len() > 1).then(|| {
        data.series
            .iter()
            .enumerate()
            .map(|(k, s)| {
                view! {
                    <span class="legend-item">
                        <span class="swatch" style=format!("background:{}", series_color(k))></span>
                        {s.name.clone()}
                    </span>
                }
            })
            .collect_view()
    });
    let totals = data.totals();
    let picture = if chart.svg.is_empty() {
        view! { <p class="muted">{data.empty.clone()}</p> }.into_any()
    } else {
        view! {
            <figure class="chart">
                <div class="chart-picture" inner_html=chart.svg></div>
                <figcaption class="chart-legend">{legend}</figcaption>
            </figure>
        }
        .into_any()
    };
    let table = if data.horizontal {
        view! {
            <table class="report-table">
                <thead>
                    <tr>
                        <th scope="col">"Куратор"</th>
                        <th scope="col">{data.series.first().map(|s| s.name.clone()).unwrap_or_default()}</th>
                    </tr>
                </thead>
                <tbody>
                    {data
                        .categories
                        .iter()
                        .zip(totals.iter())
                        .map(|(c, t)| {
                            view! {
                                <tr>
                                    <th scope="row">{c.clone()}</th>
                                    <td class="num">{t.to_string()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    } else {
        view! {
            <table class="report-table">
                <thead>
                    <tr>
                        <th scope="col">"Неделя с"</th>
                        {data.categories.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {data
                        .series
                        .iter()
                        .map(|s| {
                            view! {
                                <tr>
                                    <th scope="row">{s.name.clone()}</th>
                                    {s
                                        .values
                                        .iter()
                                        .map(|v| view! { <td class="num">{v.to_string()}</td> })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()} <tr class="total">
                        <th scope="row">"Всего"</th>
                        {totals.iter().map(|v| view! { <td class="num">{v.to_string()}</td> }).collect_view()}
                    </tr>
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="card chart-card" data-testid=format!("chart-{}", data.key)>
            <h2>{data.title.clone()}</h2>
            {picture}
            <details class="chart-table">
                <summary>"Таблица"</summary>
                <div class="table-wrap">{table}</div>
            </details>
        </section>
    }
}
