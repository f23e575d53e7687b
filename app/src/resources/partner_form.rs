//! The partner form (`/resources/partners/new`, and on a partner's card): the organisation, its
//! services, the agreement and the verification. What is typed is kept on the device as a draft
//! until it is saved.

use super::api::{create_partner, update_partner};
use super::service_fields::ServiceFields;
use super::types::*;
use crate::components::fields::{CheckboxGroup, FieldValue, SelectField, TextArea, TextField};
use crate::components::storage::{clear_draft, load_draft, save_draft};
use crate::error::FieldErrors;
use leptos::prelude::*;

/// The draft kept on the device: the form and the version it was begun from.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Draft {
    version: i64,
    form: PartnerForm,
}

/// The partner form; `id` None for a new partner.
#[component]
pub(crate) fn PartnerEditor(
    lists: ResourceLists,
    form: PartnerForm,
    id: Option<String>,
    version: i64,
) -> impl IntoView {
    let draft_key = format!("partner-draft-{}", id.clone().unwrap_or_else(|| "new".into()));
    let restored = RwSignal::new(false);
    let form = RwSignal::new(form);
    let version = RwSignal::new(version);
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    {
        let key = draft_key.clone();
        Effect::new(move |first: Option<()>| {
            if first.is_none() {
                if let Some(draft) = load_draft::<Draft>(&key) {
                    if draft.version == version.get_untracked() && draft.form != form.get_untracked() {
                        form.set(draft.form);
                        restored.set(true);
                    }
                }
                return;
            }
            let current = form.get();
            save_draft(&key, &Draft { version: version.get_untracked(), form: current });
        });
    }
    let id_for_save = id.clone();
    let save = Action::new(move |f: &PartnerForm| {
        let f = f.clone();
        let id = id_for_save.clone();
        let v = version.get_untracked();
        async move {
            match id {
                Some(id) => update_partner(id.clone(), v, f).await.map(|v| (id, v)),
                None => create_partner(f).await.map(|id| (id, 1)),
            }
        }
    });
    let is_new = id.is_none();
    let key_for_clear = draft_key.clone();
    Effect::new(move |_| match save.value().get() {
        Some(Ok((id, v))) => {
            clear_draft(&key_for_clear);
            errors.set(FieldErrors::new());
            failure.set(None);
            version.set(v);
            if let Some(window) = web_sys::window() {
                let _ = window.location().assign(&format!("/resources/partners/{id}"));
            }
            saved.set(Some("Сохранено".into()));
        }
        Some(Err(e)) => {
            errors.set(e.field_errors().cloned().unwrap_or_default());
            failure.set(Some(e.form_message()));
        }
        None => {}
    });

    let help_kinds = StoredValue::new(lists.help_kinds.clone());
    let today = lists.today.format("%Y-%m-%d").to_string();
    let services = Memo::new(move |_| form.with(|f| f.services.len()));
    view! {
        <form
            class="partner-form"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(form.get_untracked());
            }
        >
            {move || {
                restored
                    .get()
                    .then(|| {
                        view! {
                            <div class="notice notice-warn" role="status">
                                "Восстановлен несохранённый черновик с этого устройства."
                            </div>
                        }
                    })
            }}
            <OrganisationFields form=form errors=errors districts=lists.districts.clone() />
            <fieldset class="form-section">
                <legend>"Услуги"</legend>
                {move || {
                    errors
                        .with(|e| e.get("services").map(str::to_string))
                        .map(|m| view! { <p class="field-error">{m}</p> })
                }}
                {move || {
                    (0..services.get())
                        .map(|i| {
                            view! { <ServiceFields i=i form=form errors=errors help_kinds=help_kinds.get_value() /> }
                        })
                        .collect_view()
                }}
                <button
                    type="button"
                    class="btn btn-secondary"
                    on:click=move |_| {
                        form.update(|f| {
                            f.services
                                .push(ServiceForm {
                                    cost: Cost::Free.code().into(),
                                    ..Default::default()
                                })
                        })
                    }
                >
                    "+ Добавить услугу"
                </button>
            </fieldset>
            <AgreementFields form=form errors=errors today=today />
            {move || {
                failure
                    .get()
                    .map(|m| {
                        view! {
                            <div class="notice notice-error" role="alert" data-testid="form-failure">
                                {m}
                            </div>
                        }
                    })
            }}
            {move || {
                saved
                    .get()
                    .map(|m| {
                        view! {
                            <div class="notice notice-success" role="status">
                                {m}
                            </div>
                        }
                    })
            }}
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" disabled=move || save.pending().get()>
                    {move || {
                        if save.pending().get() {
                            "Сохранение…"
                        } else if is_new {
                            "Добавить партнёра"
                        } else {
                            "Сохранить"
                        }
                    }}
                </button>
            </div>
        </form>
    }
}

