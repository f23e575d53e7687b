//! The fields of the case form, by section: who, the members of the family, the contacts and
//! the consent, the work with the case. Shared by the new-case form and the editing of a case.

use super::api::CaseLists;
use super::form_state::CaseFields;
use super::members::MembersEditor;
use super::types::*;
use crate::components::fields::{options_of, CheckboxGroup, FieldValue, SelectField, TextArea, TextField, Toggle};
use crate::error::FieldErrors;
use leptos::prelude::*;

#[component]
pub(crate) fn CaseFormFields(
    fields: CaseFields,
    errors: RwSignal<FieldErrors>,
    lists: CaseLists,
    can_assign: bool,
    can_approve: bool,
) -> impl IntoView {
    let kinds = Signal::stored(options_of(CaseKind::ALL, CaseKind::code, CaseKind::label));
    let categories = options_of(Category::ALL, Category::code, Category::label);
    view! {
        <section class="form-section">
            <div class="grid-3">
                <SelectField label="Кто" name="kind" value=fields.kind errors=errors options=kinds required=true />
                <TextField
                    label="Название случая"
                    name="title"
                    value=fields.title
                    errors=errors
                    placeholder="Семья Ивановых"
                    required=true
                    hint="Для гражданина можно оставить пустым — возьмём ФИО первого в списке"
                />
                <TextField
                    label="Дата обращения (выявления)"
                    name="detected_on"
                    kind="date"
                    value=fields.detected_on
                    errors=errors
                    required=true
                />
            </div>
        </section>
        <section class="form-section">
            <h3>"Члены семьи"</h3>
            <MembersEditor fields=fields errors=errors />
            <CheckboxGroup
                label="Категории семьи"
                name="categories"
                value=fields.categories
                errors=errors
                options=categories
            />
        </section>
        <ContactsSection fields=fields errors=errors lists=lists.clone() />
        <WorkSection fields=fields errors=errors lists=lists can_assign=can_assign can_approve=can_approve />
    }
}

/// The address, the district, the phone and the consent to the processing of personal data.
#[component]
fn ContactsSection(fields: CaseFields, errors: RwSignal<FieldErrors>, lists: CaseLists) -> impl IntoView {
    let districts = Signal::stored(lists.districts.iter().map(|d| (d.id.clone(), d.name.clone())).collect::<Vec<_>>());
    // Ticking the consent dates it today, unless a date is there already.
    let consent = FieldValue::new(
        move || fields.consent.get(),
        move |on| {
            fields.consent.set(on);
            if on && fields.consent_date.get_untracked().is_empty() {
                fields.consent_date.set(crate::time::local_today(chrono::Utc::now()).format("%Y-%m-%d").to_string());
            }
        },
    );
    view! {
        <section class="form-section">
            <h3>"Контакты"</h3>
            <div class="grid-2">
                <TextField
                    label="Адрес"
                    name="address"
                    value=fields.address
                    errors=errors
                    placeholder="г. Югорск, ул. …, д. …, кв. …"
                />
                <SelectField
                    label="Социальный участок"
                    name="district"
                    value=fields.district
                    errors=errors
                    options=districts
                    empty_label="— не определён —"
                />
                <TextField
                    label="Телефон"
                    name="phone"
                    kind="tel"
                    inputmode="tel"
                    value=fields.phone
                    errors=errors
                    placeholder="+7 912 345-67-89"
                />
                <div class="field">
                    <Toggle
                        label="Согласие на обработку персональных данных получено"
                        name="consent"
                        class="toggle-line"
                        value=consent
                    />
                    <p class="field-error" data-error-for="consent">
                        {move || errors.with(|e| e.get("consent").map(str::to_string))}
                    </p>
                </div>
                <TextField
                    label="Дата согласия"
                    name="consent_date"
                    kind="date"
                    value=fields.consent_date
                    errors=errors
                />
            </div>
        </section>
    }
}

/// The curator, where the case came from, the commission's decision and the plan's approval.
#[component]
fn WorkSection(
    fields: CaseFields,
    errors: RwSignal<FieldErrors>,
    lists: CaseLists,
    can_assign: bool,
    can_approve: bool,
) -> impl IntoView {
    let sources = Signal::stored(options_of(Source::ALL, Source::code, Source::label));
    let staff = Signal::stored(lists.staff.iter().map(|s| (s.id.clone(), s.full_name.clone())).collect::<Vec<_>>());
    let curator_locked = !can_assign;
    view! {
        <section class="form-section">
            <h3>"Работа со случаем"</h3>
            <div class="grid-2">
                <div class:locked=curator_locked>
                    <SelectField
                        label="Куратор"
                        name="curator"
                        value=fields.curator
                        errors=errors
                        options=staff
                        empty_label="— не назначен —"
                    />
                    {curator_locked
                        .then(|| {
                            view! {
                                <p class="hint">
                                    "Куратора назначает заведующий; специалист может взять случай без куратора себе."
                                </p>
                            }
                        })}
                </div>
                <SelectField
                    label="Откуда поступил"
                    name="source"
                    value=fields.source
                    errors=errors
                    options=sources
                    required=true
                />
                <TextField
                    label="Уточнение источника"
                    name="source_detail"
                    value=fields.source_detail
                    errors=errors
                    placeholder="Например: КДНиЗП, письмо от 20.11.2026"
                />
                <TextField
                    label="Признан нуждающимся"
                    name="need_recognised_on"
                    kind="date"
                    value=fields.need_recognised_on
                    errors=errors
                    hint="Дата решения комиссии"
                />
                {can_approve
                    .then(|| {
                        view! {
                            <TextField
                                label="План (ИППСУ, ИПСС) утверждён"
                                name="plan_approved_on"
                                kind="date"
                                value=fields.plan_approved_on
                                errors=errors
                                hint="С этой даты считается срок начала реализации — 15 рабочих дней"
                            />
                        }
                    })}
            </div>
            <TextArea label="Заметки" name="notes" value=fields.notes errors=errors rows=4 />
        </section>
    }
}
