//! The case's details as the case page shows them, with the members of the family.

use super::types::*;
use crate::time::{format_datetime, format_naive_date};
use leptos::prelude::*;

#[component]
pub(crate) fn CaseSummary(details: RwSignal<CaseDetails>, on_edit: Callback<()>) -> impl IntoView {
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
                    <dt>"Заявление"</dt>
                    <dd data-testid="case-application">
                        {match (c.application_id.clone(), c.application_label.clone()) {
                            (Some(id), Some(label)) => {
                                view! { <a href=format!("/applications/{id}")>{label}</a> }.into_any()
                            }
                            _ => view! { <span class="muted">"не зарегистрировано"</span> }.into_any(),
                        }}
                    </dd>
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
                <MembersTable members=c.members.clone() today=today />
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
fn MembersTable(members: Vec<Member>, today: chrono::NaiveDate) -> impl IntoView {
    if members.is_empty() {
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
                    {members
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
                                        {m.categories.iter().map(|x| x.label()).collect::<Vec<_>>().join(", ")}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    }
}
