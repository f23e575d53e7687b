//! `/dashboard`: Monday morning at a glance — what is late and what falls due this week, and the
//! department's last 12 weeks as charts, each with its table one click away.

use super::api::load_dashboard;
use super::types::*;
use crate::components::counting::{ask_again_while_settling, Asked, CountingProgress, Recounting};
use crate::components::{ErrorNotice, Loading};
use crate::counted::Counted;
use crate::shell::frame::AppShell;
use leptos::prelude::*;

#[component]
pub fn DashboardPage() -> impl IntoView {
    // Asked again, with the answer's ticket, while the figures are being counted.
    let asked: Asked = RwSignal::new((0, None));
    let data = Resource::new(move || asked.get(), |(_, ticket)| load_dashboard(ticket));
    view! {
        <AppShell title="Сводка отдела">
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(counted) => {
                            ask_again_while_settling(&counted, asked);
                            match counted {
                                Counted::Ready { value, recounting, .. } => {
                                    view! { <Body dashboard=value recounting /> }.into_any()
                                }
                                counting => {
                                    view! {
                                        <h1>"Сводка отдела"</h1>
                                        <CountingProgress
                                            counted=counting
                                            what="Считаем сводку отдела"
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
fn Body(dashboard: Dashboard, recounting: bool) -> impl IntoView {
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
        {recounting.then(|| view! { <Recounting /> })}
        <AttentionList attention=dashboard.attention />
        <div class="chart-grid">
            {dashboard.charts.into_iter().map(|c| view! { <ChartCard chart=c /> }).collect_view()}
        </div>
    }
}

/// «Требует внимания»: each line how many, of what, and a link to where it is fixed.
#[component]
pub fn AttentionList(attention: Vec<Attention>) -> impl IntoView {
    view! {
        <section class="card" data-testid="attention">
            <h2>"Требует внимания"</h2>
            <ul class="attention-list">
                {attention
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
    }
}

/// A chart drawn on the server with its legend, and the table behind it one click away.
#[component]
pub fn ChartCard(chart: Chart) -> impl IntoView {
    let data = chart.data;
    let legend = (data.series.len() > 1).then(|| {
        data.series
            .iter()
            .enumerate()
            .map(|(k, s)| {
                view! {
                    <span class="legend-item">
                        <span class="swatch" style=format!("background:{}", series_color(data.color_of(k)))></span>
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
        // A row per category (a specialist, a district), a column per series and the total.
        let several = data.series.len() > 1;
        view! {
            <table class="report-table">
                <thead>
                    <tr>
                        <th scope="col">{data.axis.clone()}</th>
                        {data.series.iter().map(|s| view! { <th scope="col">{s.name.clone()}</th> }).collect_view()}
                        {several.then(|| view! { <th scope="col">"Всего"</th> })}
                    </tr>
                </thead>
                <tbody>
                    {data
                        .categories
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            view! {
                                <tr>
                                    <th scope="row">{c.clone()}</th>
                                    {data
                                        .series
                                        .iter()
                                        .map(|s| {
                                            view! {
                                                <td class="num">{s.values.get(i).copied().unwrap_or(0).to_string()}</td>
                                            }
                                        })
                                        .collect_view()}
                                    {several
                                        .then(|| {
                                            view! {
                                                <td class="num">{totals.get(i).copied().unwrap_or(0).to_string()}</td>
                                            }
                                        })}
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
                        <th scope="col">{data.axis.clone()}</th>
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
