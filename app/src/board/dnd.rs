//! Dragging cards with Pointer Events: the mouse drags a card from anywhere on it, a finger from
//! its handle (elsewhere the finger scrolls the column, as on any tablet page). The card under
//! the pointer is found with `elementFromPoint` and `closest("[data-drop]")`, so the same code
//! serves mouse, pen and touch; `pointercancel` (the browser took the gesture) drops nothing.
//! HTML5 drag-and-drop is not used: it does not work with fingers.

use crate::cases::types::Stage;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, PointerEvent};

/// Pixels a pointer must travel before a press becomes a drag (a shorter press is a click).
const THRESHOLD: f64 = 6.0;
/// Distance from the board's edge at which dragging scrolls it.
const EDGE: f64 = 56.0;

/// A cell the card is dropped into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DropTarget {
    pub lane: String,
    pub stage: Stage,
}

struct Drag {
    id: String,
    pointer_id: i32,
    start_x: f64,
    start_y: f64,
    offset_x: f64,
    offset_y: f64,
    card: Element,
    ghost: Option<HtmlElement>,
    over: Option<Element>,
}

/// The drag in progress on this page, if any (one pointer drags one card).
#[derive(Clone, Default)]
pub struct Dragger {
    drag: Rc<RefCell<Option<Drag>>>,
    /// Set after a drag ends, so that the click that follows does not open the card.
    just_dragged: Rc<RefCell<bool>>,
}

use crate::components::drag::{document, follow, highlight, lift, put_down};

fn drop_target_at(x: f64, y: f64) -> Option<Element> {
    document()?.element_from_point(x as f32, y as f32)?.closest("[data-drop]").ok()?
}

pub fn target_of(element: &Element) -> Option<DropTarget> {
    let lane = element.get_attribute("data-lane")?;
    let stage = Stage::from_code(&element.get_attribute("data-stage")?)?;
    Some(DropTarget { lane, stage })
}

/// Scrolls the board (or the page) when the pointer nears an edge while dragging.
fn auto_scroll(x: f64, y: f64) {
    let Some(window) = web_sys::window() else { return };
    if let Some(scroller) = document().and_then(|d| d.query_selector(".board-scroll").ok().flatten()) {
        let rect = scroller.get_bounding_client_rect();
        if x > rect.right() - EDGE {
            scroller.scroll_by_with_x_and_y(24.0, 0.0);
        } else if x < rect.left() + EDGE {
            scroller.scroll_by_with_x_and_y(-24.0, 0.0);
        }
    }
    let height = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    if y > height - EDGE {
        window.scroll_by_with_x_and_y(0.0, 24.0);
    } else if y < EDGE {
        window.scroll_by_with_x_and_y(0.0, -24.0);
    }
}

impl Dragger {
    /// A press on a card. Touch drags only from the handle; the mouse from anywhere but links
    /// and buttons of the card.
    pub fn down(&self, ev: &PointerEvent, id: &str) {
        if !ev.is_primary() || (ev.pointer_type() == "mouse" && ev.button() != 0) {
            return;
        }
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        let on_handle = target.closest(".drag-handle").ok().flatten().is_some();
        if ev.pointer_type() != "mouse" && !on_handle {
            return;
        }
        // The card itself (events may be delegated to the document: `currentTarget` is not it).
        let Some(card) = target.closest("article.case-card").ok().flatten() else { return };
        if on_handle {
            // Keeps the browser from scrolling or selecting while a finger drags.
            ev.prevent_default();
        }
        let rect = card.get_bounding_client_rect();
        // The pointer is captured only once the press becomes a drag: a capture now would
        // take a plain click away from the card's link.
        *self.drag.borrow_mut() = Some(Drag {
            id: id.to_string(),
            pointer_id: ev.pointer_id(),
            start_x: f64::from(ev.client_x()),
            start_y: f64::from(ev.client_y()),
            offset_x: f64::from(ev.client_x()) - rect.left(),
            offset_y: f64::from(ev.client_y()) - rect.top(),
            card,
            ghost: None,
            over: None,
        });
    }

    pub fn moved(&self, ev: &PointerEvent) {
        let mut slot = self.drag.borrow_mut();
        let Some(drag) = slot.as_mut().filter(|d| d.pointer_id == ev.pointer_id()) else { return };
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        if drag.ghost.is_none() {
            if (x - drag.start_x).hypot(y - drag.start_y) < THRESHOLD {
                return;
            }
            // The drag begins: a copy of the card follows the pointer, the card itself stays
            // as a placeholder.
            let Some(ghost) = lift(&drag.card, drag.pointer_id) else { return };
            drag.ghost = Some(ghost);
        }
        ev.prevent_default();
        if let Some(ghost) = &drag.ghost {
            follow(ghost, x - drag.offset_x, y - drag.offset_y);
        }
        highlight(&mut drag.over, drop_target_at(x, y));
        auto_scroll(x, y);
    }

    /// The pointer is released: the cell under it, if the press became a drag.
    pub fn up(&self, ev: &PointerEvent) -> Option<(String, DropTarget)> {
        let drag = self.drag.borrow_mut().take().filter(|d| d.pointer_id == ev.pointer_id())?;
        let dragged = drag.ghost.is_some();
        let target = if dragged {
            drop_target_at(f64::from(ev.client_x()), f64::from(ev.client_y())).and_then(|e| target_of(&e))
        } else {
            None
        };
        let id = drag.id.clone();
        finish(drag);
        if dragged {
            *self.just_dragged.borrow_mut() = true;
        }
        target.map(|t| (id, t))
    }

    /// The browser took over the gesture (a scroll, a system gesture): nothing moves.
    pub fn cancel(&self) {
        if let Some(drag) = self.drag.borrow_mut().take() {
            finish(drag);
        }
    }

    /// Whether a click should be ignored because it ends a drag.
    pub fn swallow_click(&self) -> bool {
        std::mem::take(&mut *self.just_dragged.borrow_mut())
    }
}

fn finish(mut drag: Drag) {
    put_down(&drag.card, drag.pointer_id, drag.ghost.take(), &mut drag.over);
}

/// Puts the keyboard focus back on a card's handle after it moved (its element is new).
pub fn focus_card(id: &str) {
    let selector = format!("[data-case='{id}'] .drag-handle");
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = document()
            .and_then(|d| d.query_selector(&selector).ok().flatten())
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}
