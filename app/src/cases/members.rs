//! The members of the family in the case form: a row each, added and removed in place.

use super::form_state::{CaseFields, MemberFields};
use super::types::*;
use crate::components::fields::{options_of, CheckboxChips, SelectField, TextField};
use crate::error::FieldErrors;
use leptos::prelude::*;

#[component]
pub(crate) fn MembersEditor(fields: CaseFields, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let rows = move || fields.members.get().into_iter().enumerate().collect::<Vec<(usize, MemberFields)>>();
    let add = move |_| {
        // The first member is the applicant.
        let relation =
            if fields.members.with(Vec::is_empty) { Relation::Applicant.code().to_string() } else { String::new() };
        fields.add_member(&MemberForm { relation, ..Default::default() })
    };
    view! {
        <div class="members-editor">
            <For each=rows key=|row: &(usize, MemberFields)| (row.0, row.1.key) let:item>
                <MemberRow i=item.0 member=item.1 fields=fields errors=errors />
            </For>
            <button type="button" class="btn btn-secondary" on:click=add>
                "+ Добавить члена семьи"
            </button>
            <p class="field-error">{move || errors.with(|e| e.get("members").map(str::to_string))}</p>
        </div>
    }
}

#[component]
fn MemberRow(i: usize, member: MemberFields, fields: CaseFields, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let m = member;
    let relations = Signal::stored(options_of(Relation::ALL, Relation::code, Relation::label));
    let categories = options_of(Category::ALL, Category::code, Category::label);
    view! {
        <fieldset class="member-row" data-member=i>
            <legend>"Член семьи " {i + 1}</legend>
            <div class="grid-3">
                <TextField
                    label="ФИО"
                    name=format!("members.{i}.full_name")
                    id=format!("member-{i}-name")
                    value=m.full_name
                    errors=errors
                />
                <SelectField
                    label="Родство"
                    name=format!("members.{i}.relation")
                    id=format!("member-{i}-relation")
                    value=m.relation
                    errors=errors
                    options=relations
                    empty_label="— выберите —"
                />
                <TextField
                    label="Дата рождения"
                    name=format!("members.{i}.birth_date")
                    id=format!("member-{i}-birth")
                    kind="date"
                    value=m.birth_date
                    errors=errors
                />
            </div>
            <details class="member-categories">
                <summary>
                    {move || {
                        let n = m.categories.with(Vec::len);
                        if n == 0 {
                            "Категории: не выбраны".to_string()
                        } else {
                            format!("Категории: {n}")
                        }
                    }}
                </summary>
                <CheckboxChips value=m.categories options=categories />
            </details>
            <button
                type="button"
                class="btn btn-ghost btn-small"
                on:click=move |_| fields.members.update(|list| list.retain(|x| x.key != m.key))
            >
                "Убрать из списка"
            </button>
        </fieldset>
    }
}
