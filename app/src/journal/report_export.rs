//! The desk's report as an XLSX workbook (`GET /journal/report.xlsx?from=…&to=…`): the same
//! tables as the page and the printed form, with the same role check.

use super::report::{DispatchReport, ReportQuery};
use crate::audit::ssr::write as audit;
use crate::audit::AuditAction;
use crate::auth::permissions;
use crate::auth::session::{AuthSession, ClientIp};
use crate::download::{downloader, internal, xlsx, Failed, ReportSheet};
use crate::state::AppState;
use crate::time::{format_datetime, format_naive_date};
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use rust_xlsxwriter::XlsxError;

/// Builds the workbook: one sheet laid out as the paper form.
pub fn workbook(report: &DispatchReport) -> Result<Vec<u8>, XlsxError> {
    let mut sheet = ReportSheet::new("Диспетчерская", &report.title(), &[44.0, 14.0, 16.0, 16.0])?;
    sheet.note(&format!("Обращений за период: {}", report.total))?;
    for table in &report.tables {
        sheet.table(table)?;
    }
    sheet.note(&format!("Составлено в системе «Опора» {}", format_datetime(report.prepared_at)))?;
    sheet.finish()
}

/// `GET /journal/report.xlsx`.
pub async fn report_xlsx(
    State(state): State<AppState>,
    session: Option<Extension<AuthSession>>,
    ip: Option<Extension<ClientIp>>,
    Query(query): Query<ReportQuery>,
) -> Result<Response, Failed> {
    let user = downloader(session, permissions::JOURNAL_READ)?;
    let report = super::api::report_of(&state.db, &query).await?;
    let bytes = workbook(&report).map_err(internal)?;
    audit(
        &state.db,
        &crate::audit::ssr::Actor::downloader(&user, ip),
        AuditAction::Export,
        Some("journal".into()),
        format!(
            "Выгрузка отчёта службы «Семейная диспетчерская» в XLSX: {} — {}",
            format_naive_date(report.from),
            format_naive_date(report.to)
        ),
        vec![],
    )
    .await?;
    Ok(xlsx(
        bytes,
        &format!("dispatch-report-{}-{}.xlsx", report.from, report.to),
        &format!("Отчёт диспетчерской {} — {}.xlsx", format_naive_date(report.from), format_naive_date(report.to)),
    ))
}
