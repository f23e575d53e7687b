//! `/resources`: the territory resource map. Tabs: the map, the registry of partners, district
//! passports due for verification, the coverage of kinds of help by district, the registries of
//! benefactors and beneficiaries, and import/export. Filters live in the URL.

use super::api::*;
use super::labels::{districts_label, help_label};
use super::types::*;
use crate::components::filters::filter_select;
use crate::components::{AfterHydration, ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use crate::time::format_naive_date;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub use super::partner_page::{NewPartnerPage, PartnerPage};
pub use super::passport_page::PassportPage;

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
                                    "donations" => {
                                        view! { <super::donations::DonationsTab lists=lists.get_value() /> }.into_any()
                                    }
                                    "import" => {
                                        view! { <super::import_page::ImportTab lists=lists.get_value() /> }.into_any()
                                    }
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

/// The filter row shared by the map and the registry: a GET form, so filters live in the URL.
#[component]
fn FilterBar(lists: ResourceLists, filters: PartnerQuery, tab: &'static str) -> impl IntoView {
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
            <label class="filter filter-search">
                <span>"Поиск"</span>
                <input
                    type="search"
                    name="q"
                    value=filters.text.clone()
                    placeholder="юрист, дрова, ул. Мира…"
                    maxlength="200"
                />
            </label>
            {filter_select("help", "Вид помощи", filters.help.clone(), help, "Любой")}
            {filter_select("district", "Участок", filters.district.clone(), districts, "Все участки")}
            {filter_select("kind", "Вид организации", filters.kind.clone(), kinds, "Любой")}
            {filter_select("cost", "Стоимость", filters.cost.clone(), costs, "Любая")}
            <label class="filter filter-check">
                <input type="checkbox" name="agreement" value="1" checked=filters.agreement />
                <span>"Соглашение действует"</span>
            </label>
            <label class="filter filter-check">
                <input type="checkbox" name="archived" value="1" checked=filters.archived />
                <span>"Архив"</span>
            </label>
            <button class="btn btn-primary" type="submit">
                "Найти"
            </button>
            <a class="btn btn-secondary" href=format!("/resources?tab={tab}")>
                "Сбросить"
            </a>
        </form>
    }
}

