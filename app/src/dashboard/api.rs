//! The dashboards' server functions: the department's for the head of department, and the
//! specialist's own on her start page — counts and charts.

use super::types::Dashboard;
use crate::counted::Counted;
use crate::error::AppError;
use leptos::prelude::*;

/// The parts of the department's dashboard a count reports: its five readings.
#[cfg(feature = "ssr")]
const DASHBOARD_PARTS: u32 = 5;

/// The head's dashboard as of now: counted in the background (it reads every open case), so
/// the page is answered at once with the last count or how far the first has got. `ticket`: of
/// the answer the page waits on ([`crate::counted`]).
#[server(prefix = "/api", endpoint = "dashboard")]
pub async fn load_dashboard(ticket: Option<u64>) -> Result<Counted<Dashboard>, AppError> {
    use crate::auth::permissions;
    use crate::auth::session::{require, with_status};
    use crate::counted::ssr::Ask;
    require(permissions::SUPERVISE)?;
    let state = crate::state::app_state()?;
    let db = state.db.clone();
    let ask = Ask { name: "dashboard", parts: DASHBOARD_PARTS, ticket };
    let counted = state
        .counts
        .get(ask, move |progress| async move { count_dashboard(&db, chrono::Utc::now(), &progress).await })
        .await;
    with_status(counted)
}

