//! `/router-maps`: the two router maps as situations with their ways of solving them, and the
//! supervisors' editor: add, rename, archive and rearrange situations and steps (by dragging with
//! mouse or finger, or with the ↑ ↓ buttons from the keyboard), link steps to kinds of help and
//! kinds of partners. «Сохранить» makes a new version; routes already planned keep theirs.

use super::api::*;
use super::types::*;
use crate::components::browser_only::BrowserOnly;
use crate::components::drag::{move_within, Dragger};
use crate::components::{ErrorNotice, Loading};
use crate::resources::labels::help_label;
use crate::resources::types::{HelpKind, PartnerKind};
use crate::shell::frame::AppShell;
use crate::time::format_datetime;
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

fn partner_label(code: &Option<String>) -> String {
    code.as_deref().and_then(PartnerKind::from_code).map(|k| k.label().to_string()).unwrap_or_else(|| "Отдел".into())
}

/// Where a step is: (situation index, step index).
fn find_step(content: &MapContent, id: &str) -> Option<(usize, usize)> {
    content.situations.iter().enumerate().find_map(|(i, s)| s.steps.iter().position(|st| st.id == id).map(|j| (i, j)))
}

fn find_situation(content: &MapContent, id: &str) -> Option<usize> {
    content.situations.iter().position(|s| s.id == id)
}

/// Applies a drop: a step into a situation's list (or onto a situation: at its end), a
/// situation among the situations.
fn apply_drop(
    content: &mut MapContent,
    item: &str,
    zone: &str,
    index: Option<usize>,
    on: Option<usize>,
) -> Option<String> {
    if let Some(step) = item.strip_prefix("t:") {
        let (si, sj) = find_step(content, step)?;
        let (target, place) = if let Some(sid) = zone.strip_prefix("steps:") {
            (find_situation(content, sid)?, index)
        } else if zone == "situations" {
            (on.filter(|i| *i < content.situations.len())?, None)
        } else {
            return None;
        };
        if target == si {
            let len = content.situations[si].steps.len();
            move_within(&mut content.situations[si].steps, sj, place.unwrap_or(len));
        } else {
            let moved = content.situations[si].steps.remove(sj);
            let steps = &mut content.situations[target].steps;
            let at = place.unwrap_or(steps.len()).min(steps.len());
            steps.insert(at, moved);
        }
        return Some(format!("Шаг перенесён в ситуацию «{}»", content.situations[target].title));
    }
    if let Some(sid) = item.strip_prefix("s:") {
        let from = find_situation(content, sid)?;
        let to = if zone == "situations" { index? } else { find_situation(content, zone.strip_prefix("steps:")?)? };
        let at = move_within(&mut content.situations, from, to);
        return Some(format!("Ситуация теперь {}-я в карте", at + 1));
    }
    None
}

