//! The door-to-door round (`/elders/walk?district=…&street=…&house=…`, seed 002 §4.2): choose a
//! street of the district and its houses, get the people living there by house and flat, mark
//! each visited at the door in one tap (kept on the tablet and sent when the connection returns,
//! as every contact) or record the whole contact; the list prints on A4 for the walk.

use super::api::walk;
use super::contact_form::ContactFormView;
use super::outbox::{new_client_key, Outbox, OutboxNotice};
use super::rules::contacted_this_month;
use super::types::{ContactForm, ContactPurpose, ContactWay};
use super::walk::{Door, WalkPage, WalkQuery};
use super::widgets::{age_text, last_contact_text, CallLinks, GroupBadges};
use crate::components::print::PrintButton;
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// What a visit marked at the door says.
pub const VISITED: &str = "Посещён(а) при поквартирном обходе";

#[component]
pub fn WalkPageView() -> impl IntoView {
    let map = use_query_map();
    let query = Memo::new(move |_| {
        map.with(|m| WalkQuery {
            district: m.get("district").unwrap_or_default(),
            street: m.get("street").unwrap_or_default(),
            houses: m.get_all("house").unwrap_or_default().join("\n"),
        })
    });
    let page = Resource::new(move || query.get(), walk);
    Outbox::provide();
    view! {
        <AppShell title="Поквартирный обход">
            <div class="page-head no-print">
                <div>
                    <a class="back" href="/elders">
                        "← Реестр 55+"
                    </a>
                    <h1>"Поквартирный обход"</h1>
                    <p class="muted">
                        "Выберите улицу и дома — список жильцов из реестра по домам и квартирам. «Посещён» отмечается у двери, и без связи."
                    </p>
                </div>
                <div class="actions">
                    <PrintButton label="Печать списка" secondary=true />
                </div>
            </div>
            <OutboxNotice />
            <Transition fallback=|| {
                view! { <Loading label="Загрузка улиц…" /> }
            }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <Body page=page /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn Body(page: WalkPage) -> impl IntoView {
    let several = page.districts.len() > 1;
    let district = page.district.clone();
    let district_name =
        page.districts.iter().find(|d| d.id == page.district).map(|d| d.name.clone()).unwrap_or_default();
    let chosen_street = page.street.clone();
    let houses_chosen = page.houses_chosen.clone();
    let title = if page.street.is_empty() {
        district_name.clone()
    } else if page.houses_chosen.is_empty() {
        format!("{district_name}: {}", page.street)
    } else {
        format!("{district_name}: {}, {}", page.street, page.houses_chosen.join(", "))
    };
    let doors = page.doors.len();
    let mut by_house: Vec<(String, Vec<Door>)> = Vec::new();
    for door in page.doors {
        match by_house.last_mut() {
            Some((house, list)) if *house == door.house => list.push(door),
            _ => by_house.push((door.house.clone(), vec![door])),
        }
    }
    let district_field = if several {
        let options = page
            .districts
            .iter()
            .map(|d| {
                view! {
                    <option value=d.id.clone() selected=d.id == district>
                        {d.name.clone()}
                    </option>
                }
            })
            .collect_view();
        view! {
            <label class="filter">
                <span>"Участок"</span>
                <select name="district">{options}</select>
            </label>
        }
        .into_any()
    } else {
        view! { <input type="hidden" name="district" value=district.clone() /> }.into_any()
    };
    let street_options = page
        .streets
        .iter()
        .map(|s| {
            view! {
                <option value=s.name.clone() selected=s.name == chosen_street>
                    {format!("{} — {} чел., в этом месяце {}", s.name, s.people, s.reached)}
                </option>
            }
        })
        .collect_view();
    let street = page.street.clone();
    let houses_form = (!street.is_empty()).then(|| {
        let chips = page
            .houses
            .iter()
            .map(|h| {
                view! {
                    <label class="chip">
                        <input
                            type="checkbox"
                            name="house"
                            value=h.name.clone()
                            checked=houses_chosen.contains(&h.name)
                        />
                        <span>
                            {format!(
                                "{} · {} чел., в этом месяце {}",
                                if h.name.is_empty() { "без номера" } else { h.name.as_str() },
                                h.people,
                                h.reached,
                            )}
                        </span>
                    </label>
                }
            })
            .collect_view();
        view! {
            <Form method="GET" action="/elders/walk" attr:class="card no-print walk-houses">
                <input type="hidden" name="district" value=district.clone() />
                <input type="hidden" name="street" value=street.clone() />
                <fieldset>
                    <legend>"Дома обхода (не выбрано — вся улица)"</legend>
                    <div class="chips">{chips}</div>
                </fieldset>
                <button type="submit" class="btn btn-primary">
                    "Показать жильцов"
                </button>
            </Form>
        }
    });
    let list = if page.street.is_empty() {
        let text = if page.streets.is_empty() {
            "В реестре участка пока нет людей с адресом.".to_string()
        } else {
            format!("Улиц с жителями из реестра: {}. Выберите улицу, чтобы спланировать обход.", page.streets.len())
        };
        view! {
            <div class="empty card" data-testid="walk-empty">
                {text}
            </div>
        }
        .into_any()
    } else {
        let houses = by_house
            .into_iter()
            .map(|(house, doors)| {
                view! {
                    <h3 class="walk-house">
                        {if house.is_empty() { "Дом не указан".to_string() } else { house }}
                    </h3>
                    <ul class="walk-doors">{doors.into_iter().map(|d| view! { <DoorRow door=d /> }).collect_view()}</ul>
                }
            })
            .collect_view();
        view! {
            <section class="walk-sheet" data-testid="walk-list">
                <h2 class="walk-title">{format!("Поквартирный обход — {title}")}</h2>
                <p class="muted">{format!("Жильцов в списке: {doors} · {}", page.month)}</p>
                {houses}
            </section>
        }
        .into_any()
    };
    view! {
        <Form method="GET" action="/elders/walk" attr:class="filters card no-print walk-chooser">
            <div class="filter-row">
                {district_field} <label class="filter grow">
                    <span>"Улица"</span>
                    <select name="street">
                        <option value="">"— выберите улицу —"</option>
                        {street_options}
                    </select>
                </label> <button type="submit" class="btn btn-primary">
                    "Показать дома"
                </button>
            </div>
        </Form>
        {houses_form}
        {list}
    }
}

/// A person at a door: «Посещён» in one tap, or the whole contact.
#[component]
fn DoorRow(door: Door) -> impl IntoView {
    let outbox = expect_context::<Outbox>();
    let today = crate::time::local_today(chrono::Utc::now());
    let p = door.person;
    let id = StoredValue::new(p.id.clone());
    let name = StoredValue::new(p.full_name.clone());
    let reached_before = contacted_this_month(p.last_contact_on, today);
    let sent = move || outbox.sent_to(&id.get_value());
    let waiting = move || outbox.waiting_for(&id.get_value());
    let open = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let visited = move |_| {
        let form = ContactForm {
            client_key: new_client_key(),
            at: crate::time::to_datetime_local(chrono::Utc::now()),
            way: ContactWay::Visit.code().to_string(),
            purposes: vec![ContactPurpose::Support.code().to_string(), ContactPurpose::Needs.code().to_string()],
            result: VISITED.to_string(),
            ..Default::default()
        };
        if let Err(e) = outbox.record(&id.get_value(), &name.get_value(), form) {
            failure.set(Some(e.0.values().cloned().collect::<Vec<_>>().join("; ")));
        }
    };
    let blank = super::api::blank_contact(chrono::Utc::now(), String::new());
    let blank = ContactForm { way: ContactWay::Visit.code().to_string(), ..blank };
    view! {
        <li class="card walk-door" class:reached=move || reached_before || sent() || waiting() data-elder=p.id.clone()>
            <div class="walk-door-head">
                <div class="walk-flat">{if door.flat.is_empty() { "—".to_string() } else { door.flat.clone() }}</div>
                <div class="round-who">
                    <a class="round-name" href=format!("/elders/{}", p.id)>
                        {p.full_name.clone()}
                    </a>
                    <span class="muted">{format!(" · {}", age_text(p.birth_date, today))}</span>
                    <div class="muted small">{last_contact_text(p.last_contact_on, p.last_contact_way)}</div>
                    <GroupBadges groups=p.groups.clone() disability=p.disability />
                </div>
                <div class="round-actions no-print">
                    <CallLinks phones=p.phones.clone() />
                    {move || {
                        if sent() {
                            view! { <span class="badge badge-ok">"✓ Посещён, записано"</span> }
                                .into_any()
                        } else if waiting() {
                            view! { <span class="badge badge-open">"Посещён, ждёт отправки"</span> }
                                .into_any()
                        } else {
                            view! {
                                {reached_before
                                    .then(|| {
                                        view! {
                                            <span class="badge badge-ok">
                                                "Контакт в этом месяце был"
                                            </span>
                                        }
                                    })}
                                <button type="button" class="btn btn-primary" on:click=visited>
                                    "Посещён"
                                </button>
                                <button
                                    type="button"
                                    class="btn btn-secondary"
                                    aria-expanded=move || open.get().to_string()
                                    on:click=move |_| open.update(|o| *o = !*o)
                                >
                                    {move || {
                                        if open.get() { "Свернуть" } else { "Записать контакт" }
                                    }}
                                </button>
                            }
                                .into_any()
                        }
                    }}
                </div>
                <div class="walk-mark print-only">"☐ посещён"</div>
            </div>
            {move || failure.get().map(|m| view! { <p class="field-error">{m}</p> })}
            <Show when=move || open.get() && !sent() && !waiting()>
                <ContactFormView
                    elder_id=id.get_value()
                    elder_name=name.get_value()
                    blank=blank.clone()
                    on_recorded=Callback::new(move |_| open.set(false))
                />
            </Show>
        </li>
    }
}
