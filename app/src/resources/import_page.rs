//! Import and export of the registry: an Excel or CSV file is checked row by row first, then
//! imported all at once; downloads in Excel, CSV and HSDS JSON; district boundaries as GeoJSON.

use super::api::*;
use super::types::*;
use leptos::prelude::*;

#[cfg(feature = "hydrate")]
use crate::components::files::read_file;
use crate::components::import::FileImport;

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
    view! {
        <section class="card-block">
            <h2>"Загрузка реестра из Excel или CSV"</h2>
            <p>
                "Нужен столбец «Наименование»; остальные — как в выгрузке: «Вид организации», «Адрес», «Телефоны», «Участки» (номера через запятую или «все»), «Услуга», «Виды помощи» (через «;»), «Стоимость»… "
                "Организация, которая уже есть в реестре (тот же ID или то же наименование и адрес), обновится, а не задвоится."
            </p>
            <FileImport send=import_partners unchanged="без изменений" />
        </section>
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
