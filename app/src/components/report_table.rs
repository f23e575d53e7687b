//! A table of a report on the page and on paper (`report_tables`).

use crate::report_tables::{Cell, Table};
use leptos::prelude::*;

/// A table of a report with its title and note; a row of totals in bold.
#[component]
pub fn ReportTable(table: Table) -> impl IntoView {
    let width = table.columns.len();
    let groups = table.groups.clone();
    view! {
        <section class="report-section" data-testid=format!("report-{}", table.key)>
            <h2>{table.title.clone()}</h2>
            {table.note.clone().map(|n| view! { <p class="report-note">{n}</p> })}
            <div class="table-wrap report-wrap">
                <table class=format!("report-table report-{}", table.key)>
                    <thead>
                        {(!groups.is_empty())
                            .then(|| {
                                view! {
                                    <tr class="report-groups">
                                        {groups
                                            .into_iter()
                                            .map(|(text, span)| {
                                                view! {
                                                    <th scope="colgroup" colspan=span.to_string()>
                                                        {text}
                                                    </th>
                                                }
                                            })
                                            .collect_view()}
                                    </tr>
                                }
                            })}
                        <tr>
                            {table.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {if table.rows.is_empty() {
                            view! {
                                <tr>
                                    <td colspan=width.to_string() class="empty-cell">
                                        {table.empty.clone()}
                                    </td>
                                </tr>
                            }
                                .into_any()
                        } else {
                            table
                                .rows
                                .into_iter()
                                .map(|row| {
                                    view! {
                                        <tr class:total=row.total>
                                            <th scope="row">{row.label}</th>
                                            {row
                                                .cells
                                                .into_iter()
                                                .map(|c| {
                                                    let class = if matches!(c, Cell::Text(_)) { "" } else { "num" };
                                                    view! { <td class=class>{c.text()}</td> }
                                                })
                                                .collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()
                                .into_any()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
