//! State that exists only in the browser: drag state, timers, handles of JavaScript objects.
//!
//! Such values are not `Send`: kept in a reactive owner while a page renders on the server, they
//! would be dropped when the response stream ends, on whichever worker thread polls it last, and
//! a thread-bound wrapper panics there. A `BrowserOnly` is empty on the server and holds its
//! value only in the browser, so a page rendered on the server holds nothing thread-bound.

#[cfg(target_arch = "wasm32")]
use leptos::prelude::*;
use std::marker::PhantomData;

pub struct BrowserOnly<T: 'static> {
    #[cfg(target_arch = "wasm32")]
    value: StoredValue<T, LocalStorage>,
    _kind: PhantomData<fn() -> T>,
}

impl<T: 'static> Clone for BrowserOnly<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for BrowserOnly<T> {}

impl<T: Default + 'static> BrowserOnly<T> {
    /// A default value in the browser; nothing on the server.
    pub fn new() -> Self {
        BrowserOnly {
            #[cfg(target_arch = "wasm32")]
            value: StoredValue::new_local(T::default()),
            _kind: PhantomData,
        }
    }
}

impl<T: Default + 'static> Default for BrowserOnly<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: 'static> BrowserOnly<T> {
    /// Runs `f` with the value, in the browser (and while its owner lives); none on the server.
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        #[cfg(target_arch = "wasm32")]
        {
            self.value.try_with_value(f)
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = f;
            None
        }
    }

    /// Changes the value in the browser; does nothing on the server.
    pub fn update(&self, f: impl FnOnce(&mut T)) {
        #[cfg(target_arch = "wasm32")]
        {
            self.value.try_update_value(f);
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = f;
    }
}
