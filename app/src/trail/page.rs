//! The audit page (`/audit`) for administrators and supervisors: who did what, when, from
//! where, with which record; filters in the URL; export of what is filtered.

use super::api::list_audit;
use super::{AuditAction, AuditPage, AuditQuery};
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use crate::time::format_datetime;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

fn query_from_url() -> Memo<AuditQuery> {
    let map = use_query_map();
    Memo::new(move |_| {
        map.with(|m| {
            let get = |k: &str| m.get(k).unwrap_or_default();
            AuditQuery {
                user: get("user"),
                record: get("record"),
                action: get("action"),
                from: get("from"),
                to: get("to"),
                before: get("before"),
            }
        })
    })
}

#[component]
pub fn AuditPageView() -> impl IntoView {
    let query = query_from_url();
    let page = Resource::new(move || query.get(), list_audit);
    view! {
        <AppShell title="Журнал аудита">
            <div class="page-head">
                <div>
                    <h1>"Журнал аудита"</h1>
                    <p class="muted">
                        "Входы, просмотры персональных данных, изменения и выгрузки. Записи не изменяются и не удаляются."
                    </p>
                </div>
                <div class="actions">
                    <a
                        class="btn btn-secondary"
                        download=""
                        href=move || format!("/audit/export.xlsx{}", query.get().first_page().to_query_string())
                    >
                        "Выгрузить в Excel"
                    </a>
                </div>
            </div>
            <Transition fallback=|| {
                view! { <Loading label="Загрузка журнала аудита…" /> }
            }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <AuditBody page=page query=query.get_untracked() /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn AuditBody(page: AuditPage, query: AuditQuery) -> impl IntoView {
    let AuditPage { entries, older, users } = page;
    let older_href =
        older.map(|cursor| format!("/audit{}", AuditQuery { before: cursor, ..query.clone() }.to_query_string()));
    let newest_href = (!query.before.is_empty()).then(|| format!("/audit{}", query.first_page().to_query_string()));
    let selected = |current: &str, value: &str| current == value;
    view! {
        <Form method="GET" action="/audit" attr:class="card filters">
            <div class="filter-row">
                <label class="filter">
                    <span>"Пользователь"</span>
                    <select name="user">
                        <option value="">"Все"</option>
                        {users
                            .into_iter()
                            .map(|(id, name)| {
                                let is = selected(&query.user, &id);
                                view! {
                                    <option value=id selected=is>
                                        {name}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="filter">
                    <span>"Действие"</span>
                    <select name="action">
                        <option value="">"Любое"</option>
                        {AuditAction::ALL
                            .iter()
                            .map(|a| {
                                let is = selected(&query.action, a.code());
                                view! {
                                    <option value=a.code() selected=is>
                                        {a.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="filter filter-search">
                    <span>"Запись"</span>
                    <input
                        type="search"
                        name="record"
                        value=query.record.clone()
                        placeholder="например: journal_entry:… или user:…"
                    />
                </label>
                <label class="filter">
                    <span>"С"</span>
                    <input type="date" name="from" value=query.from.clone() />
                </label>
                <label class="filter">
                    <span>"По"</span>
                    <input type="date" name="to" value=query.to.clone() />
                </label>
            </div>
            <div class="filter-buttons">
                <button type="submit" class="btn btn-primary">
                    "Найти"
                </button>
                <a class="btn btn-ghost" href="/audit">
                    "Сбросить"
                </a>
            </div>
        </Form>
        {if entries.is_empty() {
            view! {
                <p class="empty-state">
                    "За выбранный период и с такими условиями записей нет."
                </p>
            }
                .into_any()
        } else {
            view! {
                <div class="table-wrap card">
                    <table class="audit-table">
                        <thead>
                            <tr>
                                <th>"Когда"</th>
                                <th>"Кто"</th>
                                <th>"Действие"</th>
                                <th>"Запись"</th>
                                <th>"Описание"</th>
                                <th>"Адрес"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {entries
                                .into_iter()
                                .map(|e| {
                                    let action = e.action_label();
                                    let alarming = matches!(
                                        e.action.as_str(),
                                        "login_failed" | "account_locked" | "denied"
                                    );
                                    let record_href = e
                                        .record
                                        .clone()
                                        .map(|r| format!("/audit?record={}", crate::url::urlencode(&r)));
                                    view! {
                                        <tr class:alarm=alarming>
                                            <td class="when" data-label="Когда">
                                                {format_datetime(e.at)}
                                            </td>
                                            <td data-label="Кто">{e.user_name.clone()}</td>
                                            <td data-label="Действие">
                                                <span class="badge" class:badge-urgent=alarming>
                                                    {action}
                                                </span>
                                            </td>
                                            <td data-label="Запись" class="record">
                                                {e
                                                    .record
                                                    .clone()
                                                    .zip(record_href)
                                                    .map(|(r, href)| {
                                                        view! {
                                                            <a
                                                                href=href
                                                                title="Все действия с этой записью"
                                                            >
                                                                {r}
                                                            </a>
                                                        }
                                                    })}
                                            </td>
                                            <td data-label="Описание">
                                                {e.summary.clone()}
                                                {(!e.changes.is_empty())
                                                    .then(|| {
                                                        view! {
                                                            <ul class="audit-changes">
                                                                {e
                                                                    .changes
                                                                    .iter()
                                                                    .map(|c| {
                                                                        view! {
                                                                            <li>
                                                                                <strong>{c.label.clone()}</strong>
                                                                                ": «"
                                                                                {c.before.clone()}
                                                                                "» → «"
                                                                                {c.after.clone()}
                                                                                "»"
                                                                            </li>
                                                                        }
                                                                    })
                                                                    .collect_view()}
                                                            </ul>
                                                        }
                                                    })}
                                            </td>
                                            <td data-label="Адрес" class="muted">
                                                {e.ip.clone()}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        <nav class="pager" aria-label="Страницы журнала аудита">
            {newest_href
                .map(|href| {
                    view! {
                        <a class="btn btn-secondary" href=href>
                            "← К новым"
                        </a>
                    }
                })}
            {older_href
                .map(|href| {
                    view! {
                        <a class="btn btn-secondary" rel="next" href=href>
                            "Старее →"
                        </a>
                    }
                })}
        </nav>
    }
}
