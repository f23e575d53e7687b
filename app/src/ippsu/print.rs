//! `/cases/<id>/ippsu/print`: the ИППСУ on A4 — the recipient, the forms, the services and the
//! measures of social support in tables, the commission's decision, the conclusion, and the
//! lines to sign.

use super::api::get_ippsu;
use super::types::*;
use crate::components::print::{date_or_dash as date, or_dash, PrintPage, PrintToolbar};
use crate::social_services::{ServiceKind, SupportArea};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn IppsuPrintPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), get_ippsu);
    view! {
        <PrintPage
            title="ИППСУ — печать"
            data=details
            sheet=|d| view! { <IppsuSheet details=d /> }.into_any()
        />
    }
}

#[component]
fn IppsuSheet(details: IppsuDetails) -> impl IntoView {
    let content = details.ippsu.as_ref().map(|i| i.content.clone()).unwrap_or_else(|| details.blank.clone());
    let status = details.ippsu.as_ref().map(|i| i.status).unwrap_or_default();
    let approval = details.ippsu.as_ref().and_then(|i| i.approval.clone());
    let forms = content
        .forms
        .iter()
        .filter_map(|f| ServiceForm::from_code(f))
        .map(|f| f.label().to_lowercase())
        .collect::<Vec<_>>()
        .join(", ");
    let saved = details
        .ippsu
        .as_ref()
        .map(|i| {
            format!("Версия {} от {}, {}", i.version, crate::time::format_datetime(i.updated_at), i.updated_by_name)
        })
        .unwrap_or_else(|| "Программа ещё не сохранена в системе".into());
    view! {
        <PrintToolbar back=format!("/cases/{}/ippsu", details.case_id) back_label="← К программе" />
        <article class="print-sheet portrait plan-sheet" data-testid="ippsu-sheet">
            <h1 class="print-title">
                "ИНДИВИДУАЛЬНАЯ ПРОГРАММА ПРЕДОСТАВЛЕНИЯ СОЦИАЛЬНЫХ УСЛУГ"
            </h1>
            <p class="print-subtitle">
                {format!(
                    "Случай № {} · {} · {}",
                    details.case_number,
                    details.case_title,
                    status.label().to_lowercase(),
                )}
            </p>
            <table class="act-print-table">
                <tbody>
                    <tr>
                        <th>"Получатель социальных услуг"</th>
                        <td>{or_dash(&content.recipient)}</td>
                    </tr>
                    <tr>
                        <th>"Адрес"</th>
                        <td>{or_dash(&details.address)}</td>
                    </tr>
                    <tr>
                        <th>"Форма социального обслуживания"</th>
                        <td>{or_dash(&forms)}</td>
                    </tr>
                    <tr>
                        <th>"Срок действия программы"</th>
                        <td>{format!("до {}", date(&content.valid_until))}</td>
                    </tr>
                    <tr>
                        <th>"Решение комиссии"</th>
                        <td>
                            {approval
                                .map(|a| format!("№ {} от {}", a.number, crate::time::format_naive_date(a.on)))
                                .unwrap_or_else(|| "не утверждена (проект)".into())}
                        </td>
                    </tr>
                </tbody>
            </table>
            <h2>"Социальные услуги"</h2>
            <table class="act-print-table plan-print-table">
                <thead>
                    <tr>
                        <th>"№"</th>
                        <th>"Вид"</th>
                        <th>"Наименование"</th>
                        <th>"Объём"</th>
                        <th>"Периодичность"</th>
                        <th>"Условия"</th>
                        <th>"Срок"</th>
                        <th>"Поставщик"</th>
                    </tr>
                </thead>
                <tbody>
                    {content
                        .services
                        .iter()
                        .enumerate()
                        .map(|(i, s)| {
                            view! {
                                <tr>
                                    <td>{i + 1}</td>
                                    <td>{ServiceKind::from_code(&s.kind).map(|k| k.label()).unwrap_or("—")}</td>
                                    <td>{s.name.clone()}</td>
                                    <td>{s.volume.clone()}</td>
                                    <td>{s.periodicity.clone()}</td>
                                    <td>{or_dash(&s.conditions)}</td>
                                    <td>{date(&s.until)}</td>
                                    <td>{or_dash(&s.provider_name)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <h2>"Мероприятия по социальному сопровождению"</h2>
            <table class="act-print-table plan-print-table">
                <thead>
                    <tr>
                        <th>"№"</th>
                        <th>"Вид помощи"</th>
                        <th>"Содержание"</th>
                        <th>"Срок"</th>
                        <th>"Исполнитель"</th>
                    </tr>
                </thead>
                <tbody>
                    {content
                        .measures
                        .iter()
                        .enumerate()
                        .map(|(i, m)| {
                            view! {
                                <tr>
                                    <td>{i + 1}</td>
                                    <td>{SupportArea::from_code(&m.area).map(|a| a.label()).unwrap_or("—")}</td>
                                    <td>{m.content.clone()}</td>
                                    <td>{date(&m.until)}</td>
                                    <td>
                                        {if m.partner_name.is_empty() {
                                            OWN_PROVIDER.to_string()
                                        } else {
                                            m.partner_name.clone()
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <h2>"Заключение о выполнении ИППСУ"</h2>
            <table class="act-print-table">
                <tbody>
                    <tr>
                        <th>"Заключение"</th>
                        <td class="pre">{or_dash(&content.conclusion)}</td>
                    </tr>
                    <tr>
                        <th>"Рекомендации"</th>
                        <td class="pre">{or_dash(&content.recommendations)}</td>
                    </tr>
                </tbody>
            </table>
            <div class="act-signatures">
                <p>
                    "С программой ознакомлен(а), согласен(на): ______________________ / ______________________"
                </p>
                <p>
                    "Ответственный за составление: ______________________ / ______________________"
                </p>
                <p>"Председатель комиссии: ______________________ / ______________________"</p>
            </div>
            <p class="muted">{saved}</p>
        </article>
    }
}
