//! The registries of benefactors and of beneficiaries as tables.

use super::labels::{districts_label, help_label};
use super::types::*;
use leptos::prelude::*;

/// Who is ready to help, with what, where, and how many families they help.
#[component]
pub(crate) fn BenefactorsTable(
    benefactors: Vec<Benefactor>,
    kinds: Vec<HelpKind>,
    districts: Vec<DistrictShape>,
    can_edit: bool,
    on_edit: Callback<Benefactor>,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th>"Кто"</th>
                        <th>"Чем готов помочь"</th>
                        <th>"Участки"</th>
                        <th>"Контакты"</th>
                        <th>"Помогает семьям"</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {benefactors
                        .into_iter()
                        .map(|b| {
                            let edit = b.clone();
                            view! {
                                <tr>
                                    <td>{b.name.clone()} <div class="muted small">{b.kind.label()}</div></td>
                                    <td>
                                        <HelpChips help=b.help.clone() kinds=kinds.clone() />
                                        {b.offer.clone()}
                                    </td>
                                    <td>{districts_label(&b.districts, &districts)}</td>
                                    <td>
                                        {b.contact.clone()}
                                        <div class="small">
                                            {b.phone.as_deref().map(crate::phone::format_phone).unwrap_or_default()}
                                        </div>
                                    </td>
                                    <td>{b.helping}</td>
                                    <td>
                                        {can_edit
                                            .then(|| view! { <EditButton edit=move || on_edit.run(edit.clone()) /> })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The families that need donated help, their case and the benefactor who took them on.
#[component]
pub(crate) fn BeneficiariesTable(
    beneficiaries: Vec<Beneficiary>,
    kinds: Vec<HelpKind>,
    districts: Vec<DistrictShape>,
    can_edit: bool,
    on_edit: Callback<Beneficiary>,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th>"Семья"</th>
                        <th>"Какая помощь нужна"</th>
                        <th>"Участок"</th>
                        <th>"Случай"</th>
                        <th>"Благотворитель"</th>
                        <th>"Состояние"</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {beneficiaries
                        .into_iter()
                        .map(|b| {
                            let edit = b.clone();
                            view! {
                                <tr>
                                    <td>
                                        {b.name.clone()}
                                        <div class="muted small">
                                            {format!("членов семьи: {}", b.members)}
                                        </div>
                                    </td>
                                    <td>
                                        <HelpChips help=b.help.clone() kinds=kinds.clone() />
                                        {b.need.clone()}
                                    </td>
                                    <td>
                                        {b
                                            .district
                                            .as_ref()
                                            .map(|d| districts_label(std::slice::from_ref(d), &districts))
                                            .unwrap_or_default()}
                                    </td>
                                    <td>
                                        {b
                                            .case
                                            .clone()
                                            .map(|(id, number)| {
                                                view! { <a href=format!("/cases/{id}")>{format!("№ {number}")}</a> }
                                            })}
                                    </td>
                                    <td>{b.benefactor.clone().map(|(_, name)| name)}</td>
                                    <td>
                                        <span class="badge" class:badge-ok=b.status == BeneficiaryStatus::Done>
                                            {b.status.label()}
                                        </span>
                                    </td>
                                    <td>
                                        {can_edit
                                            .then(|| view! { <EditButton edit=move || on_edit.run(edit.clone()) /> })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The kinds of help of a record, as tags.
#[component]
fn HelpChips(help: Vec<String>, kinds: Vec<HelpKind>) -> impl IntoView {
    view! {
        <ul class="chips-list">
            {help.iter().map(|h| view! { <li class="tag">{help_label(&kinds, h)}</li> }).collect_view()}
        </ul>
    }
}

/// «Изменить» on a row: opens the record's form.
#[component]
fn EditButton(edit: impl Fn() + 'static) -> impl IntoView {
    view! {
        <button class="btn btn-link" on:click=move |_| edit()>
            "Изменить"
        </button>
    }
}
