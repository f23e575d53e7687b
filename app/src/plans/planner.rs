//! The route planner: the router maps on one side, the family's situations highlighted and
//! first; the family's route on the other. Steps go into the route by dragging (mouse or finger,
//! from the handle ⠿) or with «В маршрут» from the keyboard; the route is reordered by dragging
//! or with ↑ ↓, and steps leave it with ✕ or by being dragged back onto the map. Each activity
//! gets a partner (those of the family's district who give its kind of help first), a
//! responsible specialist and a deadline in working days, computed from the place in the route
//! and editable.

use super::api::route_partners;
use super::state::RouteState;
use super::types::*;
use crate::components::browser_only::BrowserOnly;
use crate::components::drag::{move_within, Dragger};
use crate::resources::types::PartnerKind;
use crate::router_maps::types::{RouterMap, Situation, Step};
use leptos::prelude::*;
use std::collections::HashMap;

/// Puts a step of a map into the route at `at` (none: at the end).
pub fn add_step(plan: &mut Plan, map: &RouterMap, step_id: &str, at: Option<usize>) -> Option<String> {
    let (situation, step) = map.step(step_id)?;
    let activity = Activity::from_step(map, &situation.title, step, new_key(plan, step_id));
    let title = activity.title.clone();
    let at = at.unwrap_or(plan.activities.len()).min(plan.activities.len());
    plan.activities.insert(at, activity);
    Some(format!("«{title}» — {}-й шаг маршрута", at + 1))
}

/// Applies a drop on the planner.
fn apply_drop(plan: &mut Plan, maps: &[RouterMap], item: &str, zone: &str, index: Option<usize>) -> Option<String> {
    if let Some(rest) = item.strip_prefix("m:") {
        if zone != "route" {
            return None;
        }
        let (code, step) = rest.split_once(':')?;
        let map = maps.iter().find(|m| m.code == code)?;
        return add_step(plan, map, step, index);
    }
    let key = item.strip_prefix("r:")?;
    let from = plan.activities.iter().position(|a| a.key == key)?;
    match zone {
        "route" => {
            let end = plan.activities.len();
            let at = move_within(&mut plan.activities, from, index.unwrap_or(end));
            Some(format!("«{}» — теперь {}-й шаг маршрута", plan.activities[at].title, at + 1))
        }
        "map" => {
            let removed = plan.activities.remove(from);
            Some(format!("«{}» убран из маршрута", removed.title))
        }
        _ => None,
    }
}

