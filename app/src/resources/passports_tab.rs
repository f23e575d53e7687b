//! The district passports due for verification, overdue ones first.

use super::api::passports_due;
use crate::components::{AfterHydration, ErrorNotice, Loading};
use crate::time::format_naive_date;
use leptos::prelude::*;

/// District passports, overdue ones first.
#[component]
pub(crate) fn PassportsTab() -> impl IntoView {
    let due = Resource::new(|| (), |_| passports_due());
    view! {
        <AfterHydration>
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match due.await {
                        Ok(list) => {
                            let overdue = list.iter().filter(|p| p.overdue).count();
                            view! {
                                <p class="lead">
                                    "Паспорт участка проверяют не реже раза в полгода. "
                                    {if overdue > 0 {
                                        view! {
                                            <strong class="text-danger" data-testid="overdue-count">
                                                {format!("Просрочено: {overdue}")}
                                            </strong>
                                        }
                                            .into_any()
                                    } else {
                                        view! { <strong>"Все паспорта актуальны."</strong> }
                                            .into_any()
                                    }}
                                </p>
                                <div class="table-wrap">
                                    <table class="data-table passports">
                                        <thead>
                                            <tr>
                                                <th>"Участок"</th>
                                                <th>"Проверен"</th>
                                                <th>"Проверить до"</th>
                                                <th>"Партнёров"</th>
                                                <th></th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {list
                                                .into_iter()
                                                .map(|p| {
                                                    view! {
                                                        <tr
                                                            class:overdue=p.overdue
                                                            data-testid=format!("passport-{}", p.id)
                                                        >
                                                            <td>
                                                                <a href=format!(
                                                                    "/resources/districts/{}",
                                                                    p.id,
                                                                )>{p.name.clone()}</a>
                                                            </td>
                                                            <td>
                                                                {p
                                                                    .verified_on
                                                                    .map(format_naive_date)
                                                                    .unwrap_or_else(|| "никогда".into())}
                                                            </td>
                                                            <td>
                                                                {p
                                                                    .due_on
                                                                    .map(format_naive_date)
                                                                    .unwrap_or_else(|| "сейчас".into())}
                                                            </td>
                                                            <td>{p.partners}</td>
                                                            <td>
                                                                {p
                                                                    .overdue
                                                                    .then(|| {
                                                                        view! {
                                                                            <span class="badge badge-danger">
                                                                                "⚠ просрочен"
                                                                            </span>
                                                                        }
                                                                    })}
                                                            </td>
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