/// The signed-in specialist's own week: her cases' clocks, her plan activities, her requests,
/// her districts' 55+ contacts of the month.
#[server(prefix = "/api", endpoint = "dashboard/mine")]
pub async fn load_my_dashboard() -> Result<Dashboard, AppError> {
    use crate::auth::permissions;
    use crate::auth::session::{require, with_status};
    let user = require(permissions::BOARD)?;
    let db = crate::state::db()?;
    with_status(personal_of(&db, chrono::Utc::now(), &user).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::types::{Attention, Tone};
    use chrono::{Datelike, Duration, NaiveDate};

    /// The tone of a line: calm at zero, else late or soon.
    pub fn tone(count: u64, late: bool) -> Tone {
        match (count, late) {
            (0, _) => Tone::Calm,
            (_, true) => Tone::Late,
            _ => Tone::Soon,
        }
    }

    /// The week's Sunday.
    pub fn sunday_of(today: NaiveDate) -> NaiveDate {
        today + Duration::days(6 - today.weekday().num_days_from_monday() as i64)
    }

    /// The most pressing first.
    pub fn pressing_first(attention: &mut [Attention]) {
        attention.sort_by_key(|a| match a.tone {
            Tone::Late => 0,
            Tone::Soon => 1,
            Tone::Calm => 2,
        });
    }

    /// The last week of a month is when the month's 55+ contacts must be finished.
    pub fn last_week_of_month(today: NaiveDate) -> bool {
        crate::periods::Month::of(today).last_day() - today < Duration::days(7)
    }
}

/// Counts the department's dashboard as of `now`.
#[cfg(feature = "ssr")]
pub async fn dashboard_of(db: &crate::db::Db, now: chrono::DateTime<chrono::Utc>) -> Result<Dashboard, AppError> {
    count_dashboard(db, now, &crate::counted::ssr::Progress::default()).await
}

/// Counts the department's dashboard as of `now`, telling `progress` of each reading done.
#[cfg(feature = "ssr")]
async fn count_dashboard(
    db: &crate::db::Db,
    now: chrono::DateTime<chrono::Utc>,
    progress: &crate::counted::ssr::Progress,
) -> Result<Dashboard, AppError> {
    use super::chart::render;
    use super::repo;
    use super::rules;
    use super::types::*;
    use crate::journal::types::Channel;
    use crate::periods::{Month, Quarter};
    use crate::time::{format_datetime, format_naive_date, local_today};
    use chrono::Duration;
    use ssr::*;

    let db = db.clone();
    let today = local_today(now);
    let weeks = rules::weeks(today, 12);
    let first = weeks.first().copied().unwrap_or(today);
    let sunday = sunday_of(today);
    // Appeals from the first Monday in Yugorsk (UTC+5).
    let from = first.and_hms_opt(0, 0, 0).map(|t| t.and_utc() - Duration::hours(5)).unwrap_or(now);
    let last_month = Month::of(today).previous();
    let this_quarter = Quarter::of(today);
    let quarters = [this_quarter.previous(), this_quarter];
    let quarter_codes: Vec<String> = quarters.iter().map(|q| q.code()).collect();
    let month_code = last_month.code();
    // The readings do not depend on each other: they go at once, on both cores.
    let (cases, appeals, waiting, tallies, passports) = futures::try_join!(
        progress.part(repo::cases(&db, first, today, sunday, None)),
        progress.part(repo::appeals(&db, from)),
        progress.part(repo::waiting(&db, today, &month_code, &quarter_codes)),
        progress.part(async {
            let districts = crate::districts::repo::list(&db).await?;
            crate::elders::repo::month_tallies(&db, &districts, today).await
        }),
        progress.part(repo::passports_verified(&db)),
    )?;
    let appeals: Vec<(chrono::NaiveDate, String)> = appeals
        .into_iter()
        .map(|(at, code)| (local_today(at), Channel::from_code(&code).map(|c| c.label().to_string()).unwrap_or(code)))
        .collect();
    let (activities_late, activities_soon) = rules::deadlines_due(&cases.activity_deadlines, today, sunday);
    let passports =
        passports.into_iter().filter(|verified| crate::resources::access::passport_overdue(*verified, today)).count()
            as u64;
    let not_reached: u64 = tallies.iter().map(|t| t.total.saturating_sub(t.reached)).sum();

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
            label: "Мероприятия планов сопровождения с истёкшим сроком".into(),
            count: activities_late,
            href: "/reports/workload".into(),
            tone: tone(activities_late, true),
        },
        Attention {
            label: format!("Мероприятия планов со сроком до воскресенья, {}", format_naive_date(sunday)),
            count: activities_soon,
            href: "/reports/workload".into(),
            tone: tone(activities_soon, false),
        },
        Attention {
            label: "Межведомственные запросы без ответа в срок".into(),
            count: waiting.late_inquiries,
            href: "/inquiries".into(),
            tone: tone(waiting.late_inquiries, true),
        },
        Attention {
            label: "Тревожные сообщения 55+, не принятые к сведению".into(),
            count: waiting.alerts,
            href: "/elders".into(),
            tone: tone(waiting.alerts, true),
        },
        Attention {
            label: "Паспорта участков, не проверенные в срок (раз в полгода)".into(),
            count: passports,
            href: "/resources?tab=passports".into(),
            tone: tone(passports, true),
        },
        Attention {
            label: "Люди 55+, с которыми в этом месяце ещё не связались".into(),
            count: not_reached,
            href: "/elders/round".into(),
            tone: tone(not_reached, last_week_of_month(today)),
        },
    ];
    if !waiting.svo_submitted {
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
    // The quarter's monitoring is owed from the first day of the next one; it shows two weeks
    // before, and the one before stays until submitted.
    for (quarter, submitted) in quarters.iter().zip(&waiting.monitoring_submitted) {
        let due = quarter.next().first_day();
        if *submitted || due - today > Duration::days(14) {
            continue;
        }
        attention.push(Attention {
            label: format!(
                "Мониторинг сопровождения семей за {} не сдан (срок {})",
                quarter.words(),
                format_naive_date(due)
            ),
            count: 1,
            href: format!("/reports/monitoring?quarter={}", quarter.code()),
            tone: if today >= due { Tone::Late } else { Tone::Soon },
        });
    }
    pressing_first(&mut attention);

    let channels: Vec<&str> = Channel::ALL.iter().map(|c| c.label()).collect();
    let coverage: Vec<(String, u64, u64)> =
        tallies.iter().map(|t| (t.district_name.clone(), t.total, t.reached)).collect();
    let data = [
        rules::stages_by_week(&cases.history, &weeks, today),
        rules::appeals_by_week(&appeals, &weeks, &channels),
        rules::overdue_by_curator(&cases.overdue_curators),
        rules::elder_coverage(&coverage, &Month::of(today).words()),
        rules::svo_progress(&cases.svo_routes, today),
    ];
    let charts = data.into_iter().map(|d| Chart { svg: render(&d), data: d }).collect();
    Ok(Dashboard { attention, charts, as_of: format_datetime(now) })
}

