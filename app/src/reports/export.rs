//! The monthly СВО report as an XLSX workbook (`GET /reports/svo.xlsx?month=2026-11[&version=2]`):
//! a submitted version as it was submitted, or, without a version, the report as counted now —
//! the same tables as the page and the printed form.

use super::types::{SubmittedVersion, SvoReport};
use crate::audit::ssr::write as audit;
use crate::audit::AuditAction;
use crate::auth::permissions;
use crate::auth::session::{AuthSession, ClientIp};
use crate::download::{downloader, internal, xlsx, Failed, ReportSheet};
use crate::error::AppError;
use crate::periods::Month;
use crate::state::AppState;
use crate::time::{format_datetime, format_naive_date, local_today};
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use chrono::Utc;
use rust_xlsxwriter::XlsxError;
use serde::Deserialize;

/// Builds the workbook: one sheet laid out as the paper form, with the version's facts.
pub fn workbook(report: &SvoReport, submission: Option<&SubmittedVersion>) -> Result<Vec<u8>, XlsxError> {
    let mut sheet = ReportSheet::new("Отчёт СВО", &report.title(), &[52.0, 14.0, 14.0, 14.0, 14.0, 14.0, 14.0])?;
    sheet.note(&format!(
        "Отдел по работе с участниками СВО и членами их семей. Период: {} — {}; шаги маршрутов на {}.",
        format_naive_date(report.month.first_day()),
        format_naive_date(report.month.last_day()),
        format_naive_date(report.counted_to)
    ))?;
    match submission {
        Some(s) => sheet.note(&format!(
            "Версия {} сдана {} — {}{}",
            s.version,
            format_datetime(s.submitted_at),
            s.submitted_by_name,
            if s.reason.is_empty() { String::new() } else { format!("; исправление: {}", s.reason) }
        ))?,
        None => sheet.note(&format!("Не сдан; подсчитано {}", format_datetime(report.counted_at)))?,
    }
    for table in report.all_tables() {
        sheet.table(&table)?;
    }
    sheet.note("Заведующий отделением ______________________ / ______________________")?;
    sheet.finish()
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    month: String,
    #[serde(default)]
    version: Option<i64>,
}

/// `GET /reports/svo.xlsx`.
pub async fn svo_xlsx(
    State(state): State<AppState>,
    session: Option<Extension<AuthSession>>,
    ip: Option<Extension<ClientIp>>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, Failed> {
    let user = downloader(session, permissions::REPORTS)?;
    let month = Month::parse(&query.month).ok_or_else(|| AppError::field("month", "Укажите месяц в виде 2026-11"))?;
    let now = Utc::now();
    let submissions = super::repo::submissions(&state.db, month).await?;
    let (report, submission) = match query.version {
        Some(v) => {
            let s = submissions
                .into_iter()
                .find(|s| s.version == v)
                .ok_or_else(|| AppError::NotFound(format!("Версии {v} этого отчёта нет")))?;
            (s.report.clone(), Some(s))
        }
        None => (super::api::ssr::count_now(&state.db, month, local_today(now), now).await?, None),
    };
    let bytes = workbook(&report, submission.as_ref()).map_err(internal)?;
    audit(
        &state.db,
        &crate::audit::ssr::Actor::downloader(&user, ip),
        AuditAction::Export,
        Some("reports".into()),
        format!(
            "Выгрузка ежемесячного отчёта СВО за {} в XLSX{}",
            month.words(),
            submission.as_ref().map(|s| format!(" (версия {})", s.version)).unwrap_or_default()
        ),
        vec![],
    )
    .await?;
    Ok(xlsx(bytes, &format!("svo-report-{}.xlsx", month.code()), &format!("Отчёт СВО {}.xlsx", month.code())))
}
