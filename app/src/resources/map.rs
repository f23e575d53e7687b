//! The map of the territory: Leaflet, driven through `public/map/opora-map.js`. The scripts are
//! loaded the first time a map is shown. In the browser only; on the server the map is an empty
//! box that the browser fills.

use super::types::{DistrictShape, PartnerSummary};
use serde_json::{json, Value};

/// The districts as the map script draws them.
pub fn districts_json(districts: &[DistrictShape], selected: Option<&str>) -> Value {
    Value::Array(
        districts
            .iter()
            .filter(|d| !d.rings.is_empty())
            .map(|d| {
                json!({
                    "id": d.id, "number": d.number,
                    "name": d.name.split(" — ").nth(1).unwrap_or(&d.name),
                    "overdue": d.overdue, "selected": selected == Some(d.id.as_str()), "rings": d.rings,
                })
            })
            .collect(),
    )
}

/// The partners with a place on the map, as markers.
pub fn partners_json(partners: &[PartnerSummary]) -> Value {
    Value::Array(
        partners
            .iter()
            .filter_map(|p| {
                Some(json!({
                    "id": p.id, "name": p.name, "kind": p.kind.code(), "kindLabel": p.kind.label(),
                    "color": p.kind.color(), "lat": p.lat?, "lon": p.lon?, "archived": p.archived,
                    "editable": p.editable,
                }))
            })
            .collect(),
    )
}

#[cfg(feature = "hydrate")]
pub use client::*;

#[cfg(feature = "hydrate")]
mod client {
    use js_sys::{Function, Reflect};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};

    const STYLES: [&str; 2] = ["/vendor/leaflet/leaflet.css", "/map/opora-map.css"];
    const SCRIPTS: [&str; 2] = ["/vendor/leaflet/leaflet.js", "/map/opora-map.js"];

    fn has_map_script() -> bool {
        web_sys::window().is_some_and(|w| Reflect::get(&w, &"OporaMap".into()).is_ok_and(|v| !v.is_undefined()))
    }

    /// Loads the map's styles and scripts (once), then runs `done`.
    pub fn with_map_scripts(done: impl FnOnce() + 'static) {
        if has_map_script() {
            done();
            return;
        }
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let Some(head) = document.head() else { return };
        for href in STYLES {
            if document.query_selector(&format!("link[href='{href}']")).ok().flatten().is_none() {
                if let Ok(link) = document.create_element("link") {
                    let _ = link.set_attribute("rel", "stylesheet");
                    let _ = link.set_attribute("href", href);
                    let _ = head.append_child(&link);
                }
            }
        }
        load_scripts(SCRIPTS.to_vec(), Box::new(done));
    }

    fn load_scripts(mut sources: Vec<&'static str>, done: Box<dyn FnOnce()>) {
        if sources.is_empty() || has_map_script() {
            done();
            return;
        }
        let src = sources.remove(0);
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let Some(head) = document.head() else { return };
        let Ok(script) = document.create_element("script") else { return };
        let _ = script.set_attribute("src", src);
        let next = Closure::once_into_js(move || load_scripts(sources, done));
        let _ = script.add_event_listener_with_callback("load", next.unchecked_ref());
        let _ = head.append_child(&script);
    }

    fn json(value: &serde_json::Value) -> JsValue {
        js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
    }

    /// A map on the page.
    #[derive(Clone)]
    pub struct MapHandle(JsValue);

    impl MapHandle {
        pub fn create(element: &web_sys::HtmlElement, options: &serde_json::Value) -> Option<MapHandle> {
            let window = web_sys::window()?;
            let api = Reflect::get(&window, &"OporaMap".into()).ok()?;
            let create: Function = Reflect::get(&api, &"create".into()).ok()?.dyn_into().ok()?;
            create.call2(&api, element, &json(options)).ok().map(MapHandle)
        }

        fn call(&self, method: &str, args: &[JsValue]) {
            let Some(f) = Reflect::get(&self.0, &method.into()).ok().and_then(|f| f.dyn_into::<Function>().ok()) else {
                return;
            };
            let _ = match args {
                [] => f.call0(&self.0),
                [a] => f.call1(&self.0, a),
                [a, b, ..] => f.call2(&self.0, a, b),
            };
        }

        /// Shows handles on the corners of a district's boundary.
        pub fn edit_boundary(&self, id: &str) {
            self.call("editBoundary", &[JsValue::from_str(id)]);
        }
        /// The edited boundary's rings as GeoJSON coordinates (a JSON text), and stops editing.
        pub fn finish_boundary(&self) -> Option<String> {
            let f = Reflect::get(&self.0, &"finishBoundary".into()).ok()?.dyn_into::<Function>().ok()?;
            f.call0(&self.0).ok()?.as_string()
        }
        pub fn cancel_boundary(&self) {
            self.call("cancelBoundary", &[]);
        }
        pub fn set_districts(&self, districts: &serde_json::Value) {
            self.call("setDistricts", &[json(districts)]);
        }
        pub fn set_partners(&self, partners: &serde_json::Value) {
            self.call("setPartners", &[json(partners)]);
        }
        pub fn set_editable(&self, editable: bool) {
            self.call("setEditable", &[JsValue::from_bool(editable)]);
        }
        pub fn focus_partner(&self, id: &str) {
            self.call("focusPartner", &[JsValue::from_str(id)]);
        }
        pub fn fit_districts(&self) {
            self.call("fitDistricts", &[]);
        }
        pub fn destroy(&self) {
            self.call("destroy", &[]);
        }
        pub fn on_district_click(&self, f: impl FnMut(String) + 'static) {
            let closure = Closure::<dyn FnMut(String)>::new(f);
            self.call("onDistrictClick", &[closure.into_js_value()]);
        }
        pub fn on_partner_click(&self, f: impl FnMut(String) + 'static) {
            let closure = Closure::<dyn FnMut(String)>::new(f);
            self.call("onPartnerClick", &[closure.into_js_value()]);
        }
        pub fn on_partner_moved(&self, f: impl FnMut(String, f64, f64) + 'static) {
            let closure = Closure::<dyn FnMut(String, f64, f64)>::new(f);
            self.call("onPartnerMoved", &[closure.into_js_value()]);
        }
        pub fn on_map_click(&self, f: impl FnMut(f64, f64) + 'static) {
            let closure = Closure::<dyn FnMut(f64, f64)>::new(f);
            self.call("onMapClick", &[closure.into_js_value()]);
        }
    }
}
