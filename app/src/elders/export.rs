//! XLSX export of the registry 55+ with the page's filters (`GET /elders/export.xlsx?…`): the
//! list a caseworker keeps for her district, with the same session, role and district checks
//! as the page.

use super::repo;
use super::rules::{age_on, contacted_this_month};
use super::types::{ElderRow, RegistryQuery};
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
use chrono::NaiveDate;
use rust_xlsxwriter::XlsxError;

/// Most people one export holds.
pub const EXPORT_LIMIT: usize = 50_000;

/// The columns of the registry.
pub const COLUMNS: [&str; 9] = [
    "№ п/п",
    "ФИО",
    "Дата рождения",
    "Возраст",
    "Инвалидность",
    "Адрес",
    "Участок",
    "Телефон",
    "Группы особого внимания",
];

/// The last column: the month's contact.
const CONTACT: &str = "Контакт в этом месяце";

/// Builds the workbook: one sheet «Реестр 55+».
pub fn workbook(people: &[ElderRow], today: NaiveDate, title: &str) -> Result<Vec<u8>, XlsxError> {
    let mut columns = COLUMNS.to_vec();
    columns.push(CONTACT);
    let mut register =
        RegisterSheet::new("Реестр 55+", &columns, &[7.0, 34.0, 13.0, 9.0, 16.0, 40.0, 26.0, 20.0, 36.0, 22.0])?;
    let text = register.text.clone();
    let sheet = register.sheet()?;
    for (i, p) in people.iter().enumerate() {
        let row = (i + 1) as u32;
        sheet.write_number_with_format(row, 0, row as f64, &text)?;
        sheet.write_string_with_format(row, 1, cell(&p.full_name), &text)?;
        sheet.write_string_with_format(row, 2, crate::time::format_naive_date(p.birth_date), &text)?;
        sheet.write_number_with_format(row, 3, f64::from(age_on(p.birth_date, today)), &text)?;
        sheet.write_string_with_format(row, 4, p.disability.map(|d| d.label()).unwrap_or("нет"), &text)?;
        sheet.write_string_with_format(row, 5, cell(&p.address), &text)?;
        sheet.write_string_with_format(row, 6, cell(&p.district_name), &text)?;
        let phones = p.phones.iter().map(|p| format_phone(p)).collect::<Vec<_>>().join(", ");
        sheet.write_string_with_format(row, 7, cell(phones), &text)?;
        let groups = p.groups.iter().map(|g| g.label()).collect::<Vec<_>>().join("; ");
        sheet.write_string_with_format(row, 8, cell(groups), &text)?;
        let contact = if contacted_this_month(p.last_contact_on, today) { "был" } else { "не было" };
        sheet.write_string_with_format(row, 9, contact, &text)?;
    }
    register.finish(people.len(), title)
}

/// `GET /elders/export.xlsx`: the registry with the page's filters, by name.
pub async fn export_xlsx(
    State(state): State<AppState>,
    session: Option<Extension<AuthSession>>,
    ip: Option<Extension<ClientIp>>,
    Query(query): Query<RegistryQuery>,
) -> Result<Response, Failed> {
    let user = downloader(session, permissions::ELDERS)?;
    let today = crate::time::local_today(chrono::Utc::now());
    let districts = repo::Scope::of(&state.db, &user).await?.read(&query.district)?;
    let (people, _) = repo::list(&state.db, &districts, &query, today, EXPORT_LIMIT).await?;
    let description = query.describe();
    let title = format!("Реестр граждан 55+ и инвалидов: {description}");
    let bytes = workbook(&people, today, &title).map_err(internal)?;
    audit(
        &state.db,
        &crate::audit::ssr::Actor::downloader(&user, ip),
        AuditAction::Export,
        Some("elders".into()),
        format!("Выгрузка реестра 55+ в XLSX: {description}, записей: {}", people.len()),
        vec![],
    )
    .await?;
    let stamp = chrono::Utc::now().format("%Y-%m-%d");
    Ok(xlsx(bytes, &format!("elders-{stamp}.xlsx"), &format!("Реестр 55+ {stamp}.xlsx")))
}
