//! Photos of living conditions: taken with the tablet's camera and attached to the act. A photo
//! is first put aside on the tablet (`components::waiting_files`), then sent; with no connection
//! it waits there, shown as «ждёт отправки», and goes by itself when the connection returns —
//! retried until the server takes it or refuses it, never lost on the way.

#[cfg(feature = "hydrate")]
use super::api::add_act_photo;
use super::types::*;
#[cfg(feature = "hydrate")]
use crate::error::AppError;
use crate::time::format_datetime;
use leptos::prelude::*;

/// A photo waiting on the tablet: its key there, its name and a picture of it.
#[derive(Debug, Clone, PartialEq)]
struct Waiting {
    key: f64,
    name: String,
    preview: Option<String>,
}

/// What the section last has to say about its photos (said in the browser only).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Note {
    Sent(String),
    Waiting(String),
    Refused(String),
}

/// How a try to send a waiting photo ended.
#[cfg(feature = "hydrate")]
enum Sent {
    Taken(ActPhoto),
    /// No connection: it waits.
    Later,
    /// The server refused it (not a photo, too large): it is dropped, with the reason.
    Refused(String),
}

#[cfg(feature = "hydrate")]
async fn send(case_id: String, file: &crate::components::waiting_files::WaitingFile) -> Sent {
    match add_act_photo(case_id, file.name.clone(), crate::components::files::base64(&file.bytes)).await {
        Ok(photo) => Sent::Taken(photo),
        Err(AppError::Network(_)) => Sent::Later,
        // A session that ended: sent again after the next sign-in.
        Err(AppError::Unauthorized) => Sent::Later,
        Err(e) => Sent::Refused(format!("«{}»: {}", file.name, e.message_for("photo"))),
    }
}

