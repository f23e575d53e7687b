//! The dashboard's server function: counts and charts for the head of department.

use super::types::Dashboard;
use crate::error::AppError;
use leptos::prelude::*;

/// The head's dashboard as of now.
#[server(prefix = "/api", endpoint = "dashboard")]
pub async fn load_dashboard() -> Result<Dashboard, AppError> {
    use crate::auth::permissions;
    use crate::auth::session::{require, with_status};
    require(permissions::SUPERVISE)?;
    let db = crate::state::db()?;
    with_status(dashboard_of(&db, chrono::Utc::now()).await)
}

/// Counts the dashboard as of `now`.
#[cfg(feature = "ssr")]
pub async fn dashboard_of(db: &crate::db::Db, now: chrono::DateTime<chrono::Utc>) -> Result<Dashboard, AppError> {
    use super::chart::render;
    use super::repo;
    use super::rules;
    use super::types::*;
    use crate::journal::types::Channel;
    use crate::periods::Month;
    use crate::time::{format_datetime, format_naive_date, local_today};
    use chrono::{Datelike, Duration};

    let db = db.clone();
    let today = local_today(now);
    let weeks = rules::weeks(today, 12);
    let first = weeks.first().copied().unwrap_or(today);
    let sunday = today + Duration::days(6 - today.weekday().num_days_from_monday() as i64);
    let cases = repo::cases(&db, first, today, sunday).await?;
    // Appeals from the first Monday in Yugorsk (UTC+5).
    let from = first.and_hms_opt(0, 0, 0).map(|t| t.and_utc() - Duration::hours(5)).unwrap_or(now);
    let appeals: Vec<(chrono::NaiveDate, String)> = repo::appeals(&db, from)
        .await?
        .into_iter()
        .map(|(at, code)| (local_today(at), Channel::from_code(&code).map(|c| c.label().to_string()).unwrap_or(code)))
        .collect();
    let last_month = Month::of(today).previous();
    let (late_inquiries, alerts, submitted) = repo::waiting(&db, today, &last_month.code()).await?;

    let tone = |count: u64, late: bool| match (count, late) {
        (0, _) => Tone::Calm,
        (_, true) => Tone::Late,
        _ => Tone::Soon,
    };
    let overdue = cases.overdue_curators.len() as u64;
    let report_due = last_month.next().first_day();
    let mut attention = vec![
        Attention {
            label: "Случаи с истёкшим сроком этапа".into(),
            count: overdue,
            href: "/board?overdue=1".into(),
            tone: tone(overdue, true),
        },
        Attention {
            label: format!("Сроки случаев до воскресенья, {}", format_naive_date(sunday)),
            count: cases.due_this_week,
            href: "/board".into(),
            tone: tone(cases.due_this_week, false),
        },
        Attention {
            label: "Межведомственные запросы без ответа в срок".into(),
            count: late_inquiries,
            href: "/inquiries".into(),
            tone: tone(late_inquiries, true),
        },
        Attention {
            label: "Тревожные сообщения 55+, не принятые к сведению".into(),
            count: alerts,
            href: "/elders".into(),
            tone: tone(alerts, true),
        },
    ];
    if !submitted {
        attention.push(Attention {
            label: format!(
                "Ежемесячный отчёт СВО за {} не сдан (срок {})",
                last_month.words(),
                format_naive_date(report_due)
            ),
            count: 1,
            href: format!("/reports/svo?month={}", last_month.code()),
            tone: if today > report_due { Tone::Late } else { Tone::Soon },
        });
    }
    // The most pressing first.
    attention.sort_by_key(|a| match a.tone {
        Tone::Late => 0,
        Tone::Soon => 1,
        Tone::Calm => 2,
    });

    let channels: Vec<&str> = Channel::ALL.iter().map(|c| c.label()).collect();
    let data = [
        rules::stages_by_week(&cases.history, &weeks, today),
        rules::appeals_by_week(&appeals, &weeks, &channels),
        rules::overdue_by_curator(&cases.overdue_curators),
    ];
    let charts = data.into_iter().map(|d| Chart { svg: render(&d), data: d }).collect();
    Ok(Dashboard { attention, charts, as_of: format_datetime(now) })
}
