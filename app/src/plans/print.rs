//! `/cases/<id>/plan/print`: the case's support plan (ИПСС, ИПССС or the citizen's plan) on A4,
//! for the family to sign.

use super::api::get_route;
use super::types::*;
use crate::components::print::{date_or_dash as date, or_dash, PrintPage, PrintToolbar};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PlanPrintPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), get_route);
    view! {
        <PrintPage
            title="План сопровождения — печать"
            data=details
            sheet=|d| view! { <PlanSheet details=d /> }.into_any()
        />
    }
}

#[component]
fn PlanSheet(details: RouteDetails) -> impl IntoView {
    let content = details.route.as_ref().map(|r| r.content.clone()).unwrap_or_else(|| details.blank.clone());
    let plan = content.plan;
    let diagnostic = content.diagnostic;
    let level = crate::acts::types::SUPPORT_LEVELS
        .iter()
        .find(|(c, _)| *c == plan.support_level)
        .map(|(_, l)| l.to_string())
        .unwrap_or_else(|| "—".into());
    let outcome = Outcome::from_code(&plan.outcome).map(|o| o.label().to_string()).unwrap_or_else(|| "—".into());
    let resources = [
        ("Личные", diagnostic.personal_resources.clone()),
        ("Семейные", diagnostic.family_resources.clone()),
        ("Социальные", diagnostic.social_resources.clone()),
        ("Материальные", diagnostic.material_resources.clone()),
    ];
    let saved = details
        .route
        .as_ref()
        .map(|r| {
            format!("Версия {} от {}, {}", r.version, crate::time::format_datetime(r.updated_at), r.updated_by_name)
        })
        .unwrap_or_else(|| "План ещё не сохранён в системе".into());
    view! {
        <PrintToolbar back=format!("/cases/{}/route", details.case_id) back_label="← К плану" />
        <article class="print-sheet portrait plan-sheet" data-testid="plan-sheet">
            <h1 class="print-title">{details.plan_kind.label().to_uppercase()}</h1>
            <p class="print-subtitle">
                {format!("Случай № {} · {}", details.case_number, details.case_title)}
            </p>
            <table class="act-print-table">
                <tbody>
                    <tr>
                        <th>"Адрес"</th>
                        <td>{or_dash(&details.address)}</td>
                    </tr>
                    <tr>
                        <th>"Члены семьи"</th>
                        <td>{or_dash(&plan.members.join(", "))}</td>
                    </tr>
                    <tr>
                        <th>"Срок выполнения"</th>
                        <td>{format!("с {} по {}", date(&plan.start_on), date(&plan.term_until))}</td>
                    </tr>
                    <tr>
                        <th>"Уровень сопровождения"</th>
                        <td>{level}</td>
                    </tr>
                    <tr>
                        <th>"Причина обращения, обстоятельства"</th>
                        <td class="pre">{or_dash(&plan.reason)}</td>
                    </tr>
                    <tr>
                        <th>"Куратор семьи"</th>
                        <td>{details.curator_name.clone().unwrap_or_else(|| "—".into())}</td>
                    </tr>
                </tbody>
            </table>
            <h2>"Проблемы и ресурсы семьи (диагностическая карта)"</h2>
            <table class="act-print-table">
                <tbody>
                    {diagnostic
                        .findings
                        .iter()
                        .map(|f| {
                            view! {
                                <tr>
                                    <th>{f.title.clone()}</th>
                                    <td>
                                        {format!(
                                            "{}{}",
                                            f.member,
                                            if f.note.is_empty() { String::new() } else { format!(": {}", f.note) },
                                        )}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                    {resources
                        .into_iter()
                        .map(|(label, text)| {
                            view! {
                                <tr>
                                    <th>{format!("{label} ресурсы")}</th>
                                    <td class="pre">{or_dash(&text)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <h2>"План мероприятий"</h2>
            <table class="print-journal plan-print-table">
                <thead>
                    <tr>
                        <th>"№"</th>
                        <th>"Задача"</th>
                        <th>"Содержание мероприятия"</th>
                        <th>"Срок"</th>
                        <th>"Место проведения"</th>
                        <th>"Ответственный"</th>
                        <th>"Отметка о выполнении"</th>
                    </tr>
                </thead>
                <tbody>
                    {plan
                        .activities
                        .iter()
                        .enumerate()
                        .map(|(i, a)| {
                            view! {
                                <tr>
                                    <td class="num">{i + 1}</td>
                                    <td>{a.situation.clone()}</td>
                                    <td>
                                        {a.title.clone()}
                                        {(!a.documents.is_empty())
                                            .then(|| {
                                                view! {
                                                    <br />
                                                    <small>
                                                        {format!("Документы: {}", a.documents.join("; "))}
                                                    </small>
                                                }
                                            })}
                                    </td>
                                    <td class="when">{date(&a.deadline)}</td>
                                    <td>{or_dash(&a.partner_name)}</td>
                                    <td>{or_dash(&a.responsible_name)}</td>
                                    <td>
                                        {format!(
                                            "{}{}",
                                            a.status.label(),
                                            if a.result.is_empty() { String::new() } else { format!(": {}", a.result) },
                                        )}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <h2>"Промежуточный контроль"</h2>
            <table class="act-print-table">
                <tbody>
                    {if plan.controls.is_empty() {
                        view! {
                            <tr>
                                <th>"—"</th>
                                <td>"Записей нет"</td>
                            </tr>
                        }
                            .into_any()
                    } else {
                        plan.controls
                            .iter()
                            .map(|c| {
                                view! {
                                    <tr>
                                        <th>{date(&c.on)}</th>
                                        <td>{format!("{} ({})", c.text, c.by)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }}
                </tbody>
            </table>
            <h2>"Заключение о выполнении / продолжении сопровождения"</h2>
            <table class="act-print-table">
                <tbody>
                    <tr>
                        <th>"Итог"</th>
                        <td>{outcome}</td>
                    </tr>
                    <tr>
                        <th>"Заключение"</th>
                        <td class="pre">{or_dash(&plan.conclusion)}</td>
                    </tr>
                    <tr>
                        <th>"Рекомендации семье"</th>
                        <td class="pre">{or_dash(&plan.recommendations)}</td>
                    </tr>
                </tbody>
            </table>
            <div class="act-signatures">
                <p>"Куратор семьи: ______________________ / ______________________"</p>
                <p>
                    "С планом ознакомлен(а), согласен(на): ______________________ / ______________________"
                </p>
                <p>"Заведующий отделением: ______________________ / ______________________"</p>
                <p>"«____» ________________ 20____ г."</p>
                <p class="muted">{saved}</p>
            </div>
        </article>
    }
}
