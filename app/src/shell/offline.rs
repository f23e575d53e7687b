//! Working without a connection: the service worker (`public/sw.js`) is registered here, and a
//! page it served from the tablet (kept the last time it was opened online) says so, with the
//! time it was kept.

/// Registers the service worker once the page is interactive; a browser without service workers
/// (or a page not served over HTTPS or from localhost) simply works online only.
#[cfg(feature = "hydrate")]
pub fn register_service_worker(window: &web_sys::Window) {
    let navigator = window.navigator();
    let supported =
        js_sys::Reflect::has(&navigator, &wasm_bindgen::JsValue::from_str("serviceWorker")).unwrap_or(false);
    if !supported {
        return;
    }
    let promise = navigator.service_worker().register("/sw.js");
    leptos::task::spawn_local(async move {
        // A refused registration leaves the site working online, as before.
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}

/// When the page on screen was kept on the tablet («06.12.2026 09:15»), if it came from there.
pub fn kept_at() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let document = web_sys::window()?.document()?;
        let meta = document.query_selector("meta[name=\"opora-saved-at\"]").ok()??;
        let saved = meta.get_attribute("content")?;
        let at = chrono::DateTime::parse_from_rfc3339(&saved).ok()?.with_timezone(&chrono::Utc);
        Some(crate::time::format_datetime(at))
    }
    #[cfg(not(feature = "hydrate"))]
    None
}
