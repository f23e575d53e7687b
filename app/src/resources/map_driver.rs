//! The browser's side of the map tab: the map is made once its element is there, then follows
//! the districts, the partners, the selection, the editing and the boundary being edited. A
//! marker dragged elsewhere is saved at once.

use super::api::{import_boundaries, locate_partner};
use super::map::{districts_json, partners_json, with_map_scripts, MapHandle};
use super::map_state::{Boundary, MapState, Selection};
use crate::error::AppError;
use leptos::prelude::*;

type Handle = StoredValue<Option<MapHandle>, LocalStorage>;

/// Makes the map in `container` and keeps it in step with the tab's state.
pub(crate) fn drive_map(state: MapState, container: NodeRef<leptos::html::Div>) {
    let handle: Handle = StoredValue::new_local(None);
    let ready = RwSignal::new(false);
    Effect::new(move |_| {
        let Some(element) = container.get() else { return };
        if handle.with_value(Option::is_some) {
            return;
        }
        let (tiles, attribution) = state.lists.with_value(|l| (l.tiles.clone(), l.tiles_attribution.clone()));
        with_map_scripts(move || {
            let options = serde_json::json!({
                "tiles": tiles, "attribution": attribution, "center": [61.3125, 63.334], "zoom": 13, "editable": false,
            });
            let Some(map) = MapHandle::create(&element, &options) else { return };
            listen(&map, state);
            handle.set_value(Some(map));
            ready.set(true);
        });
    });
    follow_state(state, handle, ready);
    follow_boundary(state, handle, ready);
    on_cleanup(move || {
        handle.with_value(|h| {
            if let Some(h) = h {
                h.destroy();
            }
        })
    });
}

/// What a click or a drag on the map does.
fn listen(map: &MapHandle, state: MapState) {
    let MapState { selected, editing, shown, moved, notice, partners, .. } = state;
    map.on_partner_click(move |id| selected.set(Selection::Partner(id)));
    map.on_district_click(move |id| selected.set(Selection::District(id)));
    map.on_map_click(move |lat, lon| {
        if editing.get_untracked() {
            selected.set(Selection::Point(lat, lon));
        }
    });
    map.on_partner_moved(move |id, lat, lon| {
        let Some(partner) = shown.get_untracked().into_iter().find(|p| p.id == id) else { return };
        leptos::task::spawn_local(async move {
            match locate_partner(id.clone(), partner.version, lat, lon).await {
                Ok(version) => {
                    moved.update(|m| {
                        m.insert(id.clone(), (version, lat, lon));
                    });
                    selected.set(Selection::Partner(id));
                    notice.set(Some(Ok(format!("Место «{}» сохранено: {lat:.6}, {lon:.6}", partner.name))));
                }
                Err(e) => {
                    notice.set(Some(Err(format!("Место «{}» не сохранено. {e}", partner.name))));
                    // Put the marker back where the server has it.
                    partners.refetch();
                }
            }
        });
    });
}

/// The districts (the selected one marked), the markers, the editing and the focus follow the
/// tab's state.
fn follow_state(state: MapState, handle: Handle, ready: RwSignal<bool>) {
    let MapState { lists, selected, shown, editing, .. } = state;
    Effect::new(move |_| {
        let chosen = match selected.get() {
            Selection::District(id) => Some(id),
            _ => None,
        };
        if ready.get() {
            let json = districts_json(&lists.with_value(|l| l.districts.clone()), chosen.as_deref());
            handle.with_value(|h| {
                if let Some(h) = h {
                    h.set_districts(&json);
                }
            });
        }
    });
    Effect::new(move |first: Option<bool>| {
        let list = shown.get();
        if !ready.get() {
            return true;
        }
        handle.with_value(|h| {
            if let Some(h) = h {
                h.set_partners(&partners_json(&list));
                if first.unwrap_or(true) {
                    h.fit_districts();
                }
            }
        });
        false
    });
    Effect::new(move |_| {
        let on = editing.get();
        if ready.get() {
            handle.with_value(|h| {
                if let Some(h) = h {
                    h.set_editable(on);
                }
            });
        }
    });
    Effect::new(move |_| {
        if let Selection::Partner(id) = selected.get() {
            handle.with_value(|h| {
                if let Some(h) = h {
                    h.focus_partner(&id);
                }
            });
        }
    });
}

/// A district's boundary: its corners dragged on the map, then saved with the neighbours whose
/// shared corners moved with it, or put back.
fn follow_boundary(state: MapState, handle: Handle, ready: RwSignal<bool>) {
    Effect::new(move |_| {
        let step = state.boundary.get();
        if !ready.get() {
            return;
        }
        handle.with_value(|h| {
            let Some(h) = h else { return };
            match &step {
                Boundary::Idle => h.cancel_boundary(),
                Boundary::Editing(id) => h.edit_boundary(id),
                Boundary::Saving(id) => {
                    if let Some(changed) = h.finish_boundary() {
                        save_boundary(state, &changed, id.clone());
                    }
                }
            }
        });
    });
}

/// Sends the changed districts (their rings by key, as the map gives them) as GeoJSON; the
/// page opens again on the district once they are saved.
fn save_boundary(state: MapState, changed: &str, id: String) {
    let changed: serde_json::Map<String, serde_json::Value> = serde_json::from_str(changed).unwrap_or_default();
    let features: Vec<serde_json::Value> = state.lists.with_value(|l| {
        changed
            .iter()
            .filter_map(|(key, rings)| {
                let number = l.districts.iter().find(|d| d.id == *key)?.number;
                Some(serde_json::json!({
                    "type": "Feature", "properties": { "number": number },
                    "geometry": { "type": "Polygon", "coordinates": rings },
                }))
            })
            .collect()
    });
    if features.is_empty() {
        state.notice.set(Some(Ok("Граница не менялась.".into())));
        return;
    }
    let feature = serde_json::json!({ "type": "FeatureCollection", "features": features });
    leptos::task::spawn_local(async move {
        match import_boundaries(feature.to_string()).await {
            Ok(_) => {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().assign(&format!("/resources?tab=map&district={id}"));
                }
            }
            Err(e) => {
                let message = match e {
                    AppError::Validation(f) => f.get("file").unwrap_or_default().to_string(),
                    other => other.to_string(),
                };
                state.notice.set(Some(Err(format!("Граница не сохранена. {message}"))));
                state.boundary.set(Boundary::Editing(id));
            }
        }
    });
}
