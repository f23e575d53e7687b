//! One service of a partner in the partner form: its name, what it includes, the kinds of help,
//! whom it is for, its cost and hours.

use super::types::*;
use crate::components::fields::{CheckboxGroup, FieldValue, SelectField, TextArea, TextField};
use crate::error::FieldErrors;
use leptos::prelude::*;

/// One part of the `i`-th service of the form.
fn part<T: Clone + Default + Send + Sync + 'static>(
    form: RwSignal<PartnerForm>,
    i: usize,
    get: fn(&ServiceForm) -> T,
    set: fn(&mut ServiceForm, T),
) -> FieldValue<T> {
    FieldValue::new(
        move || form.with(|f| f.services.get(i).map(get).unwrap_or_default()),
        move |value| {
            form.update(|f| {
                if let Some(s) = f.services.get_mut(i) {
                    set(s, value)
                }
            })
        },
    )
}

#[component]
pub(crate) fn ServiceFields(
    i: usize,
    form: RwSignal<PartnerForm>,
    errors: RwSignal<FieldErrors>,
    help_kinds: Vec<HelpKind>,
) -> impl IntoView {
    let help = help_kinds.into_iter().map(|k| (k.code, k.label)).collect();
    let costs = Signal::stored(Cost::ALL.iter().map(|c| (c.code().to_string(), c.label().to_string())).collect());
    view! {
        <div class="service-block" data-testid=format!("service-{i}")>
            <TextField
                label=format!("Услуга {}", i + 1)
                name=format!("services.{i}.name")
                id=format!("service-{i}-name")
                value=part(form, i, |s| s.name.clone(), |s, v| s.name = v)
                errors=errors
            />
            <TextArea
                label="Что входит"
                name=format!("services.{i}.description")
                id=format!("service-{i}-description")
                rows=2
                value=part(form, i, |s| s.description.clone(), |s, v| s.description = v)
                errors=errors
            />
            <CheckboxGroup
                label="Виды помощи"
                name=format!("services.{i}.help")
                value=part(form, i, |s| s.help.clone(), |s, v| s.help = v)
                errors=errors
                options=help
            />
            <div class="field-row">
                <TextField
                    label="Кому оказывается"
                    name=format!("services.{i}.eligibility")
                    id=format!("service-{i}-eligibility")
                    value=part(form, i, |s| s.eligibility.clone(), |s, v| s.eligibility = v)
                    errors=errors
                />
                <SelectField
                    label="Стоимость"
                    name=format!("services.{i}.cost")
                    id=format!("service-{i}-cost")
                    value=part(form, i, |s| s.cost.clone(), |s, v| s.cost = v)
                    errors=errors
                    options=costs
                />
                <TextField
                    label="Часы приёма"
                    name=format!("services.{i}.hours")
                    id=format!("service-{i}-hours")
                    value=part(form, i, |s| s.hours.clone(), |s, v| s.hours = v)
                    errors=errors
                />
            </div>
            <button
                type="button"
                class="btn btn-link"
                on:click=move |_| {
                    form.update(|f| {
                        if i < f.services.len() {
                            f.services.remove(i);
                        }
                    })
                }
            >
                "Удалить услугу"
            </button>
        </div>
    }
}
