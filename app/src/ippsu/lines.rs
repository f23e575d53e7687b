//! The two lists of the programme: the social services with their volume, periodicity,
//! conditions, term and provider, and the measures of social support with their partner. Rows
//! are added and removed here; the server checks them again.

use super::types::*;
use crate::components::fields::{CompactInput, CompactSelect, FieldValue};
use crate::error::FieldErrors;
use crate::social_services::{ServiceKind, SupportArea};
use leptos::prelude::*;

/// The shared state of the programme's editor.
#[derive(Clone, Copy)]
pub(crate) struct Lines {
    pub content: RwSignal<IppsuContent>,
    pub errors: RwSignal<FieldErrors>,
    pub providers: StoredValue<Vec<ProviderOption>>,
    pub editable: Signal<bool>,
}

fn provider_options(lines: Lines) -> Signal<Vec<(String, String)>> {
    let options = lines.providers.with_value(|all| {
        all.iter()
            .map(|p| (p.id.clone(), if p.near { format!("{} (на участке семьи)", p.name) } else { p.name.clone() }))
            .collect::<Vec<_>>()
    });
    Signal::stored(options)
}

/// A text field of one line of a list, found by its key.
fn service_text(
    lines: Lines,
    key: StoredValue<String>,
    get: fn(&ServiceLine) -> String,
    set: fn(&mut ServiceLine, String),
) -> FieldValue<String> {
    FieldValue::new(
        move || {
            lines.content.with(|c| c.services.iter().find(|s| s.key == key.get_value()).map(get).unwrap_or_default())
        },
        move |v| {
            lines.content.update(|c| {
                if let Some(s) = c.services.iter_mut().find(|s| s.key == key.get_value()) {
                    set(s, v)
                }
            })
        },
    )
}

fn measure_text(
    lines: Lines,
    key: StoredValue<String>,
    get: fn(&SupportMeasure) -> String,
    set: fn(&mut SupportMeasure, String),
) -> FieldValue<String> {
    FieldValue::new(
        move || {
            lines.content.with(|c| c.measures.iter().find(|m| m.key == key.get_value()).map(get).unwrap_or_default())
        },
        move |v| {
            lines.content.update(|c| {
                if let Some(m) = c.measures.iter_mut().find(|m| m.key == key.get_value()) {
                    set(m, v)
                }
            })
        },
    )
}

/// One list of the programme: its heading and note, its rows, the way to add one.
struct ListSection {
    title: &'static str,
    about: &'static str,
    empty: &'static str,
    add_label: &'static str,
}

impl ListSection {
    fn view(
        self,
        lines: Lines,
        keys: fn(&IppsuContent) -> Vec<String>,
        add: fn(&mut IppsuContent),
        row: fn(String, Lines) -> AnyView,
    ) -> impl IntoView {
        view! {
            <section class="card" aria-label=self.title>
                <h2>{self.title}</h2>
                <p class="muted">{self.about}</p>
                <Show when=move || lines.content.with(|c| keys(c).is_empty())>
                    <p class="empty">{self.empty}</p>
                </Show>
                <ol class="ippsu-lines">
                    <For
                        each=move || lines.content.with(keys)
                        key=|k| k.clone()
                        children=move |key: String| row(key, lines)
                    />
                </ol>
                <Show when=move || lines.editable.get()>
                    <button type="button" class="btn btn-secondary" on:click=move |_| lines.content.update(add)>
                        {self.add_label}
                    </button>
                </Show>
            </section>
        }
    }
}

#[component]
pub(crate) fn ServicesSection(lines: Lines) -> impl IntoView {
    ListSection {
        title: "Социальные услуги",
        about: "Вид, наименование, объём, периодичность, условия и срок каждой услуги; поставщик — наше учреждение или партнёр из карты ресурсов.",
        empty: "Услуг пока нет.",
        add_label: "+ Добавить услугу",
    }
    .view(
        lines,
        |c| c.services.iter().map(|s| s.key.clone()).collect(),
        |c| {
            let key = new_line_key(c, "s");
            c.services.push(ServiceLine { key, kind: ServiceKind::Household.code().into(), ..Default::default() });
        },
        |key, lines| view! { <ServiceRow key lines /> }.into_any(),
    )
}

