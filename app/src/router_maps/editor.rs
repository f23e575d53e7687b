//! The editor of one router map: its head with the version, the situations and their steps
//! (rearranged by dragging or with ↑ ↓), and «Сохранить новую версию».

use super::api::{router_map_versions, save_router_map};
use super::history::VersionHistory;
use super::rearrange::apply_drop;
use super::situation::SituationCard;
use super::types::*;
use crate::components::browser_only::BrowserOnly;
use crate::components::drag::Dragger;
use crate::error::AppError;
use crate::resources::types::HelpKind;
use crate::time::format_datetime;
use leptos::prelude::*;

#[component]
pub(crate) fn MapEditor(
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
    let history = RwSignal::new(None::<Result<Vec<MapVersion>, AppError>>);
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
    view! {
        <MapHead
            code=code
            saved=saved
            draft=draft
            editing=editing
            open_item=open_item
            notice=notice
            history=history
            can_edit=can_edit
        />
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
        <VersionHistory history=history />
        <Show when=move || editing.get()>
            <p class="muted rm-hint">
                "Перетаскивайте ситуации и шаги за ручку ⠿ (мышью или пальцем) или кнопками ↑ ↓. Шаг можно перенести в другую ситуацию."
            </p>
        </Show>
        <SituationList draft=draft editing=editing open_item=open_item notice=notice kinds=kinds />
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

/// The map's title and version, and the ways to edit it and to see its versions.
#[component]
fn MapHead(
    code: StoredValue<String>,
    saved: RwSignal<RouterMap>,
    draft: RwSignal<MapContent>,
    editing: RwSignal<bool>,
    open_item: RwSignal<Option<String>>,
    notice: RwSignal<Option<String>>,
    history: RwSignal<Option<Result<Vec<MapVersion>, AppError>>>,
    can_edit: bool,
) -> impl IntoView {
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
    }
}

/// The situations of the map, where situations and steps are dragged.
#[component]
fn SituationList(
    draft: RwSignal<MapContent>,
    editing: RwSignal<bool>,
    open_item: RwSignal<Option<String>>,
    notice: RwSignal<Option<String>>,
    kinds: StoredValue<Vec<HelpKind>>,
) -> impl IntoView {
    let dragger = BrowserOnly::<Dragger>::new();
    view! {
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
    }
}
