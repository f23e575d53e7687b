//! The board page (`/board`): filters kept in the URL, columns by stage, swimlanes by curator or
//! district, counts against the supervisor's limits, cards that move by mouse, finger or
//! keyboard, and live updates from everyone else's moves.

use super::api::{board_card, board_counts, load_board, load_cell, save_limits};
use super::model::BoardModel;
use super::types::*;
use crate::cases::api::{load_case_lists, move_case, CaseLists};
use crate::cases::stages::needs_comment;
use crate::cases::types::{Category, Stage, Urgency};
use crate::components::browser_only::BrowserOnly;
use crate::components::{ErrorNotice, Loading};
use crate::error::AppError;
use crate::shell::frame::AppShell;
use crate::time::format_naive_date;
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

#[component]
pub fn BoardPage() -> impl IntoView {
    let query = query_from_url();
    let data = Resource::new(move || query.get(), load_board);
    let lists = Resource::new(|| (), |_| load_case_lists());
    let refresh = Callback::new(move |_: ()| data.refetch());
    view! {
        <AppShell title="Доска случаев">
            <crate::calendar::warning::CalendarWarning />
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
                <label class="filter filter-search">
                    <span>"Поиск"</span>
                    <input
                        type="search"
                        name="q"
                        value=q.q.clone()
                        placeholder="Фамилия, адрес, телефон"
                    />
                </label>
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
                <label class="filter filter-check">
                    <input type="checkbox" name="overdue" value="1" checked=q.overdue == "1" />
                    <span>"Только просроченные"</span>
                </label>
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

/// A move waiting for its comment (going back, closing, reopening).
#[derive(Clone, PartialEq)]
struct PendingMove {
    card: Card,
    target: (String, Stage),
}

/// A card picked up with the keyboard, and the cell it would go to.
#[derive(Clone, PartialEq)]
struct KeyboardPick {
    id: String,
    target: (String, Stage),
}

#[derive(Clone, Copy, PartialEq)]
enum Live {
    Connecting,
    On,
    Lost,
}

/// Everything the cards and cells of one board share.
#[derive(Clone, Copy)]
struct BoardCtx {
    model: RwSignal<BoardModel>,
    query: StoredValue<BoardQuery>,
    toast: RwSignal<Option<String>>,
    announce: RwSignal<String>,
    pending_comment: RwSignal<Option<PendingMove>>,
    picked: RwSignal<Option<KeyboardPick>>,
    /// Cards whose move the server has not confirmed yet.
    moving: RwSignal<Vec<String>>,
}

impl BoardCtx {
    fn request_move(&self, id: &str, target: (String, Stage)) {
        let Some(card) = self.model.with_untracked(|m| m.find(id).cloned()) else { return };
        let mode = self.model.with_untracked(|m| m.lanes_mode);
        if card.stage == target.1 && card.lane(mode) == target.0 {
            return;
        }
        if card.stage != target.1 && needs_comment(card.stage, target.1) {
            self.pending_comment.set(Some(PendingMove { card, target }));
            return;
        }
        self.perform(card, target, String::new());
    }

    /// Moves the card at once on this board, asks the server, and puts the card back with the
    /// reason when the server refuses.
    fn perform(&self, card: Card, target: (String, Stage), comment: String) {
        let ctx = *self;
        let mode = self.model.with_untracked(|m| m.lanes_mode);
        let (lane, stage) = target;
        let from_lane = card.lane(mode);
        let request = MoveRequest {
            id: card.id.clone(),
            version: card.version,
            to_stage: stage.code().to_string(),
            to_curator: (mode == Lanes::Curator && lane != from_lane).then(|| lane.clone()),
            to_district: (mode == Lanes::District && lane != from_lane).then(|| lane.clone()),
            comment,
        };
        self.model.update(|m| {
            m.take(&card.id);
            let moved = m.moved(&card, &lane, stage);
            m.place(moved);
        });
        self.moving.update(|ids| ids.push(card.id.clone()));
        self.toast.set(None);
        leptos::task::spawn_local(async move {
            let id = card.id.clone();
            let result = move_case(request).await;
            if ctx.moving.try_update(|ids| ids.retain(|x| *x != id)).is_none() {
                return; // the board was rebuilt meanwhile
            }
            match result {
                Ok(updated) => {
                    ctx.announce.set(format!("Случай № {} — этап «{}»", updated.number, updated.stage.label()));
                    ctx.model.update(|m| m.update(&id, Some(updated)));
                }
                Err(error) => {
                    ctx.model.update(|m| {
                        m.take(&id);
                        m.place(card.clone());
                    });
                    let conflict = matches!(error, AppError::Conflict(_));
                    let reason = match error {
                        AppError::Validation(errors) => {
                            errors.get("move").map(str::to_string).unwrap_or_else(|| "проверьте данные случая".into())
                        }
                        other => other.to_string(),
                    };
                    ctx.toast.set(Some(format!("Случай № {} не перемещён. {reason}", card.number)));
                    ctx.announce.set(format!("Перемещение отклонено: {reason}"));
                    if conflict {
                        // Shows the card as it is now (unless the board was rebuilt meanwhile).
                        if let Some(query) = ctx.query.try_get_value() {
                            if let Ok(current) = board_card(query, id.clone()).await {
                                ctx.model.try_update(|m| m.update(&id, current));
                            }
                        }
                    }
                }
            }
            super::dnd::focus_card(&id);
        });
    }

    /// A live change from someone else: the card as this board shows it now.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn refresh_card(&self, id: String, version: i64) {
        if self.model.with_untracked(|m| m.find(&id).is_some_and(|c| c.version >= version)) {
            return;
        }
        if self.moving.with_untracked(|ids| ids.contains(&id)) {
            return;
        }
        let ctx = *self;
        let known = self.model.with_untracked(|m| m.find(&id).is_some());
        leptos::task::spawn_local(async move {
            let Some(query) = ctx.query.try_get_value() else { return };
            if let Ok(card) = board_card(query.clone(), id.clone()).await {
                ctx.model.try_update(|m| m.update(&id, card));
            }
            // A card this board had not loaded: only the server knows which cells it left.
            if !known {
                if let Ok(counts) = board_counts(query).await {
                    ctx.model.try_update(|m| m.set_counts(&counts));
                }
            }
        });
    }
}

/// Follows the server's event stream of case changes, reconnecting by itself.
fn follow_live(ctx: BoardCtx, live: RwSignal<Live>, refresh: Callback<()>) {
    Effect::new(move |_| {
        #[cfg(target_arch = "wasm32")]
        {
            use std::cell::Cell;
            use std::rc::Rc;
            use wasm_bindgen::closure::Closure;
            use wasm_bindgen::JsCast;

            #[derive(serde::Deserialize)]
            struct Change {
                id: String,
                version: i64,
            }
            let current: Rc<std::cell::RefCell<Option<web_sys::EventSource>>> = Rc::default();
            let seen_ready = Rc::new(Cell::new(false));
            let connect: Rc<dyn Fn()> = {
                let current = current.clone();
                Rc::new(move || {
                    let Ok(source) = web_sys::EventSource::new("/events/cases") else {
                        live.set(Live::Lost);
                        return;
                    };
                    let seen = seen_ready.clone();
                    let on_ready = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_| {
                        live.set(Live::On);
                        // A reconnection may have missed changes: the board is read again.
                        if seen.replace(true) {
                            refresh.run(());
                        }
                    });
                    let on_case = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                        if let Some(text) = ev.data().as_string() {
                            if let Ok(change) = serde_json::from_str::<Change>(&text) {
                                ctx.refresh_card(change.id, change.version);
                            }
                        }
                    });
                    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| live.set(Live::Lost));
                    let _ = source.add_event_listener_with_callback("ready", on_ready.as_ref().unchecked_ref());
                    let _ = source.add_event_listener_with_callback("case", on_case.as_ref().unchecked_ref());
                    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
                    on_ready.forget();
                    on_case.forget();
                    on_error.forget();
                    *current.borrow_mut() = Some(source);
                })
            };
            connect();
            // The browser reconnects by itself after a dropped connection; after a refused one
            // (a server restart mid-handshake) it gives up, and this starts it again.
            let watchdog = {
                let current = current.clone();
                let connect = connect.clone();
                Closure::<dyn Fn()>::new(move || {
                    let closed =
                        current.borrow().as_ref().is_none_or(|s| s.ready_state() == web_sys::EventSource::CLOSED);
                    if closed {
                        connect();
                    }
                })
            };
            let timer = web_sys::window().and_then(|w| {
                w.set_interval_with_callback_and_timeout_and_arguments_0(watchdog.as_ref().unchecked_ref(), 3000).ok()
            });
            watchdog.forget();
            let handle = StoredValue::new_local((current, timer));
            on_cleanup(move || {
                handle.with_value(|(current, timer)| {
                    if let Some(source) = current.borrow_mut().take() {
                        source.close();
                    }
                    if let (Some(window), Some(timer)) = (web_sys::window(), timer) {
                        window.clear_interval_with_handle(*timer);
                    }
                });
            });
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (ctx, live, refresh);
    });
}

