//! The appeal form: registering a new appeal (`/journal/new`) and completing an entry later
//! (`/journal/<id>`). What is typed is kept in the form on every error and, as a draft, on the
//! device, so a reload or a lost connection loses nothing.

use super::api::{blank_appeal, get_entry, list_districts, register_appeal, update_appeal, EntryDetails};
use super::types::*;
use crate::components::fields::{options_of, CheckboxGroup, SelectField, TextArea, TextField};
use crate::components::storage::{clear_draft, load_draft, save_draft};
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::districts::DistrictOption;
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::time::{format_datetime, to_datetime_local};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

/// One signal per field of the form.
#[derive(Clone, Copy)]
struct Fields {
    received_at: RwSignal<String>,
    full_name: RwSignal<String>,
    phone: RwSignal<String>,
    address: RwSignal<String>,
    summary: RwSignal<String>,
    answer: RwSignal<String>,
    answer_method: RwSignal<String>,
    channel: RwSignal<String>,
    topics: RwSignal<Vec<String>>,
    district: RwSignal<String>,
    urgent: RwSignal<bool>,
    handoff_to: RwSignal<String>,
    handoff_detail: RwSignal<String>,
    handoff_at: RwSignal<String>,
    handoff_by: RwSignal<String>,
    outcome: RwSignal<String>,
}

impl Fields {
    fn new(form: &AppealForm) -> Self {
        Fields {
            received_at: RwSignal::new(form.received_at.clone()),
            full_name: RwSignal::new(form.full_name.clone()),
            phone: RwSignal::new(form.phone.clone()),
            address: RwSignal::new(form.address.clone()),
            summary: RwSignal::new(form.summary.clone()),
            answer: RwSignal::new(form.answer.clone()),
            answer_method: RwSignal::new(form.answer_method.clone()),
            channel: RwSignal::new(form.channel.clone()),
            topics: RwSignal::new(form.topics.clone()),
            district: RwSignal::new(form.district.clone()),
            urgent: RwSignal::new(form.urgent),
            handoff_to: RwSignal::new(form.handoff_to.clone()),
            handoff_detail: RwSignal::new(form.handoff_detail.clone()),
            handoff_at: RwSignal::new(form.handoff_at.clone()),
            handoff_by: RwSignal::new(form.handoff_by.clone()),
            outcome: RwSignal::new(form.outcome.clone()),
        }
    }

    fn snapshot(&self) -> AppealForm {
        AppealForm {
            received_at: self.received_at.get(),
            full_name: self.full_name.get(),
            phone: self.phone.get(),
            address: self.address.get(),
            summary: self.summary.get(),
            answer: self.answer.get(),
            answer_method: self.answer_method.get(),
            channel: self.channel.get(),
            topics: self.topics.get(),
            district: self.district.get(),
            urgent: self.urgent.get(),
            handoff_to: self.handoff_to.get(),
            handoff_detail: self.handoff_detail.get(),
            handoff_at: self.handoff_at.get(),
            handoff_by: self.handoff_by.get(),
            outcome: self.outcome.get(),
        }
    }

    fn set(&self, form: &AppealForm) {
        self.received_at.set(form.received_at.clone());
        self.full_name.set(form.full_name.clone());
        self.phone.set(form.phone.clone());
        self.address.set(form.address.clone());
        self.summary.set(form.summary.clone());
        self.answer.set(form.answer.clone());
        self.answer_method.set(form.answer_method.clone());
        self.channel.set(form.channel.clone());
        self.topics.set(form.topics.clone());
        self.district.set(form.district.clone());
        self.urgent.set(form.urgent);
        self.handoff_to.set(form.handoff_to.clone());
        self.handoff_detail.set(form.handoff_detail.clone());
        self.handoff_at.set(form.handoff_at.clone());
        self.handoff_by.set(form.handoff_by.clone());
        self.outcome.set(form.outcome.clone());
    }

