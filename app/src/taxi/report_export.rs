//! The social taxi's counts as an XLSX workbook (`GET /taxi/report.xlsx?from=…&to=…`): the same
//! rows and columns as the page and the printed form, with the same session and role checks.

use super::report::{ReportQuery, TaxiReport, COLUMNS};
use crate::audit::ssr::write as audit;
use crate::audit::AuditAction;
use crate::auth::permissions;
use crate::auth::session::{AuthSession, ClientIp};
use crate::download::{downloader, internal, xlsx, Failed, ReportSheet};
use crate::time::format_naive_date;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use rust_xlsxwriter::XlsxError;

/// Builds the workbook: one sheet laid out as the paper form.
pub fn workbook(report: &TaxiReport) -> Result<Vec<u8>, XlsxError> {
    let mut widths = vec![34.0];
    widths.extend(std::iter::repeat_n(13.0, COLUMNS.len() - 1));
    let mut sheet = ReportSheet::new(
        "Социальное такси",
        &format!("Социальное такси: заявки за {} — {}", format_naive_date(report.from), format_naive_date(report.to)),
        &widths,
    )?;
    sheet.header(&COLUMNS)?;
    for r in &report.rows {
        sheet.figures(r.purpose.map(|p| p.label()).unwrap_or_default(), &r.figures(), false)?;
    }
    sheet.figures("Итого", &report.totals.figures(), true)?;
    sheet.note(&format!("Перевезено человек (выполненные поездки): {}", report.people))?;
    sheet.note("«С коляской» и «с сопровождением» — среди заявок, которые не отменены.")?;
    sheet.finish()
}

/// `GET /taxi/report.xlsx`: the counts of the period asked for.
pub async fn report_xlsx(
    State(state): State<crate::state::AppState>,
    session: Option<Extension<AuthSession>>,
    ip: Option<Extension<ClientIp>>,
    Query(query): Query<ReportQuery>,
) -> Result<Response, Failed> {
    let user = downloader(session, permissions::TAXI)?;
    let report = super::api::report_of(&state.db, &query).await?;
    let bytes = workbook(&report).map_err(internal)?;
    audit(
        &state.db,
        &crate::audit::ssr::Actor::downloader(&user, ip),
        AuditAction::Export,
        Some("taxi".into()),
        format!(
            "Выгрузка итогов социального такси в XLSX: {} — {}",
            format_naive_date(report.from),
            format_naive_date(report.to)
        ),
        vec![],
    )
    .await?;
    Ok(xlsx(
        bytes,
        &format!("taxi-report-{}-{}.xlsx", report.from, report.to),
        &format!("Социальное такси {} — {}.xlsx", format_naive_date(report.from), format_naive_date(report.to)),
    ))
}
