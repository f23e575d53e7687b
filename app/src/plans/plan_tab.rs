//! Tab 3 of the route page, the support plan (ИПСС, ИПССС or the citizen's plan): its head, each activity's status and
//! result, intermediate control and the conclusion.

use super::activity::PlanActivity;
use super::state::RouteState;
use super::types::*;
use crate::acts::types::SUPPORT_LEVELS;
use crate::components::fields::{CheckboxGroup, CompactInput, CompactSelect, CompactTextArea, FieldValue};
use leptos::prelude::*;

/// One part of the plan, bound to the route; a change computes the deadlines again.
fn plan_part<T: Clone + Send + Sync + 'static>(
    state: RouteState,
    get: fn(&Plan) -> T,
    set: fn(&mut Plan, T),
) -> FieldValue<T> {
    FieldValue::new(move || state.content.with(|c| get(&c.plan)), move |v| state.edit(|c| set(&mut c.plan, v)))
}

/// A text of the plan.
fn plan_text(
    state: RouteState,
    field: &'static str,
    label: &'static str,
    get: fn(&Plan) -> String,
    set: fn(&mut Plan, String),
) -> impl IntoView {
    view! {
        <CompactTextArea
            label=label
            name=field
            value=plan_part(state, get, set)
            errors=state.errors
            disabled=!state.editable
        />
    }
}

#[component]
pub(crate) fn PlanTab(state: RouteState) -> impl IntoView {
    view! {
        <PlanHead state=state />
        <section class="card" aria-label="Мероприятия">
            <h2>"Мероприятия и их выполнение"</h2>
            <Show when=move || state.content.with(|c| c.plan.activities.is_empty())>
                <p class="muted">
                    "Мероприятий пока нет: добавьте их на второй вкладке."
                </p>
            </Show>
            <ol class="plan-activities">
                <For
                    each=move || {
                        state.content.with(|c| c.plan.activities.iter().map(|a| a.key.clone()).collect::<Vec<_>>())
                    }
                    key=|k| k.clone()
                    children=move |key: String| view! { <PlanActivity key=key state /> }
                />
            </ol>
        </section>
        <ControlsSection state=state />
        <ConclusionSection state=state />
    }
}

/// Whom the plan covers, its term, the level of support and the reason.
#[component]
fn PlanHead(state: RouteState) -> impl IntoView {
    let members = state.details.with_value(|d| d.members.iter().map(|m| (m.clone(), m.clone())).collect());
    let editable = state.editable;
    let levels = SUPPORT_LEVELS.iter().map(|(code, label)| (code.to_string(), label.to_string())).collect::<Vec<_>>();
    view! {
        <section class="card" aria-label="План сопровождения">
            <h2>{state.details.with_value(|d| d.plan_kind.label())}</h2>
            <CheckboxGroup
                label="Члены семьи, включённые в план"
                name="members"
                value=plan_part(state, |p| p.members.clone(), |p, v| p.members = v)
                options=members
                disabled=!editable
            />
            <div class="form-row">
                <CompactInput
                    label="Начало"
                    name="start_on"
                    kind="date"
                    lazy=true
                    value=plan_part(state, |p| p.start_on.clone(), |p, v| p.start_on = v)
                    errors=state.errors
                    disabled=!editable
                />
                <CompactInput
                    label="Срок плана до"
                    name="term_until"
                    kind="date"
                    lazy=true
                    value=plan_part(state, |p| p.term_until.clone(), |p, v| p.term_until = v)
                    errors=state.errors
                    disabled=!editable
                />
                <CompactSelect
                    label="Уровень сопровождения"
                    name="support_level"
                    value=plan_part(state, |p| p.support_level.clone(), |p, v| p.support_level = v)
                    options=Signal::stored(levels)
                    disabled=!editable
                />
            </div>
            {plan_text(
                state,
                "reason",
                "Причина обращения, обстоятельства",
                |p| p.reason.clone(),
                |p, v| p.reason = v,
            )}
        </section>
    }
}