#[component]
fn MapEditor(
    map: RouterMap,
    help_kinds: Vec<HelpKind>,
    can_edit: bool,
    on_saved: Callback<RouterMap>,
) -> impl IntoView {
    let code = StoredValue::new(map.code.clone());
    let saved = RwSignal::new(map.clone());
    let draft = RwSignal::new(map.content.clone());
    let editing = RwSignal::new(false);
    let open_item = RwSignal::new(None::<String>);
    let problems = RwSignal::new(Vec::<String>::new());
    let notice = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let kinds = StoredValue::new(help_kinds);
    let dragger = BrowserOnly::<Dragger>::new();
    let history = RwSignal::new(None::<Result<Vec<MapVersion>, crate::error::AppError>>);
    let changed = Memo::new(move |_| draft.with(|d| saved.with(|s| *d != s.content)));

    let save = move |_| {
        saving.set(true);
        problems.set(Vec::new());
        let content = draft.get_untracked();
        let version = saved.with_untracked(|s| s.version);
        leptos::task::spawn_local(async move {
            match save_router_map(code.get_value(), version, content).await {
                Ok(map) => {
                    notice.set(Some(format!("Сохранена версия {} карты", map.version)));
                    draft.set(map.content.clone());
                    on_saved.run(map.clone());
                    saved.set(map);
                    editing.set(false);
                    open_item.set(None);
                    history.set(None);
                }
                Err(e) => problems.set(e.messages()),
            }
            saving.set(false);
        });
    };
    let cancel = move |_| {
        draft.set(saved.with_untracked(|s| s.content.clone()));
        editing.set(false);
        open_item.set(None);
        problems.set(Vec::new());
    };
    let add_situation = move |_| {
        let prefix = if code.get_value() == "family" { "f" } else { "p" };
        let mut new_id = String::new();
        draft.update(|d| {
            let id = new_item_id(d, prefix);
            let step_id = format!("{id}-1");
            d.situations.push(Situation {
                id: id.clone(),
                title: "Новая ситуация".into(),
                steps: vec![Step {
                    id: step_id,
                    title: "Новый шаг".into(),
                    duration_days: 5,
                    help_kind: "material".into(),
                    ..Default::default()
                }],
                ..Default::default()
            });
            new_id = id;
        });
        open_item.set(Some(format!("s:{new_id}")));
    };
    let show_history = move |_| {
        leptos::task::spawn_local(async move {
            history.set(Some(router_map_versions(code.get_value()).await));
        });
    };

    view! {
        <div class="rm-head card">
            <div>
                <h2>{move || draft.with(|d| d.title.clone())}</h2>
                <p class="muted">
                    {move || {
                        saved
                            .with(|s| {
                                format!(
                                    "Версия {} · {} · {}",
                                    s.version,
                                    s.updated_by_name,
                                    format_datetime(s.updated_at),
                                )
                            })
                    }}
                </p>
            </div>
            <div class="actions">
                <Show when=move || can_edit && !editing.get()>
                    <button
                        class="btn btn-primary"
                        on:click=move |_| {
                            notice.set(None);
                            editing.set(true)
                        }
                    >
                        "Изменить карту"
                    </button>
                </Show>
                <Show when=move || editing.get()>
                    <button class="btn btn-secondary" on:click=add_situation>
                        "Добавить ситуацию"
                    </button>
                </Show>
                <button class="btn btn-ghost" on:click=show_history>
                    "История версий"
                </button>
            </div>
        </div>
        {move || {
            notice
                .get()
                .map(|n| {
                    view! {
                        <p class="notice notice-success" role="status">
                            {n}
                        </p>
                    }
                })
        }}
        <Show when=move || !problems.get().is_empty()>
            <div class="notice notice-error" role="alert">
                <strong>"Карта не сохранена:"</strong>
                <ul>{move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </div>
        </Show>
        {move || {
            history
                .get()
                .map(|h| match h {
                    Ok(versions) => {
                        view! {
                            <section class="card rm-history" aria-label="История версий">
                                <h3>"История версий"</h3>
                                <table class="data-table">
                                    <thead>
                                        <tr>
                                            <th>"Версия"</th>
                                            <th>"Когда"</th>
                                            <th>"Кто"</th>
                                            <th>"Ситуаций"</th>
                                            <th>"Шагов"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {versions
                                            .into_iter()
                                            .map(|v| {
                                                view! {
                                                    <tr>
                                                        <td>{v.version}</td>
                                                        <td>{format_datetime(v.at)}</td>
                                                        <td>{v.by_name}</td>
                                                        <td>{v.situations}</td>
                                                        <td>{v.steps}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                                <p class="muted">
                                    "Маршруты семей хранят шаги той версии, по которой они составлены."
                                </p>
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                })
        }}
        <Show when=move || editing.get()>
            <p class="muted rm-hint">
                "Перетаскивайте ситуации и шаги за ручку ⠿ (мышью или пальцем) или кнопками ↑ ↓. Шаг можно перенести в другую ситуацию."
            </p>
        </Show>
        <div
            class="rm-situations"
            class:editing=move || editing.get()
            data-drop-zone="situations"
            on:pointerdown=move |ev| {
                if editing.get_untracked() {
                    dragger.with(|d| d.down(&ev));
                }
            }
            on:pointermove=move |ev| {
                dragger.with(|d| d.moved(&ev));
            }
            on:pointerup=move |ev| {
                if let Some(dropped) = dragger.with(|d| d.up(&ev)).flatten() {
                    let mut message = None;
                    draft
                        .update(|d| {
                            message = apply_drop(d, &dropped.item, &dropped.zone, dropped.index, dropped.target_index);
                        });
                    if let Some(m) = message {
                        notice.set(Some(m));
                    }
                }
            }
            on:pointercancel=move |_| {
                dragger.with(|d| d.cancel());
            }
        >
            <For
                each=move || draft.with(|d| d.situations.iter().map(|s| s.id.clone()).collect::<Vec<_>>())
                key=|id| id.clone()
                children=move |sid: String| view! { <SituationCard sid=sid draft editing open_item kinds /> }
            />
        </div>
        <Show when=move || editing.get()>
            <div class="sticky-actions rm-save">
                <button class="btn btn-primary btn-large" disabled=move || saving.get() || !changed.get() on:click=save>
                    {move || {
                        if saving.get() {
                            "Сохранение…"
                        } else {
                            "Сохранить новую версию"
                        }
                    }}
                </button>
                <button class="btn btn-ghost" on:click=cancel>
                    "Отменить правки"
                </button>
                <span class="muted">
                    {move || {
                        if changed.get() {
                            "Есть несохранённые правки"
                        } else {
                            "Правок нет"
                        }
                    }}
                </span>
            </div>
        </Show>
    }
}

#[component]
fn SituationCard(
    sid: String,
    draft: RwSignal<MapContent>,
    editing: RwSignal<bool>,
    open_item: RwSignal<Option<String>>,
    kinds: StoredValue<Vec<HelpKind>>,
) -> impl IntoView {
    let sid = StoredValue::new(sid);
    let index = Memo::new(move |_| draft.with(|d| find_situation(d, &sid.get_value())));
    let field = move |f: fn(&Situation) -> String| {
        move || draft.with(|d| index.get().and_then(|i| d.situations.get(i)).map(f).unwrap_or_default())
    };
    let archived =
        Memo::new(move |_| draft.with(|d| index.get().and_then(|i| d.situations.get(i)).is_some_and(|s| s.archived)));
    let update = move |f: Box<dyn FnOnce(&mut Situation)>| {
        draft.update(|d| {
            if let Some(s) = index.get_untracked().and_then(|i| d.situations.get_mut(i)) {
                f(s);
            }
        })
    };
    let shift = move |delta: isize| {
        draft.update(|d| {
            if let Some(i) = find_situation(d, &sid.get_value()) {
                let j = i as isize + delta;
                if j >= 0 && (j as usize) < d.situations.len() {
                    d.situations.swap(i, j as usize);
                }
            }
        })
    };
    let key = move || format!("s:{}", sid.get_value());
    let is_open = move || open_item.get() == Some(key());
    let add_step = move |_| {
        let mut new_id = String::new();
        draft.update(|d| {
            let id = new_item_id(d, &sid.get_value());
            if let Some(s) = find_situation(d, &sid.get_value()).and_then(|i| d.situations.get_mut(i)) {
                s.steps.push(Step {
                    id: id.clone(),
                    title: "Новый шаг".into(),
                    duration_days: 5,
                    help_kind: s.steps.first().map(|st| st.help_kind.clone()).unwrap_or_else(|| "material".into()),
                    ..Default::default()
                });
            }
            new_id = id;
        });
        open_item.set(Some(format!("t:{new_id}")));
    };
    view! {
        <section
            class="rm-situation card"
            class:archived=move || archived.get()
            data-drag=move || editing.get().then(key)
            data-drop-index=move || index.get().map(|i| i.to_string())
            data-situation=move || sid.get_value()
        >
            <header class="rm-situation-head">
                <Show when=move || editing.get()>
                    <span class="drag-handle" aria-hidden="true" title="Перетащить ситуацию">
                        "⠿"
                    </span>
                </Show>
                <h3>{field(|s| s.title.clone())}</h3>
                <Show when=move || archived.get()>
                    <span class="badge">"в архиве"</span>
                </Show>
            </header>
            <p class="muted">{field(|s| s.description.clone())}</p>
            <Show when=move || editing.get()>
                <div class="rm-tools">
                    <button
                        class="btn btn-small btn-ghost"
                        on:click=move |_| shift(-1)
                        aria-label="Ситуацию выше"
                    >
                        "↑"
                    </button>
                    <button
                        class="btn btn-small btn-ghost"
                        on:click=move |_| shift(1)
                        aria-label="Ситуацию ниже"
                    >
                        "↓"
                    </button>
                    <button
                        class="btn btn-small btn-secondary"
                        on:click=move |_| open_item.set(if is_open() { None } else { Some(key()) })
                    >
                        {move || if is_open() { "Готово" } else { "Переименовать" }}
                    </button>
                    <button
                        class="btn btn-small btn-ghost"
                        on:click=move |_| update(Box::new(|s| s.archived = !s.archived))
                    >
                        {move || if archived.get() { "Вернуть из архива" } else { "В архив" }}
                    </button>
                </div>
            </Show>
            <Show when=move || editing.get() && is_open()>
                <div class="rm-form">
                    <label class="field">
                        <span>"Ситуация"</span>
                        <input
                            type="text"
                            name="situation-title"
                            prop:value=field(|s| s.title.clone())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                update(Box::new(move |s| s.title = v))
                            }
                        />
                    </label>
                    <label class="field">
                        <span>"Признаки, что проверить"</span>
                        <textarea
                            rows="2"
                            name="situation-description"
                            prop:value=field(|s| s.description.clone())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                update(Box::new(move |s| s.description = v))
                            }
                        ></textarea>
                    </label>
                </div>
            </Show>
            <ol class="rm-steps" data-drop-zone=move || format!("steps:{}", sid.get_value())>
                <For
                    each=move || {
                        draft
                            .with(|d| {
                                index
                                    .get()
                                    .and_then(|i| d.situations.get(i))
                                    .map(|s| s.steps.iter().map(|st| st.id.clone()).collect::<Vec<_>>())
                                    .unwrap_or_default()
                            })
                    }
                    key=|id| id.clone()
                    children=move |tid: String| view! { <StepItem tid=tid draft editing open_item kinds /> }
                />
            </ol>
            <Show when=move || editing.get()>
                <button class="btn btn-small btn-secondary" on:click=add_step>
                    "Добавить шаг"
                </button>
            </Show>
        </section>
    }
}

#[component]
fn StepItem(
    tid: String,
    draft: RwSignal<MapContent>,
    editing: RwSignal<bool>,
    open_item: RwSignal<Option<String>>,
    kinds: StoredValue<Vec<HelpKind>>,
) -> impl IntoView {
    let tid = StoredValue::new(tid);
    let place = Memo::new(move |_| draft.with(|d| find_step(d, &tid.get_value())));
    let step = Memo::new(move |_| {
        draft.with(|d| place.get().and_then(|(i, j)| d.situations.get(i)?.steps.get(j).cloned()).unwrap_or_default())
    });
    let update = move |f: Box<dyn FnOnce(&mut Step)>| {
        draft.update(|d| {
            if let Some(st) =
                find_step(d, &tid.get_value()).and_then(|(i, j)| d.situations.get_mut(i)?.steps.get_mut(j))
            {
                f(st);
            }
        })
    };
    let shift = move |delta: isize| {
        draft.update(|d| {
            if let Some((i, j)) = find_step(d, &tid.get_value()) {
                let steps = &mut d.situations[i].steps;
                let k = j as isize + delta;
                if k >= 0 && (k as usize) < steps.len() {
                    steps.swap(j, k as usize);
                }
            }
        })
    };
    let key = move || format!("t:{}", tid.get_value());
    let is_open = move || open_item.get() == Some(key());
    view! {
        <li
            class="rm-step"
            class:archived=move || step.with(|s| s.archived)
            data-drag=move || editing.get().then(key)
            data-drop-index=move || place.get().map(|(_, j)| j.to_string())
            data-step=move || tid.get_value()
        >
            <div class="rm-step-line">
                <Show when=move || editing.get()>
                    <span class="drag-handle" aria-hidden="true" title="Перетащить шаг">
                        "⠿"
                    </span>
                </Show>
                <div class="rm-step-main">
                    <strong class="rm-step-title">{move || step.with(|s| s.title.clone())}</strong>
                    <div class="badges">
                        <span class="badge badge-topic">
                            {move || step.with(|s| help_label(&kinds.get_value(), &s.help_kind))}
                        </span>
                        <span class="badge">{move || step.with(|s| partner_label(&s.partner_kind))}</span>
                        <span class="badge">
                            {move || step.with(|s| crate::calendar::working_days_phrase(i64::from(s.duration_days)))}
                        </span>
                        <Show when=move || step.with(|s| s.archived)>
                            <span class="badge">"в архиве"</span>
                        </Show>
                    </div>
                    <Show when=move || step.with(|s| !s.content.is_empty())>
                        <p class="rm-step-content">{move || step.with(|s| s.content.clone())}</p>
                    </Show>
                    <Show when=move || step.with(|s| !s.documents.is_empty())>
                        <p class="rm-docs muted">
                            "Документы: " {move || step.with(|s| s.documents.join("; "))}
                        </p>
                    </Show>
                </div>
            </div>
            <Show when=move || editing.get()>
                <div class="rm-tools">
                    <button class="btn btn-small btn-ghost" on:click=move |_| shift(-1) aria-label="Шаг выше">
                        "↑"
                    </button>
                    <button class="btn btn-small btn-ghost" on:click=move |_| shift(1) aria-label="Шаг ниже">
                        "↓"
                    </button>
                    <button
                        class="btn btn-small btn-secondary"
                        on:click=move |_| open_item.set(if is_open() { None } else { Some(key()) })
                    >
                        {move || if is_open() { "Готово" } else { "Изменить" }}
                    </button>
                    <button
                        class="btn btn-small btn-ghost"
                        on:click=move |_| update(Box::new(|s| s.archived = !s.archived))
                    >
                        {move || if step.with(|s| s.archived) { "Вернуть" } else { "В архив" }}
                    </button>
                </div>
            </Show>
            <Show when=move || editing.get() && is_open()>
                <div class="rm-form">
                    <label class="field">
                        <span>"Что делается"</span>
                        <input
                            type="text"
                            name="step-title"
                            prop:value=move || step.with(|s| s.title.clone())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                update(Box::new(move |s| s.title = v))
                            }
                        />
                    </label>
                    <label class="field">
                        <span>"Содержание"</span>
                        <textarea
                            rows="2"
                            name="step-content"
                            prop:value=move || step.with(|s| s.content.clone())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                update(Box::new(move |s| s.content = v))
                            }
                        ></textarea>
                    </label>
                    <label class="field">
                        <span>"Документы (по одному в строке)"</span>
                        <textarea
                            rows="3"
                            name="step-documents"
                            prop:value=move || step.with(|s| s.documents.join("\n"))
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                update(Box::new(move |s| s.documents = v.lines().map(str::to_string).collect()))
                            }
                        ></textarea>
                    </label>
                    <div class="form-row">
                        <label class="field">
                            <span>"Типичный срок, рабочих дней"</span>
                            <input
                                type="number"
                                min="1"
                                max=MAX_DURATION.to_string()
                                name="step-duration"
                                inputmode="numeric"
                                prop:value=move || step.with(|s| s.duration_days.to_string())
                                on:input=move |ev| {
                                    let v = event_target_value(&ev).trim().parse::<u32>().unwrap_or(0);
                                    update(Box::new(move |s| s.duration_days = v))
                                }
                            />
                        </label>
                        <label class="field">
                            <span>"Вид помощи"</span>
                            <select
                                name="step-help"
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    update(Box::new(move |s| s.help_kind = v))
                                }
                            >
                                {kinds
                                    .get_value()
                                    .into_iter()
                                    .map(|k| {
                                        let code = k.code.clone();
                                        view! {
                                            <option value=k.code selected=move || step.with(|s| s.help_kind == code)>
                                                {k.label}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                        <label class="field">
                            <span>"Кто помогает"</span>
                            <select
                                name="step-partner-kind"
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    update(Box::new(move |s| s.partner_kind = (!v.is_empty()).then_some(v)))
                                }
                            >
                                <option value="" selected=move || step.with(|s| s.partner_kind.is_none())>
                                    "Отдел (сами)"
                                </option>
                                {PartnerKind::ALL
                                    .iter()
                                    .map(|k| {
                                        let code = k.code();
                                        view! {
                                            <option
                                                value=code
                                                selected=move || step.with(|s| s.partner_kind.as_deref() == Some(code))
                                            >
                                                {k.label()}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                    </div>
                </div>
            </Show>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content() -> MapContent {
        let step = |id: &str| Step {
            id: id.into(),
            title: id.into(),
            duration_days: 1,
            help_kind: "legal".into(),
            ..Default::default()
        };
        MapContent {
            title: "К".into(),
            situations: vec![
                Situation {
                    id: "a".into(),
                    title: "А".into(),
                    steps: vec![step("a-1"), step("a-2")],
                    ..Default::default()
                },
                Situation { id: "b".into(), title: "Б".into(), steps: vec![step("b-1")], ..Default::default() },
            ],
        }
    }

    #[test]
    fn a_step_moves_within_and_between_situations() {
        let mut c = content();
        apply_drop(&mut c, "t:a-1", "steps:a", Some(2), Some(1)).unwrap();
        assert_eq!(c.situations[0].steps.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["a-2", "a-1"]);
        apply_drop(&mut c, "t:a-1", "steps:b", Some(0), Some(0)).unwrap();
        assert_eq!(c.situations[1].steps.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["a-1", "b-1"]);
        // Dropped on a situation's card: at its end.
        apply_drop(&mut c, "t:a-2", "situations", Some(2), Some(1)).unwrap();
        assert_eq!(c.situations[1].steps.last().unwrap().id, "a-2");
        assert!(c.situations[0].steps.is_empty());
    }

    #[test]
    fn situations_reorder() {
        let mut c = content();
        apply_drop(&mut c, "s:b", "situations", Some(0), Some(0)).unwrap();
        assert_eq!(c.situations[0].id, "b");
    }
}
