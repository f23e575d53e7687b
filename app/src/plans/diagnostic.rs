//! Tab 1 of the route page, the diagnostic map: which situations of the router maps apply to
//! whom in the family, what is known of them, and the family's own resources.

use super::state::RouteState;
use super::types::*;
use crate::components::fields::{CompactInput, CompactSelect, CompactTextArea, FieldValue, Toggle};
use crate::router_maps::types::Situation;
use leptos::prelude::*;

#[component]
pub(crate) fn DiagnosticTab(state: RouteState) -> impl IntoView {
    let details = state.details.get_value();
    view! {
        <section class="card diagnostic" aria-label="Проблемы семьи">
            <h2>"Проблемы: трудные жизненные ситуации"</h2>
            <p class="muted">
                "Отметьте ситуации, которые есть в семье, укажите, кого они касаются, и что известно."
            </p>
            {details
                .maps
                .iter()
                .map(|map| {
                    let code = map.code.clone();
                    view! {
                        <h3>{map.content.title.clone()}</h3>
                        <div class="dg-list">
                            {map
                                .content
                                .situations
                                .iter()
                                .filter(|s| !s.archived)
                                .map(|s| view! { <FindingRow state=state map=code.clone() situation=s.clone() /> })
                                .collect_view()}
                        </div>
                    }
                })
                .collect_view()}
        </section>
        <ResourcesSection state=state />
    }
}

/// One situation of a map: whether the family has it, whom it concerns, what is known.
#[component]
fn FindingRow(state: RouteState, map: String, situation: Situation) -> impl IntoView {
    let details = state.details.get_value();
    let first_member = details.members.first().cloned();
    let mut members: Vec<(String, String)> = details.members.iter().map(|m| (m.clone(), m.clone())).collect();
    members.push((WHOLE_FAMILY.to_string(), WHOLE_FAMILY.to_string()));
    let editable = state.editable;
    let code = StoredValue::new(map);
    let sid = StoredValue::new(situation.id.clone());
    let title = StoredValue::new(situation.title.clone());
    let finding =
        Memo::new(move |_| state.content.with(|c| c.diagnostic.finding(&code.get_value(), &sid.get_value()).cloned()));
    let is_this = move |x: &Finding| x.map == code.get_value() && x.situation == sid.get_value();
    // The participant's map is about the participant (the applicant); the family's about the
    // family.
    let found = FieldValue::new(
        move || finding.with(Option::is_some),
        move |on: bool| {
            let member = if code.get_value() == "participant" {
                first_member.clone().unwrap_or_else(|| WHOLE_FAMILY.into())
            } else {
                WHOLE_FAMILY.into()
            };
            state.edit(|c| {
                let f = &mut c.diagnostic.findings;
                f.retain(|x| !is_this(x));
                if on {
                    f.push(Finding {
                        map: code.get_value(),
                        situation: sid.get_value(),
                        title: title.get_value(),
                        member,
                        note: String::new(),
                    });
                }
            })
        },
    );
    let part = move |get: fn(&Finding) -> String, set: fn(&mut Finding, String)| {
        FieldValue::new(
            move || finding.with(|f| f.as_ref().map(get).unwrap_or_default()),
            move |v| {
                state.edit(|c| {
                    if let Some(x) = c.diagnostic.findings.iter_mut().find(|x| is_this(x)) {
                        set(x, v);
                    }
                })
            },
        )
    };
    view! {
        <div class="dg-row" class:found=move || finding.with(Option::is_some) data-situation=situation.id.clone()>
            <Toggle label=situation.title.clone() class="chip dg-check" value=found disabled=!editable />
            <p class="muted dg-description">{situation.description.clone()}</p>
            <Show when=move || finding.with(Option::is_some)>
                <div class="form-row">
                    <CompactSelect
                        label="Кого касается"
                        name="member"
                        value=part(|f| f.member.clone(), |f, v| f.member = v)
                        options=Signal::stored(members.clone())
                        disabled=!editable
                    />
                    <CompactInput
                        label="Что известно"
                        name="note"
                        class="field grow"
                        value=part(|f| f.note.clone(), |f, v| f.note = v)
                        disabled=!editable
                    />
                </div>
            </Show>
        </div>
    }
}

/// What the family can rely on: personal, family, social and material resources.
#[component]
fn ResourcesSection(state: RouteState) -> impl IntoView {
    let editable = state.editable;
    let resource = move |field: &'static str, label: &'static str, hint: &'static str| {
        let value = FieldValue::new(
            move || {
                state.content.with(|c| match field {
                    "personal_resources" => c.diagnostic.personal_resources.clone(),
                    "family_resources" => c.diagnostic.family_resources.clone(),
                    "social_resources" => c.diagnostic.social_resources.clone(),
                    _ => c.diagnostic.material_resources.clone(),
                })
            },
            move |v: String| {
                state.edit(|c| match field {
                    "personal_resources" => c.diagnostic.personal_resources = v,
                    "family_resources" => c.diagnostic.family_resources = v,
                    "social_resources" => c.diagnostic.social_resources = v,
                    _ => c.diagnostic.material_resources = v,
                })
            },
        );
        view! { <CompactTextArea label=label name=field placeholder=hint value=value errors=state.errors disabled=!editable /> }
    };
    let filled_on = FieldValue::new(
        move || state.content.with(|c| c.diagnostic.filled_on.clone()),
        move |v| state.edit(|c| c.diagnostic.filled_on = v),
    );
    view! {
        <section class="card" aria-label="Ресурсы семьи">
            <h2>"Ресурсы: на что семья может опереться"</h2>
            {resource(
                "personal_resources",
                "Личные ресурсы",
                "здоровье, мотивация, навыки, образование",
            )}
            {resource(
                "family_resources",
                "Семейные ресурсы",
                "поддержка супруги, родителей, родственников",
            )}
            {resource(
                "social_resources",
                "Социальные ресурсы",
                "сослуживцы, соседи, община, работа, клубы",
            )}
            {resource(
                "material_resources",
                "Материальные ресурсы",
                "доходы, выплаты, жильё, транспорт, хозяйство",
            )}
            <CompactInput
                label="Дата заполнения"
                name="filled_on"
                kind="date"
                class="field field-date"
                lazy=true
                value=filled_on
                disabled=!editable
            />
        </section>
    }
}
