//! «Срочные службы» (`/urgent`): the services of the sector of primary intake and urgent
//! services beside the dispatch desk (seed 000 §3.1.2) on one start page, each with what is
//! late; and the notice of their deadlines on the caseworker's start page and the supervisor's
//! board. Put together from the features, as `routes.rs` does for the case page.

use crate::auth::permissions;
use crate::components::{ErrorNotice, Loading};
use crate::inquiries::api::deadline_counts;
use crate::inquiries::types::InquiryDeadlines;
use crate::patrol::api::patrol_summary;
use crate::patrol::types::PatrolNotices;
use crate::rental::api::{rental_summary, RentalNotices};
use crate::shell::frame::{AppShell, MeResource};
use crate::taxi::api::{taxi_summary, TaxiNotices};
use leptos::prelude::*;

#[component]
pub fn UrgentPage() -> impl IntoView {
    let rental = Resource::new(|| (), |_| rental_summary());
    let inquiries = Resource::new(|| (), |_| deadline_counts());
    let taxi = Resource::new(|| (), |_| taxi_summary());
    let patrol = Resource::new(|| (), |_| patrol_summary());
    view! {
        <AppShell title="Срочные службы">
            <div class="page-head">
                <div>
                    <h1>"Срочные службы"</h1>
                    <p class="muted">
                        "Сектор первичного приёма и срочных социальных услуг."
                    </p>
                </div>
            </div>
            <nav class="home-tiles" aria-label="Службы">
                <a class="home-tile card" href="/rental" data-testid="tile-rental">
                    <strong>"Пункт проката ТСР"</strong>
                    <span class="muted">
                        "коляски, ходунки, кровати: выдача, возврат, очередь"
                    </span>
                    <Suspense fallback=|| {
                        view! { <Loading /> }
                    }>
                        {move || Suspend::new(async move {
                            match rental.await {
                                Ok(n) => {
                                    view! {
                                        <span class="tile-figures">
                                            {(n.overdue > 0)
                                                .then(|| {
                                                    view! {
                                                        <span class="badge badge-danger" data-testid="rental-overdue">
                                                            {format!(
                                                                "просрочен возврат: {}",
                                                                n.overdue,
                                                            )}
                                                        </span>
                                                    }
                                                })}
                                            {(n.offers_mine > 0)
                                                .then(|| {
                                                    view! {
                                                        <span class="badge badge-ok">
                                                            {format!(
                                                                "вернулось для ваших очередников: {}",
                                                                n.offers_mine,
                                                            )}
                                                        </span>
                                                    }
                                                })}
                                        </span>
                                    }
                                        .into_any()
                                }
                                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                            }
                        })}
                    </Suspense>
                </a>
                <a class="home-tile card" href="/inquiries" data-testid="tile-inquiries">
                    <strong>"Межведомственные запросы"</strong>
                    <span class="muted">
                        "запросы в органы и ответы на них, сроки ответа"
                    </span>
                    <Suspense fallback=|| {
                        view! { <Loading /> }
                    }>
                        {move || Suspend::new(async move {
                            match inquiries.await {
                                Ok(n) => view! { <InquiryFigures n=n /> }.into_any(),
                                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                            }
                        })}
                    </Suspense>
                </a>
                <a class="home-tile card" href="/taxi" data-testid="tile-taxi">
                    <strong>"Социальное такси"</strong>
                    <span class="muted">
                        "поездки в больницу, МСЭ, МФЦ; расписание водителя"
                    </span>
                    <Suspense fallback=|| {
                        view! { <Loading /> }
                    }>
                        {move || Suspend::new(async move {
                            match taxi.await {
                                Ok(n) => view! { <TaxiFigures n=n /> }.into_any(),
                                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                            }
                        })}
                    </Suspense>
                </a>
                <a class="home-tile card" href="/patrol" data-testid="tile-patrol">
                    <strong>"Социальный патруль"</strong>
                    <span class="muted">
                        "рейды: маршрут, участники, встреченные семьи, протокол"
                    </span>
                    <Suspense fallback=|| {
                        view! { <Loading /> }
                    }>
                        {move || Suspend::new(async move {
                            match patrol.await {
                                Ok(n) => view! { <PatrolFigures n=n /> }.into_any(),
                                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                            }
                        })}
                    </Suspense>
                </a>
            </nav>
        </AppShell>
    }
}

/// The patrol's figure on its tile: the next planned raid.
#[component]
fn PatrolFigures(n: PatrolNotices) -> impl IntoView {
    view! {
        <span class="tile-figures">
            {match n.next_date {
                Some(d) => {
                    view! {
                        <span class="badge badge-open" data-testid="patrol-next">
                            {format!(
                                "следующий рейд: {}, {}",
                                crate::time::format_naive_date(d),
                                n.next_time,
                            )}
                        </span>
                    }
                        .into_any()
                }
                None => view! { <span class="badge">"рейдов не запланировано"</span> }.into_any(),
            }}
        </span>
    }
}

