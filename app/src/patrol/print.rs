//! `/patrol/<id>/print`: the protocol of a raid on A4 — when and where, who took part, the
//! people and families met with what was found and done, the findings, the signatures.

use super::api::patrol_raid;
use super::types::*;
use crate::components::print::{or_dash, PrintPage, PrintToolbar};
use crate::institution::{ADDRESS, INSTITUTION, PHONE};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RaidPrintPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), patrol_raid);
    view! {
        <PrintPage
            title="Протокол рейда — печать"
            data=details
            sheet=|d| view! { <ProtocolSheet details=d /> }.into_any()
        />
    }
}

#[component]
fn ProtocolSheet(details: RaidDetails) -> impl IntoView {
    let Some(raid) = details.raid else {
        return view! { <p>"Рейд не найден"</p> }.into_any();
    };
    let today = details.today;
    let districts = if raid.district_names.is_empty() { "—".to_string() } else { raid.district_names.join(", ") };
    view! {
        <PrintToolbar
            back=format!("/patrol/{}", raid.id)
            back_label="← К рейду"
            sheet="Лист A4, книжная ориентация"
        />
        <article class="print-sheet portrait patrol-sheet" data-testid="protocol-sheet">
            <p class="sheet-institution">{INSTITUTION} <br /> {ADDRESS} ", тел. " {PHONE}</p>
            <h1 class="print-title">{format!("ПРОТОКОЛ № {}", raid.number)}</h1>
            <p class="print-subtitle">"рейда службы «Социальный патруль»"</p>
            {match raid.state {
                RaidState::Planned => {
                    Some(
                        view! {
                            <p class="patrol-sheet-note">
                                "Рейд запланирован и ещё не отмечен проведённым: протокол заполняется по его итогам."
                            </p>
                        }
                            .into_any(),
                    )
                }
                RaidState::Cancelled => {
                    Some(
                        view! {
                            <p class="patrol-sheet-note">
                                {format!(
                                    "Рейд отменён и не проводился. Причина: {}",
                                    raid.cancel_reason,
                                )}
                            </p>
                        }
                            .into_any(),
                    )
                }
                RaidState::Held => None,
            }}
            <table class="act-print-table">
                <tbody>
                    <tr>
                        <th>"Дата и время"</th>
                        <td>{raid.when()}</td>
                    </tr>
                    <tr>
                        <th>"Маршрут, адреса"</th>
                        <td class="pre">{raid.route.clone()}</td>
                    </tr>
                    <tr>
                        <th>"Социальные участки"</th>
                        <td>{districts}</td>
                    </tr>
                    <tr>
                        <th>"Цель рейда"</th>
                        <td>{or_dash(&raid.purpose)}</td>
                    </tr>
                </tbody>
            </table>
            <h2>"1. Участники рейда"</h2>
            <table class="act-print-table patrol-print-table">
                <thead>
                    <tr>
                        <th class="num">"№"</th>
                        <th>"ФИО"</th>
                        <th>"Должность"</th>
                        <th>"Организация"</th>
                    </tr>
                </thead>
                <tbody>
                    {if raid.participants.is_empty() {
                        view! {
                            <tr>
                                <td colspan="4">"—"</td>
                            </tr>
                        }
                            .into_any()
                    } else {
                        raid.participants
                            .iter()
                            .enumerate()
                            .map(|(i, p)| {
                                view! {
                                    <tr>
                                        <td class="num">{i + 1}</td>
                                        <td>{or_dash(&p.full_name)}</td>
                                        <td>{or_dash(&p.position)}</td>
                                        <td>{or_dash(&p.organisation)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }}
                </tbody>
            </table>
            <h2>
                "2. Встреченные граждане и семьи, выявленное и принятые меры"
            </h2>
            <table class="act-print-table patrol-print-table" data-testid="protocol-met">
                <thead>
                    <tr>
                        <th class="num">"№"</th>
                        <th>"ФИО, возраст, адрес"</th>
                        <th>"Что выявлено"</th>
                        <th>"Что сделано"</th>
                    </tr>
                </thead>
                <tbody>
                    {if raid.met.is_empty() {
                        view! {
                            <tr>
                                <td colspan="4">"Не встречено."</td>
                            </tr>
                        }
                            .into_any()
                    } else {
                        raid.met
                            .iter()
                            .enumerate()
                            .map(|(i, m)| {
                                let age = m.age_text(today);
                                let who = [m.full_name.clone(), age, m.family.clone(), m.address.clone()]
                                    .into_iter()
                                    .filter(|p| !p.is_empty())
                                    .collect::<Vec<_>>()
                                    .join(", ");
                                view! {
                                    <tr>
                                        <td class="num">{i + 1}</td>
                                        <td>{who}</td>
                                        <td class="pre">{m.situation.clone()}</td>
                                        <td class="pre">{or_dash(&m.done_text())}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }}
                </tbody>
            </table>
            <h2>"3. Итоги рейда"</h2>
            <p class="pre patrol-findings">
                {if raid.findings.is_empty() {
                    "______________________________________________________________________".to_string()
                } else {
                    raid.findings.clone()
                }}
            </p>
            <h2>"Подписи участников"</h2>
            <div class="patrol-signatures">
                {raid
                    .participants
                    .iter()
                    .map(|p| {
                        let name = if p.full_name.is_empty() { p.organisation.clone() } else { p.full_name.clone() };
                        view! {
                            <p>
                                <span>{name}</span>
                                <span>"____________"</span>
                            </p>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="patrol-sheet-made">
                {format!("Протокол составил(а): {}", raid.created_by_name)}
            </p>
        </article>
    }
    .into_any()
}
