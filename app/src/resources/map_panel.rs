//! The side panel of the map tab: the message of the last change on the map, and what is
//! selected — a partner, a district, a new point, or the list of partners when nothing is.

use super::map_cards::{DistrictSummary, PartnerSummaryCard};
use super::map_state::{MapState, Selection};
use crate::components::{ErrorNotice, Loading};
use leptos::prelude::*;

#[component]
pub(crate) fn MapPanel(state: MapState) -> impl IntoView {
    let MapState { lists, shown, selected, boundary, notice, .. } = state;
    let help_kinds = StoredValue::new(lists.with_value(|l| l.help_kinds.clone()));
    let districts = StoredValue::new(lists.with_value(|l| l.districts.clone()));
    let can_edit_boundaries = lists.with_value(|l| l.can_edit_boundaries);
    view! {
        {move || {
            notice
                .get()
                .map(|n| match n {
                    Ok(m) => {
                        view! {
                            <div class="notice notice-success" role="status" data-testid="map-notice">
                                {m}
                            </div>
                        }
                            .into_any()
                    }
                    Err(m) => {
                        view! {
                            <div class="notice notice-error" role="alert" data-testid="map-notice">
                                {m}
                            </div>
                        }
                            .into_any()
                    }
                })
        }}
        {move || match selected.get() {
            Selection::Partner(id) => {
                match shown.get().into_iter().find(|p| p.id == id) {
                    Some(p) => {
                        view! {
                            <PartnerSummaryCard
                                partner=p
                                help_kinds=help_kinds.get_value()
                                districts=districts.get_value()
                            />
                        }
                            .into_any()
                    }
                    None => ().into_any(),
                }
            }
            Selection::District(id) => {
                let district = districts.with_value(|d| d.iter().find(|d| d.id == id).cloned());
                let count = shown
                    .with(|list| list.iter().filter(|p| p.districts.is_empty() || p.districts.contains(&id)).count());
                match district {
                    Some(d) => {
                        view! {
                            <DistrictSummary
                                district=d
                                partners=count
                                can_edit_boundary=can_edit_boundaries
                                boundary=boundary
                            />
                        }
                            .into_any()
                    }
                    None => ().into_any(),
                }
            }
            Selection::Point(lat, lon) => view! { <NewPoint lat=lat lon=lon /> }.into_any(),
            Selection::Nothing => view! { <PartnerPicker state=state /> }.into_any(),
        }}
    }
}

/// A point clicked on the map while editing: a partner can be added there.
#[component]
fn NewPoint(lat: f64, lon: f64) -> impl IntoView {
    view! {
        <section class="panel-card">
            <h2>"Новая точка"</h2>
            <p>{format!("{lat:.6}, {lon:.6}")}</p>
            <a class="btn btn-primary" href=format!("/resources/partners/new?lat={lat:.6}&lon={lon:.6}")>
                "Добавить партнёра здесь"
            </a>
        </section>
    }
}

/// The partners of the filters, to pick one on the map.
#[component]
fn PartnerPicker(state: MapState) -> impl IntoView {
    let MapState { partners, selected, .. } = state;
    view! {
        <section class="panel-card">
            <h2>"Партнёры"</h2>
            <p class="muted">
                "Нажмите на участок — откроется его паспорт; на отметку — карточка партнёра."
            </p>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match partners.await {
                        Ok(list) if list.partners.is_empty() => {
                            view! {
                                <p class="empty">
                                    "По этим условиям партнёров нет. Измените фильтры."
                                </p>
                            }
                                .into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ul class="panel-list">
                                    {list
                                        .partners
                                        .into_iter()
                                        .take(60)
                                        .map(|p| {
                                            let id = p.id.clone();
                                            view! {
                                                <li>
                                                    <button
                                                        class="link-button"
                                                        on:click=move |_| selected.set(Selection::Partner(id.clone()))
                                                    >
                                                        <span
                                                            class="dot"
                                                            style=format!("background:{}", p.kind.color())
                                                        ></span>
                                                        {p.name.clone()}
                                                    </button>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
