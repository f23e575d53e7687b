//! The pages loaded when first opened. Only the board (the supervisor's first screen) and the
//! sign-in come with the first load; every other page is in the chunk of its area in a `--split`
//! build (the release build and the tests' build are), fetched when a page of the area is first
//! opened. The area of a caseworker's day — the home pages, the journal, a case, the visits and
//! the act — follows in the background as soon as the first page is interactive and the browser
//! is idle ([`preload_day`]), so a tap on a case does not wait for its code; the service worker
//! fetches every chunk once the app is installed on a device, which is what opens them offline.

use leptos::prelude::*;
use leptos_router::{Lazy, LazyRoute};

/// Pages whose code is loaded lazily, by area: the pages of one area (a caseworker's day, a
/// case's papers, the services, the maps, the head's desk) are one chunk, fetched together when
/// the first of them is opened. The areas are few on purpose: `--split` puts the code that several
/// chunks need into a file of its own for each set of chunks that needs it, so with a chunk per
/// page (79) a page needed hundreds of tiny files out of 1,305, and on a slow network every file is
/// one more request (five areas: 26 shared files, 16 per area). The route's data is the page
/// itself (its resources load inside). A chunk that cannot be fetched — no signal, or a new
/// version on the server — shows [`PageCodeMissing`] with a way to try again instead of stopping
/// the app (a failed load is not remembered, so the next attempt fetches it afresh).
macro_rules! lazy_pages {
    ($($area:ident { $($route:ident => $page:path,)* })*) => {
        $($(
            pub struct $route;

            impl $route {
                /// What the route shows: the page, loaded when first opened.
                pub fn route() -> Lazy<Self> {
                    Lazy::new()
                }
            }

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(this: Self) -> AnyView {
                    let _ = this;
                    code::$area::$route::$route().await.unwrap_or_else(PageCodeMissing::view)
                }

                async fn preload() {
                    let _ = code::$area::preload().await;
                }
            }
        )*)*

        /// The split points: a module per area, a function per page (in a module of its own,
        /// for its loader). The functions of one area name the same split module, so they land
        /// in one chunk, and one load fetches it for all of them.
        mod code {
            $(
                #[allow(non_snake_case)]
                pub mod $area {
                    /// Fetches the area's chunk without showing a page (the first load fetches
                    /// it; the others find it there).
                    pub async fn preload() -> Result<(), ::leptos::wasm_split::SplitLoaderError> {
                        $( $route::load().await?; )*
                        Ok(())
                    }

                    $(
                        #[allow(non_snake_case)]
                        pub mod $route {
                            use crate::lazy_pages::PageCodeMissing;
                            use leptos::prelude::*;

                            #[::leptos::wasm_split::wasm_split(
                                $area,
                                wasm_split_path = ::leptos::wasm_split,
                                preload(load),
                                fallible
                            )]
                            pub fn $route() -> Result<AnyView, PageCodeMissing> {
                                Ok(view! { <$page /> }.into_any())
                            }
                        }
                    )*
                }
            )*
        }
    };
}

/// The code of a page could not be fetched: there is no connection and the device does not
/// keep the page yet, or the server has moved to a new version.
#[derive(Debug, Clone, Copy)]
pub struct PageCodeMissing;

impl From<leptos::wasm_split::SplitLoaderError> for PageCodeMissing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PageCodeMissing
    }
}

impl PageCodeMissing {
    fn view(self) -> AnyView {
        let again = |_| {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        };
        view! {
            <crate::shell::frame::AppShell title="Страница не загрузилась">
                <section data-testid="page-code-missing">
                    <h1>"Страница не загрузилась"</h1>
                    <p>
                        "Нет связи с сервером, а эта страница ещё не сохранена на устройстве. Проверьте связь и повторите; записи, которые вы уже сделали, не потеряны."
                    </p>
                    <div class="toolbar">
                        <button class="btn btn-primary" type="button" on:click=again>
                            "Повторить"
                        </button>
                        <a class="btn btn-secondary" href="/">
                            "На главную"
                        </a>
                    </div>
                </section>
            </crate::shell::frame::AppShell>
        }
        .into_any()
    }
}