/// A text field of the form bound to one part of it.
fn text(
    form: RwSignal<PartnerForm>,
    errors: RwSignal<FieldErrors>,
    label: &'static str,
    name: &'static str,
    get: fn(&PartnerForm) -> String,
    set: fn(&mut PartnerForm, String),
    kind: &'static str,
) -> impl IntoView {
    view! { <TextField label=label name=name kind=kind value=FieldValue::of(form, get, set) errors=errors /> }
}

/// The organisation: its kind, name, contacts, place and districts.
#[component]
fn OrganisationFields(
    form: RwSignal<PartnerForm>,
    errors: RwSignal<FieldErrors>,
    districts: Vec<DistrictShape>,
) -> impl IntoView {
    let kinds =
        Signal::stored(PartnerKind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect());
    let districts = districts.into_iter().map(|d| (d.id, d.name)).collect();
    let text = move |label, name, get, set, kind| text(form, errors, label, name, get, set, kind);
    view! {
        <fieldset class="form-section">
            <legend>"Организация"</legend>
            <SelectField
                label="Вид организации"
                name="kind"
                value=FieldValue::of(form, |f| f.kind.clone(), |f, v| f.kind = v)
                errors=errors
                options=kinds
                empty_label="— выберите —"
                required=true
            />
            {text("Наименование *", "name", |f| f.name.clone(), |f, v| f.name = v, "text")}
            <TextArea
                label="Чем занимается, как обратиться"
                name="description"
                value=FieldValue::of(form, |f| f.description.clone(), |f, v| f.description = v)
                errors=errors
            />
            {text("Адрес", "address", |f| f.address.clone(), |f, v| f.address = v, "text")}
            {text(
                "Телефоны (через запятую)",
                "phones",
                |f| f.phones.clone(),
                |f, v| f.phones = v,
                "tel",
            )}
            {text("E-mail", "email", |f| f.email.clone(), |f, v| f.email = v, "email")}
            {text("Сайт", "website", |f| f.website.clone(), |f, v| f.website = v, "text")}
            {text(
                "Контактное лицо",
                "contact_person",
                |f| f.contact_person.clone(),
                |f, v| f.contact_person = v,
                "text",
            )}
            {text("Режим работы", "hours", |f| f.hours.clone(), |f, v| f.hours = v, "text")}
            <div class="field-row">
                {text("Широта", "lat", |f| f.lat.clone(), |f, v| f.lat = v, "text")}
                {text("Долгота", "lon", |f| f.lon.clone(), |f, v| f.lon = v, "text")}
            </div>
            <p class="hint">
                "Место проще задать на карте: включите «Перемещать отметки» и перетащите отметку."
            </p>
            <CheckboxGroup
                label="Участки, которые обслуживает (ни одного — весь город)"
                name="districts"
                value=FieldValue::of(form, |f| f.districts.clone(), |f, v| f.districts = v)
                errors=errors
                options=districts
            />
        </fieldset>
    }
}

/// The agreement on cooperation and the verification of the partner's details.
#[component]
fn AgreementFields(form: RwSignal<PartnerForm>, errors: RwSignal<FieldErrors>, today: String) -> impl IntoView {
    let text = move |label, name, get, set, kind| text(form, errors, label, name, get, set, kind);
    view! {
        <fieldset class="form-section">
            <legend>"Соглашение о взаимодействии и проверка"</legend>
            <div class="field-row">
                {text(
                    "Номер соглашения",
                    "agreement_number",
                    |f| f.agreement_number.clone(),
                    |f, v| f.agreement_number = v,
                    "text",
                )}
                {text("Дата", "agreement_date", |f| f.agreement_date.clone(), |f, v| f.agreement_date = v, "date")}
                {text(
                    "Действует до",
                    "agreement_until",
                    |f| f.agreement_until.clone(),
                    |f, v| f.agreement_until = v,
                    "date",
                )}
            </div>
            <div class="field-row">
                {text(
                    "Сведения проверены",
                    "verified_on",
                    |f| f.verified_on.clone(),
                    |f, v| f.verified_on = v,
                    "date",
                )}
                <button
                    type="button"
                    class="btn btn-secondary align-end"
                    on:click=move |_| {
                        let t = today.clone();
                        form.update(|f| f.verified_on = t);
                    }
                >
                    "Проверено сегодня"
                </button>
            </div>
        </fieldset>
    }
}
