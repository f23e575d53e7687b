//! `GET /audit/export.xlsx`: the audit trail matching the page's filters, as a workbook.

use super::{AuditAction, AuditEntry, AuditQuery, AUDIT_EXPORT_LIMIT};
use crate::audit::ssr::write as audit;
use crate::auth::permissions;
use crate::auth::session::{AuthSession, ClientIp};
use crate::download::{downloader, internal, xlsx, Failed};
use crate::state::AppState;
use crate::time::format_datetime;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};

pub const COLUMNS: [&str; 7] = ["Когда", "Кто", "Адрес", "Действие", "Запись", "Описание", "Изменённые поля"];

pub fn workbook(entries: &[AuditEntry]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Аудит")?;
    let header = Format::new().set_bold().set_border(FormatBorder::Thin).set_background_color("#E8EEF4");
    let cell = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
    }
    for (width, col) in [(17.0, 0), (30.0, 1), (15.0, 2), (22.0, 3), (30.0, 4), (50.0, 5), (50.0, 6)] {
        sheet.set_column_width(col, width)?;
    }
    for (i, e) in entries.iter().enumerate() {
        let row = i as u32 + 1;
        let changes = e
            .changes
            .iter()
            .map(|c| format!("{}: «{}» → «{}»", c.label, c.before, c.after))
            .collect::<Vec<_>>()
            .join("\n");
        let values = [
            format_datetime(e.at),
            e.user_name.clone(),
            e.ip.clone(),
            e.action_label(),
            e.record.clone().unwrap_or_default(),
            e.summary.clone(),
            changes,
        ];
        for (col, value) in values.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, crate::download::cell(value), &cell)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

/// `GET /audit/export.xlsx`: the lines matching the audit page's filters, newest first.
pub async fn export_xlsx(
    State(state): State<AppState>,
    session: Option<Extension<AuthSession>>,
    ip: Option<Extension<ClientIp>>,
    Query(query): Query<AuditQuery>,
) -> Result<Response, Failed> {
    let user = downloader(session, permissions::AUDIT_READ)?;
    let mut entries = super::repo::list(&state.db, &query.first_page(), AUDIT_EXPORT_LIMIT).await?;
    super::hide_personal_values(&user, &mut entries);
    let bytes = workbook(&entries).map_err(internal)?;
    audit(
        &state.db,
        &crate::audit::ssr::Actor::downloader(&user, ip),
        AuditAction::Export,
        Some("audit".into()),
        format!("Выгрузка журнала аудита, строк: {}", entries.len()),
        vec![],
    )
    .await?;
    let stamp = chrono::Utc::now().format("%Y-%m-%d");
    Ok(xlsx(bytes, &format!("audit-{stamp}.xlsx"), &format!("Журнал аудита {stamp}.xlsx")))
}
