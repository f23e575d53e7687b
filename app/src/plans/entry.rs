//! The way into a case's route from the case page.

use super::api::map_codes;
use crate::cases::types::Case;
use leptos::prelude::*;

/// «Маршрут сопровождения»: shown for a case with a СВО participant or a participant's family.
#[component]
pub fn RouteEntry(case: Case) -> impl IntoView {
    (!map_codes(&case).is_empty()).then(|| {
        view! {
            <section class="card route-card" aria-labelledby="route-title">
                <h2 id="route-title">"Маршрут сопровождения (СВО)"</h2>
                <p class="muted">
                    "Диагностическая карта проблем и ресурсов, маршрут по карте-маршрутизатору и план сопровождения (ИПСС)."
                </p>
                <div class="actions">
                    <a class="btn btn-primary" href=format!("/cases/{}/route", case.id)>
                        "Открыть маршрут"
                    </a>
                    <a class="btn btn-ghost" href=format!("/cases/{}/plan/print", case.id)>
                        "Печать плана"
                    </a>
                </div>
            </section>
        }
    })
}
