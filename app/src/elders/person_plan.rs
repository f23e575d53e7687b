//! The needs card and the individual plan on a person's page (`/elders/<id>`): a period chooser
//! (month, quarter, year, ← →), the items of the period and of the periods around and inside it,
//! grouped by period, each marked done or not done in one tap; suggestions from the person's
//! interests added in one tap, or an item typed; the plan printed on A4 (`/elders/<id>/plan`).
//!
//! Everything the user types and every action live at the section's level: reloading the plan
//! after a change redraws the list, never a form being typed.

use super::needs_card::{NeedsCardBlock, NeedsControl};
use super::plan::*;
use super::plan_api::{delete_plan_item, elder_plan, mark_plan_item, save_needs, save_plan_item};
use super::types::Interest;
use crate::components::fields::{options_of, FieldValue, SelectField, TextField};
use crate::components::{ErrorNotice, FormErrors, Loading};
use crate::error::{AppError, FieldErrors};
use leptos::prelude::*;

/// The section's state, handed to its parts.
#[derive(Clone, Copy)]
struct Plan {
    id: StoredValue<String>,
    /// The period shown («2026-12»; empty: this month).
    period: RwSignal<String>,
    /// Failures of marks, deletions and one-tap additions.
    failure: RwSignal<Option<AppError>>,
    typed: RwSignal<PlanItemForm>,
    typed_errors: RwSignal<FieldErrors>,
    typed_failure: RwSignal<Option<AppError>>,
    add_typed: Action<(String, PlanItemForm), Result<String, AppError>>,
    add_suggested: Action<(String, PlanItemForm), Result<String, AppError>>,
    mark: Action<(String, i64, String), Result<(), AppError>>,
    delete: Action<(String, i64), Result<(), AppError>>,
}

