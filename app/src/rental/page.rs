//! «Пункт проката» (`/rental`): what is on hand (overdue returns first and unmissable), the
//! stock by kind with how many are free, the waiting list, and the items held for the people the
//! user put on the list — she calls them.

use super::api::{cancel_queue, rental_overview, Overview};
use super::types::*;
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use crate::time::{format_datetime, format_naive_date};
use leptos::prelude::*;

#[component]
pub fn RentalPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| rental_overview());
    let refresh = Callback::new(move |_: ()| overview.refetch());
    view! {
        <AppShell title="Пункт проката">
            <div class="page-head">
                <div>
                    <a class="back" href="/urgent">
                        "← Срочные службы"
                    </a>
                    <h1>"Пункт проката технических средств реабилитации"</h1>
                    <p class="muted">"Выдачи, возвраты, склад и очередь."</p>
                </div>
                <div class="actions">
                    <a class="btn btn-primary btn-large" href="/rental/issue" data-testid="issue-link">
                        "Выдать"
                    </a>
                    <a class="btn btn-secondary" href="/rental/queue">
                        "Записать в очередь"
                    </a>
                    <a class="btn btn-secondary" href="/rental/items/new">
                        "Добавить на склад"
                    </a>
                    <a class="btn btn-secondary" href="/rental/report">
                        "Отчёт"
                    </a>
                </div>
            </div>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(o) => view! { <OverviewView overview=o refresh=refresh /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn OverviewView(overview: Overview, refresh: Callback<()>) -> impl IntoView {
    let today = overview.today;
    let overdue = overview.loans.iter().filter(|l| l.state(today).is_overdue()).count();
    let kind_filter = RwSignal::new(String::new());
    let items = StoredValue::new(overview.items.clone());
    let kind_options: Vec<(String, String)> =
        overview.kinds.iter().filter_map(|k| k.kind).map(|k| (k.code().to_string(), k.label().to_string())).collect();
    view! {
        {(!overview.my_offers.is_empty())
            .then(|| {
                view! {
                    <section class="notice notice-info offers" data-testid="my-offers">
                        <div>
                            <strong>
                                "Вернулось для ваших очередников — позвоните им:"
                            </strong>
                            <ul>
                                {overview
                                    .my_offers
                                    .iter()
                                    .map(|w| view! { <OfferLine entry=w.clone() refresh=refresh /> })
                                    .collect_view()}
                            </ul>
                        </div>
                    </section>
                }
            })}
        {(overdue > 0)
            .then(|| {
                view! {
                    <p class="notice notice-error" data-testid="overdue-notice">
                        <strong>{format!("Просрочен возврат: {overdue}")}</strong>
                        " — позвоните получателям, продлите договор или примите возврат."
                    </p>
                }
            })}
        <section class="card">
            <div class="section-head">
                <h2>{format!("На руках: {}", overview.loans.len())}</h2>
            </div>
            {if overview.loans.is_empty() {
                view! { <p class="empty">"Сейчас ничего не выдано."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table" data-testid="loans">
                            <thead>
                                <tr>
                                    <th>"Договор"</th>
                                    <th>"Что"</th>
                                    <th>"Кому"</th>
                                    <th>"Выдано"</th>
                                    <th>"Вернуть до"</th>
                                    <th>"Срок"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {overview
                                    .loans
                                    .iter()
                                    .map(|l| {
                                        let state = l.state(today);
                                        let phone = crate::phone::format_phone(&l.person.phone);
                                        view! {
                                            <tr class:overdue=state.is_overdue() data-testid="loan-row">
                                                <td>
                                                    <a href=format!("/rental/loans/{}", l.id)>{l.number.clone()}</a>
                                                </td>
                                                <td>{l.item_title.clone()}</td>
                                                <td>
                                                    <strong>{l.person.full_name.clone()}</strong>
                                                    <br />
                                                    <span class="muted">{l.person.address.clone()}</span>
                                                    {(!l.person.phone.is_empty())
                                                        .then(|| {
                                                            view! {
                                                                <br />
                                                                <a href=format!("tel:{}", l.person.phone)>{phone}</a>
                                                            }
                                                        })}
                                                </td>
                                                <td>{format_naive_date(l.issued_on)}</td>
                                                <td>{format_naive_date(l.due_on)}</td>
                                                <td>
                                                    <span class=if state.is_overdue() {
                                                        "badge badge-danger"
                                                    } else {
                                                        "badge"
                                                    }>{state.words()}</span>
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
            }}
        </section>
        <section class="card">
            <h2>"Склад по видам"</h2>
            <div class="table-scroll">
                <table class="data-table stock-table" data-testid="stock">
                    <thead>
                        <tr>
                            <th>"Вид"</th>
                            <th>"Всего"</th>
                            <th>"Свободно"</th>
                            <th>"Выдано"</th>
                            <th>"Отложено"</th>
                            <th>"В ремонте"</th>
                            <th>"Ждут"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {overview
                            .kinds
                            .iter()
                            .map(|k| {
                                let label = k.kind.map(|k| k.label()).unwrap_or_default();
                                view! {
                                    <tr data-testid="stock-row">
                                        <th scope="row">{label}</th>
                                        <td>{k.total}</td>
                                        <td class:none-free=k.free == 0>{k.free}</td>
                                        <td>{k.on_loan}</td>
                                        <td>{k.reserved}</td>
                                        <td>{k.repair}</td>
                                        <td>{k.waiting}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <details class="stock-items">
                <summary>"Изделия по инвентарным номерам"</summary>
                <label class="inline-filter">
                    "Вид: " <select on:change=move |ev| kind_filter.set(event_target_value(&ev))>
                        <option value="">"все"</option>
                        {kind_options
                            .into_iter()
                            .map(|(code, label)| view! { <option value=code>{label}</option> })
                            .collect_view()}
                    </select>
                </label>
                <ul class="item-list">
                    {move || {
                        let filter = kind_filter.get();
                        items
                            .get_value()
                            .into_iter()
                            .filter(|i| filter.is_empty() || i.kind.code() == filter)
                            .map(|i| {
                                let status = if i.loan_id.is_some() {
                                    "выдано".to_string()
                                } else if let Some(name) = &i.reserved_name {
                                    format!("отложено: {name}")
                                } else {
                                    i.condition.label().to_lowercase()
                                };
                                view! {
                                    <li>
                                        <a href=format!("/rental/items/{}", i.id)>{i.title()}</a>
                                        <span class="muted">{format!(" · {status} · {}", i.location)}</span>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </details>
        </section>
        <section class="card">
            <div class="section-head">
                <h2>{format!("Очередь: {}", overview.waiting.len())}</h2>
                <a class="btn btn-secondary" href="/rental/queue">
                    "Записать в очередь"
                </a>
            </div>
            {if overview.waiting.is_empty() {
                view! { <p class="empty">"Очереди нет."</p> }.into_any()
            } else {
                view! {
                    <ol class="queue" data-testid="queue">
                        {overview
                            .waiting
                            .iter()
                            .map(|w| view! { <QueueLine entry=w.clone() refresh=refresh /> })
                            .collect_view()}
                    </ol>
                }
                    .into_any()
            }}
        </section>
    }
}

/// An item held for a person the user put on the list: issue it, or take them off the list.
#[component]
fn OfferLine(entry: WaitEntry, refresh: Callback<()>) -> impl IntoView {
    let phone = crate::phone::format_phone(&entry.person.phone);
    view! {
        <li>
            {format!(
                "{} — {}",
                entry.offered_title.clone().unwrap_or_else(|| entry.kind.label().to_string()),
                entry.person.full_name,
            )}
            {(!entry.person.phone.is_empty())
                .then(|| {
                    view! {
                        " · "
                        <a href=format!("tel:{}", entry.person.phone)>{phone}</a>
                    }
                })} " " <a class="btn btn-primary" href=format!("/rental/issue?wait={}", entry.id)>
                "Выдать"
            </a> <CancelButton id=entry.id.clone() label="Отказался" refresh=refresh />
        </li>
    }
}

/// A place of the waiting list.
#[component]
fn QueueLine(entry: WaitEntry, refresh: Callback<()>) -> impl IntoView {
    let offered = entry.state == WaitState::Offered;
    view! {
        <li class="queue-line" class:offered=offered data-testid="queue-line">
            <div>
                <strong>{entry.person.full_name.clone()}</strong>
                <span class="muted">
                    {format!(
                        " · ждёт: {} · с {} · записал(а) {}",
                        entry.kind.label(),
                        format_datetime(entry.since),
                        entry.by_name,
                    )}
                </span>
                {(!entry.note.is_empty()).then(|| view! { <p class="muted">{entry.note.clone()}</p> })}
                {offered
                    .then(|| {
                        view! {
                            <p class="offered-text">
                                <span class="badge badge-ok">"Вернулось — отложено"</span>
                                {format!(" {}", entry.offered_title.clone().unwrap_or_default())}
                            </p>
                        }
                    })}
            </div>
            <div class="row-actions">
                {offered
                    .then(|| {
                        view! {
                            <a class="btn btn-primary" href=format!("/rental/issue?wait={}", entry.id)>
                                "Выдать"
                            </a>
                        }
                    })} <CancelButton id=entry.id.clone() label="Снять с очереди" refresh=refresh />
            </div>
        </li>
    }
}

#[component]
fn CancelButton(id: String, label: &'static str, refresh: Callback<()>) -> impl IntoView {
    let cancel = Action::new(move |id: &String| {
        let id = id.clone();
        async move { cancel_queue(id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = cancel.value().get() {
            refresh.run(());
        }
    });
    // Two taps: a slip of the finger does not take a person off the list.
    let asking = RwSignal::new(false);
    let id = StoredValue::new(id);
    view! {
        <Show
            when=move || asking.get()
            fallback=move || {
                view! {
                    <button type="button" class="btn btn-secondary" on:click=move |_| asking.set(true)>
                        {label}
                    </button>
                }
            }
        >
            <span class="confirm-inline">
                "Точно? "
                <button
                    type="button"
                    class="btn btn-danger"
                    disabled=move || cancel.pending().get()
                    on:click=move |_| {
                        cancel.dispatch(id.get_value());
                    }
                >
                    "Да, снять"
                </button> <button type="button" class="btn btn-secondary" on:click=move |_| asking.set(false)>
                    "Нет"
                </button>
            </span>
        </Show>
        {move || {
            cancel
                .value()
                .get()
                .and_then(Result::err)
                .map(|e| view! { <span class="field-error">{e.to_string()}</span> })
        }}
    }
}
