//! «Сохранить» of the route page, with where the route stands and, after someone else's save,
//! the choice between the two versions.

use super::session::{RouteSession, RouteSync};
use leptos::prelude::*;

#[component]
pub(crate) fn SaveBar(session: RouteSession) -> impl IntoView {
    view! {
        <div class="sticky-actions route-save">
            <button
                class="btn btn-primary btn-large"
                disabled=move || session.sync.get() == RouteSync::Saving
                on:click=move |_| session.send(session.base_version.get_untracked())
            >
                {move || {
                    if session.sync.get() == RouteSync::Saving {
                        "Сохранение…"
                    } else {
                        "Сохранить"
                    }
                }}
            </button>
            <span class="route-sync" role="status">
                {move || match session.sync.get() {
                    RouteSync::Clean => {
                        view! { <span class="muted">"Сохранено на сервере"</span> }.into_any()
                    }
                    RouteSync::Local => {
                        view! {
                            <span class="muted">
                                "Не отправлено на сервер — правки сохранены на этом устройстве"
                            </span>
                        }
                            .into_any()
                    }
                    RouteSync::Saving => view! { <span class="muted">"Отправляем…"</span> }.into_any(),
                    RouteSync::Saved(at) => {
                        view! { <span class="ok">{format!("Сохранено на сервере {at}")}</span> }
                            .into_any()
                    }
                    RouteSync::Offline => {
                        view! {
                            <span class="warn">
                                "Нет связи — правки сохранены на этом устройстве и уйдут на сервер сами, когда связь вернётся."
                            </span>
                        }
                            .into_any()
                    }
                    RouteSync::Conflict(message) => {
                        view! {
                            <span class="warn">{message}</span>
                            <button class="btn btn-small btn-secondary" on:click=move |_| session.overwrite()>
                                "Сохранить мои правки поверх"
                            </button>
                            <button class="btn btn-small btn-ghost" on:click=move |_| session.take_theirs()>
                                "Взять версию с сервера"
                            </button>
                        }
                            .into_any()
                    }
                    RouteSync::Failed(list) => {
                        view! { <span class="error">"Не сохранено: " {list.join("; ")}</span> }.into_any()
                    }
                }}
            </span>
        </div>
    }
}
