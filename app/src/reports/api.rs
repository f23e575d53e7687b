//! Server functions of the reports: the list of what the department owes, a month's СВО report
//! as counted now with its submitted versions, and the submission of a report of any kind. Each
//! checks the caller's role and writes its audit line.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::super::monitoring::{self, FamilyPlan, MonitoringReport};
    use super::super::repo;
    use super::super::svo;
    use super::super::types::*;
    use crate::calendar::ProductionCalendar;
    use crate::db::Db;
    use crate::error::AppResult;
    use crate::periods::{Month, Quarter};
    use chrono::{DateTime, NaiveDate, Utc};

    /// Writes that `user` viewed the report `what` — once per opening, when the figures shown
    /// are the current ones (not on each ask while they are counted).
    pub async fn audit_view<T>(
        db: &Db,
        user: &crate::auth::CurrentUser,
        shown: &crate::counted::Counted<T>,
        what: impl Into<String>,
    ) -> AppResult<()> {
        use crate::audit::ssr::{write, Actor};
        if shown.settling() {
            return Ok(());
        }
        write(db, &Actor::user(user), crate::audit::AuditAction::View, Some("reports".into()), what, vec![]).await
    }

    pub async fn calendar(db: &Db) -> AppResult<ProductionCalendar> {
        Ok(ProductionCalendar::from_exceptions(&crate::calendar::repo::exceptions(db).await?))
    }

    /// The month's report counted from the records as they are now.
    pub async fn count_now(db: &Db, month: Month, today: NaiveDate, now: DateTime<Utc>) -> AppResult<SvoReport> {
        let counted_to = month.last_day().min(today);
        let cases = repo::svo_cases(db, month.first_day(), month.last_day()).await?;
        Ok(SvoReport {
            month,
            tables: svo::count(&cases, month, counted_to),
            manual: blank_manual(ReportKind::SvoMonthly),
            counted_to,
            counted_at: now,
        })
    }

    /// The quarter's monitoring counted from the families' plans and questionnaires as they are
    /// now, with the plans (for the list of families to ask).
    pub async fn count_monitoring(
        db: &Db,
        quarter: Quarter,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> AppResult<(MonitoringReport, Vec<FamilyPlan>)> {
        let counted_to = quarter.last_day().min(today);
        let plans = super::super::monitoring_repo::family_plans(db, quarter, today).await?;
        let questions = super::super::monitoring_repo::questions(db).await?.questions;
        let report = MonitoringReport {
            quarter,
            tables: monitoring::count(&plans, &questions, quarter, counted_to),
            manual: blank_manual(ReportKind::Monitoring),
            counted_to,
            counted_at: now,
        };
        Ok((report, plans))
    }
}

/// What the department owes and what it has submitted.
#[server(prefix = "/api", endpoint = "reports/list")]
pub async fn load_reports() -> Result<ReportList, AppError> {
    use super::repo;
    use crate::auth::permissions;
    use crate::auth::session::{require, with_status};
    use crate::periods::{Month, Quarter};
    use crate::state::db;
    use crate::time::local_today;
    use chrono::Utc;
    let user = require(permissions::REPORTS)?;
    let db = db()?;
    let today = local_today(Utc::now());
    let calendar = ssr::calendar(&db).await?;
    let this_month = Month::of(today);
    let mut oldest = this_month;
    for _ in 0..11 {
        oldest = oldest.previous();
    }
    let latest = with_status(repo::latest_since(&db, ReportKind::SvoMonthly, &oldest.code()).await)?;
    let mut owed = vec![];
    let mut submitted = vec![];
    let mut month = this_month;
    while month >= oldest {
        let last = latest.get(&month.code()).cloned();
        let due = Due::monthly(month, today, &calendar, last.as_ref().map(|(_, at, _)| crate::time::local_today(*at)));
        let item = OwedReport {
            title: "Ежемесячный отчёт отдела по работе с участниками СВО и членами их семей".into(),
            period: month.words(),
            href: format!("/reports/svo?month={}", month.code()),
            due_words: due.words(today),
            overdue: due.overdue(today),
            due: Some(due),
            submitted: last.clone(),
        };
        // The current month and the one before are owed until submitted; earlier months appear
        // once submitted.
        if last.is_some() {
            submitted.push(item);
        } else if month >= this_month.previous() {
            owed.push(item);
        }
        month = month.previous();
    }
    // The quarterly monitoring: the current quarter and the one before are owed until submitted.
    let this_quarter = Quarter::of(today);
    let mut quarter = this_quarter;
    for _ in 0..4 {
        quarter = quarter.previous();
    }
    let latest = with_status(repo::latest_since(&db, ReportKind::Monitoring, &quarter.code()).await)?;
    let mut quarterly = vec![];
    while quarter <= this_quarter {
        let last = latest.get(&quarter.code()).cloned();
        let due =
            Due::quarterly(quarter, today, &calendar, last.as_ref().map(|(_, at, _)| crate::time::local_today(*at)));
        let item = OwedReport {
            title: ReportKind::Monitoring.label().into(),
            period: quarter.words(),
            href: format!("/reports/monitoring?quarter={}", quarter.code()),
            due_words: due.words(today),
            overdue: due.overdue(today),
            due: Some(due),
            submitted: last.clone(),
        };
        if last.is_some() {
            quarterly.push((true, item));
        } else if quarter >= this_quarter.previous() {
            quarterly.push((false, item));
        }
        quarter = quarter.next();
    }
    for (done, item) in quarterly.into_iter().rev() {
        if done {
            submitted.push(item);
        } else {
            owed.push(item);
        }
    }
    owed.sort_by_key(|r| (!r.overdue, r.due.as_ref().map(|d| d.due_on)));
    submitted.sort_by_key(|r| std::cmp::Reverse(r.submitted.as_ref().map(|(_, at, _)| *at)));
    // The desk's report is read by those who read its journal.
    if user.has_any(permissions::JOURNAL_READ) {
        owed.push(OwedReport {
            title: "Отчёт службы «Семейная диспетчерская»".into(),
            period: "любой период".into(),
            href: "/journal/report".into(),
            due: None,
            due_words: "по запросу: обращения по каналам, темам, итогам, срочные и их передача".into(),
            overdue: false,
            submitted: None,
        });
    }
    owed.push(OwedReport {
        title: "Отчёт службы «дворового» социального управления".into(),
        period: "текущий квартал".into(),
        href: "/elders/report".into(),
        due: None,
        due_words: "сдаётся ежеквартально; день сдачи положением не установлен".into(),
        overdue: false,
        submitted: None,
    });
    // The weekly meeting's sheet is the head's.
    if user.has_any(permissions::SUPERVISE) {
        owed.push(OwedReport {
            title: "Нагрузка и сроки специалистов".into(),
            period: "на сегодня".into(),
            href: "/reports/workload".into(),
            due: None,
            due_words: "к еженедельной планёрке: открытые случаи и мероприятия, просрочки и сроки этой недели".into(),
            overdue: false,
            submitted: None,
        });
    }
    Ok(ReportList { owed, submitted, today })
}