#[component]
fn ServiceRow(key: String, lines: Lines) -> impl IntoView {
    let key = StoredValue::new(key);
    let index = Memo::new(move |_| lines.content.with(|c| c.services.iter().position(|s| s.key == key.get_value())));
    let error_key = move |field: &'static str| move || format!("services.{}.{field}", index.get().unwrap_or(0));
    let kinds = Signal::stored(
        ServiceKind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect::<Vec<_>>(),
    );
    let provider = FieldValue::new(
        move || {
            lines.content.with(|c| {
                c.services
                    .iter()
                    .find(|s| s.key == key.get_value())
                    .and_then(|s| s.provider_id.clone())
                    .unwrap_or_default()
            })
        },
        move |v: String| {
            lines.content.update(|c| {
                if let Some(s) = c.services.iter_mut().find(|s| s.key == key.get_value()) {
                    s.provider_id = (!v.is_empty()).then_some(v);
                    s.provider_name.clear();
                }
            })
        },
    );
    // Messages name lines by their place: after a removal they would point at the wrong one.
    let remove = move |_| {
        lines.content.update(|c| c.services.retain(|s| s.key != key.get_value()));
        lines.errors.set(FieldErrors::new());
    };
    let disabled = !lines.editable.get_untracked();
    view! {
        <li class="ippsu-line" data-key=key.get_value()>
            <div class="ippsu-line-head">
                <strong>{move || index.get().map(|i| format!("Услуга {}", i + 1))}</strong>
                <Show when=move || lines.editable.get()>
                    <button type="button" class="btn btn-ghost" aria-label="Убрать услугу" on:click=remove>
                        "✕"
                    </button>
                </Show>
            </div>
            <div class="ippsu-line-fields">
                <CompactSelect
                    label="Вид услуги"
                    name="kind"
                    value=service_text(lines, key, |s| s.kind.clone(), |s, v| s.kind = v)
                    options=kinds
                    errors=lines.errors
                    error_key=error_key("kind")()
                    disabled=disabled
                />
                <CompactInput
                    label="Наименование услуги"
                    name="name"
                    class="field grow"
                    value=service_text(lines, key, |s| s.name.clone(), |s, v| s.name = v)
                    errors=lines.errors
                    error_key=error_key("name")()
                    disabled=disabled
                />
                <CompactInput
                    label="Объём"
                    name="volume"
                    value=service_text(lines, key, |s| s.volume.clone(), |s, v| s.volume = v)
                    errors=lines.errors
                    error_key=error_key("volume")()
                    disabled=disabled
                />
                <CompactInput
                    label="Периодичность"
                    name="periodicity"
                    value=service_text(lines, key, |s| s.periodicity.clone(), |s, v| s.periodicity = v)
                    errors=lines.errors
                    error_key=error_key("periodicity")()
                    disabled=disabled
                />
                <CompactInput
                    label="Условия"
                    name="conditions"
                    value=service_text(lines, key, |s| s.conditions.clone(), |s, v| s.conditions = v)
                    errors=lines.errors
                    error_key=error_key("conditions")()
                    disabled=disabled
                />
                <CompactInput
                    label="Срок до"
                    name="until"
                    kind="date"
                    lazy=true
                    value=service_text(lines, key, |s| s.until.clone(), |s, v| s.until = v)
                    errors=lines.errors
                    error_key=error_key("until")()
                    disabled=disabled
                />
                <CompactSelect
                    label="Поставщик"
                    name="provider"
                    value=provider
                    options=provider_options(lines)
                    empty_label=OWN_PROVIDER
                    errors=lines.errors
                    error_key=error_key("provider_id")()
                    disabled=disabled
                />
            </div>
        </li>
    }
}

