//! `/cases/attach?application=<id>`: attaching a registered application to a case already
//! open — the family applies again, or the case was opened on a round before the application.
//! The cases offered are the open ones the user sees whose names match the citizen's surname;
//! other words can be typed.

use super::api::{attach_application, attach_choice, AttachCandidate, AttachOptions};
use crate::components::{ErrorNotice, Loading};
use crate::error::AppError;
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn AttachApplicationPage() -> impl IntoView {
    let query = use_query_map();
    let application = Memo::new(move |_| query.with(|q| q.get("application").unwrap_or_default()));
    let words = Memo::new(move |_| query.with(|q| q.get("q").unwrap_or_default()));
    let choice = Resource::new(move || (application.get(), words.get()), |(a, w)| attach_choice(a, w));
    view! {
        <AppShell title="Прикрепить заявление к случаю">
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match choice.await {
                        Ok(choice) => view! { <AttachBody choice=choice /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn AttachBody(choice: AttachOptions) -> impl IntoView {
    let failure = RwSignal::new(None::<AppError>);
    let navigate = use_navigate();
    let application = choice.application_id.clone();
    let attach = Action::new(move |(case_id, version): &(String, i64)| {
        attach_application(application.clone(), case_id.clone(), *version)
    });
    Effect::new(move |_| match attach.value().get() {
        Some(Ok(case_id)) => navigate(&format!("/cases/{case_id}"), Default::default()),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let back = format!("/applications/{}", choice.application_id);
    view! {
        <div class="page-head">
            <div>
                <a class="back" href=back>
                    "← К заявлению"
                </a>
                <h1>"Прикрепить заявление к случаю"</h1>
                <p class="muted">{choice.application_label.clone()} " · " {choice.address.clone()}</p>
            </div>
        </div>
        <form method="GET" action="/cases/attach" class="filters card" role="search">
            <input type="hidden" name="application" value=choice.application_id.clone() />
            <div class="filter-row">
                <label class="filter filter-search">
                    <span>"Искать случай"</span>
                    <input
                        type="search"
                        name="q"
                        value=choice.words.clone()
                        placeholder="фамилия, адрес или телефон"
                        maxlength="100"
                    />
                </label>
            </div>
            <div class="filter-actions">
                <button type="submit" class="btn btn-primary">
                    "Найти"
                </button>
            </div>
        </form>
        {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
        {if choice.candidates.is_empty() {
            view! {
                <div class="empty">
                    <p>
                        {format!(
                            "Открытых случаев по словам «{}» не найдено. Измените поиск или откройте по заявлению новый случай.",
                            choice.words,
                        )}
                    </p>
                    <a class="btn btn-primary" href=format!("/cases/new?application={}", choice.application_id)>
                        "Открыть новый случай"
                    </a>
                </div>
            }
                .into_any()
        } else {
            view! {
                <ul class="attach-list" data-testid="attach-candidates">
                    {choice
                        .candidates
                        .into_iter()
                        .map(|c| view! { <Candidate candidate=c attach=attach /> })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}

#[component]
fn Candidate(candidate: AttachCandidate, attach: Action<(String, i64), Result<String, AppError>>) -> impl IntoView {
    let c = candidate;
    let target = (c.id.clone(), c.version);
    view! {
        <li class="card attach-item">
            <div>
                <a href=format!("/cases/{}", c.id)>{c.label.clone()}</a>
                <div class="muted small">
                    {c.address.clone()} " · этап «" {c.stage.label()} "»"
                    {c.curator_name.clone().map(|n| format!(" · куратор {n}"))}
                    {c.has_application.then_some(" · заявление уже есть")}
                </div>
            </div>
            <button
                type="button"
                class="btn btn-primary"
                disabled=move || attach.pending().get()
                on:click=move |_| {
                    attach.dispatch(target.clone());
                }
            >
                "Прикрепить"
            </button>
        </li>
    }
}
