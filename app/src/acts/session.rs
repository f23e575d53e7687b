//! The act being filled on the tablet: its content and where it stands between the tablet and
//! the server. Every change is kept on the device at once; «Сохранить» sends the act, or queues
//! it while there is no connection and sends it by itself when the connection returns.

use super::api::{get_act, save_act, sign_act};
use super::types::*;
use crate::components::storage::{clear_draft, load_draft, save_draft};
use crate::error::{AppError, FieldErrors};
use crate::time::format_datetime;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the tablet keeps of an act between reloads, crashes and sign-ins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct LocalAct {
    /// The server's version this draft was begun from (0: a new act).
    base_version: i64,
    content: ActContent,
    /// «Сохранить» was pressed and the act has not reached the server yet.
    pending: bool,
}

fn draft_key(case_id: &str) -> String {
    format!("act-draft-{case_id}")
}

/// Where the act stands between the tablet and the server.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SyncState {
    /// Same as on the server.
    Clean,
    /// Changed on the tablet, not sent yet.
    Local,
    /// Queued: sent by itself when the connection returns.
    Pending,
    Sending,
    Sent(String),
    /// The server's copy changed meanwhile: choose field by field.
    Conflict(Box<Act>, String),
    Failed(String),
}

/// The act's signals, shared by the editor's parts.
#[derive(Clone, Copy)]
pub(crate) struct ActSession {
    pub case_id: StoredValue<String>,
    pub content: RwSignal<ActContent>,
    /// The server's copy, as last seen.
    pub saved_content: RwSignal<Option<ActContent>>,
    pub base_version: RwSignal<i64>,
    pub status: RwSignal<ActStatus>,
    pub signed_by: RwSignal<Option<String>>,
    pub sync: RwSignal<SyncState>,
    pub errors: RwSignal<FieldErrors>,
    /// The outcome of signing.
    pub message: RwSignal<Option<String>>,
    /// A draft of this tablet was put back on opening.
    pub restored: RwSignal<bool>,
}

impl ActSession {
    pub fn new(details: &ActDetails) -> Self {
        let server = details.act.as_ref();
        ActSession {
            case_id: StoredValue::new(details.case_id.clone()),
            content: RwSignal::new(server.map(|a| a.content.clone()).unwrap_or_else(|| details.blank.clone())),
            saved_content: RwSignal::new(server.map(|a| a.content.clone())),
            base_version: RwSignal::new(server.map(|a| a.version).unwrap_or(0)),
            status: RwSignal::new(server.map(|a| a.status).unwrap_or(ActStatus::Draft)),
            signed_by: RwSignal::new(server.and_then(|a| a.signed_by_name.clone())),
            sync: RwSignal::new(SyncState::Clean),
            errors: RwSignal::new(FieldErrors::new()),
            message: RwSignal::new(None),
            restored: RwSignal::new(false),
        }
    }

    fn key(&self) -> String {
        draft_key(&self.case_id.get_value())
    }

