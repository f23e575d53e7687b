//! `/inquiries/new` (`?case=<key>`: a request about a case) and `/inquiries/<id>`: the request's
//! form — the body (a partner of the resource map or typed), the essence with its legal grounds
//! and period, whom it concerns, the sending and the term of the answer with the due day the
//! production calendar gives — saved as a draft, then marked sent; a sent request gets its
//! answer (`answer.rs`). What is typed stays on every refusal and, as a draft, on the device.

use super::answer::{AnswerPanel, InquiryRecord};
use super::api::{blank_inquiry, get_inquiry, inquiry_partners, preview_due, save_inquiry, send_inquiry};
use super::types::*;
use crate::components::fields::{options_of, FieldValue, SelectField, TextArea, TextField};
use crate::components::storage::{clear_draft, keep_draft};
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// A request's page data: the request (or a new one) and the partners to address it to.
type Loaded = (InquiryDetails, Vec<PartnerOption>);

async fn with_partners(details: Result<InquiryDetails, AppError>) -> Result<Loaded, AppError> {
    let details = details?;
    let answered = details.inquiry.as_ref().is_some_and(|i| i.status == InquiryStatus::Answered);
    let partners = if answered { Vec::new() } else { inquiry_partners().await? };
    Ok((details, partners))
}

#[component]
pub fn NewInquiryPage() -> impl IntoView {
    let query = use_query_map();
    let case = Memo::new(move |_| query.with(|q| q.get("case").unwrap_or_default()));
    let data = Resource::new(move || case.get(), |case| async move { with_partners(blank_inquiry(case).await).await });
    let navigate = use_navigate();
    let saved = Callback::new(move |(id, sent): (String, bool)| {
        navigate(&format!("/inquiries/{id}?{}=1", if sent { "sent" } else { "saved" }), Default::default());
    });
    view! {
        <AppShell title="Новый межведомственный запрос">
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((details, partners)) => {
                            view! {
                                <Head details=details.clone() />
                                <InquiryEditor details=details partners=partners saved=saved />
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
pub fn InquiryPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let data = Resource::new(move || id.get(), |id| async move { with_partners(get_inquiry(id).await).await });
    // What the last action did: from the address after a new request, then from the page.
    let message = RwSignal::new(query.with_untracked(|q| {
        if q.get("sent").is_some() {
            Some("Запрос сохранён и отмечен: срок ответа посчитан.".to_string())
        } else if q.get("saved").is_some() {
            Some("Запрос сохранён.".to_string())
        } else {
            None
        }
    }));
    let saved = Callback::new(move |(_, sent): (String, bool)| {
        message.set(Some(
            if sent {
                "Запрос отмечен: срок ответа посчитан."
            } else {
                "Изменения сохранены."
            }
            .into(),
        ));
        data.refetch();
    });
    let answered = Callback::new(move |_: ()| {
        message.set(Some("Ответ записан.".into()));
        data.refetch();
    });
    view! {
        <AppShell title="Межведомственный запрос">
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((details, partners)) => {
                            let answered_already = details
                                .inquiry
                                .as_ref()
                                .is_some_and(|i| i.status == InquiryStatus::Answered);
                            view! {
                                <Head details=details.clone() />
                                {move || {
                                    message
                                        .get()
                                        .map(|m| {
                                            view! {
                                                <p class="notice notice-success" role="status">
                                                    {m}
                                                </p>
                                            }
                                        })
                                }}
                                {if answered_already {
                                    view! { <InquiryRecord details=details /> }.into_any()
                                } else {
                                    view! {
                                        <InquiryEditor details=details.clone() partners=partners saved=saved />
                                        <AnswerPanel details=details answered=answered />
                                    }
                                        .into_any()
                                }}
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

/// The page's head: back to the register, the request's number and body, its status and days,
/// and its letter.
#[component]
fn Head(details: InquiryDetails) -> impl IntoView {
    let title = match &details.inquiry {
        Some(i) => format!("{} запрос {}", i.direction.label(), i.label()),
        None => "Новый межведомственный запрос".to_string(),
    };
    let about = details
        .inquiry
        .as_ref()
        .map(|i| i.body.clone())
        .or(details.case_label.clone().map(|c| format!("По случаю {c}")));
    let status = details.inquiry.as_ref().map(|i| (i.status_label(), i.id.clone()));
    let standing = details.standing;
    view! {
        <div class="page-head">
            <div>
                <p class="muted">
                    <a href="/inquiries">"← Межведомственные запросы"</a>
                </p>
                <h1>{title}</h1>
                {about.map(|a| view! { <p class="muted">{a}</p> })}
                {status
                    .clone()
                    .map(|(label, _)| {
                        view! {
                            <p class="inquiry-state" data-testid="inquiry-status">
                                <span class="badge">{label}</span>
                                {matches!(standing, Standing::Waiting { .. } | Standing::Overdue { .. })
                                    .then(|| view! { <span class=standing.class()>{standing.text()}</span> })}
                            </p>
                        }
                    })}
            </div>
            {status
                .map(|(_, id)| {
                    view! {
                        <div class="actions">
                            <a class="btn btn-secondary" href=format!("/inquiries/{id}/print")>
                                "Печать письма (А4)"
                            </a>
                        </div>
                    }
                })}
        </div>
    }
}

fn field(
    form: RwSignal<InquiryForm>,
    get: fn(&InquiryForm) -> String,
    set: fn(&mut InquiryForm, String),
) -> FieldValue<String> {
    FieldValue::of(form, get, set)
}

/// The form of a new, draft or sent request.
#[component]
fn InquiryEditor(
    details: InquiryDetails,
    partners: Vec<PartnerOption>,
    saved: Callback<(String, bool)>,
) -> impl IntoView {
    let stored = details.inquiry.clone();
    let (id, version, status) = stored.as_ref().map(|i| (i.id.clone(), i.version, i.status)).unwrap_or((
        String::new(),
        0,
        InquiryStatus::Draft,
    ));
    let is_new = id.is_empty();
    let initial = details.form.clone();
    let form = RwSignal::new(initial.clone());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let restored = RwSignal::new(false);
    let key =
        StoredValue::new(if is_new { format!("inquiry-new-{}", initial.case_number) } else { format!("inquiry-{id}") });
    let on_server = initial.clone();
    keep_draft(key, form, Signal::stored(details.can_edit), restored, move |f| *f == on_server);
    let target = StoredValue::new((id, version));
    let save = Action::new(move |(send, f): &(bool, InquiryForm)| {
        let (send, f) = (*send, f.clone());
        let (id, version) = target.get_value();
        async move {
            let result = if send { send_inquiry(id, version, f).await } else { save_inquiry(id, version, f).await };
            (send, result)
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some((send, Ok(id))) => {
            clear_draft(&key.get_value());
            errors.set(FieldErrors::new());
            failure.set(None);
            saved.run((id, send));
        }
        Some((_, Err(AppError::Validation(e)))) => {
            failure.set(None);
            errors.set(e);
        }
        Some((_, Err(e))) => {
            errors.set(FieldErrors::new());
            failure.set(Some(e));
        }
        None => {}
    });
    let incoming = Memo::new(move |_| form.with(|f| f.direction == Direction::Incoming.code()));
    let partners = StoredValue::new(partners);
    let partner_options = Signal::stored(
        partners.with_value(|list| list.iter().map(|p| (p.id.clone(), p.name.clone())).collect::<Vec<_>>()),
    );
    // Choosing a partner writes its name and address into the body's fields.
    let partner = FieldValue::new(
        move || form.with(|f| f.partner.clone()),
        move |chosen: String| {
            let found = partners.with_value(|list| list.iter().find(|p| p.id == chosen).cloned());
            form.update(|f| {
                if let Some(p) = found {
                    f.body = p.name;
                    f.body_address = p.address;
                }
                f.partner = chosen;
            });
        },
    );
    let directions = Signal::stored(vec![
        (Direction::Outgoing.code().to_string(), "Исходящий — запрашиваем мы".to_string()),
        (Direction::Incoming.code().to_string(), "Входящий — запрашивают у нас".to_string()),
    ]);
    let terms = Signal::stored(options_of(Term::ALL, Term::code, Term::label));
    let ways = Signal::stored(options_of(Way::ALL, Way::code, Way::label));
    let term = Memo::new(move |_| form.with(|f| Term::from_code(&f.term).unwrap_or_default()));
    let due = Resource::new(
        move || form.with(|f| (f.term.clone(), f.sent_on.clone(), f.due_on.clone())),
        |(term, sent_on, due_on)| preview_due(term, sent_on, due_on),
    );
    let add_basis = move |basis: &'static str| form.update(|f| f.legal_basis = with_basis(&f.legal_basis, basis));
    let busy = save.pending();
    let start_over = initial.clone();
    view! {
        <form
            class="case-form inquiry-form"
            novalidate
            data-testid="inquiry-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch((false, form.get_untracked()));
            }
        >
            <Show when=move || restored.get()>
                <div class="notice notice-info" role="status">
                    "Восстановлены правки, которые ещё не отправлены на сервер."
                    <button
                        type="button"
                        class="btn btn-ghost btn-small"
                        on:click={
                            let start_over = start_over.clone();
                            move |_| {
                                form.set(start_over.clone());
                                restored.set(false);
                            }
                        }
                    >
                        "Начать заново"
                    </button>
                </div>
            </Show>
            <section class="card form-section">
                <h2>"Кому и от кого"</h2>
                <div class="grid-2">
                    {if is_new {
                        view! {
                            <SelectField
                                label="Направление"
                                name="direction"
                                required=true
                                value=field(form, |f| f.direction.clone(), |f, v| f.direction = v)
                                options=directions
                                errors=errors
                            />
                        }
                            .into_any()
                    } else {
                        view! {
                            <div class="field">
                                <span class="label">"Направление"</span>
                                <p>
                                    {move || {
                                        if incoming.get() {
                                            "Входящий запрос"
                                        } else {
                                            "Исходящий запрос"
                                        }
                                    }}
                                </p>
                            </div>
                        }
                            .into_any()
                    }}
                    <SelectField
                        label="Партнёр из карты ресурсов"
                        name="partner"
                        value=partner
                        options=partner_options
                        empty_label="— не из карты ресурсов —"
                        errors=errors
                    />
                </div>
                <div class="grid-2">
                    {move || {
                        let label = if incoming.get() {
                            "Запрашивающий орган, организация"
                        } else {
                            "Орган, организация, куда направляется запрос"
                        };
                        view! {
                            <TextField
                                label=label
                                name="body"
                                required=true
                                placeholder="ОМВД России по г. Югорску"
                                value=field(form, |f| f.body.clone(), |f, v| f.body = v)
                                errors=errors
                            />
                        }
                    }}
                    <TextField
                        label="Адрес органа"
                        name="body_address"
                        value=field(form, |f| f.body_address.clone(), |f, v| f.body_address = v)
                        errors=errors
                    />
                </div>
                <TextField
                    label="Реквизиты письма другой стороны (номер и дата)"
                    name="reference"
                    placeholder="№ 7/15-1234 от 01.12.2026"
                    value=field(form, |f| f.reference.clone(), |f, v| f.reference = v)
                    errors=errors
                />
            </section>
            <section class="card form-section">
                <h2>"Суть запроса"</h2>
                <TextArea
                    label="Краткое изложение сути запроса"
                    name="essence"
                    rows=4
                    required=true
                    hint="Какие сведения нужны и для чего: «сведения о привлечении родителей к административной ответственности…»"
                    value=field(form, |f| f.essence.clone(), |f, v| f.essence = v)
                    errors=errors
                />
                <TextArea
                    label="Ссылки на законодательство"
                    name="legal_basis"
                    rows=2
                    required=true
                    hint="Статья закона или регламента, на основании которой запрашиваются сведения"
                    value=field(form, |f| f.legal_basis.clone(), |f, v| f.legal_basis = v)
                    errors=errors
                />
                <div class="chips inquiry-bases" aria-label="Добавить основание">
                    {LEGAL_BASES
                        .iter()
                        .map(|&(short, basis)| {
                            view! {
                                <button
                                    type="button"
                                    class="btn btn-ghost btn-small"
                                    title=basis
                                    on:click=move |_| add_basis(basis)
                                >
                                    {format!("+ {short}")}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <div class="grid-2">
                    <TextField
                        label="Рассматриваемый период: с"
                        name="period_from"
                        kind="date"
                        value=field(form, |f| f.period_from.clone(), |f, v| f.period_from = v)
                        errors=errors
                    />
                    <TextField
                        label="по"
                        name="period_to"
                        kind="date"
                        value=field(form, |f| f.period_to.clone(), |f, v| f.period_to = v)
                        errors=errors
                    />
                </div>
                <TextArea
                    label="Иные сведения, необходимые для исполнения запроса"
                    name="details"
                    rows=2
                    value=field(form, |f| f.details.clone(), |f, v| f.details = v)
                    errors=errors
                />
            </section>
            <section class="card form-section">
                <h2>"Кого касается"</h2>
                {details
                    .case_label
                    .clone()
                    .map(|c| view! { <p class="muted">{format!("Запрос по случаю {c}")}</p> })}
                <div class="grid-2">
                    <TextField
                        label="Гражданин (ФИО, дата рождения)"
                        name="person"
                        value=field(form, |f| f.person.clone(), |f, v| f.person = v)
                        errors=errors
                    />
                    <TextField
                        label="Номер случая сопровождения"
                        name="case_number"
                        placeholder="2026-0042"
                        hint="Необязательно: запрос появится на странице случая"
                        value=field(form, |f| f.case_number.clone(), |f, v| f.case_number = v)
                        errors=errors
                    />
                </div>
            </section>
            <section class="card form-section" data-testid="inquiry-sending">
                <h2>
                    {move || {
                        if incoming.get() {
                            "Поступление и срок ответа"
                        } else {
                            "Отправка и срок ответа"
                        }
                    }}
                </h2>
                <Show
                    when=move || status != InquiryStatus::Sent
                    fallback=move || {
                        view! {
                            <p class="muted" data-testid="sending-locked">
                                {move || {
                                    let what = if incoming.get() {
                                        "поступления"
                                    } else {
                                        "отправки"
                                    };
                                    format!(
                                        "{}. Дата {what}, способ и срок ответа зарегистрированного запроса не меняются: по ним считается просрочка.",
                                        term.get().label(),
                                    )
                                }}
                            </p>
                        }
                    }
                >
                    <SelectField
                        label="Срок ответа"
                        name="term"
                        value=field(form, |f| f.term.clone(), |f, v| f.term = v)
                        options=terms
                        errors=errors
                    />
                    <p class="hint term-explanation">{move || term.get().explanation()}</p>
                    <div class="grid-3">
                        {move || {
                            let (day, way) = if incoming.get() {
                                ("Дата поступления", "Как поступил")
                            } else {
                                ("Дата отправки", "Способ отправки")
                            };
                            view! {
                                <TextField
                                    label=day
                                    name="sent_on"
                                    kind="date"
                                    value=field(form, |f| f.sent_on.clone(), |f, v| f.sent_on = v)
                                    errors=errors
                                />
                                <SelectField
                                    label=way
                                    name="way"
                                    value=field(form, |f| f.way.clone(), |f, v| f.way = v)
                                    options=ways
                                    empty_label="— выберите —"
                                    errors=errors
                                />
                            }
                        }} <Show when=move || term.get() == Term::Manual>
                            <TextField
                                label="Ответ ожидается до"
                                name="due_on"
                                kind="date"
                                value=field(form, |f| f.due_on.clone(), |f, v| f.due_on = v)
                                errors=errors
                            />
                        </Show>
                    </div>
                </Show>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        due.await
                            .ok()
                            .map(|p| {
                                view! {
                                    <p class="due-preview" data-testid="due-preview">
                                        {p.text}
                                    </p>
                                }
                            })
                    })}
                </Transition>
            </section>
            <div class="form-actions sticky-actions">
                {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })} <FormErrors errors=errors />
                <div class="buttons">
                    <button type="submit" class="btn btn-secondary btn-large" disabled=move || busy.get()>
                        {if is_new { "Сохранить черновик" } else { "Сохранить" }}
                    </button>
                    {(status == InquiryStatus::Draft)
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="btn btn-primary btn-large"
                                    data-testid="inquiry-send"
                                    disabled=move || busy.get()
                                    on:click=move |_| {
                                        save.dispatch((true, form.get_untracked()));
                                    }
                                >
                                    {move || {
                                        if incoming.get() {
                                            "Зарегистрировать поступление"
                                        } else {
                                            "Отметить отправленным"
                                        }
                                    }}
                                </button>
                            }
                        })}
                    <a class="btn btn-ghost" href="/inquiries">
                        "К реестру"
                    </a>
                </div>
            </div>
        </form>
    }
}
