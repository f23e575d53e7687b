//! The toolbar above an A4 print view: back to where the user came from, «Печать», and which
//! sheet the view is laid out for. Hidden on paper (`no-print`).

use leptos::prelude::*;

/// The toolbar of a print view.
#[component]
pub fn PrintToolbar(
    /// Where «←» leads (the journal with its filters, the case, the act…).
    #[prop(into)]
    back: Signal<String>,
    /// The words of the back link, e.g. «← К журналу».
    back_label: &'static str,
    /// The sheet, e.g. «Лист A4, альбомная ориентация».
    #[prop(optional)]
    sheet: Option<&'static str>,
) -> impl IntoView {
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="print-toolbar no-print">
            <a class="btn btn-secondary" href=move || back.get()>
                {back_label}
            </a>
            <button type="button" class="btn btn-primary" on:click=print>
                "Печать"
            </button>
            {sheet.map(|s| view! { <span class="muted">{s}</span> })}
        </div>
    }
}

/// A text for a printed form: «—» where nothing was written.
pub fn or_dash(value: &str) -> String {
    if value.trim().is_empty() {
        "—".into()
    } else {
        value.to_string()
    }
}

/// A stored date («YYYY-MM-DD») for a printed form: «ДД.ММ.ГГГГ», «—» where there is none.
pub fn date_or_dash(value: &str) -> String {
    crate::time::parse_date(value).map(crate::time::format_naive_date).unwrap_or_else(|| "—".into())
}

/// A print view's page: the title of the browser tab, a loading state, the sheet once its data
/// has come, or the error on a plain page.
#[component]
pub fn PrintPage<T>(
    title: &'static str,
    data: Resource<Result<T, crate::error::AppError>>,
    sheet: fn(T) -> AnyView,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
{
    view! {
        <leptos_meta::Title text=title />
        <Suspense fallback=|| {
            view! { <super::Loading /> }
        }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => sheet(d),
                    Err(e) => {
                        view! {
                            <main class="page">
                                <super::ErrorNotice error=e />
                            </main>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
