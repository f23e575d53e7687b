//! The coverage of kinds of help by district: where no partner covers a need.

use super::api::load_coverage;
use crate::components::{AfterHydration, ErrorNotice, Loading};
use leptos::prelude::*;

/// Kinds of help × districts: where no partner covers a need.
#[component]
pub(crate) fn CoverageTab() -> impl IntoView {
    let coverage = Resource::new(|| (), |_| load_coverage());
    view! {
        <AfterHydration>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match coverage.await {
                        Ok(c) => {
                            let gaps = c.gaps();
                            let districts = c.districts.clone();
                            view! {
                                <p class="lead">
                                    "Сколько партнёров даёт каждый вид помощи на каждом участке (вместе с работающими по всему городу). "
                                    <strong data-testid="gap-count">{format!("Пробелов: {gaps}")}</strong>
                                </p>
                                <div class="table-wrap">
                                    <table class="data-table coverage">
                                        <thead>
                                            <tr>
                                                <th>"Вид помощи"</th>
                                                {districts
                                                    .iter()
                                                    .map(|(_, number, name)| {
                                                        view! { <th title=name.clone()>{format!("№ {number}")}</th> }
                                                    })
                                                    .collect_view()}
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {c
                                                .help_kinds
                                                .iter()
                                                .zip(c.counts.iter())
                                                .map(|(kind, row)| {
                                                    view! {
                                                        <tr data-help=kind.code.clone()>
                                                            <th scope="row">{kind.label.clone()}</th>
                                                            {row
                                                                .iter()
                                                                .zip(districts.iter())
                                                                .map(|(count, (id, number, _))| {
                                                                    let href = format!(
                                                                        "/resources?tab=registry&help={}&district={id}",
                                                                        kind.code,
                                                                    );
                                                                    let label = format!(
                                                                        "{}: участок № {number}",
                                                                        kind.label,
                                                                    );
                                                                    if *count == 0 {
                                                                        view! {
                                                                            <td
                                                                                class="gap"
                                                                                data-district=id.clone()
                                                                                aria-label=format!("{label}: нет партнёров")
                                                                            >
                                                                                "нет"
                                                                            </td>
                                                                        }
                                                                            .into_any()
                                                                    } else {
                                                                        view! {
                                                                            <td data-district=id.clone()>
                                                                                <a href=href aria-label=label>
                                                                                    {*count}
                                                                                </a>
                                                                            </td>
                                                                        }
                                                                            .into_any()
                                                                    }
                                                                })
                                                                .collect_view()}
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </AfterHydration>
    }
}
