//! What the cards and cells of one board share: the board's model and the moves in progress. A
//! move goes at once on this board, then to the server; a refused one comes back with the reason.

use super::api::{board_card, board_counts};
use super::model::BoardModel;
use super::types::*;
use crate::cases::api::move_case;
use crate::cases::stages::needs_comment;
use crate::cases::types::Stage;
use crate::error::AppError;
use leptos::prelude::*;

/// A move waiting for its comment (going back, closing, reopening).
#[derive(Clone, PartialEq)]
pub(crate) struct PendingMove {
    pub card: Card,
    pub target: (String, Stage),
}

/// A card picked up with the keyboard, and the cell it would go to.
#[derive(Clone, PartialEq)]
pub(crate) struct KeyboardPick {
    pub id: String,
    pub target: (String, Stage),
}

/// Everything the cards and cells of one board share.
#[derive(Clone, Copy)]
pub(crate) struct BoardCtx {
    pub model: RwSignal<BoardModel>,
    pub query: StoredValue<BoardQuery>,
    pub toast: RwSignal<Option<String>>,
    pub announce: RwSignal<String>,
    pub pending_comment: RwSignal<Option<PendingMove>>,
    pub picked: RwSignal<Option<KeyboardPick>>,
    /// Cards whose move the server has not confirmed yet.
    pub moving: RwSignal<Vec<String>>,
}

impl BoardCtx {
    pub fn request_move(&self, id: &str, target: (String, Stage)) {
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
    pub fn perform(&self, card: Card, target: (String, Stage), comment: String) {
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
    pub fn refresh_card(&self, id: String, version: i64) {
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
