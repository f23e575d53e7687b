//! `/taxi/schedule?date=…`: the driver's schedule of a day on A4 (landscape) — one sheet per
//! driver and car with the rides by pickup time: who, the phone, from and to, why, wheelchair and
//! escort, a column for the driver's marks; the requests not yet confirmed on a sheet of their
//! own for the dispatcher.

use super::api::{taxi_schedule, Crew, Schedule};
use super::day_page::day_words;
use super::types::*;
use crate::components::print::{PrintPage, PrintToolbar};
use crate::institution::INSTITUTION;
use crate::time::format_iso_date;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SchedulePrintPage() -> impl IntoView {
    let map = use_query_map();
    let date = Memo::new(move |_| map.with(|m| m.get("date").unwrap_or_default()));
    let schedule = Resource::new(move || date.get(), taxi_schedule);
    view! {
        <PrintPage
            title="Расписание социального такси — печать"
            data=schedule
            sheet=|s| view! { <ScheduleSheets schedule=s /> }.into_any()
        />
    }
}

#[component]
fn ScheduleSheets(schedule: Schedule) -> impl IntoView {
    let day = schedule.day;
    let back = format!("/taxi?date={}", format_iso_date(day));
    let nothing = schedule.crews.is_empty() && schedule.unconfirmed.is_empty();
    view! {
        <PrintToolbar
            back=back
            back_label="← К заявкам дня"
            sheet="Лист A4, альбомная ориентация"
        />
        {nothing
            .then(|| {
                view! {
                    <article class="print-sheet landscape taxi-sheet" data-testid="schedule-sheet">
                        <p class="sheet-institution">{INSTITUTION}</p>
                        <h1 class="print-title">
                            {format!("Расписание социального такси на {}", day_words(day))}
                        </h1>
                        <p class="print-subtitle">"Подтверждённых поездок нет."</p>
                    </article>
                }
            })}
        {schedule.crews.into_iter().map(|crew| view! { <CrewSheet day=day crew=crew /> }).collect_view()}
        {(!schedule.unconfirmed.is_empty())
            .then(|| {
                view! {
                    <article class="print-sheet landscape taxi-sheet" data-testid="unconfirmed-sheet">
                        <p class="sheet-institution">{INSTITUTION}</p>
                        <h1 class="print-title">
                            {format!(
                                "Не подтверждены на {}: водитель и машина не назначены",
                                day_words(day),
                            )}
                        </h1>
                        <RidesTable rides=schedule.unconfirmed />
                    </article>
                }
            })}
    }
}

#[component]
fn CrewSheet(day: chrono::NaiveDate, crew: Crew) -> impl IntoView {
    let first = crew.rides.first().map(|r| r.time.clone()).unwrap_or_default();
    let last = crew.rides.iter().map(|r| r.end()).max().map(format_minutes).unwrap_or_default();
    view! {
        <article class="print-sheet landscape taxi-sheet" data-testid="schedule-sheet">
            <p class="sheet-institution">{INSTITUTION}</p>
            <h1 class="print-title">
                {format!(
                    "Путевое расписание социального такси на {}",
                    day_words(day),
                )}
            </h1>
            <p class="print-subtitle">
                {format!(
                    "Водитель: {} · Машина: {} · Поездок: {} · с {first} до {last}",
                    crew.driver,
                    crew.vehicle,
                    crew.rides.len(),
                )}
            </p>
            <RidesTable rides=crew.rides />
            <div class="taxi-sign">
                <p>"Расписание выдал диспетчер ____________ / ____________ /"</p>
                <p>"Получил водитель ____________ / ____________ /"</p>
            </div>
        </article>
    }
}

#[component]
fn RidesTable(rides: Vec<Ride>) -> impl IntoView {
    view! {
        <table class="print-journal taxi-print-table">
            <thead>
                <tr>
                    <th>"№"</th>
                    <th>"Подача"</th>
                    <th>"Пассажир, телефон"</th>
                    <th>"Откуда"</th>
                    <th>"Куда, цель"</th>
                    <th>"Особые отметки"</th>
                    <th>"Отметка водителя"</th>
                </tr>
            </thead>
            <tbody>
                {rides
                    .into_iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let marks = [
                            r.wheelchair.then(|| "на коляске".to_string()),
                            r
                                .escort
                                .then(|| {
                                    if r.escort_name.is_empty() {
                                        "с сопровождающим".to_string()
                                    } else {
                                        format!("сопровождает: {}", r.escort_name)
                                    }
                                }),
                            r.return_trip.then(|| "туда и обратно".to_string()),
                            (r.status == RideStatus::Done).then(|| "выполнена".to_string()),
                            (!r.note.is_empty()).then(|| r.note.clone()),
                        ]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join("; ");
                        let goal = if r.destination.is_empty() {
                            r.purpose.label().to_string()
                        } else {
                            format!("{}: {}", r.purpose.label(), r.destination)
                        };
                        view! {
                            <tr data-testid="schedule-row">
                                <td class="num">{i + 1}</td>
                                <td class="when">
                                    <strong>{r.time.clone()}</strong>
                                    <br />
                                    {format!("до {}", format_minutes(r.end()))}
                                </td>
                                <td>
                                    <strong>{r.person.full_name.clone()}</strong>
                                    <br />
                                    {crate::phone::format_phone(&r.person.phone)}
                                    <br />
                                    <span class="taxi-number">{r.number.clone()}</span>
                                </td>
                                <td>{r.from_address.clone()}</td>
                                <td>{r.to_address.clone()} <br /> <em>{goal}</em></td>
                                <td>{marks}</td>
                                <td class="taxi-mark"></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