/// A month's СВО report as counted now, with its due date and submitted versions. `ticket`: of
/// the answer the page waits on ([`crate::counted`]).
#[server(prefix = "/api", endpoint = "reports/svo")]
pub async fn load_svo_report(month: String, ticket: Option<u64>) -> Result<SvoReportPage, AppError> {
    use super::repo;
    use crate::auth::permissions;
    use crate::auth::session::{require, with_status};
    use crate::periods::Month;
    use crate::time::local_today;
    use chrono::Utc;
    let user = require(permissions::REPORTS)?;
    let state = crate::state::app_state()?;
    let db = state.db.clone();
    let now = Utc::now();
    let today = local_today(now);
    let month = if month.trim().is_empty() {
        Month::of(today).previous()
    } else {
        Month::parse(&month).ok_or_else(|| AppError::field("month", "Укажите месяц в виде 2026-11"))?
    };
    if month > Month::of(today) {
        return Err(AppError::field("month", "Отчёт за месяц, который ещё не начался, не составляется"));
    }
    let calendar = ssr::calendar(&db).await?;
    // Counted in the background (it reads every СВО case): the page is answered at once with
    // the last count or how far the first has got.
    let name = format!("svo:{}", month.code());
    let counting = db.clone();
    let live = state
        .counts
        .get(crate::counted::ssr::Ask { name: &name, parts: 1, ticket }, move |_| async move {
            let now = Utc::now();
            ssr::count_now(&counting, month, local_today(now), now).await
        })
        .await;
    let live = with_status(live)?;
    let submissions: Vec<SubmittedVersion<SvoReport>> =
        with_status(repo::submissions(&db, ReportKind::SvoMonthly, &month.code()).await)?;
    let due = Due::monthly(month, today, &calendar, submissions.last().map(|s| local_today(s.submitted_at)));
    ssr::audit_view(&db, &user, &live, format!("Ежемесячный отчёт СВО за {}", month.words())).await?;
    Ok(SvoReportPage {
        month,
        due_words: due.words(today),
        overdue: due.overdue(today),
        due,
        live,
        submissions,
        can_submit: user.has_any(crate::auth::permissions::SUPERVISE),
        today,
    })
}

/// Submits a report of a period as counted now with the figures added by hand: a frozen version.
/// Answers the new version's number.
#[server(prefix = "/api", endpoint = "reports/submit", input = Json)]
pub async fn submit_report(form: SubmitForm) -> Result<i64, AppError> {
    use super::repo;
    use crate::audit::ssr::{Actor, AuditLine};
    use crate::audit::AuditAction;
    use crate::auth::permissions;
    use crate::auth::session::{require, with_status};
    use crate::periods::{Month, Quarter};
    use crate::state::db;
    use crate::time::local_today;
    use chrono::Utc;
    let user = require(permissions::SUPERVISE)?;
    let mut form = form;
    let now = Utc::now();
    let today = local_today(now);
    let period = validate_submit(&mut form, today)?;
    let db = db()?;
    let version = form.seen_version + 1;
    let what = if version == 1 {
        "сдан".to_string()
    } else {
        format!("исправлен (версия {version}): {}", form.reason)
    };
    let kind = form.kind;
    let (report, words) = match kind {
        ReportKind::SvoMonthly => {
            let month = Month::parse(&period).ok_or_else(|| AppError::field("period", "Укажите месяц отчёта"))?;
            let mut report = with_status(ssr::count_now(&db, month, today, now).await)?;
            report.manual = form.manual.clone();
            (serde_json::to_value(&report), format!("Ежемесячный отчёт СВО за {}", month.words()))
        }
        ReportKind::Monitoring => {
            let quarter = Quarter::parse(&period).ok_or_else(|| AppError::field("period", "Укажите квартал отчёта"))?;
            let (mut report, _) = with_status(ssr::count_monitoring(&db, quarter, today, now).await)?;
            report.manual = form.manual.clone();
            (serde_json::to_value(&report), format!("Мониторинг сопровождения семей с детьми за {}", quarter.words()))
        }
    };
    let report = report?;
    let line = AuditLine::new(
        &Actor::user(&user),
        AuditAction::Create,
        Some(format!("reports:{}:{period}", kind.code())),
        format!("{words} {what}"),
        vec![],
    );
    with_status(repo::submit(&db, kind, &period, &report, form.seen_version, &form.reason, &user, line).await)
}
