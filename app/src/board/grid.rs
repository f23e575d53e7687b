//! The board itself: the bar with the totals, the limits and the live status, the workload, the
//! grid of columns and lanes, and the messages of moves.

use super::comment_dialog::CommentDialog;
use super::ctx::BoardCtx;
use super::follow::{follow_live, Live};
use super::lanes::{ColumnHead, LaneRow};
use super::limits::LimitsEditor;
use super::model::BoardModel;
use super::types::*;
use super::workload::Workload;
use crate::cases::types::Stage;
use crate::components::browser_only::BrowserOnly;
use leptos::prelude::*;

#[component]
pub(crate) fn Board(data: BoardData, query: BoardQuery, refresh: Callback<()>) -> impl IntoView {
    let mode = query.lanes();
    let ctx = BoardCtx {
        model: RwSignal::new(BoardModel::new(data.clone(), mode)),
        query: StoredValue::new(query.clone()),
        toast: RwSignal::new(None),
        announce: RwSignal::new(String::new()),
        pending_comment: RwSignal::new(None),
        picked: RwSignal::new(None),
        moving: RwSignal::new(vec![]),
        recount_due: StoredValue::new(false),
    };
    provide_context(ctx);
    let live = RwSignal::new(Live::Connecting);
    follow_live(ctx, live, refresh);
    let dragger = BrowserOnly::<super::dnd::Dragger>::new();
    provide_context(dragger);

    let total = Memo::new(move |_| ctx.model.with(|m| m.total()));
    let lanes = Memo::new(move |_| ctx.model.with(|m| m.data.lanes.clone()));
    let show_lanes = mode != Lanes::None;
    view! {
        <div class="board-bar">
            <span class="board-total" data-testid="board-total">
                "На доске: "
                {move || total.get()}
            </span>
            {move || {
                let overdue = ctx.model.with(|m| m.data.overdue);
                (overdue > 0)
                    .then(|| {
                        view! {
                            <span class="board-overdue" data-testid="board-overdue">
                                "Со сроком, который истёк: "
                                {overdue}
                            </span>
                        }
                    })
            }}
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
        {data
            .search_capped
            .then(|| {
                view! {
                    <p class="notice notice-warn" role="status" data-testid="board-search-capped">
                        {format!(
                            "Найдено больше {} случаев — на доске первые из них. Уточните запрос или добавьте фильтр.",
                            super::types::SEARCH_CAP,
                        )}
                    </p>
                }
            })}
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
