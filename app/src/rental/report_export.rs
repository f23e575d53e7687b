//! The rental point's report as an XLSX workbook (`GET /rental/report.xlsx?from=…&to=…`): the
//! same rows and columns as the page and the printed form, with the same session and role
//! checks.

use super::report::{RentalReport, ReportQuery, COLUMNS};
use crate::audit::ssr::write as audit;
use crate::audit::AuditAction;
use crate::auth::permissions;
use crate::auth::session::{AuthSession, ClientIp};
use crate::download::{downloader, internal, xlsx, Failed, ReportSheet};
use crate::state::AppState;
use crate::time::format_naive_date;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use rust_xlsxwriter::XlsxError;

/// Builds the workbook: one sheet laid out as the paper form.
pub fn workbook(report: &RentalReport) -> Result<Vec<u8>, XlsxError> {
    let mut widths = vec![32.0];
    widths.extend(std::iter::repeat_n(12.0, COLUMNS.len() - 1));
    let mut sheet = ReportSheet::new(
        "Прокат ТСР",
        &format!(
            "Отчёт пункта проката технических средств реабилитации за {} — {}",
            format_naive_date(report.from),
            format_naive_date(report.to)
        ),
        &widths,
    )?;
    let figures = |r: &super::report::ReportRow| {
        [r.total, r.new, r.good, r.repair, r.written_off, r.issued, r.returned, r.on_hand, r.overdue, r.waiting]
    };
    sheet.header(&COLUMNS)?;
    for r in &report.rows {
        sheet.figures(r.kind.map(|k| k.label()).unwrap_or_default(), &figures(r), false)?;
    }
    sheet.figures("Итого", &figures(&report.totals), true)?;
    sheet.heading(&format!("Просрочен возврат на {}", format_naive_date(report.today)))?;
    sheet.header(&["Договор", "Изделие", "Получатель", "Адрес", "Вернуть до"])?;
    for l in &report.overdue {
        sheet.texts(&[
            l.number.clone(),
            l.item_title.clone(),
            l.person.full_name.clone(),
            l.person.address.clone(),
            format_naive_date(l.due_on),
        ])?;
    }
    sheet.heading("Очередь")?;
    sheet.header(&["№", "Вид", "Кто ждёт", "Адрес", "С какого числа"])?;
    for (i, w) in report.waiting.iter().enumerate() {
        sheet.texts(&[
            (i + 1).to_string(),
            w.kind.label().to_string(),
            w.person.full_name.clone(),
            w.person.address.clone(),
            crate::time::format_date(w.since),
        ])?;
    }
    sheet.finish()
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
