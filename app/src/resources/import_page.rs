//! Import and export of the registry: an Excel or CSV file is checked row by row first, then
//! imported all at once; downloads in Excel, CSV and HSDS JSON; district boundaries as GeoJSON.

#[cfg(feature = "hydrate")]
use super::api::*;
use super::types::*;
use leptos::prelude::*;

#[cfg(feature = "hydrate")]
use crate::components::files::{base64, read_file};

#[component]
pub(crate) fn ImportTab(lists: ResourceLists) -> impl IntoView {
    view! {
        <section class="card-block">
            <h2>"Выгрузка реестра"</h2>
            <p>
                "Одна строка на каждую услугу; данные организации повторяются. Этот же файл можно исправить и загрузить обратно."
            </p>
            <div class="toolbar">
                <a class="btn btn-secondary" href="/resources/export.xlsx" download>
                    "Excel (.xlsx)"
                </a>
                <a class="btn btn-secondary" href="/resources/export.csv" download>
                    "CSV"
                </a>
                <a class="btn btn-secondary" href="/resources/export.json" download>
                    "JSON (HSDS)"
                </a>
            </div>
        </section>
        {lists.can_edit.then(|| view! { <PartnerImport /> })}
        <section class="card-block">
            <h2>"Границы участков"</h2>
            <p>
                "GeoJSON: по одному многоугольнику (Polygon) на участок, номер участка — в свойстве «number». Выгрузите текущие границы, исправьте в любой ГИС и загрузите обратно."
            </p>
            <div class="toolbar">
                <a class="btn btn-secondary" href="/resources/districts.geojson" download>
                    "Выгрузить границы (GeoJSON)"
                </a>
            </div>
            {lists.can_edit_boundaries.then(|| view! { <BoundaryImport /> })}
        </section>
    }
}

/// The registry from an Excel or CSV file: checked first, then loaded all at once.
#[component]
fn PartnerImport() -> impl IntoView {
    let file_input = NodeRef::<leptos::html::Input>::new();
    let report = RwSignal::new(None::<ImportReport>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let run = move |apply: bool| {
        #[cfg(feature = "hydrate")]
        {
            let Some(input) = file_input.get_untracked() else { return };
            busy.set(true);
            failure.set(None);
            leptos::task::spawn_local(async move {
                let result = match read_file(&input).await {
                    Ok((name, bytes)) => {
                        import_partners(name, base64(&bytes), apply).await.map_err(|e| e.message_for("file"))
                    }
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
        let _ = (apply, file_input, busy);
    };
    let run = Callback::new(run);
    view! {
        <section class="card-block">
            <h2>"Загрузка реестра из Excel или CSV"</h2>
            <p>
                "Нужен столбец «Наименование»; остальные — как в выгрузке: «Вид организации», «Адрес», «Телефоны», «Участки» (номера через запятую или «все»), «Услуга», «Виды помощи» (через «;»), «Стоимость»… "
                "Организация, которая уже есть в реестре (тот же ID или то же наименование и адрес), обновится, а не задвоится."
            </p>
            <div class="field">
                <label for="import-file">"Файл"</label>
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
            {move || report.get().map(|r| view! { <ImportReportView report=r busy=busy run=run /> })}
        </section>
    }
}

/// What the check or the import of a file found, row by row.
#[component]
fn ImportReportView(report: ImportReport, busy: RwSignal<bool>, run: Callback<bool>) -> impl IntoView {
    let r = report;
    let ready = r.errors.is_empty() && !r.applied;
    view! {
        <div class="import-report" data-testid="import-report">
            {if r.applied {
                view! {
                    <div class="notice notice-success" role="status">
                        {format!(
                            "Загружено: новых {}, обновлено {}, без изменений {}.",
                            r.created,
                            r.updated,
                            r.unchanged,
                        )}
                    </div>
                }
                    .into_any()
            } else if r.errors.is_empty() {
                view! {
                    <div class="notice notice-success" role="status">
                        {format!(
                            "Ошибок нет. Будет добавлено {}, обновлено {}, без изменений {}.",
                            r.created,
                            r.updated,
                            r.unchanged,
                        )}
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
                    .partners
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
                            "Загрузить в реестр"
                        </button>
                    }
                })}
        </div>
    }
}

/// District boundaries from a GeoJSON file.
#[component]
fn BoundaryImport() -> impl IntoView {
    let geo_input = NodeRef::<leptos::html::Input>::new();
    let geo_result = RwSignal::new(None::<Result<String, String>>);
    let load_boundaries = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let Some(input) = geo_input.get_untracked() else { return };
            leptos::task::spawn_local(async move {
                let result = match read_file(&input).await {
                    Ok((_, bytes)) => match String::from_utf8(bytes) {
                        Ok(text) => import_boundaries(text)
                            .await
                            .map(|n| format!("Границы загружены: участков {n}."))
                            .map_err(|e| e.message_for("file")),
                        Err(_) => Err("Файл GeoJSON должен быть в UTF-8".into()),
                    },
                    Err(m) => Err(m),
                };
                geo_result.set(Some(result));
            });
        }
    };
    view! {
        <div class="field">
            <label for="geo-file">"Загрузить границы"</label>
            <input id="geo-file" type="file" accept=".geojson,.json" node_ref=geo_input />
        </div>
        <button class="btn btn-secondary" type="button" on:click=load_boundaries>
            "Загрузить"
        </button>
        {move || {
            geo_result
                .get()
                .map(|r| match r {
                    Ok(m) => {
                        view! {
                            <div class="notice notice-success" role="status">
                                {m}
                            </div>
                        }
                            .into_any()
                    }
                    Err(m) => {
                        view! {
                            <div class="notice notice-error" role="alert">
                                {m}
                            </div>
                        }
                            .into_any()
                    }
                })
        }}
    }
}
