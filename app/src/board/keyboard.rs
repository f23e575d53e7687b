//! The keyboard way of moving a card: Enter on its handle picks it up, the arrows choose the
//! cell (stage left and right, lane up and down), Enter puts it down and Escape gives up.

use super::ctx::{BoardCtx, KeyboardPick};
use super::types::*;
use leptos::prelude::*;

/// A key pressed on the handle of the card `id_key`.
pub(crate) fn handle_key(ctx: BoardCtx, id_key: &str, ev: &leptos::ev::KeyboardEvent) {
    let key = ev.key();
    let mode = ctx.model.with_untracked(|m| m.lanes_mode);
    let current = ctx.picked.get_untracked().filter(|p| p.id == id_key);
    match (key.as_str(), current) {
        ("Enter" | " ", None) => {
            ev.prevent_default();
            let Some(card) = ctx.model.with_untracked(|m| m.find(id_key).cloned()) else { return };
            ctx.picked.set(Some(KeyboardPick { id: id_key.to_string(), target: (card.lane(mode), card.stage) }));
            ctx.announce.set(format!(
                "Случай № {} взят. Стрелки влево и вправо — этап{}, Enter — положить, Escape — отмена.",
                card.number,
                if mode == Lanes::None { "" } else { ", вверх и вниз — дорожка" }
            ));
        }
        ("Enter" | " ", Some(pick)) => {
            ev.prevent_default();
            ctx.picked.set(None);
            ctx.request_move(id_key, pick.target);
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
}