#[component]
pub fn PersonPlanSection(elder_id: String) -> impl IntoView {
    let id = StoredValue::new(elder_id);
    let period = RwSignal::new(String::new());
    let tick = RwSignal::new(0u32);
    let page = Resource::new(move || (id.get_value(), period.get(), tick.get()), |(id, p, _)| elder_plan(id, p));
    let reload = move || tick.update(|t| *t += 1);
    let needs = NeedsControl {
        draft: RwSignal::new(None),
        errors: RwSignal::new(FieldErrors::new()),
        failure: RwSignal::new(None),
        save: Action::new(|(elder, version, form): &(String, i64, NeedsForm)| {
            let (elder, version, form) = (elder.clone(), *version, form.clone());
            async move { save_needs(elder, version, form).await }
        }),
    };
    let plan = Plan {
        id,
        period,
        failure: RwSignal::new(None),
        typed: RwSignal::new(PlanItemForm::default()),
        typed_errors: RwSignal::new(FieldErrors::new()),
        typed_failure: RwSignal::new(None),
        add_typed: Action::new(|(elder, form): &(String, PlanItemForm)| {
            let (elder, form) = (elder.clone(), form.clone());
            async move { save_plan_item(elder, String::new(), 0, form).await }
        }),
        add_suggested: Action::new(|(elder, form): &(String, PlanItemForm)| {
            let (elder, form) = (elder.clone(), form.clone());
            async move { save_plan_item(elder, String::new(), 0, form).await }
        }),
        mark: Action::new(|(item, version, done): &(String, i64, String)| {
            let (item, version, done) = (item.clone(), *version, done.clone());
            async move { mark_plan_item(item, version, done).await }
        }),
        delete: Action::new(|(item, version): &(String, i64)| {
            let (item, version) = (item.clone(), *version);
            async move { delete_plan_item(item, version).await }
        }),
    };
    Effect::new(move |_| match needs.save.value().get() {
        Some(Ok(_)) => {
            needs.draft.set(None);
            needs.errors.set(FieldErrors::new());
            needs.failure.set(None);
            reload();
        }
        Some(Err(AppError::Validation(e))) => {
            needs.failure.set(None);
            needs.errors.set(e);
        }
        Some(Err(e)) => needs.failure.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| match plan.add_typed.value().get() {
        Some(Ok(_)) => {
            plan.typed.update(|f| {
                f.title.clear();
                f.note.clear();
                f.interest.clear();
            });
            plan.typed_errors.set(FieldErrors::new());
            plan.typed_failure.set(None);
            reload();
        }
        Some(Err(AppError::Validation(e))) => {
            plan.typed_failure.set(None);
            plan.typed_errors.set(e);
        }
        Some(Err(e)) => plan.typed_failure.set(Some(e)),
        None => {}
    });
    let done = move |result: Option<Result<(), AppError>>| match result {
        Some(Ok(())) => {
            plan.failure.set(None);
            reload();
        }
        Some(Err(e)) => plan.failure.set(Some(e)),
        None => {}
    };
    Effect::new(move |_| done(plan.add_suggested.value().get().map(|r| r.map(|_| ()))));
    Effect::new(move |_| done(plan.mark.value().get()));
    Effect::new(move |_| done(plan.delete.value().get()));
    view! {
        <section class="card plan-section" data-testid="person-plan">
            <div class="section-head">
                <h2>"Карта потребностей и индивидуальный план"</h2>
                <a
                    class="btn btn-secondary"
                    data-testid="plan-print-link"
                    href=move || {
                        let period = period.get();
                        if period.is_empty() {
                            format!("/elders/{}/plan", id.get_value())
                        } else {
                            format!("/elders/{}/plan?period={period}", id.get_value())
                        }
                    }
                >
                    "Печать плана"
                </a>
            </div>
            <Transition fallback=|| {
                view! { <Loading label="Загрузка плана…" /> }
            }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => {
                            view! {
                                <NeedsCardBlock
                                    elder_id=p.elder_id.clone()
                                    interests=p.interests.clone()
                                    card=p.card.clone()
                                    editable=p.in_registry
                                    control=needs
                                />
                                <PlanBody page=p plan=plan />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The period chooser, the items by period, the suggestions and the typed item.
#[component]
fn PlanBody(page: PlanPage, plan: Plan) -> impl IntoView {
    let chosen = Period::parse(&page.period);
    let go = move |p: Option<Period>| {
        if let Some(p) = p {
            plan.period.set(p.code());
        }
    };
    let kinds = PeriodKind::ALL.iter().map(|kind| {
        let kind = *kind;
        let pressed = chosen.map(Period::kind) == Some(kind);
        view! {
            <button
                type="button"
                class="chip plan-kind"
                class:chosen=pressed
                aria-pressed=if pressed { "true" } else { "false" }
                data-testid=format!("plan-kind-{}", kind.code())
                on:click=move |_| go(chosen.map(|p| p.as_kind(kind)))
            >
                {kind.label()}
            </button>
        }
    });
    let groups = grouped(&page.items);
    let in_registry = page.in_registry;
    let current = page.current.clone();
    view! {
        <h3>"Индивидуальный план"</h3>
        <div class="plan-chooser" role="group" aria-label="Период плана">
            <div class="chips">{kinds.collect_view()}</div>
            <div class="plan-step">
                <button
                    type="button"
                    class="btn btn-secondary plan-arrow"
                    aria-label="Предыдущий период"
                    on:click=move |_| go(chosen.map(Period::previous))
                >
                    "←"
                </button>
                <strong class="plan-period" data-testid="plan-period">
                    {chosen.map(Period::words).unwrap_or_default()}
                </strong>
                <button
                    type="button"
                    class="btn btn-secondary plan-arrow"
                    aria-label="Следующий период"
                    on:click=move |_| go(chosen.map(Period::next))
                >
                    "→"
                </button>
                {(!current.contains(&page.period))
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="btn btn-ghost"
                                on:click=move |_| plan.period.set(String::new())
                            >
                                "Сейчас"
                            </button>
                        }
                    })}
            </div>
        </div>
        {move || plan.failure.get().map(|e| view! { <ErrorNotice error=e /> })}
        {if groups.is_empty() {
            view! {
                <p class="muted" data-testid="plan-empty">
                    "В плане на этот период пока ничего нет. Добавьте пункт из предложений ниже или впишите свой."
                </p>
            }
                .into_any()
        } else {
            view! {
                <div class="plan-periods" data-testid="plan-items">
                    {groups
                        .into_iter()
                        .map(|(period, items)| {
                            view! {
                                <div class="plan-group" data-period=period.code()>
                                    <h4>
                                        {period.words()}
                                        <span class="muted">{format!(" · {}", done_words(&items))}</span>
                                    </h4>
                                    <ul class="plan-items">
                                        {items
                                            .into_iter()
                                            .map(|item| view! { <ItemRow item=item plan=plan /> })
                                            .collect_view()}
                                    </ul>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            }
                .into_any()
        }}
        {in_registry
            .then(|| {
                view! {
                    <Suggestions list=page.suggestions.clone() has_interests=!page.interests.is_empty() plan=plan />
                    <TypedItem periods=page.periods.clone() chosen=page.period.clone() plan=plan />
                }
            })}
    }
}

/// One item: what, its kind and note, the marks and the deletion.
#[component]
fn ItemRow(item: PlanItem, plan: Plan) -> impl IntoView {
    let sure = RwSignal::new(false);
    let (key, version) = (StoredValue::new(item.id.clone()), item.version);
    let mark_button = move |value: bool, text: &'static str, testid: &'static str| {
        let pressed = item.done == Some(value);
        let send = if pressed { String::new() } else { if value { "done" } else { "not_done" }.to_string() };
        view! {
            <button
                type="button"
                class=if value { "btn plan-mark plan-mark-done" } else { "btn plan-mark plan-mark-not" }
                class:pressed=pressed
                aria-pressed=if pressed { "true" } else { "false" }
                data-testid=testid
                disabled=move || plan.mark.pending().get()
                on:click=move |_| {
                    plan.mark.dispatch((key.get_value(), version, send.clone()));
                }
            >
                {text}
            </button>
        }
    };
    let link = match (&item.event_id, item.kind) {
        (Some(e), ItemKind::Event) => Some(format!("/elders/events/{e}")),
        _ => None,
    };
    let state = match item.done {
        Some(true) => "plan-item done",
        Some(false) => "plan-item not-done",
        None => "plan-item",
    };
    view! {
        <li class=state data-testid="plan-item" data-item=item.id.clone()>
            <div class="plan-item-what">
                {match link {
                    Some(href) => view! { <a href=href>{item.title.clone()}</a> }.into_any(),
                    None => view! { <strong>{item.title.clone()}</strong> }.into_any(),
                }}
                <span class="muted">
                    {format!(
                        " · {}{}",
                        item.kind.label().to_lowercase(),
                        item.interest.map(|i| format!(" · {}", i.label().to_lowercase())).unwrap_or_default(),
                    )}
                </span> {item.note.clone().map(|n| view! { <p class="pre-line plan-note">{n}</p> })}
                {item
                    .marked_by_name
                    .clone()
                    .map(|by| {
                        view! {
                            <p class="muted plan-marked">
                                {format!(
                                    "{}: {}, {}",
                                    item.mark_words(),
                                    by,
                                    item.marked_at.map(crate::time::format_datetime).unwrap_or_default(),
                                )}
                            </p>
                        }
                    })}
            </div>
            <div class="plan-item-actions">
                {mark_button(true, "✓ Выполнено", "plan-done")}
                {mark_button(false, "✗ Не выполнено", "plan-not-done")}
                <button
                    type="button"
                    class="btn btn-ghost plan-delete"
                    data-testid="plan-delete"
                    on:click=move |_| {
                        if sure.get_untracked() {
                            plan.delete.dispatch((key.get_value(), version));
                        } else {
                            sure.set(true);
                        }
                    }
                >
                    {move || if sure.get() { "Точно удалить?" } else { "Удалить" }}
                </button>
            </div>
        </li>
    }
}

/// What the plan offers: by the interests first, added in one tap.
#[component]
fn Suggestions(list: Vec<Suggestion>, has_interests: bool, plan: Plan) -> impl IntoView {
    view! {
        <h4>"Предложения по интересам"</h4>
        {if list.is_empty() {
            view! {
                <p class="muted" data-testid="suggestions-empty">
                    {if has_interests {
                        "Всё, что подходит по интересам, уже в плане."
                    } else {
                        "Отметьте интересы в карте потребностей — по ним появятся мероприятия, группы и услуги."
                    }}
                </p>
            }
                .into_any()
        } else {
            view! {
                <ul class="plan-suggestions" data-testid="plan-suggestions">
                    {list
                        .into_iter()
                        .map(|s| {
                            let form = s.form.clone();
                            let period = Period::parse(&s.form.period).map(Period::words).unwrap_or_default();
                            view! {
                                <li class="plan-suggestion" data-testid="suggestion">
                                    <div>
                                        <strong>{s.form.title.clone()}</strong>
                                        <span class="muted">
                                            {format!(
                                                " · {} · {}{}",
                                                s.detail,
                                                period.to_lowercase(),
                                                s
                                                    .interest
                                                    .map(|i| format!(" · {}", i.label().to_lowercase()))
                                                    .unwrap_or_default(),
                                            )}
                                        </span>
                                    </div>
                                    <button
                                        type="button"
                                        class="btn btn-secondary plan-add"
                                        data-testid="suggestion-add"
                                        disabled=move || plan.add_suggested.pending().get()
                                        on:click=move |_| {
                                            plan.add_suggested.dispatch((plan.id.get_value(), form.clone()));
                                        }
                                    >
                                        "+ В план"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}

/// An item typed: what, its kind, the period (the chosen one unless another is picked).
#[component]
fn TypedItem(periods: Vec<(String, String)>, chosen: String, plan: Plan) -> impl IntoView {
    let form = plan.typed;
    let errors = plan.typed_errors;
    let field =
        move |get: fn(&PlanItemForm) -> String, set: fn(&mut PlanItemForm, String)| FieldValue::of(form, get, set);
    let kinds = Signal::stored(
        options_of(ItemKind::ALL, ItemKind::code, ItemKind::label)
            .into_iter()
            .filter(|(code, _)| code == "service" || code == "partner")
            .collect::<Vec<_>>(),
    );
    let interests = Signal::stored(options_of(Interest::ALL, Interest::code, Interest::label));
    let periods = Signal::stored(periods);
    let chosen = StoredValue::new(chosen);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut f = form.get_untracked();
        if f.period.is_empty() {
            f.period = chosen.get_value();
        }
        if f.kind.is_empty() {
            f.kind = ItemKind::Other.code().to_string();
        }
        plan.add_typed.dispatch((plan.id.get_value(), f));
    };
    view! {
        <form class="plan-typed" novalidate data-testid="plan-typed" on:submit=submit>
            <h4>"Свой пункт"</h4>
            <div class="grid-2">
                <TextField
                    label="Что запланировано"
                    name="title"
                    id="plan-title"
                    required=true
                    placeholder="Например: Помощь в записи в бассейн"
                    value=field(|f| f.title.clone(), |f, v| f.title = v)
                    errors=errors
                />
                <SelectField
                    label="Период"
                    name="period"
                    id="plan-item-period"
                    value=field(|f| f.period.clone(), |f, v| f.period = v)
                    options=periods
                    empty_label="выбранный период"
                    errors=errors
                />
            </div>
            <div class="grid-3">
                <SelectField
                    label="Что это"
                    name="kind"
                    id="plan-item-kind"
                    value=field(|f| f.kind.clone(), |f, v| f.kind = v)
                    options=kinds
                    empty_label="Другое"
                    errors=errors
                />
                <SelectField
                    label="По интересу"
                    name="interest"
                    id="plan-item-interest"
                    value=field(|f| f.interest.clone(), |f, v| f.interest = v)
                    options=interests
                    empty_label="—"
                    errors=errors
                />
                <TextField
                    label="Примечание"
                    name="note"
                    id="plan-item-note"
                    value=field(|f| f.note.clone(), |f, v| f.note = v)
                    errors=errors
                />
            </div>
            {move || plan.typed_failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            <FormErrors errors=errors />
            <button
                type="submit"
                class="btn btn-primary"
                data-testid="plan-typed-add"
                disabled=move || plan.add_typed.pending().get()
            >
                "Добавить в план"
            </button>
        </form>
    }
}
