//! Form fields with a label, a hint and the server's message next to them. Large touch
//! targets; the typed value lives in a signal, so nothing is lost when the server says no.

use crate::error::FieldErrors;
use leptos::prelude::*;

fn error_of(errors: RwSignal<FieldErrors>, name: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || errors.with(|e| e.get(name).map(str::to_string)))
}

#[component]
fn FieldMessage(name: &'static str, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <p class="field-error" id=format!("{name}-error") data-error-for=name>
                {move || error.get().unwrap_or_default()}
            </p>
        </Show>
    }
}

#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let error = error_of(errors, name);
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=name>
                {label}
                {required
                    .then(|| {
                        view! {
                            <span class="req" aria-hidden="true">
                                " *"
                            </span>
                        }
                    })}
            </label>
            <input
                id=name
                name=name
                type=kind
                placeholder=placeholder
                autocomplete=autocomplete
                inputmode=inputmode
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=format!("{name}-error")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <FieldMessage name=name error=error />
        </div>
    }
}

#[component]
pub fn TextArea(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
    #[prop(default = 3)] rows: u32,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let error = error_of(errors, name);
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=name>
                {label}
                {required
                    .then(|| {
                        view! {
                            <span class="req" aria-hidden="true">
                                " *"
                            </span>
                        }
                    })}
            </label>
            <textarea
                id=name
                name=name
                rows=rows
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=format!("{name}-error")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            >
                {value.get_untracked()}
            </textarea>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <FieldMessage name=name error=error />
        </div>
    }
}

/// A choice from a closed list. `options` are (code, label); an empty code is «not chosen».
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional)] empty_label: Option<&'static str>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let error = error_of(errors, name);
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=name>
                {label}
                {required
                    .then(|| {
                        view! {
                            <span class="req" aria-hidden="true">
                                " *"
                            </span>
                        }
                    })}
            </label>
            <select
                id=name
                name=name
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=format!("{name}-error")
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {empty_label
                    .map(|l| {
                        view! {
                            <option value="" selected=move || value.get().is_empty()>
                                {l}
                            </option>
                        }
                    })}
                <For each=move || options.get() key=|(code, _)| code.clone() let:option>
                    {
                        let code = option.0.clone();
                        let selected = move || value.get() == code;
                        view! {
                            <option value=option.0.clone() selected=selected>
                                {option.1.clone()}
                            </option>
                        }
                    }
                </For>
            </select>
            <FieldMessage name=name error=error />
        </div>
    }
}

/// A set of checkboxes for a multiple choice (e.g. consultation topics).
#[component]
pub fn CheckboxGroup(
    label: &'static str,
    name: &'static str,
    value: RwSignal<Vec<String>>,
    errors: RwSignal<FieldErrors>,
    options: Vec<(String, String)>,
) -> impl IntoView {
    let error = error_of(errors, name);
    view! {
        <fieldset class="field checkbox-group" class:has-error=move || error.get().is_some()>
            <legend>{label}</legend>
            <div class="chips">
                {options
                    .into_iter()
                    .map(|(code, text)| {
                        let checked_code = code.clone();
                        let toggle_code = code.clone();
                        view! {
                            <label class="chip">
                                <input
                                    type="checkbox"
                                    name=name
                                    value=code.clone()
                                    prop:checked=move || value.with(|v| v.contains(&checked_code))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let code = toggle_code.clone();
                                        value
                                            .update(|v| {
                                                v.retain(|c| *c != code);
                                                if on {
                                                    v.push(code);
                                                }
                                            });
                                    }
                                />
                                <span>{text}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <FieldMessage name=name error=error />
        </fieldset>
    }
}

/// Options of a closed list for a select.
pub fn options_of<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter().map(|v| (code(*v).to_string(), label(*v).to_string())).collect()
}

/// A filter of a list page: a labelled select in a GET form, «any» first.
pub fn filter_select(
    name: &'static str,
    label: &'static str,
    current: String,
    options: Vec<(String, String)>,
    any: &'static str,
) -> impl IntoView {
    view! {
        <label class="filter">
            <span>{label}</span>
            <select name=name>
                <option value="" selected=current.is_empty()>
                    {any}
                </option>
                {options
                    .into_iter()
                    .map(|(code, text)| {
                        let selected = code == current;
                        view! {
                            <option value=code selected=selected>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
