//! «Who» on a form (a loan, a waiting-list place, a taxi request): a person of a case or of the
//! registry 55+ found by surname or street, or someone who came in person with the minimum data
//! and their consent.

use super::api::find_people;
use super::types::{Found, PersonForm, PersonKind};
use crate::components::fields::{options_of, FieldValue, SelectField, TextField, Toggle};
use crate::error::FieldErrors;
use leptos::prelude::*;

#[component]
pub fn PersonPicker(
    /// The form's person.
    person: RwSignal<PersonForm>,
    errors: RwSignal<FieldErrors>,
    /// Ask for the identity document (the agreement names it).
    #[prop(optional)]
    with_document: bool,
    /// The legend of the group («Кому», «Кто едет»).
    #[prop(default = "Кому")]
    legend: &'static str,
    /// The label of the choice of where the person comes from («Получатель», «Пассажир»).
    #[prop(default = "Получатель")]
    label: &'static str,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let search = Action::new(move |q: &String| {
        let q = q.clone();
        async move { find_people(q).await }
    });
    let kinds = Signal::stored(options_of(PersonKind::ALL, PersonKind::code, PersonKind::label));
    let field =
        move |get: fn(&PersonForm) -> String, set: fn(&mut PersonForm, String)| FieldValue::of(person, get, set);
    let kind = Memo::new(move |_| person.with(|p| PersonKind::from_code(&p.person_kind)));
    let run = move || {
        let q = query.get_untracked();
        if q.trim().chars().count() >= 2 {
            search.dispatch(q);
        }
    };
    let choose = move |f: Found| {
        person.update(|p| {
            p.person_kind = f.kind.code().into();
            p.case_id = if f.kind == PersonKind::Case { f.id.clone() } else { String::new() };
            p.elder_id = if f.kind == PersonKind::Elder { f.id.clone() } else { String::new() };
            p.chosen_name = format!("{} — {}", f.full_name, f.address);
        });
        search.clear();
    };
    let person_error = move || errors.with(|e| e.get("person").map(str::to_string));
    view! {
        <fieldset class="person-picker">
            <legend>{legend}</legend>
            <SelectField
                label=label
                name="person_kind"
                id="person-kind"
                required=true
                value=field(|p| p.person_kind.clone(), |p, v| p.person_kind = v)
                options=kinds
                empty_label="— выберите —"
                errors=errors
            />
            <Show when=move || matches!(kind.get(), Some(PersonKind::Case | PersonKind::Elder))>
                <div class="person-search" class:has-error=move || person_error().is_some()>
                    {move || {
                        let chosen = person.with(|p| p.chosen_name.clone());
                        (!chosen.is_empty())
                            .then(|| {
                                view! {
                                    <p class="chosen-person" data-testid="chosen-person">
                                        <strong>"Выбран: "</strong>
                                        {chosen}
                                    </p>
                                }
                            })
                    }}
                    <label for="person-query">"Найти по фамилии, улице или дому"</label>
                    <div class="search-row">
                        <input
                            id="person-query"
                            type="search"
                            autocomplete="off"
                            placeholder="Иванова Ленина"
                            prop:value=move || query.get()
                            on:input=move |ev| query.set(event_target_value(&ev))
                            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                if ev.key() == "Enter" {
                                    ev.prevent_default();
                                    run();
                                }
                            }
                        />
                        <button type="button" class="btn btn-secondary" on:click=move |_| run()>
                            "Найти"
                        </button>
                    </div>
                    {move || {
                        person_error()
                            .map(|m| {
                                view! {
                                    <p class="field-error" data-error-for="person">
                                        {m}
                                    </p>
                                }
                            })
                    }}
                    {move || {
                        search
                            .value()
                            .get()
                            .map(|result| match result {
                                Ok(found) if found.is_empty() => {
                                    view! {
                                        <p class="muted">
                                            "Никого не нашли на ваших участках. Проверьте написание или запишите как «обратился лично»."
                                        </p>
                                    }
                                        .into_any()
                                }
                                Ok(found) => {
                                    view! {
                                        <ul class="found-people" data-testid="found-people">
                                            {found
                                                .into_iter()
                                                .map(|f| {
                                                    let label = format!("{} — {}", f.full_name, f.address);
                                                    let detail = f.detail.clone();
                                                    view! {
                                                        <li>
                                                            <button
                                                                type="button"
                                                                class="found-person"
                                                                on:click=move |_| choose(f.clone())
                                                            >
                                                                <span>{label}</span>
                                                                <small class="muted">{detail}</small>
                                                            </button>
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }
                                Err(e) => view! { <p class="field-error">{e.to_string()}</p> }.into_any(),
                            })
                    }}
                </div>
            </Show>
            <Show when=move || kind.get() == Some(PersonKind::WalkIn)>
                <div class="grid-2">
                    <TextField
                        label="Фамилия, имя, отчество"
                        name="full_name"
                        id="person-name"
                        required=true
                        value=field(|p| p.full_name.clone(), |p, v| p.full_name = v)
                        errors=errors
                    />
                    <TextField
                        label="Телефон"
                        name="phone"
                        id="person-phone"
                        kind="tel"
                        inputmode="tel"
                        required=true
                        value=field(|p| p.phone.clone(), |p, v| p.phone = v)
                        errors=errors
                    />
                </div>
                <TextField
                    label="Адрес проживания"
                    name="address"
                    id="person-address"
                    required=true
                    value=field(|p| p.address.clone(), |p, v| p.address = v)
                    errors=errors
                />
                <div class="field" class:has-error=move || errors.with(|e| e.get("consent").is_some())>
                    <Toggle
                        label="Согласие на обработку персональных данных получено"
                        name="consent"
                        testid="person-consent"
                        value=FieldValue::of(person, |p| p.consent, |p, v| p.consent = v)
                    />
                    {move || {
                        errors
                            .with(|e| e.get("consent").map(str::to_string))
                            .map(|m| {
                                view! {
                                    <p class="field-error" data-error-for="consent">
                                        {m}
                                    </p>
                                }
                            })
                    }}
                </div>
            </Show>
            {with_document
                .then(|| {
                    view! {
                        <TextField
                            label="Документ, удостоверяющий личность"
                            name="document"
                            id="person-document"
                            placeholder="паспорт 67 12 345678, выдан 12.03.2015"
                            value=field(|p| p.document.clone(), |p, v| p.document = v)
                            errors=errors
                        />
                    }
                })}
        </fieldset>
    }
}
