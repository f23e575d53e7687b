//! The registry of people 55+ and disabled people (`/elders`): the caseworker's districts (the
//! head: all), the month's counter, the alerts for the head, filters kept in the URL.

use super::api::registry;
use super::types::*;
use super::widgets::{age_text, last_contact_text, AlertList, CallLinks, GroupBadges, MonthCounter};
use crate::components::filters::{filter_select, FilterCheck, FilterSearch};
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

fn query_from_url() -> Memo<RegistryQuery> {
    let map = use_query_map();
    Memo::new(move |_| {
        map.with(|m| {
            let get = |k: &str| m.get(k).unwrap_or_default();
            RegistryQuery {
                district: get("district"),
                group: get("group"),
                age: get("age"),
                disability: get("disability"),
                uncontacted: get("uncontacted"),
                q: get("q"),
                left: get("left"),
            }
        })
    })
}

#[component]
pub fn RegistryPageView() -> impl IntoView {
    let query = query_from_url();
    let page = Resource::new(move || query.get(), registry);
    view! {
        <AppShell title="Реестр 55+">
            <div class="page-head">
                <div>
                    <h1>"Реестр граждан 55+ и инвалидов"</h1>
                    <p class="muted">
                        "«Дворовый» социальный менеджмент: каждого — не реже раза в месяц"
                    </p>
                </div>
                <div class="actions">
                    <a class="btn btn-primary" href="/elders/round">
                        "Обход месяца: кому ещё не звонили"
                    </a>
                    <a class="btn btn-secondary" href="/elders/walk">
                        "Поквартирный обход"
                    </a>
                    <a class="btn btn-secondary" href="/elders/needs">
                        "Потребности в работе"
                    </a>
                    <a class="btn btn-secondary" href="/elders/events">
                        "Мероприятия и группы"
                    </a>
                    <a class="btn btn-secondary" href="/elders/report">
                        "Квартальный отчёт"
                    </a>
                    <a class="btn btn-secondary" href="/elders/new">
                        "+ Внести в реестр"
                    </a>
                    <a class="btn btn-secondary" href="/elders/import">
                        "Загрузить из Excel"
                    </a>
                    <a
                        class="btn btn-secondary"
                        download=""
                        rel="external"
                        href=move || format!("/elders/export.xlsx{}", query.get().to_query_string())
                    >
                        "Выгрузить в Excel"
                    </a>
                </div>
            </div>
            <Transition fallback=|| {
                view! { <Loading label="Загрузка реестра…" /> }
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
fn Filters(query: RegistryQuery, districts: Vec<crate::districts::DistrictOption>) -> impl IntoView {
    let groups = AttentionGroup::ALL.iter().map(|g| (g.code().to_string(), g.label().to_string())).collect();
    let ages = AgeBand::ALL.iter().map(|b| (b.code().to_string(), b.label().to_string())).collect();
    let mut disabilities =
        vec![("any".to_string(), "Все инвалиды".to_string()), ("none".into(), "Без инвалидности".into())];
    disabilities.extend(DisabilityGroup::ALL.iter().map(|d| (d.code().to_string(), d.label().to_string())));
    let district_options = districts.into_iter().map(|d| (d.id, d.name)).collect();
    let uncontacted = query.uncontacted == "1";
    let left = query.left == "1";
    view! {
        <Form method="GET" action="/elders" attr:class="filters card" attr:role="search">
            <div class="filter-row">
                <FilterSearch
                    name="q"
                    label="Поиск"
                    current=query.q.clone()
                    placeholder="ФИО, улица, дом"
                    maxlength=200
                />
                {filter_select(
                    "district",
                    "Участок",
                    query.district.clone(),
                    district_options,
                    "Все мои участки",
                )}
            </div>
            <div class="filter-row">
                {filter_select(
                    "group",
                    "Группа особого внимания",
                    query.group.clone(),
                    groups,
                    "Все",
                )} {filter_select("age", "Возраст", query.age.clone(), ages, "Любой")}
                {filter_select(
                    "disability",
                    "Инвалидность",
                    query.disability.clone(),
                    disabilities,
                    "Все",
                )}
            </div>
            <div class="filter-row">
                <FilterCheck
                    name="uncontacted"
                    label="Не было контакта в этом месяце"
                    checked=uncontacted
                />
                <FilterCheck name="left" label="Выбывшие из реестра" checked=left />
            </div>
            <div class="filter-actions">
                <button type="submit" class="btn btn-primary">
                    "Найти"
                </button>
                <a class="btn btn-ghost" href="/elders">
                    "Сбросить"
                </a>
            </div>
        </Form>
    }
}

#[component]
fn Body(page: RegistryPage, query: RegistryQuery) -> impl IntoView {
    let today = crate::time::local_today(chrono::Utc::now());
    let shown = page.people.len();
    let filtered = query != RegistryQuery::default();
    view! {
        <AlertList alerts=page.alerts can_acknowledge=page.can_acknowledge />
        <MonthCounter tallies=page.tallies month=page.month />
        <Filters query=query districts=page.districts />
        <div class="result-line" data-testid="elders-result">
            <span>
                {if shown == 0 {
                    "Никого не найдено".to_string()
                } else if page.more {
                    format!("Показаны первые {shown} — уточните условия")
                } else {
                    format!("Найдено: {shown}")
                }}
            </span>
        </div>
        {if page.people.is_empty() {
            view! {
                <div class="empty">
                    <p>
                        {if filtered {
                            "По этим условиям никого нет. Измените фильтры или сбросьте их."
                        } else {
                            "Реестр участка пока пуст. Внесите первого человека."
                        }}
                    </p>
                </div>
            }
                .into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="journal-table elders-table">
                        <thead>
                            <tr>
                                <th scope="col">"ФИО"</th>
                                <th scope="col">"Возраст"</th>
                                <th scope="col">"Адрес"</th>
                                <th scope="col">"Группы"</th>
                                <th scope="col">"Контакт"</th>
                                <th scope="col">"Телефон"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {page
                                .people
                                .into_iter()
                                .map(|p| {
                                    let reached = super::rules::contacted_this_month(p.last_contact_on, today);
                                    let (badge, said) = if reached {
                                        ("badge badge-ok", "в этом месяце был")
                                    } else {
                                        ("badge badge-open", "в этом месяце не было")
                                    };
                                    view! {
                                        <tr data-elder=p.id.clone()>
                                            <td data-label="ФИО">
                                                <a class="row-link" href=format!("/elders/{}", p.id)>
                                                    {p.full_name.clone()}
                                                </a>
                                            </td>
                                            <td data-label="Возраст">{age_text(p.birth_date, today)}</td>
                                            <td data-label="Адрес">
                                                {p.address.clone()}
                                                <div class="muted small">{p.district_name.clone()}</div>
                                            </td>
                                            <td data-label="Группы">
                                                <GroupBadges groups=p.groups.clone() disability=p.disability />
                                            </td>
                                            <td data-label="Контакт">
                                                <span class=badge>{said}</span>
                                                <div class="muted small">
                                                    {last_contact_text(p.last_contact_on, p.last_contact_way)}
                                                </div>
                                            </td>
                                            <td data-label="Телефон">
                                                <CallLinks phones=p.phones.clone() />
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
    }
}
