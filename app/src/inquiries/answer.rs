//! The answer to a request: recorded on a sent request (its day and text), and the answered
//! request read as it stands — answered requests are not edited.

use super::answer_file::AnswerFileField;
use super::api::answer_inquiry;
use super::types::*;
use crate::components::fields::{TextArea, TextField};
use crate::components::storage::{clear_draft, load_draft, save_draft};
use crate::components::{ErrorNotice, FormErrors};
use crate::error::{AppError, FieldErrors};
use crate::time::{format_datetime, format_naive_date};
use leptos::prelude::*;

/// «Записать ответ» under the form of a sent request.
#[component]
pub fn AnswerPanel(details: InquiryDetails, answered: Callback<()>) -> impl IntoView {
    let Some(inquiry) = details.inquiry.clone().filter(|i| i.status == InquiryStatus::Sent) else {
        return ().into_any();
    };
    let incoming = inquiry.direction == Direction::Incoming;
    let on = RwSignal::new(crate::time::format_iso_date(details.today));
    let text = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let target = StoredValue::new(inquiry.id.clone());
    let attached = inquiry.answer_file.clone();
    let can_attach = details.can_edit;
    // What is typed stays on the device until the answer is recorded: a save of the form above
    // (which redraws this panel), a lost connection or a reload do not lose it.
    let draft_key = StoredValue::new(format!("inquiry-answer-{}", inquiry.id));
    Effect::new(move |_| {
        if let Some((saved_on, saved_text)) = load_draft::<(String, String)>(&draft_key.get_value()) {
            on.set(saved_on);
            text.set(saved_text);
        }
    });
    Effect::new(move |previous: Option<(String, String)>| {
        let now = (on.get(), text.get());
        if previous.is_some_and(|p| p != now) {
            if now.1.trim().is_empty() {
                clear_draft(&draft_key.get_value());
            } else {
                save_draft(&draft_key.get_value(), &now);
            }
        }
        now
    });
    let record =
        Action::new(move |(on, text): &(String, String)| answer_inquiry(target.get_value(), on.clone(), text.clone()));
    Effect::new(move |_| match record.value().get() {
        Some(Ok(_)) => {
            clear_draft(&draft_key.get_value());
            answered.run(());
        }
        Some(Err(AppError::Validation(e))) => {
            failure.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    view! {
        <section class="card form-section inquiry-answer" data-testid="inquiry-answer">
            <h2>
                {if incoming {
                    "Ответ, направленный нами"
                } else {
                    "Полученный ответ"
                }}
            </h2>
            <p class="muted">
                {if incoming {
                    "Когда ответ отправлен, запишите его дату и содержание — запрос уйдёт из списка ждущих ответа."
                } else {
                    "Когда ответ пришёл, запишите его дату и содержание — запрос уйдёт из списка ждущих ответа."
                }}
            </p>
            <div class="grid-3">
                <TextField
                    label="Дата ответа"
                    name="answer_on"
                    kind="date"
                    required=true
                    value=on
                    errors=errors
                />
            </div>
            <TextArea
                label="Содержание ответа"
                name="answer_text"
                rows=4
                required=true
                hint="Какие сведения получены (направлены), номер и дата письма-ответа"
                value=text
                errors=errors
            />
            <AnswerFileField inquiry_id=target.get_value() file=attached can_attach=can_attach />
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            <FormErrors errors=errors />
            <div class="buttons">
                <button
                    type="button"
                    class="btn btn-primary btn-large"
                    data-testid="inquiry-record-answer"
                    disabled=move || record.pending().get()
                    on:click=move |_| {
                        record.dispatch((on.get_untracked(), text.get_untracked()));
                    }
                >
                    "Записать ответ"
                </button>
            </div>
        </section>
    }
    .into_any()
}

/// One line of the read-only request: a label and its text, «—» where nothing was written.
fn line(label: &'static str, text: String) -> impl IntoView {
    view! {
        <div class="inquiry-line">
            <dt>{label}</dt>
            <dd>{if text.trim().is_empty() { "—".to_string() } else { text }}</dd>
        </div>
    }
}

/// An answered request, as it stands.
#[component]
pub fn InquiryRecord(details: InquiryDetails) -> impl IntoView {
    let Some(i) = details.inquiry else { return ().into_any() };
    let date = |d: Option<chrono::NaiveDate>| d.map(format_naive_date).unwrap_or_default();
    let incoming = i.direction == Direction::Incoming;
    let case = match (&i.case_id, &i.case_number) {
        (Some(id), Some(n)) => view! { <a href=format!("/cases/{id}")>{format!("№ {n}")}</a> }.into_any(),
        _ => "—".into_any(),
    };
    view! {
        <section class="card inquiry-record" data-testid="inquiry-record">
            <h2>"Запрос"</h2>
            <dl class="inquiry-lines">
                {line(
                    if incoming { "Запрашивающий орган" } else { "Кому направлен" },
                    i.body.clone(),
                )} {line("Адрес", i.body_address.clone())}
                {line("Реквизиты письма другой стороны", i.reference.clone())}
                {line("Суть запроса", i.essence.clone())}
                {line("Ссылки на законодательство", i.legal_basis.clone())}
                {line("Рассматриваемый период", i.period_text())}
                {line("Иные сведения", i.details.clone())} {line("Гражданин", i.person.clone())}
                <div class="inquiry-line">
                    <dt>"Случай"</dt>
                    <dd>{case}</dd>
                </div>
                {line(
                    if incoming { "Поступил" } else { "Отправлен" },
                    format!("{}{}", date(i.sent_on), i.way.map(|w| format!(", {}", w.phrase())).unwrap_or_default()),
                )} {line("Срок ответа", date(i.due_on))}
            </dl>
        </section>
        <section class="card inquiry-record" data-testid="inquiry-answer-record">
            <h2>{if incoming { "Ответ направлен" } else { "Ответ получен" }}</h2>
            <dl class="inquiry-lines">
                {line("Дата ответа", date(i.answer_on))}
                {line("Содержание ответа", i.answer_text.clone())}
            </dl>
            <AnswerFileField inquiry_id=i.id.clone() file=i.answer_file.clone() can_attach=details.can_edit />
            <p class="muted small">
                {format!("Записал(а) {}, {}", i.updated_by_name, format_datetime(i.updated_at))}
            </p>
        </section>
    }
    .into_any()
}
