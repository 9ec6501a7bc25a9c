"""Leaflet layers drawn from data the page loads once, instead of resending it on every change.

The static layers of a map (borders, the line, its uncertainty, control points, and the
towns' and posts' own properties) go into one script, ``window.IDLIB_BASE = {...}``,
that the app serves as a file and a standalone page inlines. A change of depth then sends
only the bands and a short code per town and post.

The zone's own shapes change with every depth: :class:`InlineGeoJson` writes them into
the map's script, and renders without passing its data through Jinja a second time.

Every text in the shared data is HTML-escaped before it gets here (``geo.mapview.basedata``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

import folium
import shapely
from branca.element import Figure

from geo.mapview._folium import Macro, PlainText, render_layer, render_script
from geo.mapview._text import script_template, static_text

__all__ = [
    "DATA_GLOBAL",
    "Group",
    "InlineGeoJson",
    "KeptGroup",
    "SharedGeoJson",
    "SharedPoints",
    "data_script",
    "feature_json",
    "point_state",
]

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
_ROWS = "\n" + static_text("rows.js")


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
    control
        Whether the layer control lists it, as an overlay (a checkbox).
    on_click
        The name of a window function called with a clicked feature and its layer, if the
        page defines it.
    """

    _template = script_template("shared_geojson.js")

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
        on_click: str | None = None,
    ) -> None:
        super().__init__(name=name, overlay=True, show=show, control=control)
        self.on_click = on_click
        self.key = key
        self.style = dict(style)
        self.style_by = style_by
        self.tooltip = [list(row) for row in tooltip]
        self.pane = pane


class Group(folium.FeatureGroup):
    """A feature group that renders as folium's, without compiling its outputs again.

    branca compiles every rendered part of a layer as a new Jinja template; a slider step
    renders a dozen such parts (:func:`geo.mapview._folium.render_layer`).
    """

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        render_layer(self, **kwargs)


class KeptGroup(Group):
    """A feature group that outlives the zone's other layers on a page's map.

    The page replaces the zone's layers on every change of depth. This group is made
    once per map and reused: its points stay on the map (an open popup stays open, a
    layer the user switched off stays off), and each change only restyles them
    (:class:`SharedPoints`); a band's shapes are replaced only when they differ
    (:class:`InlineGeoJson` with ``kept``). ``window.idlibView`` takes it out of the list
    of layers the page removes.
    """

    _template = script_template("kept_group.js")


class SharedPoints(folium.map.Layer):
    """Towns or posts from the shared data, drawn for one zone.

    Made once per map; on a later zone the same markers are restyled where their state
    changed, and their tooltips and popups read the current state when they open.

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

    _template = script_template("shared_points.js")

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

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        render_layer(self, **kwargs)


def feature_json(geometry: shapely.Geometry, properties: Mapping[str, str]) -> str:
    """One GeoJSON feature as text; the properties must be HTML-escaped already."""
    props = json.dumps(dict(properties)).replace("<", "\\u003c")
    return f'{{"type":"Feature","properties":{props},"geometry":{shapely.to_geojson(geometry)}}}'


def _content_key(*parts: object) -> str:
    """Name what a layer draws by its content: equal shapes, style and words, equal key."""
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


class InlineGeoJson(Macro):
    """GeoJSON features written into the map's script, with one style and a tooltip.

    branca renders an element by compiling its output as a new Jinja template; for a
    band's thousands of coordinates that was most of the time a depth change took to
    render. This element hands its output to the figure as it is.

    Parameters
    ----------
    features
        GeoJSON feature texts (:func:`feature_json`).
    style
        Leaflet path options for every feature.
    tooltip
        ``(property, label)`` rows.
    pane
        The map pane to draw in.
    kept
        Whether the shapes are kept from one zone to the next, in a :class:`KeptGroup`:
        the group's content is replaced only when the shapes (or their style or words)
        differ from the ones it holds, so a step that draws the same zone again changes
        nothing on the map (the page draws a released zone at once, then again with the
        rest of the step: ``geo/mapview/static/preview.js``).
    """

    _template = script_template("inline_geojson.js")

    def __init__(
        self,
        features: Sequence[str],
        *,
        style: Mapping[str, Any],
        tooltip: Sequence[tuple[str, str]],
        pane: str | None = None,
        kept: bool = False,
    ) -> None:
        super().__init__("InlineGeoJson")
        self.features = list(features)
        self.style = dict(style)
        self.tooltip = [list(row) for row in tooltip]
        self.pane = pane
        self.key = _content_key(self.features, self.style, self.tooltip, pane) if kept else None

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = self.get_root()
        if not isinstance(figure, Figure):
            msg = "an InlineGeoJson must be in a map before it is rendered"
            raise TypeError(msg)
        script = render_script(self, **kwargs)
        figure.script.add_child(PlainText(script), name=self.get_name())
