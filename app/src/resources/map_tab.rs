//! The map tab: the districts and the partners of the current filters on a map, and a side panel
//! with what is selected.

use super::filter_bar::FilterBar;
use super::map_panel::MapPanel;
use super::map_state::MapState;
use super::types::*;
use crate::components::fields::Toggle;
use crate::components::Loading;
use leptos::prelude::*;

#[component]
pub(crate) fn MapTab(lists: ResourceLists, filters: Memo<PartnerQuery>) -> impl IntoView {
    let can_edit = lists.can_edit;
    let state = MapState::new(lists, filters);
    let container = NodeRef::<leptos::html::Div>::new();
    // What depends on the loaded partners is drawn in the browser only, after hydration: the
    // server renders the frame, the browser fills it (the map is a browser thing anyway).
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    #[cfg(feature = "hydrate")]
    super::map_driver::drive_map(state, container);
    view! {
        <FilterBar lists=state.lists.get_value() filters=filters.get_untracked() tab="map" />
        <div class="map-layout">
            <div class="map-wrap">
                <div class="map-toolbar">
                    {can_edit
                        .then(|| {
                            view! {
                                <Toggle
                                    label="Перемещать отметки и добавлять партнёров на карте"
                                    value=state.editing
                                    testid="move-markers"
                                />
                            }
                        })}
                    <span class="muted">
                        {move || {
                            mounted
                                .get()
                                .then(|| {
                                    let list = state.shown.get();
                                    let placed = list.iter().filter(|p| p.lat.is_some()).count();
                                    format!("На карте: {placed} из {}", list.len())
                                })
                        }}
                    </span>
                </div>
                <div
                    class="resource-map"
                    node_ref=container
                    data-testid="resource-map"
                    aria-label="Карта участков и партнёров"
                ></div>
                <MapLegend />
            </div>
            <aside class="map-panel" aria-live="polite">
                <Show when=move || mounted.get() fallback=|| view! { <Loading /> }>
                    <MapPanel state=state />
                </Show>
            </aside>
        </div>
    }
}

/// The colours of the kinds of organisations.
#[component]
fn MapLegend() -> impl IntoView {
    view! {
        <ul class="map-legend" aria-label="Цвета видов организаций">
            {[
                PartnerKind::SocialProtection,
                PartnerKind::Health,
                PartnerKind::Education,
                PartnerKind::Culture,
                PartnerKind::Ngo,
                PartnerKind::MilitaryCommissariat,
                PartnerKind::Employment,
                PartnerKind::Business,
            ]
                .into_iter()
                .map(|k| {
                    view! {
                        <li>
                            <span class="dot" style=format!("background:{}", k.color())></span>
                            {k.label()}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
