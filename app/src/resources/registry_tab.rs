//! The registry of partners as a table, with the filters, the way to add a partner and the
//! export to Excel.

use super::api::list_partners;
use super::filter_bar::FilterBar;
use super::labels::{districts_label, help_label};
use super::types::*;
use crate::components::{AfterHydration, ErrorNotice, Loading};
use crate::time::format_naive_date;
use leptos::prelude::*;

/// The registry as a table.
#[component]
pub(crate) fn RegistryTab(lists: ResourceLists, filters: Memo<PartnerQuery>) -> impl IntoView {
    let partners = Resource::new(move || filters.get(), list_partners);
    let help_kinds = StoredValue::new(lists.help_kinds.clone());
    let districts = StoredValue::new(lists.districts.clone());
    let can_edit = lists.can_edit;
    view! {
        <FilterBar lists=lists.clone() filters=filters.get_untracked() tab="registry" />
        <div class="toolbar">
            {can_edit
                .then(|| {
                    view! {
                        <a class="btn btn-primary" href="/resources/partners/new">
                            "Добавить партнёра"
                        </a>
                    }
                })} <a class="btn btn-secondary" href="/resources/export.xlsx" download>
                "Выгрузить в Excel"
            </a>
        </div>
        <AfterHydration>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match partners.await {
                        Ok(list) if list.partners.is_empty() => {
                            view! {
                                <p class="empty">
                                    "Партнёров по этим условиям нет. Измените поиск или фильтры."
                                </p>
                            }
                                .into_any()
                        }
                        Ok(list) => {
                            let more = list.more;
                            let count = list.partners.len();
                            view! {
                                <p class="muted" data-testid="registry-count">
                                    {format!(
                                        "Найдено: {count}{}",
                                        if more { "+ (уточните поиск)" } else { "" },
                                    )}
                                </p>
                                <RegistryTable partners=list.partners help_kinds=help_kinds districts=districts />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AfterHydration>
    }
}

#[component]
fn RegistryTable(
    partners: Vec<PartnerSummary>,
    help_kinds: StoredValue<Vec<HelpKind>>,
    districts: StoredValue<Vec<DistrictShape>>,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table registry">
                <thead>
                    <tr>
                        <th>"Организация"</th>
                        <th>"Адрес и телефон"</th>
                        <th>"Участки"</th>
                        <th>"Виды помощи"</th>
                        <th>"Соглашение"</th>
                        <th>"Проверено"</th>
                    </tr>
                </thead>
                <tbody>
                    {partners
                        .into_iter()
                        .map(|p| view! { <RegistryRow partner=p help_kinds=help_kinds districts=districts /> })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One partner of the registry; a check older than a year is marked.
#[component]
fn RegistryRow(
    partner: PartnerSummary,
    help_kinds: StoredValue<Vec<HelpKind>>,
    districts: StoredValue<Vec<DistrictShape>>,
) -> impl IntoView {
    let p = partner;
    let today = crate::time::local_today(chrono::Utc::now());
    let stale = p.verified_on.is_none_or(|d| (today - d).num_days() > 365);
    view! {
        <tr class:archived=p.archived>
            <td>
                <a href=format!("/resources/partners/{}", p.id)>{p.name.clone()}</a>
                <div class="muted small">
                    <span class="dot" style=format!("background:{}", p.kind.color())></span>
                    {p.kind.label()}
                </div>
            </td>
            <td>
                {p.address.clone()}
                <div class="small">{p.phone.as_deref().map(crate::phone::format_phone).unwrap_or_default()}</div>
            </td>
            <td>{districts_label(&p.districts, &districts.get_value())}</td>
            <td>
                <ul class="chips-list">
                    {p
                        .help
                        .iter()
                        .map(|h| view! { <li class="tag">{help_label(&help_kinds.get_value(), h)}</li> })
                        .collect_view()}
                </ul>
                {p.free.then(|| view! { <span class="badge badge-ok">"бесплатно"</span> })}
                {(p.discount && !p.free).then(|| view! { <span class="badge">"льготно"</span> })}
            </td>
            <td>{if p.agreement_in_force { "действует" } else { "—" }}</td>
            <td class:stale=stale>
                {p.verified_on.map(format_naive_date).unwrap_or_else(|| "не проверялся".into())}
            </td>
        </tr>
    }
}
