//! What the app's routes put together on one page from several features: the case page with
//! the case's visits, its ИППСУ, its plan, its contract, its inter-agency requests, the aids lent
//! from the rental point and the social taxi's rides beside it.
//! Features do not import each other for this.

use crate::board::page::BoardNotices;
use crate::cases::page::CasePanels;
use crate::cases::types::{CaseDetails, Stage};
use crate::components::AfterHydration;
use crate::contracts::entry::ContractEntry;
use crate::inquiries::entry::InquiriesEntry;
use crate::ippsu::entry::IppsuEntry;
use crate::plans::entry::RouteEntry;
use crate::rental::entry::RentalEntry;
use crate::taxi::entry::TaxiEntry;
use crate::urgent::UrgentDeadlines;
use crate::visits::page::CaseVisits;
use leptos::prelude::*;

/// The panels beside a case: its home visits, the ways into its ИППСУ, its plan and its contract,
/// and its inter-agency requests.
fn case_panels(d: &CaseDetails) -> AnyView {
    view! {
        <CaseVisits
            case_id=d.case.id.clone()
            can_plan=d.can_edit && d.case.stage != Stage::Closed
            curator_name=d.case.curator_name.clone()
        />
        <IppsuEntry case=d.case.clone() />
        <RouteEntry case=d.case.clone() />
        <ContractEntry case=d.case.clone() />
        <InquiriesEntry case_id=d.case.id.clone() />
        <RentalEntry case_id=d.case.id.clone() />
        <TaxiEntry case_id=d.case.id.clone() />
    }
    .into_any()
}

/// `/board`, with the urgent services' deadlines of the user above it.
#[component]
pub fn BoardRoute() -> impl IntoView {
    fn notices() -> AnyView {
        view! {
            <AfterHydration quiet=true>
                <UrgentDeadlines />
            </AfterHydration>
        }
        .into_any()
    }
    view! { <crate::board::page::BoardPage notices=BoardNotices(notices) /> }
}

/// `/cases/<id>`.
#[component]
pub fn CaseRoute() -> impl IntoView {
    view! { <crate::cases::page::CasePage panels=CasePanels(case_panels) /> }
}
