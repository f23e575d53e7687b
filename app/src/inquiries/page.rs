//! `/inquiries`: the register of inter-agency requests — overdue ones first, then by the working
//! days left to the answer («осталось 3 р. д.», «просрочен на 2 р. д.»), then drafts and the
//! answered ones; filters by status, direction and words kept in the page's URL.

use super::api::list_inquiries;
use super::types::*;
use crate::components::filters::{filter_select, FilterSearch};
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use crate::time::format_naive_date;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// The register's filters from the page's URL.
fn query_from_url() -> Memo<InquiryQuery> {
    let map = use_query_map();
    Memo::new(move |_| {
        map.with(|m| InquiryQuery {
            status: m.get("status").unwrap_or_default(),
            direction: m.get("direction").unwrap_or_default(),
            q: m.get("q").unwrap_or_default(),
        })
    })
}

#[component]
pub fn InquiriesPage() -> impl IntoView {
    let query = query_from_url();
    let page = Resource::new(move || query.get(), list_inquiries);
    view! {
        <AppShell title="Межведомственные запросы">
            <div class="page-head">
                <div>
                    <h1>"Межведомственные запросы"</h1>
                    <p class="muted">
                        "Запросы учреждения в органы и организации и запросы к нам: суть, основания, срок ответа в рабочих днях."
                    </p>
                </div>
                <div class="actions">
                    <a class="btn btn-primary" href="/inquiries/new">
                        "+ Новый запрос"
                    </a>
                </div>
            </div>
            <Filters query=query />
            <Transition fallback=|| {
                view! { <Loading label="Загрузка реестра…" /> }
            }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => {
                            view! { <Register page=page filtered=query.get_untracked() != InquiryQuery::default() /> }
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
fn Filters(query: Memo<InquiryQuery>) -> impl IntoView {
    let q = query.get_untracked();
    let statuses = STATUS_FILTERS.iter().map(|(c, l)| (c.to_string(), l.to_string())).collect();
    let directions = vec![
        (Direction::Outgoing.code().to_string(), "Исходящие".to_string()),
        (Direction::Incoming.code().to_string(), "Входящие".to_string()),
    ];
    view! {
        <Form method="GET" action="/inquiries" attr:class="filters card" attr:role="search">
            <div class="filter-row">
                <FilterSearch
                    name="q"
                    label="Поиск"
                    current=q.q.clone()
                    placeholder="Орган, суть запроса, ФИО, номер"
                    maxlength=200
                />
                {filter_select("status", "Состояние", q.status.clone(), statuses, "Все запросы")}
                {filter_select(
                    "direction",
                    "Направление",
                    q.direction.clone(),
                    directions,
                    "Исходящие и входящие",
                )}
            </div>
            <div class="filter-actions">
                <button type="submit" class="btn btn-primary">
                    "Найти"
                </button>
                <a class="btn btn-ghost" href="/inquiries">
                    "Сбросить"
                </a>
            </div>
        </Form>
    }
}

#[component]
fn Register(page: InquiryPage, filtered: bool) -> impl IntoView {
    let shown = page.items.len();
    view! {
        <div class="result-line" data-testid="inquiries-result">
            <span>
                {match (shown, page.more) {
                    (0, _) => "Запросов не найдено".to_string(),
                    (n, true) => format!("Показаны последние {n} — уточните условия"),
                    (n, false) => format!("Запросов: {n}"),
                }}
            </span>
            {(page.overdue > 0)
                .then(|| {
                    view! {
                        <span class="badge badge-danger" data-testid="inquiries-overdue">
                            {format!("просрочено: {}", page.overdue)}
                        </span>
                    }
                })}
        </div>
        {if page.items.is_empty() {
            view! {
                <div class="empty">
                    <p>
                        {if filtered {
                            "По этим условиям запросов нет. Измените фильтры или сбросьте их."
                        } else {
                            "Запросов пока нет. Зарегистрируйте первый — из реестра или со страницы случая."
                        }}
                    </p>
                </div>
            }
                .into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="journal-table inquiries-table">
                        <thead>
                            <tr>
                                <th scope="col">"№"</th>
                                <th scope="col">"Орган, организация"</th>
                                <th scope="col">"Суть запроса"</th>
                                <th scope="col">"Кого касается"</th>
                                <th scope="col">"Отправлен"</th>
                                <th scope="col">"Срок ответа"</th>
                            </tr>
                        </thead>
                        <tbody>{page.items.into_iter().map(|i| view! { <RegisterRow item=i /> }).collect_view()}</tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
    }
}

#[component]
fn RegisterRow(item: InquirySummary) -> impl IntoView {
    let href = format!("/inquiries/{}", item.id);
    let whom = match (&item.person, &item.case_number) {
        (p, Some(n)) if !p.is_empty() => format!("{p} · случай № {n}"),
        (_, Some(n)) => format!("случай № {n}"),
        (p, None) => p.clone(),
    };
    let sent = match item.sent_on {
        Some(on) => {
            format!("{}{}", format_naive_date(on), item.way.map(|w| format!(", {}", w.phrase())).unwrap_or_default())
        }
        None => "—".into(),
    };
    view! {
        <tr
            data-inquiry=item.id.clone()
            class:overdue=item.standing.is_overdue()
            class:done=item.status == InquiryStatus::Answered
        >
            <td class="num" data-label="№">
                <a href=href.clone()>{item.label.clone()}</a>
                <div class="muted small">{item.direction.label()}</div>
            </td>
            <td data-label="Орган, организация">
                <a class="row-link" href=href>
                    {item.body.clone()}
                </a>
            </td>
            <td class="summary" data-label="Суть запроса">
                <div class="clamp">{item.essence.clone()}</div>
            </td>
            <td data-label="Кого касается">{if whom.is_empty() { "—".to_string() } else { whom }}</td>
            <td class="when" data-label="Отправлен">
                {sent}
            </td>
            <td class="when" data-label="Срок ответа">
                <div>{item.due_on.map(format_naive_date).unwrap_or_else(|| "—".into())}</div>
                <span class=item.standing.class() data-testid="inquiry-standing">
                    {match item.standing {
                        Standing::Draft => item.status_label().to_string(),
                        Standing::Answered { on } => format!("{} {}", item.status_label(), format_naive_date(on)),
                        other => other.text(),
                    }}
                </span>
            </td>
        </tr>
    }
}
