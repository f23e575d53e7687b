//! An activity typed by hand: when no step of the maps or lists fits, the caseworker writes the
//! task, what is done, its kind of help (partners are offered by it) and its duration.

use super::state::RouteState;
use super::types::*;
use crate::components::fields::{CompactInput, CompactSelect};
use crate::router_maps::types::MAX_DURATION;
use leptos::prelude::*;

#[component]
pub(crate) fn OwnActivity(state: RouteState, notice: RwSignal<Option<String>>) -> impl IntoView {
    let task = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let help = RwSignal::new(String::new());
    let days = RwSignal::new("5".to_string());
    let title_error = RwSignal::new(None::<String>);
    let days_error = RwSignal::new(None::<String>);
    let help_kinds = state.details.with_value(|d| {
        d.help_kinds.iter().map(|h| (h.code.clone(), h.label.clone())).collect::<Vec<(String, String)>>()
    });
    let add = move |_| {
        let what = title.get_untracked();
        let duration = days.get_untracked().trim().parse::<u32>().ok().filter(|d| (1..=MAX_DURATION).contains(d));
        title_error.set(what.trim().is_empty().then(|| "Укажите, что делается".to_string()));
        days_error.set(duration.is_none().then(|| format!("Срок — от 1 до {MAX_DURATION} рабочих дней")));
        let (false, Some(duration)) = (what.trim().is_empty(), duration) else { return };
        state.edit(|c| {
            let key = new_key(&c.plan, OWN_STEP);
            c.plan.activities.push(Activity::own(key, &task.get_untracked(), &what, &help.get_untracked(), duration));
        });
        notice.set(Some(format!("«{}» добавлено в конец плана", what.trim())));
        task.set(String::new());
        title.set(String::new());
    };
    view! {
        <details class="own-activity">
            <summary>"Своё мероприятие"</summary>
            <p class="muted">
                "Если ни один шаг перечня не подходит, опишите мероприятие сами: оно встанет в конец плана."
            </p>
            <CompactInput label="Задача" name="own_task" class="field grow" value=task />
            <CompactInput
                label="Мероприятие (что делается)"
                name="own_title"
                class="field grow"
                value=title
                error=title_error
            />
            <div class="form-row">
                <CompactSelect
                    label="Вид помощи"
                    name="own_help"
                    value=help
                    options=Signal::stored(help_kinds)
                    empty_label="— без вида помощи —"
                />
                <CompactInput
                    label="Срок, рабочих дней"
                    name="own_days"
                    kind="number"
                    inputmode="numeric"
                    min="1"
                    max=MAX_DURATION.to_string()
                    value=days
                    error=days_error
                />
                <button type="button" class="btn btn-secondary align-end" on:click=add>
                    "Добавить в план"
                </button>
            </div>
        </details>
    }
}
