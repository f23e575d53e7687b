//! Form fields with a label, a hint and the server's message next to them. Large touch
//! targets; the typed value lives in a signal, so nothing is lost when the server says no.
//!
//! Two layouts. The form field (`TextField`, `TextArea`, `SelectField`, `CheckboxGroup`): the
//! label above the control, the hint and the message below it. The compact field
//! (`CompactInput`, `CompactTextArea`, `CompactSelect`): the label wrapped around the control,
//! for the rows of a larger editor (a route, a router map, the board's limits).
//!
//! A field goes by three names: `name` in the form, `id` for its label (the name unless given)
//! and the key of its message among the form's errors (the name unless given: a row of a list
//! is `members.0.full_name`).

use crate::error::FieldErrors;
use leptos::prelude::*;

/// What a field shows and where what is typed goes: a signal of the field's own, or one part of
/// a larger record (a route, a map, an act) read and written through two functions.
pub struct FieldValue<T: Send + Sync + 'static> {
    get: Signal<T>,
    set: Callback<T>,
}

impl<T: Send + Sync> Clone for FieldValue<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync> Copy for FieldValue<T> {}

impl<T: Clone + Send + Sync + 'static> FieldValue<T> {
    pub fn new(get: impl Fn() -> T + Send + Sync + 'static, set: impl Fn(T) + Send + Sync + 'static) -> Self {
        FieldValue { get: Signal::derive(get), set: Callback::new(set) }
    }

    /// One part of a record held in a signal.
    pub fn of<R: Send + Sync + 'static>(record: RwSignal<R>, get: fn(&R) -> T, set: fn(&mut R, T)) -> Self {
        Self::new(move || record.with(get), move |value| record.update(|r| set(r, value)))
    }

    pub fn get(&self) -> T {
        self.get.get()
    }

    pub fn get_untracked(&self) -> T {
        self.get.get_untracked()
    }

    pub fn with<U>(&self, f: impl FnOnce(&T) -> U) -> U {
        self.get.with(f)
    }

    pub fn set(&self, value: T) {
        self.set.run(value)
    }
}

impl<T: Clone + Send + Sync + 'static> From<RwSignal<T>> for FieldValue<T> {
    fn from(signal: RwSignal<T>) -> Self {
        FieldValue { get: signal.into(), set: Callback::new(move |value| signal.set(value)) }
    }
}

/// The message of one field among the form's errors.
fn error_of(errors: Option<RwSignal<FieldErrors>>, key: String) -> Signal<Option<String>> {
    Signal::derive(move || errors.and_then(|e| e.with(|e| e.get(&key).map(str::to_string))))
}

fn invalid(error: Signal<Option<String>>) -> impl Fn() -> &'static str + Send + Sync + Copy {
    move || if error.get().is_some() { "true" } else { "false" }
}

#[component]
fn FieldMessage(id: String, key: String, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <p class="field-error" id=format!("{id}-error") data-error-for=key.clone()>
                {move || error.get().unwrap_or_default()}
            </p>
        </Show>
    }
}

#[component]
fn FieldLabel(id: String, label: String, required: bool) -> impl IntoView {
    view! {
        <label for=id>
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
    }
}

#[component]
pub fn TextField(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into)] value: FieldValue<String>,
    /// The form's messages; the field shows the one under its key.
    #[prop(optional)]
    errors: Option<RwSignal<FieldErrors>>,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional, into)] error_key: Option<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional, into)] placeholder: MaybeProp<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.clone());
    let key = error_key.unwrap_or_else(|| name.clone());
    let error = error_of(errors, key.clone());
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <FieldLabel id=id.clone() label=label required=required />
            <input
                id=id.clone()
                name=name
                type=kind
                placeholder=move || placeholder.get()
                autocomplete=autocomplete
                inputmode=inputmode
                aria-invalid=invalid(error)
                aria-describedby=format!("{id}-error")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <FieldMessage id=id key=key error=error />
        </div>
    }
}

