//! The rental point's report as an XLSX workbook (`GET /rental/report.xlsx?from=…&to=…`): the
//! same rows and columns as the page and the printed form, with the same session and role
//! checks.

use super::report::{RentalReport, ReportQuery, COLUMNS};
use crate::audit::ssr::write as audit;
use crate::audit::AuditAction;
use crate::auth::permissions;
use crate::auth::session::{AuthSession, ClientIp};
use crate::download::{cell as safe, downloader, internal, xlsx, Failed};
use crate::institution::INSTITUTION;
use crate::state::AppState;
use crate::time::format_naive_date;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};

/// Builds the workbook: one sheet laid out as the paper form.
pub fn workbook(report: &RentalReport) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Прокат ТСР")?;
    let title = Format::new().set_bold().set_font_size(13);
    let head = Format::new().set_bold().set_text_wrap().set_border(FormatBorder::Thin).set_background_color("#E8EEF4");
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let total = cell.clone().set_bold();
    sheet.set_column_width(0, 32.0)?;
    for col in 1..COLUMNS.len() as u16 {
        sheet.set_column_width(col, 12.0)?;
    }
    sheet.write_string(0, 0, INSTITUTION)?;
    sheet.write_string_with_format(
        1,
        0,
        format!(
            "Отчёт пункта проката технических средств реабилитации за {} — {}",
            format_naive_date(report.from),
            format_naive_date(report.to)
        ),
        &title,
    )?;
    let mut row: u32 = 3;
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *name, &head)?;
    }
    let mut write_row = |row: u32,
                         label: &str,
                         r: &super::report::ReportRow,
                         format: &Format|
     -> Result<(), XlsxError> {
        sheet.write_string_with_format(row, 0, label, format)?;
        let figures =
            [r.total, r.new, r.good, r.repair, r.written_off, r.issued, r.returned, r.on_hand, r.overdue, r.waiting];
        for (i, n) in figures.iter().enumerate() {
            sheet.write_number_with_format(row, i as u16 + 1, *n as f64, format)?;
        }
        Ok(())
    };
    for r in &report.rows {
        row += 1;
        write_row(row, r.kind.map(|k| k.label()).unwrap_or_default(), r, &cell)?;
    }
    row += 1;
    write_row(row, "Итого", &report.totals, &total)?;
    row += 2;
    sheet.write_string_with_format(
        row,
        0,
        format!("Просрочен возврат на {}", format_naive_date(report.today)),
        &title,
    )?;
    row += 1;
    for (col, name) in ["Договор", "Изделие", "Получатель", "Адрес", "Вернуть до"].iter().enumerate()
    {
        sheet.write_string_with_format(row, col as u16, *name, &head)?;
    }
    for l in &report.overdue {
        row += 1;
        sheet.write_string_with_format(row, 0, &l.number, &cell)?;
        sheet.write_string_with_format(row, 1, safe(&l.item_title), &cell)?;
        sheet.write_string_with_format(row, 2, safe(&l.person.full_name), &cell)?;
        sheet.write_string_with_format(row, 3, safe(&l.person.address), &cell)?;
        sheet.write_string_with_format(row, 4, format_naive_date(l.due_on), &cell)?;
    }
    row += 2;
    sheet.write_string_with_format(row, 0, "Очередь", &title)?;
    row += 1;
    for (col, name) in ["№", "Вид", "Кто ждёт", "Адрес", "С какого числа"].iter().enumerate()
    {
        sheet.write_string_with_format(row, col as u16, *name, &head)?;
    }
    for (i, w) in report.waiting.iter().enumerate() {
        row += 1;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &cell)?;
        sheet.write_string_with_format(row, 1, w.kind.label(), &cell)?;
        sheet.write_string_with_format(row, 2, safe(&w.person.full_name), &cell)?;
        sheet.write_string_with_format(row, 3, safe(&w.person.address), &cell)?;
        sheet.write_string_with_format(row, 4, crate::time::format_date(w.since), &cell)?;
    }
    sheet.set_paper_size(9); // A4
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    workbook.save_to_buffer()
}

/// `GET /rental/report.xlsx`: the report of the period asked for.
pub async fn report_xlsx(
    State(state): State<AppState>,
    session: Option<Extension<AuthSession>>,
    ip: Option<Extension<ClientIp>>,
    Query(query): Query<ReportQuery>,
) -> Result<Response, Failed> {
    let user = downloader(session, permissions::RENTAL)?;
    let report = super::api::report_of(&state.db, &query).await?;
    let bytes = workbook(&report).map_err(internal)?;
    audit(
        &state.db,
        &crate::audit::ssr::Actor::downloader(&user, ip),
        AuditAction::Export,
        Some("rental".into()),
        format!(
            "Выгрузка отчёта пункта проката в XLSX: {} — {}",
            format_naive_date(report.from),
            format_naive_date(report.to)
        ),
        vec![],
    )
    .await?;
    Ok(xlsx(
        bytes,
        &format!("rental-report-{}-{}.xlsx", report.from, report.to),
        &format!("Прокат ТСР {} — {}.xlsx", format_naive_date(report.from), format_naive_date(report.to)),
    ))
}
