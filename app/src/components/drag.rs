//! Dragging items between and within lists with Pointer Events, for mouse, pen and finger (HTML5
//! drag-and-drop does not work with fingers). An item is an element with `data-drag`; the mouse
//! drags it from anywhere but its controls, a finger from its `.drag-handle` (elsewhere the
//! finger scrolls). A drop zone is an element with `data-drop-zone`; an item inside a zone that
//! carries `data-drop-index` is a place in that list: dropping on its upper half puts the
//! dragged item before it, on its lower half after it. The handlers go on an element around all
//! items and zones.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, PointerEvent};

/// Pixels a pointer must travel before a press becomes a drag (a shorter press is a click).
const THRESHOLD: f64 = 6.0;
const EDGE: f64 = 48.0;

/// Where an item was dropped: the zone, and the place in it (none: at the end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub item: String,
    pub zone: String,
    /// The drop place: before or after the item under the pointer.
    pub index: Option<usize>,
    /// The index of the item under the pointer itself.
    pub target_index: Option<usize>,
}

struct Active {
    item: String,
    pointer_id: i32,
    start_x: f64,
    start_y: f64,
    offset_x: f64,
    offset_y: f64,
    element: Element,
    ghost: Option<HtmlElement>,
    over: Option<Element>,
}

/// The drag in progress on a page, if any.
#[derive(Clone, Default)]
pub struct Dragger {
    active: Rc<RefCell<Option<Active>>>,
}

pub(crate) fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

fn target_at(x: f64, y: f64) -> Option<Element> {
    let hit = document()?.element_from_point(x as f32, y as f32)?;
    // An indexed place within a zone first, else the zone itself.
    hit.closest("[data-drop-index]").ok().flatten().or_else(|| hit.closest("[data-drop-zone]").ok().flatten())
}

fn zone_of(element: &Element) -> Option<String> {
    element
        .get_attribute("data-drop-zone")
        .or_else(|| element.closest("[data-drop-zone]").ok().flatten()?.get_attribute("data-drop-zone"))
}

/// Marks the drop target under the pointer (`drop-over`), unmarking the previous one. Shared
/// with the board's card dragging.
pub(crate) fn highlight(over: &mut Option<Element>, element: Option<Element>) {
    if over.as_ref() == element.as_ref() {
        return;
    }
    if let Some(old) = over.take() {
        let _ = old.class_list().remove_1("drop-over");
    }
    if let Some(new) = &element {
        let _ = new.class_list().add_1("drop-over");
    }
    *over = element;
}

/// A press became a drag: a copy of `element` (the ghost) will follow the pointer, the element
/// stays as a placeholder and captures the pointer.
pub(crate) fn lift(element: &Element, pointer_id: i32) -> Option<HtmlElement> {
    let ghost = element.clone_node_with_deep(true).ok()?.dyn_into::<HtmlElement>().ok()?;
    let width = element.get_bounding_client_rect().width();
    let _ = ghost.class_list().add_1("drag-ghost");
    let _ = ghost.remove_attribute("id");
    let _ = ghost.style().set_property("width", &format!("{width}px"));
    if let Some(body) = document().and_then(|d| d.body()) {
        let _ = body.append_child(&ghost);
        let _ = body.class_list().add_1("dragging");
    }
    let _ = element.class_list().add_1("drag-source");
    let _ = element.set_pointer_capture(pointer_id);
    Some(ghost)
}

/// Moves the ghost so that the pointer holds it where it was pressed.
pub(crate) fn follow(ghost: &HtmlElement, x: f64, y: f64) {
    let _ = ghost.style().set_property("transform", &format!("translate({x}px, {y}px)"));
}

/// The drag ended, dropped or not: the ghost goes, the element and the page are as before.
pub(crate) fn put_down(element: &Element, pointer_id: i32, ghost: Option<HtmlElement>, over: &mut Option<Element>) {
    highlight(over, None);
    if let Some(ghost) = ghost {
        ghost.remove();
    }
    let _ = element.class_list().remove_1("drag-source");
    let _ = element.release_pointer_capture(pointer_id);
    if let Some(body) = document().and_then(|d| d.body()) {
        let _ = body.class_list().remove_1("dragging");
    }
}

fn auto_scroll(y: f64) {
    let Some(window) = web_sys::window() else { return };
    let height = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    if y > height - EDGE {
        window.scroll_by_with_x_and_y(0.0, 20.0);
    } else if y < EDGE {
        window.scroll_by_with_x_and_y(0.0, -20.0);
    }
}

