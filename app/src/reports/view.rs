//! The parts every submitted report's page is made of: the status bar (periods before and after,
//! the due date, the versions, XLSX and print), the report as on paper, and the head's panel to
//! check, complete and submit it.

use super::api::submit_report;
use super::types::{ManualFigure, ReportKind, SubmitForm};
use crate::components::fields::{CompactInput, FieldValue};
use crate::components::print::PaperActions;
use crate::components::report_table::ReportTable;
use crate::components::storage::{clear_draft, load_draft, save_draft};
use crate::components::FormErrors;
use crate::error::FieldErrors;
use crate::institution::INSTITUTION;
use crate::report_tables::Table;
use crate::time::format_datetime;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// A submitted version as the status bar lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionChip {
    pub version: i64,
    pub submitted_at: DateTime<Utc>,
    pub submitted_by_name: String,
    pub reason: String,
}

impl VersionChip {
    /// «Версия 2 сдана 01.12.2026 10:15 — Морозова Е. В.; исправление: …».
    pub fn state(&self, reason_prefix: &str) -> String {
        format!(
            "Версия {} сдана {} — {}{}",
            self.version,
            format_datetime(self.submitted_at),
            self.submitted_by_name,
            if self.reason.is_empty() { String::new() } else { format!("{reason_prefix}{}", self.reason) }
        )
    }
}

/// The bar over a report: the periods around it, the due date, the versions, XLSX and print.
#[component]
pub fn ReportStatus(
    /// (address, words) of the period before.
    previous: (String, String),
    current: String,
    /// The period after, when it has begun.
    next: Option<(String, String)>,
    due_words: String,
    overdue: bool,
    versions: Vec<VersionChip>,
    /// The report's address with its period, without a version.
    base: String,
    /// The version shown; none: as counted now.
    shown: Option<i64>,
    xlsx: String,
) -> impl IntoView {
    view! {
        <div class="card report-status no-print" class:late=overdue data-testid="report-due">
            <div class="report-months">
                <a class="btn btn-ghost" href=previous.0>
                    {format!("← {}", previous.1)}
                </a>
                <strong>{current}</strong>
                {next
                    .map(|(href, words)| {
                        view! {
                            <a class="btn btn-ghost" href=href>
                                {format!("{words} →")}
                            </a>
                        }
                    })}
            </div>
            <p class="due" class:due-overdue=overdue>
                {due_words}
            </p>
            <div class="report-versions" data-testid="report-versions">
                {versions
                    .into_iter()
                    .map(|s| {
                        let on = Some(s.version) == shown;
                        view! {
                            <a
                                class="chip"
                                class:chip-on=on
                                href=format!("{base}&version={}", s.version)
                                title=s.reason.clone()
                            >
                                {format!(
                                    "Версия {} — сдана {}, {}",
                                    s.version,
                                    format_datetime(s.submitted_at),
                                    s.submitted_by_name,
                                )}
                            </a>
                        }
                    })
                    .collect_view()}
                <a class="chip" class:chip-on=shown.is_none() href=format!("{base}&version=0")>
                    "По текущим данным"
                </a>
            </div>
            <div class="actions">
                <PaperActions xlsx=xlsx />
            </div>
        </div>
    }
}

/// The report as on paper: who reports, the title, the period, its state, the tables, signatures.
#[component]
pub fn ReportPaper(
    department: &'static str,
    title: String,
    subtitle: String,
    state: String,
    tables: Vec<Table>,
    #[prop(into)] testid: String,
) -> impl IntoView {
    view! {
        <article class="report-sheet" data-testid=testid>
            <header class="report-head">
                <p class="report-institution">{INSTITUTION} <br /> {department}</p>
                <h1 class="report-title">{title}</h1>
                <p class="report-subtitle">{subtitle}</p>
                <p class="report-subtitle" data-testid="report-state">
                    {state}
                </p>
            </header>
            {tables.into_iter().map(|t| view! { <ReportTable table=t /> }).collect_view()}
            <div class="report-signatures">
                <p>"Заведующий отделением ______________________ / ______________________"</p>
                <p>"«____» ________________ 20____ г."</p>
            </div>
        </article>
    }
}

