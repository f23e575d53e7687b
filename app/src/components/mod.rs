//! Shared pieces of the interface: the page frame, form fields, notices.

pub mod browser_only;
pub mod counting;
pub mod drag;
pub mod fields;
#[cfg(feature = "hydrate")]
pub mod files;
pub mod filters;
pub mod import;
pub mod print;
pub mod reconnect;
pub mod report_table;
pub mod storage;
pub mod waiting_files;

use crate::error::{AppError, FieldErrors, CHECK_FIELDS};
use leptos::prelude::*;

/// A calm message for an error of a server function. An expired session sends the user to the
/// login page and brings them back afterwards.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    if matches!(error, AppError::Unauthorized) {
        Effect::new(move |_| {
            if let Some(window) = web_sys::window() {
                let location = window.location();
                let here =
                    format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
                let _ = location.assign(&format!("/login?next={}", crate::url::urlencode(&here)));
            }
        });
    }
    let (title, class) = match &error {
        AppError::Unauthorized => ("Сеанс завершён", "notice notice-warn"),
        AppError::Forbidden(_) => ("Нет доступа", "notice notice-error"),
        AppError::NotFound(_) => ("Не найдено", "notice notice-warn"),
        AppError::Network(_) => ("Нет связи", "notice notice-warn"),
        _ => ("Ошибка", "notice notice-error"),
    };
    let text = match &error {
        AppError::Unauthorized => "Войдите снова — открываем страницу входа…".to_string(),
        other => other.to_string(),
    };
    view! {
        <div class=class role="alert">
            <strong>{title}</strong>
            <span>{text}</span>
        </div>
    }
}

/// The head of a page of one of a case's documents: the way back to the case, the document's
/// title, where the family lives and who curates it, and the document's actions (its print).
#[component]
pub fn CaseDocumentHead(
    case_id: String,
    case_number: String,
    #[prop(into)] title: String,
    /// The address, the district, «куратор …»: the ones given, joined.
    about: Vec<Option<String>>,
    children: Children,
) -> impl IntoView {
    let about = about.into_iter().flatten().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ");
    view! {
        <div class="page-head">
            <div>
                <p class="muted">
                    <a href=format!("/cases/{case_id}")>{format!("← Случай № {case_number}")}</a>
                </p>
                <h1>{title}</h1>
                <p class="muted">{about}</p>
            </div>
            <div class="actions">{children()}</div>
        </div>
    }
}

/// Placeholder rows while data loads.
#[component]
pub fn Loading(#[prop(optional, into)] label: Option<String>) -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {label.unwrap_or_else(|| "Загрузка…".to_string())}
        </div>
    }
}

/// Content drawn in the browser only, once the page is hydrated (a placeholder until then):
/// for parts of a page whose data loads inside a tab of an already loaded page, or a notice that
/// is there or not (`quiet`: nothing until then), so the server's page and the browser's agree.
#[component]
pub fn AfterHydration(children: ChildrenFn, #[prop(optional)] quiet: bool) -> impl IntoView {
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    view! {
        <Show when=move || mounted.get() fallback=move || (!quiet).then(|| view! { <Loading /> })>
            {children()}
        </Show>
    }
}

/// The notice above a form the server refused field by field (with the message that belongs to
/// no field, if any); nothing when there are no errors.
#[component]
pub fn FormErrors(errors: RwSignal<FieldErrors>) -> impl IntoView {
    view! {
        <Show when=move || errors.with(|e| !e.is_empty())>
            <div class="notice notice-error" role="alert">
                {CHECK_FIELDS}
                {move || errors.with(|e| e.get("form").map(|m| format!(" {m}")))}
            </div>
        </Show>
    }
}
