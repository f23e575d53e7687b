//! The warning about a year without an official production calendar.

use super::api::calendar_warning;
use leptos::prelude::*;

/// The warning about a year without an official calendar, on administrators' and supervisors'
/// pages (nothing for other roles, or when every year the deadlines reach is in).
#[component]
pub fn CalendarWarning() -> impl IntoView {
    let warning = Resource::new(|| (), |_| calendar_warning());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                warning
                    .await
                    .ok()
                    .flatten()
                    .map(|text| {
                        view! {
                            <div class="notice notice-warn" role="status" data-testid="calendar-warning">
                                <strong>{text}</strong>
                                <a href="/admin/calendar">"Производственный календарь"</a>
                            </div>
                        }
                    })
            })}
        </Suspense>
    }
}
