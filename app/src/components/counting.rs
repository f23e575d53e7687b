//! A page whose figures are counted in the background ([`crate::counted`]): how far the count
//! has got while there is nothing to show yet, a quiet line while newer figures are counted over
//! the ones shown, and asking again until the figures are current.

use crate::counted::Counted;
use leptos::prelude::*;

/// Nothing counted yet: a progress bar with how far the count has got.
/// A count of one part shows a bar that moves without a figure.
#[component]
pub fn CountingProgress<T: 'static>(
    counted: Counted<T>,
    /// What is counted: «Считаем сводку отдела».
    #[prop(into)]
    what: String,
) -> impl IntoView {
    let parts = match &counted {
        Counted::Counting { of, .. } => *of,
        Counted::Ready { .. } => 1,
    };
    let percent = counted.percent();
    let bar = if parts > 1 {
        view! {
            <progress max="100" value=percent.to_string() aria-label="Ход подсчёта"></progress>
            <span class="muted">{format!("Готово {percent} %")}</span>
        }
        .into_any()
    } else {
        view! { <progress aria-label="Ход подсчёта"></progress> }.into_any()
    };
    view! {
        <div class="card counting" role="status" aria-live="polite" data-testid="counting">
            <p>
                <strong>{what}</strong>
                " — данных много, подсчёт идёт на сервере. Обновлять страницу не нужно: цифры появятся сами."
            </p>
            {bar}
        </div>
    }
}

/// Shown over figures being counted again: they are a moment old.
#[component]
pub fn Recounting() -> impl IntoView {
    view! {
        <p class="recounting muted no-print" role="status" aria-live="polite" data-testid="recounting">
            <span class="spinner" aria-hidden="true"></span>
            "Пересчитываем по текущим данным — цифры обновятся сами"
        </p>
    }
}

/// What a page asks with: how many times it asked (so that asking again with the same ticket
/// is a new request) and the ticket of the count it waits for (none: a count that begins now).
pub type Asked = RwSignal<(u32, Option<u64>)>;

/// While `counted` is settling, asks again with its ticket in a moment, once; the timer goes
/// with the calling component. Nothing on the server.
pub fn ask_again_while_settling<T>(counted: &Counted<T>, asked: Asked) {
    #[cfg(feature = "hydrate")]
    {
        use super::browser_only::BrowserOnly;
        use gloo_timers::callback::Timeout;
        if counted.settling() {
            let ticket = counted.ticket();
            let timer = BrowserOnly::<Option<Timeout>>::new();
            let again = move || asked.update(|(n, t)| (*n, *t) = (*n + 1, Some(ticket)));
            timer.update(|t| *t = Some(Timeout::new(300, again)));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (counted, asked);
}

/// Opens the page anew: asks for a count that begins now («Пересчитать», after a submission).
pub fn ask_anew(asked: Asked) {
    asked.update(|(n, t)| (*n, *t) = (*n + 1, None));
}
