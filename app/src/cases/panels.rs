//! The panels of the case page: the statutory clocks and the case's history.

use super::types::*;
use crate::time::format_datetime;
use leptos::prelude::*;

fn urgency_class(clock: &Clock) -> &'static str {
    match (clock.urgency(), &clock.state) {
        (Some(Urgency::Overdue), _) => "clock overdue",
        (Some(Urgency::Today), _) | (Some(Urgency::Soon), _) => "clock soon",
        (Some(Urgency::Calm), _) => "clock calm",
        (None, ClockState::Met { late_by: 0, .. }) => "clock met",
        (None, ClockState::Met { .. }) => "clock met late",
        _ => "clock idle",
    }
}

#[component]
pub(crate) fn ClocksPanel(details: RwSignal<CaseDetails>) -> impl IntoView {
    view! {
        <section class="card clocks" aria-labelledby="clocks-title">
            <h2 id="clocks-title">"Сроки"</h2>
            <ul class="clock-list">
                {move || {
                    details
                        .with(|d| d.case.clocks.clone())
                        .into_iter()
                        .map(|clock| {
                            let class = urgency_class(&clock);
                            view! {
                                <li class=class data-clock=clock.kind.code()>
                                    <span class="clock-name">{clock.kind.label()}</span>
                                    <strong class="clock-state">{clock.describe()}</strong>
                                    {clock
                                        .preliminary
                                        .then(|| {
                                            view! {
                                                <span
                                                    class="preliminary"
                                                    data-testid="preliminary"
                                                    title="На год срока нет официального производственного календаря: срок может сдвинуться, когда календарь внесут"
                                                >
                                                    "срок предварительный"
                                                </span>
                                            }
                                        })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

#[component]
pub(crate) fn HistoryPanel(details: RwSignal<CaseDetails>) -> impl IntoView {
    view! {
        <section class="card history" aria-labelledby="case-history-title">
            <h2 id="case-history-title">"История"</h2>
            <ol class="timeline">
                {move || {
                    details
                        .with(|d| d.history.clone())
                        .into_iter()
                        .rev()
                        .map(|e| {
                            let what = event_title(&e);
                            view! {
                                <li>
                                    <div class="timeline-head">
                                        <strong>{what}</strong>
                                    </div>
                                    <div class="muted small">{format_datetime(e.at)} " · " {e.by_name.clone()}</div>
                                    {e.detail.clone().map(|d| view! { <div>{d}</div> })}
                                    {e
                                        .comment
                                        .clone()
                                        .map(|c| view! { <div class="comment">{format!("«{c}»")}</div> })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
        </section>
    }
}

/// What happened, in words, for the history.
fn event_title(e: &CaseEvent) -> String {
    match e.kind.as_str() {
        "created" => {
            format!("Открыт случай{}", e.to_stage.map(|s| format!(" — этап «{}»", s.label())).unwrap_or_default())
        }
        "move" => format!(
            "Этап: {} → {}",
            e.from_stage.map(|s| s.label()).unwrap_or("—"),
            e.to_stage.map(|s| s.label()).unwrap_or("—"),
        ),
        "assign" => "Смена куратора".to_string(),
        "application" => "Заявление".to_string(),
        "consilium" => "Решение социального консилиума".to_string(),
        _ => "Изменены сведения".to_string(),
    }
}
