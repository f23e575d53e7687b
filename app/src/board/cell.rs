//! One cell of the board (a stage of a lane): its cards, loaded a page at a time as it scrolls.

use super::api::load_cell;
use super::card::CardView;
use super::ctx::BoardCtx;
use super::types::*;
use crate::cases::types::Stage;
use leptos::prelude::*;

#[component]
pub(crate) fn CellView(lane: String, stage: Stage) -> impl IntoView {
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