    /// Sets one field from another version of the form (used when resolving a conflict).
    fn take_field(&self, field: &str, from: &AppealForm) {
        match field {
            "received_at" => self.received_at.set(from.received_at.clone()),
            "full_name" => self.full_name.set(from.full_name.clone()),
            "phone" => self.phone.set(from.phone.clone()),
            "address" => self.address.set(from.address.clone()),
            "summary" => self.summary.set(from.summary.clone()),
            "answer" => self.answer.set(from.answer.clone()),
            "answer_method" => self.answer_method.set(from.answer_method.clone()),
            "channel" => self.channel.set(from.channel.clone()),
            "topics" => self.topics.set(from.topics.clone()),
            "district" => self.district.set(from.district.clone()),
            "urgent" => self.urgent.set(from.urgent),
            "handoff" => {
                self.handoff_to.set(from.handoff_to.clone());
                self.handoff_detail.set(from.handoff_detail.clone());
                self.handoff_at.set(from.handoff_at.clone());
                self.handoff_by.set(from.handoff_by.clone());
            }
            "outcome" => self.outcome.set(from.outcome.clone()),
            _ => {}
        }
    }
}

/// Fields that differ between the user's form and the saved version, with both values.
fn differing_fields(mine: &AppealForm, saved: &AppealForm) -> Vec<(&'static str, &'static str, String, String)> {
    let mut rows = Vec::new();
    let mut cmp = |field: &'static str, label: &'static str, a: String, b: String| {
        if a.trim() != b.trim() {
            rows.push((field, label, a, b));
        }
    };
    cmp("received_at", "Дата и время", mine.received_at.clone(), saved.received_at.clone());
    cmp("full_name", "ФИО", mine.full_name.clone(), saved.full_name.clone());
    cmp("phone", "Телефон", mine.phone.clone(), saved.phone.clone());
    cmp("address", "Место жительства", mine.address.clone(), saved.address.clone());
    cmp("summary", "Обращение", mine.summary.clone(), saved.summary.clone());
    cmp("answer", "Ответ", mine.answer.clone(), saved.answer.clone());
    let method = |c: &str| AnswerMethod::from_code(c).map(|m| m.label().to_string()).unwrap_or_default();
    cmp("answer_method", "Способ ответа", method(&mine.answer_method), method(&saved.answer_method));
    let channel = |c: &str| Channel::from_code(c).map(|m| m.label().to_string()).unwrap_or_default();
    cmp("channel", "Канал", channel(&mine.channel), channel(&saved.channel));
    let topics = |t: &[String]| {
        let mut labels: Vec<&str> = t.iter().filter_map(|c| Topic::from_code(c)).map(|t| t.label()).collect();
        labels.sort();
        labels.join(", ")
    };
    cmp("topics", "Темы", topics(&mine.topics), topics(&saved.topics));
    cmp("district", "Участок", mine.district.clone(), saved.district.clone());
    let yes = |b: bool| if b { "да" } else { "нет" }.to_string();
    cmp("urgent", "Срочное", yes(mine.urgent), yes(saved.urgent));
    let handoff = |f: &AppealForm| {
        [f.handoff_to.as_str(), f.handoff_detail.as_str(), f.handoff_at.as_str(), f.handoff_by.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| UrgentRecipient::from_code(s).map(|r| r.label().to_string()).unwrap_or_else(|| s.to_string()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    cmp("handoff", "Передача", handoff(mine), handoff(saved));
    let outcome = |c: &str| Outcome::from_code(c).map(|m| m.label().to_string()).unwrap_or_default();
    cmp("outcome", "Итог", outcome(&mine.outcome), outcome(&saved.outcome));
    rows
}

#[derive(Clone, PartialEq)]
enum Mode {
    New,
    Edit { id: String, version: i64 },
}

fn draft_key(mode: &Mode) -> String {
    match mode {
        Mode::New => "opora.draft.appeal.new".into(),
        Mode::Edit { id, .. } => format!("opora.draft.appeal.{id}"),
    }
}

#[component]
pub fn NewAppealPage() -> impl IntoView {
    let blank = Resource::new(|| (), |_| blank_appeal());
    let districts = Resource::new(|| (), |_| list_districts());
    view! {
        <AppShell title="Новое обращение">
            <div class="page-head">
                <div>
                    <a class="back" href="/journal">
                        "← Журнал"
                    </a>
                    <h1>"Новое обращение"</h1>
                </div>
            </div>
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match (blank.await, districts.await) {
                        (Ok(form), Ok(districts)) => {
                            view! { <AppealFormView initial=form mode=Mode::New districts=districts /> }.into_any()
                        }
                        (Err(e), _) | (_, Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
pub fn EntryPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), get_entry);
    let districts = Resource::new(|| (), |_| list_districts());
    view! {
        <AppShell title="Запись журнала">
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match (details.await, districts.await) {
                        (Ok(details), Ok(districts)) => {
                            view! { <EntryView details=details districts=districts /> }.into_any()
                        }
                        (Err(e), _) | (_, Err(e)) => {
                            view! {
                                <a class="back" href="/journal">
                                    "← Журнал"
                                </a>
                                <ErrorNotice error=e />
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn EntryView(details: EntryDetails, districts: Vec<DistrictOption>) -> impl IntoView {
    let entry = details.entry.clone();
    let form = AppealForm::from_entry(&entry);
    let mode = Mode::Edit { id: entry.id.clone(), version: entry.version };
    // The history below the form follows each save (the save answers with it).
    let history = RwSignal::new(details.history);
    let reload_history = Callback::new(move |events: Vec<EntryEvent>| history.set(events));
    view! {
        <div class="page-head">
            <div>
                <a class="back" href="/journal">
                    "← Журнал"
                </a>
                <h1>"Обращение № " {entry.number} " от " {crate::time::format_date(entry.received_at)}</h1>
                <p class="muted">
                    "Зарегистрировал(а) " {entry.created_by_name.clone()} ", "
                    {format_datetime(entry.created_at)}
                    {(entry.version > 1)
                        .then(|| {
                            format!(
                                " · изменено: {}, {}",
                                entry.updated_by_name,
                                format_datetime(entry.updated_at),
                            )
                        })}
                </p>
            </div>
            <div class="actions">
                {entry
                    .urgent_pending()
                    .then(|| {
                        view! {
                            <span class="badge badge-urgent big">
                                "Срочное: передача не отмечена"
                            </span>
                        }
                    })}
                {match entry.case_id.clone() {
                    Some(case) => {
                        view! {
                            <a class="btn btn-secondary" href=format!("/cases/{case}")>
                                "Случай по обращению →"
                            </a>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <a class="btn btn-primary" href=format!("/cases/new?entry={}", entry.id)>
                                "Открыть случай"
                            </a>
                        }
                            .into_any()
                    }
                }}
            </div>
        </div>
        <AppealFormView initial=form mode=mode districts=districts on_saved=reload_history />
        {move || view! { <History events=history.get() /> }}
    }
}

#[component]
fn History(events: Vec<EntryEvent>) -> impl IntoView {
    view! {
        <section class="card history" aria-labelledby="history-title">
            <h2 id="history-title">"История записи"</h2>
            {if events.is_empty() {
                view! { <p class="muted">"Записей об изменениях нет."</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline">
                        {events
                            .into_iter()
                            .rev()
                            .map(|e| {
                                view! {
                                    <li>
                                        <div class="timeline-head">
                                            <strong>
                                                {if e.action == "create" {
                                                    "Зарегистрировано"
                                                } else {
                                                    "Изменено"
                                                }}
                                            </strong>
                                            " · "
                                            {format_datetime(e.at)}
                                            " · "
                                            {e.user_name.clone()}
                                        </div>
                                        {(!e.changes.is_empty() && e.action != "create")
                                            .then(|| {
                                                view! {
                                                    <table class="changes">
                                                        <tbody>
                                                            {e
                                                                .changes
                                                                .into_iter()
                                                                .map(|c| {
                                                                    view! {
                                                                        <tr>
                                                                            <th scope="row">{c.label}</th>
                                                                            <td class="before">
                                                                                {if c.before.is_empty() {
                                                                                    "—".to_string()
                                                                                } else {
                                                                                    c.before
                                                                                }}
                                                                            </td>
                                                                            <td class="arrow">"→"</td>
                                                                            <td class="after">
                                                                                {if c.after.is_empty() {
                                                                                    "—".to_string()
                                                                                } else {
                                                                                    c.after
                                                                                }}
                                                                            </td>
                                                                        </tr>
                                                                    }
                                                                })
                                                                .collect_view()}
                                                        </tbody>
                                                    </table>
                                                }
                                            })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn AppealFormView(
    initial: AppealForm,
    mode: Mode,
    districts: Vec<DistrictOption>,
    /// Called with the entry's history after an existing entry was saved.
    #[prop(optional)]
    on_saved: Option<Callback<Vec<EntryEvent>>>,
) -> impl IntoView {
    let fields = Fields::new(&initial);
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<AppError>);
    let saved_notice = RwSignal::new(false);
    let draft_restored = RwSignal::new(false);
    let version = RwSignal::new(match &mode {
        Mode::Edit { version, .. } => *version,
        Mode::New => 0,
    });
    // The saved version when someone else changed the entry meanwhile.
    let conflict = RwSignal::new(None::<(AppealForm, i64)>);
    let key = draft_key(&mode);
    let initial_stored = StoredValue::new(initial.clone());
    let navigate = use_navigate();

    // Restore a draft left on this device; then keep the draft up to date on every keystroke.
    {
        let key = key.clone();
        Effect::new(move |previous: Option<()>| {
            let snapshot = fields.snapshot();
            if previous.is_none() {
                if let Some(draft) = load_draft::<AppealForm>(&key) {
                    if draft != snapshot && draft != initial_stored.get_value() {
                        fields.set(&draft);
                        draft_restored.set(true);
                    }
                }
                return;
            }
            if snapshot == initial_stored.get_value() {
                clear_draft(&key);
            } else {
                save_draft(&key, &snapshot);
            }
        });
    }

    let discard_draft = {
        let key = key.clone();
        move |_| {
            clear_draft(&key);
            fields.set(&initial_stored.get_value());
            draft_restored.set(false);
        }
    };

    let mode_for_save = mode.clone();
    let save = Action::new(move |form: &AppealForm| {
        let form = form.clone();
        let mode = mode_for_save.clone();
        let version = version.get_untracked();
        async move {
            match mode {
                Mode::New => register_appeal(form).await.map(|entry| EntryDetails { entry, history: vec![] }),
                Mode::Edit { id, .. } => update_appeal(id, version, form).await,
            }
        }
    });
    let pending = save.pending();

    {
        let key = key.clone();
        let mode = mode.clone();
        Effect::new(move |_| {
            let Some(result) = save.value().get() else { return };
            match result {
                Ok(EntryDetails { entry, history }) => {
                    clear_draft(&key);
                    errors.set(FieldErrors::new());
                    general.set(None);
                    conflict.set(None);
                    match &mode {
                        Mode::New => navigate(&format!("/journal?created={}", entry.id), Default::default()),
                        Mode::Edit { .. } => {
                            version.set(entry.version);
                            let saved = AppealForm::from_entry(&entry);
                            initial_stored.set_value(saved.clone());
                            fields.set(&saved);
                            saved_notice.set(true);
                            if let Some(on_saved) = on_saved {
                                on_saved.run(history);
                            }
                        }
                    }
                }
                Err(AppError::Validation(field_errors)) => {
                    saved_notice.set(false);
                    general.set(None);
                    errors.set(field_errors);
                    focus_first_error();
                }
                Err(AppError::Conflict(message)) => {
                    saved_notice.set(false);
                    general.set(Some(AppError::Conflict(message)));
                    if let Mode::Edit { id, .. } = &mode {
                        let id = id.clone();
                        leptos::task::spawn_local(async move {
                            if let Ok(details) = get_entry(id).await {
                                conflict.set(Some((AppealForm::from_entry(&details.entry), details.entry.version)));
                            }
                        });
                    }
                }
                Err(other) => {
                    saved_notice.set(false);
                    general.set(Some(other));
                }
            }
        });
    }

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved_notice.set(false);
        save.dispatch(fields.snapshot());
    };

    let set_handoff_now = move |_| fields.handoff_at.set(to_datetime_local(chrono::Utc::now()));

    let channel_options = options_of(Channel::ALL, Channel::code, Channel::label);
    let topic_options = options_of(Topic::ALL, Topic::code, Topic::label);
    let recipient_options = options_of(UrgentRecipient::ALL, UrgentRecipient::code, UrgentRecipient::label);
    let method_options = options_of(AnswerMethod::ALL, AnswerMethod::code, AnswerMethod::label);
    let outcome_options = options_of(Outcome::ALL, Outcome::code, Outcome::label);
    let district_options = Signal::stored(districts.into_iter().map(|d| (d.id, d.name)).collect::<Vec<_>>());
    let is_new = mode == Mode::New;

    view! {
        <form class="appeal-form" on:submit=submit novalidate>
            <Show when=move || draft_restored.get()>
                <div class="notice notice-info" role="status">
                    <span>
                        "Восстановлен несохранённый черновик с этого устройства."
                    </span>
                    <button type="button" class="btn btn-ghost btn-small" on:click=discard_draft.clone()>
                        "Отбросить черновик"
                    </button>
                </div>
            </Show>

            <section class="card form-section">
                <h2>"Обращение"</h2>
                <div class="grid-3">
                    <TextField
                        label="Дата и время обращения"
                        name="received_at"
                        kind="datetime-local"
                        value=fields.received_at
                        errors=errors
                        required=true
                    />
                    <SelectField
                        label="Как поступило"
                        name="channel"
                        value=fields.channel
                        errors=errors
                        options=Signal::stored(channel_options)
                        required=true
                    />
                    <div class="field urgent-toggle" class:on=move || fields.urgent.get()>
                        <label class="toggle">
                            <input
                                type="checkbox"
                                name="urgent"
                                prop:checked=move || fields.urgent.get()
                                on:change=move |ev| fields.urgent.set(event_target_checked(&ev))
                            />
                            <span>
                                <strong>"Срочное"</strong>
                                <small>
                                    "угроза жизни или здоровью — передать немедленно"
                                </small>
                            </span>
                        </label>
                        <p class="field-error" data-error-for="urgent">
                            {move || errors.with(|e| e.get("urgent").map(str::to_string))}
                        </p>
                    </div>
                </div>
            </section>

            <Show when=move || fields.urgent.get()>
                <section class="card form-section handoff" id="handoff">
                    <h2>"Передача в ведомство"</h2>
                    <p class="muted">
                        "Куда, когда и кем передано срочное обращение. Пока не заполнено, обращение стоит первым в журнале."
                    </p>
                    <div class="grid-2">
                        <SelectField
                            label="Куда передано"
                            name="handoff_to"
                            value=fields.handoff_to
                            errors=errors
                            options=Signal::stored(recipient_options.clone())
                            empty_label="— не передано —"
                        />
                        <TextField
                            label="Ведомство, дежурный"
                            name="handoff_detail"
                            value=fields.handoff_detail
                            errors=errors
                            hint="Например: ОМВД по г. Югорску, дежурная часть"
                        />
                        <div class="field-with-button">
                            <TextField
                                label="Когда передано"
                                name="handoff_at"
                                kind="datetime-local"
                                value=fields.handoff_at
                                errors=errors
                            />
                            <button type="button" class="btn btn-secondary" on:click=set_handoff_now>
                                "Сейчас"
                            </button>
                        </div>
                        <TextField
                            label="Кто передал"
                            name="handoff_by"
                            value=fields.handoff_by
                            errors=errors
                        />
                    </div>
                </section>
            </Show>

            <section class="card form-section">
                <h2>"Кто обратился"</h2>
                <div class="grid-2">
                    <TextField
                        label="Фамилия, имя, отчество"
                        name="full_name"
                        value=fields.full_name
                        errors=errors
                        hint="Можно не заполнять — обращение примут анонимно"
                        autocomplete="off"
                    />
                    <TextField
                        label="Контактный телефон"
                        name="phone"
                        kind="tel"
                        inputmode="tel"
                        value=fields.phone
                        errors=errors
                        placeholder="+7 912 345-67-89"
                        autocomplete="off"
                    />
                    <TextField
                        label="Место жительства"
                        name="address"
                        value=fields.address
                        errors=errors
                        placeholder="г. Югорск, ул. …, д. …, кв. …"
                        autocomplete="off"
                    />
                    <SelectField
                        label="Социальный участок"
                        name="district"
                        value=fields.district
                        errors=errors
                        options=district_options
                        empty_label="— не определён —"
                    />
                </div>
            </section>

            <section class="card form-section">
                <h2>"Суть обращения"</h2>
                <TextArea
                    label="Краткое содержание обращения"
                    name="summary"
                    value=fields.summary
                    errors=errors
                    rows=4
                    required=true
                />
                <CheckboxGroup
                    label="Темы консультации"
                    name="topics"
                    value=fields.topics
                    errors=errors
                    options=topic_options
                />
            </section>

            <section class="card form-section">
                <h2>"Ответ"</h2>
                <TextArea
                    label="Краткое содержание ответа"
                    name="answer"
                    value=fields.answer
                    errors=errors
                    rows=3
                    hint="Можно заполнить позже"
                />
                <div class="grid-2">
                    <SelectField
                        label="Способ направления ответа"
                        name="answer_method"
                        value=fields.answer_method
                        errors=errors
                        options=Signal::stored(method_options)
                        empty_label="— не указан —"
                    />
                    <SelectField
                        label="Итог"
                        name="outcome"
                        value=fields.outcome
                        errors=errors
                        options=Signal::stored(outcome_options)
                        empty_label="— в работе —"
                    />
                </div>
            </section>

            {move || {
                conflict
                    .get()
                    .map(|(saved, saved_version)| {
                        let rows = differing_fields(&fields.snapshot(), &saved);
                        let saved_for_rows = StoredValue::new(saved.clone());
                        view! {
                            <section class="card conflict" aria-labelledby="conflict-title">
                                <h2 id="conflict-title">
                                    "Запись изменили, пока вы редактировали"
                                </h2>
                                <p>
                                    "Для каждого поля выберите, какое значение оставить, затем сохраните."
                                </p>
                                <table class="conflict-table">
                                    <thead>
                                        <tr>
                                            <th>"Поле"</th>
                                            <th>"В вашей форме"</th>
                                            <th>"Сохранено"</th>
                                            <th></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows
                                            .into_iter()
                                            .map(|(field, label, mine, theirs)| {
                                                view! {
                                                    <tr>
                                                        <th scope="row">{label}</th>
                                                        <td>{mine}</td>
                                                        <td>{theirs}</td>
                                                        <td>
                                                            <button
                                                                type="button"
                                                                class="btn btn-ghost btn-small"
                                                                on:click=move |_| {
                                                                    saved_for_rows.with_value(|s| fields.take_field(field, s))
                                                                }
                                                            >
                                                                "Взять сохранённое"
                                                            </button>
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                                <button
                                    type="button"
                                    class="btn btn-secondary"
                                    on:click=move |_| {
                                        version.set(saved_version);
                                        conflict.set(None);
                                        general.set(None);
                                    }
                                >
                                    "Оставить мой вариант и сохранять поверх"
                                </button>
                            </section>
                        }
                    })
            }}

            <div class="form-actions sticky-actions">
                {move || general.get().map(|e| view! { <ErrorNotice error=e /> })} <FormErrors errors=errors />
                <Show when=move || saved_notice.get()>
                    <div class="notice notice-success" role="status">
                        "Изменения сохранены."
                    </div>
                </Show> <div class="buttons">
                    <button
                        type="submit"
                        class="btn btn-primary btn-large"
                        disabled=move || pending.get() || conflict.with(Option::is_some)
                    >
                        {move || match (pending.get(), is_new) {
                            (true, _) => "Сохранение…",
                            (false, true) => "Зарегистрировать",
                            (false, false) => "Сохранить",
                        }}
                    </button>
                    <a class="btn btn-ghost" href="/journal">
                        "К журналу"
                    </a>
                </div>
            </div>
        </form>
    }
}

/// Moves the focus to the first field with a message, so a tablet user sees what to fix.
fn focus_first_error() {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        request_animation_frame(|| {
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                if let Ok(Some(el)) = doc.query_selector("[aria-invalid='true']") {
                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            }
        });
    }
}
