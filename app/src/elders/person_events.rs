//! The part of a person's card about events: the interest groups they belong to (joined and left
//! here), the events they were informed of and came to, the safety-school topics they have had.

use super::events::PersonEvents;
use super::events_api::{events_of_person, join_group};
use crate::components::ErrorNotice;
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn PersonEventsSection(elder_id: String, initial: PersonEvents) -> impl IntoView {
    let id = StoredValue::new(elder_id);
    let data = RwSignal::new(initial);
    let failure = RwSignal::new(None::<AppError>);
    // After a change the section reads its data again.
    let reload = move || {
        leptos::task::spawn_local(async move {
            match events_of_person(id.get_value()).await {
                Ok(d) => data.set(d),
                Err(e) => failure.set(Some(e)),
            }
        })
    };
    view! {
        <section class="card" data-testid="person-events">
            <h2>"Группы, мероприятия, школы безопасности"</h2>
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            {move || view! { <Body data=data.get() id=id reload=Callback::new(move |_| reload()) /> }}
        </section>
    }
}

#[component]
fn Body(data: PersonEvents, id: StoredValue<String>, reload: Callback<()>) -> impl IntoView {
    let failure = RwSignal::new(None::<AppError>);
    let join = Action::new(move |(group, member): &(String, bool)| {
        let (group, member) = (group.clone(), *member);
        async move { join_group(id.get_value(), group, member).await }
    });
    Effect::new(move |_| match join.value().get() {
        Some(Ok(())) => reload.run(()),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let chosen = RwSignal::new(String::new());
    let mine: Vec<String> = data.groups.iter().map(|g| g.id.clone()).collect();
    let others: Vec<(String, String)> = data
        .all_groups
        .iter()
        .filter(|g| !mine.contains(&g.id))
        .map(|g| (g.id.clone(), format!("{} ({})", g.name, g.theme.label())))
        .collect();
    view! {
        {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
        <h3>"Группы по интересам"</h3>
        {if data.groups.is_empty() {
            view! { <p class="muted">"Не состоит в группах."</p> }.into_any()
        } else {
            view! {
                <ul class="marks">
                    {data
                        .groups
                        .iter()
                        .map(|g| {
                            let group = g.id.clone();
                            view! {
                                <li>
                                    <span class="badge badge-topic">{g.name.clone()}</span>
                                    " "
                                    <button
                                        type="button"
                                        class="btn btn-ghost btn-small"
                                        on:click=move |_| {
                                            join.dispatch((group.clone(), false));
                                        }
                                    >
                                        "Вывести из группы"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        {(!others.is_empty())
            .then(|| {
                view! {
                    <div class="inline-form">
                        <label class="field">
                            <span>"Включить в группу"</span>
                            <select
                                on:change=move |ev| chosen.set(event_target_value(&ev))
                                prop:value=move || chosen.get()
                            >
                                <option value="">"— выберите —"</option>
                                {others
                                    .into_iter()
                                    .map(|(id, name)| view! { <option value=id>{name}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                        <button
                            type="button"
                            class="btn btn-secondary"
                            disabled=move || chosen.with(String::is_empty) || join.pending().get()
                            on:click=move |_| {
                                join.dispatch((chosen.get_untracked(), true));
                            }
                        >
                            "Включить"
                        </button>
                    </div>
                }
            })}
        <h3>"Школы безопасности"</h3>
        <p data-testid="topics-had">
            {if data.topics_had.is_empty() {
                "Пока не был(а) ни на одной".to_string()
            } else {
                format!(
                    "Пройдены темы: {}",
                    data.topics_had.iter().map(|t| t.label()).collect::<Vec<_>>().join(", "),
                )
            }}
        </p>
        <h3>"Мероприятия"</h3>
        {if data.events.is_empty() {
            view! { <p class="muted">"О мероприятиях ещё не сообщали."</p> }.into_any()
        } else {
            view! {
                <ul class="event-list">
                    {data
                        .events
                        .into_iter()
                        .map(|(e, way, attended)| {
                            view! {
                                <li>
                                    <a href=format!("/elders/events/{}", e.id)>{e.title.clone()}</a>
                                    {format!(
                                        " · {} · сообщили: {}{}",
                                        crate::time::format_datetime(e.starts_at),
                                        way.label().to_lowercase(),
                                        match attended {
                                            Some(true) => " · пришёл(ла)",
                                            Some(false) => " · не пришёл(ла)",
                                            None => "",
                                        },
                                    )}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}
