//! The case page's panel of requests about the case: how many, the overdue ones marked, and a
//! new request about the case. Drawn after hydration (it loads its own data); nothing for the
//! roles that do not work with requests.

use super::api::case_inquiries;
use super::types::*;
use crate::components::{AfterHydration, ErrorNotice, Loading};
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn InquiriesEntry(case_id: String) -> impl IntoView {
    let id = StoredValue::new(case_id);
    let items = Resource::new(move || id.get_value(), case_inquiries);
    view! {
        <AfterHydration>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match items.await {
                        Ok(list) => view! { <Panel case_id=id.get_value() list=list /> }.into_any(),
                        Err(AppError::Forbidden(_)) => ().into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AfterHydration>
    }
}

#[component]
fn Panel(case_id: String, list: Vec<InquirySummary>) -> impl IntoView {
    let overdue = list.iter().filter(|i| i.standing.is_overdue()).count();
    let count = match (list.len(), overdue) {
        (0, _) => "Запросов по случаю нет.".to_string(),
        (n, 0) => format!("Запросов: {n}"),
        (n, o) => format!("Запросов: {n}, просрочено: {o}"),
    };
    view! {
        <section class="card route-card inquiries-panel" data-testid="case-inquiries" aria-labelledby="inquiries-title">
            <h2 id="inquiries-title">"Межведомственные запросы"</h2>
            <p class="muted" data-testid="case-inquiries-count">
                {count}
            </p>
            {(!list.is_empty())
                .then(|| {
                    view! {
                        <ul class="inquiry-list">
                            {list
                                .into_iter()
                                .map(|i| {
                                    let text = match i.standing {
                                        Standing::Draft | Standing::Answered { .. } => i.status_label().to_string(),
                                        other => other.text(),
                                    };
                                    view! {
                                        <li class:overdue=i.standing.is_overdue() data-inquiry=i.id.clone()>
                                            <a href=format!("/inquiries/{}", i.id)>{i.label.clone()}</a>
                                            " "
                                            <span class="inquiry-body">{i.body.clone()}</span>
                                            " "
                                            <span class=i.standing.class()>{text}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            <div class="actions">
                <a
                    class="btn btn-secondary"
                    href=format!("/inquiries/new?case={case_id}")
                    data-testid="case-new-inquiry"
                >
                    "+ Запрос по случаю"
                </a>
            </div>
        </section>
    }
}
