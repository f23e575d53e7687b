//! `/inquiries/<id>/print`: the letter on A4 on the institution's form — an outgoing request
//! (what is asked, on which grounds, for which period, by when the answer is due) or the answer
//! to an incoming one — with the director's signature and the executor.

use super::api::inquiry_letter;
use super::types::*;
use crate::components::print::{or_dash, PrintPage, PrintToolbar};
use crate::institution::{ADDRESS, INSTITUTION, INSTITUTION_SHORT, PHONE};
use crate::time::format_naive_date;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InquiryPrintPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), inquiry_letter);
    view! {
        <PrintPage
            title="Межведомственный запрос — печать"
            data=details
            sheet=|d| view! { <LetterSheet details=d /> }.into_any()
        />
    }
}

/// By when the answer is asked: the due day once the request is sent, else the term in words.
fn answer_by(i: &Inquiry) -> String {
    match (i.due_on, i.term.span()) {
        (Some(due), _) => format!("в срок до {}", format_naive_date(due)),
        (None, Span::Working(n)) => {
            format!("в течение {} со дня получения запроса", crate::calendar::working_days_phrase(i64::from(n)))
        }
        (None, Span::Calendar(n)) => format!("в течение {n} дней со дня получения запроса"),
        (None, Span::Manual) => "в установленный срок".into(),
    }
}

/// The way the answer may come besides the post: the one the request went by, when it is not
/// the post or by hand.
fn reply_way(way: Option<Way>) -> String {
    match way {
        Some(w @ (Way::Smev | Way::Email | Way::Fax)) => format!("{} или ", w.phrase()),
        _ => String::new(),
    }
}

#[component]
fn LetterSheet(details: InquiryDetails) -> impl IntoView {
    let Some(i) = details.inquiry else {
        return view! { <p class="notice notice-error">"Сначала сохраните запрос."</p> }.into_any();
    };
    let outgoing = i.direction == Direction::Outgoing;
    let dated = i
        .sent_on
        .filter(|_| outgoing)
        .or(i.answer_on)
        .map(format_naive_date)
        .unwrap_or_else(|| "«___» __________ 20___ г.".into());
    let number = if outgoing { i.label() } else { format!("исх. № ______ (на {})", i.label()) };
    let period = i.period_text();
    view! {
        <PrintToolbar
            back=format!("/inquiries/{}", i.id)
            back_label="← К запросу"
            sheet="Лист A4, книжная ориентация"
        />
        <article class="print-sheet portrait inquiry-sheet" data-testid="inquiry-letter">
            <div class="letter-head">
                <div class="letter-from">
                    <p class="letter-institution">{INSTITUTION}</p>
                    <p>{ADDRESS}</p>
                    <p>{format!("тел. {PHONE}")}</p>
                    <p class="letter-number">{format!("{dated} {number}")}</p>
                    {(!i.reference.is_empty()).then(|| view! { <p>{format!("На № {}", i.reference)}</p> })}
                </div>
                <div class="letter-to">
                    <p class="letter-body">{i.body.clone()}</p>
                    {(!i.body_address.is_empty()).then(|| view! { <p>{i.body_address.clone()}</p> })}
                </div>
            </div>
            {if outgoing {
                view! {
                    <h1 class="print-title">"ЗАПРОС"</h1>
                    <p class="print-subtitle">"о предоставлении информации"</p>
                    <p class="letter-text">
                        {format!(
                            "{INSTITUTION_SHORT} просит предоставить следующие сведения:",
                        )}
                    </p>
                    <p class="letter-text pre">{i.essence.clone()}</p>
                    <p class="letter-text">
                        {format!(
                            "Правовые основания запроса: {}.",
                            or_dash(i.legal_basis.trim_end_matches('.')),
                        )}
                    </p>
                    {(!period.is_empty())
                        .then(|| {
                            view! {
                                <p class="letter-text">
                                    {format!(
                                        "Период, за который запрашиваются сведения: {period}.",
                                    )}
                                </p>
                            }
                        })}
                    {(!i.person.is_empty())
                        .then(|| {
                            view! {
                                <p class="letter-text">
                                    {format!(
                                        "Сведения о гражданине: {}.",
                                        i.person.trim_end_matches('.'),
                                    )}
                                </p>
                            }
                        })}
                    {(!i.details.is_empty())
                        .then(|| {
                            view! {
                                <p class="letter-text pre">{format!("Дополнительно: {}", i.details)}</p>
                            }
                        })}
                    <p class="letter-text">
                        {format!(
                            "Ответ просим направить {} {}по адресу: {ADDRESS}.",
                            answer_by(&i),
                            reply_way(i.way),
                        )}
                    </p>
                    <p class="letter-text muted-print">
                        "Сведения, содержащие персональные данные, используются исключительно в целях исполнения запроса и защищаются в соответствии с Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных»."
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <h1 class="print-title">"ОТВЕТ"</h1>
                    <p class="print-subtitle">
                        "на запрос о предоставлении информации"
                    </p>
                    <p class="letter-text">
                        {format!(
                            "На Ваш запрос{} о предоставлении сведений ({}) сообщаем:",
                            if i.reference.is_empty() { String::new() } else { format!(" № {}", i.reference) },
                            i.essence.trim_end_matches('.'),
                        )}
                    </p>
                    <p class="letter-text pre">
                        {if i.answer_text.is_empty() { "_".repeat(60) } else { i.answer_text.clone() }}
                    </p>
                }
                    .into_any()
            }}
            <div class="letter-sign">
                <span>"Директор"</span>
                <span>"______________________"</span>
                <span>"/ ______________________ /"</span>
            </div>
            <p class="letter-executor">
                {format!("Исполнитель: {}", i.created_by_name)} <br /> {format!("тел. {PHONE}")}
            </p>
        </article>
    }
    .into_any()
}
