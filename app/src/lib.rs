//! Опора: case management for social-service institutions. This crate holds the product: the
//! domain types shared by the browser and the server, the rules, the server functions and the
//! pages, organised by feature.
#![recursion_limit = "512"]

pub mod acts;
pub mod admin;
pub mod applications;
pub mod audit;
pub mod auth;
pub mod board;
pub mod calendar;
pub mod cases;
pub mod components;
pub mod consilium;
pub mod contracts;
#[cfg(feature = "ssr")]
pub mod cores;
pub mod counted;
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod db;
pub mod districts;
#[cfg(feature = "ssr")]
pub mod download;
pub mod elders;
pub mod error;
pub mod home;
pub mod inquiries;
pub mod institution;
pub mod ippsu;
pub mod journal;
pub mod keys;
pub mod labels;
pub mod lazy_pages;
#[cfg(feature = "ssr")]
pub mod live;
pub mod patrol;
pub mod people;
pub mod periods;
pub mod phone;
pub mod plans;
pub mod rental;
pub mod report_tables;
pub mod reports;
pub mod resources;
pub mod router_maps;
pub mod routes;
pub mod shell;
pub mod social_services;
pub mod spreadsheet;
#[cfg(feature = "ssr")]
pub mod state;
pub mod stored_files;
pub mod taxi;
pub mod textfile;
pub mod time;
pub mod trail;
pub mod urgent;
pub mod url;
pub mod validation;
pub mod visits;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use leptos_router::SsrMode;

