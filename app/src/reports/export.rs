//! The reports as XLSX workbooks — the monthly СВО report (`GET /reports/svo.xlsx?month=2026-11`)
//! and the quarterly monitoring (`GET /reports/monitoring.xlsx?quarter=2026-Q4`), `&version=2`
//! for a submitted version as it was submitted; without a version, the report as counted now —
//! the same tables as the page and the printed form; and the workload of the specialists as of
//! now (`GET /reports/workload.xlsx`).

use super::monitoring::MonitoringReport;
use super::types::{ReportKind, SubmittedVersion, SvoReport};
use super::workload::WorkloadReport;
use crate::audit::ssr::write as audit;
use crate::audit::AuditAction;
use crate::auth::permissions;
use crate::auth::session::{AuthSession, ClientIp};
use crate::download::{downloader, internal, xlsx, Failed, ReportSheet};
use crate::error::AppError;
use crate::periods::Month;
use crate::periods::Quarter;
use crate::report_tables::Table;
use crate::state::AppState;
use crate::time::{format_datetime, format_naive_date, local_today};
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use chrono::Utc;
use rust_xlsxwriter::XlsxError;
use serde::Deserialize;

/// Builds the workbook of the СВО report: one sheet laid out as the paper form.
pub fn workbook(report: &SvoReport, submission: Option<&SubmittedVersion<SvoReport>>) -> Result<Vec<u8>, XlsxError> {
    let about = format!(
        "Отдел по работе с участниками СВО и членами их семей. Период: {} — {}; шаги маршрутов на {}.",
        format_naive_date(report.month.first_day()),
        format_naive_date(report.month.last_day()),
        format_naive_date(report.counted_to)
    );
    let version = submission.map(|s| (s.version, s.submitted_at, s.submitted_by_name.as_str(), s.reason.as_str()));
    sheet_of("Отчёт СВО", &report.title(), &about, version, report.counted_at, &report.all_tables())
}

/// Builds the workbook of the quarterly monitoring.
pub fn monitoring_workbook(
    report: &MonitoringReport,
    submission: Option<&SubmittedVersion<MonitoringReport>>,
) -> Result<Vec<u8>, XlsxError> {
    let about = format!(
        "{}. Период: {} — {}; сведения на {}.",
        super::monitoring_page::DEPARTMENT,
        format_naive_date(report.quarter.first_day()),
        format_naive_date(report.quarter.last_day()),
        format_naive_date(report.counted_to)
    );
    let version = submission.map(|s| (s.version, s.submitted_at, s.submitted_by_name.as_str(), s.reason.as_str()));
    sheet_of("Мониторинг", &report.title(), &about, version, report.counted_at, &report.all_tables())
}

/// Builds the workbook of the workload: the same two tables as the page.
pub fn workload_workbook(report: &WorkloadReport) -> Result<Vec<u8>, XlsxError> {
    let mut sheet = ReportSheet::new("Нагрузка", &report.title(), &[34.0, 26.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0])?;
    sheet.note(&format!("{}. Сведения {}.", super::workload_page::DEPARTMENT, report.subtitle()))?;
    sheet.note(&format!("Подсчитано {}", format_datetime(report.counted_at)))?;
    for table in &report.tables {
        sheet.table(table)?;
    }
    sheet.note("Заведующий отделением ______________________ / ______________________")?;
    sheet.finish()
}

/// One sheet: the title, what and when, the version's facts, the tables, the signature line.
fn sheet_of(
    name: &str,
    title: &str,
    about: &str,
    submission: Option<(i64, chrono::DateTime<Utc>, &str, &str)>,
    counted_at: chrono::DateTime<Utc>,
    tables: &[Table],
) -> Result<Vec<u8>, XlsxError> {
    let mut sheet = ReportSheet::new(name, title, &[52.0, 14.0, 14.0, 14.0, 14.0, 14.0, 14.0])?;
    sheet.note(about)?;
    match submission {
        Some((version, at, by, reason)) => sheet.note(&format!(
            "Версия {version} сдана {} — {by}{}",
            format_datetime(at),
            if reason.is_empty() { String::new() } else { format!("; исправление: {reason}") }
        ))?,
        None => sheet.note(&format!("Не сдан; подсчитано {}", format_datetime(counted_at)))?,
    }
    for table in tables {
        sheet.table(table)?;
    }
    sheet.note("Заведующий отделением ______________________ / ______________________")?;
    sheet.finish()
}

