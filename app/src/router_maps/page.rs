//! `/router-maps`: the two router maps as situations with their ways of solving them, and the
//! supervisors' editor: add, rename, archive and rearrange situations and steps (by dragging with
//! mouse or finger, or with the ↑ ↓ buttons from the keyboard), link steps to kinds of help and
//! kinds of partners. «Сохранить» makes a new version; routes already planned keep theirs.

use super::api::load_router_maps;
use super::editor::MapEditor;
use super::types::*;
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RouterMapsPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_router_maps());
    let query = use_query_map();
    let selected = Memo::new(move |_| query.with(|q| q.get("map").unwrap_or_else(|| "participant".into())));
    // Maps saved on this page since it loaded: a tab switch shows them, not the first copy.
    let saved_here = RwSignal::new(Vec::<RouterMap>::new());
    let on_saved = Callback::new(move |map: RouterMap| {
        saved_here.update(|all| {
            all.retain(|m| m.code != map.code);
            all.push(map);
        })
    });
    view! {
        <AppShell title="Карты-маршрутизаторы">
            <div class="page-head">
                <div>
                    <h1>"Карты-маршрутизаторы ТЖС"</h1>
                    <p class="muted">
                        "Трудные жизненные ситуации участников СВО и их семей, способы их решения и кто помогает. Из них строятся маршруты семей."
                    </p>
                </div>
            </div>
            <nav class="tabs" aria-label="Карты">
                {Audience::ALL
                    .iter()
                    .map(|a| {
                        let code = a.code();
                        view! {
                            <a
                                class="tab"
                                href=format!("/router-maps?map={code}")
                                aria-current=move || (selected.get() == code).then_some("page")
                            >
                                {a.label()}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            <Suspense fallback=|| {
                view! { <Loading label="Загрузка карт…" /> }
            }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => {
                            let code = selected.get();
                            let newer = saved_here.with_untracked(|all| all.iter().find(|m| m.code == code).cloned());
                            match newer.or_else(|| p.maps.iter().find(|m| m.code == code).cloned()) {
                                Some(map) => {
                                    view! {
                                        <MapEditor
                                            map=map
                                            help_kinds=p.help_kinds.clone()
                                            can_edit=p.can_edit
                                            on_saved
                                        />
                                    }
                                        .into_any()
                                }
                                None => {
                                    view! { <p class="notice notice-warn">"Такой карты нет."</p> }
                                        .into_any()
                                }
                            }
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}