#[component]
fn Board(data: BoardData, query: BoardQuery, refresh: Callback<()>) -> impl IntoView {
    let mode = query.lanes();
    let ctx = BoardCtx {
        model: RwSignal::new(BoardModel::new(data.clone(), mode)),
        query: StoredValue::new(query.clone()),
        toast: RwSignal::new(None),
        announce: RwSignal::new(String::new()),
        pending_comment: RwSignal::new(None),
        picked: RwSignal::new(None),
        moving: RwSignal::new(vec![]),
    };
    provide_context(ctx);
    let live = RwSignal::new(Live::Connecting);
    follow_live(ctx, live, refresh);
    let dragger = BrowserOnly::<super::dnd::Dragger>::new();
    provide_context(dragger);

    let total = Memo::new(move |_| ctx.model.with(|m| m.total()));
    let overdue = data.overdue;
    let lanes = Memo::new(move |_| ctx.model.with(|m| m.data.lanes.clone()));
    let show_lanes = mode != Lanes::None;
    view! {
        <div class="board-bar">
            <span class="board-total" data-testid="board-total">
                "На доске: "
                {move || total.get()}
            </span>
            {(overdue > 0)
                .then(|| {
                    view! {
                        <span class="board-overdue" data-testid="board-overdue">
                            "Со сроком, который истёк: "
                            {overdue}
                        </span>
                    }
                })}
            {data.can_set_limits.then(|| view! { <LimitsEditor data=data.clone() refresh=refresh /> })}
            <span
                class="live"
                class:live-on=move || live.get() == Live::On
                class:live-lost=move || live.get() == Live::Lost
                data-testid="live-status"
            >
                {move || match live.get() {
                    Live::On => "● Обновляется вживую",
                    Live::Connecting => "○ Подключение…",
                    Live::Lost => "○ Нет связи — переподключение…",
                }}
            </span>
        </div>
        <Workload data=data.clone() query=query.clone() />
        <div class="sr-only" role="status" aria-live="assertive" data-testid="board-announce">
            {move || ctx.announce.get()}
        </div>
        <div class="board-scroll">
            <div class="board-grid" class:with-lanes=show_lanes style=format!("--columns: {}", Stage::ALL.len())>
                {Stage::ALL.iter().copied().map(|stage| view! { <ColumnHead stage=stage /> }).collect_view()}
                <For each=move || lanes.get() key=|lane| lane.key.clone() let:lane>
                    <LaneRow lane=lane show_head=show_lanes />
                </For>
            </div>
        </div>
        {move || {
            (total.get() == 0)
                .then(|| {
                    view! {
                        <div class="empty">
                            {if query.is_filtered() {
                                "По этим условиям случаев нет. Измените фильтры или сбросьте их."
                            } else {
                                "Случаев пока нет. Откройте первый — из журнала обращений или кнопкой «Новый случай»."
                            }}
                        </div>
                    }
                })
        }}
        {move || {
            ctx.toast
                .get()
                .map(|message| {
                    view! {
                        <div class="toast" role="alert" data-testid="board-toast">
                            <span>{message}</span>
                            <button type="button" class="btn btn-ghost btn-small" on:click=move |_| ctx.toast.set(None)>
                                "Закрыть"
                            </button>
                        </div>
                    }
                })
        }}
        <CommentDialog />
    }
}

