//! One step of a situation: what is done, by whom, in how many working days, with which
//! documents; in editing, changed, archived and moved.

use super::rearrange::find_step;
use super::types::*;
use crate::components::fields::{CompactInput, CompactSelect, CompactTextArea, FieldValue};
use crate::resources::labels::help_label;
use crate::resources::types::{HelpKind, PartnerKind};
use leptos::prelude::*;

fn partner_label(code: &Option<String>) -> String {
    code.as_deref().and_then(PartnerKind::from_code).map(|k| k.label().to_string()).unwrap_or_else(|| "Отдел".into())
}

#[component]
pub(crate) fn StepItem(
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
                <StepForm step=step update=update kinds=kinds />
            </Show>
        </li>
    }
}

/// The fields of a step being edited.
#[component]
fn StepForm(
    step: Memo<Step>,
    update: impl Fn(Box<dyn FnOnce(&mut Step)>) + Copy + Send + Sync + 'static,
    kinds: StoredValue<Vec<HelpKind>>,
) -> impl IntoView {
    let text = move |get: fn(&Step) -> String, set: fn(&mut Step, String)| {
        FieldValue::new(move || step.with(get), move |v| update(Box::new(move |s| set(s, v))))
    };
    let help = Signal::stored(kinds.get_value().into_iter().map(|k| (k.code, k.label)).collect::<Vec<_>>());
    let partners = Signal::stored(
        PartnerKind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect::<Vec<_>>(),
    );
    let duration = FieldValue::new(
        move || step.with(|s| s.duration_days.to_string()),
        move |v: String| {
            let days = v.trim().parse::<u32>().unwrap_or(0);
            update(Box::new(move |s| s.duration_days = days))
        },
    );
    let documents = FieldValue::new(
        move || step.with(|s| s.documents.join("\n")),
        move |v: String| update(Box::new(move |s| s.documents = v.lines().map(str::to_string).collect())),
    );
    let partner = FieldValue::new(
        move || step.with(|s| s.partner_kind.clone().unwrap_or_default()),
        move |v: String| update(Box::new(move |s| s.partner_kind = (!v.is_empty()).then_some(v))),
    );
    view! {
        <div class="rm-form">
            <CompactInput
                label="Что делается"
                name="step-title"
                value=text(|s| s.title.clone(), |s, v| s.title = v)
            />
            <CompactTextArea
                label="Содержание"
                name="step-content"
                rows=2
                value=text(|s| s.content.clone(), |s, v| s.content = v)
            />
            <CompactTextArea
                label="Документы (по одному в строке)"
                name="step-documents"
                rows=3
                value=documents
            />
            <div class="form-row">
                <CompactInput
                    label="Типичный срок, рабочих дней"
                    name="step-duration"
                    kind="number"
                    min="1"
                    max=MAX_DURATION.to_string()
                    inputmode="numeric"
                    value=duration
                />
                <CompactSelect
                    label="Вид помощи"
                    name="step-help"
                    value=text(|s| s.help_kind.clone(), |s, v| s.help_kind = v)
                    options=help
                />
                <CompactSelect
                    label="Кто помогает"
                    name="step-partner-kind"
                    value=partner
                    options=partners
                    empty_label="Отдел (сами)"
                />
            </div>
        </div>
    }
}
