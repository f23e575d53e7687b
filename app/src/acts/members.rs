//! The members of the family in the act: a row of compact fields each, added and removed in
//! place.

use super::types::*;
use crate::components::fields::{CompactInput, FieldValue};
use leptos::prelude::*;

/// One part of the `i`-th member.
fn part(
    content: RwSignal<ActContent>,
    i: usize,
    get: fn(&ActMember) -> String,
    set: fn(&mut ActMember, String),
) -> FieldValue<String> {
    FieldValue::new(
        move || content.with(|c| c.members.get(i).map(get).unwrap_or_default()),
        move |value| {
            content.update(|c| {
                if let Some(m) = c.members.get_mut(i) {
                    set(m, value)
                }
            })
        },
    )
}

#[component]
pub(crate) fn Members(content: RwSignal<ActContent>) -> impl IntoView {
    let count = Memo::new(move |_| content.with(|c| c.members.len()));
    let cell = move |i: usize,
                     key: &str,
                     label: &'static str,
                     get: fn(&ActMember) -> String,
                     set: fn(&mut ActMember, String)| {
        view! {
            <CompactInput
                label=label
                name=format!("members.{i}.{key}")
                class="member-cell"
                value=part(content, i, get, set)
            />
        }
    };
    view! {
        <div class="act-members" data-field="members">
            {move || {
                (0..count.get())
                    .map(|i| {
                        view! {
                            <div class="act-member">
                                {cell(i, "full_name", "ФИО", |m| m.full_name.clone(), |m, v| m.full_name = v)}
                                {cell(i, "relation", "Родство", |m| m.relation.clone(), |m, v| m.relation = v)}
                                {cell(
                                    i,
                                    "birth_date",
                                    "Дата рождения",
                                    |m| m.birth_date.clone(),
                                    |m, v| m.birth_date = v,
                                )}
                                {cell(
                                    i,
                                    "occupation",
                                    "Занятость (работа, школа, сад)",
                                    |m| m.occupation.clone(),
                                    |m, v| m.occupation = v,
                                )} {cell(i, "health", "Здоровье", |m| m.health.clone(), |m, v| m.health = v)}
                                <button
                                    type="button"
                                    class="btn btn-link"
                                    on:click=move |_| {
                                        content
                                            .update(|c| {
                                                if i < c.members.len() {
                                                    c.members.remove(i);
                                                }
                                            })
                                    }
                                >
                                    "Убрать"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button
                type="button"
                class="btn btn-secondary"
                on:click=move |_| content.update(|c| c.members.push(ActMember::default()))
            >
                "+ Член семьи"
            </button>
        </div>
    }
}