/// The records of intermediate control, and a new one.
#[component]
fn ControlsSection(state: RouteState) -> impl IntoView {
    let control_on = RwSignal::new(crate::time::local_today(chrono::Utc::now()).format("%Y-%m-%d").to_string());
    let control_text = RwSignal::new(String::new());
    let me = expect_context::<crate::shell::frame::MeResource>().0;
    let add_control = move |_| {
        let text = control_text.get_untracked().trim().to_string();
        if text.is_empty() {
            return;
        }
        let by = me.get_untracked().and_then(|r| r.ok()).flatten().map(|m| m.user.full_name).unwrap_or_default();
        state.edit(|c| c.plan.controls.push(Control { on: control_on.get_untracked(), text, by }));
        control_text.set(String::new());
    };
    view! {
        <section class="card" aria-label="Промежуточный контроль">
            <h2>"Промежуточный контроль"</h2>
            <ul class="controls">
                {move || {
                    state
                        .content
                        .with(|c| {
                            c.plan
                                .controls
                                .iter()
                                .map(|k| {
                                    view! {
                                        <li>
                                            <strong>
                                                {crate::time::parse_date(&k.on)
                                                    .map(crate::time::format_naive_date)
                                                    .unwrap_or_else(|| k.on.clone())}
                                            </strong>
                                            " — "
                                            {k.text.clone()}
                                            <span class="muted">{format!(" ({})", k.by)}</span>
                                        </li>
                                    }
                                })
                                .collect_view()
                        })
                }}
            </ul>
            <Show when=move || state.editable>
                <div class="form-row">
                    <CompactInput label="Дата" name="control_on" kind="date" lazy=true value=control_on />
                    <CompactInput
                        label="Что проверено, результат"
                        name="control_text"
                        class="field grow"
                        value=control_text
                    />
                    <button type="button" class="btn btn-secondary align-end" on:click=add_control>
                        "Добавить запись"
                    </button>
                </div>
            </Show>
        </section>
    }
}

/// The conclusion on the plan's fulfilment or continuation, and the recommendations.
#[component]
fn ConclusionSection(state: RouteState) -> impl IntoView {
    let outcomes =
        Signal::stored(Outcome::ALL.iter().map(|o| (o.code().to_string(), o.label().to_string())).collect::<Vec<_>>());
    view! {
        <section class="card" aria-label="Заключение">
            <h2>"Заключение о выполнении / продолжении сопровождения"</h2>
            <CompactSelect
                label="Итог"
                name="outcome"
                value=plan_part(state, |p| p.outcome.clone(), |p, v| p.outcome = v)
                options=outcomes
                empty_label="— план выполняется —"
                disabled=!state.editable
            />
            <Show when=move || state.content.with(|c| !c.plan.outcome.is_empty())>
                <CompactInput
                    label="Дата заключения"
                    name="concluded_on"
                    kind="date"
                    lazy=true
                    value=plan_part(state, |p| p.concluded_on.clone(), |p, v| p.concluded_on = v)
                    errors=state.errors
                    disabled=!state.editable
                />
            </Show>
            {plan_text(state, "conclusion", "Заключение", |p| p.conclusion.clone(), |p, v| p.conclusion = v)}
            {plan_text(
                state,
                "recommendations",
                "Рекомендации семье",
                |p| p.recommendations.clone(),
                |p, v| p.recommendations = v,
            )}
            {survey_link(state)}
        </section>
    }
}

/// A family whose ИПССС is concluded is asked about it for the quarterly monitoring (seed 003
/// item 13): the questionnaire opens from here, on the tablet at the last visit or by phone.
fn survey_link(state: RouteState) -> impl IntoView {
    let details = state.details.get_value();
    let family = details.plan_kind == PlanKind::Family;
    let href = format!("/cases/{}/survey", details.case_id);
    let concluded = move || family && state.content.with(|c| !c.plan.outcome.is_empty());
    view! {
        <Show when=concluded>
            <p class="survey-link">
                <a class="btn btn-secondary" href=href.clone() data-testid="open-survey">
                    "Анкета мониторинга для семьи"
                </a>
                <span class="muted">
                    " Опрос семьи, завершившей ИПССС: на последнем визите или по телефону."
                </span>
            </p>
        </Show>
    }
}
