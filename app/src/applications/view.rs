//! One application: its page (`/applications/<id>`), with the way to the case it opened or to
//! opening one, and its A4 sheet to sign (`/applications/<id>/print`).

use super::api::{get_application, ApplicationDetails};
use super::types::*;
use crate::components::print::PrintToolbar;
use crate::components::{ErrorNotice, Loading};
use crate::phone::format_phone;
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

fn date(d: chrono::NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// The application as a document: the same on the page and on paper.
#[component]
fn ApplicationSheet(application: Application) -> impl IntoView {
    let a = application;
    let applicant = match a.applicant_kind {
        ApplicantKind::Citizen => format!("{} (лично)", a.citizen_name),
        _ => a.applicant(),
    };
    let rows: Vec<(&'static str, String)> = vec![
        ("Регистрационный номер", a.label()),
        ("Заявление принял(а)", a.received_by_name.clone()),
        ("Заявитель", applicant),
        ("Контактный телефон", a.applicant_phone.as_deref().map(format_phone).unwrap_or_else(|| "—".into())),
        (
            "Гражданин, в интересах которого подано заявление",
            match a.citizen_birth_date {
                Some(born) => format!("{}, {} г. р.", a.citizen_name, date(born)),
                None => a.citizen_name.clone(),
            },
        ),
        (
            "Место жительства",
            match &a.district_name {
                Some(d) => format!("{} ({d})", a.address),
                None => a.address.clone(),
            },
        ),
        ("Виды социальных услуг, в которых нуждается гражданин", a.services_line()),
        ("Обстоятельства нуждаемости", a.circumstances.clone()),
        ("Согласие на обработку персональных данных", format!("дано {}", date(a.consent_on))),
    ];
    view! {
        <table class="act-print-table application-sheet" data-testid="application-sheet">
            <tbody>
                {rows
                    .into_iter()
                    .map(|(label, value)| {
                        view! {
                            <tr>
                                <th scope="row">{label}</th>
                                <td class="pre">{value}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <h2 class="sheet-heading">
            "Члены семьи и виды помощи, в которых они нуждаются"
        </h2>
        {if a.members.is_empty() {
            view! { <p class="muted">"Члены семьи в заявлении не указаны."</p> }.into_any()
        } else {
            view! {
                <table class="act-print-table members-sheet">
                    <thead>
                        <tr>
                            <th>"ФИО"</th>
                            <th>"Кем приходится"</th>
                            <th>"Дата рождения"</th>
                            <th>"Виды помощи"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {a
                            .members
                            .iter()
                            .map(|m| {
                                let mut help: Vec<String> = m.help.iter().map(|h| h.label().to_string()).collect();
                                help.extend(m.help_detail.clone());
                                view! {
                                    <tr>
                                        <td>{m.full_name.clone()}</td>
                                        <td>{m.relation.clone()}</td>
                                        <td>{m.birth_date.map(date).unwrap_or_default()}</td>
                                        <td>{help.join("; ")}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
                .into_any()
        }}
    }
}

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let registered = Memo::new(move |_| query.with(|q| q.get("registered").is_some()));
    let corrected = Memo::new(move |_| query.with(|q| q.get("corrected").is_some()));
    let details = Resource::new(move || id.get(), get_application);
    view! {
        <AppShell title="Заявление">
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(d) => {
                            view! {
                                <ApplicationBody
                                    details=d
                                    registered=registered.get_untracked()
                                    corrected=corrected.get_untracked()
                                />
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
fn ApplicationBody(details: ApplicationDetails, registered: bool, corrected: bool) -> impl IntoView {
    let a = details.application;
    let id = a.id.clone();
    let case = a.case_id.clone().zip(a.case_label.clone());
    view! {
        <div class="page-head">
            <div>
                <a class="back" href="/applications">
                    "← Журнал заявлений"
                </a>
                <h1>{format!("Заявление {}", a.label())}</h1>
                <p class="muted">{a.citizen_name.clone()}</p>
            </div>
            <div class="actions">
                {details
                    .can_correct
                    .then(|| {
                        view! {
                            <a class="btn btn-secondary" href=format!("/applications/{id}/edit")>
                                "Исправить"
                            </a>
                        }
                    })} <a class="btn btn-secondary" href=format!("/applications/{id}/print")>
                    "Печать заявления"
                </a>
            </div>
        </div>
        {corrected
            .then(|| {
                view! {
                    <div class="notice notice-success" role="status" data-testid="corrected">
                        "Исправления сохранены, прежние значения — в истории заявления ниже."
                    </div>
                }
            })}
        {registered
            .then(|| {
                view! {
                    <div class="notice notice-success" role="status" data-testid="registered">
                        {format!(
                            "Заявление зарегистрировано в журнале под № {}.",
                            a.number,
                        )}
                    </div>
                }
            })}
        <section class="card application-case" data-testid="application-case">
            {match case {
                Some((case_id, label)) => {
                    view! {
                        <p>
                            "Случай сопровождения: " <a href=format!("/cases/{case_id}")>{label}</a>
                        </p>
                    }
                        .into_any()
                }
                None if details.can_link_case => {
                    view! {
                        <p>
                            "Случай по заявлению ещё не открыт. Срок подготовки предложений в ИППСУ — 5 рабочих дней с даты заявления."
                        </p>
                        <div class="buttons">
                            <a class="btn btn-primary" href=format!("/cases/new?application={id}")>
                                "Открыть случай"
                            </a>
                            <a class="btn btn-secondary" href=format!("/cases/attach?application={id}")>
                                "Прикрепить к существующему случаю"
                            </a>
                        </div>
                    }
                        .into_any()
                }
                None => view! { <p>"Случай по заявлению ещё не открыт."</p> }.into_any(),
            }}
        </section>
        <section class="card">
            <ApplicationSheet application=a.clone() />
            <p class="muted small">
                {format!(
                    "Внесено в журнал: {} · {}",
                    crate::time::format_datetime(a.created_at),
                    a.created_by_name,
                )}
            </p>
        </section>
        <CorrectionHistory history=details.history />
    }
}

/// The corrections of the application, the latest first: who, when, why, each field as it was
/// and as it became.
#[component]
fn CorrectionHistory(history: Vec<super::types::ApplicationChange>) -> impl IntoView {
    (!history.is_empty()).then(|| {
        view! {
            <section class="card history" aria-labelledby="corrections-title">
                <h2 id="corrections-title">"История исправлений"</h2>
                <ol class="timeline" data-testid="corrections">
                    {history
                        .into_iter()
                        .rev()
                        .map(|c| {
                            view! {
                                <li>
                                    <div class="timeline-head">
                                        <strong>{format!("Исправлено: {}", c.reason)}</strong>
                                    </div>
                                    <div class="muted small">
                                        {crate::time::format_datetime(c.at)} " · " {c.by_name}
                                    </div>
                                    <ul class="changed-fields">
                                        {c
                                            .fields
                                            .into_iter()
                                            .map(|f| {
                                                view! {
                                                    <li>
                                                        <span class="muted">{format!("{}: ", f.label)}</span>
                                                        <s>{crate::components::print::or_dash(&f.before)}</s>
                                                        " → "
                                                        <span>{crate::components::print::or_dash(&f.after)}</span>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </section>
        }
    })
}

/// `/applications/<id>/print`: the application on an A4 sheet with the lines to sign.
#[component]
pub fn ApplicationPrintPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), get_application);
    view! {
        <leptos_meta::Title text="Заявление — печать" />
        <Suspense fallback=|| {
            view! { <Loading /> }
        }>
            {move || Suspend::new(async move {
                match details.await {
                    Ok(d) => {
                        let a = d.application;
                        view! {
                            <PrintToolbar
                                back=format!("/applications/{}", a.id)
                                back_label="← К заявлению"
                                sheet="Лист A4, книжная ориентация"
                            />
                            <article class="print-sheet portrait act-sheet" data-testid="application-print">
                                <h1 class="print-title">"ЗАЯВЛЕНИЕ"</h1>
                                <p class="print-subtitle">
                                    "о предоставлении социального обслуживания"
                                </p>
                                <ApplicationSheet application=a.clone() />
                                <div class="act-signatures">
                                    <p>"Заявитель: ____________________ / ______________________ /"</p>
                                    <p>
                                        {format!(
                                            "Заявление принял(а): ____________________ / {} /",
                                            crate::auth::short_name(&a.received_by_name),
                                        )}
                                    </p>
                                    <p>{format!("Дата: {}", date(a.received_on))}</p>
                                </div>
                            </article>
                        }
                            .into_any()
                    }
                    Err(e) => {
                        view! {
                            <main class="page">
                                <ErrorNotice error=e />
                            </main>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
