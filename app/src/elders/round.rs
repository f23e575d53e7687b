//! «Кому я ещё не позвонила в этом месяце» (`/elders/round`): the people of the caseworker's
//! districts without a contact this calendar month, the longest without one first, each with a
//! big ☎ link and «Записать контакт» one tap away. A contact recorded here leaves the list at
//! once and moves the counter, also with no connection (it waits on the device).

use super::api::round;
use super::contact_form::ContactFormView;
use super::outbox::{Outbox, OutboxNotice};
use super::types::*;
use super::widgets::{age_text, last_contact_text, CallLinks, GroupBadges, MonthCounter};
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RoundPageView() -> impl IntoView {
    let map = use_query_map();
    let district = Memo::new(move |_| map.with(|m| m.get("district").unwrap_or_default()));
    let page = Resource::new(move || district.get(), round);
    Outbox::provide();
    view! {
        <AppShell title="Обход месяца">
            <div class="page-head">
                <div>
                    <a class="back" href="/elders">
                        "← Реестр 55+"
                    </a>
                    <h1>"Кому ещё не звонили в этом месяце"</h1>
                    <p class="muted">
                        "Сначала те, с кем контакта не было дольше всех. Записанный контакт убирает человека из списка."
                    </p>
                </div>
            </div>
            <OutboxNotice />
            <Transition fallback=|| {
                view! { <Loading label="Загрузка списка…" /> }
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
fn Body(page: RoundPage) -> impl IntoView {
    let outbox = expect_context::<Outbox>();
    let listed: Vec<(String, String)> = page.people.iter().map(|p| (p.id.clone(), p.district_id.clone())).collect();
    let listed = StoredValue::new(listed);
    // The districts of the people of this list reached from this page (sent or waiting).
    let reached_here = Signal::derive(move || {
        listed.with_value(|people| {
            people
                .iter()
                .filter(|(id, _)| outbox.sent_to(id) || outbox.waiting_for(id))
                .map(|(_, district)| district.clone())
                .collect::<Vec<_>>()
        })
    });
    let today = crate::time::local_today(chrono::Utc::now());
    let total = page.people.len();
    let more = page.more;
    let all_districts = page.district.is_empty();
    let left = move || total.saturating_sub(reached_here.with(Vec::len));
    view! {
        <MonthCounter tallies=page.tallies.clone() month=page.month.clone() reached_here=reached_here />
        {(page.districts.len() > 1)
            .then(|| {
                view! {
                    <nav class="chips district-chips" aria-label="Участки">
                        <a class="chip" class:active=all_districts href="/elders/round">
                            "Все мои участки"
                        </a>
                        {page
                            .districts
                            .iter()
                            .map(|d| {
                                let chosen = d.id == page.district;
                                view! {
                                    <a class="chip" class:active=chosen href=format!("/elders/round?district={}", d.id)>
                                        {d.name.clone()}
                                    </a>
                                }
                            })
                            .collect_view()}
                    </nav>
                }
            })}
        <div class="result-line" data-testid="round-result">
            <span>
                {move || {
                    if total == 0 {
                        "В этом месяце со всеми уже был контакт.".to_string()
                    } else if more {
                        format!("Осталось больше {} — показаны первые", total)
                    } else {
                        format!("Осталось: {}", left())
                    }
                }}
            </span>
        </div>
        {if page.people.is_empty() {
            view! {
                <div class="empty">
                    <p>
                        "Все люди ваших участков охвачены в этом месяце. Спасибо!"
                    </p>
                </div>
            }
                .into_any()
        } else {
            view! {
                <ul class="round-list">
                    {page.people.into_iter().map(|p| view! { <RoundRow person=p today=today /> }).collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}

#[component]
fn RoundRow(person: ElderRow, today: chrono::NaiveDate) -> impl IntoView {
    let outbox = expect_context::<Outbox>();
    let open = RwSignal::new(false);
    let id = StoredValue::new(person.id.clone());
    let sent = move || outbox.sent_to(&id.get_value());
    let waiting = move || outbox.waiting_for(&id.get_value());
    let blank = super::api::blank_contact(chrono::Utc::now(), String::new());
    let name = person.full_name.clone();
    view! {
        <li class="card round-row" class:reached=move || sent() || waiting() data-elder=person.id.clone()>
            <div class="round-row-head">
                <div class="round-who">
                    <a class="round-name" href=format!("/elders/{}", person.id)>
                        {person.full_name.clone()}
                    </a>
                    <span class="muted">{format!(" · {}", age_text(person.birth_date, today))}</span>
                    <div class="muted">{format!("{} · {}", person.address, person.district_name)}</div>
                    <div class="muted small">{last_contact_text(person.last_contact_on, person.last_contact_way)}</div>
                    <GroupBadges groups=person.groups.clone() disability=person.disability />
                </div>
                <div class="round-actions">
                    <CallLinks phones=person.phones.clone() />
                    {move || {
                        if sent() {
                            view! { <span class="badge badge-ok">"✓ Контакт записан"</span> }.into_any()
                        } else if waiting() {
                            view! { <span class="badge badge-open">"Записан, ждёт отправки"</span> }
                                .into_any()
                        } else {
                            view! {
                                <button
                                    type="button"
                                    class="btn btn-primary btn-large"
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
            </div>
            <Show when=move || open.get() && !sent() && !waiting()>
                <ContactFormView
                    elder_id=id.get_value()
                    elder_name=name.clone()
                    blank=blank.clone()
                    on_recorded=Callback::new(move |_| open.set(false))
                />
            </Show>
        </li>
    }
}
