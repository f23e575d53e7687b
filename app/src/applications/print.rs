//! The print view of the journal of applications (`/applications/print`): A4 landscape, the
//! journal's columns and numbering, for the period and filters of the journal page.

use super::api::print_applications;
use super::page::query_from_url;
use super::{COLUMNS, PRINT_LIMIT};
use crate::components::print::PrintToolbar;
use crate::components::{ErrorNotice, Loading};
use leptos::prelude::*;

#[component]
pub fn PrintApplicationsPage() -> impl IntoView {
    let query = query_from_url();
    let applications = Resource::new(move || query.get(), print_applications);
    view! {
        <leptos_meta::Title text="Печать журнала заявлений — Опора" />
        <PrintToolbar
            back=Signal::derive(move || format!("/applications{}", query.get().to_query_string()))
            back_label="← К журналу"
            sheet="Лист A4, альбомная ориентация"
        />
        <article class="print-sheet landscape">
            <h1 class="print-title">
                "Журнал регистрации заявлений о предоставлении социального обслуживания"
            </h1>
            <p class="print-subtitle">{move || query.get().describe()}</p>
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match applications.await {
                        Ok(mut list) => {
                            let truncated = list.len() > PRINT_LIMIT;
                            list.truncate(PRINT_LIMIT);
                            view! {
                                {truncated
                                    .then(|| {
                                        view! {
                                            <div class="notice notice-warn no-print">
                                                {format!(
                                                    "Показаны первые {PRINT_LIMIT} заявлений. Для большего периода используйте выгрузку в Excel.",
                                                )}
                                            </div>
                                        }
                                    })}
                                <table class="print-journal" data-testid="applications-print">
                                    <thead>
                                        <tr>{COLUMNS.iter().map(|c| view! { <th>{*c}</th> }).collect_view()}</tr>
                                        <tr class="col-numbers">
                                            {(1..=COLUMNS.len()).map(|n| view! { <th>{n}</th> }).collect_view()}
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {if list.is_empty() {
                                            view! {
                                                <tr>
                                                    <td colspan=COLUMNS.len() class="empty-cell">
                                                        "Заявлений за период нет"
                                                    </td>
                                                </tr>
                                            }
                                                .into_any()
                                        } else {
                                            list.into_iter()
                                                .map(|a| {
                                                    view! {
                                                        <tr>
                                                            <td class="num">{a.number}</td>
                                                            <td class="when">
                                                                {a.received_on.format("%d.%m.%Y").to_string()}
                                                            </td>
                                                            <td>{a.applicant()}</td>
                                                            <td>{a.citizen_name.clone()}</td>
                                                            <td>{a.address.clone()}</td>
                                                            <td>{a.services_line()}</td>
                                                            <td>{a.received_by_name.clone()}</td>
                                                            <td>
                                                                {a
                                                                    .case_label
                                                                    .clone()
                                                                    .map(|l| format!("Случай {l}"))
                                                                    .unwrap_or_else(|| "—".into())}
                                                            </td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()
                                                .into_any()
                                        }}
                                    </tbody>
                                </table>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </article>
    }
}
