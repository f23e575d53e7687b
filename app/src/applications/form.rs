//! The application form (`/applications/new`). What is typed stays in the form on every error
//! and, as a draft, on the device, so a reload or a lost connection loses nothing.

use super::api::{blank_application, correct_application, correction_of_application, register_application};
use super::types::*;
use crate::components::fields::{
    options_of, CheckboxChips, CheckboxGroup, FieldValue, SelectField, TextArea, TextField, Toggle,
};
use crate::components::storage::{clear_draft, load_draft, save_draft};
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::social_services::{ServiceKind, SupportArea};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

const DRAFT: &str = "opora.draft.application.new";

/// A registered application being corrected: the form answers its version, with a reason.
#[derive(Debug, Clone, PartialEq)]
struct Correcting {
    id: String,
    version: i64,
    date_locked: bool,
}

#[component]
pub fn NewApplicationPage() -> impl IntoView {
    let blank = Resource::new(|| (), |_| blank_application());
    view! {
        <AppShell title="Новое заявление">
            <div class="page-head">
                <div>
                    <a class="back" href="/applications">
                        "← Журнал заявлений"
                    </a>
                    <h1>
                        "Заявление о предоставлении социального обслуживания"
                    </h1>
                </div>
            </div>
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match blank.await {
                        Ok(lists) => view! { <ApplicationFormView lists=lists /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

/// `/applications/<id>/edit`: the correction of a registered application, with its reason.
#[component]
pub fn CorrectApplicationPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let correction = Resource::new(move || id.get(), correction_of_application);
    view! {
        <AppShell title="Исправление заявления">
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match correction.await {
                        Ok(c) => {
                            let correcting = Correcting {
                                id: c.id.clone(),
                                version: c.version,
                                date_locked: c.date_locked,
                            };
                            view! {
                                <div class="page-head">
                                    <div>
                                        <a class="back" href=format!("/applications/{}", c.id)>
                                            {format!("← Заявление {}", c.label)}
                                        </a>
                                        <h1>{format!("Исправление заявления {}", c.label)}</h1>
                                        <p class="muted">
                                            "Номер и год в журнале не меняются; каждое исправление остаётся в истории заявления с причиной."
                                        </p>
                                    </div>
                                </div>
                                <ApplicationFormView lists=c.lists correcting=correcting />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

/// A text field of a member row.
fn member_text(
    form: RwSignal<ApplicationForm>,
    i: usize,
    field: fn(&mut MemberForm) -> &mut String,
) -> FieldValue<String> {
    FieldValue::new(
        move || form.with(|f| f.members.get(i).cloned().map(|mut m| field(&mut m).clone()).unwrap_or_default()),
        move |value| {
            form.update(|f| {
                if let Some(m) = f.members.get_mut(i) {
                    *field(m) = value;
                }
            })
        },
    )
}

#[component]
fn ApplicationFormView(lists: ApplicationLists, #[prop(optional)] correcting: Option<Correcting>) -> impl IntoView {
    let initial = lists.form.clone();
    let form = RwSignal::new(initial.clone());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let restored = RwSignal::new(false);
    // A correction keeps its own draft and its reason, per application and version.
    let draft_key = StoredValue::new(match &correcting {
        Some(c) => format!("opora.draft.application.{}.{}", c.id, c.version),
        None => DRAFT.to_string(),
    });
    let reason_key = StoredValue::new(format!("{}.reason", draft_key.get_value()));
    let reason = RwSignal::new(String::new());
    let is_correction = correcting.is_some();
    let date_locked = correcting.as_ref().is_some_and(|c| c.date_locked);
    let correcting = StoredValue::new(correcting);
    // The draft on the device: restored once, then kept with every change.
    let first = initial.clone();
    Effect::new(move |previous: Option<()>| {
        let now = form.get();
        if previous.is_none() {
            if let Some(draft) = load_draft::<ApplicationForm>(&draft_key.get_value()).filter(|d| *d != first) {
                form.set(draft);
                restored.set(true);
            }
            return;
        }
        if now == first {
            clear_draft(&draft_key.get_value());
        } else {
            save_draft(&draft_key.get_value(), &now);
        }
    });
    Effect::new(move |previous: Option<()>| {
        let now = reason.get();
        if previous.is_none() {
            if let Some(kept) = load_draft::<String>(&reason_key.get_value()) {
                reason.set(kept);
            }
            return;
        }
        save_draft(&reason_key.get_value(), &now);
    });
    let navigate = use_navigate();
    let save = Action::new(move |(f, why): &(ApplicationForm, String)| {
        let (f, why) = (f.clone(), why.clone());
        let target = correcting.get_value();
        async move {
            match target {
                Some(c) => correct_application(c.id, c.version, f, why).await.map(|a| (a, true)),
                None => register_application(f).await.map(|a| (a, false)),
            }
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok((application, corrected))) => {
            clear_draft(&draft_key.get_value());
            clear_draft(&reason_key.get_value());
            let flag = if corrected { "corrected" } else { "registered" };
            navigate(&format!("/applications/{}?{flag}=1", application.id), Default::default());
        }
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });

    let kinds = Signal::stored(options_of(ApplicantKind::ALL, ApplicantKind::code, ApplicantKind::label));
    let receivers =
        Signal::stored(lists.receivers.iter().map(|r| (r.id.clone(), r.full_name.clone())).collect::<Vec<_>>());
    let districts = Signal::stored(lists.districts.iter().map(|d| (d.id.clone(), d.name.clone())).collect::<Vec<_>>());
    let services = options_of(ServiceKind::ALL, ServiceKind::code, ServiceKind::label);
    let kind = move || form.with(|f| ApplicantKind::from_code(&f.applicant_kind));
    let field = move |get: fn(&ApplicationForm) -> String, set: fn(&mut ApplicationForm, String)| {
        FieldValue::of(form, get, set)
    };
    let rows = move || (0..form.with(|f| f.members.len())).collect::<Vec<usize>>();
    let add_member = move |_| form.update(|f| f.members.push(MemberForm::default()));

    view! {
        <form
            class="case-form application-form"
            novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch((form.get_untracked(), reason.get_untracked()));
            }
        >
            <Show when=move || restored.get()>
                <div class="notice notice-info" role="status">
                    "Восстановлен несохранённый черновик с этого устройства."
                    <button
                        type="button"
                        class="btn btn-ghost btn-small"
                        on:click={
                            let initial = initial.clone();
                            move |_| {
                                form.set(initial.clone());
                                restored.set(false);
                            }
                        }
                    >
                        "Начать заново"
                    </button>
                </div>
            </Show>
            <section class="card form-section">
                <h2>"Регистрация"</h2>
                <div class="grid-2">
                    <TextField
                        label="Дата поступления"
                        name="received_on"
                        kind="date"
                        required=true
                        value=field(|f| f.received_on.clone(), |f, v| f.received_on = v)
                        errors=errors
                    />
                    {date_locked
                        .then(|| {
                            view! {
                                <p class="hint">
                                    "По заявлению открыт случай: дата поступления не меняется — от неё считается срок предложений к ИППСУ."
                                </p>
                            }
                        })}
                    <SelectField
                        label="Заявление принял(а)"
                        name="received_by"
                        required=true
                        value=field(|f| f.received_by.clone(), |f, v| f.received_by = v)
                        options=receivers
                        empty_label="— выберите —"
                        errors=errors
                    />
                </div>
            </section>
            <section class="card form-section">
                <h2>"Заявитель"</h2>
                <SelectField
                    label="Кто подаёт заявление"
                    name="applicant_kind"
                    required=true
                    value=field(|f| f.applicant_kind.clone(), |f, v| f.applicant_kind = v)
                    options=kinds
                    errors=errors
                />
                <Show when=move || kind() == Some(ApplicantKind::Organisation)>
                    <TextField
                        label="Наименование органа или объединения"
                        name="organisation"
                        required=true
                        value=field(|f| f.organisation.clone(), |f, v| f.organisation = v)
                        errors=errors
                    />
                </Show>
                <div class="grid-2">
                    <Show when=move || kind().is_some_and(|k| k != ApplicantKind::Citizen)>
                        <TextField
                            label="ФИО заявителя (для органа — контактного лица)"
                            name="applicant_name"
                            value=field(|f| f.applicant_name.clone(), |f, v| f.applicant_name = v)
                            errors=errors
                        />
                    </Show>
                    <TextField
                        label="Контактный телефон"
                        name="applicant_phone"
                        kind="tel"
                        inputmode="tel"
                        value=field(|f| f.applicant_phone.clone(), |f, v| f.applicant_phone = v)
                        errors=errors
                    />
                </div>
            </section>
            <section class="card form-section">
                <h2>"Гражданин, в интересах которого подано заявление"</h2>
                <div class="grid-2">
                    <TextField
                        label="Фамилия, имя, отчество"
                        name="citizen_name"
                        required=true
                        value=field(|f| f.citizen_name.clone(), |f, v| f.citizen_name = v)
                        errors=errors
                    />
                    <TextField
                        label="Дата рождения"
                        name="citizen_birth_date"
                        kind="date"
                        value=field(|f| f.citizen_birth_date.clone(), |f, v| f.citizen_birth_date = v)
                        errors=errors
                    />
                </div>
                <div class="grid-2">
                    <TextField
                        label="Место жительства"
                        name="address"
                        required=true
                        value=field(|f| f.address.clone(), |f, v| f.address = v)
                        errors=errors
                    />
                    <SelectField
                        label="Социальный участок"
                        name="district"
                        value=field(|f| f.district.clone(), |f, v| f.district = v)
                        options=districts
                        empty_label="— не определён —"
                        errors=errors
                    />
                </div>
                <CheckboxGroup
                    label="Виды социальных услуг, в которых нуждается гражданин"
                    name="services"
                    value=FieldValue::of(form, |f| f.services.clone(), |f, v| f.services = v)
                    options=services
                    errors=errors
                />
                <TextArea
                    label="Обстоятельства, обусловливающие нуждаемость в социальном обслуживании"
                    name="circumstances"
                    rows=4
                    required=true
                    value=field(|f| f.circumstances.clone(), |f, v| f.circumstances = v)
                    errors=errors
                />
            </section>
            <section class="card form-section">
                <h2>"Члены семьи и виды помощи, в которых они нуждаются"</h2>
                <div class="members-editor">
                    <For each=rows key=|i| *i let:i>
                        <MemberRow form=form i=i errors=errors />
                    </For>
                    <button type="button" class="btn btn-secondary" on:click=add_member>
                        "+ Добавить члена семьи"
                    </button>
                    <p class="field-error">{move || errors.with(|e| e.get("members").map(str::to_string))}</p>
                </div>
            </section>
            <section class="card form-section">
                <h2>"Согласие на обработку персональных данных"</h2>
                <Toggle
                    label="Гражданин (заявитель) дал согласие на обработку персональных данных"
                    name="consent"
                    value=FieldValue::of(form, |f| f.consent, |f, v| f.consent = v)
                />
                <p class="field-error" data-error-for="consent">
                    {move || errors.with(|e| e.get("consent").map(str::to_string))}
                </p>
                <TextField
                    label="Дата согласия"
                    name="consent_on"
                    kind="date"
                    value=field(|f| f.consent_on.clone(), |f, v| f.consent_on = v)
                    errors=errors
                />
            </section>
            {is_correction
                .then(|| {
                    view! {
                        <section class="card form-section">
                            <h2>"Причина исправления"</h2>
                            <TextArea
                                label="Что было записано неверно и на основании чего исправлено"
                                name="reason"
                                rows=2
                                required=true
                                value=reason
                                errors=errors
                            />
                        </section>
                    }
                })}
            <div class="form-actions sticky-actions">
                {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })} <FormErrors errors=errors />
                <div class="buttons">
                    <button type="submit" class="btn btn-primary btn-large" disabled=move || save.pending().get()>
                        {move || {
                            match (save.pending().get(), is_correction) {
                                (true, _) => "Сохранение…",
                                (false, true) => "Сохранить исправления",
                                (false, false) => "Зарегистрировать заявление",
                            }
                        }}
                    </button>
                </div>
            </div>
        </form>
    }
}

#[component]
fn MemberRow(form: RwSignal<ApplicationForm>, i: usize, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let help = options_of(SupportArea::ALL, SupportArea::code, SupportArea::label);
    let help_value = FieldValue::new(
        move || form.with(|f| f.members.get(i).map(|m| m.help.clone()).unwrap_or_default()),
        move |value| {
            form.update(|f| {
                if let Some(m) = f.members.get_mut(i) {
                    m.help = value;
                }
            })
        },
    );
    view! {
        <fieldset class="member-row" data-member=i>
            <legend>"Член семьи " {i + 1}</legend>
            <div class="grid-3">
                <TextField
                    label="ФИО"
                    name=format!("members.{i}.full_name")
                    id=format!("member-{i}-name")
                    value=member_text(form, i, |m| &mut m.full_name)
                    errors=errors
                />
                <TextField
                    label="Кем приходится"
                    name=format!("members.{i}.relation")
                    id=format!("member-{i}-relation")
                    placeholder="сын, дочь, супруг…"
                    value=member_text(form, i, |m| &mut m.relation)
                    errors=errors
                />
                <TextField
                    label="Дата рождения"
                    name=format!("members.{i}.birth_date")
                    id=format!("member-{i}-birth")
                    kind="date"
                    value=member_text(form, i, |m| &mut m.birth_date)
                    errors=errors
                />
            </div>
            <fieldset class="field checkbox-group">
                <legend>"Нуждается в помощи"</legend>
                <CheckboxChips value=help_value options=help name=format!("members.{i}.help") />
            </fieldset>
            <TextField
                label="В чём именно"
                name=format!("members.{i}.help_detail")
                id=format!("member-{i}-help-detail")
                value=member_text(form, i, |m| &mut m.help_detail)
                errors=errors
            />
            <button
                type="button"
                class="btn btn-ghost btn-small"
                on:click=move |_| {
                    form.update(|f| {
                        if i < f.members.len() {
                            f.members.remove(i);
                        }
                    })
                }
            >
                "Убрать из списка"
            </button>
        </fieldset>
    }
}
