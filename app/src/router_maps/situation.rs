//! One situation of a router map with its steps; in editing, renamed, archived and moved.

use super::rearrange::find_situation;
use super::step::StepItem;
use super::types::*;
use crate::components::fields::{CompactInput, CompactTextArea, FieldValue};
use crate::resources::types::HelpKind;
use leptos::prelude::*;

#[component]
pub(crate) fn SituationCard(
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
                    <CompactInput
                        label="Ситуация"
                        name="situation-title"
                        value=FieldValue::new(
                            field(|s| s.title.clone()),
                            move |v| update(Box::new(move |s| s.title = v)),
                        )
                    />
                    <CompactTextArea
                        label="Признаки, что проверить"
                        name="situation-description"
                        rows=2
                        value=FieldValue::new(
                            field(|s| s.description.clone()),
                            move |v| update(Box::new(move |s| s.description = v)),
                        )
                    />
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
