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
    view! {
        <div class="print-toolbar no-print">
            <a class="btn btn-secondary" href=move || back.get()>
                {back_label}
            </a>
            <PrintButton />
            {sheet.map(|s| view! { <span class="muted">{s}</span> })}
        </div>
    }
}

/// Sends the page on screen to the printer (its `no-print` parts stay off the paper).
pub fn print_page() {
    if let Some(w) = web_sys::window() {
        // A browser that cannot print says so itself; there is nothing to add.
        let _ = w.print();
    }
}

/// «Печать» of the page on screen.
#[component]
pub fn PrintButton(
    /// The words on the button; «Печать» unless told.
    #[prop(default = "Печать")]
    label: &'static str,
    /// A secondary button, where printing is not the page's main action.
    #[prop(optional)]
    secondary: bool,
) -> impl IntoView {
    let class = if secondary { "btn btn-secondary" } else { "btn btn-primary" };
    view! {
        <button type="button" class=class on:click=move |_| print_page()>
            {label}
        </button>
    }
}

/// «Скачать XLSX» and «Печать» of a report: the workbook with the same rows, and the sheet on A4.
#[component]
pub fn PaperActions(
    /// Where the workbook of the report on screen is downloaded from.
    #[prop(into)]
    xlsx: String,
) -> impl IntoView {
    view! {
        <a class="btn btn-secondary" href=xlsx rel="external" data-testid="report-xlsx">
            "Скачать XLSX"
        </a>
        <PrintButton />
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