#[component]
pub fn TextArea(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into)] value: FieldValue<String>,
    #[prop(optional)] errors: Option<RwSignal<FieldErrors>>,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional, into)] error_key: Option<String>,
    #[prop(default = 3)] rows: u32,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.clone());
    let key = error_key.unwrap_or_else(|| name.clone());
    let error = error_of(errors, key.clone());
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <FieldLabel id=id.clone() label=label required=required />
            <textarea
                id=id.clone()
                name=name
                rows=rows
                aria-invalid=invalid(error)
                aria-describedby=format!("{id}-error")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            >
                {value.get_untracked()}
            </textarea>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <FieldMessage id=id key=key error=error />
        </div>
    }
}

/// The options of a select: «not chosen» first when there is such a choice.
fn select_options(
    value: FieldValue<String>,
    options: Signal<Vec<(String, String)>>,
    empty_label: Option<&'static str>,
) -> impl IntoView {
    view! {
        {empty_label
            .map(|l| {
                view! {
                    <option value="" selected=move || value.with(String::is_empty)>
                        {l}
                    </option>
                }
            })}
        <For each=move || options.get() key=|(code, _)| code.clone() let:option>
            {
                let code = option.0.clone();
                let selected = move || value.with(|v| *v == code);
                view! {
                    <option value=option.0.clone() selected=selected>
                        {option.1.clone()}
                    </option>
                }
            }
        </For>
    }
}

/// A choice from a closed list. `options` are (code, label); an empty code is «not chosen».
#[component]
pub fn SelectField(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into)] value: FieldValue<String>,
    #[prop(optional)] errors: Option<RwSignal<FieldErrors>>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional, into)] error_key: Option<String>,
    #[prop(optional)] empty_label: Option<&'static str>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.clone());
    let key = error_key.unwrap_or_else(|| name.clone());
    let error = error_of(errors, key.clone());
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <FieldLabel id=id.clone() label=label required=required />
            <select
                id=id.clone()
                name=name
                aria-invalid=invalid(error)
                aria-describedby=format!("{id}-error")
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {select_options(value, options, empty_label)}
            </select>
            <FieldMessage id=id key=key error=error />
        </div>
    }
}

/// Checkboxes as chips for a multiple choice, without a frame of their own (the consultation
/// topics, the kinds of help).
#[component]
pub fn CheckboxChips(
    #[prop(into)] value: FieldValue<Vec<String>>,
    options: Vec<(String, String)>,
    #[prop(optional, into)] name: Option<String>,
    #[prop(optional)] disabled: bool,
) -> impl IntoView {
    view! {
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
                                name=name.clone()
                                value=code.clone()
                                disabled=disabled
                                prop:checked=move || value.with(|v| v.contains(&checked_code))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let code = toggle_code.clone();
                                    let mut chosen = value.get_untracked();
                                    chosen.retain(|c| *c != code);
                                    if on {
                                        chosen.push(code);
                                    }
                                    value.set(chosen);
                                }
                            />
                            <span>{text}</span>
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// A set of checkboxes for a multiple choice (e.g. consultation topics).
#[component]
pub fn CheckboxGroup(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into)] value: FieldValue<Vec<String>>,
    #[prop(optional)] errors: Option<RwSignal<FieldErrors>>,
    options: Vec<(String, String)>,
    #[prop(optional, into)] error_key: Option<String>,
    #[prop(optional)] disabled: bool,
) -> impl IntoView {
    let key = error_key.unwrap_or_else(|| name.clone());
    let error = error_of(errors, key.clone());
    view! {
        <fieldset class="field checkbox-group" class:has-error=move || error.get().is_some()>
            <legend>{label}</legend>
            <CheckboxChips value=value options=options name=name.clone() disabled=disabled />
            <FieldMessage id=name key=key error=error />
        </fieldset>
    }
}

/// A yes/no choice: a checkbox with its label beside it.
#[component]
pub fn Toggle(
    #[prop(into)] label: String,
    #[prop(into)] value: FieldValue<bool>,
    #[prop(default = "toggle")] class: &'static str,
    #[prop(optional)] name: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] disabled: bool,
) -> impl IntoView {
    view! {
        <label class=class>
            <input
                type="checkbox"
                name=name
                data-testid=testid
                disabled=disabled
                prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev))
            />
            <span>{label}</span>
        </label>
    }
}

