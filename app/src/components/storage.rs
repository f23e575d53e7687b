//! Drafts kept in the browser's local storage, so that what a user typed survives a reload,
//! a lost connection or an expired session. No-ops on the server.
//!
//! A draft belongs to the account that typed it: every key is stored under the signed-in user
//! (set by the page frame), so on a tablet shared by two caseworkers neither sees, loads nor
//! sends the other's drafts — B opening the same case finds no act of A's to send under B's
//! name. Without a signed-in user nothing is read or written. A draft not yet sent stays on the
//! device after logout and the idle lock, for its owner's next sign-in.

use serde::{de::DeserializeOwned, Serialize};
use std::cell::RefCell;

thread_local! {
    static OWNER: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Whose drafts the pages read and write from now on (none: nobody's).
pub fn set_owner(user_id: Option<&str>) {
    OWNER.with(|owner| *owner.borrow_mut() = user_id.map(str::to_string));
}

/// The signed-in user whose drafts and waiting files the pages use.
pub fn owner() -> Option<String> {
    OWNER.with(|owner| owner.borrow().clone())
}

/// The storage key of a draft for the signed-in user.
fn owned(key: &str) -> Option<String> {
    OWNER.with(|owner| owner.borrow().as_ref().map(|id| format!("opora:{id}:{key}")))
}

pub fn save_draft<T: Serialize>(key: &str, value: &T) {
    #[cfg(feature = "hydrate")]
    if let Some(key) = owned(key) {
        // A full storage keeps the older drafts; the page still has what was typed.
        let _ = <gloo_storage::LocalStorage as gloo_storage::Storage>::set(key, value);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (key, value);
}

pub fn load_draft<T: DeserializeOwned>(key: &str) -> Option<T> {
    #[cfg(feature = "hydrate")]
    {
        <gloo_storage::LocalStorage as gloo_storage::Storage>::get(owned(key)?).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = owned(key)?;
        None
    }
}

pub fn clear_draft(key: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(key) = owned(key) {
        <gloo_storage::LocalStorage as gloo_storage::Storage>::delete(key);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = key;
}

/// Keeps a document being edited on the device under `key`: the draft of this device comes back
/// once, after hydration, while the document may be edited (`restored` says so to the page);
/// from then on every change is kept, and the draft is dropped as soon as the content equals
/// what the server has (`on_server`).
pub fn keep_draft<T>(
    key: leptos::prelude::StoredValue<String>,
    content: leptos::prelude::RwSignal<T>,
    editable: leptos::prelude::Signal<bool>,
    restored: leptos::prelude::RwSignal<bool>,
    on_server: impl Fn(&T) -> bool + Send + Sync + 'static,
) where
    T: Clone + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static,
{
    use leptos::prelude::*;
    Effect::new(move |first: Option<()>| {
        if first.is_none() && editable.get_untracked() {
            if let Some(local) = load_draft::<T>(&key.get_value()) {
                if local != content.get_untracked() {
                    content.set(local);
                    restored.set(true);
                }
            }
        }
    });
    Effect::new(move |previous: Option<T>| {
        let now = content.get();
        if previous.is_some_and(|p| p != now) {
            if on_server(&now) {
                clear_draft(&key.get_value());
            } else {
                save_draft(&key.get_value(), &now);
            }
        }
        now
    });
}
