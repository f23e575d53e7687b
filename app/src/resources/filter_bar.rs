//! The filter row of the map and the registry: a GET form, so the filters live in the URL.

use super::types::*;
use crate::components::filters::{filter_select, FilterCheck, FilterSearch};
use leptos::prelude::*;

/// The filter row shared by the map and the registry: a GET form, so filters live in the URL.
#[component]
pub(crate) fn FilterBar(lists: ResourceLists, filters: PartnerQuery, tab: &'static str) -> impl IntoView {
    let help: Vec<(String, String)> = lists.help_kinds.iter().map(|k| (k.code.clone(), k.label.clone())).collect();
    let kinds: Vec<(String, String)> =
        PartnerKind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect();
    let districts: Vec<(String, String)> = lists.districts.iter().map(|d| (d.id.clone(), d.name.clone())).collect();
    let costs = vec![
        ("free".to_string(), "Бесплатно".to_string()),
        ("discount".to_string(), "Бесплатно или льготно".to_string()),
    ];
    view! {
        <form class="filters resource-filters" method="get" action="/resources" role="search">
            <input type="hidden" name="tab" value=tab />
            <FilterSearch
                name="q"
                label="Поиск"
                current=filters.text.clone()
                placeholder="юрист, дрова, ул. Мира…"
                maxlength=200
            />
            {filter_select("help", "Вид помощи", filters.help.clone(), help, "Любой")}
            {filter_select("district", "Участок", filters.district.clone(), districts, "Все участки")}
            {filter_select("kind", "Вид организации", filters.kind.clone(), kinds, "Любой")}
            {filter_select("cost", "Стоимость", filters.cost.clone(), costs, "Любая")}
            <FilterCheck name="agreement" label="Соглашение действует" checked=filters.agreement />
            <FilterCheck name="archived" label="Архив" checked=filters.archived />
            <button class="btn btn-primary" type="submit">
                "Найти"
            </button>
            <a class="btn btn-secondary" href=format!("/resources?tab={tab}")>
                "Сбросить"
            </a>
        </form>
    }
}