    /// Sends the act; a lost connection queues it, a newer server copy asks for a choice.
    pub fn send(self) {
        let s = self;
        if matches!(s.sync.get_untracked(), SyncState::Sending) {
            return;
        }
        s.sync.set(SyncState::Sending);
        let to_send = s.content.get_untracked();
        let version = s.base_version.get_untracked();
        leptos::task::spawn_local(async move {
            match save_act(s.case_id.get_value(), version, to_send.clone()).await {
                Ok(act) => {
                    s.base_version.set(act.version);
                    s.saved_content.set(Some(act.content.clone()));
                    s.errors.set(FieldErrors::new());
                    save_draft(
                        &s.key(),
                        &LocalAct { base_version: act.version, content: s.content.get_untracked(), pending: false },
                    );
                    let still_changed = s.content.get_untracked() != act.content;
                    s.sync.set(if still_changed {
                        SyncState::Local
                    } else {
                        SyncState::Sent(format_datetime(act.updated_at))
                    });
                }
                Err(AppError::Network(_)) => {
                    save_draft(&s.key(), &LocalAct { base_version: version, content: to_send, pending: true });
                    s.sync.set(SyncState::Pending);
                }
                Err(e @ AppError::Conflict(_)) => match get_act(s.case_id.get_value()).await {
                    Ok(ActDetails { act: Some(theirs), .. }) if theirs.status == ActStatus::Draft => {
                        s.sync.set(SyncState::Conflict(Box::new(theirs), e.to_string()))
                    }
                    Ok(ActDetails { act: Some(theirs), .. }) => {
                        s.status.set(theirs.status);
                        s.signed_by.set(theirs.signed_by_name.clone());
                        s.sync.set(SyncState::Failed(e.to_string()));
                    }
                    _ => s.sync.set(SyncState::Failed(e.to_string())),
                },
                Err(e) => {
                    s.errors.set(e.field_errors().cloned().unwrap_or_default());
                    s.sync.set(SyncState::Failed(e.to_string()));
                }
            }
        });
    }

    /// The draft on the device: restored once, then written at every change.
    pub fn keep_draft(self) {
        let s = self;
        Effect::new(move |first: Option<()>| {
            let current = s.content.get();
            let key = s.key();
            if first.is_none() {
                if let Some(local) = load_draft::<LocalAct>(&key) {
                    let differs = s.saved_content.get_untracked().as_ref() != Some(&local.content);
                    if differs && s.status.get_untracked() == ActStatus::Draft {
                        s.base_version.set(local.base_version);
                        s.content.set(local.content);
                        s.restored.set(true);
                        s.sync.set(if local.pending { SyncState::Pending } else { SyncState::Local });
                        if local.pending {
                            s.send();
                        }
                    }
                }
                return;
            }
            if s.status.get_untracked() != ActStatus::Draft {
                return;
            }
            let pending = matches!(s.sync.get_untracked(), SyncState::Pending);
            save_draft(
                &key,
                &LocalAct { base_version: s.base_version.get_untracked(), content: current.clone(), pending },
            );
            if s.saved_content.get_untracked().as_ref() != Some(&current)
                && matches!(s.sync.get_untracked(), SyncState::Clean | SyncState::Sent(_))
            {
                s.sync.set(SyncState::Local);
            }
        });
    }

    /// A queued act goes as soon as the connection is back (and is retried every few seconds,
    /// while the act's page is open).
    pub fn retry_when_online(self) {
        let s = self;
        crate::components::reconnect::retry_while_open(5_000, move || {
            if matches!(s.sync.get_untracked(), SyncState::Pending) && crate::components::reconnect::online() {
                s.send();
            }
        });
    }

    /// Signs the act saved on the server; an incomplete one is refused field by field.
    pub fn sign(self) {
        let s = self;
        let version = s.base_version.get_untracked();
        leptos::task::spawn_local(async move {
            match sign_act(s.case_id.get_value(), version).await {
                Ok(signed) => {
                    s.status.set(ActStatus::Signed);
                    s.signed_by.set(signed.act.signed_by_name.clone());
                    s.base_version.set(signed.act.version);
                    s.errors.set(FieldErrors::new());
                    clear_draft(&s.key());
                    s.message.set(Some(match signed.moved_to {
                        Some(stage) => format!("Акт подписан. Случай перешёл на этап «{stage}»."),
                        None => "Акт подписан.".into(),
                    }));
                }
                Err(e) => {
                    s.errors.set(e.field_errors().cloned().unwrap_or_default());
                    s.message.set(Some(match &e {
                        AppError::Validation(_) => "Акт не подписан: заполните выделенные поля.".into(),
                        // Signing is a decision the server records: never queued on the tablet.
                        AppError::Network(_) => "Нет связи: акт подписывают только при связи с сервером. Всё введённое сохранено на планшете — подпишите акт, когда связь появится.".into(),
                        other => other.to_string(),
                    }));
                }
            }
        });
    }
}
