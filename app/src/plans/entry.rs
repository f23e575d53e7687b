//! The way into a case's support plan from the case page.

use super::types::{plan_lists, PlanKind};
use crate::cases::types::Case;
use leptos::prelude::*;

/// The plan's card on the case page: the СВО family's route, the ИПССС of a family with
/// children, or the plan of a citizen — every case has one.
#[component]
pub fn RouteEntry(case: Case) -> impl IntoView {
    let (kind, _) = plan_lists(&case, crate::time::local_today(chrono::Utc::now()));
    let (title, about, open) = match kind {
        PlanKind::Svo => (
            "Маршрут сопровождения (СВО)",
            "Диагностическая карта проблем и ресурсов, маршрут по карте-маршрутизатору и план сопровождения (ИПСС).",
            "Открыть маршрут",
        ),
        PlanKind::Family => (
            "Программа сопровождения семьи (ИПССС)",
            "Диагностическая карта проблем и ресурсов семьи, мероприятия из типового перечня или свои, ответственные специалисты и партнёры, сроки в рабочих днях.",
            "Открыть ИПССС",
        ),
        PlanKind::Citizen => (
            "План социального сопровождения",
            "Диагностическая карта проблем и ресурсов, мероприятия из типового перечня или свои, ответственные и сроки.",
            "Открыть план",
        ),
    };
    let deadlines = case.plan.map(|p| {
        let until = p.until.map(|u| format!("срок плана до {}", crate::time::format_naive_date(u)));
        let term_class = if p.until_left.is_some_and(|l| l < 0) { "badge badge-danger" } else { "badge badge-open" };
        view! {
            <p class="plan-deadlines" data-testid="plan-deadlines">
                <span>{format!("Выполнено {} из {} мероприятий", p.done, p.total)}</span>
                {until.map(|u| view! { <span class="muted">{u}</span> })}
                {p.term_text().map(|t| view! { <span class=term_class>{t}</span> })}
                {p.overdue_text().map(|t| view! { <span class="badge badge-danger">{t}</span> })}
            </p>
        }
    });
    view! {
        <section class="card route-card" aria-labelledby="route-title">
            <h2 id="route-title">{title}</h2>
            <p class="muted">{about}</p>
            {deadlines}
            <div class="actions">
                <a class="btn btn-primary" href=format!("/cases/{}/route", case.id)>
                    {open}
                </a>
                <a class="btn btn-ghost" href=format!("/cases/{}/plan/print", case.id)>
                    "Печать плана"
                </a>
            </div>
        </section>
    }
}
