//! The card of a person: entered into the registry (`/elders/new`) or edited
//! (`/elders/<id>/edit`). What is typed stays on every error and, as a draft, on the device.

use super::api::{blank_elder, edit_elder, save_elder};
use super::types::*;
use crate::components::fields::{
    options_of, CheckboxGroup, CompactInput, CompactSelect, FieldValue, SelectField, TextArea, TextField, Toggle,
};
use crate::components::storage::keep_draft;
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn NewElderPage() -> impl IntoView {
    let lists = Resource::new(|| (), |_| blank_elder());
    view! {
        <AppShell title="Внести в реестр 55+">
            <div class="page-head">
                <div>
                    <a class="back" href="/elders">
                        "← Реестр 55+"
                    </a>
                    <h1>"Внести человека в реестр"</h1>
                    <p class="muted">
                        "Женщины с 55 лет, мужчины с 60 лет и инвалиды, проживающие на участке."
                    </p>
                </div>
            </div>
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match lists.await {
                        Ok(lists) => view! { <ElderFormView lists=lists /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
pub fn EditElderPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let lists = Resource::new(move || id.get(), edit_elder);
    view! {
        <AppShell title="Карточка реестра 55+">
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match lists.await {
                        Ok(lists) => {
                            let back = format!("/elders/{}", id.get_untracked());
                            view! {
                                <div class="page-head">
                                    <div>
                                        <a class="back" href=back>
                                            "← Карточка"
                                        </a>
                                        <h1>
                                            {format!("Изменить карточку: {}", lists.form.full_name)}
                                        </h1>
                                    </div>
                                </div>
                                <ElderFormView lists=lists />
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

#[component]
fn ElderFormView(lists: ElderFormLists) -> impl IntoView {
    let initial = lists.form.clone();
    let form = RwSignal::new(initial.clone());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let restored = RwSignal::new(false);
    let (id, version) = lists.editing.clone().unwrap_or_default();
    let editing = !id.is_empty();
    let key = StoredValue::new(if editing { format!("elder-edit-{id}-{version}") } else { "elder-new".to_string() });
    let saved = initial.clone();
    keep_draft(key, form, Signal::stored(true), restored, move |f| *f == saved);
    let navigate = use_navigate();
    let target = StoredValue::new((id, version));
    let save = Action::new(move |f: &ElderForm| {
        let f = f.clone();
        let (id, version) = target.get_value();
        async move { save_elder(id, version, f).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(id)) => {
            crate::components::storage::clear_draft(&key.get_value());
            navigate(&format!("/elders/{id}?saved=1"), Default::default());
        }
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let field = move |get: fn(&ElderForm) -> String, set: fn(&mut ElderForm, String)| FieldValue::of(form, get, set);
    let sexes = Signal::stored(options_of(Sex::ALL, Sex::code, Sex::label));
    let disabilities = Signal::stored(options_of(DisabilityGroup::ALL, DisabilityGroup::code, DisabilityGroup::label));
    let reasons = Signal::stored(options_of(LeftReason::ALL, LeftReason::code, LeftReason::label));
    let districts = Signal::stored(lists.districts.iter().map(|d| (d.id.clone(), d.name.clone())).collect::<Vec<_>>());
    let rows = move || (0..form.with(|f| f.marks.len())).collect::<Vec<usize>>();
    view! {
        <form
            class="case-form elder-form"
            novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(form.get_untracked());
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
                <h2>"Человек"</h2>
                <div class="grid-3">
                    <TextField
                        label="Фамилия, имя, отчество"
                        name="full_name"
                        required=true
                        value=field(|f| f.full_name.clone(), |f, v| f.full_name = v)
                        errors=errors
                    />
                    <SelectField
                        label="Пол"
                        name="sex"
                        required=true
                        value=field(|f| f.sex.clone(), |f, v| f.sex = v)
                        options=sexes
                        empty_label="— выберите —"
                        errors=errors
                    />
                    <TextField
                        label="Дата рождения"
                        name="birth_date"
                        kind="date"
                        required=true
                        value=field(|f| f.birth_date.clone(), |f, v| f.birth_date = v)
                        errors=errors
                    />
                </div>
                <div class="grid-2">
                    <SelectField
                        label="Инвалидность"
                        name="disability"
                        value=field(|f| f.disability.clone(), |f, v| f.disability = v)
                        options=disabilities
                        empty_label="нет"
                        errors=errors
                    />
                    <TextField
                        label="Инвалидность установлена"
                        name="disability_since"
                        kind="date"
                        value=field(|f| f.disability_since.clone(), |f, v| f.disability_since = v)
                        errors=errors
                    />
                </div>
            </section>
            <section class="card form-section">
                <h2>"Где живёт и как связаться"</h2>
                <div class="grid-2">
                    <TextField
                        label="Адрес проживания"
                        name="address"
                        required=true
                        placeholder="г. Югорск, ул. Ленина, д. 12, кв. 4"
                        value=field(|f| f.address.clone(), |f, v| f.address = v)
                        errors=errors
                    />
                    <SelectField
                        label="Социальный участок"
                        name="district"
                        required=true
                        value=field(|f| f.district.clone(), |f, v| f.district = v)
                        options=districts
                        empty_label="— выберите —"
                        errors=errors
                    />
                </div>
                <div class="grid-3">
                    <TextField
                        label="Телефон"
                        name="phone"
                        kind="tel"
                        inputmode="tel"
                        value=field(|f| f.phone.clone(), |f, v| f.phone = v)
                        errors=errors
                    />
                    <TextField
                        label="Второй телефон"
                        name="phone2"
                        kind="tel"
                        inputmode="tel"
                        value=field(|f| f.phone2.clone(), |f, v| f.phone2 = v)
                        errors=errors
                    />
                    <TextField
                        label="Мессенджер"
                        name="messenger"
                        placeholder="WhatsApp, тот же номер"
                        value=field(|f| f.messenger.clone(), |f, v| f.messenger = v)
                        errors=errors
                    />
                </div>
                <TextField
                    label="С кем проживает"
                    name="lives_with"
                    required=true
                    placeholder="одна; с супругом; с дочерью и внуком"
                    value=field(|f| f.lives_with.clone(), |f, v| f.lives_with = v)
                    errors=errors
                />
            </section>
            <section class="card form-section">
                <h2>"Интересы (карта потребностей)"</h2>
                <CheckboxGroup
                    label="Что человеку интересно: по этому подбираются мероприятия"
                    name="interests"
                    value=FieldValue::of(form, |f| f.interests.clone(), |f, v| f.interests = v)
                    options=options_of(Interest::ALL, Interest::code, Interest::label)
                    errors=errors
                />
            </section>
            <section class="card form-section">
                <h2>"Группы особого внимания"</h2>
                <div class="marks-editor">
                    <For each=rows key=|i| *i let:i>
                        <MarkRow form=form i=i errors=errors />
                    </For>
                    <button
                        type="button"
                        class="btn btn-secondary"
                        on:click=move |_| form.update(|f| f.marks.push(MarkForm::default()))
                    >
                        "+ Отметить группу"
                    </button>
                    <p class="field-error">{move || errors.with(|e| e.get("marks").map(str::to_string))}</p>
                </div>
            </section>
            <section class="card form-section">
                <h2>"Согласие и связь со случаем"</h2>
                <Toggle
                    label="Человек дал согласие на обработку персональных данных"
                    name="consent"
                    value=FieldValue::of(form, |f| f.consent, |f, v| f.consent = v)
                />
                <p class="field-error" data-error-for="consent">
                    {move || errors.with(|e| e.get("consent").map(str::to_string))}
                </p>
                <div class="grid-2">
                    <TextField
                        label="Дата согласия"
                        name="consent_on"
                        kind="date"
                        value=field(|f| f.consent_on.clone(), |f, v| f.consent_on = v)
                        errors=errors
                    />
                    <TextField
                        label="Номер случая сопровождения (если есть)"
                        name="case_number"
                        placeholder="2026-0042"
                        value=field(|f| f.case_number.clone(), |f, v| f.case_number = v)
                        errors=errors
                    />
                </div>
                <TextArea
                    label="Заметки"
                    name="notes"
                    rows=3
                    value=field(|f| f.notes.clone(), |f, v| f.notes = v)
                    errors=errors
                />
                {editing
                    .then(|| {
                        view! {
                            <SelectField
                                label="Выбыл(а) из реестра"
                                name="left_reason"
                                value=field(|f| f.left_reason.clone(), |f, v| f.left_reason = v)
                                options=reasons
                                empty_label="нет — в реестре"
                                errors=errors
                            />
                        }
                    })}
            </section>
            <div class="form-actions sticky-actions">
                {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })} <FormErrors errors=errors />
                <div class="buttons">
                    <button type="submit" class="btn btn-primary btn-large" disabled=move || save.pending().get()>
                        {move || match (save.pending().get(), editing) {
                            (true, _) => "Сохранение…",
                            (false, true) => "Сохранить карточку",
                            (false, false) => "Внести в реестр",
                        }}
                    </button>
                </div>
            </div>
        </form>
    }
}

#[component]
fn MarkRow(form: RwSignal<ElderForm>, i: usize, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let part = move |get: fn(&MarkForm) -> String, set: fn(&mut MarkForm, String)| {
        FieldValue::new(
            move || form.with(|f| f.marks.get(i).map(get).unwrap_or_default()),
            move |value| {
                form.update(|f| {
                    if let Some(m) = f.marks.get_mut(i) {
                        set(m, value);
                    }
                })
            },
        )
    };
    let groups = Signal::stored(options_of(AttentionGroup::ALL, AttentionGroup::code, AttentionGroup::label));
    view! {
        <div class="mark-row" data-mark=i>
            <CompactSelect
                label="Группа"
                name=format!("marks.{i}.group")
                value=part(|m| m.group.clone(), |m, v| m.group = v)
                options=groups
                empty_label="— выберите —"
                errors=errors
            />
            <CompactInput
                label="С какого дня"
                name=format!("marks.{i}.since")
                kind="date"
                value=part(|m| m.since.clone(), |m, v| m.since = v)
                errors=errors
            />
            <CompactInput
                label="Пояснение"
                name=format!("marks.{i}.note")
                value=part(|m| m.note.clone(), |m, v| m.note = v)
                errors=errors
            />
            <button
                type="button"
                class="btn btn-ghost btn-small"
                on:click=move |_| {
                    form.update(|f| {
                        if i < f.marks.len() {
                            f.marks.remove(i);
                        }
                    })
                }
            >
                "Убрать"
            </button>
        </div>
    }
}
