//! Loading a registry from the lists institutions already keep (an Excel workbook or a CSV
//! file): the file is checked first and every problem named by its row, then loaded all at
//! once. What the check found, and the component that runs it, are shared by every registry.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::future::Future;

/// What the check or the load of a file found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Whether anything was written (false for a check).
    pub applied: bool,
    pub created: usize,
    pub updated: usize,
    /// Rows that say what Опора already holds: nothing to write.
    pub unchanged: usize,
    /// The records named in the file, in order, with what happens to each.
    pub lines: Vec<ImportLine>,
    /// Row-level problems: (row number in the file, message).
    pub errors: Vec<(usize, String)>,
}

/// A record of the file and what the load does with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportLine {
    pub row: usize,
    pub name: String,
    /// «новый», «обновится», «без изменений»…
    pub action: String,
}

impl ImportReport {
    /// «новых 3, обновлено 1, без изменений 2» — the counts that are not zero (the new ones
    /// always); `unchanged` names the rows nothing is written for.
    pub fn counts(&self, unchanged: &str) -> String {
        let mut parts = vec![format!("новых {}", self.created)];
        if self.updated > 0 {
            parts.push(format!("обновлено {}", self.updated));
        }
        if self.unchanged > 0 {
            parts.push(format!("{unchanged} {}", self.unchanged));
        }
        parts.join(", ")
    }
}

/// The file chooser, «Проверить файл», the report row by row and «Загрузить в реестр» once the
/// check found no problem. `send(file name, contents as base64, apply)` is the registry's
/// server function; `unchanged` names the rows nothing is written for.
#[component]
pub fn FileImport<F, Fut>(
    send: F,
    unchanged: &'static str,
    /// What happens after a load, e.g. a link to the registry.
    #[prop(optional)]
    after: Option<ViewFn>,
    /// The load button's words; «Загрузить в реестр» when not said.
    #[prop(optional)]
    load: Option<&'static str>,
) -> impl IntoView
where
    F: Fn(String, String, bool) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<ImportReport, AppError>> + 'static,
{
    let file_input = NodeRef::<leptos::html::Input>::new();
    let report = RwSignal::new(None::<ImportReport>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let run = move |apply: bool| {
        #[cfg(feature = "hydrate")]
        {
            use crate::components::files::{base64, read_file};
            let Some(input) = file_input.get_untracked() else { return };
            busy.set(true);
            failure.set(None);
            leptos::task::spawn_local(async move {
                let result = match read_file(&input).await {
                    Ok((name, bytes)) => send(name, base64(&bytes), apply).await.map_err(|e| e.message_for("file")),
                    Err(message) => Err(message),
                };
                busy.set(false);
                match result {
                    Ok(r) => report.set(Some(r)),
                    Err(message) => {
                        report.set(None);
                        failure.set(Some(message));
                    }
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (apply, send, busy);
    };
    let run = Callback::new(run);
    view! {
        <div class="field">
            <label for="import-file">"Файл Excel (.xlsx) или CSV"</label>
            <input
                id="import-file"
                type="file"
                accept=".xlsx,.csv,.txt"
                node_ref=file_input
                data-testid="import-file"
                on:change=move |_| {
                    report.set(None);
                    failure.set(None);
                }
            />
        </div>
        <div class="toolbar">
            <button
                class="btn btn-secondary"
                type="button"
                disabled=move || busy.get()
                on:click=move |_| run.run(false)
            >
                "Проверить файл"
            </button>
        </div>
        {move || {
            failure
                .get()
                .map(|m| {
                    view! {
                        <div class="notice notice-error" role="alert" data-testid="import-failure">
                            {m}
                        </div>
                    }
                })
        }}
        {move || {
            report
                .get()
                .map(|r| {
                    let applied = r.applied;
                    view! {
                        <ImportReportView
                            report=r
                            busy=busy
                            run=run
                            unchanged=unchanged
                            load=load.unwrap_or("Загрузить в реестр")
                        />
                        {applied.then(|| after.as_ref().map(|a| a.run()))}
                    }
                })
        }}
    }
}

/// What the check or the load of a file found, row by row.
#[component]
fn ImportReportView(
    report: ImportReport,
    busy: RwSignal<bool>,
    run: Callback<bool>,
    unchanged: &'static str,
    load: &'static str,
) -> impl IntoView {
    let r = report;
    let ready = r.errors.is_empty() && !r.applied;
    let counts = r.counts(unchanged);
    view! {
        <div class="import-report" data-testid="import-report">
            {if r.applied {
                view! {
                    <div class="notice notice-success" role="status">
                        {format!("Загружено: {counts}.")}
                    </div>
                }
                    .into_any()
            } else if r.errors.is_empty() {
                view! {
                    <div class="notice notice-success" role="status">
                        {format!("Ошибок нет. Будет загружено: {counts}.")}
                    </div>
                }
                    .into_any()
            } else {
                view! {
                    <div class="notice notice-error" role="alert">
                        <strong>
                            {format!(
                                "Найдено ошибок: {}. Исправьте файл — пока ничего не загружено.",
                                r.errors.len(),
                            )}
                        </strong>
                        <ul>
                            {r
                                .errors
                                .iter()
                                .take(500)
                                .map(|(row, m)| {
                                    view! { <li>{format!("Строка {row}: {m}")}</li> }
                                })
                                .collect_view()}
                        </ul>
                    </div>
                }
                    .into_any()
            }}
            <ul class="import-lines">
                {r
                    .lines
                    .iter()
                    .take(200)
                    .map(|l| {
                        view! { <li>{format!("Строка {}: «{}» — {}", l.row, l.name, l.action)}</li> }
                    })
                    .collect_view()}
            </ul>
            {ready
                .then(|| {
                    view! {
                        <button
                            class="btn btn-primary"
                            type="button"
                            disabled=move || busy.get()
                            on:click=move |_| run.run(true)
                        >
                            {load}
                        </button>
                    }
                })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counts_name_only_what_happens() {
        let report = ImportReport { created: 3, unchanged: 2, ..Default::default() };
        assert_eq!(report.counts("уже в реестре"), "новых 3, уже в реестре 2");
        let report = ImportReport { created: 0, updated: 1, ..Default::default() };
        assert_eq!(report.counts("без изменений"), "новых 0, обновлено 1");
    }
}