#[component]
fn ColumnHead(stage: Stage) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let count = Memo::new(move |_| ctx.model.with(|m| m.column_count(stage)));
    let limit = ctx.model.with_untracked(|m| m.data.columns.iter().find(|c| c.stage == stage).and_then(|c| c.limit));
    let over = move || limit.is_some_and(|l| count.get() > u64::from(l));
    view! {
        <div class="column-head" class:over-limit=over data-column=stage.code()>
            <span class="column-title">{stage.short_label()}</span>
            <span class="column-count" title="Случаев на этапе">
                {move || count.get()}
                {limit.map(|l| format!(" / {l}"))}
            </span>
            {move || over().then(|| view! { <span class="limit-flag">"сверх лимита"</span> })}
            {(stage == Stage::Closed)
                .then(|| view! { <span class="column-note">{format!("за {CLOSED_DAYS} дней")}</span> })}
        </div>
    }
}

/// Loads the cards of every cell of a lane that has none loaded yet.
fn open_lane(ctx: BoardCtx, lane: String) {
    let waiting: Vec<Stage> = ctx.model.with_untracked(|m| {
        m.data.cells.iter().filter(|c| c.lane == lane && c.cards.is_empty() && c.count > 0).map(|c| c.stage).collect()
    });
    leptos::task::spawn_local(async move {
        for stage in waiting {
            let Some(query) = ctx.query.try_get_value() else { return };
            let request = CellRequest { lane: lane.clone(), stage: stage.code().to_string(), after: String::new() };
            if let Ok(page) = load_cell(query, request).await {
                ctx.model.try_update(|m| m.append(&lane, stage, page));
            }
        }
    });
}