impl Dragger {
    /// A press somewhere inside the handlers' element.
    pub fn down(&self, ev: &PointerEvent) {
        if !ev.is_primary() || (ev.pointer_type() == "mouse" && ev.button() != 0) {
            return;
        }
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        let on_handle = target.closest(".drag-handle").ok().flatten().is_some();
        if ev.pointer_type() != "mouse" && !on_handle {
            return;
        }
        // Controls inside an item keep their own clicks and typing.
        if !on_handle && target.closest("input, select, textarea, button, a, label").ok().flatten().is_some() {
            return;
        }
        let Some(element) = target.closest("[data-drag]").ok().flatten() else { return };
        let Some(item) = element.get_attribute("data-drag") else { return };
        if on_handle {
            ev.prevent_default();
        }
        let rect = element.get_bounding_client_rect();
        *self.active.borrow_mut() = Some(Active {
            item,
            pointer_id: ev.pointer_id(),
            start_x: f64::from(ev.client_x()),
            start_y: f64::from(ev.client_y()),
            offset_x: f64::from(ev.client_x()) - rect.left(),
            offset_y: f64::from(ev.client_y()) - rect.top(),
            element,
            ghost: None,
            over: None,
        });
    }

    pub fn moved(&self, ev: &PointerEvent) {
        let mut slot = self.active.borrow_mut();
        let Some(active) = slot.as_mut().filter(|a| a.pointer_id == ev.pointer_id()) else { return };
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        if active.ghost.is_none() {
            if (x - active.start_x).hypot(y - active.start_y) < THRESHOLD {
                return;
            }
            let Some(ghost) = lift(&active.element, active.pointer_id) else { return };
            active.ghost = Some(ghost);
        }
        ev.prevent_default();
        if let Some(ghost) = &active.ghost {
            follow(ghost, x - active.offset_x, y - active.offset_y);
        }
        highlight(&mut active.over, target_at(x, y));
        auto_scroll(y);
    }

    /// The pointer is released: where the item went, if the press became a drag.
    pub fn up(&self, ev: &PointerEvent) -> Option<Dropped> {
        // Another finger lifted during a drag leaves the drag as it is.
        if self.active.borrow().as_ref().is_none_or(|a| a.pointer_id != ev.pointer_id()) {
            return None;
        }
        let active = self.active.borrow_mut().take()?;
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let dropped = if active.ghost.is_some() {
            target_at(x, y).and_then(|target| {
                let zone = zone_of(&target)?;
                let target_index = target.get_attribute("data-drop-index").and_then(|i| i.parse::<usize>().ok());
                let index = target_index.map(|i| {
                    let rect = target.get_bounding_client_rect();
                    if y > rect.top() + rect.height() / 2.0 {
                        i + 1
                    } else {
                        i
                    }
                });
                Some(Dropped { item: active.item.clone(), zone, index, target_index })
            })
        } else {
            None
        };
        finish(active);
        dropped
    }

    /// The browser took the gesture over: nothing moves.
    pub fn cancel(&self) {
        if let Some(active) = self.active.borrow_mut().take() {
            finish(active);
        }
    }
}

fn finish(mut active: Active) {
    put_down(&active.element, active.pointer_id, active.ghost.take(), &mut active.over);
}

/// Moves `items[from]` to stand at `to` as counted before the move (a drop place); returns the
/// item's new index.
pub fn move_within<T>(items: &mut Vec<T>, from: usize, to: usize) -> usize {
    if from >= items.len() {
        return from;
    }
    let item = items.remove(from);
    let to = if to > from { to - 1 } else { to }.min(items.len());
    items.insert(to, item);
    to
}

#[cfg(test)]
mod tests {
    use super::move_within;

    #[test]
    fn a_drop_place_counts_before_the_move() {
        let mut v = vec!['a', 'b', 'c', 'd'];
        // 'a' dropped after 'c' (place 3).
        assert_eq!(move_within(&mut v, 0, 3), 2);
        assert_eq!(v, vec!['b', 'c', 'a', 'd']);
        // 'd' dropped before 'b' (place 0).
        assert_eq!(move_within(&mut v, 3, 0), 0);
        assert_eq!(v, vec!['d', 'b', 'c', 'a']);
        // Dropped on itself: stays.
        assert_eq!(move_within(&mut v, 1, 1), 1);
        assert_eq!(move_within(&mut v, 1, 2), 1);
        assert_eq!(v, vec!['d', 'b', 'c', 'a']);
        // Past the end: last.
        assert_eq!(move_within(&mut v, 0, 99), 3);
        assert_eq!(v, vec!['b', 'c', 'a', 'd']);
    }
}
