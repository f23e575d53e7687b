//! Photos of living conditions: taken with the tablet's camera and attached to the act. They need
//! a connection to be sent; without one the caseworker is told so and the photo stays in the
//! tablet's gallery.

#[cfg(feature = "hydrate")]
use super::api::add_act_photo;
use super::types::*;
#[cfg(feature = "hydrate")]
use crate::error::AppError;
use crate::time::format_datetime;
use leptos::prelude::*;

#[component]
pub(crate) fn PhotoSection(case_id: String, photos: RwSignal<Vec<ActPhoto>>, can_add: bool) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let note = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let case_id = StoredValue::new(case_id);
    let upload = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let Some(element) = input.get_untracked() else { return };
            busy.set(true);
            leptos::task::spawn_local(async move {
                let files = crate::components::files::read_files(&element).await;
                let mut sent = 0;
                let mut problem = None;
                match files {
                    Ok(files) => {
                        for (name, _, bytes) in files {
                            // Too large to be kept: said at once, not after sending it on a
                            // weak connection.
                            if bytes.len() > MAX_PHOTO {
                                problem = Some(format!(
                                    "«{name}»: фотография больше {} МБ — снимите с меньшим разрешением",
                                    MAX_PHOTO / (1024 * 1024)
                                ));
                                continue;
                            }
                            match add_act_photo(case_id.get_value(), name, crate::components::files::base64(&bytes))
                                .await
                            {
                                Ok(photo) => {
                                    photos.update(|p| p.push(photo));
                                    sent += 1;
                                }
                                Err(AppError::Network(_)) => {
                                    problem = Some("Нет связи: фото не отправлено. Оно осталось в галерее планшета — добавьте его, когда связь появится.".to_string());
                                }
                                // A refused photo (not a picture, too large for the route…):
                                // whatever field the message is on, it is shown.
                                Err(e) => problem = Some(e.message_for("photo")),
                            }
                        }
                    }
                    Err(m) => problem = Some(m),
                }
                element.set_value("");
                busy.set(false);
                note.set(Some(match problem {
                    Some(m) if sent > 0 => Err(format!("Добавлено фото: {sent}. {m}")),
                    Some(m) => Err(m),
                    None => Ok(format!("Добавлено фото: {sent}")),
                }));
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (case_id, input, busy, note, photos);
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
            {move || busy.get().then(|| view! { <p class="muted">"Отправка фото…"</p> })}
            {move || {
                note.get()
                    .map(|n| match n {
                        Ok(m) => {
                            view! {
                                <p class="notice notice-success" role="status">
                                    {m}
                                </p>
                            }
                                .into_any()
                        }
                        Err(m) => {
                            view! {
                                <p class="notice notice-error" role="alert" data-testid="photo-error">
                                    {m}
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </section>
    }
}
