//! The case page (`/cases/<id>`): everything about a case — its stage and the move to the next
//! one, the statutory clocks, members, contacts and consent, the journal entry it came from,
//! and its history. The new-case form is `new_case`, the editing of the details `edit`.

use super::api::get_case;
use super::edit::EditCase;
use super::panels::{ClocksPanel, HistoryPanel};
use super::stage_panel::StagePanel;
use super::summary::CaseSummary;
use super::types::*;
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// What other features add beside a case (its visits, its route): drawn with the case's details,
/// again whenever they change. The routes of the app put them in (`routes::case_panels`).
#[derive(Clone, Copy)]
pub struct CasePanels(pub fn(&CaseDetails) -> AnyView);

#[component]
pub fn CasePage(panels: CasePanels) -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), get_case);
    view! {
        <AppShell title="Случай">
            <Suspense fallback=|| {
                view! { <Loading label="Загрузка случая…" /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(details) => view! { <CaseView details=details panels=panels /> }.into_any(),
                        Err(e) => {
                            view! {
                                <a class="back" href="/board">
                                    "← Доска случаев"
                                </a>
                                <ErrorNotice error=e />
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn CaseView(details: CaseDetails, panels: CasePanels) -> impl IntoView {
    let details = RwSignal::new(details);
    let editing = RwSignal::new(false);
    let on_saved = Callback::new(move |updated: CaseDetails| {
        details.set(updated);
        editing.set(false);
    });
    view! {
        <CaseHead details=details />
        <div class="case-layout">
            <div class="case-main">
                <ClocksPanel details=details />
                <StagePanel details=details />
                <Show
                    when=move || editing.get()
                    fallback=move || {
                        view! { <CaseSummary details=details on_edit=Callback::new(move |_| editing.set(true)) /> }
                    }
                >
                    {move || {
                        let d = details.get_untracked();
                        view! {
                            <EditCase
                                details=d
                                on_saved=on_saved
                                on_cancel=Callback::new(move |_| editing.set(false))
                            />
                        }
                    }}
                </Show>
            </div>
            <aside class="case-side">{move || details.with(|d| (panels.0)(d))} <HistoryPanel details=details /></aside>
        </div>
    }
}

/// The case's title, number, kind, district, curator and stage.
#[component]
fn CaseHead(details: RwSignal<CaseDetails>) -> impl IntoView {
    move || {
        let c = details.with(|d| d.case.clone());
        view! {
            <div class="page-head case-head">
                <div>
                    <a class="back" href="/board">
                        "← Доска случаев"
                    </a>
                    <h1>{c.title.clone()}</h1>
                    <p class="muted">
                        "Случай № " {c.number.clone()} " · " {c.kind.label()} " · "
                        {c.district_name.clone().unwrap_or_else(|| "участок не определён".into())}
                        " · куратор: "
                        {c.curator_name.clone().unwrap_or_else(|| "не назначен".into())}
                    </p>
                </div>
                <span class="stage-badge" data-testid="case-stage">
                    {c.stage.label()}
                </span>
            </div>
        }
    }
}