#[component]
pub(crate) fn MeasuresSection(lines: Lines) -> impl IntoView {
    ListSection {
        title: "Мероприятия по социальному сопровождению",
        about: "Содействие в предоставлении медицинской, психологической, педагогической, юридической и социальной помощи, не относящейся к социальным услугам.",
        empty: "Мероприятий пока нет.",
        add_label: "+ Добавить мероприятие",
    }
    .view(
        lines,
        |c| c.measures.iter().map(|m| m.key.clone()).collect(),
        |c| {
            let key = new_line_key(c, "m");
            c.measures.push(SupportMeasure { key, area: SupportArea::Medical.code().into(), ..Default::default() });
        },
        |key, lines| view! { <MeasureRow key lines /> }.into_any(),
    )
}

#[component]
fn MeasureRow(key: String, lines: Lines) -> impl IntoView {
    let key = StoredValue::new(key);
    let index = Memo::new(move |_| lines.content.with(|c| c.measures.iter().position(|m| m.key == key.get_value())));
    let error_key = move |field: &'static str| move || format!("measures.{}.{field}", index.get().unwrap_or(0));
    let areas = Signal::stored(
        SupportArea::ALL.iter().map(|a| (a.code().to_string(), a.label().to_string())).collect::<Vec<_>>(),
    );
    let partner = FieldValue::new(
        move || {
            lines.content.with(|c| {
                c.measures
                    .iter()
                    .find(|m| m.key == key.get_value())
                    .and_then(|m| m.partner_id.clone())
                    .unwrap_or_default()
            })
        },
        move |v: String| {
            lines.content.update(|c| {
                if let Some(m) = c.measures.iter_mut().find(|m| m.key == key.get_value()) {
                    m.partner_id = (!v.is_empty()).then_some(v);
                    m.partner_name.clear();
                }
            })
        },
    );
    let remove = move |_| {
        lines.content.update(|c| c.measures.retain(|m| m.key != key.get_value()));
        lines.errors.set(FieldErrors::new());
    };
    let disabled = !lines.editable.get_untracked();
    view! {
        <li class="ippsu-line" data-key=key.get_value()>
            <div class="ippsu-line-head">
                <strong>{move || index.get().map(|i| format!("Мероприятие {}", i + 1))}</strong>
                <Show when=move || lines.editable.get()>
                    <button
                        type="button"
                        class="btn btn-ghost"
                        aria-label="Убрать мероприятие"
                        on:click=remove
                    >
                        "✕"
                    </button>
                </Show>
            </div>
            <div class="ippsu-line-fields">
                <CompactSelect
                    label="Вид помощи"
                    name="area"
                    value=measure_text(lines, key, |m| m.area.clone(), |m, v| m.area = v)
                    options=areas
                    errors=lines.errors
                    error_key=error_key("area")()
                    disabled=disabled
                />
                <CompactInput
                    label="В чём содействие"
                    name="content"
                    class="field grow"
                    value=measure_text(lines, key, |m| m.content.clone(), |m, v| m.content = v)
                    errors=lines.errors
                    error_key=error_key("content")()
                    disabled=disabled
                />
                <CompactInput
                    label="Срок до"
                    name="until"
                    kind="date"
                    lazy=true
                    value=measure_text(lines, key, |m| m.until.clone(), |m, v| m.until = v)
                    errors=lines.errors
                    error_key=error_key("until")()
                    disabled=disabled
                />
                <CompactSelect
                    label="Партнёр"
                    name="partner"
                    value=partner
                    options=provider_options(lines)
                    empty_label="— наше учреждение —"
                    errors=lines.errors
                    error_key=error_key("partner_id")()
                    disabled=disabled
                />
            </div>
        </li>
    }
}
