//! The forms of a benefactor and of a beneficiary, opened above the registries.

use super::api::{archive_donation, load_donations, save_benefactor, save_beneficiary};
use super::types::*;
use crate::components::fields::{options_of, CheckboxGroup, SelectField, TextArea, TextField};
use crate::error::FieldErrors;
use leptos::prelude::*;

#[component]
pub(crate) fn BenefactorEditor(lists: ResourceLists, current: Option<Benefactor>, done: Callback<()>) -> impl IntoView {
    let id = current.as_ref().map(|b| b.id.clone()).unwrap_or_default();
    let version = current.as_ref().map(|b| b.version).unwrap_or(0);
    let archive = current.as_ref().map(|b| (b.id.clone(), b.version, b.archived));
    let kind =
        RwSignal::new(current.as_ref().map(|b| b.kind.code().to_string()).unwrap_or_else(|| "organisation".into()));
    let name = RwSignal::new(current.as_ref().map(|b| b.name.clone()).unwrap_or_default());
    let contact = RwSignal::new(current.as_ref().map(|b| b.contact.clone()).unwrap_or_default());
    let phone = RwSignal::new(
        current.as_ref().and_then(|b| b.phone.clone()).map(|p| crate::phone::format_phone(&p)).unwrap_or_default(),
    );
    let offer = RwSignal::new(current.as_ref().map(|b| b.offer.clone()).unwrap_or_default());
    let help = RwSignal::new(current.as_ref().map(|b| b.help.clone()).unwrap_or_default());
    let districts = RwSignal::new(current.as_ref().map(|b| b.districts.clone()).unwrap_or_default());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<String>);
    let save = Action::new(move |form: &BenefactorForm| save_benefactor(id.clone(), version, form.clone()));
    follow_save(save, errors, failure, done);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(BenefactorForm {
            kind: kind.get_untracked(),
            name: name.get_untracked(),
            contact: contact.get_untracked(),
            phone: phone.get_untracked(),
            help: help.get_untracked(),
            offer: offer.get_untracked(),
            districts: districts.get_untracked(),
        });
    };
    let kinds = Signal::stored(options_of(BenefactorKind::ALL, BenefactorKind::code, BenefactorKind::label));
    let help_kinds = lists.help_kinds.iter().map(|k| (k.code.clone(), k.label.clone())).collect();
    let district_options = lists.districts.iter().map(|d| (d.id.clone(), format!("№ {}", d.number))).collect();
    view! {
        <form class="card-block inline-form" novalidate on:submit=submit>
            <h2>
                {if current.is_some() {
                    "Благотворитель"
                } else {
                    "Новый благотворитель"
                }}
            </h2>
            <SelectField label="Кто" name="kind" id="d-kind" value=kind errors=errors options=kinds />
            <TextField
                label="Имя или наименование"
                name="name"
                id="d-name"
                value=name
                errors=errors
            />
            <TextField
                label="Контактное лицо"
                name="contact"
                id="d-contact"
                value=contact
                errors=errors
            />
            <TextField label="Телефон" name="phone" id="d-phone" value=phone errors=errors />
            <CheckboxGroup
                label="Чем готов помочь"
                name="help"
                value=help
                errors=errors
                options=help_kinds
            />
            <TextArea label="Что предлагает" name="offer" id="d-offer" rows=2 value=offer errors=errors />
            <CheckboxGroup
                label="Участки (ни одного — весь город)"
                name="districts"
                value=districts
                errors=errors
                options=district_options
            />
            <EditorFooter registry="benefactor" archive=archive failure=failure done=done />
        </form>
    }
}

