//! «Срочные службы» (`/urgent`): the services of the sector of primary intake and urgent
//! services beside the dispatch desk (seed 000 §3.1.2) on one start page, each with what is
//! late. Put together from the features, as `routes.rs` does for the case page.

use crate::components::{ErrorNotice, Loading};
use crate::rental::api::rental_summary;
use crate::shell::frame::AppShell;
use leptos::prelude::*;

#[component]
pub fn UrgentPage() -> impl IntoView {
    let rental = Resource::new(|| (), |_| rental_summary());
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
            </nav>
        </AppShell>
    }
}
