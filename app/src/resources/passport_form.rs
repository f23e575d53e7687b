//! The figures and the infrastructure of a district passport, and the mark that they were
//! verified today.

use super::api::save_passport;
use super::types::*;
use crate::components::fields::{FieldValue, TextArea, TextField, Toggle};
use crate::error::FieldErrors;
use leptos::prelude::*;

#[component]
pub(crate) fn PassportEditor(passport: Passport) -> impl IntoView {
    let form = RwSignal::new(PassportForm::from_passport(&passport));
    let version = RwSignal::new(passport.version);
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<String>);
    let id = passport.id.clone();
    let save = Action::new(move |f: &PassportForm| save_passport(id.clone(), version.get_untracked(), f.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        }
        Some(Err(e)) => {
            errors.set(e.field_errors().cloned().unwrap_or_default());
            failure.set(Some(e.form_message()));
        }
        None => {}
    });
    let editable = passport.editable;
    view! {
        <form
            class="passport-form"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(form.get_untracked());
            }
        >
            <fieldset class="form-section" disabled=!editable>
                <legend>"Население участка"</legend>
                <div class="figures">
                    {Population::FIELDS
                        .iter()
                        .map(|(field, label)| {
                            let field = *field;
                            let value = FieldValue::new(
                                move || form.with(|f| f.get(field).to_string()),
                                move |v| form.update(|f| f.set(field, v)),
                            );
                            view! {
                                <TextField label=*label name=field value=value errors=errors inputmode="numeric" />
                            }
                        })
                        .collect_view()}
                </div>
                <TextArea
                    label="Инфраструктура: школы, детские сады, магазины, аптеки, остановки, ФАП"
                    name="infrastructure"
                    rows=5
                    value=FieldValue::of(form, |f| f.infrastructure.clone(), |f, v| f.infrastructure = v)
                    errors=errors
                />
                {editable
                    .then(|| {
                        view! {
                            <Toggle
                                label="Сведения проверены сегодня"
                                class="toggle no-print"
                                testid="passport-verified"
                                value=FieldValue::of(form, |f| f.verified, |f, v| f.verified = v)
                            />
                            {move || {
                                failure
                                    .get()
                                    .map(|m| {
                                        view! {
                                            <div class="notice notice-error" role="alert">
                                                {m}
                                            </div>
                                        }
                                    })
                            }}
                            <div class="form-actions no-print">
                                <button class="btn btn-primary" type="submit" disabled=move || save.pending().get()>
                                    "Сохранить паспорт"
                                </button>
                            </div>
                        }
                    })}
            </fieldset>
        </form>
    }
}
