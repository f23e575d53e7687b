//! The «Участок» filter of a list page, filled once the districts have loaded.

use super::DistrictOption;
use crate::components::filters::filter_select;
use crate::error::AppError;
use leptos::prelude::*;

/// The districts a page reads for its filter (each feature reads them through its own server
/// function, with its own rights).
pub type DistrictsResource = Resource<Result<Vec<DistrictOption>, AppError>>;

/// The district select of a filter row: «Все участки» first, the one in the URL chosen.
#[component]
pub fn DistrictFilter(districts: DistrictsResource, current: String) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let current = current.clone();
                Suspend::new(async move {
                    let options = districts.await.unwrap_or_default().into_iter().map(|d| (d.id, d.name)).collect();
                    filter_select("district", "Участок", current, options, "Все участки")
                })
            }}
        </Suspense>
    }
}
