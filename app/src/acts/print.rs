//! `/cases/<id>/act/print`: the act on an A4 sheet, every section, signed or not.

use super::api::get_act;
use super::types::*;
use crate::components::print::{PrintPage, PrintToolbar};
use crate::time::format_datetime;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ActPrintPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), get_act);
    view! {
        <PrintPage
            title="Акт обследования — печать"
            data=details
            sheet=|d| view! { <ActSheet details=d /> }.into_any()
        />
    }
}

#[component]
fn ActSheet(details: ActDetails) -> impl IntoView {
    let act = details.act.clone();
    let content = act.as_ref().map(|a| a.content.clone()).unwrap_or_else(|| details.blank.clone());
    let signed = act.as_ref().filter(|a| a.status == ActStatus::Signed).map(|a| {
        format!(
            "Подписан {} — {}",
            a.signed_at.map(format_datetime).unwrap_or_default(),
            a.signed_by_name.clone().unwrap_or_default()
        )
    });
    view! {
        <PrintToolbar back=format!("/cases/{}/act", details.case_id) back_label="← К акту" />
        <article class="print-sheet portrait act-sheet" data-testid="act-sheet">
            <h1 class="print-title">"АКТ"</h1>
            <p class="print-subtitle">
                "обследования материально-бытовых и жилищных условий семьи"
                <br /> {format!("Случай № {} · {}", details.case_number, details.case_title)}
            </p>
            {SECTIONS
                .iter()
                .map(|(title, fields)| {
                    view! {
                        <section class="act-print-section">
                            <h2>{*title}</h2>
                            <table class="act-print-table">
                                <tbody>
                                    {fields
                                        .iter()
                                        .map(|(field, label)| {
                                            let value = content.display(field);
                                            view! {
                                                <tr>
                                                    <th>{*label}</th>
                                                    <td class="pre">
                                                        {if value.is_empty() { "—".to_string() } else { value }}
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }
                })
                .collect_view()}
            <div class="act-signatures">
                <p>"Члены комиссии: ______________________ / ______________________"</p>
                <p>"С актом ознакомлен(а): ______________________ / ______________________"</p>
                <p class="muted">{signed.unwrap_or_else(|| "Акт не подписан в системе".into())}</p>
            </div>
        </article>
    }
}
