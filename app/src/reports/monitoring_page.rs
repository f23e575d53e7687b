//! `/reports/monitoring?quarter=2026-Q4`: the quarterly monitoring of the support of families with
//! children shaped like the form it replaces — the survey of the families whose ИПССС was
//! completed, their answers question by question, the institution's indicators. Above it, the
//! families still to ask, each a link to its questionnaire; the head edits the questions,
//! completes the figures Опора cannot know and submits a frozen version.

use super::monitoring::{MonitoringPage, MonitoringReport, ToAsk};
use super::monitoring_api::load_monitoring;
use super::types::{ReportKind, SubmittedVersion};
use super::view::{CorrectionHint, ReportPaper, ReportStatus, SubmitPanel, VersionChip};
use crate::components::counting::{ask_again_while_settling, Asked, CountingProgress, Recounting};
use crate::components::{ErrorNotice, Loading};
use crate::counted::Counted;
use crate::periods::Quarter;
use crate::shell::frame::AppShell;
use crate::time::{format_datetime, format_naive_date};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Who reports, as the heading of the form says.
pub const DEPARTMENT: &str = "Отделение социального сопровождения граждан (семьи с детьми)";

#[component]
pub fn MonitoringPageView() -> impl IntoView {
    let query = use_query_map();
    let quarter = Memo::new(move |_| query.with(|q| q.get("quarter").unwrap_or_default()));
    let shown = Memo::new(move |_| query.with(|q| q.get("version").and_then(|v| v.parse::<i64>().ok())));
    let reload = RwSignal::new(0u32);
    // Asked again, with the answer's ticket, while the figures are being counted.
    let asked: Asked = RwSignal::new((0, None));
    let data = Resource::new(
        move || (quarter.get(), shown.get(), reload.get(), asked.get()),
        |(q, _, _, (_, ticket))| load_monitoring(q, ticket),
    );
    view! {
        <AppShell title="Мониторинг сопровождения семей">
            <div class="page-head no-print">
                <div>
                    <a class="back" href="/reports">
                        "← Отчёты"
                    </a>
                    <h1>"Мониторинг сопровождения семей с детьми"</h1>
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

fn chip(s: &SubmittedVersion<MonitoringReport>) -> VersionChip {
    VersionChip {
        version: s.version,
        submitted_at: s.submitted_at,
        submitted_by_name: s.submitted_by_name.clone(),
        reason: s.reason.clone(),
    }
}

#[component]
fn Body(page: MonitoringPage, shown: Memo<Option<i64>>, reload: RwSignal<u32>) -> impl IntoView {
    let quarter = page.quarter;
    let latest = page.submissions.first().map(|s| s.version).unwrap_or(0);
    let version = shown.get_untracked().or((latest > 0).then_some(latest)).filter(|v| *v > 0);
    let submission = version.and_then(|v| page.submissions.iter().find(|s| s.version == v).cloned());
    let report = submission.as_ref().map(|s| s.report.clone()).or_else(|| page.live.value().cloned());
    let base = format!("/reports/monitoring?quarter={}", quarter.code());
    let xlsx = match &submission {
        Some(s) => format!("/reports/monitoring.xlsx?quarter={}&version={}", quarter.code(), s.version),
        None => format!("/reports/monitoring.xlsx?quarter={}", quarter.code()),
    };
    let at = |q: Quarter| (format!("/reports/monitoring?quarter={}", q.code()), q.words());
    let next = Some(quarter.next()).filter(|n| n.first_day() <= page.today).map(at);
    let paper = match report {
        Some(report) => {
            let state = match &submission {
                Some(s) => chip(s).state(". Исправление: "),
                None => format!("Не сдан. Подсчитано {} по данным Опоры", format_datetime(report.counted_at)),
            };
            let subtitle = format!(
                "Период: {} — {}; сведения на {}",
                format_naive_date(quarter.first_day()),
                format_naive_date(quarter.last_day()),
                format_naive_date(report.counted_to),
            );
            let recounting = submission.is_none() && matches!(page.live, Counted::Ready { recounting: true, .. });
            view! {
                {recounting.then(|| view! { <Recounting /> })}
                <ReportPaper
                    department=DEPARTMENT
                    title=report.title()
                    subtitle=subtitle
                    state=state
                    tables=report.all_tables()
                    testid="monitoring-report"
                />
            }
            .into_any()
        }
        None => view! {
            <CountingProgress
                counted=page.live.clone()
                what="Считаем мониторинг по данным Опоры"
            />
        }
        .into_any(),
    };
    // The families to ask come with the count; submitted as counted now, once there are figures.
    let counted = page.live.value().is_some();
    let can_submit = page.can_submit && counted;
    view! {
        <ReportStatus
            previous=at(quarter.previous())
            current=quarter.words()
            next=next
            due_words=page.due_words.clone()
            overdue=page.overdue
            versions=page.submissions.iter().map(chip).collect()
            base=base.clone()
            shown=version
            xlsx=xlsx
        />
        {counted
            .then(|| view! { <ToAskList families=page.to_ask.clone() can_edit_questions=page.can_edit_questions /> })}
        {paper}
        {(can_submit && version.is_none())
            .then(|| {
                view! {
                    <SubmitPanel
                        kind=ReportKind::Monitoring
                        period=quarter.code()
                        latest=latest
                        reload=reload
                        address=base.clone()
                    />
                }
            })}
        {(page.can_submit && version.is_some()).then(|| view! { <CorrectionHint /> })}
    }
}

/// The families whose ИПССС was completed in the quarter: not asked first, each a link to its
/// questionnaire.
#[component]
fn ToAskList(families: Vec<ToAsk>, can_edit_questions: bool) -> impl IntoView {
    let waiting = families.iter().filter(|f| !f.asked).count();
    let total = families.len();
    view! {
        <section class="card no-print" data-testid="monitoring-to-ask">
            <div class="card-head">
                <h2>"Анкетирование семей, завершивших ИПССС"</h2>
                {can_edit_questions
                    .then(|| {
                        view! {
                            <a class="btn btn-ghost" href="/reports/monitoring/questions">
                                "Вопросы анкеты"
                            </a>
                        }
                    })}
            </div>
            {if families.is_empty() {
                view! {
                    <p class="muted">
                        "В этом квартале ИПССС семей, которые вы видите, не завершались. Семья появится здесь, когда в её плане записано заключение."
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <p class="muted">
                        {format!(
                            "Опрошено {} из {total}; ждут опроса — {waiting}.",
                            total - waiting,
                        )}
                    </p>
                    <ul class="survey-list">
                        {families
                            .into_iter()
                            .map(|f| {
                                view! {
                                    <li class="survey-item" class:survey-done=f.asked>
                                        <a href=format!("/cases/{}/survey", f.case_id)>
                                            <strong>{f.title.clone()}</strong>
                                            <span class="muted">
                                                {format!(
                                                    " № {} · {} уровень · заключение {}",
                                                    f.case_number,
                                                    f.level,
                                                    format_naive_date(f.concluded_on),
                                                )}
                                            </span>
                                        </a>
                                        <span class=if f.asked {
                                            "badge badge-ok"
                                        } else {
                                            "badge badge-warn"
                                        }>
                                            {if f.asked {
                                                f.state.clone()
                                            } else {
                                                "Не опрошена".to_string()
                                            }}
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}
