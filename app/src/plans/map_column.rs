//! The router maps on the planner: the family's situations highlighted and first, each step
//! with the way into the route.

use super::route_drop::add_step;
use super::state::RouteState;
use crate::resources::types::PartnerKind;
use crate::router_maps::types::{RouterMap, Situation, Step};
use leptos::prelude::*;

#[component]
pub(crate) fn MapColumn(map: RouterMap, state: RouteState, notice: RwSignal<Option<String>>) -> impl IntoView {
    let code = map.code.clone();
    let mut situations: Vec<Situation> = map.content.situations.iter().filter(|s| !s.archived).cloned().collect();
    let found = |s: &Situation| state.content.with_untracked(|c| c.diagnostic.finding(&code, &s.id).is_some());
    // The family's situations first, each group in the map's order.
    situations.sort_by_key(|s| !found(s));
    let map = StoredValue::new(map);
    view! {
        <h3 class="planner-map-title">{map.with_value(|m| m.content.title.clone())}</h3>
        {situations
            .into_iter()
            .map(|s| {
                let sid = s.id.clone();
                let code = map.with_value(|m| m.code.clone());
                let finding = move || state.content.with(|c| c.diagnostic.finding(&code, &sid).cloned());
                let finding_for_class = finding.clone();
                view! {
                    <div
                        class="planner-situation"
                        class:found=move || finding_for_class().is_some()
                        data-situation=s.id.clone()
                    >
                        <h4>{s.title.clone()}</h4>
                        {move || {
                            finding()
                                .map(|f| {
                                    view! {
                                        <p class="planner-finding">
                                            <strong>{f.member}</strong>
                                            {(!f.note.is_empty()).then(|| format!(": {}", f.note))}
                                        </p>
                                    }
                                })
                        }}
                        <ul class="planner-steps">
                            {s
                                .steps
                                .iter()
                                .filter(|st| !st.archived)
                                .cloned()
                                .map(|step| view! { <MapStep map step state notice /> })
                                .collect_view()}
                        </ul>
                    </div>
                }
            })
            .collect_view()}
    }
}

#[component]
fn MapStep(
    map: StoredValue<RouterMap>,
    step: Step,
    state: RouteState,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let code = map.with_value(|m| m.code.clone());
    let step_id = StoredValue::new(step.id.clone());
    let code_for_in = code.clone();
    let in_route = move || {
        state.content.with(|c| c.plan.activities.iter().any(|a| a.map == code_for_in && a.step == step_id.get_value()))
    };
    let in_route_for_class = in_route.clone();
    let help = state.details.with_value(|d| {
        d.help_kinds.iter().find(|k| k.code == step.help_kind).map(|k| k.label.clone()).unwrap_or_default()
    });
    let partner = step.partner_kind.as_deref().and_then(PartnerKind::from_code).map(|k| k.label()).unwrap_or("Отдел");
    let add = move |_| {
        let mut message = None;
        state.edit(|c| message = map.with_value(|m| add_step(&mut c.plan, m, &step_id.get_value(), None)));
        notice.set(message);
    };
    view! {
        <li
            class="planner-step"
            class:in-route=in_route_for_class
            data-drag=state.editable.then(|| format!("m:{code}:{}", step.id))
            data-step=step.id.clone()
        >
            {state
                .editable
                .then(|| {
                    view! {
                        <span class="drag-handle" aria-hidden="true" title="Перетащить в маршрут">
                            "⠿"
                        </span>
                    }
                })}
            <div class="planner-step-main">
                <span class="planner-step-title">{step.title.clone()}</span>
                <span class="muted planner-step-meta">
                    {format!(
                        "{} · {} · {}",
                        help,
                        partner,
                        crate::calendar::working_days_phrase(i64::from(step.duration_days)),
                    )}
                </span>
            </div>
            {state
                .editable
                .then(|| {
                    view! {
                        <button
                            class="btn btn-small btn-secondary"
                            on:click=add
                            aria-label=format!("В маршрут: {}", step.title)
                        >
                            {move || if in_route() { "Ещё раз" } else { "В маршрут" }}
                        </button>
                    }
                })}
        </li>
    }
}
