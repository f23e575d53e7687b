//! The move of a case to another stage: the next stage first, what it still needs, a comment
//! when the move needs one.

use super::api::{get_case, move_case};
use super::card::MoveRequest;
use super::types::*;
use crate::components::fields::{SelectField, TextField};
use crate::components::ErrorNotice;
use crate::error::AppError;
use leptos::prelude::*;

type MoveAction = Action<MoveRequest, Result<CaseDetails, AppError>>;

/// What the panel tells after a move: the success, or why the move was refused.
#[derive(Clone, Copy)]
struct MoveOutcome {
    message: RwSignal<Option<String>>,
    failure: RwSignal<Option<AppError>>,
}

#[component]
pub(crate) fn StagePanel(details: RwSignal<CaseDetails>) -> impl IntoView {
    let target = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let outcome = MoveOutcome { message: RwSignal::new(None), failure: RwSignal::new(None) };
    let moving: MoveAction = Action::new(move |request: &MoveRequest| {
        let request = request.clone();
        async move {
            move_case(request.clone()).await?;
            get_case(request.id).await
        }
    });
    Effect::new(move |_| match moving.value().get() {
        Some(Err(AppError::Conflict(text))) => {
            // Shows the case as it is now, with who changed it.
            outcome.message.set(None);
            outcome.failure.set(Some(AppError::Conflict(text)));
            let id = details.with_untracked(|d| d.case.id.clone());
            leptos::task::spawn_local(async move {
                if let Ok(latest) = get_case(id).await {
                    details.set(latest);
                }
            });
        }
        Some(Ok(updated)) => {
            outcome.message.set(Some(format!("Случай переведён на этап «{}».", updated.case.stage.label())));
            outcome.failure.set(None);
            comment.set(String::new());
            target.set(String::new());
            details.set(updated);
        }
        Some(Err(AppError::Validation(errors))) => {
            outcome.message.set(None);
            outcome.failure.set(Some(AppError::Forbidden(
                errors.get("move").map(str::to_string).unwrap_or_else(|| "Переход не выполнен".into()),
            )));
        }
        Some(Err(e)) => {
            outcome.message.set(None);
            outcome.failure.set(Some(e));
        }
        None => {}
    });
    move || {
        let d = details.get();
        if d.moves.is_empty() {
            return view! { <span></span> }.into_any();
        }
        view! { <StageMove details=d target=target comment=comment outcome=outcome moving=moving /> }.into_any()
    }
}

/// How a move is labelled in the list: forward, back or closing.
fn move_label(m: &MoveOption, stage: Stage) -> (String, String) {
    let direction = if m.to == Stage::Closed {
        "закрыть"
    } else if m.to.index() < stage.index() {
        "вернуть"
    } else {
        "дальше"
    };
    (m.to.code().to_string(), format!("{} ({direction})", m.to.label()))
}

#[component]
fn StageMove(
    details: CaseDetails,
    target: RwSignal<String>,
    comment: RwSignal<String>,
    outcome: MoveOutcome,
    moving: MoveAction,
) -> impl IntoView {
    let stage = details.case.stage;
    let options: Vec<(String, String)> = details.moves.iter().map(|m| move_label(m, stage)).collect();
    // The next stage is offered first; the user's choice wins once made.
    let default_target = details
        .moves
        .iter()
        .find(|m| m.to.index() > stage.index() && m.to != Stage::Closed)
        .or(details.moves.first())
        .map(|m| m.to.code().to_string())
        .unwrap_or_default();
    let chosen_code = Signal::derive(move || {
        let code = target.get();
        if code.is_empty() {
            default_target.clone()
        } else {
            code
        }
    });
    let moves = StoredValue::new(details.moves.clone());
    let chosen = Memo::new(move |_| {
        let code = chosen_code.get();
        moves.with_value(|moves| moves.iter().find(|m| m.to.code() == code).cloned())
    });
    let placeholder = Signal::derive(move || {
        if chosen.with(|m| m.as_ref().is_some_and(|m| m.needs_comment)) {
            "Обязателен: почему".to_string()
        } else {
            "Необязательно".to_string()
        }
    });
    let version = details.case.version;
    let id = details.case.id.clone();
    view! {
        <section class="card stage-panel" aria-labelledby="stage-title">
            <h2 id="stage-title">"Этап: " {stage.label()}</h2>
            <StageTrack stage=stage />
            <div class="grid-2">
                <SelectField
                    label="Перевести на этап"
                    name="to_stage"
                    id="move-target"
                    value=crate::components::fields::FieldValue::new(move || chosen_code.get(), move |v| target.set(v))
                    options=Signal::stored(options)
                />
                <TextField
                    label="Комментарий"
                    name="comment"
                    id="move-comment"
                    value=comment
                    placeholder=placeholder
                />
            </div>
            {move || {
                chosen
                    .get()
                    .filter(|m| !m.missing.is_empty())
                    .map(|m| {
                        view! {
                            <div class="notice notice-warn requirements" role="status">
                                <strong>"Чтобы перевести случай, нужно:"</strong>
                                <ul>{m.missing.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                            </div>
                        }
                    })
            }}
            {move || outcome.failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            {move || {
                outcome
                    .message
                    .get()
                    .map(|m| {
                        view! {
                            <div class="notice notice-success" role="status">
                                {m}
                            </div>
                        }
                    })
            }}
            <button
                type="button"
                class="btn btn-primary"
                disabled=move || moving.pending().get()
                on:click=move |_| {
                    outcome.message.set(None);
                    moving
                        .dispatch(MoveRequest {
                            id: id.clone(),
                            version,
                            to_stage: chosen_code.get_untracked(),
                            comment: comment.get_untracked(),
                            ..Default::default()
                        });
                }
            >
                {move || if moving.pending().get() { "Перевод…" } else { "Перевести" }}
            </button>
        </section>
    }
}

/// The stages in order, those passed marked done.
#[component]
fn StageTrack(stage: Stage) -> impl IntoView {
    view! {
        <ol class="stage-track">
            {Stage::ALL
                .iter()
                .map(|s| {
                    view! {
                        <li class:done=s.index() < stage.index() class:current=*s == stage>
                            {s.short_label()}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
