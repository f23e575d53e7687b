//! A loan's card (`/rental/loans/<id>`): what, to whom, on what basis and until when, the
//! agreement and the handover act to print, the extensions, and the return with the condition
//! the item came back in — after which the first who waits for its kind is named.

use super::api::{extend_loan, rental_loan, return_loan, LoanDetails};
use super::types::*;
use crate::components::fields::{options_of, FieldValue, SelectField, TextArea, TextField};
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::{AppError, FieldErrors};
use crate::shell::frame::AppShell;
use crate::time::{format_datetime, format_iso_date, format_naive_date};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn LoanPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), rental_loan);
    let refresh = Callback::new(move |_: ()| details.refetch());
    let issued = Memo::new(move |_| query.with(|q| q.get("issued").is_some()));
    // Who the item is held for after a return: kept above the card, which reloads.
    let back_then = RwSignal::new(None::<Option<WaitEntry>>);
    view! {
        <AppShell title="Выдача">
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(d) => {
                            view! {
                                <LoanView details=d refresh=refresh issued=issued.get_untracked() back_then=back_then />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn LoanView(
    details: LoanDetails,
    refresh: Callback<()>,
    issued: bool,
    back_then: RwSignal<Option<Option<WaitEntry>>>,
) -> impl IntoView {
    let loan = details.loan;
    let state = loan.state(details.today);
    let open = loan.returned_on.is_none();
    let phone = crate::phone::format_phone(&loan.person.phone);
    let deposit = loan.deposit.map(|d| format!("{d} ₽")).unwrap_or_else(|| "бесплатно".into());
    let returned = loan.returned_on.map(|d| {
        format!(
            "Возвращено {}: {}{}",
            format_naive_date(d),
            loan.return_condition.map(|c| c.label().to_lowercase()).unwrap_or_default(),
            if loan.return_note.is_empty() { String::new() } else { format!(" — {}", loan.return_note) }
        )
    });
    view! {
        <div class="page-head">
            <div>
                <a class="back" href="/rental">
                    "← Пункт проката"
                </a>
                <h1>{format!("Договор проката № {}", loan.number)}</h1>
                <p class="muted">{loan.item_title.clone()}</p>
            </div>
            <div class="actions">
                <a
                    class="btn btn-primary"
                    href=format!("/rental/loans/{}/print", loan.id)
                    data-testid="print-agreement"
                >
                    "Договор и акт — печать"
                </a>
            </div>
        </div>
        {(issued && back_then.get_untracked().is_none())
            .then(|| {
                view! {
                    <p class="notice notice-success" data-testid="issued-notice">
                        "Выдача оформлена. Распечатайте договор и акт приёма-передачи и дайте подписать."
                    </p>
                }
            })}
        {move || {
            back_then
                .get()
                .map(|next| match next {
                    Some(w) => {
                        view! {
                            <p class="notice notice-info" data-testid="next-in-line">
                                <strong>"Возврат принят. "</strong>
                                {format!(
                                    "Изделие отложено для первого в очереди: {}{}. {} увидит это на странице пункта проката — позвоните человеку.",
                                    w.person.full_name,
                                    if w.person.phone.is_empty() {
                                        String::new()
                                    } else {
                                        format!(", тел. {}", crate::phone::format_phone(&w.person.phone))
                                    },
                                    w.by_name,
                                )}
                            </p>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <p class="notice notice-success" data-testid="returned-notice">
                                "Возврат принят."
                            </p>
                        }
                            .into_any()
                    }
                })
        }}
        <section class="card loan-card">
            <dl class="facts">
                <dt>"Получатель"</dt>
                <dd>
                    <strong>{loan.person.full_name.clone()}</strong>
                    {loan.person.kind.map(|k| format!(" · {}", k.label().to_lowercase()))}
                </dd>
                <dt>"Адрес"</dt>
                <dd>{loan.person.address.clone()}</dd>
                <dt>"Телефон"</dt>
                <dd>
                    {if loan.person.phone.is_empty() {
                        view! { "—" }.into_any()
                    } else {
                        view! { <a href=format!("tel:{}", loan.person.phone)>{phone}</a> }.into_any()
                    }}
                </dd>
                {loan
                    .person
                    .case_id
                    .clone()
                    .map(|c| {
                        view! {
                            <dt>"Случай"</dt>
                            <dd>
                                <a href=format!("/cases/{c}")>"Открыть случай"</a>
                            </dd>
                        }
                    })}
                {loan
                    .person
                    .elder_id
                    .clone()
                    .map(|e| {
                        view! {
                            <dt>"Реестр 55+"</dt>
                            <dd>
                                <a href=format!("/elders/{e}")>"Карточка гражданина"</a>
                            </dd>
                        }
                    })}
                <dt>"Основание"</dt>
                <dd>{loan.basis.label()} {(!loan.basis_note.is_empty()).then(|| format!(": {}", loan.basis_note))}</dd>
                <dt>"Выдано"</dt>
                <dd>
                    {format!(
                        "{}, {} · выдал(а) {}",
                        format_naive_date(loan.issued_on),
                        loan.issue_condition.label().to_lowercase(),
                        loan.issued_by_name,
                    )}
                </dd>
                <dt>"Вернуть до"</dt>
                <dd data-testid="due-on">
                    {format_naive_date(loan.due_on)} " "
                    <span class=if state.is_overdue() { "badge badge-danger" } else { "badge" }>{state.words()}</span>
                </dd>
                <dt>"Залог"</dt>
                <dd>{deposit}</dd>
            </dl>
            {returned
                .map(|r| {
                    view! {
                        <p class="notice notice-success" data-testid="returned">
                            {r}
                        </p>
                    }
                })}
            {(!loan.extensions.is_empty())
                .then(|| {
                    view! {
                        <h3>"Продления"</h3>
                        <ul class="extensions">
                            {loan
                                .extensions
                                .iter()
                                .map(|x| {
                                    view! {
                                        <li>
                                            {format!(
                                                "{} → {}: {} ({}, {})",
                                                format_naive_date(x.from),
                                                format_naive_date(x.to),
                                                x.reason,
                                                x.by_name,
                                                format_datetime(x.at),
                                            )}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </section>
        {open
            .then(|| {
                view! {
                    <div class="grid-2 loan-actions">
                        <ReturnForm loan=loan.clone() today=details.today back_then=back_then refresh=refresh />
                        <ExtendForm loan=loan.clone() refresh=refresh />
                    </div>
                }
            })}
    }
}

#[component]
fn ReturnForm(
    loan: Loan,
    today: chrono::NaiveDate,
    back_then: RwSignal<Option<Option<WaitEntry>>>,
    refresh: Callback<()>,
) -> impl IntoView {
    let form = RwSignal::new(super::types::ReturnForm {
        returned_on: format_iso_date(today),
        condition: Condition::Good.code().into(),
        note: String::new(),
    });
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let target = StoredValue::new((loan.id.clone(), loan.version));
    let save = Action::new(move |f: &super::types::ReturnForm| {
        let f = f.clone();
        let (id, version) = target.get_value();
        async move { return_loan(id, version, f).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(next)) => {
            back_then.set(Some(next));
            refresh.run(());
        }
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let conditions = Signal::stored(options_of(
        &[Condition::Good, Condition::Repair, Condition::WrittenOff],
        Condition::code,
        Condition::label,
    ));
    let field = move |get: fn(&super::types::ReturnForm) -> String, set: fn(&mut super::types::ReturnForm, String)| {
        FieldValue::of(form, get, set)
    };
    view! {
        <form
            class="card"
            novalidate
            data-testid="return-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(form.get_untracked());
            }
        >
            <h2>"Принять возврат"</h2>
            <TextField
                label="Дата возврата"
                name="returned_on"
                id="return-date"
                kind="date"
                required=true
                value=field(|f| f.returned_on.clone(), |f, v| f.returned_on = v)
                errors=errors
            />
            <SelectField
                label="Состояние при возврате"
                name="condition"
                id="return-condition"
                required=true
                value=field(|f| f.condition.clone(), |f, v| f.condition = v)
                options=conditions
                errors=errors
            />
            <TextArea
                label="Что неисправно, замечания"
                name="note"
                id="return-note"
                rows=2
                value=field(|f| f.note.clone(), |f, v| f.note = v)
                errors=errors
            />
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            <FormErrors errors=errors />
            <button type="submit" class="btn btn-primary btn-large" disabled=move || save.pending().get()>
                "Принять возврат"
            </button>
        </form>
    }
}

#[component]
fn ExtendForm(loan: Loan, refresh: Callback<()>) -> impl IntoView {
    let form = RwSignal::new(super::types::ExtendForm::default());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let target = StoredValue::new((loan.id.clone(), loan.version));
    let save = Action::new(move |f: &super::types::ExtendForm| {
        let f = f.clone();
        let (id, version) = target.get_value();
        async move { extend_loan(id, version, f).await }
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
    let field = move |get: fn(&super::types::ExtendForm) -> String, set: fn(&mut super::types::ExtendForm, String)| {
        FieldValue::of(form, get, set)
    };
    view! {
        <form
            class="card"
            novalidate
            data-testid="extend-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(form.get_untracked());
            }
        >
            <h2>"Продлить"</h2>
            <TextField
                label="Новый срок возврата"
                name="due_on"
                id="extend-due"
                kind="date"
                required=true
                value=field(|f| f.due_on.clone(), |f, v| f.due_on = v)
                errors=errors
            />
            <TextField
                label="Причина"
                name="reason"
                id="extend-reason"
                required=true
                placeholder="Продлён курс реабилитации"
                value=field(|f| f.reason.clone(), |f, v| f.reason = v)
                errors=errors
            />
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            <FormErrors errors=errors />
            <button type="submit" class="btn btn-secondary btn-large" disabled=move || save.pending().get()>
                "Продлить договор"
            </button>
        </form>
    }
}
