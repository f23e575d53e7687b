//! A person's card in the registry (`/elders/<id>`): who they are, their groups of special
//! attention, how to reach them, the contacts so far and the form of the next one.

use super::api::{get_elder, ElderDetails};
use super::contact_form::ContactFormView;
use super::outbox::{Outbox, OutboxNotice};
use super::types::*;
use super::widgets::{age_text, last_contact_text, pension_text, AlertList, CallLinks};
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ElderPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), get_elder);
    Outbox::provide();
    view! {
        <AppShell title="Карточка реестра 55+">
            <Suspense fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(d) => view! { <Details details=d /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn Details(details: ElderDetails) -> impl IntoView {
    let e = details.elder;
    let today = crate::time::local_today(chrono::Utc::now());
    let reached = super::rules::contacted_this_month(e.last_contact_on, today);
    let (badge, said) = if reached { ("badge badge-ok", "был") } else { ("badge badge-open", "не было") };
    let open_alerts: Vec<Alert> = details.alerts.into_iter().filter(|a| a.acknowledged_at.is_none()).collect();
    let outbox = expect_context::<Outbox>();
    let id = StoredValue::new(e.id.clone());
    let sent_here = move || {
        let id = id.get_value();
        outbox.sent.with(|s| s.iter().filter(|c| c.elder_id == id).cloned().collect::<Vec<_>>())
    };
    let contacts = details.contacts;
    let plan_id = StoredValue::new(e.id.clone());
    let newest_first = move || sent_here().into_iter().rev().collect::<Vec<_>>();
    view! {
        <div class="page-head">
            <div>
                <a class="back" href="/elders">
                    "← Реестр 55+"
                </a>
                <h1>{e.full_name.clone()}</h1>
                <p class="muted">
                    {format!(
                        "{}, {} г. р. · {} · {}",
                        age_text(e.birth_date, today),
                        crate::time::format_naive_date(e.birth_date),
                        e.address,
                        e.district_name,
                    )}
                </p>
            </div>
            <div class="actions">
                <CallLinks phones=e.phones.clone() />
                <a class="btn btn-secondary" href=format!("/elders/{}/edit", e.id)>
                    "Изменить карточку"
                </a>
            </div>
        </div>
        {(!e.in_registry)
            .then(|| {
                view! {
                    <div class="notice notice-warn" role="status">
                        {format!(
                            "Выбыл(а) из реестра: {}",
                            e.left_reason.map(|r| r.label().to_lowercase()).unwrap_or_default(),
                        )}
                    </div>
                }
            })}
        <AlertList alerts=open_alerts can_acknowledge=false />
        <div class="grid-2 elder-columns">
            <section class="card elder-card" data-testid="elder-card">
                <h2>"Карточка"</h2>
                <dl class="facts">
                    <dt>"Пол"</dt>
                    <dd>{e.sex.label()}</dd>
                    <dt>"Пенсия"</dt>
                    <dd>{pension_text(e.sex, e.birth_date)}</dd>
                    <dt>"Инвалидность"</dt>
                    <dd>
                        {match e.disability {
                            Some(d) => {
                                format!(
                                    "{}{}",
                                    d.label(),
                                    e
                                        .disability_since
                                        .map(|s| format!(", с {}", crate::time::format_naive_date(s)))
                                        .unwrap_or_default(),
                                )
                            }
                            None => "нет".to_string(),
                        }}
                    </dd>
                    <dt>"Проживает"</dt>
                    <dd>{e.lives_with.clone()}</dd>
                    <dt>"Мессенджер"</dt>
                    <dd>{e.messenger.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Согласие на обработку ПДн"</dt>
                    <dd>{format!("от {}", crate::time::format_naive_date(e.consent_on))}</dd>
                    <dt>"Случай сопровождения"</dt>
                    <dd>
                        {match (&e.case_id, &e.case_label) {
                            (Some(id), Some(label)) => {
                                view! { <a href=format!("/cases/{id}")>{format!("№ {label}")}</a> }.into_any()
                            }
                            _ if details.can_open_case => {
                                view! {
                                    <span class="muted">"нет"</span>
                                    " "
                                    <a class="btn btn-secondary" href=format!("/elders/{}/case", e.id)>
                                        "Открыть случай"
                                    </a>
                                }
                                    .into_any()
                            }
                            _ => view! { <span class="muted">"нет"</span> }.into_any(),
                        }}
                    </dd>
                    <dt>"Контакт в этом месяце"</dt>
                    <dd>
                        <span class=badge>{said}</span>
                        " "
                        {last_contact_text(e.last_contact_on, e.last_contact_way)}
                    </dd>
                </dl>
                <h3>"Интересы"</h3>
                <div class="badges">
                    {if e.interests.is_empty() {
                        view! { <span class="muted">"не отмечены"</span> }.into_any()
                    } else {
                        e.interests
                            .iter()
                            .map(|i| view! { <span class="badge badge-topic">{i.label()}</span> })
                            .collect_view()
                            .into_any()
                    }}
                </div>
                <h3>"Группы особого внимания"</h3>
                {if e.marks.is_empty() {
                    view! { <p class="muted">"не отмечены"</p> }.into_any()
                } else {
                    view! {
                        <ul class="marks">
                            {e
                                .marks
                                .iter()
                                .map(|m| {
                                    view! {
                                        <li>
                                            <span class="badge badge-topic">{m.group.label()}</span>
                                            {format!(" с {}", crate::time::format_naive_date(m.since))}
                                            {m.note.clone().map(|n| format!(" — {n}"))}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
                {e
                    .notes
                    .clone()
                    .map(|n| {
                        view! {
                            <h3>"Заметки"</h3>
                            <p class="pre-line">{n}</p>
                        }
                    })}
            </section>
            <section class="card">
                <h2>"Новый контакт"</h2>
                <OutboxNotice />
                {if e.in_registry {
                    view! {
                        <ContactFormView
                            elder_id=e.id.clone()
                            elder_name=e.full_name.clone()
                            blank=details.blank_contact
                        />
                    }
                        .into_any()
                } else {
                    view! {
                        <p class="muted">
                            "Человек выбыл из реестра: контакты не записываются."
                        </p>
                    }
                        .into_any()
                }}
            </section>
        </div>
        {(!details.needs.is_empty())
            .then(|| {
                let can_open_case = details.can_open_case;
                view! {
                    <section class="card" data-testid="elder-needs">
                        <h2>"Выявленные потребности"</h2>
                        <ul class="need-list">
                            {details
                                .needs
                                .into_iter()
                                .map(|n| {
                                    view! {
                                        <super::needs::NeedItem need=n show_person=false can_open_case=can_open_case />
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })}
        <super::person_events::PersonEventsSection elder_id=e.id.clone() initial=details.events />
        // Loads its own data: drawn once the card is hydrated, so the server's page and the
        // browser's agree.
        <crate::components::AfterHydration>
            <super::person_plan::PersonPlanSection elder_id=plan_id.get_value() />
        </crate::components::AfterHydration>
        <section class="card">
            <h2>"Контакты"</h2>
            <ul class="contact-list" data-testid="contact-list">
                <For each=newest_first key=|c| c.id.clone() let:c>
                    <ContactItem contact=c />
                </For>
                {contacts.into_iter().map(|c| view! { <ContactItem contact=c /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn ContactItem(contact: Contact) -> impl IntoView {
    let c = contact;
    view! {
        <li class="contact-item" data-contact=c.id.clone()>
            <div>
                <strong>{crate::time::format_datetime(c.at)}</strong>
                {format!(" · {} · {}", c.way.label(), c.by_name)}
            </div>
            <div class="badges">
                {c.purposes.iter().map(|p| view! { <span class="badge badge-topic">{p.label()}</span> }).collect_view()}
            </div>
            <p class="pre-line">{c.result.clone()}</p>
            {c
                .need
                .clone()
                .map(|n| {
                    view! {
                        <p>
                            <strong>"Потребность: "</strong>
                            {n}
                        </p>
                    }
                })}
            {c
                .danger
                .clone()
                .map(|d| {
                    view! {
                        <p class="field-error">
                            <strong>"Опасная ситуация: "</strong>
                            {d}
                        </p>
                    }
                })}
        </li>
    }
}
