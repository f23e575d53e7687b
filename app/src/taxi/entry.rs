//! The social taxi on a case page: the rides booked for the case's people — the coming ones
//! first to see, the past ones with how they ended — and «Заказать такси» with the case's
//! person filled in.

use super::api::case_rides;
use super::types::RideStatus;
use crate::auth::permissions;
use crate::components::AfterHydration;
use crate::shell::frame::MeResource;
use crate::time::format_naive_date;
use leptos::prelude::*;

/// Drawn in the browser once the case page is hydrated (it loads its own data and is shown only
/// to the roles of the taxi).
#[component]
pub fn TaxiEntry(case_id: String) -> impl IntoView {
    view! {
        <AfterHydration quiet=true>
            <CaseRidesPanel case_id=case_id.clone() />
        </AfterHydration>
    }
}

fn status_class(status: RideStatus) -> &'static str {
    match status {
        RideStatus::Requested => "badge badge-open",
        RideStatus::Confirmed => "badge badge-ok",
        RideStatus::Done => "badge",
        RideStatus::Cancelled => "badge badge-muted",
    }
}

#[component]
fn CaseRidesPanel(case_id: String) -> impl IntoView {
    let me = expect_context::<MeResource>().0;
    let id = case_id.clone();
    let rides = Resource::new(move || id.clone(), case_rides);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let case_id = case_id.clone();
                Suspend::new(async move {
                    let allowed = matches!(me.await, Ok(Some(m)) if m.user.has_any(permissions::TAXI));
                    if !allowed {
                        return ().into_any();
                    }
                    let Ok(data) = rides.await else {
                        return ().into_any();
                    };
                    let coming = data
                        .rides
                        .iter()
                        .filter(|r| {
                            r.day >= data.today && matches!(r.status, RideStatus::Requested | RideStatus::Confirmed)
                        })
                        .count();
                    view! {
                        <section class="card case-taxi" data-testid="case-taxi">
                            <div class="section-head">
                                <h2>"Социальное такси"</h2>
                                <a class="btn btn-secondary" href=format!("/taxi/new?case={case_id}")>
                                    "Заказать такси"
                                </a>
                            </div>
                            {if data.rides.is_empty() {
                                view! { <p class="muted">"Поездок не заказывали."</p> }.into_any()
                            } else {
                                view! {
                                    <p class="muted small">
                                        {format!(
                                            "Поездок: {}, из них предстоит: {coming}",
                                            data.rides.len(),
                                        )}
                                    </p>
                                    <ul class="item-loans">
                                        {data
                                            .rides
                                            .iter()
                                            .map(|r| {
                                                view! {
                                                    <li data-ride=r.id.clone()>
                                                        <a href=format!(
                                                            "/taxi/{}",
                                                            r.id,
                                                        )>{format!("{} {}", format_naive_date(r.day), r.time)}</a>
                                                        {format!(
                                                            " · {} · {} · {} → {} ",
                                                            r.person.full_name,
                                                            r.purpose.label(),
                                                            r.from_address,
                                                            r.to_address,
                                                        )}
                                                        <span class=status_class(r.status)>{r.status.label()}</span>
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