#[component]
pub(crate) fn BeneficiaryEditor(
    lists: ResourceLists,
    current: Option<Beneficiary>,
    done: Callback<()>,
) -> impl IntoView {
    let id = current.as_ref().map(|b| b.id.clone()).unwrap_or_default();
    let version = current.as_ref().map(|b| b.version).unwrap_or(0);
    let archive = current.as_ref().map(|b| (b.id.clone(), b.version, b.archived));
    let name = RwSignal::new(current.as_ref().map(|b| b.name.clone()).unwrap_or_default());
    let district = RwSignal::new(current.as_ref().and_then(|b| b.district.clone()).unwrap_or_default());
    let members = RwSignal::new(current.as_ref().map(|b| b.members.to_string()).unwrap_or_else(|| "3".into()));
    let need = RwSignal::new(current.as_ref().map(|b| b.need.clone()).unwrap_or_default());
    let help = RwSignal::new(current.as_ref().map(|b| b.help.clone()).unwrap_or_default());
    let case = RwSignal::new(current.as_ref().and_then(|b| b.case.clone()).map(|(_, n)| n).unwrap_or_default());
    let benefactor =
        RwSignal::new(current.as_ref().and_then(|b| b.benefactor.clone()).map(|(k, _)| k).unwrap_or_default());
    let status =
        RwSignal::new(current.as_ref().map(|b| b.status.code().to_string()).unwrap_or_else(|| "waiting".into()));
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<String>);
    let benefactors = Resource::new(|| (), |_| load_donations(false, None));
    let save = Action::new(move |form: &BeneficiaryForm| save_beneficiary(id.clone(), version, form.clone()));
    follow_save(save, errors, failure, done);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(BeneficiaryForm {
            name: name.get_untracked(),
            district: district.get_untracked(),
            members: members.get_untracked(),
            help: help.get_untracked(),
            need: need.get_untracked(),
            case: case.get_untracked(),
            benefactor: benefactor.get_untracked(),
            status: status.get_untracked(),
        });
    };
    let help_kinds = lists.help_kinds.iter().map(|k| (k.code.clone(), k.label.clone())).collect();
    let district_options =
        Signal::stored(lists.districts.iter().map(|d| (d.id.clone(), d.name.clone())).collect::<Vec<_>>());
    let benefactor_options = Signal::derive(move || {
        benefactors
            .get()
            .and_then(Result::ok)
            .map(|d| d.benefactors.into_iter().map(|b| (b.id, b.name)).collect())
            .unwrap_or_default()
    });
    let statuses =
        Signal::stored(options_of(BeneficiaryStatus::ALL, BeneficiaryStatus::code, BeneficiaryStatus::label));
    view! {
        <form class="card-block inline-form" novalidate on:submit=submit>
            <h2>
                {if current.is_some() {
                    "Благополучатель"
                } else {
                    "Новый благополучатель"
                }}
            </h2>
            <TextField label="Семья" name="name" id="d-name" value=name errors=errors />
            <SelectField
                label="Участок"
                name="district"
                id="d-district"
                value=district
                errors=errors
                options=district_options
                empty_label="—"
            />
            <TextField label="Членов семьи" name="members" id="d-members" value=members errors=errors />
            <CheckboxGroup
                label="Какая помощь нужна"
                name="help"
                value=help
                errors=errors
                options=help_kinds
            />
            <TextArea label="Подробно" name="need" id="d-need" rows=2 value=need errors=errors />
            <TextField
                label="Номер случая (например, 2026-0015)"
                name="case"
                id="d-case"
                value=case
                errors=errors
            />
            <SelectField
                label="Благотворитель"
                name="benefactor"
                id="d-benefactor"
                value=benefactor
                errors=errors
                options=benefactor_options
                empty_label="— пока нет —"
            />
            <SelectField
                label="Состояние"
                name="status"
                id="d-status"
                value=status
                errors=errors
                options=statuses
            />
            <EditorFooter registry="beneficiary" archive=archive failure=failure done=done />
        </form>
    }
}

/// Why the registry did not take the form.
#[component]
fn FormFailure(failure: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        failure.get().map(|m| {
            view! {
                <div class="notice notice-error" role="alert">
                    {m}
                </div>
            }
        })
    }
}

/// A save of a registry form: closes it when taken, otherwise marks the fields and says why (what
/// was typed stays).
fn follow_save<I: 'static>(
    save: Action<I, Result<String, crate::error::AppError>>,
    errors: RwSignal<FieldErrors>,
    failure: RwSignal<Option<String>>,
    done: Callback<()>,
) {
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => done.run(()),
        Some(Err(e)) => {
            errors.set(e.field_errors().cloned().unwrap_or_default());
            failure.set(Some(e.form_message()));
        }
        None => {}
    });
}

/// Under a registry form: why it was not taken, and «Сохранить», «Отмена», «В архив».
#[component]
fn EditorFooter(
    registry: &'static str,
    archive: Option<(String, i64, bool)>,
    failure: RwSignal<Option<String>>,
    done: Callback<()>,
) -> impl IntoView {
    view! {
        <FormFailure failure=failure />
        <div class="form-actions">
            <button class="btn btn-primary" type="submit">
                "Сохранить"
            </button>
            <button class="btn btn-secondary" type="button" on:click=move |_| done.run(())>
                "Отмена"
            </button>
            <ArchiveButton registry=registry current=archive failure=failure done=done />
        </div>
    }
}

/// «В архив» (or «Вернуть из архива») for a record already in the registry, of the version the
/// form was opened with: a record a colleague changed meanwhile is refused with the reason.
#[component]
fn ArchiveButton(
    registry: &'static str,
    /// The record's key, version and whether it is archived; none for a new record.
    current: Option<(String, i64, bool)>,
    failure: RwSignal<Option<String>>,
    done: Callback<()>,
) -> impl IntoView {
    let (id, version, archived) = current?;
    let action = Action::new(move |_: &()| archive_donation(registry.to_string(), id.clone(), version, !archived));
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => done.run(()),
        Some(Err(e)) => failure.set(Some(e.form_message())),
        None => {}
    });
    Some(view! {
        <button
            class="btn btn-secondary"
            type="button"
            data-testid="archive-donation"
            disabled=move || action.pending().get()
            on:click=move |_| {
                action.dispatch(());
            }
        >
            {if archived { "Вернуть из архива" } else { "В архив" }}
        </button>
    })
}
