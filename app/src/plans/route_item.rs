//! One activity of the family's route on the planner: its place in the route, the partner where
//! it takes place, the responsible specialist and the deadline.

use super::api::route_partners;
use super::state::RouteState;
use super::types::*;
use crate::components::fields::{CompactInput, CompactSelect, FieldValue};
use leptos::prelude::*;
use std::collections::HashMap;

/// A step that lends a rehabilitation aid from the rental point («ТСР во временное пользование из
/// пункта проката»): the step offers the rental point's loan form for the case.
fn lends_an_aid(title: &str) -> bool {
    let title = title.to_lowercase();
    title.contains("пункт") && title.contains("прокат")
}

#[component]
pub(crate) fn RouteItem(
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
    let specialists = state.details.with_value(|d| {
        d.specialists.iter().map(|s| (s.id.clone(), format!("{} ({})", s.full_name, s.role.to_lowercase()))).collect()
    });
    let names = StoredValue::new(
        state
            .details
            .with_value(|d| d.specialists.iter().map(|s| (s.id.clone(), s.full_name.clone())).collect::<Vec<_>>()),
    );
    let responsible = FieldValue::new(
        move || activity.with(|a| a.responsible_id.clone().unwrap_or_default()),
        move |v: String| {
            let name = names.with_value(|n| n.iter().find(|(id, _)| *id == v).map(|(_, name)| name.clone()));
            update(Box::new(move |a| {
                a.responsible_id = (!v.is_empty()).then_some(v);
                a.responsible_name = name.unwrap_or_default();
            }))
        },
    );
    let deadline = FieldValue::new(
        move || activity.with(|a| a.deadline.clone()),
        move |v: String| {
            update(Box::new(move |a| {
                a.deadline_fixed = !v.is_empty();
                a.deadline = v;
            }))
        },
    );
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
                    {move || {
                        activity
                            .with(|a| lends_an_aid(&a.title))
                            .then(|| {
                                let case = state.details.with_value(|d| d.case_id.clone());
                                view! {
                                    <a class="route-rental" href=format!("/rental/issue?case={case}")>
                                        "Выдать из пункта проката"
                                    </a>
                                }
                            })
                    }}
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
                <CompactInput
                    label="Срок"
                    name="deadline"
                    kind="date"
                    lazy=true
                    value=deadline
                    error=Signal::derive(error("deadline"))
                    disabled=!editable
                >
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
                </CompactInput>
                <PartnerChoice
                    activity=activity
                    update=update
                    options=options
                    error=Signal::derive(error("partner_id"))
                    editable=editable
                />
                <CompactSelect
                    label="Ответственный"
                    name="responsible"
                    value=responsible
                    options=Signal::stored(specialists)
                    empty_label="— не назначен —"
                    error=Signal::derive(error("responsible_id"))
                    disabled=!editable
                />
            </div>
        </li>
    }
}

/// Where the activity takes place: the partners of its kind of help, those of the family's
/// district (and of the whole town) first; a partner chosen before and no longer offered stays.
#[component]
fn PartnerChoice(
    activity: Memo<Activity>,
    update: impl Fn(Box<dyn FnOnce(&mut Activity)>) + Copy + Send + Sync + 'static,
    options: RwSignal<Option<Vec<PartnerOption>>>,
    error: Signal<Option<String>>,
    editable: bool,
) -> impl IntoView {
    view! {
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
            <p class="field-error">{move || error.get()}</p>
        </label>
    }
}
