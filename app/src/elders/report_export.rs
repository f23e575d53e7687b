//! The quarterly report of the «дворовый» service as an XLSX workbook
//! (`GET /elders/report.xlsx?quarter=2026-Q4&district=…`): the same tables as the page and the
//! printed form, one under another on one sheet, with the same session, role and district checks.

use super::report::{QuarterReport, ReportQuery, DEPARTMENT};
use crate::audit::ssr::write as audit;
use crate::audit::AuditAction;
use crate::auth::permissions;
use crate::auth::session::{AuthSession, ClientIp};
use crate::download::{cell, downloader, internal, write_table, xlsx, Failed};
use crate::institution::INSTITUTION;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// Builds the workbook: one sheet «Отчёт» laid out as the paper form.
pub fn workbook(report: &QuarterReport) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Отчёт")?;
    let title = Format::new().set_bold().set_font_size(13);

    sheet.set_column_width(0, 34.0)?;
    for col in 1..=16u16 {
        sheet.set_column_width(col, 13.0)?;
    }
    let mut row: u32 = 0;
    sheet.write_string_with_format(row, 0, report.title(), &title)?;
    row += 1;
    sheet.write_string(row, 0, format!("{INSTITUTION}. {DEPARTMENT}"))?;
    row += 1;
    sheet.write_string(row, 0, cell(format!("Участки: {}", report.scope)))?;
    row += 1;
    sheet.write_string(
        row,
        0,
        format!("Период: {}; данные на {}", report.period, crate::time::format_naive_date(report.counted_to)),
    )?;
    row += 2;

    for table in report.tables() {
        row = write_table(sheet, row, &table)? + 1;
    }
    row += 1;
    sheet.write_string(row, 0, "Заведующий отделением ______________________ / ______________________")?;
    row += 2;
    sheet.write_string(row, 0, "Специалист по работе с семьёй ______________________ / ______________________")?;
    row += 2;
    sheet.write_string(
        row,
        0,
        format!(
            "Составлено в системе «Опора» {}, {}",
            crate::time::format_datetime(report.prepared_at),
            report.prepared_by
        ),
    )?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    workbook.save_to_buffer()
}

/// `GET /elders/report.xlsx`: the report of the quarter and district asked for.
pub async fn report_xlsx(
    State(state): State<AppState>,
    session: Option<Extension<AuthSession>>,
    ip: Option<Extension<ClientIp>>,
    Query(query): Query<ReportQuery>,
) -> Result<Response, Failed> {
    let user = downloader(session, permissions::ELDERS)?;
    let report = super::report_repo::report(&state.db, &user, &query, chrono::Utc::now()).await?;
    let bytes = workbook(&report).map_err(internal)?;
    audit(
        &state.db,
        &crate::audit::ssr::Actor::downloader(&user, ip),
        AuditAction::Export,
        Some("elders".into()),
        format!("Выгрузка квартального отчёта службы 55+ в XLSX: {}, {}", report.quarter_words, report.scope),
        vec![],
    )
    .await?;
    Ok(xlsx(
        bytes,
        &format!("elders-report-{}.xlsx", report.quarter),
        &format!("Отчёт 55+ {}.xlsx", report.quarter_words.trim_end_matches(" г.")),
    ))
}