/// The submitted version asked for, read only when one is; none: the report as counted now.
async fn submitted<R: serde::de::DeserializeOwned>(
    state: &AppState,
    kind: ReportKind,
    period: &str,
    version: Option<i64>,
) -> Result<Option<SubmittedVersion<R>>, AppError> {
    let Some(v) = version else { return Ok(None) };
    let versions: Vec<SubmittedVersion<R>> = super::repo::submissions(&state.db, kind, period).await?;
    versions
        .into_iter()
        .find(|s| s.version == v)
        .map(Some)
        .ok_or_else(|| AppError::NotFound(format!("Версии {v} этого отчёта нет")))
}

/// « (версия 2)» after the audit line of an exported submitted version.
fn version_words(version: Option<i64>) -> String {
    version.map(|v| format!(" (версия {v})")).unwrap_or_default()
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    month: String,
    #[serde(default)]
    quarter: String,
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
    let submission: Option<SubmittedVersion<SvoReport>> =
        submitted(&state, ReportKind::SvoMonthly, &month.code(), query.version).await?;
    let report = match &submission {
        Some(s) => s.report.clone(),
        None => super::api::ssr::count_now(&state.db, month, local_today(now), now).await?,
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
            version_words(submission.as_ref().map(|s| s.version))
        ),
        vec![],
    )
    .await?;
    Ok(xlsx(bytes, &format!("svo-report-{}.xlsx", month.code()), &format!("Отчёт СВО {}.xlsx", month.code())))
}

/// `GET /reports/monitoring.xlsx`.
pub async fn monitoring_xlsx(
    State(state): State<AppState>,
    session: Option<Extension<AuthSession>>,
    ip: Option<Extension<ClientIp>>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, Failed> {
    let user = downloader(session, permissions::REPORTS)?;
    let quarter =
        Quarter::parse(&query.quarter).ok_or_else(|| AppError::field("quarter", "Укажите квартал в виде 2026-Q4"))?;
    let now = Utc::now();
    let submission: Option<SubmittedVersion<MonitoringReport>> =
        submitted(&state, ReportKind::Monitoring, &quarter.code(), query.version).await?;
    let report = match &submission {
        Some(s) => s.report.clone(),
        None => super::api::ssr::count_monitoring(&state.db, quarter, local_today(now), now).await?.0,
    };
    let bytes = monitoring_workbook(&report, submission.as_ref()).map_err(internal)?;
    audit(
        &state.db,
        &crate::audit::ssr::Actor::downloader(&user, ip),
        AuditAction::Export,
        Some("reports".into()),
        format!(
            "Выгрузка мониторинга сопровождения семей с детьми за {} в XLSX{}",
            quarter.words(),
            version_words(submission.as_ref().map(|s| s.version))
        ),
        vec![],
    )
    .await?;
    Ok(xlsx(
        bytes,
        &format!("monitoring-{}.xlsx", quarter.code()),
        &format!("Мониторинг сопровождения {}.xlsx", quarter.code()),
    ))
}

/// `GET /reports/workload.xlsx`: the workload as of now.
pub async fn workload_xlsx(
    State(state): State<AppState>,
    session: Option<Extension<AuthSession>>,
    ip: Option<Extension<ClientIp>>,
) -> Result<Response, Failed> {
    let user = downloader(session, permissions::SUPERVISE)?;
    let report = super::workload_api::ssr::count_workload(&state.db, Utc::now()).await?;
    let bytes = workload_workbook(&report).map_err(internal)?;
    audit(
        &state.db,
        &crate::audit::ssr::Actor::downloader(&user, ip),
        AuditAction::Export,
        Some("reports".into()),
        "Выгрузка нагрузки и сроков специалистов в XLSX",
        vec![],
    )
    .await?;
    let day = report.today.format("%Y-%m-%d");
    Ok(xlsx(bytes, &format!("workload-{day}.xlsx"), &format!("Нагрузка и сроки {day}.xlsx")))
}
