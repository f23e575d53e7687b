//! Who takes part in a raid: staff chosen from the accounts, police officers by name, position
//! and department, partners chosen from the resource map (with their representative).

use super::api::{add_participant, remove_participant};
use super::types::*;
use crate::components::fields::{options_of, FieldValue, SelectField, TextField};
use crate::components::{ErrorNotice, FormErrors};
use crate::error::{AppError, FieldErrors};
use leptos::prelude::*;

/// The department police officers come from, as a form suggests it.
const POLICE: &str = "ОМВД России по г. Югорску";

#[component]
pub fn Participants(raid: Raid, staff: Vec<Choice>, partners: Vec<Choice>, refresh: Callback<()>) -> impl IntoView {
    let count = raid.participants.len();
    let raid_id = StoredValue::new(raid.id.clone());
    view! {
        <section class="card patrol-participants">
            <h2>{format!("Участники: {count}")}</h2>
            {if raid.participants.is_empty() {
                view! {
                    <p class="empty">
                        "Пока никого. Добавьте сотрудников, полицию и партнёров."
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <ul class="patrol-people" data-testid="participants">
                        {raid
                            .participants
                            .iter()
                            .map(|p| {
                                view! {
                                    <li data-testid="participant">
                                        <span class=format!(
                                            "badge patrol-kind-{}",
                                            p.kind.code(),
                                        )>{p.kind.label()}</span>
                                        " "
                                        <span>{p.describe()}</span>
                                        <RemoveButton raid=raid_id.get_value() key=p.key.clone() refresh=refresh />
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <AddParticipant raid=raid.id.clone() staff=staff partners=partners refresh=refresh />
        </section>
    }
}

#[component]
fn RemoveButton(raid: String, key: String, refresh: Callback<()>) -> impl IntoView {
    let target = StoredValue::new((raid, key));
    let remove = Action::new(move |_: &()| {
        let (raid, key) = target.get_value();
        async move { remove_participant(raid, key).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            refresh.run(());
        }
    });
    view! {
        <button
            type="button"
            class="btn btn-secondary"
            disabled=move || remove.pending().get()
            on:click=move |_| {
                remove.dispatch(());
            }
        >
            "Исключить"
        </button>
        {move || {
            remove
                .value()
                .get()
                .and_then(Result::err)
                .map(|e| view! { <span class="field-error">{e.to_string()}</span> })
        }}
    }
}

#[component]
fn AddParticipant(raid: String, staff: Vec<Choice>, partners: Vec<Choice>, refresh: Callback<()>) -> impl IntoView {
    let blank = || ParticipantForm {
        kind: ParticipantKind::Staff.code().into(),
        organisation: POLICE.into(),
        ..ParticipantForm::default()
    };
    let form = RwSignal::new(blank());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let raid = StoredValue::new(raid);
    let save = Action::new(move |f: &ParticipantForm| {
        let f = f.clone();
        let raid = raid.get_value();
        async move { add_participant(raid, f).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            errors.set(FieldErrors::new());
            failure.set(None);
            refresh.run(());
        }
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let kinds = Signal::stored(options_of(ParticipantKind::ALL, ParticipantKind::code, ParticipantKind::label));
    let staff =
        Signal::stored(staff.into_iter().map(|s| (s.id, format!("{} — {}", s.name, s.detail))).collect::<Vec<_>>());
    let partners = Signal::stored(partners.into_iter().map(|p| (p.id, p.name)).collect::<Vec<_>>());
    let kind = move || form.with(|f| ParticipantKind::from_code(&f.kind));
    let field = move |get: fn(&ParticipantForm) -> String, set: fn(&mut ParticipantForm, String)| {
        FieldValue::of(form, get, set)
    };
    view! {
        <form
            class="patrol-add"
            novalidate
            data-testid="participant-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(form.get_untracked());
            }
        >
            <h3>"Добавить участника"</h3>
            <SelectField
                label="Кто"
                name="kind"
                id="participant-kind"
                required=true
                value=field(|f| f.kind.clone(), |f, v| f.kind = v)
                options=kinds
                errors=errors
            />
            <Show when=move || kind() == Some(ParticipantKind::Staff)>
                <SelectField
                    label="Сотрудник"
                    name="user"
                    id="participant-user"
                    required=true
                    value=field(|f| f.user.clone(), |f, v| f.user = v)
                    options=staff
                    empty_label="— выберите сотрудника —"
                    errors=errors
                />
            </Show>
            <Show when=move || kind() == Some(ParticipantKind::Partner)>
                <SelectField
                    label="Партнёр из карты ресурсов"
                    name="partner"
                    id="participant-partner"
                    required=true
                    value=field(|f| f.partner.clone(), |f, v| f.partner = v)
                    options=partners
                    empty_label="— выберите организацию —"
                    errors=errors
                />
            </Show>
            <Show when=move || kind() == Some(ParticipantKind::Partner)>
                <div class="grid-2">
                    <TextField
                        label="Представитель (ФИО)"
                        name="full_name"
                        id="participant-representative"
                        value=field(|f| f.full_name.clone(), |f, v| f.full_name = v)
                        errors=errors
                    />
                    <TextField
                        label="Должность представителя"
                        name="position"
                        id="participant-representative-position"
                        value=field(|f| f.position.clone(), |f, v| f.position = v)
                        errors=errors
                    />
                </div>
            </Show>
            <Show when=move || kind() == Some(ParticipantKind::Police)>
                <div class="grid-3">
                    <TextField
                        label="ФИО сотрудника полиции"
                        name="full_name"
                        id="participant-name"
                        required=true
                        placeholder="Смирнов А. В."
                        value=field(|f| f.full_name.clone(), |f, v| f.full_name = v)
                        errors=errors
                    />
                    <TextField
                        label="Должность"
                        name="position"
                        id="participant-position"
                        placeholder="участковый уполномоченный полиции"
                        value=field(|f| f.position.clone(), |f, v| f.position = v)
                        errors=errors
                    />
                    <TextField
                        label="Подразделение"
                        name="organisation"
                        id="participant-department"
                        required=true
                        value=field(|f| f.organisation.clone(), |f, v| f.organisation = v)
                        errors=errors
                    />
                </div>
            </Show>
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            <FormErrors errors=errors />
            <button type="submit" class="btn btn-secondary btn-large" disabled=move || save.pending().get()>
                "Добавить участника"
            </button>
        </form>
    }
}
