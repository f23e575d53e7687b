//! The individual needs card on a person's page (seed 002 §3.1.2, §3.1.6): the interests (the
//! person's own, from the registry card) and the priority directions among them, preferences,
//! whether the person can join a group, the help they need that is not a social service, and
//! what they can give — a «серебряный» volunteer, a mentor. Shown, and edited in place; what is
//! typed lives in the section's signal, so a refused save or a reload of the plan loses nothing.

use super::plan::*;
use super::types::Interest;
use crate::components::fields::{options_of, CheckboxGroup, FieldValue, SelectField, TextArea};
use crate::components::{ErrorNotice, FormErrors};
use crate::error::{AppError, FieldErrors};
use leptos::prelude::*;

/// The needs card being edited: the form as typed and the version it started from.
pub type NeedsDraft = RwSignal<Option<(NeedsForm, i64)>>;

/// The signals and the save of the needs card, kept by the plan section.
#[derive(Clone, Copy)]
pub struct NeedsControl {
    pub draft: NeedsDraft,
    pub errors: RwSignal<FieldErrors>,
    pub failure: RwSignal<Option<AppError>>,
    /// (person, version, form).
    pub save: Action<(String, i64, NeedsForm), Result<i64, AppError>>,
}

fn labels<T: Copy>(values: &[T], label: fn(T) -> &'static str) -> String {
    values.iter().map(|v| label(*v)).collect::<Vec<_>>().join("; ")
}

/// The card as shown, or its form while it is edited.
#[component]
pub fn NeedsCardBlock(
    elder_id: String,
    interests: Vec<Interest>,
    card: Option<NeedsCard>,
    editable: bool,
    control: NeedsControl,
) -> impl IntoView {
    let version = card.as_ref().map(|c| c.version).unwrap_or(0);
    let start = NeedsForm::of(card.as_ref(), &interests);
    let filled = card.is_some();
    let shown = StoredValue::new((interests, card));
    let editing = Memo::new(move |_| control.draft.with(Option::is_some));
    let edit = move |_| {
        control.errors.set(FieldErrors::new());
        control.failure.set(None);
        control.draft.set(Some((start.clone(), version)));
    };
    let id = StoredValue::new(elder_id);
    view! {
        <div class="needs-card" data-testid="needs-card">
            <div class="section-head">
                <h3>"Карта потребностей"</h3>
                <Show when=move || editable && !editing.get()>
                    <button type="button" class="btn btn-secondary" data-testid="needs-edit" on:click=edit.clone()>
                        {if filled { "Изменить карту" } else { "Заполнить карту" }}
                    </button>
                </Show>
            </div>
            <Show
                when=move || editing.get()
                fallback=move || {
                    let (interests, card) = shown.get_value();
                    view! { <NeedsFacts interests=interests card=card /> }
                }
            >
                <NeedsFormView elder_id=id.get_value() control=control />
            </Show>
        </div>
    }
}

#[component]
fn NeedsFacts(interests: Vec<Interest>, card: Option<NeedsCard>) -> impl IntoView {
    let priorities = card.as_ref().map(|c| c.priorities.clone()).unwrap_or_default();
    let interest_badges = if interests.is_empty() {
        view! { <span class="muted">"не отмечены"</span> }.into_any()
    } else {
        interests
            .iter()
            .map(|i| {
                let first = priorities.contains(i);
                view! {
                    <span class=if first {
                        "badge badge-ok"
                    } else {
                        "badge badge-topic"
                    }>{if first { format!("★ {}", i.label()) } else { i.label().to_string() }}</span>
                }
            })
            .collect_view()
            .into_any()
    };
    let Some(card) = card else {
        return view! {
            <div class="badges">{interest_badges}</div>
            <p class="muted" data-testid="needs-empty">
                "Карта потребностей ещё не заполнена: отметьте приоритеты, предпочтения, нужна ли помощь и чем человек может помочь другим — по ней составятся предложения для плана."
            </p>
        }
            .into_any();
    };
    let or_dash = |v: String| if v.is_empty() { "—".to_string() } else { v };
    let with_note = |list: String, note: &Option<String>| {
        or_dash(
            [Some(list).filter(|l| !l.is_empty()), note.clone()].into_iter().flatten().collect::<Vec<_>>().join(". "),
        )
    };
    view! {
        <div class="badges" data-testid="needs-interests">
            {interest_badges}
        </div>
        <dl class="facts needs-facts">
            <dt>"Приоритеты"</dt>
            <dd>{or_dash(labels(&card.priorities, Interest::label))}</dd>
            <dt>"Предпочтения"</dt>
            <dd class="pre-line">{or_dash(card.preferences.clone().unwrap_or_default())}</dd>
            <dt>"Групповые занятия"</dt>
            <dd>{card.group_fit.label()}</dd>
            <dt>"Нужна помощь"</dt>
            <dd>{with_note(labels(&card.help_needs, HelpNeed::label), &card.help_note)}</dd>
            <dt>"Может дать"</dt>
            <dd>{with_note(labels(&card.can_give, Contribution::label), &card.can_give_note)}</dd>
        </dl>
        <p class="muted">
            {format!(
                "Версия {} · {} · {}",
                card.version,
                crate::time::format_datetime(card.updated_at),
                card.updated_by_name,
            )}
        </p>
    }
    .into_any()
}

