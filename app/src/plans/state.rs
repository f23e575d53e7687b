//! The route page's shared state, handed to each tab and to the planner.

use super::types::*;
use crate::calendar::ProductionCalendar;
use crate::error::FieldErrors;
use leptos::prelude::*;

/// The page's shared state, handed to each tab.
#[derive(Clone, Copy)]
pub struct RouteState {
    pub content: RwSignal<RouteContent>,
    pub details: StoredValue<RouteDetails>,
    calendar: StoredValue<ProductionCalendar>,
    pub errors: RwSignal<FieldErrors>,
    pub editable: bool,
}

impl RouteState {
    pub fn new(content: RwSignal<RouteContent>, details: &RouteDetails, editable: bool) -> Self {
        RouteState {
            content,
            details: StoredValue::new(details.clone()),
            calendar: StoredValue::new(ProductionCalendar::from_exceptions(&details.calendar)),
            errors: RwSignal::new(FieldErrors::new()),
            editable,
        }
    }

    /// Where an activity of the route is now, and the activity itself, following every change.
    pub fn activity(&self, key: StoredValue<String>) -> (Memo<Option<usize>>, Memo<Activity>) {
        let content = self.content;
        let index =
            Memo::new(move |_| content.with(|c| c.plan.activities.iter().position(|a| a.key == key.get_value())));
        let activity = Memo::new(move |_| {
            content.with(|c| index.get().and_then(|i| c.plan.activities.get(i).cloned()).unwrap_or_default())
        });
        (index, activity)
    }

    /// Changes one activity (found by its key) and computes the deadlines again.
    pub fn edit_activity(&self, key: StoredValue<String>, f: Box<dyn FnOnce(&mut Activity)>) {
        self.edit(|c| {
            if let Some(a) = c.plan.activities.iter_mut().find(|a| a.key == key.get_value()) {
                f(a);
            }
        })
    }

    /// Changes the route and computes its deadlines again.
    pub fn edit(&self, f: impl FnOnce(&mut RouteContent)) {
        let today = crate::time::local_today(chrono::Utc::now());
        self.calendar.with_value(|calendar| {
            self.content.update(|c| {
                f(c);
                schedule(&mut c.plan, calendar, today);
            })
        });
    }
}