#[component]
fn LaneRow(lane: Lane, show_head: bool) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let key = lane.key.clone();
    let open = Memo::new(move |_| ctx.model.with(|m| m.lane_open(&key)));
    let key = lane.key.clone();
    let closed = Memo::new(move |_| {
        ctx.model.with(|m| {
            let cells: Vec<&Cell> = m.data.cells.iter().filter(|c| c.lane == key && c.count > 0).collect();
            !cells.is_empty() && cells.iter().all(|c| c.cards.is_empty())
        })
    });
    let key_for_open = lane.key.clone();
    let limit = lane.limit;
    let over = move || limit.is_some_and(|l| open.get() > u64::from(l));
    let lane_key = lane.key.clone();
    view! {
        {show_head
            .then(|| {
                view! {
                    <div class="lane-head" class:over-limit=over data-lane-head=lane.key.clone()>
                        <strong>{lane.title.clone()}</strong>
                        <span class="lane-count">
                            "в работе: " {move || open.get()} {limit.map(|l| format!(" из {l}"))}
                        </span>
                        {move || over().then(|| view! { <span class="limit-flag">"сверх лимита"</span> })}
                        {move || {
                            closed
                                .get()
                                .then(|| {
                                    let key = key_for_open.clone();
                                    view! {
                                        <button
                                            type="button"
                                            class="btn btn-secondary btn-small"
                                            on:click=move |_| open_lane(ctx, key.clone())
                                        >
                                            "Показать карточки"
                                        </button>
                                    }
                                })
                        }}
                    </div>
                }
            })}
        {Stage::ALL
            .iter()
            .copied()
            .map(|stage| view! { <CellView lane=lane_key.clone() stage=stage /> })
            .collect_view()}
    }
}