#[component]
fn NeedsFormView(elder_id: String, control: NeedsControl) -> impl IntoView {
    let draft = control.draft;
    let errors = control.errors;
    let text = move |get: fn(&NeedsForm) -> String, set: fn(&mut NeedsForm, String)| {
        FieldValue::new(
            move || draft.with(|d| d.as_ref().map(|(f, _)| get(f)).unwrap_or_default()),
            move |v| {
                draft.update(|d| {
                    if let Some((f, _)) = d {
                        set(f, v)
                    }
                })
            },
        )
    };
    let list = move |get: fn(&NeedsForm) -> Vec<String>, set: fn(&mut NeedsForm, Vec<String>)| {
        FieldValue::new(
            move || draft.with(|d| d.as_ref().map(|(f, _)| get(f)).unwrap_or_default()),
            move |v| {
                draft.update(|d| {
                    if let Some((f, _)) = d {
                        set(f, v)
                    }
                })
            },
        )
    };
    let interests = options_of(Interest::ALL, Interest::code, Interest::label);
    let fits = Signal::stored(options_of(GroupFit::ALL, GroupFit::code, GroupFit::label));
    let id = StoredValue::new(elder_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some((form, version)) = draft.get_untracked() {
            control.save.dispatch((id.get_value(), version, form));
        }
    };
    view! {
        <form class="needs-form" novalidate data-testid="needs-form" on:submit=submit>
            <CheckboxGroup
                label="Интересы (направления деятельности)"
                name="needs-interests"
                error_key="interests"
                value=list(|f| f.interests.clone(), |f, v| f.interests = v)
                options=interests.clone()
                errors=errors
            />
            <CheckboxGroup
                label="Приоритетные — не больше трёх из отмеченных"
                name="needs-priorities"
                error_key="priorities"
                value=list(|f| f.priorities.clone(), |f, v| f.priorities = v)
                options=interests
                errors=errors
            />
            <TextArea
                label="Предпочтения"
                name="preferences"
                id="needs-preferences"
                rows=2
                hint="Когда и где удобно, с кем, что не подходит по здоровью"
                value=text(|f| f.preferences.clone(), |f, v| f.preferences = v)
                errors=errors
            />
            <SelectField
                label="Участие в групповых мероприятиях и занятиях"
                name="group_fit"
                id="needs-group-fit"
                required=true
                value=text(|f| f.group_fit.clone(), |f, v| f.group_fit = v)
                options=fits
                empty_label="— выберите —"
                errors=errors
            />
            <CheckboxGroup
                label="Нужна помощь, не относящаяся к социальным услугам"
                name="needs-help"
                error_key="help_needs"
                value=list(|f| f.help_needs.clone(), |f, v| f.help_needs = v)
                options=options_of(HelpNeed::ALL, HelpNeed::code, HelpNeed::label)
                errors=errors
            />
            <TextArea
                label="Подробнее о помощи"
                name="help_note"
                id="needs-help-note"
                rows=2
                value=text(|f| f.help_note.clone(), |f, v| f.help_note = v)
                errors=errors
            />
            <CheckboxGroup
                label="Что человек может дать другим"
                name="needs-give"
                error_key="can_give"
                value=list(|f| f.can_give.clone(), |f, v| f.can_give = v)
                options=options_of(Contribution::ALL, Contribution::code, Contribution::label)
                errors=errors
            />
            <TextArea
                label="Подробнее: умения, опыт"
                name="can_give_note"
                id="needs-give-note"
                rows=2
                value=text(|f| f.can_give_note.clone(), |f, v| f.can_give_note = v)
                errors=errors
            />
            {move || control.failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            <FormErrors errors=errors />
            <div class="form-actions">
                <button
                    type="submit"
                    class="btn btn-primary"
                    data-testid="needs-save"
                    disabled=move || control.save.pending().get()
                >
                    "Сохранить карту"
                </button>
                <button type="button" class="btn btn-ghost" on:click=move |_| draft.set(None)>
                    "Отмена"
                </button>
            </div>
        </form>
    }
}
