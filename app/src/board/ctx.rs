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
    /// A count of every cell is already on its way (live changes of a searched board).
    pub recount_due: StoredValue<bool>,
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

    /// A live change from someone else: the counts adjust at once; the card is read only when
    /// it is (or lands) on the screen; a board that cannot place the change counts again, once
    /// for a burst of changes.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub fn follow_change(&self, change: CaseChange) {
        if self.moving.with_untracked(|ids| ids.contains(&change.id)) {
            return;
        }
        let Some(query) = self.query.try_get_value() else { return };
        let mut follow = Follow::Nothing;
        self.model.update(|m| follow = m.follow(&change, &query));
        let ctx = *self;
        match follow {
            Follow::Nothing => {}
            Follow::FetchCard => leptos::task::spawn_local(async move {
                if let Ok(card) = board_card(query, change.id.clone()).await {
                    ctx.model.try_update(|m| m.update(&change.id, card));
                }
            }),
            Follow::Recount => {
                if self.recount_due.get_value() {
                    return;
                }
                self.recount_due.set_value(true);
                set_timeout(
                    move || {
                        ctx.recount_due.set_value(false);
                        leptos::task::spawn_local(async move {
                            if let Ok(counts) = board_counts(query).await {
                                ctx.model.try_update(|m| m.set_counts(&counts));
                            }
                        });
                    },
                    RECOUNT_AFTER,
                );
            }
        }
    }
}

/// How long a board waits after a change it cannot place before it counts again: a burst of
/// colleagues' moves costs one count.
const RECOUNT_AFTER: std::time::Duration = std::time::Duration::from_millis(1500);
