//! The route between the device and the server: every change is kept on the device first, so
//! nothing typed is lost to a reload or a lost connection; «Сохранить» sends it all, and a save
//! after someone else's is a conflict to resolve. A save that found no connection goes again by
//! itself when the connection returns.

use super::api::{get_route, save_route};
use super::types::*;
use crate::components::reconnect::{online, retry_while_open};
use crate::components::storage::{clear_draft, load_draft, save_draft};
use crate::error::{AppError, FieldErrors};
use crate::time::format_datetime;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the device keeps of a route between reloads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct LocalRoute {
    base_version: i64,
    content: RouteContent,
}

fn draft_key(case_id: &str) -> String {
    format!("route-draft-{case_id}")
}

/// Where the route stands between the device and the server.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RouteSync {
    Clean,
    Local,
    Saving,
    Saved(String),
    Offline,
    Conflict(String),
    Failed(Vec<String>),
}

#[derive(Clone, Copy)]
pub(crate) struct RouteSession {
    case_id: StoredValue<String>,
    content: RwSignal<RouteContent>,
    /// The server's copy, as last seen.
    saved: RwSignal<Option<RouteContent>>,
    pub base_version: RwSignal<i64>,
    pub sync: RwSignal<RouteSync>,
    /// A draft of this device was put back on opening.
    pub restored: RwSignal<bool>,
    errors: RwSignal<FieldErrors>,
}

impl RouteSession {
    pub fn new(details: &RouteDetails, content: RwSignal<RouteContent>, errors: RwSignal<FieldErrors>) -> Self {
        let server = details.route.as_ref();
        RouteSession {
            case_id: StoredValue::new(details.case_id.clone()),
            content,
            saved: RwSignal::new(server.map(|r| r.content.clone())),
            base_version: RwSignal::new(server.map(|r| r.version).unwrap_or(0)),
            sync: RwSignal::new(RouteSync::Clean),
            restored: RwSignal::new(false),
            errors,
        }
    }

    fn key(&self) -> String {
        draft_key(&self.case_id.get_value())
    }

    /// Puts back a draft left on this device (after hydration: the server renders its copy),
    /// then keeps every change on the device at once; what equals the server's copy needs none.
    pub fn keep_draft(self, editable: bool) {
        let s = self;
        Effect::new(move |first: Option<()>| {
            if first.is_none() {
                if let Some(local) = load_draft::<LocalRoute>(&s.key()) {
                    if local.content != s.content.get_untracked() && editable {
                        // The draft answers the version it was begun from: a save after someone
                        // else's is a conflict to resolve, never a silent overwrite.
                        s.base_version.set(local.base_version);
                        s.content.set(local.content);
                        s.restored.set(true);
                        s.sync.set(RouteSync::Local);
                    }
                }
            }
        });
        Effect::new(move |previous: Option<RouteContent>| {
            let now = s.content.get();
            if s.saved.with_untracked(|saved| saved.as_ref() == Some(&now)) {
                clear_draft(&s.key());
            } else if previous.as_ref().is_some_and(|p| *p != now) {
                save_draft(
                    &s.key(),
                    &LocalRoute { base_version: s.base_version.get_untracked(), content: now.clone() },
                );
                if !matches!(s.sync.get_untracked(), RouteSync::Saving) {
                    s.sync.set(RouteSync::Local);
                }
            }
            now
        });
    }

    /// A save that found no connection goes again by itself when the connection returns (and is
    /// retried every few seconds while the page is open); a conflict met then is shown as ever.
    pub fn retry_when_online(self) {
        let s = self;
        retry_while_open(5_000, move || {
            if matches!(s.sync.get_untracked(), RouteSync::Offline) && online() {
                s.send(s.base_version.get_untracked());
            }
        });
    }

    /// Sends the route as the answer to `version` of the server's copy.
    pub fn send(self, version: i64) {
        let s = self;
        s.sync.set(RouteSync::Saving);
        let to_send = s.content.get_untracked();
        leptos::task::spawn_local(async move {
            match save_route(s.case_id.get_value(), version, to_send.clone()).await {
                Ok(route) => {
                    s.errors.set(FieldErrors::new());
                    s.base_version.set(route.version);
                    s.saved.set(Some(route.content.clone()));
                    if s.content.get_untracked() == to_send {
                        // The server's copy (its deadlines and names) is what the form shows now.
                        s.content.set(route.content);
                        clear_draft(&s.key());
                        s.sync.set(RouteSync::Saved(format_datetime(route.updated_at)));
                    } else {
                        s.sync.set(RouteSync::Local);
                    }
                    s.restored.set(false);
                }
                Err(AppError::Network(_)) => s.sync.set(RouteSync::Offline),
                Err(e @ AppError::Conflict(_)) => s.sync.set(RouteSync::Conflict(e.to_string())),
                Err(e) => {
                    if let Some(errors) = e.field_errors() {
                        s.errors.set(errors.clone());
                    }
                    s.sync.set(RouteSync::Failed(e.messages()));
                }
            }
        });
    }

    /// Gives up the edits for the server's copy.
    pub fn take_theirs(self) {
        let s = self;
        leptos::task::spawn_local(async move {
            if let Ok(fresh) = get_route(s.case_id.get_value()).await {
                if let Some(route) = fresh.route {
                    s.base_version.set(route.version);
                    s.saved.set(Some(route.content.clone()));
                    s.content.set(route.content);
                    clear_draft(&s.key());
                    s.sync.set(RouteSync::Clean);
                }
            }
        });
    }

    /// Saves the edits over the server's copy as it is now.
    pub fn overwrite(self) {
        let s = self;
        leptos::task::spawn_local(async move {
            match get_route(s.case_id.get_value()).await {
                Ok(fresh) => s.send(fresh.route.map(|r| r.version).unwrap_or(0)),
                Err(_) => s.sync.set(RouteSync::Offline),
            }
        });
    }
}
