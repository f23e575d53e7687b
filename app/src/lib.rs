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
    // Marks the page as interactive once the WASM has taken over (tests and styles wait for it),
    // and registers the service worker that lets a tablet open the day's visits offline
    // (`public/sw.js`).
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            if let Some(body) = window.document().and_then(|d| d.body()) {
                let _ = body.set_attribute("data-hydrated", "true");
            }
            shell::offline::register_service_worker(&window);
        }
    });
    view! {
        <Title text="Опора" />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=home::Home />
                <Route path=path!("/login") view=shell::login::LoginPage />
                <Route path=path!("/password") view=shell::password::ChangePasswordPage />
                <Route path=path!("/journal") view=journal::page::JournalPage ssr=SsrMode::Async />
                <Route path=path!("/journal/new") view=journal::form::NewAppealPage ssr=SsrMode::Async />
                <Route path=path!("/journal/print") view=journal::print::PrintJournalPage ssr=SsrMode::Async />
                <Route path=path!("/journal/report") view=journal::report_page::DispatchReportPage ssr=SsrMode::Async />
                <Route path=path!("/journal/:id") view=journal::form::EntryPage ssr=SsrMode::Async />
                <Route path=path!("/applications") view=applications::page::ApplicationsPage ssr=SsrMode::Async />
                <Route path=path!("/applications/new") view=applications::form::NewApplicationPage ssr=SsrMode::Async />
                <Route
                    path=path!("/applications/print")
                    view=applications::print::PrintApplicationsPage
                    ssr=SsrMode::Async
                />
                <Route path=path!("/applications/:id") view=applications::view::ApplicationPage ssr=SsrMode::Async />
                <Route
                    path=path!("/applications/:id/edit")
                    view=applications::form::CorrectApplicationPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/applications/:id/print")
                    view=applications::view::ApplicationPrintPage
                    ssr=SsrMode::Async
                />
                <Route path=path!("/board") view=routes::BoardRoute ssr=SsrMode::Async />
                <Route path=path!("/cases/new") view=cases::new_case::NewCasePage ssr=SsrMode::Async />
                <Route path=path!("/cases/attach") view=cases::attach::AttachApplicationPage ssr=SsrMode::Async />
                <Route path=path!("/cases/:id") view=routes::CaseRoute ssr=SsrMode::Async />
                <Route path=path!("/cases/:id/act") view=acts::page::ActPage ssr=SsrMode::Async />
                <Route path=path!("/cases/:id/act/print") view=acts::print::ActPrintPage ssr=SsrMode::Async />
                <Route path=path!("/cases/:id/route") view=plans::page::RoutePage ssr=SsrMode::Async />
                <Route path=path!("/cases/:id/survey") view=reports::survey_page::SurveyPageView ssr=SsrMode::Async />
                <Route path=path!("/cases/:id/ippsu") view=ippsu::page::IppsuPage ssr=SsrMode::Async />
                <Route path=path!("/cases/:id/contract") view=contracts::page::ContractPage ssr=SsrMode::Async />
                <Route path=path!("/my-activities") view=plans::mine::MyActivitiesPage ssr=SsrMode::Async />
                <Route path=path!("/consilium") view=consilium::page::ConsiliumPage ssr=SsrMode::Async />
                <Route path=path!("/consilium/:id") view=consilium::page::SessionPage ssr=SsrMode::Async />
                <Route path=path!("/consilium/:id/print") view=consilium::print::SessionPrintPage ssr=SsrMode::Async />
                <Route path=path!("/cases/:id/plan/print") view=plans::print::PlanPrintPage ssr=SsrMode::Async />
                <Route path=path!("/cases/:id/ippsu/print") view=ippsu::print::IppsuPrintPage ssr=SsrMode::Async />
                <Route
                    path=path!("/cases/:id/contract/print")
                    view=contracts::print::ContractPrintPage
                    ssr=SsrMode::Async
                />
                <Route path=path!("/visits") view=visits::page::VisitsPage ssr=SsrMode::Async />
                <Route path=path!("/inquiries") view=inquiries::page::InquiriesPage ssr=SsrMode::Async />
                <Route path=path!("/inquiries/new") view=inquiries::form::NewInquiryPage ssr=SsrMode::Async />
                <Route path=path!("/inquiries/:id") view=inquiries::form::InquiryPage ssr=SsrMode::Async />
                <Route path=path!("/inquiries/:id/print") view=inquiries::print::InquiryPrintPage ssr=SsrMode::Async />
                <Route path=path!("/elders") view=elders::page::RegistryPageView ssr=SsrMode::Async />
                <Route path=path!("/elders/round") view=elders::round::RoundPageView ssr=SsrMode::Async />
                <Route path=path!("/elders/new") view=elders::form::NewElderPage ssr=SsrMode::Async />
                <Route path=path!("/elders/events") view=elders::events_page::EventsPageView ssr=SsrMode::Async />
                <Route path=path!("/elders/events/:id") view=elders::event_page::EventPage ssr=SsrMode::Async />
                <Route path=path!("/elders/walk") view=elders::walk_page::WalkPageView ssr=SsrMode::Async />
                <Route path=path!("/elders/needs") view=elders::needs::NeedsPageView ssr=SsrMode::Async />
                <Route path=path!("/elders/import") view=elders::import_page::ImportPageView ssr=SsrMode::Async />
                <Route path=path!("/elders/report") view=elders::report_page::ReportPageView ssr=SsrMode::Async />
                <Route path=path!("/elders/:id") view=elders::person::ElderPage ssr=SsrMode::Async />
                <Route path=path!("/elders/:id/case") view=elders::open_case::OpenCasePage ssr=SsrMode::Async />
                <Route path=path!("/elders/:id/edit") view=elders::form::EditElderPage ssr=SsrMode::Async />
                <Route path=path!("/elders/:id/plan") view=elders::plan_print::ElderPlanPrintPage ssr=SsrMode::Async />
                <Route path=path!("/urgent") view=urgent::UrgentPage ssr=SsrMode::Async />
                <Route path=path!("/rental") view=rental::page::RentalPage ssr=SsrMode::Async />
                <Route path=path!("/rental/issue") view=rental::issue_page::IssuePage ssr=SsrMode::Async />
                <Route path=path!("/rental/queue") view=rental::queue_page::QueuePage ssr=SsrMode::Async />
                <Route path=path!("/rental/report") view=rental::report_page::RentalReportPage ssr=SsrMode::Async />
                <Route path=path!("/reports") view=reports::list_page::ReportListPage ssr=SsrMode::Async />
                <Route path=path!("/dashboard") view=dashboard::page::DashboardPage ssr=SsrMode::Async />
                <Route path=path!("/reports/svo") view=reports::svo_page::SvoReportPageView ssr=SsrMode::Async />
                <Route
                    path=path!("/reports/workload")
                    view=reports::workload_page::WorkloadPageView
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/reports/monitoring")
                    view=reports::monitoring_page::MonitoringPageView
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/reports/monitoring/questions")
                    view=reports::questions_page::QuestionsPage
                    ssr=SsrMode::Async
                />
                <Route path=path!("/rental/items/new") view=rental::item_page::NewItemPage ssr=SsrMode::Async />
                <Route path=path!("/rental/items/:id") view=rental::item_page::ItemPage ssr=SsrMode::Async />
                <Route path=path!("/rental/loans/:id") view=rental::loan_page::LoanPage ssr=SsrMode::Async />
                <Route path=path!("/rental/loans/:id/print") view=rental::print::LoanPrintPage ssr=SsrMode::Async />
                <Route path=path!("/patrol") view=patrol::page::PatrolPage ssr=SsrMode::Async />
                <Route path=path!("/patrol/new") view=patrol::raid_page::NewRaidPage ssr=SsrMode::Async />
                <Route path=path!("/patrol/:id") view=patrol::raid_page::RaidPage ssr=SsrMode::Async />
                <Route path=path!("/patrol/:id/print") view=patrol::print::RaidPrintPage ssr=SsrMode::Async />
                <Route path=path!("/taxi") view=taxi::day_page::TaxiPage ssr=SsrMode::Async />
                <Route path=path!("/taxi/new") view=taxi::ride_page::NewRidePage ssr=SsrMode::Async />
                <Route path=path!("/taxi/schedule") view=taxi::print::SchedulePrintPage ssr=SsrMode::Async />
                <Route path=path!("/taxi/report") view=taxi::report_page::TaxiReportPage ssr=SsrMode::Async />
                <Route path=path!("/taxi/:id") view=taxi::ride_page::RidePage ssr=SsrMode::Async />
                <Route path=path!("/router-maps") view=router_maps::page::RouterMapsPage ssr=SsrMode::Async />
                <Route path=path!("/resources") view=resources::page::ResourcesPage ssr=SsrMode::Async />
                <Route
                    path=path!("/resources/partners/new")
                    view=resources::partner_page::NewPartnerPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/resources/partners/:id")
                    view=resources::partner_page::PartnerPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/resources/districts/:id")
                    view=resources::passport_page::PassportPage
                    ssr=SsrMode::Async
                />
                <Route path=path!("/admin/users") view=admin::page::AdminUsersPage ssr=SsrMode::Async />
                <Route path=path!("/admin/calendar") view=admin::calendar_page::CalendarPage ssr=SsrMode::Async />
                <Route path=path!("/audit") view=trail::page::AuditPageView ssr=SsrMode::Async />
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
    leptos::mount::hydrate_body(App);
}
