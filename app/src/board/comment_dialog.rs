//! The comment a move back, a closing or a reopening needs, asked for before the move.

use super::ctx::BoardCtx;
use crate::cases::types::Stage;
use crate::components::fields::TextArea;
use crate::error::FieldErrors;
use leptos::prelude::*;

/// Asks for the comment a move back, a closing or a reopening needs.
#[component]
pub(crate) fn CommentDialog() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let text = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let confirm = move || {
        let Some(pending) = ctx.pending_comment.get_untracked() else { return };
        if text.get_untracked().trim().is_empty() {
            let mut missing = FieldErrors::new();
            missing.add("comment", "Напишите комментарий — без него перевод не выполнить");
            errors.set(missing);
            return;
        }
        ctx.pending_comment.set(None);
        ctx.perform(pending.card, pending.target, text.get_untracked());
        text.set(String::new());
        errors.set(FieldErrors::new());
    };
    let cancel = move || {
        if let Some(pending) = ctx.pending_comment.get_untracked() {
            ctx.announce.set("Перемещение отменено".into());
            super::dnd::focus_card(&pending.card.id);
        }
        ctx.pending_comment.set(None);
        text.set(String::new());
        errors.set(FieldErrors::new());
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
                                <TextArea
                                    label=if to == Stage::Closed {
                                        "Итог работы и причина закрытия"
                                    } else {
                                        "Почему"
                                    }
                                    name="comment"
                                    id="move-comment-text"
                                    value=text
                                    errors=errors
                                />
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
