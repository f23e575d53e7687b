//! XLSX export of the journal with its exact columns in Russian. A plain HTTP download
//! (`GET /journal/export.xlsx?from=…&to=…`), behind the same session and role checks.

use super::repo;
use super::types::{JournalEntry, JournalQuery};
use super::{COLUMNS, EXPORT_LIMIT};
use crate::audit::ssr::write as audit;
use crate::audit::AuditAction;
use crate::auth::permissions;
use crate::auth::session::{AuthSession, ClientIp};
use crate::download::{downloader, internal, xlsx, Failed, RegisterSheet};
use crate::phone::format_phone;
use crate::state::AppState;
use crate::time::to_local;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use chrono::{Datelike, Timelike};
use rust_xlsxwriter::{ExcelDateTime, XlsxError};

/// Builds the workbook: one sheet «Журнал», the header row with the journal's columns.
pub fn workbook(entries: &[JournalEntry], title: &str) -> Result<Vec<u8>, XlsxError> {
    let mut register = RegisterSheet::new("Журнал", &COLUMNS, &[7.0, 17.0, 30.0, 20.0, 32.0, 50.0, 50.0])?;
    let cell = register.text.clone();
    let moment = RegisterSheet::moment("dd.mm.yyyy hh:mm");
    let sheet = register.sheet()?;
    for (i, entry) in entries.iter().enumerate() {
        let row = (i + 1) as u32;
        let local = to_local(entry.received_at);
        let when = ExcelDateTime::from_ymd(local.year() as u16, local.month() as u8, local.day() as u8)?.and_hms(
            local.hour() as u16,
            local.minute() as u8,
            0,
        )?;
        let mut summary = entry.summary.clone();
        if entry.urgent {
            summary = format!("СРОЧНОЕ. {summary}");
        }
        sheet.write_number_with_format(row, 0, entry.number as f64, &cell)?;
        sheet.write_datetime_with_format(row, 1, &when, &moment)?;
        sheet.write_string_with_format(
            row,
            2,
            crate::download::cell(entry.full_name.clone().unwrap_or_default()),
            &cell,
        )?;
        sheet.write_string_with_format(
            row,
            3,
            crate::download::cell(entry.phone.as_deref().map(format_phone).unwrap_or_default()),
            &cell,
        )?;
        sheet.write_string_with_format(
            row,
            4,
            crate::download::cell(entry.address.clone().unwrap_or_default()),
            &cell,
        )?;
        sheet.write_string_with_format(row, 5, crate::download::cell(summary), &cell)?;
        sheet.write_string_with_format(row, 6, crate::download::cell(entry.answer_column()), &cell)?;
    }
    register.finish(entries.len(), title)
}

/// `GET /journal/export.xlsx`: the entries matching the journal's filters, oldest first.
pub async fn export_xlsx(
    State(state): State<AppState>,
    session: Option<Extension<AuthSession>>,
    ip: Option<Extension<ClientIp>>,
    Query(query): Query<JournalQuery>,
) -> Result<Response, Failed> {
    let user = downloader(session, permissions::JOURNAL_EXPORT)?;
    let entries = repo::period(&state.db, &query, EXPORT_LIMIT).await?;
    let description = super::api::describe_query(&query);
    let title = format!("Журнал учета обращений службы «Семейная диспетчерская»: {description}");
    let bytes = workbook(&entries, &title).map_err(internal)?;
    audit(
        &state.db,
        &crate::audit::ssr::Actor::downloader(&user, ip),
        AuditAction::Export,
        Some("journal".into()),
        format!("Выгрузка журнала в XLSX: {description}, записей: {}", entries.len()),
        vec![],
    )
    .await?;
    let stamp = chrono::Utc::now().format("%Y-%m-%d");
    Ok(xlsx(bytes, &format!("journal-{stamp}.xlsx"), &format!("Журнал обращений {stamp}.xlsx")))
}