/// The taxi's figures on its tile: today's rides still to be driven, those not yet confirmed.
#[component]
fn TaxiFigures(n: TaxiNotices) -> impl IntoView {
    view! {
        <span class="tile-figures">
            <span class="badge" data-testid="taxi-today">
                {format!("сегодня поездок: {}", n.today)}
            </span>
            {(n.unconfirmed > 0)
                .then(|| {
                    view! {
                        <span class="badge badge-open" data-testid="taxi-unconfirmed">
                            {format!("ждут подтверждения: {}", n.unconfirmed)}
                        </span>
                    }
                })}
        </span>
    }
}

/// The requests' figures on their tile: answers overdue and due within two working days.
#[component]
fn InquiryFigures(n: InquiryDeadlines) -> impl IntoView {
    view! {
        <span class="tile-figures">
            {(n.overdue > 0)
                .then(|| {
                    view! {
                        <span class="badge badge-danger" data-testid="tile-inquiries-overdue">
                            {format!("просрочен ответ: {}", n.overdue)}
                        </span>
                    }
                })}
            {(n.due_soon > 0)
                .then(|| {
                    view! {
                        <span class="badge badge-open">
                            {format!("ответ в ближайшие дни: {}", n.due_soon)}
                        </span>
                    }
                })}
        </span>
    }
}

/// The urgent services' deadlines that concern the user, above her start page or the board:
/// aids past their return date (hers; for the head of the department, all) and come back for
/// her waiting list, requests whose answer is
/// overdue or due within two working days. Nothing when nothing is late or due.
/// `inquiries: false` leaves the requests out, where the page lists them itself (the
/// caseworker's start page has them among what needs her attention).
#[component]
pub fn UrgentDeadlines(#[prop(default = true)] inquiries: bool) -> impl IntoView {
    let me = expect_context::<MeResource>().0;
    let figures = Resource::new(
        || (),
        move |_| async move {
            let user = match me.await {
                Ok(Some(me)) => me.user,
                _ => return (RentalNotices::default(), InquiryDeadlines::default(), false),
            };
            let rental = if user.has_any(permissions::RENTAL) {
                rental_summary().await.unwrap_or_default()
            } else {
                RentalNotices::default()
            };
            let inquiries = if inquiries && user.has_any(permissions::INQUIRIES) {
                deadline_counts().await.unwrap_or_default()
            } else {
                InquiryDeadlines::default()
            };
            (rental, inquiries, user.has_any(permissions::SUPERVISE))
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let (rental, inquiries, head) = figures.await;
                let mut rental_lines = Vec::new();
                if head && rental.overdue > 0 {
                    rental_lines
                        .push(
                            format!(
                                "Просрочен возврат средств реабилитации: {}",
                                rental.overdue,
                            ),
                        );
                } else if !head && rental.overdue_mine > 0 {
                    rental_lines
                        .push(
                            format!(
                                "Просрочен возврат средств реабилитации у ваших получателей: {}",
                                rental.overdue_mine,
                            ),
                        );
                }
                if rental.offers_mine > 0 {
                    rental_lines
                        .push(
                            format!(
                                "Вернулось для ваших очередников пункта проката: {} — позвоните им",
                                rental.offers_mine,
                            ),
                        );
                }
                let mut inquiry_lines = Vec::new();
                if inquiries.overdue > 0 {
                    inquiry_lines
                        .push(
                            format!(
                                "Просрочен ответ на межведомственные запросы: {}",
                                inquiries.overdue,
                            ),
                        );
                }
                if inquiries.due_soon > 0 {
                    inquiry_lines
                        .push(
                            format!(
                                "Срок ответа по запросам — сегодня или в ближайшие два рабочих дня: {}",
                                inquiries.due_soon,
                            ),
                        );
                }
                (!rental_lines.is_empty())
                    .then(|| {
                        view! {
                            <div class="notice notice-warn" data-testid="rental-deadlines">
                                <span>{rental_lines.join(". ")}</span>
                                <a class="btn btn-secondary" href="/rental">
                                    "Пункт проката"
                                </a>
                            </div>
                        }
                    })
                    .into_iter()
                    .chain(
                        (!inquiry_lines.is_empty())
                            .then(|| {
                                view! {
                                    <div class="notice notice-warn" data-testid="inquiry-deadlines">
                                        <span>{inquiry_lines.join(". ")}</span>
                                        <a class="btn btn-secondary" href="/inquiries">
                                            "Запросы"
                                        </a>
                                    </div>
                                }
                            }),
                    )
                    .collect_view()
            })}
        </Suspense>
    }
}
