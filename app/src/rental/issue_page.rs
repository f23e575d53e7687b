//! «Выдать» (`/rental/issue`): the loan form — what, to whom, on what basis, until when, with a
//! deposit or free — opened from the rental page, from a waiting-list place whose item came
//! back (`?wait=`), or from a case or registry card (`?case=`, `?elder=`). After saving, the
//! loan's card opens with its agreement to print.

use super::api::{issue_loan, loan_start, LoanBlank};
use super::types::*;
use crate::components::fields::{options_of, FieldValue, SelectField, TextField};
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::{AppError, FieldErrors};
use crate::people::picker::PersonPicker;
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn IssuePage() -> impl IntoView {
    let map = use_query_map();
    let start = Resource::new(
        move || {
            map.with(|m| {
                (
                    m.get("item").unwrap_or_default(),
                    m.get("case").unwrap_or_default(),
                    m.get("elder").unwrap_or_default(),
                    m.get("wait").unwrap_or_default(),
                )
            })
        },
        |(item, case, elder, wait)| loan_start(item, case, elder, wait),
    );
    view! {
        <AppShell title="Выдача средства реабилитации">
            <div class="page-head">
                <div>
                    <a class="back" href="/rental">
                        "← Пункт проката"
                    </a>
                    <h1>"Выдача средства реабилитации"</h1>
                </div>
            </div>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match start.await {
                        Ok(blank) => view! { <IssueForm blank=blank /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn IssueForm(blank: LoanBlank) -> impl IntoView {
    let form = RwSignal::new(LoanForm { person: PersonForm::default(), ..blank.form.clone() });
    let person = RwSignal::new(blank.form.person.clone());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let navigate = use_navigate();
    let save = Action::new(move |f: &LoanForm| {
        let f = f.clone();
        async move { issue_loan(f).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(id)) => navigate(&format!("/rental/loans/{id}?issued=1"), Default::default()),
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let items: Vec<(String, String)> = blank
        .items
        .iter()
        .map(|i| {
            let held =
                if i.reserved_for.is_some() { " — отложено для этого человека" } else { "" };
            (i.id.clone(), format!("{} ({}){held}", i.title(), i.condition.label().to_lowercase()))
        })
        .collect();
    let no_items = items.is_empty();
    let items = Signal::stored(items);
    let bases = Signal::stored(options_of(Basis::ALL, Basis::code, Basis::label));
    let field = move |get: fn(&LoanForm) -> String, set: fn(&mut LoanForm, String)| FieldValue::of(form, get, set);
    let serving = (!blank.form.wait.is_empty()).then(|| blank.form.person.full_name.clone());
    view! {
        <form
            class="card rental-form"
            novalidate
            data-testid="issue-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let mut f = form.get_untracked();
                f.person = person.get_untracked();
                save.dispatch(f);
            }
        >
            {serving
                .map(|name| {
                    view! {
                        <p class="notice notice-info">
                            {format!(
                                "Изделие отложено для первого в очереди: {name}. После выдачи он(а) уйдёт из очереди.",
                            )}
                        </p>
                    }
                })}
            {no_items
                .then(|| {
                    view! {
                        <p class="notice notice-warn">
                            "Свободных изделий нет. Запишите человека в очередь — когда изделие вернут, его отложат для первого в очереди."
                            " " <a href="/rental/queue">"Записать в очередь"</a>
                        </p>
                    }
                })}
            <SelectField
                label="Что выдаётся"
                name="item"
                id="loan-item"
                required=true
                value=field(|f| f.item.clone(), |f, v| f.item = v)
                options=items
                empty_label="— выберите изделие —"
                errors=errors
            />
            <PersonPicker person=person errors=errors with_document=true />
            <div class="grid-2">
                <SelectField
                    label="Основание"
                    name="basis"
                    id="loan-basis"
                    required=true
                    value=field(|f| f.basis.clone(), |f, v| f.basis = v)
                    options=bases
                    errors=errors
                />
                <TextField
                    label="Номер и дата документа"
                    name="basis_note"
                    id="loan-basis-note"
                    placeholder="ИПРА № 1234.5.86/2026 от 02.11.2026"
                    value=field(|f| f.basis_note.clone(), |f, v| f.basis_note = v)
                    errors=errors
                />
            </div>
            <div class="grid-3">
                <TextField
                    label="Дата выдачи"
                    name="issued_on"
                    id="loan-issued"
                    kind="date"
                    required=true
                    value=field(|f| f.issued_on.clone(), |f, v| f.issued_on = v)
                    errors=errors
                />
                <TextField
                    label="Вернуть до"
                    name="due_on"
                    id="loan-due"
                    kind="date"
                    required=true
                    hint="Обычно на 3 месяца; только рабочий день"
                    value=field(|f| f.due_on.clone(), |f, v| f.due_on = v)
                    errors=errors
                />
                <TextField
                    label="Залог, ₽"
                    name="deposit"
                    id="loan-deposit"
                    inputmode="numeric"
                    hint="Пусто — бесплатно"
                    value=field(|f| f.deposit.clone(), |f, v| f.deposit = v)
                    errors=errors
                />
            </div>
            <div class="form-actions">
                {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })} <FormErrors errors=errors />
                <button type="submit" class="btn btn-primary btn-large" disabled=move || save.pending().get()>
                    "Выдать и оформить договор"
                </button>
            </div>
        </form>
    }
}
