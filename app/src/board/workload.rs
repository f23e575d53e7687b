//! The curators' workload above the board.

use super::types::*;
use leptos::prelude::*;

/// Open and overdue cases per curator, against the limit; a name filters the board by it.
#[component]
pub(crate) fn Workload(data: BoardData, query: BoardQuery) -> impl IntoView {
    if data.workload.is_empty() {
        return ().into_any();
    }
    let limit = data.curator_limit;
    view! {
        <section class="workload" aria-label="Нагрузка специалистов">
            {data
                .workload
                .into_iter()
                .map(|w| {
                    let over = limit.is_some_and(|l| w.open > u64::from(l));
                    let href = format!(
                        "/board{}",
                        BoardQuery {
                            curator: w.curator_id.clone(),
                            ..query.clone()
                        }
                            .to_query_string(),
                    );
                    view! {
                        <a class="workload-item" class:over-limit=over href=href data-curator=w.curator_id.clone()>
                            <span class="who">{w.name.clone()}</span>
                            <span class="n">{w.open}{limit.map(|l| format!("/{l}"))}</span>
                            {(w.overdue > 0)
                                .then(|| view! { <span class="late">{format!("⚠ {}", w.overdue)}</span> })}
                        </a>
                    }
                })
                .collect_view()}
        </section>
    }
    .into_any()
}
