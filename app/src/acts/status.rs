//! The line that tells where the act stands: new, on the tablet only, queued, sent, in conflict
//! or refused; and whether it is signed.

use super::session::{ActSession, SyncState};
use super::types::ActStatus;
use leptos::prelude::*;

#[component]
pub(crate) fn SyncStatus(session: ActSession) -> impl IntoView {
    view! {
        <div class="act-status" role="status" aria-live="polite" data-testid="act-sync">
            {move || match session.sync.get() {
                SyncState::Clean => {
                    view! {
                        <span class="sync sync-ok">
                            {if session.base_version.get() == 0 {
                                "Новый акт"
                            } else {
                                "Сохранено на сервере"
                            }}
                        </span>
                    }
                        .into_any()
                }
                SyncState::Local => {
                    view! {
                        <span class="sync sync-local">
                            "Изменения сохранены на планшете, ещё не отправлены"
                        </span>
                    }
                        .into_any()
                }
                SyncState::Pending => {
                    view! {
                        <span class="sync sync-pending">
                            "Нет связи — акт сохранён на планшете и будет отправлен сам, когда связь появится"
                        </span>
                    }
                        .into_any()
                }
                SyncState::Sending => view! { <span class="sync">"Отправка…"</span> }.into_any(),
                SyncState::Sent(at) => {
                    view! { <span class="sync sync-ok">{format!("Отправлено на сервер {at}")}</span> }
                        .into_any()
                }
                SyncState::Conflict(_, _) => {
                    view! {
                        <span class="sync sync-pending">
                            "Акт изменили на сервере — выберите значения ниже"
                        </span>
                    }
                        .into_any()
                }
                SyncState::Failed(m) => view! { <span class="sync sync-error">{m}</span> }.into_any(),
            }}
            {move || {
                (session.status.get() == ActStatus::Signed)
                    .then(|| {
                        view! {
                            <span class="badge badge-ok" data-testid="act-signed">
                                {format!(
                                    "Подписан{}",
                                    session.signed_by.get().map(|n| format!(": {n}")).unwrap_or_default(),
                                )}
                            </span>
                        }
                    })
            }}
        </div>
    }
}
