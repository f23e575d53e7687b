//! What the app's routes put together on one page from several features: the case page with
//! the case's visits, its ИППСУ, its plan, its contract and the aids
//! lent from the rental point beside it.
//! Features do not import each other for this.

use crate::cases::page::CasePanels;
use crate::cases::types::{CaseDetails, Stage};
use crate::contracts::entry::ContractEntry;
use crate::ippsu::entry::IppsuEntry;
use crate::plans::entry::RouteEntry;
use crate::rental::entry::RentalEntry;
use crate::visits::page::CaseVisits;
use leptos::prelude::*;

/// The panels beside a case: its home visits, the ways into its ИППСУ, its plan and its contract,
/// and the aids lent to its people.
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
        <RentalEntry case_id=d.case.id.clone() />
    }
    .into_any()
}

/// `/cases/<id>`.
#[component]
pub fn CaseRoute() -> impl IntoView {
    view! { <crate::cases::page::CasePage panels=CasePanels(case_panels) /> }
}
