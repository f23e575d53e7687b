//! «Социальный патруль» (`/patrol`): the raids — the planned first, the nearest on top, then
//! the held and cancelled ones of the period, the newest first — with the period chosen in the URL.

use super::api::list_raids;
use super::types::*;
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use crate::time::format_iso_date;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn PatrolPage() -> impl IntoView {
    let map = use_query_map();
    let query = Memo::new(move |_| {
        map.with(|m| PatrolQuery { from: m.get("from").unwrap_or_default(), to: m.get("to").unwrap_or_default() })
    });
    let list = Resource::new(move || query.get(), list_raids);
    view! {
        <AppShell title="Социальный патруль">
            <div class="page-head">
                <div>
                    <a class="back" href="/urgent">
                        "← Срочные службы"
                    </a>
                    <h1>"Социальный патруль"</h1>
                    <p class="muted">
                        "Рейды: маршрут, участники, встреченные люди и семьи, что сделано; протокол."
                    </p>
                </div>
                <div class="actions">
                    <a class="btn btn-primary btn-large" href="/patrol/new" data-testid="new-raid">
                        "Запланировать рейд"
                    </a>
                </div>
            </div>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(l) => view! { <ListView list=l /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn ListView(list: PatrolList) -> impl IntoView {
    let from = RwSignal::new(format_iso_date(list.from));
    let to = RwSignal::new(format_iso_date(list.to));
    let navigate = use_navigate();
    let today = list.today;
    view! {
        <form
            class="card patrol-period"
            data-testid="period-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let q = crate::url::query_string(&[("from", &from.get_untracked()), ("to", &to.get_untracked())]);
                navigate(&format!("/patrol{q}"), Default::default());
            }
        >
            <label>
                "С "
                <input
                    type="date"
                    name="from"
                    prop:value=move || from.get()
                    on:input=move |ev| from.set(event_target_value(&ev))
                />
            </label>
            <label>
                "по "
                <input
                    type="date"
                    name="to"
                    prop:value=move || to.get()
                    on:input=move |ev| to.set(event_target_value(&ev))
                />
            </label>
            <button type="submit" class="btn btn-secondary">
                "Показать"
            </button>
        </form>
        <section class="card">
            <h2>{format!("Запланированы: {}", list.planned.len())}</h2>
            {if list.planned.is_empty() {
                view! { <p class="empty">"Запланированных рейдов нет."</p> }.into_any()
            } else {
                view! { <RaidTable raids=list.planned.clone() today=today testid="planned" /> }.into_any()
            }}
        </section>
        <section class="card">
            <h2>
                {
                    let cancelled = list.held.iter().filter(|r| r.state == RaidState::Cancelled).count();
                    match cancelled {
                        0 => format!("Проведены за период: {}", list.held.len()),
                        n => {
                            format!(
                                "Проведены за период: {}, отменены: {n}",
                                list.held.len() - n,
                            )
                        }
                    }
                }
            </h2>
            {if list.held.is_empty() {
                view! { <p class="empty">"За этот период рейдов не было."</p> }.into_any()
            } else {
                view! { <RaidTable raids=list.held.clone() today=today testid="held" /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn RaidTable(raids: Vec<Raid>, today: chrono::NaiveDate, testid: &'static str) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="data-table patrol-table" data-testid=testid>
                <thead>
                    <tr>
                        <th>"№"</th>
                        <th>"Когда"</th>
                        <th>"Маршрут, адреса"</th>
                        <th>"Участки"</th>
                        <th>"Участники"</th>
                        <th>"Встречены"</th>
                        <th>"Состояние"</th>
                    </tr>
                </thead>
                <tbody>
                    {raids
                        .into_iter()
                        .map(|r| {
                            let late = r.state == RaidState::Planned && r.date < today;
                            let state = if late {
                                "не отмечен проведённым".to_string()
                            } else if r.state == RaidState::Planned && r.date == today {
                                "сегодня".to_string()
                            } else {
                                r.state.label().to_lowercase()
                            };
                            let badge = match (r.state, late) {
                                (_, true) => "badge badge-danger",
                                (RaidState::Planned, _) => "badge badge-open",
                                (RaidState::Held, _) => "badge badge-ok",
                                (RaidState::Cancelled, _) => "badge badge-muted",
                            };
                            view! {
                                <tr data-testid="raid-row" class:overdue=late>
                                    <td>
                                        <a href=format!("/patrol/{}", r.id)>{r.number.clone()}</a>
                                    </td>
                                    <td>{r.when()}</td>
                                    <td class="patrol-route">
                                        <a href=format!("/patrol/{}", r.id)>{r.route.clone()}</a>
                                    </td>
                                    <td>{r.district_names.join(", ")}</td>
                                    <td>{r.participants.len()}</td>
                                    <td>{r.met.len()}</td>
                                    <td>
                                        <span class=badge>{state}</span>
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
