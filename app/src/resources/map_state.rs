//! What the map tab holds while it is open: the partners of the filters and where they were
//! moved, what is selected, and the editing of a district's boundary.

use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

/// Editing a district's boundary on the map.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Boundary {
    Idle,
    Editing(String),
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    Saving(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Selection {
    Nothing,
    Partner(String),
    District(String),
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    Point(f64, f64),
}

/// The map tab's state, shared by the map, its toolbar and the side panel.
#[derive(Clone, Copy)]
pub(crate) struct MapState {
    pub lists: StoredValue<ResourceLists>,
    pub partners: Resource<Result<PartnerList, AppError>>,
    /// The partners shown, with the places and versions saved after a drag.
    pub shown: Memo<Vec<PartnerSummary>>,
    /// Places and versions saved after a drag, until the list is loaded again.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub moved: RwSignal<HashMap<String, (i64, f64, f64)>>,
    pub selected: RwSignal<Selection>,
    /// Markers may be dragged and a click on the map adds a partner there.
    pub editing: RwSignal<bool>,
    pub boundary: RwSignal<Boundary>,
    pub notice: RwSignal<Option<Result<String, String>>>,
}

impl MapState {
    pub fn new(lists: ResourceLists, filters: Memo<PartnerQuery>) -> Self {
        let partners = Resource::new(move || filters.get(), super::api::list_partners);
        let moved = RwSignal::new(HashMap::<String, (i64, f64, f64)>::new());
        let shown = Memo::new(move |_| {
            let mut list: Vec<PartnerSummary> =
                partners.get().and_then(Result::ok).map(|l| l.partners).unwrap_or_default();
            moved.with(|m| {
                for p in list.iter_mut() {
                    if let Some((version, lat, lon)) = m.get(&p.id) {
                        p.version = *version;
                        p.lat = Some(*lat);
                        p.lon = Some(*lon);
                    }
                }
            });
            list
        });
        // Opened from a passport («На карте»): that district is selected.
        let selected = match filters.get_untracked().district {
            district if !district.is_empty() => Selection::District(district),
            _ => Selection::Nothing,
        };
        MapState {
            lists: StoredValue::new(lists),
            partners,
            shown,
            moved,
            selected: RwSignal::new(selected),
            editing: RwSignal::new(false),
            boundary: RwSignal::new(Boundary::Idle),
            notice: RwSignal::new(None),
        }
    }
}
