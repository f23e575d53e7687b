/*
 * Opora map component: a thin layer over Leaflet 1.9.4, driven from Rust/WASM.
 *
 * Load after Leaflet:
 *   <script src="/vendor/leaflet/leaflet.js"></script>
 *   <script src="/map/opora-map.js"></script>
 *
 * Usage:
 *   var handle = window.OporaMap.create(element, {
 *     tiles: "https://tile.openstreetmap.org/{z}/{x}/{y}.png", // null or "" = no tile layer
 *     attribution: "&copy; OpenStreetMap", // HTML, shown in the attribution control
 *     center: [61.31, 63.33], zoom: 12, editable: false
 *   });
 *   handle.setDistricts([...]); handle.setPartners([...]); handle.onPartnerMoved(fn); ...
 *
 * Plain script, no modules, no eval and no inline scripts (the page's CSP forbids them).
 * All user-provided text (names) is inserted with textContent / attributes, never as HTML.
 */
(function () {
  "use strict";

  var NO_TILES_CLASS = "opora-map--no-tiles";
  var NO_TILES_TEXT = "Подложка карты недоступна — участки и партнёры показаны без неё";
  var FOCUS_CLASS = "opora-marker--focus";
  var FOCUS_MS = 2000;

  // Calm fill/stroke colours for district numbers 1..6 (wraps around for larger numbers).
  var PALETTE = ["#4e79a7", "#59a14f", "#9c6fb6", "#d9823b", "#3f9c9a", "#b5a33a"];
  var OVERDUE_COLOR = "#c62828";
  var FALLBACK_COLOR = "#78909c";

  function districtColor(number) {
    var n = Math.floor(Number(number));
    if (!isFinite(n) || n < 1) return FALLBACK_COLOR;
    return PALETTE[(n - 1) % PALETTE.length];
  }

  function round6(x) {
    return Math.round(x * 1e6) / 1e6;
  }

  // GeoJSON rings ([lon, lat]) -> Leaflet rings ([lat, lon]).
  function toLatLngRings(rings) {
    return (rings || []).map(function (ring) {
      return (ring || []).map(function (p) {
        return [p[1], p[0]];
      });
    });
  }

  // Permanent label of a district, built as DOM so the name is never parsed as HTML.
  function districtLabel(d) {
    var el = document.createElement("div");
    var title = document.createElement("div");
    title.className = "opora-district-label__title";
    title.textContent = (d.overdue ? "⚠ " : "") + d.number + " · " + (d.name || "");
    el.appendChild(title);
    if (d.overdue) {
      var note = document.createElement("div");
      note.className = "opora-district-label__note";
      note.textContent = "паспорт просрочен";
      el.appendChild(note);
    }
    return el;
  }

  function create(element, options) {
    if (!window.L) throw new Error("OporaMap: Leaflet (window.L) is not loaded");
    options = options || {};

    // One map per element: a re-mount replaces the previous map instead of failing.
    if (element.__oporaMap) element.__oporaMap.destroy();

    var map = L.map(element, {
      center: options.center || [61.31, 63.33], // Yugorsk by default
      zoom: typeof options.zoom === "number" ? options.zoom : 12,
      minZoom: 2,
      maxZoom: 19 // explicit: without a tile layer Leaflet's max zoom would be unbounded
    });

    var state = {
      destroyed: false,
      editable: !!options.editable,
      markers: {}, // partner id -> L.Marker
      focusTimer: null,
      focusedId: null,
      note: null,
      cb: { district: null, partner: null, moved: null, mapClick: null }
    };

    element.classList.toggle("opora-map--editable", state.editable);

    // District labels get their own pane between the polygons (400) and the markers (600),
    // so partner markers are never hidden under a label. Labels ignore the pointer.
    var labelPane = map.createPane("oporaDistrictLabels");
    labelPane.style.zIndex = 450;
    labelPane.style.pointerEvents = "none";

    var districtLayer = L.featureGroup().addTo(map);
    var partnerLayer = L.featureGroup().addTo(map);

    // ---- Tiles and the "no tiles" fallback -------------------------------------------

    function showNoTiles() {
      if (state.destroyed) return;
      L.DomUtil.addClass(element, NO_TILES_CLASS);
      if (!state.note) {
        var note = document.createElement("div");
        note.className = "opora-map__note";
        note.setAttribute("role", "status");
        note.textContent = NO_TILES_TEXT;
        // Clicks on the note are not map clicks.
        L.DomEvent.disableClickPropagation(note);
        element.appendChild(note);
        state.note = note;
      }
    }

    function hideNoTiles() {
      if (state.destroyed) return;
      L.DomUtil.removeClass(element, NO_TILES_CLASS);
      if (state.note) {
        L.DomUtil.remove(state.note);
        state.note = null;
      }
    }

    // A plain credit to the map library.
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (options.tiles) {
      L.tileLayer(options.tiles, { attribution: options.attribution || "", maxZoom: 19 })
        .on("tileerror", showNoTiles)
        .on("tileload", hideNoTiles)
        .addTo(map);
    } else {
      if (options.attribution) map.attributionControl.addAttribution(options.attribution);
      showNoTiles();
    }

    // ---- Map clicks ------------------------------------------------------------------
    // Districts and markers do not bubble mouse events to the map, so this only fires
    // for clicks on empty map (Leaflet also suppresses the click that ends a map drag).
    map.on("click", function (e) {
      if (state.cb.mapClick) state.cb.mapClick(round6(e.latlng.lat), round6(e.latlng.lng));
    });

    // ---- Districts -------------------------------------------------------------------

    function setDistricts(features) {
      if (state.destroyed) return;
      districtLayer.clearLayers();
      (features || []).forEach(function (d) {
        var color = districtColor(d.number);
        var polygon = L.polygon(toLatLngRings(d.rings), {
          color: d.overdue ? OVERDUE_COLOR : color,
          weight: d.selected ? 4 : 2,
          dashArray: d.overdue ? "8 6" : null,
          fillColor: color,
          fillOpacity: d.selected ? 0.32 : 0.18,
          bubblingMouseEvents: false // a district click is not a map click
        });
        polygon.bindTooltip(districtLabel(d), {
          permanent: true,
          direction: "center",
          pane: "oporaDistrictLabels",
          className: "opora-district-label" + (d.overdue ? " opora-district-label--overdue" : "")
        });
        polygon.on("click", function () {
          if (state.cb.district) state.cb.district(d.id);
        });
        polygon.oporaId = d.id;
        districtLayer.addLayer(polygon);
      });
    }

    // ---- Partners --------------------------------------------------------------------

    function partnerIcon(p) {
      return L.divIcon({
        // 44x44 transparent hit area (touch-friendly) around a 24 px dot.
        className: "opora-marker" + (p.archived ? " opora-marker--archived" : ""),
        html: '<span class="opora-marker__dot"></span>',
        iconSize: [44, 44],
        iconAnchor: [22, 22]
      });
    }

    // Attributes and colour go on the icon element once Leaflet has created it.
    function decorateMarker(marker, p) {
      var el = marker.getElement();
      if (!el) return;
      el.setAttribute("aria-label", p.name || "");
      el.setAttribute("data-partner-id", String(p.id));
      var dot = el.firstChild;
      if (dot && p.color) dot.style.backgroundColor = p.color;
    }

    function setPartners(partners) {
      if (state.destroyed) return;
      clearFocus();
      partnerLayer.clearLayers();
      state.markers = {};
      (partners || []).forEach(function (p) {
        var marker = L.marker([p.lat, p.lon], {
          icon: partnerIcon(p),
          title: p.name || "",
          keyboard: true,
          // A partner the user may not edit never moves, even in editing mode.
          draggable: state.editable && p.editable !== false,
          riseOnHover: true
        });
        marker.on("add", function () { decorateMarker(marker, p); });
        marker.on("click", function () {
          if (state.cb.partner) state.cb.partner(p.id);
        });
        // Markers are focusable buttons: Enter/Space act like a click.
        marker.on("keydown", function (e) {
          var key = e.originalEvent && e.originalEvent.key;
          if ((key === "Enter" || key === " ") && state.cb.partner) {
            L.DomEvent.preventDefault(e.originalEvent);
            state.cb.partner(p.id);
          }
        });
        marker.on("dragend", function () {
          var ll = marker.getLatLng();
          if (state.cb.moved) state.cb.moved(p.id, round6(ll.lat), round6(ll.lng));
        });
        marker.oporaEditable = p.editable !== false;
        state.markers[p.id] = marker;
        partnerLayer.addLayer(marker);
      });
    }

    // Leaflet's marker drag claims the pointer, so dragging a marker never pans the map.
    function setEditable(on) {
      if (state.destroyed) return;
      state.editable = !!on;
      element.classList.toggle("opora-map--editable", state.editable);
      Object.keys(state.markers).forEach(function (id) {
        var m = state.markers[id];
        var movable = state.editable && m.oporaEditable;
        m.options.draggable = movable;
        if (m.dragging) {
          if (movable) m.dragging.enable();
          else m.dragging.disable();
        }
      });
    }

    // ---- Focus -----------------------------------------------------------------------

    function clearFocus() {
      if (state.focusTimer) clearTimeout(state.focusTimer);
      state.focusTimer = null;
      var m = state.focusedId != null ? state.markers[state.focusedId] : null;
      if (m) {
        var el = m.getElement();
        if (el) L.DomUtil.removeClass(el, FOCUS_CLASS);
        m.setZIndexOffset(0);
      }
      state.focusedId = null;
    }

    function focusPartner(id) {
      if (state.destroyed) return;
      var m = state.markers[id];
      if (!m) return;
      clearFocus();
      map.panTo(m.getLatLng());
      var el = m.getElement();
      if (el) L.DomUtil.addClass(el, FOCUS_CLASS);
      m.setZIndexOffset(1000);
      state.focusedId = id;
      state.focusTimer = setTimeout(clearFocus, FOCUS_MS);
    }

    // ---- View ------------------------------------------------------------------------

    function fitDistricts() {
      if (state.destroyed) return;
      if (districtLayer.getLayers().length) {
        map.fitBounds(districtLayer.getBounds(), { padding: [20, 20] });
      } else if (partnerLayer.getLayers().length) {
        // maxZoom keeps a single partner from zooming in all the way.
        map.fitBounds(partnerLayer.getBounds(), { padding: [20, 20], maxZoom: 16 });
      }
    }

    // ---- Editing a district's boundary ----------------------------------------------------
    // Each corner of the district's outer ring gets a handle (a 44 px touch target); dragging
    // a handle reshapes the polygon, and the neighbours that share that corner move with it, so
    // the districts stay joined. finishBoundary() returns the changed districts' rings as
    // GeoJSON wants them ({id: [[[lon, lat], ...]]}, closed) and stops; cancelBoundary() puts
    // the old shapes back.
    var editLayer = L.layerGroup().addTo(map);
    state.edit = null;

    function samePoint(a, b) {
      return Math.abs(a.lat - b.lat) < 1e-9 && Math.abs(a.lng - b.lng) < 1e-9;
    }

    function editBoundary(id) {
      if (state.destroyed) return false;
      cancelBoundary();
      var polygons = [];
      districtLayer.eachLayer(function (layer) { polygons.push(layer); });
      var polygon = polygons.filter(function (p) { return p.oporaId === id; })[0];
      if (!polygon) return false;
      // Working copies of every district's rings, and the shapes to restore on cancel.
      var shapes = {};
      polygons.forEach(function (p) {
        shapes[p.oporaId] = {
          polygon: p,
          original: p.getLatLngs().map(function (ring) { return ring.slice(); }),
          rings: p.getLatLngs().map(function (ring) { return ring.slice(); }),
          changed: false
        };
      });
      state.edit = { id: id, shapes: shapes };
      element.classList.add("opora-map--boundary");
      shapes[id].rings[0].forEach(function (latlng, i) {
        // Every place (district, ring, point) that sits on this corner.
        var links = [];
        Object.keys(shapes).forEach(function (key) {
          shapes[key].rings.forEach(function (ring, r) {
            ring.forEach(function (point, k) {
              if (samePoint(point, latlng)) links.push({ key: key, r: r, k: k });
            });
          });
        });
        var vertex = L.marker(latlng, {
          draggable: true,
          keyboard: false,
          title: "Точка границы " + (i + 1),
          icon: L.divIcon({
            className: "opora-vertex",
            html: '<span class="opora-vertex__dot"></span>',
            iconSize: [44, 44],
            iconAnchor: [22, 22]
          })
        });
        vertex.on("drag", function (e) {
          var to = e.target.getLatLng();
          links.forEach(function (link) {
            var shape = shapes[link.key];
            shape.rings[link.r][link.k] = to;
            shape.changed = true;
            shape.polygon.setLatLngs(shape.rings);
          });
        });
        vertex.on("add", function () {
          var el = vertex.getElement();
          if (el) el.setAttribute("data-vertex", String(i));
        });
        editLayer.addLayer(vertex);
      });
      return true;
    }

    function ringToGeoJson(ring) {
      var points = ring.map(function (ll) { return [round6(ll.lng), round6(ll.lat)]; });
      if (points.length) points.push(points[0].slice());
      return points;
    }

    function finishBoundary() {
      if (!state.edit) return null;
      var changed = {};
      var shapes = state.edit.shapes;
      Object.keys(shapes).forEach(function (key) {
        if (shapes[key].changed) changed[key] = shapes[key].rings.map(ringToGeoJson);
      });
      editLayer.clearLayers();
      element.classList.remove("opora-map--boundary");
      state.edit = null;
      return JSON.stringify(changed);
    }

    function cancelBoundary() {
      if (!state.edit) return;
      var shapes = state.edit.shapes;
      Object.keys(shapes).forEach(function (key) {
        if (shapes[key].changed) shapes[key].polygon.setLatLngs(shapes[key].original);
      });
      editLayer.clearLayers();
      element.classList.remove("opora-map--boundary");
      state.edit = null;
    }

    var handle = {
      editBoundary: editBoundary,
      finishBoundary: finishBoundary,
      cancelBoundary: cancelBoundary,
      setDistricts: setDistricts,
      setPartners: setPartners,
      setEditable: setEditable,
      onDistrictClick: function (fn) { state.cb.district = fn || null; },
      onPartnerClick: function (fn) { state.cb.partner = fn || null; },
      onPartnerMoved: function (fn) { state.cb.moved = fn || null; },
      onMapClick: function (fn) { state.cb.mapClick = fn || null; },
      focusPartner: focusPartner,
      fitDistricts: fitDistricts,
      invalidateSize: function () {
        if (!state.destroyed) map.invalidateSize();
      },
      destroy: function () {
        if (state.destroyed) return;
        clearFocus();
        hideNoTiles();
        state.destroyed = true;
        state.markers = {};
        state.cb = { district: null, partner: null, moved: null, mapClick: null };
        element.classList.remove("opora-map--editable");
        // Leaflet 1.9.4 finishes a zoom animation from a timer that remove() does not
        // cancel, which then throws on the removed panes (Leaflet issue #9575).
        // Marking the animation as finished makes that timer a no-op.
        map._animatingZoom = false;
        map.remove();
        if (element.__oporaMap === handle) element.__oporaMap = undefined;
      },
      // For browser tests: current position of a partner marker, or null.
      markerPosition: function (id) {
        var m = state.destroyed ? null : state.markers[id];
        if (!m) return null;
        var ll = m.getLatLng();
        return { lat: round6(ll.lat), lon: round6(ll.lng) };
      },
      // Escape hatch for debugging; not part of the Rust-facing API.
      leafletMap: map
    };

    element.__oporaMap = handle;
    return handle;
  }

  window.OporaMap = { create: create };
})();
