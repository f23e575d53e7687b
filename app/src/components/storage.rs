//! Drafts kept in the browser's local storage, so that what a user typed survives a reload,
//! a lost connection or an expired session. No-ops on the server.

use serde::{de::DeserializeOwned, Serialize};

fn storage() -> Option<web_sys::Storage> {
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

pub fn save_draft<T: Serialize>(key: &str, value: &T) {
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(value)) {
        let _ = storage.set_item(key, &json);
    }
}

pub fn load_draft<T: DeserializeOwned>(key: &str) -> Option<T> {
    let json = storage()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&json).ok()
}

pub fn clear_draft(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}
