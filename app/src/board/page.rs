//! The board page (`/board`): filters kept in the URL, columns by stage, swimlanes by curator or
//! district, counts against the supervisor's limits, cards that move by mouse, finger or
//! keyboard, and live updates from everyone else's moves.

use super::api::load_board;
use super::grid::Board;
use super::types::*;
use crate::cases::api::{load_case_lists, CaseLists};
use crate::cases::types::Category;
use crate::components::filters::{FilterCheck, FilterSearch};
use crate::components::{ErrorNotice, Loading};
use crate::error::AppError;
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// The board filters from the page's URL.
fn query_from_url() -> Memo<BoardQuery> {
    let map = use_query_map();
    Memo::new(move |_| {
        map.with(|m| {
            let get = |k: &str| m.get(k).unwrap_or_default();
            BoardQuery {
                district: get("district"),
                curator: get("curator"),
                category: get("category"),
                overdue: get("overdue"),
                q: get("q"),
                lanes: get("lanes"),
            }
        })
    })
}

/// What the page's route puts above the board from other parts of the work (the urgent
/// services' deadlines); the board does not know them.
#[derive(Clone, Copy)]
pub struct BoardNotices(pub fn() -> AnyView);

#[component]
pub fn BoardPage(#[prop(optional)] notices: Option<BoardNotices>) -> impl IntoView {
    let query = query_from_url();
    let data = Resource::new(move || query.get(), load_board);
    let lists = Resource::new(|| (), |_| load_case_lists());
    let refresh = Callback::new(move |_: ()| data.refetch());
    view! {
        <AppShell title="Доска случаев">
            <crate::calendar::warning::CalendarWarning />
            {notices.map(|BoardNotices(notices)| notices())}
            <div class="page-head compact">
                <div>
                    <h1>"Доска случаев"</h1>
                    <p class="muted small">
                        "Перетащите карточку на другой этап или к другому специалисту. С клавиатуры: Enter на ручке ⠿, стрелки, Enter."
                    </p>
                </div>
                <div class="actions">
                    <a class="btn btn-primary" href="/cases/new">
                        "+ Новый случай"
                    </a>
                </div>
            </div>
            // Rebuilt when the URL changes (a workload link, «reset», back and forward).
            {move || {
                query.track();
                view! { <Filters query=query lists=lists /> }
            }}
            <Transition fallback=|| {
                view! { <Loading label="Загрузка доски…" /> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <Board data=data query=query.get_untracked() refresh=refresh /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn Filters(query: Memo<BoardQuery>, lists: Resource<Result<CaseLists, AppError>>) -> impl IntoView {
    let q = query.get_untracked();
    let select = crate::components::filters::filter_select;
    let categories: Vec<(String, String)> =
        Category::ALL.iter().map(|c| (c.code().to_string(), c.label().to_string())).collect();
    let lanes =
        vec![("curator".to_string(), "По кураторам".to_string()), ("district".to_string(), "По участкам".to_string())];
    let (district_now, curator_now) = (q.district.clone(), q.curator.clone());
    view! {
        <Form method="GET" action="/board" attr:class="filters card board-filters" attr:role="search">
            <div class="filter-row">
                <FilterSearch
                    name="q"
                    label="Поиск"
                    current=q.q.clone()
                    placeholder="Фамилия, адрес, телефон"
                />
                <Suspense fallback=|| ()>
                    {move || {
                        let (district_now, curator_now) = (district_now.clone(), curator_now.clone());
                        Suspend::new(async move {
                            let lists = lists
                                .await
                                .unwrap_or(CaseLists {
                                    staff: vec![],
                                    districts: vec![],
                                });
                            let districts = lists.districts.into_iter().map(|d| (d.id, d.name)).collect();
                            let mut curators = vec![(NO_LANE.to_string(), "Без куратора".to_string())];
                            curators.extend(lists.staff.into_iter().map(|s| (s.id, s.full_name)));
                            view! {
                                {select("district", "Участок", district_now, districts, "Все участки")}
                                {select("curator", "Куратор", curator_now, curators, "Все кураторы")}
                            }
                        })
                    }}
                </Suspense>
                {select("category", "Категория", q.category.clone(), categories, "Все категории")}
                {select("lanes", "Дорожки", q.lanes.clone(), lanes, "Без дорожек")}
                <FilterCheck name="overdue" label="Только просроченные" checked=q.overdue == "1" />
                <div class="filter-actions">
                    <button type="submit" class="btn btn-primary">
                        "Показать"
                    </button>
                    <a class="btn btn-ghost" href="/board">
                        "Сбросить"
                    </a>
                </div>
            </div>
        </Form>
    }
}
