//! `/consilium/<id>/print`: the protocol of the session on A4 — who was present, each case
//! considered with the decision, the signatures of the chair and the secretary.

use super::api::get_session;
use super::types::*;
use crate::components::print::{date_or_dash as date, or_dash, PrintPage, PrintToolbar};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SessionPrintPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")));
    let details = Resource::new(move || id.get(), get_session);
    view! {
        <PrintPage
            title="Протокол консилиума — печать"
            data=details
            sheet=|d| view! { <ProtocolSheet details=d /> }.into_any()
        />
    }
}

#[component]
fn ProtocolSheet(details: SessionDetails) -> impl IntoView {
    let Some(session) = details.session else {
        return view! { <p class="notice notice-error">"Сначала сохраните заседание."</p> }.into_any();
    };
    let content = session.content.clone();
    let draft = session.status == SessionStatus::Draft;
    view! {
        <PrintToolbar back=format!("/consilium/{}", session.id) back_label="← К заседанию" />
        <article class="print-sheet portrait plan-sheet" data-testid="protocol-sheet">
            <h1 class="print-title">
                {format!(
                    "ПРОТОКОЛ {} ЗАСЕДАНИЯ СОЦИАЛЬНОГО КОНСИЛИУМА",
                    session.label(),
                )}
            </h1>
            <p class="print-subtitle">
                {format!(
                    "г. Югорск, {}{}",
                    date(&content.held_on),
                    if draft { " · проект повестки" } else { "" },
                )}
            </p>
            <p>
                <strong>"Председатель: "</strong>
                {or_dash(&content.chair)}
            </p>
            <p>
                <strong>"Присутствовали: "</strong>
            </p>
            <ol>{content.present.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ol>
            <h2>"Рассмотрены случаи и приняты решения"</h2>
            <table class="act-print-table plan-print-table">
                <thead>
                    <tr>
                        <th>"№"</th>
                        <th>"Случай"</th>
                        <th>"Основание рассмотрения"</th>
                        <th>"Решение"</th>
                    </tr>
                </thead>
                <tbody>
                    {content
                        .cases
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            view! {
                                <tr>
                                    <td>{i + 1}</td>
                                    <td>{format!("№ {} {}", c.case_number, c.case_title)}</td>
                                    <td>{or_dash(&c.reason)}</td>
                                    <td>{decision_words(c)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <div class="act-signatures">
                <p>"Председатель: ______________________ / ______________________"</p>
                <p>"Секретарь: ______________________ / ______________________"</p>
            </div>
        </article>
    }
    .into_any()
}
