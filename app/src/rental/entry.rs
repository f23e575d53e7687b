//! The rental point on a case page: the aids lent to the case's people, overdue ones marked,
//! and «Выдать ТСР» with the case's person filled in.

use super::api::case_loans;
use crate::auth::permissions;
use crate::components::AfterHydration;
use crate::shell::frame::MeResource;
use crate::time::format_naive_date;
use leptos::prelude::*;

/// Drawn in the browser once the case page is hydrated (it loads its own data and is shown only
/// to the roles of the rental point).
#[component]
pub fn RentalEntry(case_id: String) -> impl IntoView {
    view! {
        <AfterHydration quiet=true>
            <CaseLoansPanel case_id=case_id.clone() />
        </AfterHydration>
    }
}

#[component]
fn CaseLoansPanel(case_id: String) -> impl IntoView {
    let me = expect_context::<MeResource>().0;
    let id = case_id.clone();
    let loans = Resource::new(move || id.clone(), case_loans);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let case_id = case_id.clone();
                Suspend::new(async move {
                    let allowed = matches!(me.await, Ok(Some(m)) if m.user.has_any(permissions::RENTAL));
                    if !allowed {
                        return ().into_any();
                    }
                    let Ok(data) = loans.await else {
                        return ().into_any();
                    };
                    view! {
                        <section class="card case-rental" data-testid="case-rental">
                            <div class="section-head">
                                <h2>"Средства реабилитации"</h2>
                                <a class="btn btn-secondary" href=format!("/rental/issue?case={case_id}")>
                                    "Выдать ТСР"
                                </a>
                            </div>
                            {if data.loans.is_empty() {
                                view! {
                                    <p class="muted">
                                        "Из пункта проката ничего не выдавалось."
                                    </p>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <ul class="item-loans">
                                        {data
                                            .loans
                                            .iter()
                                            .map(|l| {
                                                let state = l.state(data.today);
                                                view! {
                                                    <li class:overdue=state.is_overdue()>
                                                        <a href=format!(
                                                            "/rental/loans/{}",
                                                            l.id,
                                                        )>{l.item_title.clone()}</a>
                                                        {format!(
                                                            " · {} · до {} · ",
                                                            l.person.full_name,
                                                            format_naive_date(l.due_on),
                                                        )}
                                                        <span class=if state.is_overdue() {
                                                            "badge badge-danger"
                                                        } else {
                                                            "badge"
                                                        }>{state.words()}</span>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }}
                        </section>
                    }
                        .into_any()
                })
            }}
        </Suspense>
    }
}
