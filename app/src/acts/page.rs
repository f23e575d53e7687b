//! `/cases/<id>/act`: the inspection act on a tablet, one column, large touch targets. Every
//! change is kept on the device at once; «Сохранить» sends the act, or queues it while there is
//! no connection and sends it by itself when the connection returns. When the server's copy
//! changed meanwhile, the caseworker chooses field by field. The A4 form is `print`.

use super::api::get_act;
use super::conflict::ConflictChoice;
use super::field::ActField;
use super::photos::PhotoSection;
use super::session::{ActSession, SyncState};
use super::status::SyncStatus;
use super::types::*;
use crate::components::{ErrorNotice, Loading};
use crate::shell::frame::AppShell;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ActPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let details = Resource::new(move || id.get(), get_act);
    view! {
        <AppShell title="Акт обследования">
            <Suspense fallback=|| {
                view! { <Loading label="Загрузка акта…" /> }
            }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(d) => view! { <ActEditor details=d /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn ActEditor(details: ActDetails) -> impl IntoView {
    let session = ActSession::new(&details);
    session.keep_draft();
    session.retry_when_online();
    let ActSession { content, base_version, sync, restored, message, .. } = session;
    let on_merged = Callback::new(move |(merged, version): (ActContent, i64)| {
        content.set(merged);
        base_version.set(version);
        sync.set(SyncState::Local);
        session.send();
    });
    view! {
        <div class="act-page">
            <a class="back" href=format!("/cases/{}", details.case_id)>
                "← Случай № "
                {details.case_number.clone()}
            </a>
            <h1>"Акт обследования"</h1>
            <p class="lead">{details.case_title.clone()} {details.district_name.clone().map(|d| format!(" · {d}"))}</p>
            <SyncStatus session=session />
            {move || {
                restored
                    .get()
                    .then(|| {
                        view! {
                            <div class="notice notice-warn" role="status">
                                "Восстановлен акт, сохранённый на этом планшете."
                            </div>
                        }
                    })
            }}
            {move || {
                message
                    .get()
                    .map(|m| {
                        view! {
                            <div class="notice notice-success" role="status" data-testid="act-message">
                                {m}
                            </div>
                        }
                    })
            }}
            {move || match sync.get() {
                SyncState::Conflict(theirs, why) => {
                    view! { <ConflictChoice mine=content.get_untracked() theirs=*theirs why=why on_done=on_merged /> }
                        .into_any()
                }
                _ => ().into_any(),
            }}
            <ActForm session=session details=details />
        </div>
    }
}

/// The act's sections, its photos, and saving, signing and printing.
#[component]
fn ActForm(session: ActSession, details: ActDetails) -> impl IntoView {
    let ActSession { content, errors, status, sync, base_version, .. } = session;
    let editable = details.can_edit;
    let locked = move || status.get() == ActStatus::Signed || !editable;
    let photos = RwSignal::new(details.photos.clone());
    let print_href = format!("/cases/{}/act/print", details.case_id);
    view! {
        <form
            class="act-form"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                session.send();
            }
        >
            <fieldset disabled=locked>
                {SECTIONS
                    .iter()
                    .map(|(title, fields)| {
                        view! {
                            <section class="act-section">
                                <h2>{*title}</h2>
                                {fields
                                    .iter()
                                    .map(|(field, label)| {
                                        view! { <ActField field=field label=label content=content errors=errors /> }
                                    })
                                    .collect_view()}
                            </section>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <PhotoSection case_id=details.case_id.clone() photos=photos can_add=editable />
            <div class="act-actions">
                <Show when=move || !locked()>
                    <button
                        class="btn btn-primary"
                        type="submit"
                        disabled=move || matches!(sync.get(), SyncState::Sending)
                    >
                        "Сохранить"
                    </button>
                    <button
                        class="btn btn-secondary"
                        type="button"
                        disabled=move || {
                            !matches!(sync.get(), SyncState::Clean | SyncState::Sent(_)) || base_version.get() == 0
                        }
                        on:click=move |_| session.sign()
                    >
                        "Подписать акт"
                    </button>
                </Show>
                <a class="btn btn-secondary" href=print_href.clone() target="_blank">
                    "Печать (A4)"
                </a>
            </div>
            <p class="hint">
                "Подписать можно сохранённый на сервере акт и только при связи. Всё, что вы вводите, сразу сохраняется на планшете, фото ждут связи там же."
            </p>
        </form>
    }
}
