//! One field of the act, drawn by its kind: a choice of large touch buttons, a set of choices,
//! the members, or text. The act's content is one record; each field reads and writes its part.

use super::members::Members;
use super::types::*;
use crate::cases::types::Category;
use crate::components::fields::{CheckboxGroup, FieldValue, TextArea, TextField};
use crate::error::FieldErrors;
use leptos::prelude::*;
use serde_json::Value;

fn get_text(content: &ActContent, field: &str) -> String {
    match serde_json::to_value(content).ok().and_then(|v| v.get(field).cloned()) {
        Some(Value::String(s)) => s,
        _ => String::new(),
    }
}

fn get_list(content: &ActContent, field: &str) -> Vec<String> {
    match serde_json::to_value(content).ok().and_then(|v| v.get(field).cloned()) {
        Some(Value::Array(items)) => items.into_iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

fn set_value(content: &mut ActContent, field: &str, value: Value) {
    if let Ok(Value::Object(mut map)) = serde_json::to_value(&*content) {
        map.insert(field.to_string(), value);
        if let Ok(updated) = serde_json::from_value(Value::Object(map)) {
            *content = updated;
        }
    }
}

/// Fields chosen several at a time.
const MULTIPLE: &[&str] = &[
    "family_categories",
    "circumstances",
    "need_indicators",
    "amenities",
    "climate_signs",
    "income_sources",
    "material_signs",
    "services",
];

#[component]
pub(crate) fn ActField(
    field: &'static str,
    label: &'static str,
    content: RwSignal<ActContent>,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    let error_view = move || {
        errors.with(|e| e.get(field).map(str::to_string)).map(|m| {
            view! {
                <p class="field-error" data-error-for=field>
                    {m}
                </p>
            }
        })
    };
    if field == "members" {
        return view! {
            <Members content=content />
            {error_view}
        }
        .into_any();
    }
    if MULTIPLE.contains(&field) {
        let options: Vec<(String, String)> = if field == "family_categories" {
            Category::ALL.iter().map(|c| (c.code().to_string(), c.label().to_string())).collect()
        } else {
            list_of(field).unwrap_or(&[]).iter().map(|(c, l)| (c.to_string(), l.to_string())).collect()
        };
        let value = FieldValue::new(
            move || content.with(|c| get_list(c, field)),
            move |list: Vec<String>| content.update(|c| set_value(c, field, Value::from(list))),
        );
        return view! { <CheckboxGroup label=label name=field value=value errors=errors options=options attr:data-field=field /> }
        .into_any();
    }
    if let Some(list) = list_of(field) {
        return view! { <ChoiceField field=field label=label list=list content=content errors=errors /> }.into_any();
    }
    let value = FieldValue::new(
        move || content.with(|c| get_text(c, field)),
        move |text: String| content.update(|c| set_value(c, field, Value::from(text))),
    );
    let long = field.ends_with("_notes")
        || field.ends_with("_other")
        || matches!(field, "other_help" | "commission" | "present");
    let id = format!("act-{field}");
    if long {
        return view! { <TextArea label=label name=field id=id value=value errors=errors rows=3 /> }.into_any();
    }
    let kind = if field == "inspected_on" { "date" } else { "text" };
    let inputmode = matches!(field, "rooms" | "area" | "income_per_person").then_some("decimal");
    match inputmode {
        Some(mode) => {
            view! { <TextField label=label name=field id=id kind=kind inputmode=mode value=value errors=errors /> }
                .into_any()
        }
        None => view! { <TextField label=label name=field id=id kind=kind value=value errors=errors /> }.into_any(),
    }
}

/// One choice of a closed list, as large touch buttons.
#[component]
fn ChoiceField(
    field: &'static str,
    label: &'static str,
    list: &'static [(&'static str, &'static str)],
    content: RwSignal<ActContent>,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    let err = move || errors.with(|e| e.get(field).map(str::to_string));
    view! {
        <fieldset class="field checkbox-group" class:has-error=move || err().is_some() data-field=field>
            <legend>{label}</legend>
            <div class="chips">
                {list
                    .iter()
                    .map(|(code, text)| {
                        view! {
                            <label class="chip">
                                <input
                                    type="radio"
                                    name=field
                                    prop:checked=move || content.with(|c| get_text(c, field) == *code)
                                    on:change=move |_| content.update(|c| set_value(c, field, Value::from(*code)))
                                />
                                <span>{*text}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            {move || {
                err()
                    .map(|m| {
                        view! {
                            <p class="field-error" data-error-for=field>
                                {m}
                            </p>
                        }
                    })
            }}
        </fieldset>
    }
}
