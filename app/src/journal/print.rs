//! The print view of the journal (`/journal/print`): A4 landscape, the paper journal's
//! columns and numbering, for the period and filters of the journal page.

use super::api::print_journal;
use super::page::query_from_url;
use super::{COLUMNS, PRINT_LIMIT};
use crate::components::print::PrintToolbar;
use crate::components::{ErrorNotice, Loading};
use crate::phone::format_phone;
use crate::time::{format_datetime, parse_date};
use leptos::prelude::*;

fn period_title(from: &str, to: &str) -> String {
    let d = |s: &str| parse_date(s).map(crate::time::format_naive_date);
    match (d(from), d(to)) {
        (Some(f), Some(t)) => format!("за период с {f} по {t}"),
        (Some(f), None) => format!("с {f}"),
        (None, Some(t)) => format!("по {t}"),
        (None, None) => "за весь период".into(),
    }
}

#[component]
pub fn PrintJournalPage() -> impl IntoView {
    let query = query_from_url();
    let entries = Resource::new(move || query.get().first_page(), print_journal);
    view! {
        <leptos_meta::Title text="Печать журнала — Опора" />
        <PrintToolbar
            back=Signal::derive(move || format!("/journal{}", query.get().to_query_string()))
            back_label="← К журналу"
            sheet="Лист A4, альбомная ориентация"
        />
        <article class="print-sheet landscape">
            <h1 class="print-title">
                "Журнал учета обращений службы «Семейная диспетчерская»"
            </h1>
            <p class="print-subtitle">
                {move || {
                    let q = query.get();
                    period_title(&q.from, &q.to)
                }}
            </p>
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(mut entries) => {
                            let truncated = entries.len() > PRINT_LIMIT;
                            entries.truncate(PRINT_LIMIT);
                            view! {
                                {truncated
                                    .then(|| {
                                        view! {
                                            <div class="notice notice-warn no-print">
                                                {format!(
                                                    "Показаны первые {PRINT_LIMIT} записей. Для большего периода используйте выгрузку в Excel.",
                                                )}
                                            </div>
                                        }
                                    })}
                                <table class="print-journal">
                                    <thead>
                                        <tr>{COLUMNS.iter().map(|c| view! { <th>{*c}</th> }).collect_view()}</tr>
                                        <tr class="col-numbers">
                                            {(1..=7).map(|n| view! { <th>{n}</th> }).collect_view()}
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {if entries.is_empty() {
                                            view! {
                                                <tr>
                                                    <td colspan="7" class="empty-cell">
                                                        "Записей за период нет"
                                                    </td>
                                                </tr>
                                            }
                                                .into_any()
                                        } else {
                                            entries
                                                .into_iter()
                                                .map(|e| {
                                                    let answer = e.answer_column();
                                                    view! {
                                                        <tr>
                                                            <td class="num">{e.number}</td>
                                                            <td class="when">{format_datetime(e.received_at)}</td>
                                                            <td>{e.full_name.clone().unwrap_or_default()}</td>
                                                            <td class="phone">
                                                                {e.phone.as_deref().map(format_phone).unwrap_or_default()}
                                                            </td>
                                                            <td>{e.address.clone().unwrap_or_default()}</td>
                                                            <td>
                                                                {e.urgent.then_some("СРОЧНОЕ. ")}{e.summary.clone()}
                                                            </td>
                                                            <td>{answer}</td>
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
