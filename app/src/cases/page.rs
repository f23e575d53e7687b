//! The case page (`/cases/<id>`): everything about a case — its stage and the move to the next
//! one, the statutory clocks, members, contacts and consent, the journal entry it came from,
//! and its history — and the new-case form (`/cases/new`, `?entry=<id>` from the journal).

use super::api::{blank_case, create_case, get_case, load_case_lists, move_case, update_case, CaseLists, NewCase};
use super::types::*;
use crate::cases::card::MoveRequest;
use crate::components::fields::{options_of, CheckboxGroup, SelectField, TextArea, TextField};
use crate::components::storage::{clear_draft, load_draft, save_draft};
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::time::{format_datetime, format_naive_date};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// What other features add beside a case (its visits, its route): drawn with the case's details,
/// again whenever they change. The routes of the app put them in (`routes::case_panels`).
#[derive(Clone, Copy)]
pub struct CasePanels(pub fn(&CaseDetails) -> AnyView);

#[component]
pub fn CasePage(panels: CasePanels) -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), get_case);
    view! {
        <AppShell title="Случай">
            <Suspense fallback=|| {
                view! { <Loading label="Загрузка случая…" /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(details) => view! { <CaseView details=details panels=panels /> }.into_any(),
                        Err(e) => {
                            view! {
                                <a class="back" href="/board">
                                    "← Доска случаев"
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

fn urgency_class(clock: &Clock) -> &'static str {
    match (clock.urgency(), &clock.state) {
        (Some(Urgency::Overdue), _) => "clock overdue",
        (Some(Urgency::Today), _) | (Some(Urgency::Soon), _) => "clock soon",
        (Some(Urgency::Calm), _) => "clock calm",
        (None, ClockState::Met { late_by: 0, .. }) => "clock met",
        (None, ClockState::Met { .. }) => "clock met late",
        _ => "clock idle",
    }
}

#[component]
fn CaseView(details: CaseDetails, panels: CasePanels) -> impl IntoView {
    let details = RwSignal::new(details);
    let editing = RwSignal::new(false);
    let case = move || details.with(|d| d.case.clone());
    let on_saved = Callback::new(move |updated: CaseDetails| {
        details.set(updated);
        editing.set(false);
    });
    view! {
        {move || {
            let c = case();
            view! {
                <div class="page-head case-head">
                    <div>
                        <a class="back" href="/board">
                            "← Доска случаев"
                        </a>
                        <h1>{c.title.clone()}</h1>
                        <p class="muted">
                            "Случай № " {c.number.clone()} " · " {c.kind.label()} " · "
                            {c.district_name.clone().unwrap_or_else(|| "участок не определён".into())}
                            " · куратор: "
                            {c.curator_name.clone().unwrap_or_else(|| "не назначен".into())}
                        </p>
                    </div>
                    <span class="stage-badge" data-testid="case-stage">
                        {c.stage.label()}
                    </span>
                </div>
            }
        }}
        <div class="case-layout">
            <div class="case-main">
                <ClocksPanel details=details />
                <StagePanel details=details />
                <Show
                    when=move || editing.get()
                    fallback=move || {
                        view! { <CaseSummary details=details on_edit=Callback::new(move |_| editing.set(true)) /> }
                    }
                >
                    {move || {
                        let d = details.get_untracked();
                        view! {
                            <EditCase
                                details=d
                                on_saved=on_saved
                                on_cancel=Callback::new(move |_| editing.set(false))
                            />
                        }
                    }}
                </Show>
            </div>
            <aside class="case-side">{move || details.with(|d| (panels.0)(d))} <HistoryPanel details=details /></aside>
        </div>
    }
}

#[component]
fn ClocksPanel(details: RwSignal<CaseDetails>) -> impl IntoView {
    view! {
        <section class="card clocks" aria-labelledby="clocks-title">
            <h2 id="clocks-title">"Сроки"</h2>
            <ul class="clock-list">
                {move || {
                    details
                        .with(|d| d.case.clocks.clone())
                        .into_iter()
                        .map(|clock| {
                            let class = urgency_class(&clock);
                            view! {
                                <li class=class data-clock=clock.kind.code()>
                                    <span class="clock-name">{clock.kind.label()}</span>
                                    <strong class="clock-state">{clock.describe()}</strong>
                                    {clock
                                        .preliminary
                                        .then(|| {
                                            view! {
                                                <span
                                                    class="preliminary"
                                                    data-testid="preliminary"
                                                    title="На год срока нет официального производственного календаря: срок может сдвинуться, когда календарь внесут"
                                                >
                                                    "срок предварительный"
                                                </span>
                                            }
                                        })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

/// The move to another stage: the next stage first, what it still needs, a comment when the
/// move needs one.
#[component]
fn StagePanel(details: RwSignal<CaseDetails>) -> impl IntoView {
    let target = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<AppError>);
    let moving = Action::new(move |request: &MoveRequest| {
        let request = request.clone();
        async move {
            move_case(request.clone()).await?;
            get_case(request.id).await
        }
    });
    Effect::new(move |_| match moving.value().get() {
        Some(Err(AppError::Conflict(text))) => {
            // Shows the case as it is now, with who changed it.
            message.set(None);
            failure.set(Some(AppError::Conflict(text)));
            let id = details.with_untracked(|d| d.case.id.clone());
            leptos::task::spawn_local(async move {
                if let Ok(latest) = get_case(id).await {
                    details.set(latest);
                }
            });
        }
        Some(Ok(updated)) => {
            message.set(Some(format!("Случай переведён на этап «{}».", updated.case.stage.label())));
            failure.set(None);
            comment.set(String::new());
            target.set(String::new());
            details.set(updated);
        }
        Some(Err(AppError::Validation(errors))) => {
            message.set(None);
            failure.set(Some(AppError::Forbidden(
                errors.get("move").map(str::to_string).unwrap_or_else(|| "Переход не выполнен".into()),
            )));
        }
        Some(Err(e)) => {
            message.set(None);
            failure.set(Some(e));
        }
        None => {}
    });
    view! {
        {move || {
            let d = details.get();
            if d.moves.is_empty() {
                return view! { <span></span> }.into_any();
            }
            let stage = d.case.stage;
            let forward: Vec<MoveOption> = d
                .moves
                .iter()
                .filter(|m| m.to.index() > stage.index() && m.to != Stage::Closed)
                .cloned()
                .collect();
            let options: Vec<(String, String)> = d
                .moves
                .iter()
                .map(|m| {
                    let direction = if m.to == Stage::Closed {
                        "закрыть"
                    } else if m.to.index() < stage.index() {
                        "вернуть"
                    } else {
                        "дальше"
                    };
                    (m.to.code().to_string(), format!("{} ({direction})", m.to.label()))
                })
                .collect();
            let default_target = forward
                .first()
                .or(d.moves.first())
                .map(|m| m.to.code().to_string())
                .unwrap_or_default();
            let chosen_code = {
                let default_target = default_target.clone();
                move || {
                    let code = target.get();
                    if code.is_empty() { default_target.clone() } else { code }
                }
            };
            let moves = d.moves.clone();
            let chosen = {
                let chosen_code = chosen_code.clone();
                move || {
                    let code = chosen_code();
                    moves.iter().find(|m| m.to.code() == code).cloned()
                }
            };
            let chosen_for_button = chosen.clone();
            let version = d.case.version;
            let id = d.case.id.clone();
            // The next stage is offered first; the user's choice wins once made.
            view! {
                <section class="card stage-panel" aria-labelledby="stage-title">
                    <h2 id="stage-title">"Этап: " {stage.label()}</h2>
                    <ol class="stage-track">
                        {Stage::ALL
                            .iter()
                            .map(|s| {
                                view! {
                                    <li class:done=s.index() < stage.index() class:current=*s == stage>
                                        {s.short_label()}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                    <div class="grid-2">
                        <div class="field">
                            <label for="move-target">"Перевести на этап"</label>
                            <select id="move-target" on:change=move |ev| target.set(event_target_value(&ev))>
                                {options
                                    .into_iter()
                                    .map(|(code, label)| {
                                        let selected = code == default_target;
                                        view! {
                                            <option value=code selected=selected>
                                                {label}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="move-comment">"Комментарий"</label>
                            <input
                                id="move-comment"
                                type="text"
                                prop:value=move || comment.get()
                                on:input=move |ev| comment.set(event_target_value(&ev))
                                placeholder=move || {
                                    if chosen().is_some_and(|m| m.needs_comment) {
                                        "Обязателен: почему"
                                    } else {
                                        "Необязательно"
                                    }
                                }
                            />
                        </div>
                    </div>
                    {move || {
                        chosen_for_button()
                            .filter(|m| !m.missing.is_empty())
                            .map(|m| {
                                view! {
                                    <div class="notice notice-warn requirements" role="status">
                                        <strong>"Чтобы перевести случай, нужно:"</strong>
                                        <ul>{m.missing.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                                    </div>
                                }
                            })
                    }}
                    {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
                    {move || {
                        message
                            .get()
                            .map(|m| {
                                view! {
                                    <div class="notice notice-success" role="status">
                                        {m}
                                    </div>
                                }
                            })
                    }}
                    <button
                        type="button"
                        class="btn btn-primary"
                        disabled=move || moving.pending().get()
                        on:click=move |_| {
                            message.set(None);
                            moving
                                .dispatch(MoveRequest {
                                    id: id.clone(),
                                    version,
                                    to_stage: chosen_code(),
                                    comment: comment.get_untracked(),
                                    ..Default::default()
                                });
                        }
                    >
                        {move || if moving.pending().get() { "Перевод…" } else { "Перевести" }}
                    </button>
                </section>
            }
                .into_any()
        }}
    }
}

#[component]
fn CaseSummary(details: RwSignal<CaseDetails>, on_edit: Callback<()>) -> impl IntoView {
    move || {
        let d = details.get();
        let c = d.case.clone();
        let today = d.today;
        view! {
            <section class="card case-summary" aria-labelledby="summary-title">
                <div class="section-head">
                    <h2 id="summary-title">"Сведения о случае"</h2>
                    {d
                        .can_edit
                        .then(|| {
                            view! {
                                <button type="button" class="btn btn-secondary" on:click=move |_| on_edit.run(())>
                                    "Изменить"
                                </button>
                            }
                        })}
                </div>
                <dl class="facts">
                    <dt>"Адрес"</dt>
                    <dd>{if c.address.is_empty() { "не указан".to_string() } else { c.address.clone() }}</dd>
                    <dt>"Телефон"</dt>
                    <dd>
                        {c
                            .phone
                            .as_deref()
                            .map(crate::phone::format_phone)
                            .unwrap_or_else(|| "не указан".into())}
                    </dd>
                    <dt>"Категории"</dt>
                    <dd class="badges">
                        {c
                            .categories
                            .iter()
                            .map(|cat| view! { <span class="badge badge-topic">{cat.label()}</span> })
                            .collect_view()}
                    </dd>
                    <dt>"Согласие на обработку ПДн"</dt>
                    <dd>
                        {match (c.consent, c.consent_date) {
                            (true, Some(date)) => format!("получено {}", format_naive_date(date)),
                            _ => "не получено".to_string(),
                        }}
                    </dd>
                    <dt>"Дата обращения (выявления)"</dt>
                    <dd>{format_naive_date(c.detected_on)}</dd>
                    <dt>"Признан нуждающимся"</dt>
                    <dd>{c.need_recognised_on.map(format_naive_date).unwrap_or_else(|| "—".into())}</dd>
                    <dt>"План утверждён"</dt>
                    <dd>{c.plan_approved_on.map(format_naive_date).unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Источник"</dt>
                    <dd>
                        {c.source.label()} {c.source_detail.clone().map(|s| format!(": {s}"))}
                        {c
                            .journal_entry_id
                            .clone()
                            .map(|entry| {
                                view! {
                                    " · "
                                    <a href=format!(
                                        "/journal/{entry}",
                                    )>
                                        "запись журнала "
                                        {c.journal_entry_label.clone().unwrap_or_default()}
                                    </a>
                                }
                            })}
                    </dd>
                    <dt>"Открыт"</dt>
                    <dd>{format!("{}, {}", format_datetime(c.created_at), c.created_by_name)}</dd>
                </dl>
                <h3>"Члены семьи"</h3>
                {if c.members.is_empty() {
                    view! { <p class="muted">"Члены семьи не внесены."</p> }.into_any()
                } else {
                    view! {
                        <table class="users-table members-table">
                            <thead>
                                <tr>
                                    <th>"ФИО"</th>
                                    <th>"Родство"</th>
                                    <th>"Дата рождения"</th>
                                    <th>"Категории"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {c
                                    .members
                                    .iter()
                                    .map(|m| {
                                        view! {
                                            <tr>
                                                <td data-label="ФИО">{m.full_name.clone()}</td>
                                                <td data-label="Родство">{m.relation.label()}</td>
                                                <td data-label="Дата рождения">
                                                    {m
                                                        .birth_date
                                                        .map(|b| {
                                                            let age = m
                                                                .age_on(today)
                                                                .map(|a| format!(" ({a})"))
                                                                .unwrap_or_default();
                                                            format!("{}{age}", format_naive_date(b))
                                                        })
                                                        .unwrap_or_else(|| "—".into())}
                                                </td>
                                                <td data-label="Категории">
                                                    {m
                                                        .categories
                                                        .iter()
                                                        .map(|x| x.label())
                                                        .collect::<Vec<_>>()
                                                        .join(", ")}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }}
                {(!c.notes.is_empty())
                    .then(|| {
                        view! {
                            <h3>"Заметки"</h3>
                            <p class="notes">{c.notes.clone()}</p>
                        }
                    })}
            </section>
        }
    }
}

#[component]
fn HistoryPanel(details: RwSignal<CaseDetails>) -> impl IntoView {
    view! {
        <section class="card history" aria-labelledby="case-history-title">
            <h2 id="case-history-title">"История"</h2>
            <ol class="timeline">
                {move || {
                    details
                        .with(|d| d.history.clone())
                        .into_iter()
                        .rev()
                        .map(|e| {
                            let what = match e.kind.as_str() {
                                "created" => {
                                    format!(
                                        "Открыт случай{}",
                                        e
                                            .to_stage
                                            .map(|s| format!(" — этап «{}»", s.label()))
                                            .unwrap_or_default(),
                                    )
                                }
                                "move" => {
                                    format!(
                                        "Этап: {} → {}",
                                        e.from_stage.map(|s| s.label()).unwrap_or("—"),
                                        e.to_stage.map(|s| s.label()).unwrap_or("—"),
                                    )
                                }
                                "assign" => "Смена куратора".to_string(),
                                _ => "Изменены сведения".to_string(),
                            };
                            view! {
                                <li>
                                    <div class="timeline-head">
                                        <strong>{what}</strong>
                                    </div>
                                    <div class="muted small">{format_datetime(e.at)} " · " {e.by_name.clone()}</div>
                                    {e.detail.clone().map(|d| view! { <div>{d}</div> })}
                                    {e
                                        .comment
                                        .clone()
                                        .map(|c| view! { <div class="comment">{format!("«{c}»")}</div> })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
        </section>
    }
}

/// One member row of the form, each field its own signal so typing keeps the focus.
#[derive(Clone, Copy)]
struct MemberFields {
    key: u64,
    full_name: RwSignal<String>,
    birth_date: RwSignal<String>,
    relation: RwSignal<String>,
    categories: RwSignal<Vec<String>>,
}

impl MemberFields {
    fn new(key: u64, m: &MemberForm) -> Self {
        MemberFields {
            key,
            full_name: RwSignal::new(m.full_name.clone()),
            birth_date: RwSignal::new(m.birth_date.clone()),
            relation: RwSignal::new(m.relation.clone()),
            categories: RwSignal::new(m.categories.clone()),
        }
    }
    fn snapshot(&self) -> MemberForm {
        MemberForm {
            full_name: self.full_name.get(),
            birth_date: self.birth_date.get(),
            relation: self.relation.get(),
            categories: self.categories.get(),
        }
    }
}

/// The signals of the whole case form.
#[derive(Clone, Copy)]
struct CaseFields {
    kind: RwSignal<String>,
    title: RwSignal<String>,
    members: RwSignal<Vec<MemberFields>>,
    next_key: StoredValue<u64>,
    categories: RwSignal<Vec<String>>,
    address: RwSignal<String>,
    district: RwSignal<String>,
    phone: RwSignal<String>,
    consent: RwSignal<bool>,
    consent_date: RwSignal<String>,
    curator: RwSignal<String>,
    source: RwSignal<String>,
    source_detail: RwSignal<String>,
    journal_entry: RwSignal<String>,
    notes: RwSignal<String>,
    detected_on: RwSignal<String>,
    need_recognised_on: RwSignal<String>,
    plan_approved_on: RwSignal<String>,
}

impl CaseFields {
    fn new(form: &CaseForm) -> Self {
        let fields = CaseFields {
            kind: RwSignal::new(String::new()),
            title: RwSignal::new(String::new()),
            members: RwSignal::new(vec![]),
            next_key: StoredValue::new(0),
            categories: RwSignal::new(vec![]),
            address: RwSignal::new(String::new()),
            district: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            consent: RwSignal::new(false),
            consent_date: RwSignal::new(String::new()),
            curator: RwSignal::new(String::new()),
            source: RwSignal::new(String::new()),
            source_detail: RwSignal::new(String::new()),
            journal_entry: RwSignal::new(String::new()),
            notes: RwSignal::new(String::new()),
            detected_on: RwSignal::new(String::new()),
            need_recognised_on: RwSignal::new(String::new()),
            plan_approved_on: RwSignal::new(String::new()),
        };
        fields.set(form);
        fields
    }

    fn add_member(&self, m: &MemberForm) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        self.members.update(|list| list.push(MemberFields::new(key, m)));
    }

    fn set(&self, form: &CaseForm) {
        self.kind.set(form.kind.clone());
        self.title.set(form.title.clone());
        self.members.set(vec![]);
        for m in &form.members {
            self.add_member(m);
        }
        self.categories.set(form.categories.clone());
        self.address.set(form.address.clone());
        self.district.set(form.district.clone());
        self.phone.set(form.phone.clone());
        self.consent.set(form.consent);
        self.consent_date.set(form.consent_date.clone());
        self.curator.set(form.curator.clone());
        self.source.set(form.source.clone());
        self.source_detail.set(form.source_detail.clone());
        self.journal_entry.set(form.journal_entry.clone());
        self.notes.set(form.notes.clone());
        self.detected_on.set(form.detected_on.clone());
        self.need_recognised_on.set(form.need_recognised_on.clone());
        self.plan_approved_on.set(form.plan_approved_on.clone());
    }

    fn snapshot(&self) -> CaseForm {
        CaseForm {
            kind: self.kind.get(),
            title: self.title.get(),
            members: self.members.get().iter().map(MemberFields::snapshot).collect(),
            categories: self.categories.get(),
            address: self.address.get(),
            district: self.district.get(),
            phone: self.phone.get(),
            consent: self.consent.get(),
            consent_date: self.consent_date.get(),
            curator: self.curator.get(),
            source: self.source.get(),
            source_detail: self.source_detail.get(),
            journal_entry: self.journal_entry.get(),
            notes: self.notes.get(),
            detected_on: self.detected_on.get(),
            need_recognised_on: self.need_recognised_on.get(),
            plan_approved_on: self.plan_approved_on.get(),
        }
    }
}

/// A form kept on the device, with the version of the case it was started on.
#[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct CaseDraft {
    version: i64,
    form: CaseForm,
}

/// Keeps the form as a draft on this device and restores it once, on opening; `on_restore`
/// gets the version of the case the draft was started on.
fn keep_draft(key: String, fields: CaseFields, initial: CaseForm, version: i64, on_restore: Callback<i64>) {
    Effect::new(move |previous: Option<()>| {
        let snapshot = fields.snapshot();
        if previous.is_none() {
            if let Some(draft) = load_draft::<CaseDraft>(&key) {
                if draft.form != snapshot && draft.form != initial {
                    fields.set(&draft.form);
                    on_restore.run(draft.version);
                }
            }
            return;
        }
        if snapshot == initial {
            clear_draft(&key);
        } else {
            save_draft(&key, &CaseDraft { version, form: snapshot });
        }
    });
}

#[component]
pub fn NewCasePage() -> impl IntoView {
    let query = use_query_map();
    let entry = Memo::new(move |_| query.with(|q| q.get("entry").unwrap_or_default()));
    let blank = Resource::new(move || entry.get(), blank_case);
    view! {
        <AppShell title="Новый случай">
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match blank.await {
                        Ok(new) => view! { <NewCaseForm new=new /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn NewCaseForm(new: NewCase) -> impl IntoView {
    let fields = CaseFields::new(&new.form);
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let restored = RwSignal::new(false);
    let key = format!("opora.draft.case.new.{}", new.form.journal_entry);
    keep_draft(key.clone(), fields, new.form.clone(), 0, Callback::new(move |_| restored.set(true)));
    let navigate = use_navigate();
    let save = Action::new(move |form: &CaseForm| create_case(form.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(id)) => {
            clear_draft(&key);
            navigate(&format!("/cases/{id}"), Default::default());
        }
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let lists = CaseLists { staff: new.staff.clone(), districts: new.districts.clone() };
    view! {
        <div class="page-head">
            <div>
                <a
                    class="back"
                    href=if new.entry_label.is_some() {
                        format!("/journal/{}", new.form.journal_entry)
                    } else {
                        "/board".into()
                    }
                >
                    "← Назад"
                </a>
                <h1>"Новый случай"</h1>
                {new.entry_label.clone().map(|l| view! { <p class="muted">"По обращению " {l}</p> })}
            </div>
        </div>
        <form
            class="case-form"
            novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(fields.snapshot());
            }
        >
            <Show when=move || restored.get()>
                <div class="notice notice-info" role="status">
                    "Восстановлен несохранённый черновик с этого устройства."
                </div>
            </Show>
            <CaseFormFields
                fields=fields
                errors=errors
                lists=lists
                can_assign=new.can_assign
                can_approve=new.can_assign
            />
            <div class="form-actions sticky-actions">
                {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })} <FormErrors errors=errors />
                <div class="buttons">
                    <button type="submit" class="btn btn-primary btn-large" disabled=move || save.pending().get()>
                        {move || {
                            if save.pending().get() { "Сохранение…" } else { "Открыть случай" }
                        }}
                    </button>
                </div>
            </div>
        </form>
    }
}

#[component]
fn EditCase(details: CaseDetails, on_saved: Callback<CaseDetails>, on_cancel: Callback<()>) -> impl IntoView {
    let initial = CaseForm::from_case(&details.case);
    let fields = CaseFields::new(&initial);
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let restored = RwSignal::new(false);
    // The version these edits are based on; a draft started on an older one keeps that one, so
    // that saving it meets the conflict and the user chooses.
    let version = RwSignal::new(details.case.version);
    // Someone else saved meanwhile: their version, and the message.
    let conflict = RwSignal::new(None::<(CaseDetails, String)>);
    let id = details.case.id.clone();
    let key = format!("opora.draft.case.{id}");
    keep_draft(
        key.clone(),
        fields,
        initial,
        details.case.version,
        Callback::new(move |draft_version| {
            restored.set(true);
            version.set(draft_version);
        }),
    );
    let lists = Resource::new(|| (), |_| load_case_lists());
    let id_for_save = id.clone();
    let save =
        Action::new(move |form: &CaseForm| update_case(id_for_save.clone(), version.get_untracked(), form.clone()));
    let key_for_result = key.clone();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(updated)) => {
            clear_draft(&key_for_result);
            on_saved.run(updated);
        }
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(AppError::Conflict(message))) => {
            failure.set(None);
            let id = id.clone();
            leptos::task::spawn_local(async move {
                if let Ok(latest) = get_case(id).await {
                    conflict.set(Some((latest, message)));
                }
            });
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let can_assign = details.can_assign;
    let can_approve = details.can_approve_plan;
    view! {
        <form
            class="card case-form"
            novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(fields.snapshot());
            }
        >
            <h2>"Изменение сведений"</h2>
            <Show when=move || restored.get()>
                <div class="notice notice-info" role="status">
                    "Восстановлен несохранённый черновик с этого устройства."
                </div>
            </Show>
            {move || {
                conflict
                    .get()
                    .map(|(latest, message)| {
                        let latest_version = latest.case.version;
                        let key = key.clone();
                        view! {
                            <div class="notice notice-warn conflict" role="alert">
                                <p>
                                    <strong>
                                        "Случай изменили, пока вы редактировали. "
                                    </strong>
                                    {message}
                                </p>
                                <p>
                                    "Ваши правки остались в форме. Сохранить их поверх или отказаться от них и посмотреть сохранённое?"
                                </p>
                                <div class="buttons">
                                    <button
                                        type="button"
                                        class="btn btn-primary"
                                        on:click=move |_| {
                                            version.set(latest_version);
                                            conflict.set(None);
                                            save.dispatch(fields.snapshot());
                                        }
                                    >
                                        "Сохранить мои правки поверх"
                                    </button>
                                    <button
                                        type="button"
                                        class="btn btn-ghost"
                                        on:click={
                                            let latest = latest.clone();
                                            let key = key.clone();
                                            move |_| {
                                                clear_draft(&key);
                                                on_saved.run(latest.clone());
                                            }
                                        }
                                    >
                                        "Отказаться от моих правок"
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match lists.await {
                        Ok(lists) => {
                            view! {
                                <CaseFormFields
                                    fields=fields
                                    errors=errors
                                    lists=lists
                                    can_assign=can_assign
                                    can_approve=can_approve
                                />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
            <div class="form-actions sticky-actions">
                {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })} <FormErrors errors=errors />
                <div class="buttons">
                    <button type="submit" class="btn btn-primary btn-large" disabled=move || save.pending().get()>
                        "Сохранить"
                    </button>
                    <button type="button" class="btn btn-ghost" on:click=move |_| on_cancel.run(())>
                        "Отмена"
                    </button>
                </div>
            </div>
        </form>
    }
}

#[component]
fn CaseFormFields(
    fields: CaseFields,
    errors: RwSignal<FieldErrors>,
    lists: CaseLists,
    can_assign: bool,
    can_approve: bool,
) -> impl IntoView {
    let kinds = Signal::stored(options_of(CaseKind::ALL, CaseKind::code, CaseKind::label));
    let sources = Signal::stored(options_of(Source::ALL, Source::code, Source::label));
    let categories = options_of(Category::ALL, Category::code, Category::label);
    let districts = Signal::stored(lists.districts.iter().map(|d| (d.id.clone(), d.name.clone())).collect::<Vec<_>>());
    let curator_locked = !can_assign;
    let staff = Signal::stored(lists.staff.iter().map(|s| (s.id.clone(), s.full_name.clone())).collect::<Vec<_>>());
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
                    <label class="toggle-line">
                        <input
                            type="checkbox"
                            name="consent"
                            prop:checked=move || fields.consent.get()
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                fields.consent.set(on);
                                if on && fields.consent_date.get_untracked().is_empty() {
                                    fields
                                        .consent_date
                                        .set(
                                            crate::time::local_today(chrono::Utc::now()).format("%Y-%m-%d").to_string(),
                                        );
                                }
                            }
                        />
                        <span>
                            "Согласие на обработку персональных данных получено"
                        </span>
                    </label>
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

#[component]
fn MembersEditor(fields: CaseFields, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let relations = options_of(Relation::ALL, Relation::code, Relation::label);
    let categories = options_of(Category::ALL, Category::code, Category::label);
    let error = move |i: usize, field: &str| {
        let key = format!("members.{i}.{field}");
        errors.with(|e| e.get(&key).map(str::to_string))
    };
    let rows = move || fields.members.get().into_iter().enumerate().collect::<Vec<(usize, MemberFields)>>();
    view! {
        <div class="members-editor">
            <For each=rows key=|row: &(usize, MemberFields)| (row.0, row.1.key) let:item>
                {
                    let (i, m) = item;
                    let relations = relations.clone();
                    let categories = categories.clone();
                    view! {
                        <fieldset class="member-row" data-member=i>
                            <legend>"Член семьи " {i + 1}</legend>
                            <div class="grid-3">
                                <div class="field" class:has-error=move || error(i, "full_name").is_some()>
                                    <label for=format!("member-{i}-name")>"ФИО"</label>
                                    <input
                                        id=format!("member-{i}-name")
                                        type="text"
                                        prop:value=move || m.full_name.get()
                                        on:input=move |ev| m.full_name.set(event_target_value(&ev))
                                        aria-invalid=move || {
                                            if error(i, "full_name").is_some() { "true" } else { "false" }
                                        }
                                    />
                                    <p class="field-error">{move || error(i, "full_name")}</p>
                                </div>
                                <div class="field" class:has-error=move || error(i, "relation").is_some()>
                                    <label for=format!("member-{i}-relation")>"Родство"</label>
                                    <select
                                        id=format!("member-{i}-relation")
                                        prop:value=move || m.relation.get()
                                        on:change=move |ev| m.relation.set(event_target_value(&ev))
                                    >
                                        <option value="">"— выберите —"</option>
                                        {relations
                                            .into_iter()
                                            .map(|(code, label)| {
                                                let c = code.clone();
                                                view! {
                                                    <option value=code selected=move || m.relation.get() == c>
                                                        {label}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                    <p class="field-error">{move || error(i, "relation")}</p>
                                </div>
                                <div class="field" class:has-error=move || error(i, "birth_date").is_some()>
                                    <label for=format!("member-{i}-birth")>"Дата рождения"</label>
                                    <input
                                        id=format!("member-{i}-birth")
                                        type="date"
                                        prop:value=move || m.birth_date.get()
                                        on:input=move |ev| m.birth_date.set(event_target_value(&ev))
                                    />
                                    <p class="field-error">{move || error(i, "birth_date")}</p>
                                </div>
                            </div>
                            <details class="member-categories">
                                <summary>
                                    {move || {
                                        let n = m.categories.with(Vec::len);
                                        if n == 0 {
                                            "Категории: не выбраны".to_string()
                                        } else {
                                            format!("Категории: {n}")
                                        }
                                    }}
                                </summary>
                                <div class="chips">
                                    {categories
                                        .into_iter()
                                        .map(|(code, label)| {
                                            let checked = code.clone();
                                            let toggled = code.clone();
                                            view! {
                                                <label class="chip">
                                                    <input
                                                        type="checkbox"
                                                        prop:checked=move || m.categories.with(|c| c.contains(&checked))
                                                        on:change=move |ev| {
                                                            let on = event_target_checked(&ev);
                                                            let code = toggled.clone();
                                                            m.categories
                                                                .update(|c| {
                                                                    c.retain(|x| *x != code);
                                                                    if on {
                                                                        c.push(code);
                                                                    }
                                                                });
                                                        }
                                                    />
                                                    <span>{label}</span>
                                                </label>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            </details>
                            <button
                                type="button"
                                class="btn btn-ghost btn-small"
                                on:click=move |_| fields.members.update(|list| list.retain(|x| x.key != m.key))
                            >
                                "Убрать из списка"
                            </button>
                        </fieldset>
                    }
                }
            </For>
            <button
                type="button"
                class="btn btn-secondary"
                on:click=move |_| {
                    fields
                        .add_member(
                            &MemberForm {
                                relation: if fields.members.with(Vec::is_empty) {
                                    Relation::Applicant.code().to_string()
                                } else {
                                    String::new()
                                },
                                ..Default::default()
                            },
                        )
                }
            >
                "+ Добавить члена семьи"
            </button>
            <p class="field-error">{move || errors.with(|e| e.get("members").map(str::to_string))}</p>
        </div>
    }
}