#[component]
fn CellView(lane: String, stage: Stage) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let lane_for_memo = lane.clone();
    let cell = Memo::new(move |_| ctx.model.with(|m| m.cell(&lane_for_memo, stage).cloned()));
    let loading = RwSignal::new(false);
    let lane_for_more = lane.clone();
    let load_more = move || {
        let Some(after) = cell.with_untracked(|c| c.as_ref().and_then(|c| c.next.clone())) else { return };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        let lane = lane_for_more.clone();
        leptos::task::spawn_local(async move {
            let request = CellRequest { lane: lane.clone(), stage: stage.code().to_string(), after };
            let Some(query) = ctx.query.try_get_value() else { return };
            match load_cell(query, request).await {
                Ok(page) => {
                    ctx.model.try_update(|m| m.append(&lane, stage, page));
                }
                Err(e) => {
                    ctx.toast.try_set(Some(format!("Не удалось загрузить карточки: {e}")));
                }
            }
            loading.try_set(false);
        });
    };
    let load_on_scroll = load_more.clone();
    let lane_for_pick = lane.clone();
    let keyboard_target =
        move || ctx.picked.with(|p| p.as_ref().is_some_and(|p| p.target.0 == lane_for_pick && p.target.1 == stage));
    view! {
        <div
            class="cell"
            class:drop-over=keyboard_target
            class:closed-cell=stage == Stage::Closed
            data-drop="true"
            data-lane=lane.clone()
            data-stage=stage.code()
            on:scroll=move |ev| {
                use wasm_bindgen::JsCast;
                if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    if el.scroll_top() + el.client_height() + 200 >= el.scroll_height() {
                        load_on_scroll();
                    }
                }
            }
        >
            <For
                each=move || cell.get().map(|c| c.cards).unwrap_or_default()
                key=|card| (card.id.clone(), card.version, card.stage, card.curator_id.clone())
                let:card
            >
                <CardView card=card />
            </For>
            {move || {
                cell.get()
                    .filter(|c| c.next.is_some())
                    .map(|c| {
                        let load_more = load_more.clone();
                        view! {
                            <button type="button" class="btn btn-ghost btn-small more" on:click=move |_| load_more()>
                                {move || match (loading.get(), c.cards.is_empty()) {
                                    (true, _) => "Загрузка…".to_string(),
                                    (false, true) => format!("Показать ({})", c.count),
                                    (false, false) => {
                                        format!(
                                            "Показать ещё ({})",
                                            c.count.saturating_sub(c.cards.len() as u64),
                                        )
                                    }
                                }}
                            </button>
                        }
                    })
            }}
        </div>
    }
}