/// Editing a district's boundary on the map.
#[derive(Debug, Clone, PartialEq)]
enum Boundary {
    Idle,
    Editing(String),
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    Saving(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Selection {
    Nothing,
    Partner(String),
    District(String),
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    Point(f64, f64),
}

/// The map with the districts and the partners of the current filters, and a side panel.
#[component]
fn MapTab(lists: ResourceLists, filters: Memo<PartnerQuery>) -> impl IntoView {
    let partners = Resource::new(move || filters.get(), list_partners);
    // Opened from a passport («На карте»): that district is selected.
    let selected = RwSignal::new(match filters.get_untracked().district {
        district if !district.is_empty() => Selection::District(district),
        _ => Selection::Nothing,
    });
    let editing = RwSignal::new(false);
    let boundary = RwSignal::new(Boundary::Idle);
    let notice = RwSignal::new(None::<Result<String, String>>);
    // Places and versions saved after a drag, until the list is loaded again.
    let moved = RwSignal::new(std::collections::HashMap::<String, (i64, f64, f64)>::new());
    let container = NodeRef::<leptos::html::Div>::new();
    // What depends on the loaded partners is drawn in the browser only, after hydration: the
    // server renders the frame, the browser fills it (the map is a browser thing anyway).
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    let lists = StoredValue::new(lists);
    let districts = lists.with_value(|l| l.districts.clone());
    let shown = Memo::new(move |_| {
        let mut list: Vec<PartnerSummary> = partners.get().and_then(Result::ok).map(|l| l.partners).unwrap_or_default();
        moved.with(|m| {
            for p in list.iter_mut() {
                if let Some((version, lat, lon)) = m.get(&p.id) {
                    p.version = *version;
                    p.lat = Some(*lat);
                    p.lon = Some(*lon);
                }
            }
        });
        list
    });

    #[cfg(feature = "hydrate")]
    {
        use super::map::{districts_json, partners_json, with_map_scripts, MapHandle};
        let handle = StoredValue::new_local(None::<MapHandle>);
        let ready = RwSignal::new(false);
        Effect::new(move |_| {
            let Some(element) = container.get() else { return };
            if handle.with_value(Option::is_some) {
                return;
            }
            let (tiles, attribution) = lists.with_value(|l| (l.tiles.clone(), l.tiles_attribution.clone()));
            with_map_scripts(move || {
                let options = serde_json::json!({
                    "tiles": tiles, "attribution": attribution, "center": [61.3125, 63.334], "zoom": 13, "editable": false,
                });
                let Some(map) = MapHandle::create(&element, &options) else { return };
                map.on_partner_click(move |id| selected.set(Selection::Partner(id)));
                map.on_district_click(move |id| selected.set(Selection::District(id)));
                map.on_map_click(move |lat, lon| {
                    if editing.get_untracked() {
                        selected.set(Selection::Point(lat, lon));
                    }
                });
                map.on_partner_moved(move |id, lat, lon| {
                    let Some(partner) = shown.get_untracked().into_iter().find(|p| p.id == id) else { return };
                    leptos::task::spawn_local(async move {
                        match locate_partner(id.clone(), partner.version, lat, lon).await {
                            Ok(version) => {
                                moved.update(|m| {
                                    m.insert(id.clone(), (version, lat, lon));
                                });
                                selected.set(Selection::Partner(id));
                                notice.set(Some(Ok(format!("Место «{}» сохранено: {lat:.6}, {lon:.6}", partner.name))));
                            }
                            Err(e) => {
                                notice.set(Some(Err(format!("Место «{}» не сохранено. {e}", partner.name))));
                                // Put the marker back where the server has it.
                                partners.refetch();
                            }
                        }
                    });
                });
                handle.set_value(Some(map));
                ready.set(true);
            });
        });
        Effect::new(move |_| {
            let chosen = match selected.get() {
                Selection::District(id) => Some(id),
                _ => None,
            };
            if ready.get() {
                let json = districts_json(&lists.with_value(|l| l.districts.clone()), chosen.as_deref());
                handle.with_value(|h| {
                    if let Some(h) = h {
                        h.set_districts(&json);
                    }
                });
            }
        });
        Effect::new(move |first: Option<bool>| {
            let list = shown.get();
            if !ready.get() {
                return true;
            }
            handle.with_value(|h| {
                if let Some(h) = h {
                    h.set_partners(&partners_json(&list));
                    if first.unwrap_or(true) {
                        h.fit_districts();
                    }
                }
            });
            false
        });
        Effect::new(move |_| {
            let on = editing.get();
            if ready.get() {
                handle.with_value(|h| {
                    if let Some(h) = h {
                        h.set_editable(on);
                    }
                });
            }
        });
        Effect::new(move |_| {
            if let Selection::Partner(id) = selected.get() {
                handle.with_value(|h| {
                    if let Some(h) = h {
                        h.focus_partner(&id);
                    }
                });
            }
        });
        Effect::new(move |_| {
            let step = boundary.get();
            if !ready.get() {
                return;
            }
            handle.with_value(|h| {
                let Some(h) = h else { return };
                match &step {
                    Boundary::Idle => h.cancel_boundary(),
                    Boundary::Editing(id) => h.edit_boundary(id),
                    Boundary::Saving(id) => {
                        let Some(changed) = h.finish_boundary() else { return };
                        // The district and the neighbours whose shared corners moved with it.
                        let changed: serde_json::Map<String, serde_json::Value> =
                            serde_json::from_str(&changed).unwrap_or_default();
                        let features: Vec<serde_json::Value> = lists.with_value(|l| {
                            changed
                                .iter()
                                .filter_map(|(key, rings)| {
                                    let number = l.districts.iter().find(|d| d.id == *key)?.number;
                                    Some(serde_json::json!({
                                        "type": "Feature", "properties": { "number": number },
                                        "geometry": { "type": "Polygon", "coordinates": rings },
                                    }))
                                })
                                .collect()
                        });
                        if features.is_empty() {
                            notice.set(Some(Ok("Граница не менялась.".into())));
                            return;
                        }
                        let feature = serde_json::json!({ "type": "FeatureCollection", "features": features });
                        let id = id.clone();
                        leptos::task::spawn_local(async move {
                            match import_boundaries(feature.to_string()).await {
                                Ok(_) => {
                                    if let Some(window) = web_sys::window() {
                                        let _ = window.location().assign(&format!("/resources?tab=map&district={id}"));
                                    }
                                }
                                Err(e) => {
                                    let message = match e {
                                        crate::error::AppError::Validation(f) => {
                                            f.get("file").unwrap_or_default().to_string()
                                        }
                                        other => other.to_string(),
                                    };
                                    notice.set(Some(Err(format!("Граница не сохранена. {message}"))));
                                    boundary.set(Boundary::Editing(id));
                                }
                            }
                        });
                    }
                }
            });
        });
        on_cleanup(move || {
            handle.with_value(|h| {
                if let Some(h) = h {
                    h.destroy();
                }
            })
        });
    }

    let can_edit = lists.with_value(|l| l.can_edit);
    let can_edit_boundaries = lists.with_value(|l| l.can_edit_boundaries);
    let help_kinds = lists.with_value(|l| l.help_kinds.clone());
    let help_kinds = StoredValue::new(help_kinds);
    let districts = StoredValue::new(districts);
    view! {
        <FilterBar lists=lists.get_value() filters=filters.get_untracked() tab="map" />
        <div class="map-layout">
            <div class="map-wrap">
                <div class="map-toolbar">
                    {can_edit
                        .then(|| {
                            view! {
                                <label class="toggle">
                                    <input
                                        type="checkbox"
                                        data-testid="move-markers"
                                        prop:checked=move || editing.get()
                                        on:change=move |ev| editing.set(event_target_checked(&ev))
                                    />
                                    <span>
                                        "Перемещать отметки и добавлять партнёров на карте"
                                    </span>
                                </label>
                            }
                        })}
                    <span class="muted">
                        {move || {
                            mounted
                                .get()
                                .then(|| {
                                    let list = shown.get();
                                    let placed = list.iter().filter(|p| p.lat.is_some()).count();
                                    format!("На карте: {placed} из {}", list.len())
                                })
                        }}
                    </span>
                </div>
                <div
                    class="resource-map"
                    node_ref=container
                    data-testid="resource-map"
                    aria-label="Карта участков и партнёров"
                ></div>
                <ul class="map-legend" aria-label="Цвета видов организаций">
                    {[
                        PartnerKind::SocialProtection,
                        PartnerKind::Health,
                        PartnerKind::Education,
                        PartnerKind::Culture,
                        PartnerKind::Ngo,
                        PartnerKind::MilitaryCommissariat,
                        PartnerKind::Employment,
                        PartnerKind::Business,
                    ]
                        .into_iter()
                        .map(|k| {
                            view! {
                                <li>
                                    <span class="dot" style=format!("background:{}", k.color())></span>
                                    {k.label()}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
            <aside class="map-panel" aria-live="polite">
                <Show when=move || mounted.get() fallback=|| view! { <Loading /> }>
                    {move || {
                        notice
                            .get()
                            .map(|n| match n {
                                Ok(m) => {
                                    view! {
                                        <div class="notice notice-success" role="status" data-testid="map-notice">
                                            {m}
                                        </div>
                                    }
                                        .into_any()
                                }
                                Err(m) => {
                                    view! {
                                        <div class="notice notice-error" role="alert" data-testid="map-notice">
                                            {m}
                                        </div>
                                    }
                                        .into_any()
                                }
                            })
                    }}
                    {move || match selected.get() {
                        Selection::Partner(id) => {
                            let partner = shown.get().into_iter().find(|p| p.id == id);
                            match partner {
                                Some(p) => {
                                    view! {
                                        <PartnerSummaryCard
                                            partner=p
                                            help_kinds=help_kinds.get_value()
                                            districts=districts.get_value()
                                        />
                                    }
                                        .into_any()
                                }
                                None => ().into_any(),
                            }
                        }
                        Selection::District(id) => {
                            let district = districts.with_value(|d| d.iter().find(|d| d.id == id).cloned());
                            let count = shown
                                .with(|list| {
                                    list.iter().filter(|p| p.districts.is_empty() || p.districts.contains(&id)).count()
                                });
                            match district {
                                Some(d) => {
                                    view! {
                                        <DistrictSummary
                                            district=d
                                            partners=count
                                            can_edit_boundary=can_edit_boundaries
                                            boundary=boundary
                                        />
                                    }
                                        .into_any()
                                }
                                None => ().into_any(),
                            }
                        }
                        Selection::Point(lat, lon) => {
                            view! {
                                <section class="panel-card">
                                    <h2>"Новая точка"</h2>
                                    <p>{format!("{lat:.6}, {lon:.6}")}</p>
                                    <a
                                        class="btn btn-primary"
                                        href=format!("/resources/partners/new?lat={lat:.6}&lon={lon:.6}")
                                    >
                                        "Добавить партнёра здесь"
                                    </a>
                                </section>
                            }
                                .into_any()
                        }
                        Selection::Nothing => {
                            view! {
                                <section class="panel-card">
                                    <h2>"Партнёры"</h2>
                                    <p class="muted">
                                        "Нажмите на участок — откроется его паспорт; на отметку — карточка партнёра."
                                    </p>
                                    <Transition fallback=|| {
                                        view! { <Loading /> }
                                    }>
                                        {move || Suspend::new(async move {
                                            match partners.await {
                                                Ok(list) if list.partners.is_empty() => {
                                                    view! {
                                                        <p class="empty">
                                                            "По этим условиям партнёров нет. Измените фильтры."
                                                        </p>
                                                    }
                                                        .into_any()
                                                }
                                                Ok(list) => {
                                                    view! {
                                                        <ul class="panel-list">
                                                            {list
                                                                .partners
                                                                .into_iter()
                                                                .take(60)
                                                                .map(|p| {
                                                                    let id = p.id.clone();
                                                                    view! {
                                                                        <li>
                                                                            <button
                                                                                class="link-button"
                                                                                on:click=move |_| {
                                                                                    selected.set(Selection::Partner(id.clone()))
                                                                                }
                                                                            >
                                                                                <span
                                                                                    class="dot"
                                                                                    style=format!("background:{}", p.kind.color())
                                                                                ></span>
                                                                                {p.name.clone()}
                                                                            </button>
                                                                        </li>
                                                                    }
                                                                })
                                                                .collect_view()}
                                                        </ul>
                                                    }
                                                        .into_any()
                                                }
                                                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                                            }
                                        })}
                                    </Transition>
                                </section>
                            }
                                .into_any()
                        }
                    }}
                </Show>
            </aside>
        </div>
    }
}

#[component]
fn PartnerSummaryCard(
    partner: PartnerSummary,
    help_kinds: Vec<HelpKind>,
    districts: Vec<DistrictShape>,
) -> impl IntoView {
    let coordinates = match (partner.lat, partner.lon) {
        (Some(lat), Some(lon)) => format!("{lat:.6}, {lon:.6}"),
        _ => "не отмечен на карте".into(),
    };
    view! {
        <section class="panel-card" data-testid="partner-summary">
            <p class="kind-label">
                <span class="dot" style=format!("background:{}", partner.kind.color())></span>
                {partner.kind.label()}
            </p>
            <h2>{partner.name.clone()}</h2>
            <p>{partner.address.clone()}</p>
            {partner
                .phone
                .clone()
                .map(|ph| {
                    view! {
                        <p>
                            <a href=format!("tel:{ph}")>{crate::phone::format_phone(&ph)}</a>
                        </p>
                    }
                })}
            <p class="muted">"Участки: " {districts_label(&partner.districts, &districts)}</p>
            <p class="muted" data-testid="partner-coordinates">
                "Координаты: "
                {coordinates}
            </p>
            <ul class="chips-list">
                {partner
                    .help
                    .iter()
                    .map(|h| view! { <li class="tag">{help_label(&help_kinds, h)}</li> })
                    .collect_view()}
            </ul>
            <a class="btn btn-primary" href=format!("/resources/partners/{}", partner.id)>
                "Открыть карточку"
            </a>
        </section>
    }
}

#[component]
fn DistrictSummary(
    district: DistrictShape,
    partners: usize,
    can_edit_boundary: bool,
    boundary: RwSignal<Boundary>,
) -> impl IntoView {
    let id = district.id.clone();
    let editing_this = move || boundary.get() == Boundary::Editing(id.clone());
    let start_id = district.id.clone();
    let save_id = district.id.clone();
    view! {
        <section class="panel-card" data-testid="district-summary">
            <h2>{district.name.clone()}</h2>
            {if district.overdue {
                view! { <p class="badge badge-danger">"⚠ Паспорт просрочен"</p> }.into_any()
            } else {
                view! { <p class="badge badge-ok">"Паспорт актуален"</p> }.into_any()
            }}
            <p class="muted">
                "Проверен: "
                {district.verified_on.map(format_naive_date).unwrap_or_else(|| "никогда".into())}
            </p>
            <p>
                "Партнёров на участке (с учётом работающих по всему городу): "
                <strong>{partners}</strong>
            </p>
            <a class="btn btn-primary" href=format!("/resources/districts/{}", district.id)>
                "Открыть паспорт участка"
            </a>
            {(can_edit_boundary && !district.rings.is_empty())
                .then(|| {
                    view! {
                        <Show
                            when=editing_this.clone()
                            fallback=move || {
                                let id = start_id.clone();
                                view! {
                                    <button
                                        class="btn btn-secondary"
                                        on:click=move |_| boundary.set(Boundary::Editing(id.clone()))
                                    >
                                        "Изменить границу"
                                    </button>
                                }
                            }
                        >
                            <p class="hint" data-testid="boundary-hint">
                                "Перетащите углы участка на карте, затем сохраните."
                            </p>
                            <div class="toolbar">
                                <button
                                    class="btn btn-primary"
                                    on:click={
                                        let id = save_id.clone();
                                        move |_| boundary.set(Boundary::Saving(id.clone()))
                                    }
                                >
                                    "Сохранить границу"
                                </button>
                                <button class="btn btn-secondary" on:click=move |_| boundary.set(Boundary::Idle)>
                                    "Отменить"
                                </button>
                            </div>
                        </Show>
                    }
                })}
        </section>
    }
}

/// The registry as a table.
#[component]
fn RegistryTab(lists: ResourceLists, filters: Memo<PartnerQuery>) -> impl IntoView {
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
                                            {list
                                                .partners
                                                .into_iter()
                                                .map(|p| {
                                                    let today = crate::time::local_today(chrono::Utc::now());
                                                    let stale = p
                                                        .verified_on
                                                        .is_none_or(|d| (today - d).num_days() > 365);
                                                    view! {
                                                        <tr class:archived=p.archived>
                                                            <td>
                                                                <a href=format!(
                                                                    "/resources/partners/{}",
                                                                    p.id,
                                                                )>{p.name.clone()}</a>
                                                                <div class="muted small">
                                                                    <span
                                                                        class="dot"
                                                                        style=format!("background:{}", p.kind.color())
                                                                    ></span>
                                                                    {p.kind.label()}
                                                                </div>
                                                            </td>
                                                            <td>
                                                                {p.address.clone()}
                                                                <div class="small">
                                                                    {p
                                                                        .phone
                                                                        .as_deref()
                                                                        .map(crate::phone::format_phone)
                                                                        .unwrap_or_default()}
                                                                </div>
                                                            </td>
                                                            <td>
                                                                {districts_label(&p.districts, &districts.get_value())}
                                                            </td>
                                                            <td>
                                                                <ul class="chips-list">
                                                                    {p
                                                                        .help
                                                                        .iter()
                                                                        .map(|h| {
                                                                            view! {
                                                                                <li class="tag">
                                                                                    {help_label(&help_kinds.get_value(), h)}
                                                                                </li>
                                                                            }
                                                                        })
                                                                        .collect_view()}
                                                                </ul>
                                                                {p
                                                                    .free
                                                                    .then(|| {
                                                                        view! {
                                                                            <span class="badge badge-ok">"бесплатно"</span>
                                                                        }
                                                                    })}
                                                                {(p.discount && !p.free)
                                                                    .then(|| {
                                                                        view! { <span class="badge">"льготно"</span> }
                                                                    })}
                                                            </td>
                                                            <td>
                                                                {if p.agreement_in_force {
                                                                    "действует"
                                                                } else {
                                                                    "—"
                                                                }}
                                                            </td>
                                                            <td class:stale=stale>
                                                                {p
                                                                    .verified_on
                                                                    .map(format_naive_date)
                                                                    .unwrap_or_else(|| "не проверялся".into())}
                                                            </td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
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

/// District passports, overdue ones first.
#[component]
fn PassportsTab() -> impl IntoView {
    let due = Resource::new(|| (), |_| passports_due());
    view! {
        <AfterHydration>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match due.await {
                        Ok(list) => {
                            let overdue = list.iter().filter(|p| p.overdue).count();
                            view! {
                                <p class="lead">
                                    "Паспорт участка проверяют не реже раза в полгода. "
                                    {if overdue > 0 {
                                        view! {
                                            <strong class="text-danger" data-testid="overdue-count">
                                                {format!("Просрочено: {overdue}")}
                                            </strong>
                                        }
                                            .into_any()
                                    } else {
                                        view! { <strong>"Все паспорта актуальны."</strong> }
                                            .into_any()
                                    }}
                                </p>
                                <div class="table-wrap">
                                    <table class="data-table passports">
                                        <thead>
                                            <tr>
                                                <th>"Участок"</th>
                                                <th>"Проверен"</th>
                                                <th>"Проверить до"</th>
                                                <th>"Партнёров"</th>
                                                <th></th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {list
                                                .into_iter()
                                                .map(|p| {
                                                    view! {
                                                        <tr
                                                            class:overdue=p.overdue
                                                            data-testid=format!("passport-{}", p.id)
                                                        >
                                                            <td>
                                                                <a href=format!(
                                                                    "/resources/districts/{}",
                                                                    p.id,
                                                                )>{p.name.clone()}</a>
                                                            </td>
                                                            <td>
                                                                {p
                                                                    .verified_on
                                                                    .map(format_naive_date)
                                                                    .unwrap_or_else(|| "никогда".into())}
                                                            </td>
                                                            <td>
                                                                {p
                                                                    .due_on
                                                                    .map(format_naive_date)
                                                                    .unwrap_or_else(|| "сейчас".into())}
                                                            </td>
                                                            <td>{p.partners}</td>
                                                            <td>
                                                                {p
                                                                    .overdue
                                                                    .then(|| {
                                                                        view! {
                                                                            <span class="badge badge-danger">
                                                                                "⚠ просрочен"
                                                                            </span>
                                                                        }
                                                                    })}
                                                            </td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
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

/// Kinds of help × districts: where no partner covers a need.
#[component]
fn CoverageTab() -> impl IntoView {
    let coverage = Resource::new(|| (), |_| load_coverage());
    view! {
        <AfterHydration>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match coverage.await {
                        Ok(c) => {
                            let gaps = c.gaps();
                            let districts = c.districts.clone();
                            view! {
                                <p class="lead">
                                    "Сколько партнёров даёт каждый вид помощи на каждом участке (вместе с работающими по всему городу). "
                                    <strong data-testid="gap-count">{format!("Пробелов: {gaps}")}</strong>
                                </p>
                                <div class="table-wrap">
                                    <table class="data-table coverage">
                                        <thead>
                                            <tr>
                                                <th>"Вид помощи"</th>
                                                {districts
                                                    .iter()
                                                    .map(|(_, number, name)| {
                                                        view! { <th title=name.clone()>{format!("№ {number}")}</th> }
                                                    })
                                                    .collect_view()}
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {c
                                                .help_kinds
                                                .iter()
                                                .zip(c.counts.iter())
                                                .map(|(kind, row)| {
                                                    view! {
                                                        <tr data-help=kind.code.clone()>
                                                            <th scope="row">{kind.label.clone()}</th>
                                                            {row
                                                                .iter()
                                                                .zip(districts.iter())
                                                                .map(|(count, (id, number, _))| {
                                                                    let href = format!(
                                                                        "/resources?tab=registry&help={}&district={id}",
                                                                        kind.code,
                                                                    );
                                                                    let label = format!(
                                                                        "{}: участок № {number}",
                                                                        kind.label,
                                                                    );
                                                                    if *count == 0 {
                                                                        view! {
                                                                            <td
                                                                                class="gap"
                                                                                data-district=id.clone()
                                                                                aria-label=format!("{label}: нет партнёров")
                                                                            >
                                                                                "нет"
                                                                            </td>
                                                                        }
                                                                            .into_any()
                                                                    } else {
                                                                        view! {
                                                                            <td data-district=id.clone()>
                                                                                <a href=href aria-label=label>
                                                                                    {*count}
                                                                                </a>
                                                                            </td>
                                                                        }
                                                                            .into_any()
                                                                    }
                                                                })
                                                                .collect_view()}
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
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
