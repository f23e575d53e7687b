//! `/reports/svo?month=2026-11`: the monthly report of the СВО department shaped like the form it
//! replaces. The head sees it as counted now, adds what Опора cannot know, and submits it; a
//! submitted version is shown as it was submitted, and a correction is a new version with its
//! reason. «Скачать XLSX» and «Печать» give the same tables.

use super::api::load_svo_report;
use super::types::*;
use super::view::{CorrectionHint, ReportPaper, ReportStatus, SubmitPanel, VersionChip};
use crate::components::counting::{ask_again_while_settling, Asked, CountingProgress, Recounting};
use crate::components::{ErrorNotice, Loading};
use crate::counted::Counted;
use crate::periods::Month;
use crate::shell::frame::AppShell;
use crate::time::{format_datetime, format_naive_date};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SvoReportPageView() -> impl IntoView {
    let query = use_query_map();
    let month = Memo::new(move |_| query.with(|q| q.get("month").unwrap_or_default()));
    let shown = Memo::new(move |_| query.with(|q| q.get("version").and_then(|v| v.parse::<i64>().ok())));
    let reload = RwSignal::new(0u32);
    // Asked again, with the answer's ticket, while the figures are being counted.
    let asked: Asked = RwSignal::new((0, None));
    // The version shown is part of the key: the page is drawn again when another one is chosen.
    let data = Resource::new(
        move || (month.get(), shown.get(), reload.get(), asked.get()),
        |(m, _, _, (_, ticket))| load_svo_report(m, ticket),
    );
    view! {
        <AppShell title="Ежемесячный отчёт СВО">
            <div class="page-head no-print">
                <div>
                    <a class="back" href="/reports">
                        "← Отчёты"
                    </a>
                    <h1>"Ежемесячный отчёт отдела СВО"</h1>
                </div>
            </div>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) => {
                            ask_again_while_settling(&page.live, asked);
                            view! { <Body page=page shown=shown reload=reload /> }.into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn Body(page: SvoReportPage, shown: Memo<Option<i64>>, reload: RwSignal<u32>) -> impl IntoView {
    let month = page.month;
    let latest = page.submissions.first().map(|s| s.version).unwrap_or(0);
    // A submitted report opens on its latest version; «По текущим данным» shows the live count.
    let version = shown.get_untracked().or((latest > 0).then_some(latest)).filter(|v| *v > 0);
    let submission = version.and_then(|v| page.submissions.iter().find(|s| s.version == v).cloned());
    let report = submission.as_ref().map(|s| s.report.clone()).or_else(|| page.live.value().cloned());
    let base = format!("/reports/svo?month={}", month.code());
    let xlsx = match &submission {
        Some(s) => format!("/reports/svo.xlsx?month={}&version={}", month.code(), s.version),
        None => format!("/reports/svo.xlsx?month={}", month.code()),
    };
    let at = |m: Month| (format!("/reports/svo?month={}", m.code()), m.words());
    let next = Some(month.next()).filter(|n| *n <= Month::of(page.today)).map(at);
    let versions: Vec<VersionChip> = page.submissions.iter().map(chip).collect();
    let paper = match report {
        Some(report) => {
            let state = match &submission {
                Some(s) => chip(s).state(". Исправление: "),
                None => format!("Не сдан. Подсчитано {} по данным Опоры", format_datetime(report.counted_at)),
            };
            let subtitle = format!(
                "Период: {} — {}; шаги маршрутов на {}",
                format_naive_date(report.month.first_day()),
                format_naive_date(report.month.last_day()),
                format_naive_date(report.counted_to),
            );
            let recounting = submission.is_none() && matches!(page.live, Counted::Ready { recounting: true, .. });
            view! {
                {recounting.then(|| view! { <Recounting /> })}
                <ReportPaper
                    department="Отдел по работе с участниками СВО и членами их семей"
                    title=report.title()
                    subtitle=subtitle
                    state=state
                    tables=report.all_tables()
                    testid="svo-report"
                />
            }
            .into_any()
        }
        None => {
            view! { <CountingProgress counted=page.live.clone() what="Считаем отчёт по данным Опоры" /> }.into_any()
        }
    };
    // Submitted as counted now: offered once there are figures to check.
    let can_submit = page.can_submit && page.live.value().is_some();
    view! {
        <ReportStatus
            previous=at(month.previous())
            current=month.words()
            next=next
            due_words=page.due_words.clone()
            overdue=page.overdue
            versions=versions
            base=base.clone()
            shown=version
            xlsx=xlsx
        />
        {paper}
        {(can_submit && version.is_none())
            .then(|| {
                view! {
                    <SubmitPanel
                        kind=ReportKind::SvoMonthly
                        period=month.code()
                        latest=latest
                        reload=reload
                        address=base.clone()
                    />
                }
            })}
        {(page.can_submit && version.is_some()).then(|| view! { <CorrectionHint /> })}
    }
}

/// A submitted version on the status bar.
fn chip(s: &SubmittedVersion<SvoReport>) -> VersionChip {
    VersionChip {
        version: s.version,
        submitted_at: s.submitted_at,
        submitted_by_name: s.submitted_by_name.clone(),
        reason: s.reason.clone(),
    }
}