#[component]
fn CardView(card: Card) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let dragger = expect_context::<BrowserOnly<super::dnd::Dragger>>();
    let can_move = ctx.model.with_untracked(|m| m.data.can_move);
    let id = card.id.clone();
    let href = format!("/cases/{}", card.id);
    let urgency = card.urgency;
    let pending = {
        let id = id.clone();
        move || ctx.moving.with(|ids| ids.contains(&id))
    };
    let picked = {
        let id = id.clone();
        Signal::derive(move || ctx.picked.with(|p| p.as_ref().is_some_and(|p| p.id == id)))
    };
    let (id_down, id_key) = (id.clone(), id.clone());
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        let mode = ctx.model.with_untracked(|m| m.lanes_mode);
        let current = ctx.picked.get_untracked().filter(|p| p.id == id_key);
        match (key.as_str(), current) {
            ("Enter" | " ", None) => {
                ev.prevent_default();
                let Some(card) = ctx.model.with_untracked(|m| m.find(&id_key).cloned()) else { return };
                ctx.picked.set(Some(KeyboardPick { id: id_key.clone(), target: (card.lane(mode), card.stage) }));
                ctx.announce.set(format!(
                    "Случай № {} взят. Стрелки влево и вправо — этап{}, Enter — положить, Escape — отмена.",
                    card.number,
                    if mode == Lanes::None { "" } else { ", вверх и вниз — дорожка" }
                ));
            }
            ("Enter" | " ", Some(pick)) => {
                ev.prevent_default();
                ctx.picked.set(None);
                ctx.request_move(&id_key, pick.target);
            }
            ("Escape", Some(_)) => {
                ev.prevent_default();
                ctx.picked.set(None);
                ctx.announce.set("Перемещение отменено".into());
            }
            ("ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown", Some(pick)) => {
                ev.prevent_default();
                let (d_lane, d_stage) = match key.as_str() {
                    "ArrowLeft" => (0, -1),
                    "ArrowRight" => (0, 1),
                    "ArrowUp" => (-1, 0),
                    _ => (1, 0),
                };
                let target = ctx.model.with_untracked(|m| m.neighbour(&pick.target.0, pick.target.1, d_lane, d_stage));
                let lane_title = ctx.model.with_untracked(|m| {
                    m.data.lanes.iter().find(|l| l.key == target.0).map(|l| l.title.clone()).unwrap_or_default()
                });
                ctx.announce.set(if mode == Lanes::None {
                    format!("Этап «{}»", target.1.label())
                } else {
                    format!("Этап «{}», {}", target.1.label(), lane_title)
                });
                ctx.picked.set(Some(KeyboardPick { id: pick.id, target }));
            }
            _ => {}
        }
    };
    let categories: Vec<Category> = card.categories.iter().copied().take(3).collect();
    let more_categories = card.categories.len().saturating_sub(3);
    view! {
        <article
            class="case-card"
            class:overdue=urgency == Some(Urgency::Overdue)
            class:due-soon=matches!(urgency, Some(Urgency::Soon) | Some(Urgency::Today))
            class:pending=pending
            class:picked=picked
            data-case=card.id.clone()
            data-version=card.version
            on:pointerdown=move |ev| {
                if can_move {
                    dragger.with(|d| d.down(&ev, &id_down));
                }
            }
            on:pointermove=move |ev| {
                dragger.with(|d| d.moved(&ev));
            }
            on:pointerup=move |ev| {
                if let Some((id, target)) = dragger.with(|d| d.up(&ev)).flatten() {
                    ctx.request_move(&id, (target.lane, target.stage));
                }
            }
            on:pointercancel=move |_| {
                dragger.with(|d| d.cancel());
            }
            on:click=move |ev| {
                if dragger.with(|d| d.swallow_click()).unwrap_or(false) {
                    ev.prevent_default();
                }
            }
        >
            <div class="card-top">
                <span class="card-number">"№ " {card.number.clone()}</span>
                {card.district_short.clone().map(|d| view! { <span class="card-district">{d}</span> })}
                {can_move
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="drag-handle"
                                aria-label=format!(
                                    "Переместить случай № {} «{}»",
                                    card.number,
                                    card.title,
                                )
                                aria-pressed=move || if picked.get() { "true" } else { "false" }
                                on:keydown=on_key
                            >
                                "⠿"
                            </button>
                        }
                    })}
            </div>
            <a class="card-title" href=href draggable="false">
                {card.title.clone()}
            </a>
            {(!categories.is_empty())
                .then(|| {
                    view! {
                        <div class="badges">
                            {categories
                                .into_iter()
                                .map(|c| view! { <span class="badge badge-topic">{c.label()}</span> })
                                .collect_view()}
                            {(more_categories > 0)
                                .then(|| view! { <span class="badge">{format!("+{more_categories}")}</span> })}
                        </div>
                    }
                })}
            {card
                .route
                .map(|r| {
                    let next = r
                        .next_due
                        .map(|d| format!(" · след. срок {}", format_naive_date(d)))
                        .unwrap_or_default();
                    view! {
                        <div
                            class="card-route"
                            data-testid="route-progress"
                            title="Маршрут сопровождения: выполнено мероприятий из всех"
                        >
                            <span class="route-bar">
                                <span style=format!("width:{}%", r.done * 100 / r.total.max(1))></span>
                            </span>
                            <span>{format!("Маршрут {}/{}{next}", r.done, r.total)}</span>
                        </div>
                    }
                })}
            <div class="card-foot">
                <span class="card-curator">
                    {card.curator_name.clone().unwrap_or_else(|| "без куратора".into())}
                </span>
                {card
                    .due_text
                    .clone()
                    .map(|text| {
                        let title = match (card.clock, card.due) {
                            (Some(clock), Some(due)) => {
                                format!("{}: срок {}", clock.label(), format_naive_date(due))
                            }
                            _ => String::new(),
                        };
                        view! {
                            <span
                                class="due"
                                class:due-overdue=urgency == Some(Urgency::Overdue)
                                class:due-today=matches!(urgency, Some(Urgency::Soon) | Some(Urgency::Today))
                                title=title
                            >
                                {(urgency == Some(Urgency::Overdue)).then_some("⚠ ")}
                                {text}
                                {card
                                    .due_preliminary
                                    .then(|| {
                                        view! {
                                            <span
                                                class="preliminary"
                                                data-testid="preliminary"
                                                title="На год срока нет официального производственного календаря"
                                            >
                                                " · срок предварительный"
                                            </span>
                                        }
                                    })}
                            </span>
                        }
                    })}
            </div>
        </article>
    }
}

