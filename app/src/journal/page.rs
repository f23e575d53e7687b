//! The journal page (`/journal`): urgent appeals without a hand-off on top, filters kept in
//! the URL, newest entries first, paged, with print and XLSX export of what is filtered.

use super::api::{list_districts, list_journal};
use super::types::*;
use crate::components::{ErrorNotice, Loading};
use crate::districts::filter::{DistrictFilter, DistrictsResource};
use crate::phone::format_phone;
use crate::shell::frame::AppShell;
use crate::time::format_datetime;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// The journal filters from the page's URL.
pub fn query_from_url() -> Memo<JournalQuery> {
    let map = use_query_map();
    Memo::new(move |_| {
        map.with(|m| {
            let get = |k: &str| m.get(k).unwrap_or_default();
            JournalQuery {
                from: get("from"),
                to: get("to"),
                channel: get("channel"),
                topic: get("topic"),
                district: get("district"),
                urgent: get("urgent"),
                outcome: get("outcome"),
                q: get("q"),
                all: get("all"),
                older: get("older"),
                newer: get("newer"),
            }
        })
    })
}

#[component]
pub fn JournalPage() -> impl IntoView {
    let query = query_from_url();
    let map = use_query_map();
    let created = Memo::new(move |_| map.with(|m| m.get("created")));
    let page = Resource::new(move || query.get(), list_journal);
    let districts = Resource::new(|| (), |_| list_districts());
    view! {
        <AppShell title="Журнал обращений">
            <div class="page-head">
                <div>
                    <h1>"Журнал обращений"</h1>
                    <p class="muted">"Служба «Семейная диспетчерская»"</p>
                </div>
                <div class="actions">
                    <a class="btn btn-primary" href="/journal/new">
                        "+ Новое обращение"
                    </a>
                    <a
                        class="btn btn-secondary"
                        href=move || format!("/journal/print{}", query.get().first_page().to_query_string())
                    >
                        "Печать"
                    </a>
                    <a
                        class="btn btn-secondary"
                        download=""
                        href=move || format!("/journal/export.xlsx{}", query.get().first_page().to_query_string())
                    >
                        "Выгрузить в Excel"
                    </a>
                    <a class="btn btn-secondary" href="/journal/report">
                        "Отчёт службы"
                    </a>
                </div>
            </div>
            {move || {
                created
                    .get()
                    .map(|_| {
                        view! {
                            <div class="notice notice-success" role="status">
                                "Обращение зарегистрировано. Оно первое в списке."
                            </div>
                        }
                    })
            }}
            <Filters query=query districts=districts />
            <Transition fallback=|| {
                view! { <Loading label="Загрузка журнала…" /> }
            }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => {
                            view! {
                                <JournalBody page=page query=query.get_untracked() highlight=created.get_untracked() />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn Filters(query: Memo<JournalQuery>, districts: DistrictsResource) -> impl IntoView {
    let q = query.get_untracked();
    let select = crate::components::filters::filter_select;
    let channels = Channel::ALL.iter().map(|c| (c.code().to_string(), c.label().to_string())).collect();
    let topics = Topic::ALL.iter().map(|c| (c.code().to_string(), c.label().to_string())).collect();
    let mut outcomes: Vec<(String, String)> = vec![("open".into(), "Без итога (в работе)".into())];
    outcomes.extend(Outcome::ALL.iter().map(|c| (c.code().to_string(), c.label().to_string())));
    view! {
        <Form method="GET" action="/journal" attr:class="filters card" attr:role="search">
            <div class="filter-row">
                <label class="filter filter-search">
                    <span>"Поиск"</span>
                    <input
                        type="search"
                        name="q"
                        value=q.q.clone()
                        placeholder="ФИО, телефон, адрес, текст обращения или ответа"
                    />
                </label>
                <label class="filter">
                    <span>"С"</span>
                    <input type="date" name="from" value=q.from.clone() />
                </label>
                <label class="filter">
                    <span>"По"</span>
                    <input type="date" name="to" value=q.to.clone() />
                </label>
                {(q.all == "1").then(|| view! { <input type="hidden" name="all" value="1" /> })}
            </div>
            <div class="filter-row">
                {select("channel", "Канал", q.channel.clone(), channels, "Все каналы")}
                {select("topic", "Тема", q.topic.clone(), topics, "Все темы")}
                <DistrictFilter districts=districts current=q.district.clone() />
                {select("outcome", "Итог", q.outcome.clone(), outcomes, "Любой итог")}
                <label class="filter filter-check">
                    <input type="checkbox" name="urgent" value="1" checked=q.urgent == "1" />
                    <span>"Только срочные"</span>
                </label>
            </div>
            <div class="filter-actions">
                <button type="submit" class="btn btn-primary">
                    "Найти"
                </button>
                <a class="btn btn-ghost" href="/journal">
                    "Сбросить"
                </a>
            </div>
        </Form>
    }
}

#[component]
fn JournalBody(page: JournalPage, query: JournalQuery, highlight: Option<String>) -> impl IntoView {
    let shown = page.entries.len();
    let older = page
        .older_cursor
        .clone()
        .map(|c| JournalQuery { older: c, newer: String::new(), ..query.clone() }.to_query_string());
    let newer = page
        .newer_cursor
        .clone()
        .map(|c| JournalQuery { newer: c, older: String::new(), ..query.clone() }.to_query_string());
    let first = (!query.older.is_empty() || !query.newer.is_empty()).then(|| query.first_page().to_query_string());
    let pending = page.pending_urgent.clone();
    view! {
        {(!pending.is_empty())
            .then(|| {
                view! {
                    <section class="urgent-panel" aria-labelledby="urgent-title" data-testid="urgent-pending">
                        <h2 id="urgent-title">
                            "Срочные обращения без отметки о передаче: "
                            {pending.len()}
                        </h2>
                        <p>
                            "Угроза жизни или здоровью: обращение передаётся немедленно. Отметьте, куда, когда и кем оно передано."
                        </p>
                        <ul>
                            {pending
                                .into_iter()
                                .map(|e| {
                                    view! {
                                        <li>
                                            <a href=format!("/journal/{}#handoff", e.id) class="urgent-link">
                                                <span class="num">"№ "{e.number}</span>
                                                <span class="when">{format_datetime(e.received_at)}</span>
                                                <span class="what">{e.summary.clone()}</span>
                                                <span class="btn btn-danger btn-small">
                                                    "Отметить передачу"
                                                </span>
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })}
        <div class="result-line" data-testid="journal-result">
            <span>
                {if page.total == 0 {
                    "Записей не найдено".to_string()
                } else if page.total_capped {
                    format!("Найдено записей: более {}", thousands(COUNT_CAP))
                } else {
                    format!("Найдено записей: {}", page.total)
                }} {(shown > 0).then(|| format!(" · на странице {shown}"))}
                {page
                    .searched_from
                    .map(|from| {
                        let wider = JournalQuery {
                            all: "1".into(),
                            ..query.first_page()
                        }
                            .to_query_string();
                        view! {
                            " · поиск за последние "
                            {SEARCH_WINDOW_DAYS}
                            " дней, с "
                            {from.format("%d.%m.%Y").to_string()}
                            " · "
                            <a href=format!("/journal{wider}") data-testid="search-all-time">
                                "Искать за всё время"
                            </a>
                        }
                    })}
            </span>
        </div>
        {if page.entries.is_empty() {
            view! {
                <div class="empty">
                    <p>
                        {if query.is_filtered() {
                            "По этим условиям записей нет. Измените фильтры или сбросьте их."
                        } else {
                            "Журнал пока пуст. Зарегистрируйте первое обращение."
                        }}
                    </p>
                </div>
            }
                .into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="journal-table">
                        <thead>
                            <tr>{super::COLUMNS.iter().map(|c| view! { <th scope="col">{*c}</th> }).collect_view()}</tr>
                        </thead>
                        <tbody>
                            {page
                                .entries
                                .into_iter()
                                .map(|e| {
                                    let is_new = highlight.as_deref() == Some(e.id.as_str());
                                    view! { <EntryRow entry=e highlight=is_new /> }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        <nav class="pager" aria-label="Страницы журнала">
            {first
                .map(|href| {
                    view! {
                        <a class="btn btn-ghost" href=format!("/journal{href}")>
                            "« К новым"
                        </a>
                    }
                })}
            {newer
                .map(|href| {
                    view! {
                        <a class="btn btn-secondary" rel="prev" href=format!("/journal{href}")>
                            "← Новее"
                        </a>
                    }
                })}
            {older
                .map(|href| {
                    view! {
                        <a class="btn btn-secondary" rel="next" href=format!("/journal{href}")>
                            "Старее →"
                        </a>
                    }
                })}
        </nav>
    }
}

#[component]
fn EntryRow(entry: JournalEntry, highlight: bool) -> impl IntoView {
    let href = format!("/journal/{}", entry.id);
    let pending = entry.urgent_pending();
    let answer = entry.answer_column();
    let topics: Vec<&'static str> = entry.topics.iter().map(|t| t.label()).collect();
    view! {
        <tr class:urgent=entry.urgent class:pending=pending class:highlight=highlight data-entry=entry.id.clone()>
            <td class="num" data-label="№">
                <a href=href.clone()>{entry.number}</a>
            </td>
            <td class="when" data-label="Дата и время">
                {format_datetime(entry.received_at)}
            </td>
            <td data-label="ФИО">
                {match &entry.full_name {
                    Some(n) => view! { <span>{n.clone()}</span> }.into_any(),
                    None => view! { <span class="muted">"Аноним"</span> }.into_any(),
                }}
            </td>
            <td class="phone" data-label="Телефон">
                {entry.phone.as_deref().map(format_phone).unwrap_or_default()}
            </td>
            <td data-label="Место жительства">
                {entry.address.clone().unwrap_or_default()}
                {entry.district_name.clone().map(|d| view! { <div class="muted small">{d}</div> })}
            </td>
            <td class="summary" data-label="Обращение">
                <div class="badges">
                    {entry.urgent.then(|| view! { <span class="badge badge-urgent">"Срочное"</span> })}
                    <span class="badge">{entry.channel.label()}</span>
                    {topics.into_iter().map(|t| view! { <span class="badge badge-topic">{t}</span> }).collect_view()}
                </div>
                <a class="row-link" href=href>
                    {entry.summary.clone()}
                </a>
            </td>
            <td data-label="Ответ">
                {if answer.is_empty() {
                    view! { <span class="badge badge-open">"Ответ не записан"</span> }.into_any()
                } else {
                    view! { <span>{answer}</span> }.into_any()
                }}
            </td>
        </tr>
    }
}

/// «1 000»: digits in groups of three, as a count is read aloud.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(d);
    }
    out
}