/// The HTML document around the application (server-side only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="ru">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // The bundle's files carry the hash of their content in their names (a build
                // with `hash-files`): the browser keeps them for good and asks for them again
                // only when a new version names new files.
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The page's Content-Security-Policy: scripts only from this site, plus the inline hydration
/// script carrying this response's nonce; WebAssembly allowed to compile.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    // The resource map's tiles come from the configured tile server.
    let tiles =
        state::app_state().ok().and_then(|s| s.settings.tiles_origin()).map(|o| format!(" {o}")).unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:{tiles}; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Server redirects (after login, logout, password change) load the whole page, so that
    // the page frame learns who is signed in.
    #[cfg(feature = "hydrate")]
    let _ = leptos::server_fn::redirect::set_redirect_hook(|location: &str| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().assign(location);
        }
    });
    shell::frame::provide_me();
    // Registers the service worker that lets a tablet open the day's visits offline
    // (`public/sw.js`).
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            shell::offline::register_service_worker(&window);
        }
    });
    // While a page's code or data is on its way after a tap, a thin bar at the top says so.
    let (is_routing, set_is_routing) = signal(false);
    view! {
        <Title text="Опора" />
        <div
            class="route-progress"
            class:active=is_routing
            role="progressbar"
            aria-label="Страница загружается"
            aria-hidden=move || (!is_routing.get()).to_string()
        ></div>
        <Router set_is_routing>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=lazy_pages::HomeRoute::route() />
                <Route path=path!("/login") view=shell::login::LoginPage />
                <Route path=path!("/password") view=lazy_pages::ChangePasswordPageRoute::route() />
                <Route path=path!("/journal") view=lazy_pages::JournalPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/journal/new") view=lazy_pages::NewAppealPageRoute::route() ssr=SsrMode::Async />
                <Route
                    path=path!("/journal/print")
                    view=lazy_pages::PrintJournalPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/journal/report")
                    view=lazy_pages::DispatchReportPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route path=path!("/journal/:id") view=lazy_pages::EntryPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/applications") view=lazy_pages::ApplicationsPageRoute::route() ssr=SsrMode::Async />
                <Route
                    path=path!("/applications/new")
                    view=lazy_pages::NewApplicationPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/applications/print")
                    view=lazy_pages::PrintApplicationsPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/applications/:id")
                    view=lazy_pages::ApplicationPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/applications/:id/edit")
                    view=lazy_pages::CorrectApplicationPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/applications/:id/print")
                    view=lazy_pages::ApplicationPrintPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route path=path!("/board") view=routes::BoardRoute ssr=SsrMode::Async />
                <Route path=path!("/cases/new") view=lazy_pages::NewCasePageRoute::route() ssr=SsrMode::Async />
                <Route
                    path=path!("/cases/attach")
                    view=lazy_pages::AttachApplicationPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route path=path!("/cases/:id") view=lazy_pages::CasePageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/cases/:id/act") view=lazy_pages::ActPageRoute::route() ssr=SsrMode::Async />
                <Route
                    path=path!("/cases/:id/act/print")
                    view=lazy_pages::ActPrintPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route path=path!("/cases/:id/route") view=lazy_pages::RoutePageRoute::route() ssr=SsrMode::Async />
                <Route
                    path=path!("/cases/:id/survey")
                    view=lazy_pages::SurveyPageViewRoute::route()
                    ssr=SsrMode::Async
                />
                <Route path=path!("/cases/:id/ippsu") view=lazy_pages::IppsuPageRoute::route() ssr=SsrMode::Async />
                <Route
                    path=path!("/cases/:id/contract")
                    view=lazy_pages::ContractPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/my-activities")
                    view=lazy_pages::MyActivitiesPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route path=path!("/consilium") view=lazy_pages::ConsiliumPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/consilium/:id") view=lazy_pages::SessionPageRoute::route() ssr=SsrMode::Async />
                <Route
                    path=path!("/consilium/:id/print")
                    view=lazy_pages::SessionPrintPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/cases/:id/plan/print")
                    view=lazy_pages::PlanPrintPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/cases/:id/ippsu/print")
                    view=lazy_pages::IppsuPrintPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/cases/:id/contract/print")
                    view=lazy_pages::ContractPrintPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route path=path!("/visits") view=lazy_pages::VisitsPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/inquiries") view=lazy_pages::InquiriesPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/inquiries/new") view=lazy_pages::NewInquiryPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/inquiries/:id") view=lazy_pages::InquiryPageRoute::route() ssr=SsrMode::Async />
                <Route
                    path=path!("/inquiries/:id/print")
                    view=lazy_pages::InquiryPrintPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route path=path!("/elders") view=lazy_pages::RegistryPageViewRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/elders/round") view=lazy_pages::RoundPageViewRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/elders/new") view=lazy_pages::NewElderPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/elders/events") view=lazy_pages::EventsPageViewRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/elders/events/:id") view=lazy_pages::EventPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/elders/walk") view=lazy_pages::WalkPageViewRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/elders/needs") view=lazy_pages::NeedsPageViewRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/elders/import") view=lazy_pages::ImportPageViewRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/elders/report") view=lazy_pages::ReportPageViewRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/elders/:id") view=lazy_pages::ElderPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/elders/:id/case") view=lazy_pages::OpenCasePageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/elders/:id/edit") view=lazy_pages::EditElderPageRoute::route() ssr=SsrMode::Async />
                <Route
                    path=path!("/elders/:id/plan")
                    view=lazy_pages::ElderPlanPrintPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route path=path!("/urgent") view=lazy_pages::UrgentPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/rental") view=lazy_pages::RentalPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/rental/issue") view=lazy_pages::IssuePageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/rental/queue") view=lazy_pages::QueuePageRoute::route() ssr=SsrMode::Async />
                <Route
                    path=path!("/rental/report")
                    view=lazy_pages::RentalReportPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route path=path!("/reports") view=lazy_pages::ReportListPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/dashboard") view=lazy_pages::DashboardPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/reports/svo") view=lazy_pages::SvoReportPageViewRoute::route() ssr=SsrMode::Async />
                <Route
                    path=path!("/reports/workload")
                    view=lazy_pages::WorkloadPageViewRoute::route()
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/reports/monitoring")
                    view=lazy_pages::MonitoringPageViewRoute::route()
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/reports/monitoring/questions")
                    view=lazy_pages::QuestionsPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route path=path!("/rental/items/new") view=lazy_pages::NewItemPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/rental/items/:id") view=lazy_pages::ItemPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/rental/loans/:id") view=lazy_pages::LoanPageRoute::route() ssr=SsrMode::Async />
                <Route
                    path=path!("/rental/loans/:id/print")
                    view=lazy_pages::LoanPrintPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route path=path!("/patrol") view=lazy_pages::PatrolPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/patrol/new") view=lazy_pages::NewRaidPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/patrol/:id") view=lazy_pages::RaidPageRoute::route() ssr=SsrMode::Async />
                <Route
                    path=path!("/patrol/:id/print")
                    view=lazy_pages::RaidPrintPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route path=path!("/taxi") view=lazy_pages::TaxiPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/taxi/new") view=lazy_pages::NewRidePageRoute::route() ssr=SsrMode::Async />
                <Route
                    path=path!("/taxi/schedule")
                    view=lazy_pages::SchedulePrintPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route path=path!("/taxi/report") view=lazy_pages::TaxiReportPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/taxi/:id") view=lazy_pages::RidePageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/router-maps") view=lazy_pages::RouterMapsPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/resources") view=lazy_pages::ResourcesPageRoute::route() ssr=SsrMode::Async />
                <Route
                    path=path!("/resources/partners/new")
                    view=lazy_pages::NewPartnerPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/resources/partners/:id")
                    view=lazy_pages::PartnerPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/resources/districts/:id")
                    view=lazy_pages::PassportPageRoute::route()
                    ssr=SsrMode::Async
                />
                <Route path=path!("/admin/users") view=lazy_pages::AdminUsersPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/admin/calendar") view=lazy_pages::CalendarPageRoute::route() ssr=SsrMode::Async />
                <Route path=path!("/audit") view=lazy_pages::AuditPageViewRoute::route() ssr=SsrMode::Async />
            </Routes>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <Title text="Страница не найдена — Опора" />
        <main class="page narrow">
            <h1>"Страница не найдена"</h1>
            <p>
                "Такой страницы нет. Проверьте адрес или вернитесь на главную."
            </p>
            <a class="btn btn-primary" href="/">
                "На главную"
            </a>
        </main>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // A page loaded when first opened (`lazy_pages`) hydrates once its chunk has come; only then
    // is the page marked interactive (`data-hydrated`: tests and styles wait for it). The pages
    // of a working day then follow in the background (`data-day-preloaded` when they are in).
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else { return };
        let owner = leptos::mount::hydrate_from_async(body.clone(), App).await;
        owner.forget();
        let _ = body.set_attribute("data-hydrated", "true");
        lazy_pages::preload_day().await;
        let _ = body.set_attribute("data-day-preloaded", "true");
    });
}