/// Asks for the comment a move back, a closing or a reopening needs.
#[component]
fn CommentDialog() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let confirm = move || {
        let Some(pending) = ctx.pending_comment.get_untracked() else { return };
        if text.get_untracked().trim().is_empty() {
            error.set(Some("Напишите комментарий — без него перевод не выполнить"));
            return;
        }
        ctx.pending_comment.set(None);
        ctx.perform(pending.card, pending.target, text.get_untracked());
        text.set(String::new());
        error.set(None);
    };
    let cancel = move || {
        if let Some(pending) = ctx.pending_comment.get_untracked() {
            ctx.announce.set("Перемещение отменено".into());
            super::dnd::focus_card(&pending.card.id);
        }
        ctx.pending_comment.set(None);
        text.set(String::new());
        error.set(None);
    };
    view! {
        {move || {
            ctx.pending_comment
                .get()
                .map(|pending| {
                    let (from, to) = (pending.card.stage, pending.target.1);
                    let title = if to == Stage::Closed {
                        "Закрытие случая".to_string()
                    } else if from == Stage::Closed {
                        "Возобновление случая".to_string()
                    } else {
                        format!("Возврат на этап «{}»", to.label())
                    };
                    view! {
                        <div class="dialog-backdrop">
                            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="comment-title">
                                <h2 id="comment-title">{title}</h2>
                                <p>
                                    "Случай № " {pending.card.number.clone()} " «" {pending.card.title.clone()}
                                    "»"
                                </p>
                                <div class="field" class:has-error=move || error.get().is_some()>
                                    <label for="move-comment-text">
                                        {if to == Stage::Closed {
                                            "Итог работы и причина закрытия"
                                        } else {
                                            "Почему"
                                        }}
                                    </label>
                                    <textarea
                                        id="move-comment-text"
                                        rows="3"
                                        prop:value=move || text.get()
                                        on:input=move |ev| text.set(event_target_value(&ev))
                                    ></textarea>
                                    <p class="field-error">{move || error.get()}</p>
                                </div>
                                <div class="buttons">
                                    <button type="button" class="btn btn-primary" on:click=move |_| confirm()>
                                        "Перевести"
                                    </button>
                                    <button type="button" class="btn btn-ghost" on:click=move |_| cancel()>
                                        "Отмена"
                                    </button>
                                </div>
                            </div>
                        </div>
                    }
                })
        }}
    }
}

