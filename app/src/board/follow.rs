//! The board follows everyone else's moves: the server's event stream of case changes, read
//! again after a reconnection.

use super::ctx::BoardCtx;
use crate::components::browser_only::BrowserOnly;
use leptos::prelude::*;

/// Where the live updates stand.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Live {
    Connecting,
    On,
    Lost,
}

/// The open stream and the watchdog that reopens it.
#[cfg(feature = "hydrate")]
struct Handle {
    current: std::rc::Rc<std::cell::RefCell<Option<gloo_net::eventsource::futures::EventSource>>>,
    _watchdog: gloo_timers::callback::Interval,
}

#[cfg(feature = "hydrate")]
impl Drop for Handle {
    fn drop(&mut self) {
        // Closing the stream ends its reading task.
        self.current.borrow_mut().take();
    }
}

#[cfg(not(feature = "hydrate"))]
type Handle = ();

/// Follows the server's event stream of case changes, reconnecting by itself; the stream and
/// its watchdog end with the page.
pub(crate) fn follow_live(ctx: BoardCtx, live: RwSignal<Live>, refresh: Callback<()>) {
    // Owned by the board: dropping it (the page is left) closes the stream and stops the watchdog.
    let handle = BrowserOnly::<Option<Handle>>::new();
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            use futures::StreamExt;
            use gloo_net::eventsource::futures::EventSource;
            use gloo_net::eventsource::State;
            use std::cell::{Cell, RefCell};
            use std::rc::Rc;

            // The one open stream (a second handle to it would close it when dropped).
            let current: Rc<RefCell<Option<EventSource>>> = Rc::default();
            let seen_ready = Rc::new(Cell::new(false));
            let connect = {
                let current = current.clone();
                move || {
                    let Ok(mut source) = EventSource::new("/events/cases") else {
                        live.set(Live::Lost);
                        return;
                    };
                    let (Ok(ready), Ok(cases)) = (source.subscribe("ready"), source.subscribe("case")) else {
                        live.set(Live::Lost);
                        return;
                    };
                    let seen = seen_ready.clone();
                    leptos::task::spawn_local(async move {
                        let mut events = futures::stream::select(ready, cases);
                        while let Some(event) = events.next().await {
                            match event {
                                Ok((kind, _)) if kind == "ready" => {
                                    live.set(Live::On);
                                    // A reconnection may have missed changes: the board is read again.
                                    if seen.replace(true) {
                                        refresh.run(());
                                    }
                                }
                                Ok((_, message)) => {
                                    let change = message
                                        .data()
                                        .as_string()
                                        .and_then(|text| serde_json::from_str::<super::types::CaseChange>(&text).ok());
                                    if let Some(change) = change {
                                        ctx.follow_change(change);
                                    }
                                }
                                // The stream is closed (refused, or the page is left): the
                                // watchdog opens a new one while the board is shown.
                                Err(_) => {
                                    live.set(Live::Lost);
                                    break;
                                }
                            }
                        }
                    });
                    *current.borrow_mut() = Some(source);
                }
            };
            connect();
            // The browser reconnects by itself after a dropped connection (meanwhile the board
            // says it is not live); after a refused one (a server restart mid-handshake) it gives
            // up, and this starts it again.
            let watchdog = gloo_timers::callback::Interval::new(3_000, {
                let current = current.clone();
                move || {
                    let state = current.borrow().as_ref().map(EventSource::state);
                    match state {
                        Some(State::Open) => {}
                        Some(State::Connecting) => {
                            if live.get_untracked() == Live::On {
                                live.set(Live::Lost);
                            }
                        }
                        Some(State::Closed) | None => connect(),
                    }
                }
            });
            handle.update(|h| *h = Some(Handle { current, _watchdog: watchdog }));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ctx, live, refresh, handle);
    });
}