#[component]
pub fn Planner(state: RouteState) -> impl IntoView {
    let dragger = BrowserOnly::<Dragger>::new();
    let notice = RwSignal::new(None::<String>);
    let maps = state.details.with_value(|d| d.maps.clone());
    let maps = StoredValue::new(maps);
    let editable = state.editable;
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
                <h2>"Карта-маршрутизатор"</h2>
                <p class="muted">
                    "Ситуации семьи из диагностической карты выделены и стоят первыми. Перетащите шаг за ручку ⠿ в маршрут или нажмите «В маршрут»."
                </p>
                {maps.get_value().into_iter().map(|map| view! { <MapColumn map=map state notice /> }).collect_view()}
            </section>
            <section class="planner-route card" data-drop-zone="route" aria-label="Маршрут семьи">
                <h2>"Маршрут семьи"</h2>
                <p class="muted">
                    "Отпустите шаг над карточкой маршрута — он встанет в конец, над шагом маршрута — перед ним или после него."
                </p>
                <div class="form-row">
                    <label class="field">
                        <span>"Сроки считаются от"</span>
                        <input
                            type="date"
                            name="start_on"
                            disabled=!editable
                            prop:value=move || state.content.with(|c| c.plan.start_on.clone())
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                state.edit(|c| c.plan.start_on = v)
                            }
                        />
                    </label>
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
                            "Маршрут пуст. Перетащите сюда шаги из карты слева или нажмите «В маршрут»."
                        </li>
                    </Show>
                </ol>
                <p class="muted route-total">
                    {move || {
                        state
                            .content
                            .with(|c| {
                                let p = progress_of(&c.plan);
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

#[component]
fn MapColumn(map: RouterMap, state: RouteState, notice: RwSignal<Option<String>>) -> impl IntoView {
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

#[component]
fn RouteItem(
    key: String,
    state: RouteState,
    notice: RwSignal<Option<String>>,
    cache: StoredValue<HashMap<String, Vec<PartnerOption>>>,
) -> impl IntoView {
    let key = StoredValue::new(key);
    let (index, activity) = state.activity(key);
    let update = move |f: Box<dyn FnOnce(&mut Activity)>| state.edit_activity(key, f);
    let shift = move |delta: isize| {
        let mut message = None;
        state.edit(|c| {
            if let Some(i) = c.plan.activities.iter().position(|a| a.key == key.get_value()) {
                let j = i as isize + delta;
                if j >= 0 && (j as usize) < c.plan.activities.len() {
                    c.plan.activities.swap(i, j as usize);
                    message =
                        Some(format!("«{}» — теперь {}-й шаг маршрута", c.plan.activities[j as usize].title, j + 1));
                }
            }
        });
        notice.set(message);
    };
    let remove = move |_| {
        let mut message = None;
        state.edit(|c| {
            if let Some(i) = c.plan.activities.iter().position(|a| a.key == key.get_value()) {
                let removed = c.plan.activities.remove(i);
                message = Some(format!("«{}» убран из маршрута", removed.title));
            }
        });
        notice.set(message);
    };
    // Partners for this kind of help, fetched once per kind on this page.
    let options = RwSignal::new(None::<Vec<PartnerOption>>);
    let case_id = state.details.with_value(|d| d.case_id.clone());
    Effect::new(move |_| {
        let (help, kind) = activity.with(|a| (a.help_kind.clone(), a.partner_kind.clone()));
        let cache_key = format!("{help}/{}", kind.clone().unwrap_or_default());
        if let Some(found) = cache.with_value(|c| c.get(&cache_key).cloned()) {
            options.set(Some(found));
            return;
        }
        let case_id = case_id.clone();
        leptos::task::spawn_local(async move {
            let found = route_partners(case_id, help, kind).await.unwrap_or_default();
            cache.update_value(|c| {
                c.insert(cache_key, found.clone());
            });
            options.set(Some(found));
        });
    });
    let specialists = state.details.with_value(|d| d.specialists.clone());
    let names = StoredValue::new(specialists.iter().map(|s| (s.id.clone(), s.full_name.clone())).collect::<Vec<_>>());
    let editable = state.editable;
    let error = move |field: &str| {
        let field = field.to_string();
        move || {
            index
                .get()
                .and_then(|i| state.errors.with(|e| e.get(&format!("activities.{i}.{field}")).map(str::to_string)))
        }
    };
    view! {
        <li
            class="route-item"
            data-drag=editable.then(|| format!("r:{}", key.get_value()))
            data-drop-index=move || index.get().map(|i| i.to_string())
            data-key=key.get_value()
        >
            <div class="route-item-head">
                {editable
                    .then(|| {
                        view! {
                            <span class="drag-handle" aria-hidden="true" title="Перетащить">
                                "⠿"
                            </span>
                        }
                    })} <span class="route-n">{move || index.get().map(|i| i + 1)}</span> <div class="route-item-title">
                    <strong>{move || activity.with(|a| a.title.clone())}</strong>
                    <span class="muted">{move || activity.with(|a| a.situation.clone())}</span>
                </div>
                {editable
                    .then(|| {
                        view! {
                            <div class="route-item-tools">
                                <button
                                    class="btn btn-small btn-ghost"
                                    on:click=move |_| shift(-1)
                                    aria-label="Выше"
                                >
                                    "↑"
                                </button>
                                <button
                                    class="btn btn-small btn-ghost"
                                    on:click=move |_| shift(1)
                                    aria-label="Ниже"
                                >
                                    "↓"
                                </button>
                                <button
                                    class="btn btn-small btn-ghost"
                                    on:click=remove
                                    aria-label="Убрать из маршрута"
                                >
                                    "✕"
                                </button>
                            </div>
                        }
                    })}
            </div>
            <div class="route-item-fields">
                <label class="field">
                    <span>"Срок"</span>
                    <input
                        type="date"
                        name="deadline"
                        disabled=!editable
                        prop:value=move || activity.with(|a| a.deadline.clone())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            update(
                                Box::new(move |a| {
                                    a.deadline_fixed = !v.is_empty();
                                    a.deadline = v;
                                }),
                            )
                        }
                    />
                    <small class="muted">
                        {move || {
                            activity
                                .with(|a| {
                                    if a.deadline_fixed {
                                        "задан вручную".to_string()
                                    } else {
                                        format!(
                                            "{} после предыдущего",
                                            crate::calendar::working_days_phrase(i64::from(a.duration_days)),
                                        )
                                    }
                                })
                        }}
                        {move || {
                            (editable && activity.with(|a| a.deadline_fixed))
                                .then(|| {
                                    view! {
                                        " · "
                                        <button
                                            type="button"
                                            class="linklike"
                                            on:click=move |_| update(Box::new(|a| a.deadline_fixed = false))
                                        >
                                            "вычислить"
                                        </button>
                                    }
                                })
                        }}
                    </small>
                    <p class="field-error">{error("deadline")}</p>
                </label>
                <label class="field">
                    <span>"Партнёр (где)"</span>
                    <select
                        name="partner"
                        disabled=!editable
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let name = options
                                .with_untracked(|o| {
                                    o.as_ref().and_then(|o| o.iter().find(|p| p.id == v)).map(|p| p.name.clone())
                                });
                            update(
                                Box::new(move |a| {
                                    a.partner_id = (!v.is_empty()).then_some(v);
                                    a.partner_name = name.unwrap_or_default();
                                }),
                            )
                        }
                    >
                        <option value="" selected=move || activity.with(|a| a.partner_id.is_none())>
                            "— не выбран —"
                        </option>
                        {move || {
                            let chosen = activity.with(|a| (a.partner_id.clone(), a.partner_name.clone()));
                            let list = options.get().unwrap_or_default();
                            let missing = chosen
                                .0
                                .as_ref()
                                .filter(|id| !list.iter().any(|p| &p.id == *id))
                                .map(|id| {
                                    view! {
                                        <option value=id.clone() selected=true>
                                            {chosen.1.clone()}
                                        </option>
                                    }
                                });
                            let near: Vec<_> = list.iter().filter(|p| p.near).cloned().collect();
                            let far: Vec<_> = list.iter().filter(|p| !p.near).cloned().collect();
                            let group = |label: &'static str, items: Vec<PartnerOption>| {
                                (!items.is_empty())
                                    .then(|| {
                                        let chosen = chosen.0.clone();
                                        view! {
                                            <optgroup label=label>
                                                {items
                                                    .into_iter()
                                                    .map(|p| {
                                                        let selected = chosen.as_deref() == Some(p.id.as_str());
                                                        view! {
                                                            <option value=p.id.clone() selected=selected>
                                                                {format!("{} — {}", p.name, p.address)}
                                                            </option>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </optgroup>
                                        }
                                    })
                            };
                            view! {
                                {missing}
                                {group("На участке семьи и по всему городу", near)}
                                {group("Другие участки", far)}
                            }
                        }}
                    </select>
                    <small class="muted">
                        {move || match options.get() {
                            None => "Подбираем партнёров…".to_string(),
                            Some(list) if list.is_empty() => {
                                "В карте ресурсов нет партнёров с таким видом помощи"
                                    .to_string()
                            }
                            Some(list) => {
                                format!(
                                    "Подходит: {}, на участке семьи: {}",
                                    list.len(),
                                    list.iter().filter(|p| p.near).count(),
                                )
                            }
                        }}
                    </small>
                    <p class="field-error">{error("partner_id")}</p>
                </label>
                <label class="field">
                    <span>"Ответственный"</span>
                    <select
                        name="responsible"
                        disabled=!editable
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let name = names
                                .with_value(|n| n.iter().find(|(id, _)| *id == v).map(|(_, name)| name.clone()));
                            update(
                                Box::new(move |a| {
                                    a.responsible_id = (!v.is_empty()).then_some(v);
                                    a.responsible_name = name.unwrap_or_default();
                                }),
                            )
                        }
                    >
                        <option value="" selected=move || activity.with(|a| a.responsible_id.is_none())>
                            "— не назначен —"
                        </option>
                        {specialists
                            .into_iter()
                            .map(|s| {
                                let id = s.id.clone();
                                view! {
                                    <option
                                        value=s.id.clone()
                                        selected=move || {
                                            activity.with(|a| a.responsible_id.as_deref() == Some(id.as_str()))
                                        }
                                    >
                                        {format!("{} ({})", s.full_name, s.role.to_lowercase())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p class="field-error">{error("responsible_id")}</p>
                </label>
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::router_maps::types::{Audience, MapContent};

    fn map() -> RouterMap {
        let step = |id: &str| Step {
            id: id.into(),
            title: id.to_uppercase(),
            duration_days: 2,
            help_kind: "legal".into(),
            ..Default::default()
        };
        RouterMap {
            code: "participant".into(),
            audience: Audience::Participant,
            content: MapContent {
                title: "К".into(),
                situations: vec![Situation {
                    id: "p-a".into(),
                    title: "Ситуация".into(),
                    steps: vec![step("p-a-1"), step("p-a-2"), step("p-a-3")],
                    ..Default::default()
                }],
            },
            version: 4,
            updated_at: chrono::Utc::now(),
            updated_by_name: String::new(),
        }
    }

    #[test]
    fn steps_dropped_into_the_route_keep_the_map_version_and_their_place() {
        let maps = vec![map()];
        let mut plan = Plan::default();
        apply_drop(&mut plan, &maps, "m:participant:p-a-1", "route", None).unwrap();
        apply_drop(&mut plan, &maps, "m:participant:p-a-2", "route", Some(0)).unwrap();
        apply_drop(&mut plan, &maps, "m:participant:p-a-3", "route", Some(1)).unwrap();
        let order: Vec<_> = plan.activities.iter().map(|a| a.step.as_str()).collect();
        assert_eq!(order, ["p-a-2", "p-a-3", "p-a-1"]);
        assert!(plan.activities.iter().all(|a| a.map_version == 4 && a.situation == "Ситуация"));
        // Reordered by dragging: the first goes last.
        let first = plan.activities[0].key.clone();
        apply_drop(&mut plan, &maps, &format!("r:{first}"), "route", Some(3)).unwrap();
        assert_eq!(plan.activities[2].step, "p-a-2");
        // Dragged back onto the map: out of the route.
        apply_drop(&mut plan, &maps, &format!("r:{first}"), "map", None).unwrap();
        assert_eq!(plan.activities.len(), 2);
        // A step dropped anywhere but the route does nothing.
        assert!(apply_drop(&mut plan, &maps, "m:participant:p-a-1", "map", None).is_none());
    }
}
