//! The board follows everyone else's moves: the server's event stream of case changes, read
//! again after a reconnection.

use super::ctx::BoardCtx;
use leptos::prelude::*;

/// Where the live updates stand.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Live {
    Connecting,
    On,
    Lost,
}

/// Follows the server's event stream of case changes, reconnecting by itself.
pub(crate) fn follow_live(ctx: BoardCtx, live: RwSignal<Live>, refresh: Callback<()>) {
    Effect::new(move |_| {
        #[cfg(target_arch = "wasm32")]
        {
            use std::cell::Cell;
            use std::rc::Rc;
            use wasm_bindgen::closure::Closure;
            use wasm_bindgen::JsCast;

            let current: Rc<std::cell::RefCell<Option<web_sys::EventSource>>> = Rc::default();
            let seen_ready = Rc::new(Cell::new(false));
            let connect: Rc<dyn Fn()> = {
                let current = current.clone();
                Rc::new(move || {
                    let Ok(source) = web_sys::EventSource::new("/events/cases") else {
                        live.set(Live::Lost);
                        return;
                    };
                    let seen = seen_ready.clone();
                    let on_ready = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_| {
                        live.set(Live::On);
                        // A reconnection may have missed changes: the board is read again.
                        if seen.replace(true) {
                            refresh.run(());
                        }
                    });
                    let on_case = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                        if let Some(text) = ev.data().as_string() {
                            if let Ok(change) = serde_json::from_str::<super::types::CaseChange>(&text) {
                                ctx.follow_change(change);
                            }
                        }
                    });
                    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| live.set(Live::Lost));
                    let _ = source.add_event_listener_with_callback("ready", on_ready.as_ref().unchecked_ref());
                    let _ = source.add_event_listener_with_callback("case", on_case.as_ref().unchecked_ref());
                    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
                    on_ready.forget();
                    on_case.forget();
                    on_error.forget();
                    *current.borrow_mut() = Some(source);
                })
            };
            connect();
            // The browser reconnects by itself after a dropped connection; after a refused one
            // (a server restart mid-handshake) it gives up, and this starts it again.
            let watchdog = {
                let current = current.clone();
                let connect = connect.clone();
                Closure::<dyn Fn()>::new(move || {
                    let closed =
                        current.borrow().as_ref().is_none_or(|s| s.ready_state() == web_sys::EventSource::CLOSED);
                    if closed {
                        connect();
                    }
                })
            };
            let timer = web_sys::window().and_then(|w| {
                w.set_interval_with_callback_and_timeout_and_arguments_0(watchdog.as_ref().unchecked_ref(), 3000).ok()
            });
            watchdog.forget();
            let handle = StoredValue::new_local((current, timer));
            on_cleanup(move || {
                handle.with_value(|(current, timer)| {
                    if let Some(source) = current.borrow_mut().take() {
                        source.close();
                    }
                    if let (Some(window), Some(timer)) = (web_sys::window(), timer) {
                        window.clear_interval_with_handle(*timer);
                    }
                });
            });
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (ctx, live, refresh);
    });
}