/// Open and overdue cases per curator, against the limit; a name filters the board by it.
#[component]
fn Workload(data: BoardData, query: BoardQuery) -> impl IntoView {
    if data.workload.is_empty() {
        return ().into_any();
    }
    let limit = data.curator_limit;
    view! {
        <section class="workload" aria-label="Нагрузка специалистов">
            {data
                .workload
                .into_iter()
                .map(|w| {
                    let over = limit.is_some_and(|l| w.open > u64::from(l));
                    let href = format!(
                        "/board{}",
                        BoardQuery {
                            curator: w.curator_id.clone(),
                            ..query.clone()
                        }
                            .to_query_string(),
                    );
                    view! {
                        <a class="workload-item" class:over-limit=over href=href data-curator=w.curator_id.clone()>
                            <span class="who">{w.name.clone()}</span>
                            <span class="n">{w.open}{limit.map(|l| format!("/{l}"))}</span>
                            {(w.overdue > 0)
                                .then(|| view! { <span class="late">{format!("⚠ {}", w.overdue)}</span> })}
                        </a>
                    }
                })
                .collect_view()}
        </section>
    }
    .into_any()
}

/// The supervisor's limits: open cases per column and per curator.
#[component]
fn LimitsEditor(data: BoardData, refresh: Callback<()>) -> impl IntoView {
    let inputs: Vec<(Stage, RwSignal<String>)> = Stage::ALL
        .iter()
        .filter(|s| **s != Stage::Closed)
        .map(|s| {
            let value = data.columns.iter().find(|c| c.stage == *s).and_then(|c| c.limit).map(|l| l.to_string());
            (*s, RwSignal::new(value.unwrap_or_default()))
        })
        .collect();
    let curator = RwSignal::new(data.curator_limit.map(|l| l.to_string()).unwrap_or_default());
    let errors = RwSignal::new(crate::error::FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let save = Action::new(move |form: &LimitsForm| save_limits(form.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => refresh.run(()),
        Some(Err(AppError::Validation(e))) => errors.set(e),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let inputs_for_submit = inputs.clone();
    view! {
        <details class="limits">
            <summary>"Лимиты доски"</summary>
            <form
                novalidate
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    save.dispatch(LimitsForm {
                        columns: inputs_for_submit
                            .iter()
                            .map(|(s, v)| (s.code().to_string(), v.get_untracked()))
                            .collect(),
                        curator: curator.get_untracked(),
                    });
                }
            >
                <p class="muted">
                    "Сколько открытых случаев может быть на этапе и у одного куратора. Превышение отмечается на доске. Пустое поле — без ограничения."
                </p>
                <div class="limits-grid">
                    {inputs
                        .into_iter()
                        .map(|(stage, value)| {
                            let name = format!("limit.{}", stage.code());
                            let error_name = name.clone();
                            view! {
                                <label class="field">
                                    <span>{stage.short_label()}</span>
                                    <input
                                        type="number"
                                        min="1"
                                        inputmode="numeric"
                                        name=name
                                        prop:value=move || value.get()
                                        on:input=move |ev| value.set(event_target_value(&ev))
                                    />
                                    <span class="field-error">
                                        {move || errors.with(|e| e.get(&error_name).map(str::to_string))}
                                    </span>
                                </label>
                            }
                        })
                        .collect_view()} <label class="field">
                        <span>"На одного куратора"</span>
                        <input
                            type="number"
                            min="1"
                            inputmode="numeric"
                            name="curator_limit"
                            prop:value=move || curator.get()
                            on:input=move |ev| curator.set(event_target_value(&ev))
                        />
                        <span class="field-error">
                            {move || errors.with(|e| e.get("curator_limit").map(str::to_string))}
                        </span>
                    </label>
                </div>
                {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
                <button type="submit" class="btn btn-secondary" disabled=move || save.pending().get()>
                    "Сохранить лимиты"
                </button>
            </form>
        </details>
    }
}
