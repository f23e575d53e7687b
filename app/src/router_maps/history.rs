//! The versions of a router map: who saved each, when, and how many situations and steps it has.

use super::types::*;
use crate::components::ErrorNotice;
use crate::error::AppError;
use crate::time::format_datetime;
use leptos::prelude::*;

#[component]
pub(crate) fn VersionHistory(history: RwSignal<Option<Result<Vec<MapVersion>, AppError>>>) -> impl IntoView {
    move || {
        history.get().map(|h| match h {
            Ok(versions) => view! {
                <section class="card rm-history" aria-label="История версий">
                    <h3>"История версий"</h3>
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th>"Версия"</th>
                                <th>"Когда"</th>
                                <th>"Кто"</th>
                                <th>"Ситуаций"</th>
                                <th>"Шагов"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {versions
                                .into_iter()
                                .map(|v| {
                                    view! {
                                        <tr>
                                            <td>{v.version}</td>
                                            <td>{format_datetime(v.at)}</td>
                                            <td>{v.by_name}</td>
                                            <td>{v.situations}</td>
                                            <td>{v.steps}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    <p class="muted">
                        "Маршруты семей хранят шаги той версии, по которой они составлены."
                    </p>
                </section>
            }
            .into_any(),
            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    }
}
