//! A case's card on the board: moved by mouse or finger, or picked up from its handle with the
//! keyboard and put down with the arrows and Enter.

use super::ctx::BoardCtx;
use super::keyboard::handle_key;
use super::types::*;
use crate::cases::card::Progress;
use crate::cases::types::{Category, Urgency};
use crate::components::browser_only::BrowserOnly;
use crate::time::format_naive_date;
use leptos::prelude::*;

#[component]
pub(crate) fn CardView(card: Card) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let dragger = expect_context::<BrowserOnly<super::dnd::Dragger>>();
    let can_move = ctx.model.with_untracked(|m| m.data.can_move);
    let id = card.id.clone();
    let href = format!("/cases/{}", card.id);
    let urgency = card.urgency;
    let pending = {
        let id = id.clone();
        move || ctx.moving.with(|ids| ids.contains(&id))
    };
    let picked = {
        let id = id.clone();
        Signal::derive(move || ctx.picked.with(|p| p.as_ref().is_some_and(|p| p.id == id)))
    };
    let (id_down, id_key) = (id.clone(), id.clone());
    let on_key = move |ev: leptos::ev::KeyboardEvent| handle_key(ctx, &id_key, &ev);
    view! {
        <article
            class="case-card"
            class:overdue=urgency == Some(Urgency::Overdue)
            class:due-soon=matches!(urgency, Some(Urgency::Soon) | Some(Urgency::Today))
            class:pending=pending
            class:picked=picked
            data-case=card.id.clone()
            data-version=card.version
            on:pointerdown=move |ev| {
                if can_move {
                    dragger.with(|d| d.down(&ev, &id_down));
                }
            }
            on:pointermove=move |ev| {
                dragger.with(|d| d.moved(&ev));
            }
            on:pointerup=move |ev| {
                if let Some((id, target)) = dragger.with(|d| d.up(&ev)).flatten() {
                    ctx.request_move(&id, (target.lane, target.stage));
                }
            }
            on:pointercancel=move |_| {
                dragger.with(|d| d.cancel());
            }
            on:click=move |ev| {
                if dragger.with(|d| d.swallow_click()).unwrap_or(false) {
                    ev.prevent_default();
                }
            }
        >
            <div class="card-top">
                <span class="card-number">"№ " {card.number.clone()}</span>
                {card.district_short.clone().map(|d| view! { <span class="card-district">{d}</span> })}
                {can_move
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="drag-handle"
                                aria-label=format!(
                                    "Переместить случай № {} «{}»",
                                    card.number,
                                    card.title,
                                )
                                aria-pressed=move || if picked.get() { "true" } else { "false" }
                                on:keydown=on_key
                            >
                                "⠿"
                            </button>
                        }
                    })}
            </div>
            <a class="card-title" href=href draggable="false">
                {card.title.clone()}
            </a>
            <CardBadges categories=card.categories.clone() />
            {card.route.map(|r| view! { <CardRoute route=r /> })}
            <CardFoot card=card.clone() />
        </article>
    }
}

/// The first three categories of the family, and how many more.
#[component]
fn CardBadges(categories: Vec<Category>) -> impl IntoView {
    let more = categories.len().saturating_sub(3);
    (!categories.is_empty()).then(|| {
        view! {
            <div class="badges">
                {categories
                    .into_iter()
                    .take(3)
                    .map(|c| view! { <span class="badge badge-topic">{c.label()}</span> })
                    .collect_view()} {(more > 0).then(|| view! { <span class="badge">{format!("+{more}")}</span> })}
            </div>
        }
    })
}

/// The family's plan: activities done of all, the next deadline, the overdue activities and
/// the plan's term when it is about to run out.
#[component]
fn CardRoute(route: Progress) -> impl IntoView {
    let next = route.next_due.map(|d| format!(" · след. срок {}", format_naive_date(d))).unwrap_or_default();
    let overdue = route.overdue_text();
    let term = route.term_text();
    view! {
        <div
            class="card-route"
            data-testid="route-progress"
            title="Маршрут сопровождения: выполнено мероприятий из всех"
        >
            <span class="route-bar">
                <span style=format!("width:{}%", route.done * 100 / route.total.max(1))></span>
            </span>
            <span>{format!("Маршрут {}/{}{next}", route.done, route.total)}</span>
        </div>
        {(overdue.is_some() || term.is_some())
            .then(|| {
                view! {
                    <div class="card-plan-alerts" data-testid="plan-alerts">
                        {overdue.map(|t| view! { <span class="badge badge-danger">{t}</span> })}
                        {term
                            .map(|t| {
                                let class = if route.until_left.is_some_and(|l| l < 0) {
                                    "badge badge-danger"
                                } else {
                                    "badge badge-open"
                                };
                                view! { <span class=class>{t}</span> }
                            })}
                    </div>
                }
            })}
    }
}

/// The curator and the nearest deadline.
#[component]
fn CardFoot(card: Card) -> impl IntoView {
    let urgency = card.urgency;
    view! {
        <div class="card-foot">
            <span class="card-curator">
                {card.curator_name.clone().unwrap_or_else(|| "без куратора".into())}
            </span>
            {card
                .due_text
                .clone()
                .map(|text| {
                    let title = match (card.clock, card.due) {
                        (Some(clock), Some(due)) => format!("{}: срок {}", clock.label(), format_naive_date(due)),
                        _ => String::new(),
                    };
                    view! {
                        <span
                            class="due"
                            class:due-overdue=urgency == Some(Urgency::Overdue)
                            class:due-today=matches!(urgency, Some(Urgency::Soon) | Some(Urgency::Today))
                            title=title
                        >
                            {(urgency == Some(Urgency::Overdue)).then_some("⚠ ")}
                            {text}
                            {card
                                .due_preliminary
                                .then(|| {
                                    view! {
                                        <span
                                            class="preliminary"
                                            data-testid="preliminary"
                                            title="На год срока нет официального производственного календаря"
                                        >
                                            " · срок предварительный"
                                        </span>
                                    }
                                })}
                        </span>
                    }
                })}
        </div>
    }
}
