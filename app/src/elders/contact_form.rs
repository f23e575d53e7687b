//! The form of a contact with a person: when, how, what for, the result, and the follow-up — a
//! need found, or a dangerous situation the head of the department must know of at once. What
//! is typed is kept on the device until it is recorded; «Записать» puts it into the outbox.

use super::outbox::{new_client_key, Outbox};
use super::types::*;
use crate::components::fields::{options_of, CheckboxGroup, FieldValue, TextArea, TextField};
use crate::components::storage::{clear_draft, load_draft, save_draft};
use crate::components::FormErrors;
use crate::error::FieldErrors;
use leptos::prelude::*;

fn draft_key(elder_id: &str) -> String {
    format!("elder-contact-{elder_id}")
}

/// A fresh form: now, by phone, with a new key.
fn fresh(blank: &ContactForm) -> ContactForm {
    let mut form = blank.clone();
    form.client_key = new_client_key();
    #[cfg(target_arch = "wasm32")]
    {
        form.at = crate::time::to_datetime_local(chrono::Utc::now());
    }
    form
}

#[component]
pub fn ContactFormView(
    elder_id: String,
    elder_name: String,
    blank: ContactForm,
    /// Called after the contact is kept on the device (to close an inline form).
    #[prop(optional)]
    on_recorded: Option<Callback<()>>,
) -> impl IntoView {
    let outbox = expect_context::<Outbox>();
    let form = RwSignal::new(blank.clone());
    let errors = RwSignal::new(FieldErrors::new());
    let recorded = RwSignal::new(None::<String>);
    let key = StoredValue::new(draft_key(&elder_id));
    let blank = StoredValue::new(blank);
    let ids = StoredValue::new((elder_id.clone(), elder_name.clone()));
    // The draft of this device comes back once in the browser; every change is kept.
    Effect::new(move |first: Option<()>| {
        let now = form.get();
        if first.is_none() {
            match load_draft::<ContactForm>(&key.get_value()) {
                Some(draft) if !draft.client_key.is_empty() => form.set(draft),
                _ => form.set(fresh(&blank.get_value())),
            }
            return;
        }
        save_draft(&key.get_value(), &now);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (id, name) = ids.get_value();
        let typed = form.get_untracked();
        match outbox.record(&id, &name, typed.clone()) {
            Ok(()) => {
                errors.set(FieldErrors::new());
                recorded.set(Some(typed.client_key));
                clear_draft(&key.get_value());
                form.set(fresh(&blank.get_value()));
                if let Some(done) = on_recorded {
                    done.run(());
                }
            }
            Err(e) => errors.set(e),
        }
    };
    let status = move || {
        let key = recorded.get()?;
        // The contact leaves the queue only when the server has recorded it.
        let queued = outbox.queued.with(|q| q.iter().find(|c| c.form.client_key == key).map(|c| c.refusal.is_some()));
        Some(match queued {
            Some(false) => (
                "notice notice-warn",
                "Контакт сохранён на устройстве и ждёт отправки — уйдёт сам, когда появится связь.",
            ),
            Some(true) => {
                ("notice notice-error", "Сервер не принял контакт — причина указана ниже, в списке неотправленных.")
            }
            None => ("notice notice-success", "Контакт записан."),
        })
    };
    let field =
        move |get: fn(&ContactForm) -> String, set: fn(&mut ContactForm, String)| FieldValue::of(form, get, set);
    let ways = options_of(ContactWay::ALL, ContactWay::code, ContactWay::label);
    let purposes = options_of(ContactPurpose::ALL, ContactPurpose::code, ContactPurpose::label);
    let prefix = format!("contact-{elder_id}");
    view! {
        <form class="contact-form" novalidate on:submit=submit data-testid="contact-form">
            {move || {
                status()
                    .map(|(class, text)| {
                        view! {
                            <div class=class role="status">
                                {text}
                            </div>
                        }
                    })
            }}
            <div class="grid-2">
                <TextField
                    label="Дата и время"
                    name="at"
                    id=format!("{prefix}-at")
                    kind="datetime-local"
                    required=true
                    value=field(|f| f.at.clone(), |f, v| f.at = v)
                    errors=errors
                />
                <div class="field" class:has-error=move || errors.with(|e| e.get("way").is_some())>
                    <span class="label">"Как состоялся контакт"</span>
                    <div class="chips chips-single" role="radiogroup">
                        {ways
                            .into_iter()
                            .map(|(code, label)| {
                                let checked = code.clone();
                                let chosen = code.clone();
                                view! {
                                    <label class="chip">
                                        <input
                                            type="radio"
                                            name=format!("{prefix}-way")
                                            value=code
                                            prop:checked=move || form.with(|f| f.way == checked)
                                            on:change=move |_| form.update(|f| f.way = chosen.clone())
                                        />
                                        <span>{label}</span>
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                    <p class="field-error" data-error-for="way">
                        {move || errors.with(|e| e.get("way").map(str::to_string))}
                    </p>
                </div>
            </div>
            <CheckboxGroup
                label="Цель"
                name="purposes"
                value=FieldValue::of(form, |f| f.purposes.clone(), |f, v| f.purposes = v)
                options=purposes
                errors=errors
            />
            <TextArea
                label="Результат"
                name="result"
                id=format!("{prefix}-result")
                rows=3
                required=true
                value=field(|f| f.result.clone(), |f, v| f.result = v)
                errors=errors
            />
            <TextField
                label="Выявлена потребность (если есть)"
                name="need"
                id=format!("{prefix}-need")
                placeholder="например: нужна помощь с дровами, запись к врачу"
                value=field(|f| f.need.clone(), |f, v| f.need = v)
                errors=errors
            />
            <TextArea
                label="Опасная или конфликтная ситуация — заведующий узнает сразу"
                name="danger"
                id=format!("{prefix}-danger")
                rows=2
                hint="Заполните, только если человеку угрожает опасность: насилие, мошенники, угроза жизни или здоровью."
                value=field(|f| f.danger.clone(), |f, v| f.danger = v)
                errors=errors
            />
            <div class="form-actions">
                <FormErrors errors=errors />
                <button type="submit" class="btn btn-primary btn-large">
                    "Записать контакт"
                </button>
            </div>
        </form>
    }
}
