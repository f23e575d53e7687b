//! XLSX export of the journal of applications with its columns in Russian. A plain HTTP
//! download (`GET /applications/export.xlsx?from=…&to=…`), behind the same session and role
//! checks as the page.

use super::repo;
use super::types::{Application, ApplicationQuery};
use super::{COLUMNS, EXPORT_LIMIT};
use crate::audit::ssr::write as audit;
use crate::audit::AuditAction;
use crate::auth::permissions;
use crate::auth::session::{AuthSession, ClientIp};
use crate::download::{cell, downloader, internal, xlsx, Failed, RegisterSheet};
use crate::phone::format_phone;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, XlsxError};

/// The «Заявитель» column with the contact phone, as on paper.
fn applicant_cell(a: &Application) -> String {
    match &a.applicant_phone {
        Some(phone) => format!("{}, тел. {}", a.applicant(), format_phone(phone)),
        None => a.applicant(),
    }
}

/// The «Отметка о случае» column.
fn case_cell(a: &Application) -> String {
    a.case_label.as_ref().map(|l| format!("Случай {l}")).unwrap_or_else(|| "Случай не открыт".into())
}

/// Builds the workbook: one sheet «Заявления», the header row with the journal's columns.
pub fn workbook(applications: &[Application], title: &str) -> Result<Vec<u8>, XlsxError> {
    let mut register = RegisterSheet::new("Заявления", &COLUMNS, &[7.0, 13.0, 34.0, 30.0, 32.0, 40.0, 24.0, 28.0])?;
    let text = register.text.clone();
    let day = RegisterSheet::moment("dd.mm.yyyy");
    let sheet = register.sheet()?;
    for (i, a) in applications.iter().enumerate() {
        let row = (i + 1) as u32;
        let on = ExcelDateTime::from_ymd(
            a.received_on.year() as u16,
            a.received_on.month() as u8,
            a.received_on.day() as u8,
        )?;
        sheet.write_number_with_format(row, 0, a.number as f64, &text)?;
        sheet.write_datetime_with_format(row, 1, &on, &day)?;
        sheet.write_string_with_format(row, 2, cell(applicant_cell(a)), &text)?;
        let citizen = match a.citizen_birth_date {
            Some(born) => format!("{}, {} г. р.", a.citizen_name, born.format("%d.%m.%Y")),
            None => a.citizen_name.clone(),
        };
        sheet.write_string_with_format(row, 3, cell(citizen), &text)?;
        sheet.write_string_with_format(row, 4, cell(a.address.clone()), &text)?;
        sheet.write_string_with_format(row, 5, cell(a.services_line()), &text)?;
        sheet.write_string_with_format(row, 6, cell(a.received_by_name.clone()), &text)?;
        sheet.write_string_with_format(row, 7, cell(case_cell(a)), &text)?;
    }
    register.finish(applications.len(), title)
}

/// `GET /applications/export.xlsx`: the applications matching the journal's filters, in order.
pub async fn export_xlsx(
    State(state): State<AppState>,
    session: Option<Extension<AuthSession>>,
    ip: Option<Extension<ClientIp>>,
    Query(query): Query<ApplicationQuery>,
) -> Result<Response, Failed> {
    let user = downloader(session, permissions::APPLICATIONS_READ)?;
    let applications = repo::period(&state.db, &query, EXPORT_LIMIT).await?;
    let description = query.describe();
    let title = format!("Журнал регистрации заявлений о предоставлении социального обслуживания: {description}");
    let bytes = workbook(&applications, &title).map_err(internal)?;
    audit(
        &state.db,
        &crate::audit::ssr::Actor::downloader(&user, ip),
        AuditAction::Export,
        Some("applications".into()),
        format!("Выгрузка журнала регистрации заявлений в XLSX: {description}, записей: {}", applications.len()),
        vec![],
    )
    .await?;
    let stamp = chrono::Utc::now().format("%Y-%m-%d");
    Ok(xlsx(bytes, &format!("applications-{stamp}.xlsx"), &format!("Журнал заявлений {stamp}.xlsx")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::applications::types::ApplicantKind;
    use crate::social_services::ServiceKind;
    use chrono::NaiveDate;

    #[test]
    fn the_columns_read_as_on_paper() {
        let a = Application {
            id: "a1".into(),
            number: 7,
            year: 2026,
            received_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            received_by_name: "Иванова Мария Петровна".into(),
            applicant_kind: ApplicantKind::Organisation,
            applicant_name: Some("Петрова Н. А.".into()),
            organisation: Some("Управление опеки и попечительства".into()),
            applicant_phone: Some("+79123456789".into()),
            citizen_name: "Сидорова Ольга Викторовна".into(),
            citizen_birth_date: None,
            address: "г. Югорск".into(),
            district_id: None,
            district_name: None,
            services: vec![ServiceKind::Household, ServiceKind::Legal],
            members: vec![],
            circumstances: "…".into(),
            consent_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            case_id: None,
            case_label: None,
            created_at: chrono::Utc::now(),
            created_by_name: "Иванова Мария Петровна".into(),
            version: 1,
            received_by_id: None,
        };
        assert_eq!(applicant_cell(&a), "Управление опеки и попечительства (Петрова Н. А.), тел. +7 (912) 345-67-89");
        assert_eq!(a.services_line(), "Социально-бытовые, Социально-правовые");
        assert_eq!(case_cell(&a), "Случай не открыт");
        let bytes = workbook(&[a], "Журнал").unwrap();
        assert!(bytes.starts_with(b"PK"), "an XLSX file is a ZIP archive");
    }
}
