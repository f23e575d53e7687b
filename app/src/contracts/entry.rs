//! The way into a case's contract from the case page.

use crate::cases::types::Case;
use leptos::prelude::*;

#[component]
pub fn ContractEntry(case: Case) -> impl IntoView {
    view! {
        <section class="card route-card" aria-labelledby="contract-title">
            <h2 id="contract-title">"Договор о социальном обслуживании"</h2>
            <p class="muted">
                "Между руководителем учреждения и гражданином, представляющим семью: предмет, ИППСУ и ИПССС каждого члена семьи, срок."
            </p>
            <div class="actions">
                <a class="btn btn-primary" href=format!("/cases/{}/contract", case.id)>
                    "Открыть договор"
                </a>
                <a class="btn btn-ghost" href=format!("/cases/{}/contract/print", case.id)>
                    "Печать договора"
                </a>
            </div>
        </section>
    }
}