/// Counts `user`'s own dashboard as of `now`.
#[cfg(feature = "ssr")]
pub async fn personal_of(
    db: &crate::db::Db,
    now: chrono::DateTime<chrono::Utc>,
    user: &crate::auth::CurrentUser,
) -> Result<Dashboard, AppError> {
    use super::chart::render;
    use super::repo;
    use super::rules;
    use super::types::*;
    use crate::auth::permissions;
    use crate::periods::Month;
    use crate::time::{format_datetime, format_naive_date, local_today};
    use ssr::*;

    let today = local_today(now);
    let weeks = rules::weeks(today, 12);
    let first = weeks.first().copied().unwrap_or(today);
    let sunday = sunday_of(today);
    let (cases, routes) = futures::try_join!(
        repo::cases(db, first, today, sunday, Some(&user.id)),
        crate::plans::repo::of_responsible(db, &user.id),
    )?;
    let (activities_late, activities_soon) =
        rules::activities_due(routes.iter().map(|r| &r.content.plan), today, sunday, Some(&user.id));
    let overdue = cases.overdue_curators.len() as u64;
    let mine = format!("/board?curator={}", user.id);
    let mut attention = vec![
        Attention {
            label: "Мои случаи с истёкшим сроком этапа".into(),
            count: overdue,
            href: format!("{mine}&overdue=1"),
            tone: tone(overdue, true),
        },
        Attention {
            label: format!("Сроки моих случаев до воскресенья, {}", format_naive_date(sunday)),
            count: cases.due_this_week,
            href: mine,
            tone: tone(cases.due_this_week, false),
        },
        Attention {
            label: "Мои мероприятия с истёкшим сроком".into(),
            count: activities_late,
            href: "/my-activities".into(),
            tone: tone(activities_late, true),
        },
        Attention {
            label: format!("Мои мероприятия со сроком до воскресенья, {}", format_naive_date(sunday)),
            count: activities_soon,
            href: "/my-activities".into(),
            tone: tone(activities_soon, false),
        },
    ];
    if user.has_any(permissions::INQUIRIES) {
        // The requests she sent and those about the cases she sees, as the register shows them
        // to her: the start page has them here and nowhere else.
        let inquiries = crate::inquiries::repo::deadlines(db, user, today).await?;
        let (late, soon) = (inquiries.overdue.max(0) as u64, inquiries.due_soon.max(0) as u64);
        attention.push(Attention {
            label: "Межведомственные запросы без ответа в срок".into(),
            count: late,
            href: "/inquiries".into(),
            tone: tone(late, true),
        });
        attention.push(Attention {
            label: "Запросы со сроком ответа сегодня или в ближайшие два рабочих дня".into(),
            count: soon,
            href: "/inquiries".into(),
            tone: tone(soon, false),
        });
    }
    let mut charts = vec![];
    if user.has_any(permissions::ELDERS) {
        let scope = crate::elders::repo::Scope::of(db, user).await?;
        let tallies = crate::elders::repo::month_tallies(db, &scope.mine, today).await?;
        let not_reached: u64 = tallies.iter().map(|t| t.total.saturating_sub(t.reached)).sum();
        attention.push(Attention {
            label: "Люди 55+ моих районов, с которыми в этом месяце ещё не связались".into(),
            count: not_reached,
            href: "/elders/round".into(),
            tone: tone(not_reached, last_week_of_month(today)),
        });
        let coverage: Vec<(String, u64, u64)> =
            tallies.iter().map(|t| (t.district_name.clone(), t.total, t.reached)).collect();
        charts.push(rules::elder_coverage(&coverage, &Month::of(today).words()));
    }
    pressing_first(&mut attention);
    let mut stages = rules::stages_by_week(&cases.history, &weeks, today);
    stages.key = "my-stages".into();
    stages.title = "Мои открытые случаи по этапам, 12 недель".into();
    stages.empty = "Открытых случаев, где вы куратор, нет".into();
    charts.insert(0, stages);
    let charts = charts.into_iter().map(|d| Chart { svg: render(&d), data: d }).collect();
    Ok(Dashboard { attention, charts, as_of: format_datetime(now) })
}