/// The message of a compact field: given as it is (a row whose place in the list changes), or
/// the form's message under the field's key; none when the field has no messages.
fn compact_error(
    error: Option<Signal<Option<String>>>,
    errors: Option<RwSignal<FieldErrors>>,
    key: &str,
) -> Option<Signal<Option<String>>> {
    error.or_else(|| errors.map(|errors| error_of(Some(errors), key.to_string())))
}

/// The label around a compact field, with the field's message (when it has messages).
#[component]
fn CompactFrame(
    label: String,
    class: &'static str,
    error: Option<Signal<Option<String>>>,
    key: String,
    control: AnyView,
    extra: Option<Children>,
) -> impl IntoView {
    view! {
        <label class=class>
            <span>{label}</span>
            {control}
            {extra.map(|extra| extra())}
            {error
                .map(|error| {
                    view! {
                        <p class="field-error" data-error-for=key>
                            {move || error.get()}
                        </p>
                    }
                })}
        </label>
    }
}

/// A compact text, date or number field; `lazy` takes the value when it is committed (a date
/// picked, the field left) rather than at every keystroke. Children go under the control.
#[component]
pub fn CompactInput(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into)] value: FieldValue<String>,
    #[prop(default = "text")] kind: &'static str,
    /// The label's class.
    #[prop(default = "field")]
    class: &'static str,
    #[prop(optional)] errors: Option<RwSignal<FieldErrors>>,
    #[prop(optional, into)] error_key: Option<String>,
    /// The field's message, when it is not the form's message under a fixed key.
    #[prop(optional, into)]
    error: Option<Signal<Option<String>>>,
    #[prop(optional)] disabled: bool,
    #[prop(optional)] lazy: bool,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional, into)] min: Option<String>,
    #[prop(optional, into)] max: Option<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let key = error_key.unwrap_or_else(|| name.clone());
    let control = view! {
        <input
            type=kind
            name=name
            min=min
            max=max
            inputmode=inputmode
            disabled=disabled
            prop:value=move || value.get()
            on:input=move |ev| {
                if !lazy {
                    value.set(event_target_value(&ev));
                }
            }
            on:change=move |ev| {
                if lazy {
                    value.set(event_target_value(&ev));
                }
            }
        />
    }
    .into_any();
    let error = compact_error(error, errors, &key);
    view! { <CompactFrame label=label class=class error=error key=key control=control extra=children /> }
}

#[component]
pub fn CompactTextArea(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into)] value: FieldValue<String>,
    #[prop(default = 3)] rows: u32,
    #[prop(optional)] errors: Option<RwSignal<FieldErrors>>,
    #[prop(optional, into)] error_key: Option<String>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(optional)] disabled: bool,
    #[prop(optional)] placeholder: Option<&'static str>,
) -> impl IntoView {
    let key = error_key.unwrap_or_else(|| name.clone());
    let control = view! {
        <textarea
            rows=rows
            name=name
            placeholder=placeholder
            disabled=disabled
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        >
            {value.get_untracked()}
        </textarea>
    }
    .into_any();
    let error = compact_error(error, errors, &key);
    view! { <CompactFrame label=label class="field" error=error key=key control=control extra=None /> }
}

#[component]
pub fn CompactSelect(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into)] value: FieldValue<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional)] empty_label: Option<&'static str>,
    #[prop(optional)] errors: Option<RwSignal<FieldErrors>>,
    #[prop(optional, into)] error_key: Option<String>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(optional)] disabled: bool,
    /// The label's class.
    #[prop(default = "field")]
    class: &'static str,
) -> impl IntoView {
    let key = error_key.unwrap_or_else(|| name.clone());
    let control = view! {
        <select
            name=name
            disabled=disabled
            prop:value=move || value.get()
            on:change=move |ev| value.set(event_target_value(&ev))
        >
            {select_options(value, options, empty_label)}
        </select>
    }
    .into_any();
    let error = compact_error(error, errors, &key);
    view! { <CompactFrame label=label class=class error=error key=key control=control extra=None /> }
}

/// Options of a closed list for a select.
pub fn options_of<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter().map(|v| (code(*v).to_string(), label(*v).to_string())).collect()
}