lazy_pages! {
    // The pages of a caseworker's day, fetched in the background after the first page: the home
    // pages and summaries, the journal (журнал обращений), a case, the visits and the inspection act
    // (акт обследования).
    day {
        HomeRoute => crate::home::Home,
        ChangePasswordPageRoute => crate::shell::password::ChangePasswordPage,
        DashboardPageRoute => crate::dashboard::page::DashboardPage,
        MyActivitiesPageRoute => crate::plans::mine::MyActivitiesPage,
        UrgentPageRoute => crate::urgent::UrgentPage,
        JournalPageRoute => crate::journal::page::JournalPage,
        NewAppealPageRoute => crate::journal::form::NewAppealPage,
        EntryPageRoute => crate::journal::form::EntryPage,
        PrintJournalPageRoute => crate::journal::print::PrintJournalPage,
        DispatchReportPageRoute => crate::journal::report_page::DispatchReportPage,
        CasePageRoute => crate::routes::CaseRoute,
        NewCasePageRoute => crate::cases::new_case::NewCasePage,
        AttachApplicationPageRoute => crate::cases::attach::AttachApplicationPage,
        VisitsPageRoute => crate::visits::page::VisitsPage,
        ActPageRoute => crate::acts::page::ActPage,
        ActPrintPageRoute => crate::acts::print::ActPrintPage,
    }
    // A case's papers: applications (заявления), the route and plans (ИПССС, ИППСУ), the contract,
    // the consilium, the survey, inter-agency inquiries (межведомственные запросы).
    papers {
        ApplicationsPageRoute => crate::applications::page::ApplicationsPage,
        NewApplicationPageRoute => crate::applications::form::NewApplicationPage,
        PrintApplicationsPageRoute => crate::applications::print::PrintApplicationsPage,
        ApplicationPageRoute => crate::applications::view::ApplicationPage,
        CorrectApplicationPageRoute => crate::applications::form::CorrectApplicationPage,
        ApplicationPrintPageRoute => crate::applications::view::ApplicationPrintPage,
        RoutePageRoute => crate::plans::page::RoutePage,
        PlanPrintPageRoute => crate::plans::print::PlanPrintPage,
        SurveyPageViewRoute => crate::reports::survey_page::SurveyPageView,
        IppsuPageRoute => crate::ippsu::page::IppsuPage,
        IppsuPrintPageRoute => crate::ippsu::print::IppsuPrintPage,
        ContractPageRoute => crate::contracts::page::ContractPage,
        ContractPrintPageRoute => crate::contracts::print::ContractPrintPage,
        ConsiliumPageRoute => crate::consilium::page::ConsiliumPage,
        SessionPageRoute => crate::consilium::page::SessionPage,
        SessionPrintPageRoute => crate::consilium::print::SessionPrintPage,
        InquiriesPageRoute => crate::inquiries::page::InquiriesPage,
        NewInquiryPageRoute => crate::inquiries::form::NewInquiryPage,
        InquiryPageRoute => crate::inquiries::form::InquiryPage,
        InquiryPrintPageRoute => crate::inquiries::print::InquiryPrintPage,
    }
    // The services of the department: the 55+ registry, the rental point (пункт проката), raids
    // (рейды), the social taxi.
    services {
        RegistryPageViewRoute => crate::elders::page::RegistryPageView,
        RoundPageViewRoute => crate::elders::round::RoundPageView,
        NewElderPageRoute => crate::elders::form::NewElderPage,
        EditElderPageRoute => crate::elders::form::EditElderPage,
        ElderPageRoute => crate::elders::person::ElderPage,
        OpenCasePageRoute => crate::elders::open_case::OpenCasePage,
        ElderPlanPrintPageRoute => crate::elders::plan_print::ElderPlanPrintPage,
        EventsPageViewRoute => crate::elders::events_page::EventsPageView,
        EventPageRoute => crate::elders::event_page::EventPage,
        WalkPageViewRoute => crate::elders::walk_page::WalkPageView,
        NeedsPageViewRoute => crate::elders::needs::NeedsPageView,
        ImportPageViewRoute => crate::elders::import_page::ImportPageView,
        ReportPageViewRoute => crate::elders::report_page::ReportPageView,
        RentalPageRoute => crate::rental::page::RentalPage,
        IssuePageRoute => crate::rental::issue_page::IssuePage,
        QueuePageRoute => crate::rental::queue_page::QueuePage,
        RentalReportPageRoute => crate::rental::report_page::RentalReportPage,
        NewItemPageRoute => crate::rental::item_page::NewItemPage,
        ItemPageRoute => crate::rental::item_page::ItemPage,
        LoanPageRoute => crate::rental::loan_page::LoanPage,
        LoanPrintPageRoute => crate::rental::print::LoanPrintPage,
        PatrolPageRoute => crate::patrol::page::PatrolPage,
        NewRaidPageRoute => crate::patrol::raid_page::NewRaidPage,
        RaidPageRoute => crate::patrol::raid_page::RaidPage,
        RaidPrintPageRoute => crate::patrol::print::RaidPrintPage,
        TaxiPageRoute => crate::taxi::day_page::TaxiPage,
        NewRidePageRoute => crate::taxi::ride_page::NewRidePage,
        RidePageRoute => crate::taxi::ride_page::RidePage,
        SchedulePrintPageRoute => crate::taxi::print::SchedulePrintPage,
        TaxiReportPageRoute => crate::taxi::report_page::TaxiReportPage,
    }
    // The maps: the territory resource map (ресурсная карта) and the router maps (маршрутные карты).
    maps {
        ResourcesPageRoute => crate::resources::page::ResourcesPage,
        NewPartnerPageRoute => crate::resources::partner_page::NewPartnerPage,
        PartnerPageRoute => crate::resources::partner_page::PartnerPage,
        PassportPageRoute => crate::resources::passport_page::PassportPage,
        RouterMapsPageRoute => crate::router_maps::page::RouterMapsPage,
    }
    // The head of department's desk: reports, accounts, the production calendar, the audit trail.
    office {
        ReportListPageRoute => crate::reports::list_page::ReportListPage,
        SvoReportPageViewRoute => crate::reports::svo_page::SvoReportPageView,
        WorkloadPageViewRoute => crate::reports::workload_page::WorkloadPageView,
        MonitoringPageViewRoute => crate::reports::monitoring_page::MonitoringPageView,
        QuestionsPageRoute => crate::reports::questions_page::QuestionsPage,
        AdminUsersPageRoute => crate::admin::page::AdminUsersPage,
        CalendarPageRoute => crate::admin::calendar_page::CalendarPage,
        AuditPageViewRoute => crate::trail::page::AuditPageView,
    }
}

/// Fetches the code of the pages of a working day once the first page has been interactive for a
/// few seconds and the browser is idle, so that it does not compete with what the user is doing
/// on a slow network.
#[cfg(feature = "hydrate")]
pub async fn preload_day() {
    // A few seconds on the page first: the page's own data and live stream come first, and a
    // user passing through pages (or a reload) does not start the fetch each time.
    gloo_timers::future::TimeoutFuture::new(3_000).await;
    idle().await;
    // No connection: the pages come when they are opened, or from the service worker.
    let _ = code::day::preload().await;
}

/// Resolves when the browser is idle (`requestIdleCallback`, with a deadline); where there is
/// no such call (Safari), after two seconds.
#[cfg(feature = "hydrate")]
async fn idle() {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return };
    let mut scheduled = false;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(5_000);
        scheduled = window.request_idle_callback_with_options(resolve.unchecked_ref(), &options).is_ok();
    });
    if scheduled {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    } else {
        gloo_timers::future::TimeoutFuture::new(2_000).await;
    }
}
