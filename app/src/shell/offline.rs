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

/// The stamp of the deployed client bundle (`GET /version`: the content-hashed name of its
/// WebAssembly, or the file's date in a build without hashes), asked without loading it.
#[cfg(feature = "hydrate")]
async fn bundle_stamp() -> Option<String> {
    let response = gloo_net::http::Request::get("/version").send().await.ok()?;
    if !response.ok() {
        return None;
    }
    response.text().await.ok().filter(|stamp| !stamp.is_empty())
}

/// «Доступна новая версия — обновить»: the server got a new version while the page is open (a
/// tablet keeps a page open all day). Asked every ten minutes, when the connection comes back and
/// when the tablet wakes up; the reload loses nothing — drafts, the act's queue and the waiting
/// photos are kept on the device.
#[leptos::component]
pub fn NewVersionNotice() -> impl leptos::IntoView {
    use crate::components::browser_only::BrowserOnly;
    use leptos::prelude::*;
    let newer = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    type Watch = Option<(Vec<gloo_events::EventListener>, gloo_timers::callback::Interval)>;
    #[cfg(not(feature = "hydrate"))]
    type Watch = ();
    let watch = BrowserOnly::<Watch>::new();
    // The stamp of the bundle this page runs.
    let first = BrowserOnly::<Option<String>>::new();
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            let Some(window) = web_sys::window() else { return };
            let check = move || {
                leptos::task::spawn_local(async move {
                    let Some(stamp) = bundle_stamp().await else { return };
                    match first.with(Clone::clone).flatten() {
                        None => first.update(|f| *f = Some(stamp)),
                        Some(seen) if seen != stamp => newer.set(true),
                        Some(_) => {}
                    }
                });
            };
            check();
            let document = window.document();
            let mut listeners = vec![gloo_events::EventListener::new(&window, "online", move |_| check())];
            if let Some(document) = document {
                let visible = document.clone();
                listeners.push(gloo_events::EventListener::new(&document, "visibilitychange", move |_| {
                    if visible.visibility_state() == web_sys::VisibilityState::Visible {
                        check();
                    }
                }));
            }
            let timer = gloo_timers::callback::Interval::new(10 * 60 * 1000, check);
            watch.update(|w| *w = Some((listeners, timer)));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (watch, newer, first);
    });
    view! {
        <Show when=move || newer.get()>
            <div class="update-banner" role="status" data-testid="new-version">
                "Доступна новая версия Опоры. "
                <button
                    type="button"
                    class="btn btn-primary"
                    on:click=move |_| {
                        if let Some(window) = web_sys::window() {
                            let _ = window.location().reload();
                        }
                    }
                >
                    "Обновить"
                </button>
                <span class="muted small">" Введённое в формах сохранится."</span>
            </div>
        </Show>
    }
}
