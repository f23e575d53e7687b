//! `/cases/<id>/route`: a family from diagnostics to its support plan, in three tabs — the
//! diagnostic map of problems and resources, the planner (the СВО router maps or the lists of
//! typical activities, and activities typed by hand), and the plan (ИПСС, ИПССС or the
//! citizen's plan) with the activities' statuses, intermediate control and the conclusion. One «Сохранить» sends it all;
//! every change is kept on the device first, so nothing typed is lost to a reload or a lost
//! connection.

use super::api::get_route;
use super::diagnostic::DiagnosticTab;
use super::plan_tab::PlanTab;
use super::planner::Planner;
use super::save_bar::SaveBar;
use super::session::RouteSession;
use super::state::RouteState;
use super::types::*;
use crate::components::{CaseDocumentHead, ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Diagnostic,
    Route,
    Plan,
}

#[component]
pub fn RoutePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), get_route);
    view! {
        <AppShell title="План сопровождения">
            <Suspense fallback=|| {
                view! { <Loading label="Загрузка маршрута…" /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(d) => view! { <RouteEditor details=d /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn RouteEditor(details: RouteDetails) -> impl IntoView {
    let server = details.route.clone();
    let initial = server.as_ref().map(|r| r.content.clone()).unwrap_or_else(|| details.blank.clone());
    let content = RwSignal::new(initial);
    let editable = details.can_edit && !details.maps.is_empty();
    let state = RouteState::new(content, &details, editable);
    let session = RouteSession::new(&details, content, state.errors);
    session.keep_draft(editable);
    session.retry_when_online();
    let tab = RwSignal::new(Tab::Diagnostic);
    if details.maps.is_empty() {
        return view! {
            <RouteHead details=details />
            <p class="notice notice-warn">
                "Нет ни одной карты-маршрутизатора или перечня типовых мероприятий для этого случая. Обратитесь к заведующему отделением."
            </p>
        }
        .into_any();
    }
    let svo = details.plan_kind == PlanKind::Svo;
    let plan_tab = format!("3. {}", if svo { "План (ИПСС)" } else { details.plan_kind.short() });
    let plan_tab = if details.plan_kind == PlanKind::Citizen { "3. План".to_string() } else { plan_tab };
    let tab_button = move |t: Tab, label: String| {
        view! {
            <button
                type="button"
                class="tab"
                role="tab"
                aria-selected=move || (tab.get() == t).to_string()
                aria-current=move || (tab.get() == t).then_some("page")
                on:click=move |_| tab.set(t)
            >
                {label}
            </button>
        }
    };
    view! {
        <RouteHead details=details.clone() />
        <Show when=move || session.restored.get()>
            <p class="notice notice-info">
                "Восстановлены правки, которые ещё не отправлены на сервер."
            </p>
        </Show>
        <nav class="tabs" role="tablist" aria-label="Разделы маршрута">
            {tab_button(Tab::Diagnostic, "1. Диагностическая карта".into())}
            {tab_button(Tab::Route, if svo { "2. Маршрут" } else { "2. Мероприятия" }.into())}
            {tab_button(Tab::Plan, plan_tab)}
        </nav>
        {move || match tab.get() {
            Tab::Diagnostic => view! { <DiagnosticTab state /> }.into_any(),
            Tab::Route => view! { <Planner state /> }.into_any(),
            Tab::Plan => view! { <PlanTab state /> }.into_any(),
        }}
        <Show when=move || editable>
            <SaveBar session=session />
        </Show>
    }
    .into_any()
}

/// The family, its address, district and curator, and the plan's print.
#[component]
fn RouteHead(details: RouteDetails) -> impl IntoView {
    let d = details;
    let title = match d.plan_kind {
        PlanKind::Svo => format!("Маршрут семьи: {}", d.case_title),
        PlanKind::Family => format!("ИПССС: {}", d.case_title),
        PlanKind::Citizen => format!("План сопровождения: {}", d.case_title),
    };
    view! {
        <CaseDocumentHead
            case_id=d.case_id.clone()
            case_number=d.case_number.clone()
            title=title
            about=vec![
                Some(d.address.clone()),
                d.district_name.clone(),
                d.curator_name.clone().map(|c| format!("куратор {c}")),
            ]
        >
            <a class="btn btn-secondary" href=format!("/cases/{}/plan/print", d.case_id)>
                "Печать плана (А4)"
            </a>
        </CaseDocumentHead>
    }
}
