//! The heads of the board's columns and the swimlanes (a curator's or a district's row of cells),
//! with their counts against the limits.

use super::api::load_cell;
use super::cell::CellView;
use super::ctx::BoardCtx;
use super::types::*;
use crate::cases::types::Stage;
use leptos::prelude::*;

#[component]
pub(crate) fn ColumnHead(stage: Stage) -> impl IntoView {
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
pub(crate) fn LaneRow(lane: Lane, show_head: bool) -> impl IntoView {
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
