//! `/cases/<id>/contract/print`: the contract on A4, to be signed by both parties.

use super::api::get_contract;
use super::types::*;
use crate::components::print::{date_or_dash as date, or_dash, PrintPage, PrintToolbar};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ContractPrintPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), get_contract);
    view! {
        <PrintPage
            title="Договор — печать"
            data=details
            sheet=|d| view! { <ContractSheet details=d /> }.into_any()
        />
    }
}

#[component]
fn ContractSheet(details: ContractDetails) -> impl IntoView {
    let content = details.contract.as_ref().map(|c| c.content.clone()).unwrap_or_else(|| details.blank.clone());
    let title = details
        .contract
        .as_ref()
        .map(|c| format!("ДОГОВОР {} О СОЦИАЛЬНОМ ОБСЛУЖИВАНИИ", c.label()))
        .unwrap_or_else(|| "ДОГОВОР О СОЦИАЛЬНОМ ОБСЛУЖИВАНИИ (ПРОЕКТ)".into());
    view! {
        <PrintToolbar back=format!("/cases/{}/contract", details.case_id) back_label="← К договору" />
        <article class="print-sheet portrait plan-sheet" data-testid="contract-sheet">
            <h1 class="print-title">{title}</h1>
            <p class="print-subtitle">{format!("г. Югорск, {}", date(&content.concluded_on))}</p>
            <p>
                {format!(
                    "{}, именуемый в дальнейшем «Исполнитель», с одной стороны, и {}{}, именуемый(ая) в дальнейшем «Заказчик», представляющий(ая) семью, с другой стороны, заключили настоящий договор о нижеследующем.",
                    or_dash(&content.executor),
                    or_dash(&content.customer),
                    if content.customer_document.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", content.customer_document)
                    },
                )}
            </p>
            <h2>"1. Предмет договора"</h2>
            <p class="pre">{or_dash(&content.subject)}</p>
            <table class="act-print-table plan-print-table">
                <thead>
                    <tr>
                        <th>"№"</th>
                        <th>"Член семьи"</th>
                        <th>"ИППСУ"</th>
                        <th>"ИПССС (план сопровождения)"</th>
                    </tr>
                </thead>
                <tbody>
                    {content
                        .members
                        .iter()
                        .enumerate()
                        .map(|(i, m)| {
                            view! {
                                <tr>
                                    <td>{i + 1}</td>
                                    <td>{m.full_name.clone()}</td>
                                    <td>{or_dash(&m.ippsu)}</td>
                                    <td>{or_dash(&m.plan)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <h2>"2. Срок действия договора"</h2>
            <p>
                {format!(
                    "Договор вступает в силу со дня его подписания сторонами и действует до {}.",
                    date(&content.valid_until),
                )}
            </p>
            <h2>"3. Адрес предоставления услуг"</h2>
            <p>{or_dash(&details.address)}</p>
            <div class="act-signatures">
                <p>"Исполнитель: ______________________ / ______________________   М. П."</p>
                <p>"Заказчик: ______________________ / ______________________"</p>
            </div>
        </article>
    }
}