/// The head's part: the figures Опора cannot know, the reason of a correction, «Сдать отчёт».
/// What is typed is kept on this device until the report is submitted. `address` is the
/// report's address with its period: the page opens there on the new version.
#[component]
pub fn SubmitPanel(
    kind: ReportKind,
    period: String,
    latest: i64,
    reload: RwSignal<u32>,
    address: String,
) -> impl IntoView {
    let lines = kind.manual_lines();
    let manual = RwSignal::new(super::types::blank_manual(kind));
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let sending = RwSignal::new(false);
    let key = format!("{}-manual-{period}", kind.code());
    let restore = key.clone();
    Effect::new(move |first: Option<()>| {
        if first.is_none() {
            if let Some((lines, why)) = load_draft::<(Vec<ManualFigure>, String)>(&restore) {
                manual.set(lines);
                reason.set(why);
            }
        }
    });
    let keep = key.clone();
    Effect::new(move |previous: Option<()>| {
        let now = (manual.get(), reason.get());
        if previous.is_some() {
            save_draft(&keep, &now);
        }
    });
    let submit_key = StoredValue::new(key);
    let period = StoredValue::new(period);
    let address = StoredValue::new(address);
    let navigate = leptos_router::hooks::use_navigate();
    let submit = move |_| {
        let navigate = navigate.clone();
        sending.set(true);
        message.set(None);
        let form = SubmitForm {
            kind,
            period: period.get_value(),
            manual: manual.get_untracked(),
            reason: reason.get_untracked(),
            seen_version: latest,
        };
        leptos::task::spawn_local(async move {
            match submit_report(form).await {
                Ok(version) => {
                    clear_draft(&submit_key.get_value());
                    errors.set(FieldErrors::new());
                    message.set(Some((true, format!("Отчёт сдан, версия {version}"))));
                    navigate(&format!("{}&version={version}", address.get_value()), Default::default());
                    reload.update(|n| *n += 1);
                }
                Err(e) => {
                    if let Some(found) = e.field_errors() {
                        errors.set(found.clone());
                    }
                    message.set(Some((false, e.messages().join("; "))));
                }
            }
            sending.set(false);
        });
    };
    // The lines are fixed for the form's life: typing in one does not redraw the others.
    view! {
        <section class="card no-print submit-report" data-testid="report-submit">
            <h2>
                {if latest > 0 {
                    "Сдать исправленную версию"
                } else {
                    "Проверить и сдать"
                }}
            </h2>
            <p class="muted">
                "Цифры выше Опора посчитала сама. Ниже — то, чего в Опоре нет: заполните число и укажите, откуда оно. Пустая строка уйдёт как «—»."
            </p>
            <FormErrors errors=errors />
            {(0..lines.len())
                .map(|i| {
                    let label = lines[i].to_string();
                    let value = FieldValue::new(
                        move || manual.with(|m| m.get(i).map(|l| l.value.clone()).unwrap_or_default()),
                        move |v| {
                            manual
                                .update(|m| {
                                    if let Some(l) = m.get_mut(i) {
                                        l.value = v;
                                    }
                                })
                        },
                    );
                    let note = FieldValue::new(
                        move || manual.with(|m| m.get(i).map(|l| l.note.clone()).unwrap_or_default()),
                        move |v| {
                            manual
                                .update(|m| {
                                    if let Some(l) = m.get_mut(i) {
                                        l.note = v;
                                    }
                                })
                        },
                    );
                    view! {
                        <div class="form-row manual-line">
                            <CompactInput
                                label=label
                                name=format!("manual.{i}.value")
                                value=value
                                inputmode="numeric"
                                errors=errors
                            />
                            <CompactInput
                                label="Источник"
                                name=format!("manual.{i}.note")
                                value=note
                                errors=errors
                            />
                        </div>
                    }
                })
                .collect_view()}
            {(latest > 0)
                .then(|| {
                    let why = FieldValue::new(move || reason.get(), move |v| reason.set(v));
                    view! {
                        <CompactInput
                            label="Что исправлено и почему"
                            name="reason"
                            value=why
                            errors=errors
                        />
                    }
                })}
            <div class="actions">
                <button type="button" class="btn btn-primary" on:click=submit disabled=move || sending.get()>
                    {move || if sending.get() { "Сдаём…" } else { "Сдать отчёт" }}
                </button>
                <span
                    role="status"
                    aria-live="polite"
                    class=move || match message.get() {
                        Some((true, _)) => "save-ok",
                        Some((false, _)) => "save-error",
                        None => "",
                    }
                >
                    {move || message.get().map(|(_, t)| t)}
                </span>
            </div>
        </section>
    }
}

/// The note under a submitted version for the head who may correct it.
#[component]
pub fn CorrectionHint() -> impl IntoView {
    view! {
        <p class="muted no-print">
            "Чтобы исправить сданный отчёт, откройте его «По текущим данным», проверьте и сдайте новую версию с причиной исправления."
        </p>
    }
}
