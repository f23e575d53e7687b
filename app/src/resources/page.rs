//! `/resources`: the territory resource map. Tabs: the map, the registry of partners, district
//! passports due for verification, the coverage of kinds of help by district, the registries of
//! benefactors and beneficiaries, and import/export. Filters live in the URL.

use super::api::load_resource_lists;
use super::coverage_tab::CoverageTab;
use super::donations::DonationsTab;
use super::import_page::ImportTab;
use super::map_tab::MapTab;
use super::passports_tab::PassportsTab;
use super::registry_tab::RegistryTab;
use super::types::*;
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const TABS: [(&str, &str); 6] = [
    ("map", "Карта"),
    ("registry", "Реестр партнёров"),
    ("passports", "Паспорта участков"),
    ("coverage", "Покрытие"),
    ("donations", "Благотворители и благополучатели"),
    ("import", "Импорт и выгрузка"),
];

#[component]
pub fn ResourcesPage() -> impl IntoView {
    let query = use_query_map();
    let tab = Memo::new(move |_| query.with(|q| q.get("tab").unwrap_or_else(|| "map".into())));
    let filters = Memo::new(move |_| {
        query.with(|q| {
            let pairs: Vec<(String, String)> = ["q", "help", "kind", "district", "cost", "agreement", "archived"]
                .iter()
                .filter_map(|k| q.get(k).map(|v| (k.to_string(), v)))
                .collect();
            PartnerQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        })
    });
    let lists = Resource::new(|| (), |_| load_resource_lists());
    view! {
        <AppShell title="Карта ресурсов">
            <div class="page-head">
                <div>
                    <h1>"Карта ресурсов территории"</h1>
                    <p class="muted">
                        "Кто и чем может помочь на каждом участке: партнёры, паспорта участков, благотворители."
                    </p>
                </div>
            </div>
            <nav class="tabs" aria-label="Разделы карты ресурсов">
                {TABS
                    .into_iter()
                    .map(|(code, label)| {
                        let href = move || {
                            let rest = filters.get().to_query_string();
                            if rest.is_empty() || !matches!(code, "map" | "registry") {
                                format!("/resources?tab={code}")
                            } else {
                                format!("/resources?tab={code}&{rest}")
                            }
                        };
                        view! {
                            <a class="tab" href=href aria-current=move || (tab.get() == code).then_some("page")>
                                {label}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match lists.await {
                        Ok(lists) => {
                            let lists = StoredValue::new(lists);
                            view! {
                                {move || match tab.get().as_str() {
                                    "registry" => {
                                        view! { <RegistryTab lists=lists.get_value() filters=filters /> }.into_any()
                                    }
                                    "passports" => view! { <PassportsTab /> }.into_any(),
                                    "coverage" => view! { <CoverageTab /> }.into_any(),
                                    "donations" => view! { <DonationsTab lists=lists.get_value() /> }.into_any(),
                                    "import" => view! { <ImportTab lists=lists.get_value() /> }.into_any(),
                                    _ => view! { <MapTab lists=lists.get_value() filters=filters /> }.into_any(),
                                }}
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}
