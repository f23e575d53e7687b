//! The journal of applications (`/applications`): filters kept in the URL, newest first, with
//! print and XLSX export of what is filtered.

use super::api::{application_districts, list_applications};
use super::types::*;
use crate::components::filters::{filter_select, FilterDate, FilterSearch};
use crate::components::{ErrorNotice, Loading};
use crate::districts::filter::{DistrictFilter, DistrictsResource};
use crate::shell::frame::AppShell;
use crate::social_services::ServiceKind;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// The journal's filters from the page's URL.
pub fn query_from_url() -> Memo<ApplicationQuery> {
    let map = use_query_map();
    Memo::new(move |_| {
        map.with(|m| {
            let get = |k: &str| m.get(k).unwrap_or_default();
            ApplicationQuery {
                from: get("from"),
                to: get("to"),
                district: get("district"),
                service: get("service"),
                status: get("status"),
                q: get("q"),
            }
        })
    })
}

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let query = query_from_url();
    let page = Resource::new(move || query.get(), list_applications);
    let districts = Resource::new(|| (), |_| application_districts());
    view! {
        <AppShell title="Журнал регистрации заявлений">
            <div class="page-head">
                <div>
                    <h1>"Журнал регистрации заявлений"</h1>
                    <p class="muted">
                        "Заявления о предоставлении социального обслуживания"
                    </p>
                </div>
                <div class="actions">
                    <a class="btn btn-primary" href="/applications/new">
                        "+ Новое заявление"
                    </a>
                    <a
                        class="btn btn-secondary"
                        href=move || format!("/applications/print{}", query.get().to_query_string())
                    >
                        "Печать"
                    </a>
                    <a
                        class="btn btn-secondary"
                        download=""
                        href=move || format!("/applications/export.xlsx{}", query.get().to_query_string())
                    >
                        "Выгрузить в Excel"
                    </a>
                </div>
            </div>
            <Filters query=query districts=districts />
            <Transition fallback=|| {
                view! { <Loading label="Загрузка журнала…" /> }
            }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <Body page=page query=query.get_untracked() /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn Filters(query: Memo<ApplicationQuery>, districts: DistrictsResource) -> impl IntoView {
    let q = query.get_untracked();
    let services = ServiceKind::ALL.iter().map(|s| (s.code().to_string(), s.label().to_string())).collect();
    let statuses = vec![("open".to_string(), "Случай не открыт".to_string()), ("case".into(), "Есть случай".into())];
    view! {
        <Form method="GET" action="/applications" attr:class="filters card" attr:role="search">
            <div class="filter-row">
                <FilterSearch
                    name="q"
                    label="Поиск"
                    current=q.q.clone()
                    placeholder="ФИО гражданина, заявителя, члена семьи, адрес"
                    maxlength=200
                />
                <FilterDate name="from" label="С" current=q.from.clone() />
                <FilterDate name="to" label="По" current=q.to.clone() />
            </div>
            <div class="filter-row">
                {filter_select("service", "Вид услуг", q.service.clone(), services, "Все виды")}
                {filter_select("status", "Случай", q.status.clone(), statuses, "Все заявления")}
                <DistrictFilter districts=districts current=q.district.clone() />
            </div>
            <div class="filter-actions">
                <button type="submit" class="btn btn-primary">
                    "Найти"
                </button>
                <a class="btn btn-ghost" href="/applications">
                    "Сбросить"
                </a>
            </div>
        </Form>
    }
}

#[component]
fn Body(page: ApplicationPage, query: ApplicationQuery) -> impl IntoView {
    let shown = page.applications.len();
    let filtered = query != ApplicationQuery::default();
    view! {
        <div class="result-line" data-testid="applications-result">
            <span>
                {if shown == 0 {
                    "Заявлений не найдено".to_string()
                } else if page.more {
                    format!(
                        "Показаны последние {shown} — уточните период или условия",
                    )
                } else {
                    format!("Найдено заявлений: {shown}")
                }}
            </span>
        </div>
        {if page.applications.is_empty() {
            view! {
                <div class="empty">
                    <p>
                        {if filtered {
                            "По этим условиям заявлений нет. Измените фильтры или сбросьте их."
                        } else {
                            "Журнал пока пуст. Зарегистрируйте первое заявление."
                        }}
                    </p>
                </div>
            }
                .into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="journal-table applications-table">
                        <thead>
                            <tr>{super::COLUMNS.iter().map(|c| view! { <th scope="col">{*c}</th> }).collect_view()}</tr>
                        </thead>
                        <tbody>
                            {page
                                .applications
                                .into_iter()
                                .map(|a| view! { <ApplicationRow application=a /> })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
    }
}

#[component]
fn ApplicationRow(application: Application) -> impl IntoView {
    let a = application;
    let href = format!("/applications/{}", a.id);
    view! {
        <tr data-application=a.id.clone()>
            <td class="num" data-label="№">
                <a href=href.clone()>{a.number}</a>
            </td>
            <td class="when" data-label="Дата">
                {a.received_on.format("%d.%m.%Y").to_string()}
            </td>
            <td data-label="Заявитель">{a.applicant()}</td>
            <td data-label="Гражданин">
                <a class="row-link" href=href>
                    {a.citizen_name.clone()}
                </a>
            </td>
            <td data-label="Место жительства">
                {a.address.clone()} {a.district_name.clone().map(|d| view! { <div class="muted small">{d}</div> })}
            </td>
            <td data-label="Виды услуг">
                <div class="badges">
                    {a
                        .services
                        .iter()
                        .map(|s| view! { <span class="badge badge-topic">{s.label()}</span> })
                        .collect_view()}
                </div>
            </td>
            <td data-label="Принял(а)">{a.received_by_name.clone()}</td>
            <td data-label="Случай">
                {match (&a.case_id, &a.case_label) {
                    (Some(id), Some(label)) => view! { <a href=format!("/cases/{id}")>{label.clone()}</a> }.into_any(),
                    _ => view! { <span class="badge badge-open">"Случай не открыт"</span> }.into_any(),
                }}
            </td>
        </tr>
    }
}
