"""Leaflet layers drawn from data the page loads once, instead of resending it on every change.

The static layers of a map (borders, the line, its uncertainty, control points, and the
towns' and posts' own properties) go into one script, ``window.IDLIB_BASE = {...}``,
that the app serves as a file and a standalone page inlines. A change of depth then sends
only the bands and a short code per town and post.

Every text in the shared data is HTML-escaped before it gets here (``geo.mapview``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import folium
from jinja2 import Template

__all__ = ["DATA_GLOBAL", "SharedGeoJson", "SharedPoints", "data_script", "point_state"]

DATA_GLOBAL = "IDLIB_BASE"


def data_script(layers: Mapping[str, str]) -> str:
    """Write the shared data as one script.

    Parameters
    ----------
    layers
        Layer key -> GeoJSON text, with every string already HTML-escaped.
    """
    body = ",".join(f"{json.dumps(key)}:{text}" for key, text in layers.items())
    # No "<" can close a script element early: the GeoJSON's text is HTML-escaped.
    return f"{_ROWS}window.{DATA_GLOBAL}={{{body}}};\n"


def point_state(bands: Sequence[int], borderline: Sequence[bool]) -> str:
    """Encode each point's band (0 outside, 1 inner, 2 outer) and borderline flag as a digit."""
    return "".join(str(int(b) + 3 * int(flag)) for b, flag in zip(bands, borderline, strict=True))


#: Writes tooltip and popup rows from (property, label) pairs; values are escaped already.
_ROWS = """
function idlibRows(rows, p, extra) {
    return rows.map(function (r) {
        var v = r[0] in extra ? extra[r[0]] : p[r[0]];
        return (r[1] ? "<b>" + r[1] + "</b> " : "") + (v === null || v === undefined ? "" : v);
    }).join("<br>");
}
"""


class SharedGeoJson(folium.map.Layer):
    """A GeoJSON layer from the shared data, with one style and a tooltip.

    Parameters
    ----------
    key
        The layer's key in the shared data.
    name
        The layer's name in the layer control.
    style
        Leaflet path options for every feature.
    style_by
        ``(property, {value: path options})``: extra options by a property's value.
    tooltip
        ``(property, label)`` rows; an empty label shows the value alone.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON(window.IDLIB_BASE[{{ this.key|tojson }}], {
            {%- if this.pane %} pane: {{ this.pane|tojson }}, {% endif %}
            interactive: {{ (this.tooltip|length > 0)|tojson }},
            style: function (f) {
                var by = {{ this.style_by|tojson }};
                var extra = by ? (by[1][f.properties[by[0]]] || {}) : {};
                return Object.assign({}, {{ this.style|tojson }}, extra);
            },
            pointToLayer: function (f, latlng) { return L.circleMarker(latlng); },
            onEachFeature: function (f, layer) {
                var rows = {{ this.tooltip|tojson }};
                if (rows.length) {
                    layer.bindTooltip(idlibRows(rows, f.properties, {}), {sticky: true});
                }
            }
        });
        {% endmacro %}
        """
    )

    def __init__(
        self,
        key: str,
        *,
        name: str | None = None,
        style: Mapping[str, Any],
        style_by: tuple[str, Mapping[str, Mapping[str, Any]]] | None = None,
        tooltip: Sequence[tuple[str, str]] = (),
        pane: str | None = None,
        show: bool = True,
        control: bool = True,
    ) -> None:
        super().__init__(name=name, show=show, control=control)
        self.key = key
        self.style = dict(style)
        self.style_by = style_by
        self.tooltip = [list(row) for row in tooltip]
        self.pane = pane


class SharedPoints(folium.map.Layer):
    """Towns or posts from the shared data, drawn for one zone.

    Parameters
    ----------
    key
        The layer's key in the shared data; each feature has an index ``i``.
    state
        One digit per feature (:func:`point_state`).
    bands
        The labels of the three bands: outside, inner, outer.
    popup, tooltip
        ``(property, label)`` rows; ``band`` and ``borderline`` come from ``state``.
    colors
        ``inside``, ``outside``, ``edge`` and ``borderline`` colours.
    radius
        Marker radius in pixels, unless a feature has its own ``radius``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var state = {{ this.state|tojson }}, bands = {{ this.bands|tojson }};
            var colors = {{ this.colors|tojson }};
            function extra(p) {
                var code = +state.charAt(p.i);
                return {band: bands[code % 3],
                        borderline: code >= 3 ? "yes: the side or band could change" : "no"};
            }
            return L.geoJSON(window.IDLIB_BASE[{{ this.key|tojson }}], {
                pointToLayer: function (f, latlng) {
                    var code = +state.charAt(f.properties.i);
                    return L.circleMarker(latlng, {
                        radius: f.properties.radius || {{ this.radius }},
                        color: code >= 3 ? colors.borderline : colors.edge,
                        weight: code >= 3 ? 2.5 : 1,
                        fillColor: code % 3 ? colors.inside : colors.outside,
                        fillOpacity: 0.9
                    });
                },
                onEachFeature: function (f, layer) {
                    var more = extra(f.properties);
                    layer.bindTooltip(idlibRows({{ this.tooltip|tojson }}, f.properties, more));
                    layer.bindPopup(idlibRows({{ this.popup|tojson }}, f.properties, more),
                                    {maxWidth: 320});
                }
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        key: str,
        *,
        state: str,
        bands: Sequence[str],
        popup: Sequence[tuple[str, str]],
        tooltip: Sequence[tuple[str, str]],
        colors: Mapping[str, str],
        radius: float,
    ) -> None:
        super().__init__(control=False)
        self.key = key
        self.state = state
        self.bands = list(bands)
        self.popup = [list(row) for row in popup]
        self.tooltip = [list(row) for row in tooltip]
        self.colors = dict(colors)
        self.radius = radius
