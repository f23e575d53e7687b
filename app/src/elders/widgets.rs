//! Pieces the registry's pages share: the month's counter per district, the alerts to the head
//! of the department, a person's age and groups, the ☎ link.

use super::api::acknowledge_alert;
use super::rules::{age_on, pension_day};
use super::types::*;
use crate::components::ErrorNotice;
use crate::error::AppError;
use crate::phone::format_phone;
use chrono::NaiveDate;
use leptos::prelude::*;

/// «в этом месяце: 212 из 340» for the user's districts, with a line per district (and its
/// caseworkers) when there are several. `reached_here`: the districts of the people reached from
/// this page since the figures were counted (one entry per person).
#[component]
pub fn MonthCounter(
    tallies: Vec<MonthTally>,
    month: String,
    #[prop(optional)] reached_here: Option<Signal<Vec<String>>>,
) -> impl IntoView {
    let total: u64 = tallies.iter().map(|t| t.total).sum();
    let reached: u64 = tallies.iter().map(|t| t.reached).sum();
    let several = tallies.len() > 1;
    let here_in = move |district: Option<&str>| -> u64 {
        reached_here
            .map(|s| s.with(|ids| ids.iter().filter(|d| district.is_none_or(|x| x == d.as_str())).count() as u64))
            .unwrap_or(0)
    };
    let reached_now = move || reached + here_in(None);
    let share = move || (reached_now() * 100).checked_div(total).unwrap_or(0).min(100);
    view! {
        <section class="card month-counter" data-testid="month-counter">
            <div class="month-counter-head">
                <div>
                    <span class="muted">{format!("Контакты за {month}")}</span>
                    <strong class="month-counter-figure" data-testid="month-counter-figure">
                        {move || format!("в этом месяце: {} из {total}", reached_now().min(total))}
                    </strong>
                </div>
                <div
                    class="progress"
                    role="progressbar"
                    aria-valuemin="0"
                    aria-valuemax="100"
                    aria-valuenow=move || share().to_string()
                >
                    <span style=move || format!("width: {}%", share())></span>
                </div>
            </div>
            {several
                .then(|| {
                    view! {
                        <div class="table-wrap">
                            <table class="month-counter-table">
                                <thead>
                                    <tr>
                                        <th scope="col">"Участок"</th>
                                        <th scope="col">"Специалисты"</th>
                                        <th scope="col">"Охвачено"</th>
                                        <th scope="col">"Осталось"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {tallies
                                        .iter()
                                        .map(|t| {
                                            let district = StoredValue::new(t.district_id.clone());
                                            let (base, total) = (t.reached, t.total);
                                            let now = move || {
                                                (base + district.with_value(|d| here_in(Some(d)))).min(total)
                                            };
                                            view! {
                                                <tr data-district=t.district_id.clone()>
                                                    <td>
                                                        <a href=format!(
                                                            "/elders/round?district={}",
                                                            t.district_id,
                                                        )>{t.district_name.clone()}</a>
                                                    </td>
                                                    <td>{t.caseworkers.join(", ")}</td>
                                                    <td>{move || format!("{} из {total}", now())}</td>
                                                    <td class:overdue=move || now() < total>{move || total - now()}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                })}
        </section>
    }
}

/// The alerts about dangerous situations the head has not yet acknowledged.
#[component]
pub fn AlertList(alerts: Vec<Alert>, can_acknowledge: bool) -> impl IntoView {
    if alerts.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="card alerts" data-testid="elder-alerts" role="alert">
            <h2>"Опасные ситуации — сообщения специалистов"</h2>
            <ul class="alert-list">
                {alerts
                    .into_iter()
                    .map(|a| view! { <AlertItem alert=a can_acknowledge=can_acknowledge /> })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn AlertItem(alert: Alert, can_acknowledge: bool) -> impl IntoView {
    let id = StoredValue::new(alert.id.clone());
    let done = RwSignal::new(alert.acknowledged_at.map(|at| {
        format!(
            "Принято к сведению: {}, {}",
            alert.acknowledged_by_name.clone().unwrap_or_default(),
            crate::time::format_datetime(at)
        )
    }));
    let failure = RwSignal::new(None::<AppError>);
    let acknowledge = Action::new(move |_: &()| async move { acknowledge_alert(id.get_value()).await });
    Effect::new(move |_| match acknowledge.value().get() {
        Some(Ok(a)) => done.set(Some(format!(
            "Принято к сведению: {}, {}",
            a.acknowledged_by_name.unwrap_or_default(),
            a.acknowledged_at.map(crate::time::format_datetime).unwrap_or_default()
        ))),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    view! {
        <li class="alert-item" class:acknowledged=move || done.with(Option::is_some)>
            <div>
                <a href=format!("/elders/{}", alert.elder_id)>
                    <strong>{alert.elder_name.clone()}</strong>
                </a>
                {format!(" · {} · {}", alert.address, alert.district_name)}
            </div>
            <p>{alert.text.clone()}</p>
            <p class="muted small">
                {format!("Сообщил(а) {}, {}", alert.by_name, crate::time::format_datetime(alert.at))}
            </p>
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            {move || match done.get() {
                Some(text) => view! { <p class="muted small">{text}</p> }.into_any(),
                None if can_acknowledge => {
                    view! {
                        <button
                            type="button"
                            class="btn btn-secondary"
                            disabled=move || acknowledge.pending().get()
                            on:click=move |_| {
                                acknowledge.dispatch(());
                            }
                        >
                            "Принято к сведению"
                        </button>
                    }
                        .into_any()
                }
                None => {
                    view! { <p class="muted small">"Заведующий ещё не ответил"</p> }.into_any()
                }
            }}
        </li>
    }
}

/// «78 лет» of a person on `today`.
pub fn age_text(birth: NaiveDate, today: NaiveDate) -> String {
    super::rules::age_words(age_on(birth, today) * 12)
}

/// The person's pension line: «пенсионный возраст 63 года — с 12.03.2024».
pub fn pension_text(sex: Sex, birth: NaiveDate) -> String {
    let months = super::rules::pension_age_months(sex, chrono::Datelike::year(&birth));
    format!(
        "пенсионный возраст {} — с {}",
        super::rules::age_words(months),
        crate::time::format_naive_date(pension_day(sex, birth))
    )
}

/// «Последний контакт: 12.11.2026, телефонный звонок» or «контактов ещё не было».
pub fn last_contact_text(on: Option<NaiveDate>, way: Option<ContactWay>) -> String {
    match (on, way) {
        (Some(on), Some(way)) => {
            format!("последний контакт {} — {}", crate::time::format_naive_date(on), way.label().to_lowercase())
        }
        (Some(on), None) => format!("последний контакт {}", crate::time::format_naive_date(on)),
        _ => "контактов ещё не было".to_string(),
    }
}

/// The badges of a person's groups of special attention and disability.
#[component]
pub fn GroupBadges(groups: Vec<AttentionGroup>, disability: Option<DisabilityGroup>) -> impl IntoView {
    view! {
        <div class="badges">
            {disability
                .map(|d| {
                    view! {
                        <span class="badge badge-urgent">{format!("Инвалидность: {}", d.label())}</span>
                    }
                })}
            {groups.into_iter().map(|g| view! { <span class="badge badge-topic">{g.label()}</span> }).collect_view()}
        </div>
    }
}

/// The big ☎ links of a person's phones.
#[component]
pub fn CallLinks(phones: Vec<String>) -> impl IntoView {
    if phones.is_empty() {
        return view! { <span class="muted">"телефона нет"</span> }.into_any();
    }
    phones
        .into_iter()
        .map(|p| {
            view! {
                <a
                    class="btn btn-call"
                    href=format!("tel:{p}")
                    aria-label=format!("Позвонить {}", format_phone(&p))
                >
                    "☎ "
                    {format_phone(&p)}
                </a>
            }
        })
        .collect_view()
        .into_any()
}
