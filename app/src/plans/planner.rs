//! The route planner: the router maps on one side, the family's situations highlighted and
//! first; the family's route on the other. Steps go into the route by dragging (mouse or finger,
//! from the handle ⠿) or with «В маршрут» from the keyboard; the route is reordered by dragging
//! or with ↑ ↓, and steps leave it with ✕ or by being dragged back onto the map. Each activity
//! gets a partner (those of the family's district who give its kind of help first), a
//! responsible specialist and a deadline in working days, computed from the place in the route
//! and editable.

use super::map_column::MapColumn;
use super::own_activity::OwnActivity;
use super::route_drop::apply_drop;
use super::route_item::RouteItem;
use super::state::RouteState;
use super::types::*;
use crate::components::browser_only::BrowserOnly;
use crate::components::drag::Dragger;
use crate::components::fields::{CompactInput, FieldValue};
use leptos::prelude::*;
use std::collections::HashMap;

#[component]
pub fn Planner(state: RouteState) -> impl IntoView {
    let dragger = BrowserOnly::<Dragger>::new();
    let notice = RwSignal::new(None::<String>);
    let maps = state.details.with_value(|d| d.maps.clone());
    let maps = StoredValue::new(maps);
    let editable = state.editable;
    let svo = state.details.with_value(|d| d.plan_kind == PlanKind::Svo);
    let cache = StoredValue::new(HashMap::<String, Vec<PartnerOption>>::new());
    view! {
        <div
            class="planner"
            on:pointerdown=move |ev| {
                if editable {
                    dragger.with(|d| d.down(&ev));
                }
            }
            on:pointermove=move |ev| {
                dragger.with(|d| d.moved(&ev));
            }
            on:pointerup=move |ev| {
                if let Some(dropped) = dragger.with(|d| d.up(&ev)).flatten() {
                    let mut message = None;
                    state
                        .edit(|c| {
                            message = maps
                                .with_value(|m| apply_drop(&mut c.plan, m, &dropped.item, &dropped.zone, dropped.index))
                        });
                    notice.set(message);
                }
            }
            on:pointercancel=move |_| {
                dragger.with(|d| d.cancel());
            }
        >
            <section class="planner-map card" data-drop-zone="map" aria-label="Карта-маршрутизатор">
                <h2>
                    {if svo {
                        "Карта-маршрутизатор"
                    } else {
                        "Типовые мероприятия"
                    }}
                </h2>
                <p class="muted">
                    "Ситуации семьи из диагностической карты выделены и стоят первыми. Перетащите шаг за ручку ⠿ в маршрут или нажмите «В маршрут»."
                </p>
                {maps.get_value().into_iter().map(|map| view! { <MapColumn map=map state notice /> }).collect_view()}
            </section>
            <section class="planner-route card" data-drop-zone="route" aria-label="Мероприятия плана">
                <h2>{if svo { "Маршрут семьи" } else { "Мероприятия плана" }}</h2>
                <p class="muted">
                    "Отпустите шаг над карточкой маршрута — он встанет в конец, над шагом маршрута — перед ним или после него."
                </p>
                <div class="form-row">
                    <CompactInput
                        label="Сроки считаются от"
                        name="start_on"
                        kind="date"
                        lazy=true
                        value=FieldValue::new(
                            move || state.content.with(|c| c.plan.start_on.clone()),
                            move |v| state.edit(|c| c.plan.start_on = v),
                        )
                        disabled=!editable
                    />
                </div>
                <p class="sr-status" role="status" aria-live="polite">
                    {move || notice.get()}
                </p>
                <ol class="route-list" data-drop-zone="route" data-testid="route">
                    <For
                        each=move || {
                            state.content.with(|c| c.plan.activities.iter().map(|a| a.key.clone()).collect::<Vec<_>>())
                        }
                        key=|k| k.clone()
                        children=move |key: String| view! { <RouteItem key=key state notice cache /> }
                    />
                    <Show when=move || state.content.with(|c| c.plan.activities.is_empty())>
                        <li class="route-empty">
                            "Мероприятий нет. Перетащите сюда шаги из перечня слева или нажмите «В маршрут»."
                        </li>
                    </Show>
                </ol>
                <Show when=move || editable>
                    <OwnActivity state notice />
                </Show>
                <p class="muted route-total">
                    {move || {
                        state
                            .content
                            .with(|c| {
                                let (p, _) = progress_of(&c.plan);
                                let last = c
                                    .plan
                                    .activities
                                    .iter()
                                    .filter_map(|a| crate::time::parse_date(&a.deadline))
                                    .max();
                                format!(
                                    "Шагов: {} · выполнено {} · последний срок {}",
                                    p.total,
                                    p.done,
                                    last.map(crate::time::format_naive_date).unwrap_or_else(|| "—".into()),
                                )
                            })
                    }}
                </p>
            </section>
        </div>
    }
}
