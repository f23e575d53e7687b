//! One activity of the support plan: what, where, by when and by whom, with its status and
//! result.

use super::state::RouteState;
use super::types::*;
use crate::components::fields::{CompactInput, CompactSelect, FieldValue};
use leptos::prelude::*;

#[component]
pub(crate) fn PlanActivity(key: String, state: RouteState) -> impl IntoView {
    let key = StoredValue::new(key);
    let (index, activity) = state.activity(key);
    let update = move |f: Box<dyn FnOnce(&mut Activity)>| state.edit_activity(key, f);
    let editable = state.editable;
    let error = move || {
        index.get().and_then(|i| state.errors.with(|e| e.get(&format!("activities.{i}.result")).map(str::to_string)))
    };
    let statuses =
        ActivityStatus::ALL.iter().map(|s| (s.code().to_string(), s.label().to_string())).collect::<Vec<_>>();
    let status = FieldValue::new(
        move || activity.with(|a| a.status.code().to_string()),
        move |v: String| {
            if let Some(s) = ActivityStatus::from_code(&v) {
                update(Box::new(move |a| a.status = s))
            }
        },
    );
    view! {
        <li class="plan-activity" data-key=key.get_value() data-status=move || activity.with(|a| a.status.code())>
            <div class="plan-activity-head">
                <strong>{move || activity.with(|a| a.title.clone())}</strong>
                <span class="muted">
                    {move || {
                        activity
                            .with(|a| {
                                format!(
                                    "Задача: {} · срок {} · {} · отв. {}",
                                    a.situation,
                                    crate::time::parse_date(&a.deadline)
                                        .map(crate::time::format_naive_date)
                                        .unwrap_or_default(),
                                    if a.partner_name.is_empty() {
                                        "место не выбрано".to_string()
                                    } else {
                                        a.partner_name.clone()
                                    },
                                    if a.responsible_name.is_empty() {
                                        "не назначен".to_string()
                                    } else {
                                        a.responsible_name.clone()
                                    },
                                )
                            })
                    }}
                </span>
            </div>
            <div class="form-row">
                <CompactSelect
                    label="Статус"
                    name="status"
                    value=status
                    options=Signal::stored(statuses)
                    disabled=!editable
                />
                <CompactInput
                    label="Результат"
                    name="result"
                    class="field grow"
                    value=FieldValue::new(
                        move || activity.with(|a| a.result.clone()),
                        move |v| update(Box::new(move |a| a.result = v)),
                    )
                    error=Signal::derive(error)
                    disabled=!editable
                />
            </div>
        </li>
    }
}
