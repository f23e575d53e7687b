//! `/elders/<id>/plan?period=2026`: the individual plan of a person 55+ on A4 (portrait), with
//! the needs card above it, the items by period with a column for the mark, and the lines to
//! sign — the caseworker's and the person's. Without `period`: the current year, whole.

use super::plan::*;
use super::plan_api::elder_plan;
use super::types::Interest;
use crate::components::print::{PrintPage, PrintToolbar};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ElderPlanPrintPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let period = Memo::new(move |_| {
        query
            .with(|q| q.get("period"))
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| crate::time::local_today(chrono::Utc::now()).format("%Y").to_string())
    });
    let data = Resource::new(move || (id.get(), period.get()), |(id, period)| elder_plan(id, period));
    view! {
        <PrintPage
            title="Индивидуальный план — печать"
            data=data
            sheet=|p| view! { <PlanSheet page=p /> }.into_any()
        />
    }
}

fn joined<T: Copy>(values: &[T], label: fn(T) -> &'static str) -> String {
    let text = values.iter().map(|v| label(*v)).collect::<Vec<_>>().join("; ");
    if text.is_empty() {
        "—".into()
    } else {
        text
    }
}

#[component]
fn PlanSheet(page: PlanPage) -> impl IntoView {
    let period = Period::parse(&page.period).map(Period::words).unwrap_or_default();
    let card = page.card.clone();
    let note = |v: &Option<String>| v.clone().map(|n| format!(". {n}")).unwrap_or_default();
    let groups = grouped(&page.items);
    let mut number = 0;
    view! {
        <PrintToolbar
            back=format!("/elders/{}", page.elder_id)
            back_label="← К карточке"
            sheet="Лист A4, книжная ориентация"
        />
        <article class="print-sheet portrait elder-plan-sheet" data-testid="elder-plan-sheet">
            <h1 class="print-title">"ИНДИВИДУАЛЬНЫЙ ПЛАН РАБОТЫ"</h1>
            <p class="print-subtitle">
                {format!("с гражданином в возрасте «55+», инвалидом — {period}")}
            </p>
            <table class="act-print-table">
                <tbody>
                    <tr>
                        <th>"Ф. И. О."</th>
                        <td>{page.full_name.clone()}</td>
                    </tr>
                    <tr>
                        <th>"Дата рождения"</th>
                        <td>{crate::time::format_naive_date(page.birth_date)}</td>
                    </tr>
                    <tr>
                        <th>"Адрес, участок"</th>
                        <td>{format!("{}, {}", page.address, page.district_name)}</td>
                    </tr>
                    <tr>
                        <th>"Интересы"</th>
                        <td>{joined(&page.interests, Interest::label)}</td>
                    </tr>
                    {match card {
                        Some(c) => {
                            view! {
                                <tr>
                                    <th>"Приоритетные направления"</th>
                                    <td>{joined(&c.priorities, Interest::label)}</td>
                                </tr>
                                <tr>
                                    <th>"Предпочтения"</th>
                                    <td>{c.preferences.clone().unwrap_or_else(|| "—".into())}</td>
                                </tr>
                                <tr>
                                    <th>"Групповые занятия"</th>
                                    <td>{c.group_fit.label()}</td>
                                </tr>
                                <tr>
                                    <th>"Нужна помощь (не социальные услуги)"</th>
                                    <td>
                                        {format!("{}{}", joined(&c.help_needs, HelpNeed::label), note(&c.help_note))}
                                    </td>
                                </tr>
                                <tr>
                                    <th>"Может дать другим"</th>
                                    <td>
                                        {format!(
                                            "{}{}",
                                            joined(&c.can_give, Contribution::label),
                                            note(&c.can_give_note),
                                        )}
                                    </td>
                                </tr>
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <tr>
                                    <th>"Карта потребностей"</th>
                                    <td>"не заполнена"</td>
                                </tr>
                            }
                                .into_any()
                        }
                    }}
                </tbody>
            </table>
            <table class="print-journal elder-plan-table">
                <thead>
                    <tr>
                        <th>"№"</th>
                        <th>"Мероприятие, занятие, услуга, помощь"</th>
                        <th>"Вид"</th>
                        <th>"Срок"</th>
                        <th>"Отметка о выполнении"</th>
                        <th>"Примечание"</th>
                    </tr>
                </thead>
                <tbody>
                    {if groups.is_empty() {
                        view! {
                            <tr>
                                <td class="empty-cell" colspan="6">
                                    "В плане на этот период пунктов нет"
                                </td>
                            </tr>
                        }
                            .into_any()
                    } else {
                        groups
                            .into_iter()
                            .flat_map(|(period, items)| items.into_iter().map(move |i| (period, i)))
                            .map(|(period, item)| {
                                number += 1;
                                view! {
                                    <tr>
                                        <td class="num">{number}</td>
                                        <td>{item.title.clone()}</td>
                                        <td>{item.kind.label()}</td>
                                        <td>{period.words()}</td>
                                        <td>{item.mark_words()}</td>
                                        <td>{item.note.clone().unwrap_or_default()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }}
                </tbody>
            </table>
            <div class="report-signatures elder-plan-signatures">
                <p>
                    {format!(
                        "Специалист по работе с семьёй ____________________ {}",
                        page.printed_by,
                    )}
                </p>
                <p>"С планом ознакомлен(а) ____________________ «____» ______________ 20___ г."</p>
            </div>
        </article>
    }
}
