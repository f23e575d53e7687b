//! `/rental/loans/<id>/print`: the loan agreement and the handover act on A4, to be signed by the
//! institution and the person who takes the aid.

use super::api::{rental_loan, LoanDetails};
use crate::components::print::{or_dash, PrintPage, PrintToolbar};
use crate::institution::{ADDRESS, INSTITUTION, INSTITUTION_SHORT, PHONE};
use crate::time::format_naive_date;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn LoanPrintPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), rental_loan);
    view! {
        <PrintPage
            title="Договор проката — печать"
            data=details
            sheet=|d| view! { <AgreementSheets details=d /> }.into_any()
        />
    }
}

#[component]
fn AgreementSheets(details: LoanDetails) -> impl IntoView {
    let loan = details.loan;
    let person = &loan.person;
    let document = if person.document.is_empty() {
        "документ: ________________________________".to_string()
    } else {
        person.document.clone()
    };
    let deposit = match loan.deposit {
        Some(d) => format!("При получении Получатель вносит залог {d} руб., который возвращается при возврате Изделия в исправном состоянии."),
        None => "Изделие предоставляется бесплатно, без залога.".to_string(),
    };
    let basis = if loan.basis_note.is_empty() {
        loan.basis.label().to_string()
    } else {
        format!("{}: {}", loan.basis.label(), loan.basis_note)
    };
    let issued = format_naive_date(loan.issued_on);
    let due = format_naive_date(loan.due_on);
    view! {
        <PrintToolbar back=format!("/rental/loans/{}", loan.id) back_label="← К выдаче" />
        <article class="print-sheet portrait act-sheet rental-sheet" data-testid="agreement-sheet">
            <p class="sheet-institution">{INSTITUTION} <br /> {ADDRESS} ", тел. " {PHONE}</p>
            <h1 class="print-title">
                {format!(
                    "ДОГОВОР № {} проката технического средства реабилитации",
                    loan.number,
                )}
            </h1>
            <p class="print-subtitle">{format!("г. Югорск, {issued}")}</p>
            <p>
                {format!(
                    "{INSTITUTION_SHORT}, именуемое в дальнейшем «Учреждение», в лице специалиста {}, с одной стороны, и {}, проживающий(ая) по адресу: {}, {}, именуемый(ая) в дальнейшем «Получатель», с другой стороны, заключили настоящий договор о нижеследующем.",
                    loan.issued_by_name,
                    person.full_name,
                    or_dash(&person.address),
                    document,
                )}
            </p>
            <h2>"1. Предмет договора"</h2>
            <p>
                {format!(
                    "1.1. Учреждение передаёт Получателю во временное пользование техническое средство реабилитации: {} (далее — Изделие) в состоянии «{}».",
                    loan.item_title,
                    loan.issue_condition.label().to_lowercase(),
                )}
            </p>
            <p>{format!("1.2. Основание предоставления: {basis}.")}</p>
            <h2>"2. Срок пользования"</h2>
            <p>
                {format!(
                    "2.1. Изделие предоставляется с {issued} по {due} включительно.",
                )}
            </p>
            <p>
                "2.2. Срок может быть продлён по заявлению Получателя до его окончания, если Изделие не требуется гражданам из очереди или необходимость в нём подтверждена."
            </p>
            <h2>"3. Условия"</h2>
            <p>{format!("3.1. {deposit}")}</p>
            <p>
                "3.2. Получатель обязуется использовать Изделие по назначению, бережно, не передавать его третьим лицам и вернуть в пункт проката в срок в исправном состоянии с учётом нормального износа."
            </p>
            <p>
                "3.3. О неисправности Изделия Получатель сообщает в Учреждение; самостоятельный ремонт не допускается."
            </p>
            <p>
                "3.4. При утрате или повреждении Изделия по вине Получателя он возмещает Учреждению его стоимость или стоимость ремонта."
            </p>
            <p>
                "3.5. Получатель даёт согласие на обработку своих персональных данных, указанных в договоре, в целях его исполнения."
            </p>
            <h2>"4. Подписи сторон"</h2>
            <div class="rental-signatures">
                <div>
                    <p>
                        <strong>"Учреждение"</strong>
                    </p>
                    <p>{INSTITUTION_SHORT}</p>
                    <p>{format!("{} ____________", loan.issued_by_name)}</p>
                </div>
                <div>
                    <p>
                        <strong>"Получатель"</strong>
                    </p>
                    <p>{person.full_name.clone()}</p>
                    <p>"____________ (подпись)"</p>
                </div>
            </div>
        </article>
        <article class="print-sheet portrait act-sheet rental-sheet" data-testid="handover-act">
            <h1 class="print-title">
                {format!("АКТ приёма-передачи к договору № {}", loan.number)}
            </h1>
            <p class="print-subtitle">{format!("г. Югорск, {issued}")}</p>
            <table class="act-print-table">
                <tbody>
                    <tr>
                        <th>"Изделие"</th>
                        <td>{loan.item_title.clone()}</td>
                    </tr>
                    <tr>
                        <th>"Состояние при передаче"</th>
                        <td>{loan.issue_condition.label()}</td>
                    </tr>
                    <tr>
                        <th>"Комплектность"</th>
                        <td>"полная, согласно паспорту изделия"</td>
                    </tr>
                    <tr>
                        <th>"Получатель"</th>
                        <td>{format!("{}, {}", person.full_name, or_dash(&person.address))}</td>
                    </tr>
                    <tr>
                        <th>"Срок возврата"</th>
                        <td>{due.clone()}</td>
                    </tr>
                </tbody>
            </table>
            <p>
                "Изделие передано в исправном состоянии, Получатель ознакомлен с правилами пользования. Претензий к состоянию и комплектности Изделия Получатель не имеет."
            </p>
            <div class="rental-signatures">
                <div>
                    <p>"Передал:"</p>
                    <p>{format!("{} ____________", loan.issued_by_name)}</p>
                </div>
                <div>
                    <p>"Принял:"</p>
                    <p>{format!("{} ____________", person.full_name)}</p>
                </div>
            </div>
            <h2>"Возврат"</h2>
            <p>
                "Изделие возвращено «___» ____________ 20___ г. в состоянии: ______________________________"
            </p>
            <div class="rental-signatures">
                <div>
                    <p>"Сдал:"</p>
                    <p>{format!("{} ____________", person.full_name)}</p>
                </div>
                <div>
                    <p>"Принял:"</p>
                    <p>"________________ ____________"</p>
                </div>
            </div>
        </article>
    }
}
