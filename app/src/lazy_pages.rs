//! The pages loaded when first opened. A caseworker's day — the board, a case and its act, the
//! visits, the journal, the home pages — comes with the first load; the resource map, the
//! router maps and a family's route, the registries and services, administration, the audit,
//! the calendar, reports and print views are each a chunk of their own in a `--split` build
//! (the release build and the tests' build are), fetched when the page is first opened (the
//! service worker fetches them all in the background once the app is installed on a device).

use leptos::prelude::*;
use leptos_router::{lazy_route, Lazy, LazyRoute};

/// A page whose code is loaded lazily: the route's data is the page itself (its resources load
/// inside), and its view is a split point.
macro_rules! lazy_page {
    ($($route:ident => $page:path,)*) => {$(
        pub struct $route;

        impl $route {
            /// What the route shows: the page, loaded when first opened.
            pub fn route() -> Lazy<Self> {
                Lazy::new()
            }
        }

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                let _ = this;
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_page! {
    PrintJournalPageRoute => crate::journal::print::PrintJournalPage,
    DispatchReportPageRoute => crate::journal::report_page::DispatchReportPage,
    ApplicationsPageRoute => crate::applications::page::ApplicationsPage,
    NewApplicationPageRoute => crate::applications::form::NewApplicationPage,
    PrintApplicationsPageRoute => crate::applications::print::PrintApplicationsPage,
    ApplicationPageRoute => crate::applications::view::ApplicationPage,
    CorrectApplicationPageRoute => crate::applications::form::CorrectApplicationPage,
    ApplicationPrintPageRoute => crate::applications::view::ApplicationPrintPage,
    ActPrintPageRoute => crate::acts::print::ActPrintPage,
    RoutePageRoute => crate::plans::page::RoutePage,
    SurveyPageViewRoute => crate::reports::survey_page::SurveyPageView,
    IppsuPageRoute => crate::ippsu::page::IppsuPage,
    ContractPageRoute => crate::contracts::page::ContractPage,
    ConsiliumPageRoute => crate::consilium::page::ConsiliumPage,
    SessionPageRoute => crate::consilium::page::SessionPage,
    SessionPrintPageRoute => crate::consilium::print::SessionPrintPage,
    PlanPrintPageRoute => crate::plans::print::PlanPrintPage,
    IppsuPrintPageRoute => crate::ippsu::print::IppsuPrintPage,
    ContractPrintPageRoute => crate::contracts::print::ContractPrintPage,
    InquiriesPageRoute => crate::inquiries::page::InquiriesPage,
    NewInquiryPageRoute => crate::inquiries::form::NewInquiryPage,
    InquiryPageRoute => crate::inquiries::form::InquiryPage,
    InquiryPrintPageRoute => crate::inquiries::print::InquiryPrintPage,
    RegistryPageViewRoute => crate::elders::page::RegistryPageView,
    RoundPageViewRoute => crate::elders::round::RoundPageView,
    NewElderPageRoute => crate::elders::form::NewElderPage,
    EventsPageViewRoute => crate::elders::events_page::EventsPageView,
    EventPageRoute => crate::elders::event_page::EventPage,
    WalkPageViewRoute => crate::elders::walk_page::WalkPageView,
    NeedsPageViewRoute => crate::elders::needs::NeedsPageView,
    ImportPageViewRoute => crate::elders::import_page::ImportPageView,
    ReportPageViewRoute => crate::elders::report_page::ReportPageView,
    ElderPageRoute => crate::elders::person::ElderPage,
    OpenCasePageRoute => crate::elders::open_case::OpenCasePage,
    EditElderPageRoute => crate::elders::form::EditElderPage,
    ElderPlanPrintPageRoute => crate::elders::plan_print::ElderPlanPrintPage,
    RentalPageRoute => crate::rental::page::RentalPage,
    IssuePageRoute => crate::rental::issue_page::IssuePage,
    QueuePageRoute => crate::rental::queue_page::QueuePage,
    RentalReportPageRoute => crate::rental::report_page::RentalReportPage,
    ReportListPageRoute => crate::reports::list_page::ReportListPage,
    SvoReportPageViewRoute => crate::reports::svo_page::SvoReportPageView,
    WorkloadPageViewRoute => crate::reports::workload_page::WorkloadPageView,
    MonitoringPageViewRoute => crate::reports::monitoring_page::MonitoringPageView,
    QuestionsPageRoute => crate::reports::questions_page::QuestionsPage,
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
    SchedulePrintPageRoute => crate::taxi::print::SchedulePrintPage,
    TaxiReportPageRoute => crate::taxi::report_page::TaxiReportPage,
    RidePageRoute => crate::taxi::ride_page::RidePage,
    RouterMapsPageRoute => crate::router_maps::page::RouterMapsPage,
    ResourcesPageRoute => crate::resources::page::ResourcesPage,
    NewPartnerPageRoute => crate::resources::partner_page::NewPartnerPage,
    PartnerPageRoute => crate::resources::partner_page::PartnerPage,
    PassportPageRoute => crate::resources::passport_page::PassportPage,
    AdminUsersPageRoute => crate::admin::page::AdminUsersPage,
    CalendarPageRoute => crate::admin::calendar_page::CalendarPage,
    AuditPageViewRoute => crate::trail::page::AuditPageView,
}
