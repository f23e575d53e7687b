//! «Открыть случай» from the registry (`/elders/:id/case`): the new-case form filled from the
//! person's card; once the case is created it is linked to the card and opened.

use super::api::{blank_case_for, link_case};
use crate::cases::new_case::{CaseOrigin, NewCaseForm};
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn OpenCasePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let blank = Resource::new(move || id.get(), blank_case_for);
    let link_failed = RwSignal::new(None::<(String, crate::error::AppError)>);
    let navigate = use_navigate();
    // The case exists once `created` runs: the link is tried, and the case opens either way (a
    // failed link is said on the case's way out, the card can be linked by the case's number).
    let created = Callback::new(move |case_id: String| {
        let elder = id.get_untracked();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match link_case(elder, case_id.clone()).await {
                Ok(()) => navigate(&format!("/cases/{case_id}"), Default::default()),
                Err(e) => link_failed.set(Some((case_id, e))),
            }
        });
    });
    view! {
        <AppShell title="Открыть случай из реестра 55+">
            {move || {
                link_failed
                    .get()
                    .map(|(case_id, e)| {
                        view! {
                            <div class="notice notice-warn" role="alert">
                                <strong>
                                    "Случай открыт, но не связан с карточкой. "
                                </strong>
                                {e.to_string()}
                                " "
                                <a href=format!("/cases/{case_id}")>"Перейти к случаю"</a>
                            </div>
                        }
                    })
            }}
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match blank.await {
                        Ok(new) => {
                            let elder = id.get_untracked();
                            let origin = CaseOrigin {
                                back: format!("/elders/{elder}"),
                                label: format!("Из реестра 55+: {}", new.form.title),
                                draft: format!("elder.{elder}"),
                            };
                            view! { <NewCaseForm new=new origin=origin created=created /> }.into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}
