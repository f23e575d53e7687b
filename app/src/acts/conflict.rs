//! The fields where the tablet's act and the server's differ, each with a choice.

use super::types::*;
use leptos::prelude::*;

#[component]
pub(crate) fn ConflictChoice(
    mine: ActContent,
    theirs: Act,
    why: String,
    on_done: Callback<(ActContent, i64)>,
) -> impl IntoView {
    let fields = mine.differences(&theirs.content);
    let take_theirs = RwSignal::new(Vec::<&'static str>::new());
    let labels: Vec<(&'static str, &'static str)> = SECTIONS.iter().flat_map(|(_, f)| f.iter().copied()).collect();
    let mine = StoredValue::new(mine);
    let theirs = StoredValue::new(theirs);
    view! {
        <section class="conflict card-block" data-testid="act-conflict">
            <h2>"Акт изменили, пока вы его заполняли"</h2>
            <p>{why}</p>
            <table class="conflict-table">
                <thead>
                    <tr>
                        <th>"Поле"</th>
                        <th>"На планшете (ваше)"</th>
                        <th>"На сервере"</th>
                    </tr>
                </thead>
                <tbody>
                    {fields
                        .iter()
                        .map(|field| {
                            let field = *field;
                            let label = labels.iter().find(|(f, _)| *f == field).map(|(_, l)| *l).unwrap_or(field);
                            view! {
                                <tr data-field=field>
                                    <th>{label}</th>
                                    <td>
                                        <label class="choice">
                                            <input
                                                type="radio"
                                                name=format!("c-{field}")
                                                checked=true
                                                on:change=move |_| take_theirs.update(|t| t.retain(|f| *f != field))
                                            />
                                            <span>{mine.with_value(|m| m.display(field))}</span>
                                        </label>
                                    </td>
                                    <td>
                                        <label class="choice">
                                            <input
                                                type="radio"
                                                name=format!("c-{field}")
                                                on:change=move |_| {
                                                    take_theirs
                                                        .update(|t| {
                                                            t.retain(|f| *f != field);
                                                            t.push(field);
                                                        })
                                                }
                                            />
                                            <span>{theirs.with_value(|t| t.content.display(field))}</span>
                                        </label>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <button
                class="btn btn-primary"
                type="button"
                on:click=move |_| {
                    let mut merged = mine.get_value();
                    let theirs = theirs.get_value();
                    for field in take_theirs.get_untracked() {
                        merged = merged.with_field_of(field, &theirs.content);
                    }
                    on_done.run((merged, theirs.version));
                }
            >
                "Сохранить выбранное"
            </button>
        </section>
    }
}
