//! The supervisor's limits of the board: open cases per column and per curator.

use super::api::save_limits;
use super::types::*;
use crate::cases::types::Stage;
use crate::components::fields::CompactInput;
use crate::components::ErrorNotice;
use crate::error::{AppError, FieldErrors};
use leptos::prelude::*;

/// The supervisor's limits: open cases per column and per curator.
#[component]
pub(crate) fn LimitsEditor(data: BoardData, refresh: Callback<()>) -> impl IntoView {
    let inputs: Vec<(Stage, RwSignal<String>)> = Stage::ALL
        .iter()
        .filter(|s| **s != Stage::Closed)
        .map(|s| {
            let value = data.columns.iter().find(|c| c.stage == *s).and_then(|c| c.limit).map(|l| l.to_string());
            (*s, RwSignal::new(value.unwrap_or_default()))
        })
        .collect();
    let curator = RwSignal::new(data.curator_limit.map(|l| l.to_string()).unwrap_or_default());
    let errors = RwSignal::new(FieldErrors::new());
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
                            view! {
                                <CompactInput
                                    label=stage.short_label()
                                    name=format!("limit.{}", stage.code())
                                    kind="number"
                                    min="1"
                                    inputmode="numeric"
                                    value=value
                                    errors=errors
                                />
                            }
                        })
                        .collect_view()}
                    <CompactInput
                        label="На одного куратора"
                        name="curator_limit"
                        kind="number"
                        min="1"
                        inputmode="numeric"
                        value=curator
                        errors=errors
                    />
                </div>
                {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
                <button type="submit" class="btn btn-secondary" disabled=move || save.pending().get()>
                    "Сохранить лимиты"
                </button>
            </form>
        </details>
    }
}