#[component]
pub(crate) fn PhotoSection(case_id: String, photos: RwSignal<Vec<ActPhoto>>, can_add: bool) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let note = RwSignal::new(None::<Note>);
    let busy = RwSignal::new(false);
    let waiting = RwSignal::new(Vec::<Waiting>::new());
    // «Отправляю фото 2 из 3…» while the waiting photos go.
    let progress = RwSignal::new(None::<(usize, usize)>);
    let case_id = StoredValue::new(case_id);

    // Sends every photo of this act waiting on the tablet, one after another; stops at the first
    // that finds no connection (the rest would not find one either).
    // A photo chosen while others are being sent goes in another round right after.
    let again = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    let send_waiting = move || {
        if busy.get_untracked() {
            again.set(true);
            return;
        }
        let Some(owner) = crate::components::storage::owner() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            use crate::components::waiting_files as device;
            let place = case_id.get_value();
            let mut total = 0;
            let mut refused = Vec::new();
            loop {
                again.set(false);
                let files = device::waiting(&owner, &place).await.unwrap_or_default();
                let mut offline = false;
                for (i, file) in files.iter().enumerate() {
                    progress.set(Some((i + 1, files.len())));
                    match send(place.clone(), file).await {
                        Sent::Taken(photo) => {
                            let _ = device::forget(file.key).await;
                            photos.update(|p| p.push(photo));
                            total += 1;
                        }
                        Sent::Refused(why) => {
                            let _ = device::forget(file.key).await;
                            refused.push(why);
                        }
                        Sent::Later => {
                            offline = true;
                            break;
                        }
                    }
                }
                if offline || !again.get_untracked() {
                    break;
                }
            }
            progress.set(None);
            let left = device::waiting(&owner, &place).await.unwrap_or_default();
            for shown in waiting.get_untracked() {
                if let Some(url) = shown.preview {
                    let _ = web_sys::Url::revoke_object_url(&url);
                }
            }
            waiting.set(
                left.iter()
                    .map(|f| Waiting { key: f.key, name: f.name.clone(), preview: device::preview(f) })
                    .collect(),
            );
            busy.set(false);
            if !refused.is_empty() {
                note.set(Some(Note::Refused(refused.join(" "))));
            } else if total > 0 && left.is_empty() {
                note.set(Some(Note::Sent(format!("Отправлено фото: {total}"))));
            } else if !left.is_empty() {
                note.set(Some(Note::Waiting(format!(
                    "Нет связи: фото ждут отправки на планшете ({}). Они уйдут сами, когда связь появится.",
                    left.len()
                ))));
            }
        });
    };

    // The photos waiting from before (a visit without a connection) are shown and sent as soon as
    // the page is open; then each time the connection comes back, and every half minute while
    // some still wait. The listener and the timer end with the page.
    #[cfg(feature = "hydrate")]
    {
        Effect::new(move |_| send_waiting());
        crate::components::reconnect::retry_while_open(30_000, move || {
            if !waiting.get_untracked().is_empty() {
                send_waiting();
            }
        });
    }

    let upload = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let Some(element) = input.get_untracked() else { return };
            let Some(owner) = crate::components::storage::owner() else { return };
            leptos::task::spawn_local(async move {
                use crate::components::waiting_files as device;
                let files = crate::components::files::read_files(&element).await;
                element.set_value("");
                let mut problems = Vec::new();
                match files {
                    Ok(files) => {
                        for (name, kind, bytes) in files {
                            // Too large to be kept: said at once, not after sending it on a
                            // weak connection.
                            if bytes.len() > MAX_PHOTO {
                                problems.push(format!(
                                    "«{name}»: фотография больше {} МБ — снимите с меньшим разрешением",
                                    MAX_PHOTO / (1024 * 1024)
                                ));
                                continue;
                            }
                            // Put aside first: from now on the photo survives a lost connection,
                            // a closed page or a flat battery.
                            match device::put_aside(&owner, &case_id.get_value(), &name, &kind, &bytes).await {
                                Ok(key) => {
                                    let preview = device::preview(&device::WaitingFile {
                                        key,
                                        place: case_id.get_value(),
                                        name: name.clone(),
                                        content_type: kind,
                                        bytes,
                                        added_at: js_sys::Date::now(),
                                    });
                                    waiting.update(|w| w.push(Waiting { key, name, preview }));
                                }
                                Err(e) => problems.push(format!("«{name}»: {e}")),
                            }
                        }
                    }
                    Err(m) => problems.push(m),
                }
                if !problems.is_empty() {
                    note.set(Some(Note::Refused(problems.join(" "))));
                }
                // Whatever waits now (these and any from before) goes together.
                send_waiting();
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (case_id, input, busy, note, photos, waiting, progress, again);
    };
    view! {
        <section class="act-section" data-testid="act-photos">
            <h2>"Фотографии условий проживания"</h2>
            {move || {
                let list = photos.get();
                if list.is_empty() {
                    view! { <p class="empty">"Фотографий пока нет."</p> }.into_any()
                } else {
                    view! {
                        <ul class="photo-grid">
                            {list
                                .into_iter()
                                .map(|p| {
                                    view! {
                                        <li>
                                            <a href=format!("/acts/photos/{}", p.id) target="_blank">
                                                <img
                                                    src=format!("/acts/photos/{}", p.id)
                                                    alt=format!("Фото: {}", p.name)
                                                    loading="lazy"
                                                />
                                            </a>
                                            <span class="muted small">
                                                {format!("{} · {}", format_datetime(p.taken_at), p.by_name)}
                                            </span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
            {move || {
                let list = waiting.get();
                (!list.is_empty())
                    .then(|| {
                        view! {
                            <ul class="photo-grid photo-waiting" data-testid="photos-waiting">
                                {list
                                    .into_iter()
                                    .map(|w| {
                                        view! {
                                            <li data-waiting=w
                                                .key
                                                .to_string()>
                                                {w
                                                    .preview
                                                    .clone()
                                                    .map(|src| {
                                                        view! { <img src=src alt=format!("Фото: {}", w.name) /> }
                                                    })}
                                                <span class="badge badge-open">"ждёт отправки"</span>
                                                <span class="muted small">{w.name.clone()}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })
            }}
            {move || {
                progress
                    .get()
                    .map(|(n, total)| {
                        view! {
                            <p class="muted" role="status" data-testid="photos-sending">
                                {format!("Отправляю фото {n} из {total}…")}
                            </p>
                        }
                    })
            }}
            {can_add
                .then(|| {
                    view! {
                        <label class="btn btn-secondary photo-button">
                            "Сфотографировать или выбрать фото"
                            <input
                                type="file"
                                accept="image/jpeg,image/png,image/webp"
                                capture="environment"
                                multiple
                                node_ref=input
                                class="visually-hidden"
                                data-testid="photo-input"
                                on:change=upload
                            />
                        </label>
                    }
                })}
            {move || {
                note.get()
                    .map(|n| {
                        let (class, role, text) = match n {
                            Note::Sent(m) => ("notice notice-success", "status", m),
                            Note::Waiting(m) => ("notice notice-warn", "status", m),
                            Note::Refused(m) => ("notice notice-error", "alert", m),
                        };
                        view! {
                            <p class=class role=role data-testid="photo-note">
                                {text}
                            </p>
                        }
                    })
            }}
        </section>
    }
}
