"""The layer control and the view data that go with each zone's layers."""

from __future__ import annotations

import json

import folium
from jinja2 import Template

from geo.style import LAYER_NAMES

__all__ = ["VIEW_JS", "ViewControl", "view_step", "view_step_script"]

#: What must happen each time the zone's layers are replaced (see :class:`ViewControl`).
VIEW_JS = """
window.idlibView = function (map, overlays, step) {
    var state = window.__idlibView = window.__idlibView ||
        {hidden: {}, side: null, focus: null, handlers: false};
    // The groups streamlit-folium removes on the next change: not the ones kept from one
    // zone to the next (KeptGroup), nor the ones it already removed (it never empties
    // its list, which would keep every past zone alive).
    window.feature_group = (window.feature_group || []).filter(function(l) {
        return !l.idlibKept && map.hasLayer(l);
    });
    if (!state.handlers) {
        // Only the user's clicks count: the page itself adds and removes layers.
        map.on("overlayadd overlayremove", function(e) {
            if (window.layer_control && window.layer_control._handlingClick) {
                state.hidden[e.name] = e.type === "overlayremove";
            }
        });
        state.handlers = true;
    }
    Object.keys(overlays).forEach(function(name) {
        if (state.hidden[name] && map.hasLayer(overlays[name])) {
            map.removeLayer(overlays[name]);
        }
    });
    var side = step.side;
    if (state.side !== null && state.side !== side) {
        map.fitBounds(step.bounds);
    }
    state.side = side;

    var group = overlays[TOWNS];
    var towns = group && group.getLayers().filter(function(l) { return l.eachLayer; })[0];
    if (!towns) { return; }
    // The popup is bound to each town: open it as a click would.
    function openTown(layer) { layer.fire("click", {latlng: layer.getLatLng()}, true); }
    if (state.towns !== towns) {
        // The towns are kept from one zone to the next: labels and search are made once.
        state.towns = towns;
        var labels = L.layerGroup();
        towns.eachLayer(function(layer) {
            var p = layer.feature.properties;
            // The name is already HTML-escaped on the server.
            var icon = L.divIcon({className: "town-label" + (p.major ? "" : " minor"),
                                  html: "<span>" + p.name + "</span>", iconSize: null});
            labels.addLayer(L.marker(layer.getLatLng(),
                {icon: icon, interactive: false, keyboard: false}));
        });
        group.addLayer(labels);
        if (state.search) { map.removeControl(state.search); }
        state.search = new L.Control.Search({
            layer: towns, propertyName: "search", marker: false, initial: false,
            zoom: 12, textPlaceholder: "Find a town", position: "topleft"
        });
        state.search.on("search:locationfound", function(e) { openTown(e.layer); });
        map.addControl(state.search);
    }

    var focus = step.focus;
    if (focus && state.focus !== focus) {
        towns.eachLayer(function(layer) {
            if ("town-" + layer.feature.properties.i === focus) {
                map.setView(layer.getLatLng(), 12);
                openTown(layer);
            }
        });
    }
    state.focus = focus;
};
""".replace("TOWNS", json.dumps(LAYER_NAMES["towns"]))


class ViewControl(folium.LayerControl):
    """The layer control, plus what must happen each time the zone's layers are replaced.

    The zone's layers and this control are replaced on every change of the zone. After
    the control, the page's ``window.idlibView`` (in the base map's script) keeps the
    layers the user switched off switched off, fits the view to the zone when the side
    changes, builds the town search box and the town labels on the new towns layer, and
    zooms to a town chosen in the page.

    Parameters
    ----------
    side
        The zone's side; a change refits the view to ``bounds``. Without ``side`` and
        ``bounds``, the control reads them from ``window.IDLIB_STEP``, which the zone's
        layers set (:func:`view_step_script`): then one rendering of the control serves
        every zone.
    bounds
        The zone's lon/lat bounds (minx, miny, maxx, maxy).
    focus
        The ``id`` of a town to zoom to and open, or ``None``.
    """

    _view_template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._layer_script(this, kwargs) }}
        window.idlibView({{ this._parent.get_name() }}, {{ this.get_name() }}_layers.overlays,
            {% if this.step %}{{ this.step|tojson }}{% else %}window.IDLIB_STEP{% endif %});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        *,
        side: str | None = None,
        bounds: tuple[float, float, float, float] | None = None,
        focus: str | None = None,
    ) -> None:
        super().__init__(collapsed=True)
        self.step = None if side is None or bounds is None else view_step(side, bounds, focus)
        self._layer_script = folium.LayerControl._template.module.script
        self._template = self._view_template


def view_step(
    side: str, bounds: tuple[float, float, float, float], focus: str | None = None
) -> dict[str, object]:
    """Give what :class:`ViewControl` needs of one zone: side, lat/lon bounds and focus."""
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    return {"side": side, "bounds": [[miny, minx], [maxy, maxx]], "focus": focus}


def view_step_script(
    side: str, bounds: tuple[float, float, float, float], focus: str | None = None
) -> str:
    """Write the zone's view data for a :class:`ViewControl` rendered without it."""
    text = json.dumps(view_step(side, bounds, focus)).replace("<", "\\u003c")
    return f"window.IDLIB_STEP = {text};\n"
