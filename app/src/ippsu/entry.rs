//! The way into a case's ИППСУ from the case page.

use crate::cases::types::Case;
use leptos::prelude::*;

/// The programme's card on the case page: every case has one to prepare.
#[component]
pub fn IppsuEntry(case: Case) -> impl IntoView {
    let approved = case.plan_approved_on.map(crate::time::format_naive_date);
    view! {
        <section class="card route-card" aria-labelledby="ippsu-title">
            <h2 id="ippsu-title">"ИППСУ"</h2>
            <p class="muted">
                {match approved {
                    Some(on) => {
                        format!(
                            "Программа предоставления социальных услуг утверждена {on}.",
                        )
                    }
                    None => {
                        "Индивидуальная программа предоставления социальных услуг: формы, услуги, мероприятия по социальному сопровождению; утверждается комиссией."
                            .to_string()
                    }
                }}
            </p>
            <div class="actions">
                <a class="btn btn-primary" href=format!("/cases/{}/ippsu", case.id)>
                    "Открыть ИППСУ"
                </a>
                <a class="btn btn-ghost" href=format!("/cases/{}/ippsu/print", case.id)>
                    "Печать ИППСУ"
                </a>
            </div>
        </section>
    }
}
