//! The filters of list pages (the journal, the board, the resource map, the audit trail): labelled
//! controls in a GET form, so the filters live in the page's URL. Each shows the value the URL
//! has now.

use leptos::prelude::*;

/// A filter of a list page: a labelled select in a GET form, «any» first.
pub fn filter_select(
    name: &'static str,
    label: &'static str,
    current: String,
    options: Vec<(String, String)>,
    any: &'static str,
) -> impl IntoView {
    view! {
        <label class="filter">
            <span>{label}</span>
            <select name=name>
                <option value="" selected=current.is_empty()>
                    {any}
                </option>
                {options
                    .into_iter()
                    .map(|(code, text)| {
                        let selected = code == current;
                        view! {
                            <option value=code selected=selected>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The search box of a filter row.
#[component]
pub fn FilterSearch(
    name: &'static str,
    label: &'static str,
    current: String,
    placeholder: &'static str,
    #[prop(optional)] maxlength: Option<u32>,
) -> impl IntoView {
    view! {
        <label class="filter filter-search">
            <span>{label}</span>
            <input type="search" name=name value=current placeholder=placeholder maxlength=maxlength />
        </label>
    }
}

/// A date of a filter row (the start or the end of a period).
#[component]
pub fn FilterDate(name: &'static str, label: &'static str, current: String) -> impl IntoView {
    view! {
        <label class="filter">
            <span>{label}</span>
            <input type="date" name=name value=current />
        </label>
    }
}

/// A yes/no filter: sends `name=1` when ticked.
#[component]
pub fn FilterCheck(name: &'static str, label: &'static str, checked: bool) -> impl IntoView {
    view! {
        <label class="filter filter-check">
            <input type="checkbox" name=name value="1" checked=checked />
            <span>{label}</span>
        </label>
    }
}
