"""The zone's own layers, replaced on every change of depth or side: bands, towns, posts."""

from __future__ import annotations

import html

import folium
import shapely

from geo.mapview._shared_layers import (
    InlineGeoJson,
    KeptGroup,
    SharedPoints,
    feature_json,
    point_state,
)
from geo.mapview.basedata import display_geometry
from geo.mapview.basemap import COMPARE_PANE, ZONE_PANE
from geo.results.analysis import ZoneResult
from geo.style import COLORS, DASHES, LAYER_NAMES, MAP_OPACITY

__all__ = ["CHANGED_LAYER", "CHANGED_PARTS", "compare_layers", "zone_layers"]


def _band_label(band: str | None, result: ZoneResult) -> str:
    spec = result.spec
    if band == "core":
        return f"inner band (0–{spec.min_km:g} km)"
    if band == "outer":
        return f"outer band ({spec.min_km:g}–{spec.max_km:g} km)"
    return "outside the zone"


#: Popup and tooltip rows, colours and size of the towns and posts layers.
_TOWN_ROWS = {
    "popup": [
        ("search", "Town"),
        ("population", "Population (pre-war)"),
        ("doubt", "Figure doubtful:"),
        ("held_by", "Control:"),
        ("distance", "Distance to the line"),
        ("band", "Band"),
        ("borderline", "Borderline"),
        ("uncertainty", "Line known to within"),
    ],
    "tooltip": [("name", "Town"), ("band", "Band")],
    "colors": {
        "inside": COLORS["core"],
        "outside": COLORS["town"],
        "edge": "#ffffff",
        "borderline": COLORS["borderline"],
    },
    "radius": 3.0,
}
_POST_ROWS = {
    "popup": [
        ("number", "Post no."),
        ("name", "Name"),
        ("established", "Established"),
        ("accuracy", "Position accuracy"),
        ("distance", "Distance to the line"),
        ("band", "Band"),
        ("borderline", "Borderline"),
    ],
    "tooltip": [("name", "Post")],
    "colors": {
        "inside": COLORS["post"],
        "outside": COLORS["post"],
        "edge": "#ffffff",
        "borderline": COLORS["borderline"],
    },
    "radius": 7.0,
}


def zone_layers(result: ZoneResult) -> list[folium.FeatureGroup]:
    """Build the layers that change with the zone's widths and side.

    Returns
    -------
    list of folium.FeatureGroup
        Inner band, outer band, towns and posts, in drawing order. Their names do not
        depend on the widths (``LAYER_NAMES``).
    """
    spec = result.spec
    groups = []
    side = "opposition side only" if spec.side == "opposition" else "both sides"
    for band, geometry, area_km2 in result.zone[["band", "geometry", "area_km2"]].itertuples(
        index=False
    ):
        group = folium.FeatureGroup(name=LAYER_NAMES[band])
        if not geometry.is_empty:
            properties = {"band": _band_label(band, result), "area": f"{area_km2:,.0f} km²"}
            color, opacity = COLORS[band], MAP_OPACITY[band]
            InlineGeoJson(
                [feature_json(display_geometry(geometry), {**properties, "side": side})],
                style={"fillColor": color, "color": color, "weight": 1, "fillOpacity": opacity},
                tooltip=[("band", "Band"), ("area", "Area"), ("side", "Side")],
                pane=ZONE_PANE,
            ).add_to(group)
        groups.append(group)

    labels = [_band_label(None, result), _band_label("core", result), _band_label("outer", result)]
    codes = {"core": 1, "outer": 2}
    for key, points, layer_name, options in (
        ("towns", result.towns, LAYER_NAMES["towns"], _TOWN_ROWS),
        ("posts", result.posts, LAYER_NAMES["posts"], _POST_ROWS),
    ):
        group = KeptGroup(name=layer_name)
        SharedPoints(
            key,
            state=point_state(
                [codes.get(b, 0) if isinstance(b, str) else 0 for b in points["band"]],
                points["borderline"].astype(bool).tolist(),
            ),
            bands=labels,
            **options,  # type: ignore[arg-type]
        ).add_to(group)
        groups.append(group)
    return groups


#: What changed hands between the compared lines: the layer's name, and each part's label.
CHANGED_LAYER = "Changed hands (certain / within the lines' uncertainty)"
CHANGED_PARTS = {
    "changed_certain": "Changed hands for certain",
    "changed_uncertain": "Changed hands within the lines' uncertainty",
}


def compare_layers(
    result: ZoneResult,
    *,
    title: str,
    changed: tuple[shapely.Geometry | None, shapely.Geometry | None] = (None, None),
) -> list[folium.FeatureGroup]:
    """Draw a second zone and its line in a contrasting style, for compare mode.

    They are drawn in their own pane, which the swipe handle clips (see
    :func:`geo.mapview.basemap.base_map`).

    Parameters
    ----------
    result
        The second scenario's zone.
    title
        The second scenario's title, for the layer name and tooltip.
    changed
        What of the first zone changed hands for certain and within the lines'
        uncertainty (:func:`geo.results.compare.changed_hands`), drawn in two styles.
    """
    # Leaflet writes layer names into the control as HTML.
    group = folium.FeatureGroup(name=f"Compare: {html.escape(title)}")
    zone = shapely.union_all(result.zone.geometry.to_numpy())
    color = COLORS["compare"]
    if not zone.is_empty:
        area = sum(result.zone["area_km2"])
        label = f"{title}: {result.spec.min_km:g}–{result.spec.max_km:g} km, {area:,.0f} km²"
        InlineGeoJson(
            [feature_json(display_geometry(zone), {"name": html.escape(label)})],
            style={
                "color": color,
                "weight": 3,
                "dashArray": DASHES["compare"],
                "fillColor": color,
                "fillOpacity": 0.12,
            },
            tooltip=[("name", "")],
            pane=COMPARE_PANE,
        ).add_to(group)
    line = display_geometry(result.frontline)
    InlineGeoJson(
        [feature_json(line, {"name": html.escape(f"Line of the comparison: {title}")})],
        style={"color": color, "weight": 3, "dashArray": DASHES["compare_line"]},
        tooltip=[("name", "")],
        pane=COMPARE_PANE,
    ).add_to(group)
    return [group, _changed_layer(changed)]


def _changed_layer(
    changed: tuple[shapely.Geometry | None, shapely.Geometry | None],
) -> folium.FeatureGroup:
    """Draw what changed hands: for certain (solid), within the uncertainty (hatched edge)."""
    group = folium.FeatureGroup(name=CHANGED_LAYER)
    for (key, label), shape in zip(CHANGED_PARTS.items(), changed, strict=True):
        if shape is None or shape.is_empty:
            continue
        certain = key == "changed_certain"
        InlineGeoJson(
            [feature_json(display_geometry(shape), {"name": html.escape(label)})],
            style={
                "color": COLORS[key],
                "weight": 1 if certain else 1.5,
                "dashArray": None if certain else "3 3",
                "fillColor": COLORS[key],
                "fillOpacity": 0.45 if certain else 0.35,
            },
            tooltip=[("name", "")],
            pane=COMPARE_PANE,
        ).add_to(group)
    return group
