//! A raid's page: `/patrol/new` plans one; `/patrol/<id>` shows its plan (editable until it is
//! held), who takes part, the people and families met with what was done, and the findings with
//! «Отметить проведённым»; the protocol is one tap away.

use super::api::{cancel_raid, hold_raid, patrol_raid, save_raid};
use super::met::MetSection;
use super::participants::Participants;
use super::types::*;
use crate::components::fields::{CheckboxGroup, FieldValue, TextArea, TextField};
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::time::{format_datetime, format_naive_date};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[component]
pub fn NewRaidPage() -> impl IntoView {
    let details = Resource::new(|| (), |_| patrol_raid(String::new()));
    view! {
        <AppShell title="Новый рейд">
            <div class="page-head">
                <div>
                    <a class="back" href="/patrol">
                        "← Социальный патруль"
                    </a>
                    <h1>"Запланировать рейд"</h1>
                    <p class="muted">
                        "Дата, время и маршрут; участников и встреченных добавите на странице рейда."
                    </p>
                </div>
            </div>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(d) => view! { <PlanForm details=d raid=None refresh=None /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
pub fn RaidPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let created = Memo::new(move |_| query.with(|q| q.get("created").is_some()));
    let details = Resource::new(move || id.get(), patrol_raid);
    let refresh = Callback::new(move |_: ()| details.refetch());
    view! {
        <AppShell title="Рейд «Социальный патруль»">
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(d) => {
                            view! { <RaidView details=d refresh=refresh created=created.get_untracked() /> }.into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn RaidView(details: RaidDetails, refresh: Callback<()>, created: bool) -> impl IntoView {
    let Some(raid) = details.raid.clone() else {
        return view! { <ErrorNotice error=AppError::NotFound("Рейд не найден".into()) /> }.into_any();
    };
    let held = raid.state == RaidState::Held;
    let cancelled = raid.state == RaidState::Cancelled;
    let badge = match raid.state {
        RaidState::Planned => "badge badge-open",
        RaidState::Held => "badge badge-ok",
        RaidState::Cancelled => "badge badge-muted",
    };
    let districts = if raid.district_names.is_empty() { "—".to_string() } else { raid.district_names.join(", ") };
    if cancelled {
        return view! {
            <div class="page-head">
                <div>
                    <a class="back" href="/patrol">
                        "← Социальный патруль"
                    </a>
                    <h1>{format!("Рейд № {}", raid.number)}</h1>
                    <p class="muted">
                        <span class=badge data-testid="raid-state">
                            {raid.state.label()}
                        </span>
                        {format!(" {} · {}", raid.when(), districts)}
                    </p>
                </div>
            </div>
            <CancelledFacts raid=raid />
        }
        .into_any();
    }
    view! {
        <div class="page-head">
            <div>
                <a class="back" href="/patrol">
                    "← Социальный патруль"
                </a>
                <h1>{format!("Рейд № {}", raid.number)}</h1>
                <p class="muted">
                    <span class=badge data-testid="raid-state">
                        {raid.state.label()}
                    </span>
                    {format!(" {} · {}", raid.when(), districts)}
                </p>
            </div>
            <div class="actions">
                <a class="btn btn-primary" href=format!("/patrol/{}/print", raid.id) data-testid="print-protocol">
                    "Протокол — печать"
                </a>
            </div>
        </div>
        {(created && !held)
            .then(|| {
                view! {
                    <p class="notice notice-success" data-testid="created-notice">
                        "Рейд запланирован. Добавьте участников; встреченных людей запишите во время или после рейда."
                    </p>
                }
            })}
        {if held {
            view! { <HeldFacts raid=raid.clone() /> }.into_any()
        } else {
            view! {
                <details class="card patrol-plan" open=created>
                    <summary>
                        <strong>"План рейда"</strong>
                        <span class="muted">{format!(" · {}", raid.route)}</span>
                    </summary>
                    <PlanForm details=details.clone() raid=Some(raid.clone()) refresh=Some(refresh) />
                </details>
            }
                .into_any()
        }}
        <Participants raid=raid.clone() staff=details.staff.clone() partners=details.partners.clone() refresh=refresh />
        <MetSection
            raid=raid.clone()
            partners=details.partners.clone()
            today=details.today
            may_open_case=details.may_open_case_from_entry
            refresh=refresh
        />
        {(!held).then(|| view! { <HoldSection raid=raid.clone() refresh=refresh /> })}
        {(!held).then(|| view! { <CancelSection raid=raid.clone() refresh=refresh /> })}
    }
    .into_any()
}

/// A cancelled raid: its plan, who was to go, and why it did not take place.
#[component]
fn CancelledFacts(raid: Raid) -> impl IntoView {
    let participants = if raid.participants.is_empty() {
        "—".to_string()
    } else {
        raid.participants.iter().map(|p| p.full_name.clone()).collect::<Vec<_>>().join(", ")
    };
    view! {
        <section class="card patrol-facts" data-testid="raid-cancelled">
            <p class="notice notice-warn">"Рейд отменён и не проводился."</p>
            <dl class="facts">
                <dt>"Маршрут, адреса"</dt>
                <dd class="pre-line">{raid.route.clone()}</dd>
                {(!raid.purpose.is_empty())
                    .then(|| {
                        view! {
                            <dt>"Цель"</dt>
                            <dd>{raid.purpose.clone()}</dd>
                        }
                    })}
                <dt>"Участники по плану"</dt>
                <dd>{participants}</dd>
                <dt>"Причина отмены"</dt>
                <dd class="pre-line" data-testid="cancel-reason">
                    {raid.cancel_reason.clone()}
                </dd>
                <dt>"Отменил(а)"</dt>
                <dd>
                    {format!(
                        "{}{}",
                        raid.cancelled_by_name,
                        raid.cancelled_at.map(|t| format!(", {}", format_datetime(t))).unwrap_or_default(),
                    )}
                </dd>
            </dl>
        </section>
    }
}

/// «Рейд не состоится»: a planned raid cancelled with its reason; what was typed stays on a
/// refusal.
#[component]
fn CancelSection(raid: Raid, refresh: Callback<()>) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let target = StoredValue::new((raid.id.clone(), raid.version));
    let cancel = Action::new(move |reason: &String| {
        let reason = reason.clone();
        let (id, version) = target.get_value();
        async move { cancel_raid(id, version, reason).await }
    });
    Effect::new(move |_| match cancel.value().get() {
        Some(Ok(())) => refresh.run(()),
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    view! {
        <details class="card patrol-cancel" data-testid="cancel-raid">
            <summary>"Рейд не состоится? Отменить рейд"</summary>
            <form
                novalidate
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    cancel.dispatch(reason.get_untracked());
                }
            >
                <p class="muted">
                    "Отменённый рейд остаётся в списке с причиной отмены; встреченных на нём не записывают."
                </p>
                <TextArea
                    label="Причина отмены"
                    name="cancel_reason"
                    id="cancel-reason"
                    rows=2
                    required=true
                    value=FieldValue::from(reason)
                    errors=errors
                />
                {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
                <button type="submit" class="btn btn-danger" disabled=move || cancel.pending().get()>
                    "Отменить рейд"
                </button>
            </form>
        </details>
    }
}

/// The plan and the findings of a held raid.
#[component]
fn HeldFacts(raid: Raid) -> impl IntoView {
    view! {
        <section class="card patrol-facts">
            <dl class="facts">
                <dt>"Маршрут, адреса"</dt>
                <dd class="pre-line">{raid.route.clone()}</dd>
                {(!raid.purpose.is_empty())
                    .then(|| {
                        view! {
                            <dt>"Цель"</dt>
                            <dd>{raid.purpose.clone()}</dd>
                        }
                    })}
                <dt>"Итоги"</dt>
                <dd class="pre-line" data-testid="findings">
                    {raid.findings.clone()}
                </dd>
                <dt>"Отметил(а)"</dt>
                <dd>
                    {format!(
                        "{}{}",
                        raid.held_by_name,
                        raid.held_at.map(|t| format!(", {}", format_datetime(t))).unwrap_or_default(),
                    )}
                </dd>
            </dl>
        </section>
    }
}

/// The plan's form: a new raid (`raid` none) or the plan of one not yet held.
#[component]
fn PlanForm(details: RaidDetails, raid: Option<Raid>, refresh: Option<Callback<()>>) -> impl IntoView {
    let form = RwSignal::new(raid.as_ref().map(RaidForm::of).unwrap_or_else(|| RaidForm {
        date: crate::time::format_iso_date(details.today),
        start_time: "18:00".into(),
        ..RaidForm::default()
    }));
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let target = StoredValue::new(raid.as_ref().map(|r| (r.id.clone(), r.version)).unwrap_or_default());
    let is_new = raid.is_none();
    let navigate = use_navigate();
    let save = Action::new(move |f: &RaidForm| {
        let f = f.clone();
        let (id, version) = target.get_value();
        async move { save_raid(id, version, f).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(id)) => {
            errors.set(FieldErrors::new());
            failure.set(None);
            match refresh {
                Some(r) => {
                    saved.set(true);
                    r.run(());
                }
                None => navigate(&format!("/patrol/{id}?created=1"), Default::default()),
            }
        }
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let districts: Vec<(String, String)> = details.districts.iter().map(|d| (d.id.clone(), d.name.clone())).collect();
    let field = move |get: fn(&RaidForm) -> String, set: fn(&mut RaidForm, String)| FieldValue::of(form, get, set);
    view! {
        <form
            class="card patrol-form"
            novalidate
            data-testid="raid-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(form.get_untracked());
            }
        >
            <div class="grid-3">
                <TextField
                    label="Дата рейда"
                    name="date"
                    id="raid-date"
                    kind="date"
                    required=true
                    value=field(|f| f.date.clone(), |f, v| f.date = v)
                    errors=errors
                />
                <TextField
                    label="Начало"
                    name="start_time"
                    id="raid-start"
                    kind="time"
                    required=true
                    value=field(|f| f.start_time.clone(), |f, v| f.start_time = v)
                    errors=errors
                />
                <TextField
                    label="Окончание"
                    name="end_time"
                    id="raid-end"
                    kind="time"
                    value=field(|f| f.end_time.clone(), |f, v| f.end_time = v)
                    errors=errors
                />
            </div>
            <TextArea
                label="Маршрут или адреса"
                name="route"
                id="raid-route"
                rows=3
                required=true
                hint="Улицы, дома, подъезды, места скопления — по порядку обхода"
                value=field(|f| f.route.clone(), |f, v| f.route = v)
                errors=errors
            />
            <CheckboxGroup
                label="Социальные участки"
                name="districts"
                value=FieldValue::of(form, |f| f.districts.clone(), |f, v| f.districts = v)
                options=districts
                errors=errors
            />
            <TextArea
                label="Цель рейда"
                name="purpose"
                id="raid-purpose"
                rows=2
                value=field(|f| f.purpose.clone(), |f, v| f.purpose = v)
                errors=errors
            />
            <div class="form-actions">
                {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })} <FormErrors errors=errors />
                {move || saved.get().then(|| view! { <span class="muted">"План сохранён."</span> })}
                <button type="submit" class="btn btn-primary btn-large" disabled=move || save.pending().get()>
                    {if is_new { "Запланировать рейд" } else { "Сохранить план" }}
                </button>
            </div>
        </form>
    }
}

/// «Отметить проведённым»: the findings, when it ended; refused with the reason at its place
/// (no participant yet, a day still ahead).
#[component]
fn HoldSection(raid: Raid, refresh: Callback<()>) -> impl IntoView {
    let form = RwSignal::new(HoldForm { findings: String::new(), end_time: raid.end_time.clone() });
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let target = StoredValue::new((raid.id.clone(), raid.version));
    let save = Action::new(move |f: &HoldForm| {
        let f = f.clone();
        let (id, version) = target.get_value();
        async move { hold_raid(id, version, f).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => refresh.run(()),
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let general = move |key: &'static str| {
        move || {
            errors.with(|e| e.get(key).map(str::to_string)).map(|m| {
                view! {
                    <p class="field-error" data-error-for=key>
                        {m}
                    </p>
                }
            })
        }
    };
    let field = move |get: fn(&HoldForm) -> String, set: fn(&mut HoldForm, String)| FieldValue::of(form, get, set);
    view! {
        <form
            class="card patrol-hold"
            novalidate
            data-testid="hold-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(form.get_untracked());
            }
        >
            <h2>"Рейд проведён"</h2>
            <p class="muted">
                {format!(
                    "Назначен на {}. Когда рейд завершён, запишите его итоги — они войдут в протокол.",
                    format_naive_date(raid.date),
                )}
            </p>
            {general("hold")}
            {general("participants")}
            <TextArea
                label="Итоги рейда"
                name="findings"
                id="hold-findings"
                rows=4
                required=true
                hint="Сколько адресов обследовано, кого встретили, что выявлено и что сделано"
                value=field(|f| f.findings.clone(), |f, v| f.findings = v)
                errors=errors
            />
            <TextField
                label="Время окончания"
                name="end_time"
                id="hold-end"
                kind="time"
                value=field(|f| f.end_time.clone(), |f, v| f.end_time = v)
                errors=errors
            />
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            <FormErrors errors=errors />
            <button type="submit" class="btn btn-primary btn-large" disabled=move || save.pending().get()>
                "Отметить проведённым"
            </button>
        </form>
    }
}
