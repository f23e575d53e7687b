//! What waits on the device goes by itself when the connection returns: on the browser's
//! `online` event, and every few seconds while the page is open — a weak rural signal does not
//! always tell the browser that it came back. The act, its photos, the 55+ contacts and the
//! results of plan activities all wait this way.

/// Calls `again` each time the browser says the connection is back and every `every_ms`
/// milliseconds, for as long as the calling component lives. Nothing on the server. `again`
/// decides for itself whether anything waits.
pub fn retry_while_open(every_ms: u32, again: impl Fn() + Clone + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use super::browser_only::BrowserOnly;
        use gloo_events::EventListener;
        use gloo_timers::callback::Interval;
        use leptos::prelude::*;

        let watch = BrowserOnly::<Option<(EventListener, Interval)>>::new();
        Effect::new(move |_| {
            if let Some(window) = web_sys::window() {
                let on_online = again.clone();
                let online = EventListener::new(&window, "online", move |_| on_online());
                let timer = Interval::new(every_ms, again.clone());
                watch.update(|w| *w = Some((online, timer)));
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (every_ms, again);
}

/// Whether the browser believes it has a connection (on the server: yes).
pub fn online() -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        true
    }
}
