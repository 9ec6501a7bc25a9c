"""The zone's own layers, replaced on every change of depth or side: bands, towns, posts."""

from __future__ import annotations

import functools
import html

import folium
import shapely

from geo.i18n import N_, Language, format_number, translator
from geo.mapview._shared_layers import (
    Group,
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


def _band_label(band: str | None, result: ZoneResult, lang: Language) -> str:
    _ = translator(lang).gettext
    spec = result.spec
    low, high = (format_number(km, lang, max_decimals=2) for km in (spec.min_km, spec.max_km))
    if band == "core":
        return _("inner band (0–{max} km)").format(max=low)
    if band == "outer":
        return _("outer band ({min}–{max} km)").format(min=low, max=high)
    return _("outside the zone")


def _rows(rows: list[tuple[str, str]], lang: Language) -> list[tuple[str, str]]:
    """Translate the labels of ``(property, label)`` rows (HTML-escaped: Leaflet shows HTML)."""
    _ = translator(lang).gettext
    return [(key, html.escape(_(label)) if label else "") for key, label in rows]


#: The bands' tooltip rows.
_BAND_ROWS = [("band", N_("Band")), ("area", N_("Area")), ("side", N_("Side"))]
#: Popup and tooltip rows, colours and size of the towns and posts layers.
_TOWN_ROWS = {
    "popup": [
        ("search", N_("Town")),
        ("population", N_("Population (pre-war)")),
        ("doubt", N_("Figure doubtful:")),
        ("held_by", N_("Control:")),
        ("distance", N_("Distance to the line")),
        ("band", N_("Band")),
        ("borderline", N_("Borderline")),
        ("uncertainty", N_("Line known to within")),
    ],
    "tooltip": [("name", N_("Town")), ("band", N_("Band"))],
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
        ("number", N_("Post no.")),
        ("name", N_("Name")),
        ("established", N_("Established")),
        ("accuracy", N_("Position accuracy")),
        ("distance", N_("Distance to the line")),
        ("band", N_("Band")),
        ("borderline", N_("Borderline")),
    ],
    "tooltip": [("name", N_("Post"))],
    "colors": {
        "inside": COLORS["post"],
        "outside": COLORS["post"],
        "edge": "#ffffff",
        "borderline": COLORS["borderline"],
    },
    "radius": 7.0,
}


@functools.lru_cache(maxsize=64)
def _band_shown(geometry: shapely.Geometry) -> shapely.Geometry:
    """Return a band as drawn (:func:`display_geometry`), kept for the next steps.

    The inner band of one depth comes back under every outer depth, and a slider goes to
    and fro: a kept band is not simplified again.
    """
    return display_geometry(geometry)


def zone_layers(result: ZoneResult, *, lang: Language = "en") -> list[folium.FeatureGroup]:
    """Build the layers that change with the zone's widths and side.

    Returns
    -------
    list of folium.FeatureGroup
        Inner band, outer band, towns and posts, in drawing order. Their names do not
        depend on the widths (``LAYER_NAMES``, in ``lang``).
    """
    _ = translator(lang).gettext
    spec = result.spec
    groups: list[folium.FeatureGroup] = []
    side = _("opposition side only") if spec.side == "opposition" else _("both sides")
    zone = result.zone
    for band, geometry, area_km2 in zip(
        zone["band"].tolist(), zone.geometry.to_numpy(), zone["area_km2"].tolist(), strict=True
    ):
        # Kept from one zone to the next: a step that draws the same band changes nothing.
        group = KeptGroup(name=_(LAYER_NAMES[band]))
        features = []
        if not geometry.is_empty:
            area = _("{area} km²").format(area=format_number(area_km2, lang))
            properties = {"band": _band_label(band, result, lang), "area": area}
            features.append(feature_json(_band_shown(geometry), {**properties, "side": side}))
        color, opacity = COLORS[band], MAP_OPACITY[band]
        InlineGeoJson(
            features,  # none for an empty band: the band's last shapes leave the map
            style={"fillColor": color, "color": color, "weight": 1, "fillOpacity": opacity},
            tooltip=_rows(_BAND_ROWS, lang),
            pane=ZONE_PANE,
            kept=True,
        ).add_to(group)
        groups.append(group)

    labels = [_band_label(band, result, lang) for band in (None, "core", "outer")]
    codes = {"core": 1, "outer": 2}
    for key, points, layer_name, options in (
        ("towns", result.towns, LAYER_NAMES["towns"], _TOWN_ROWS),
        ("posts", result.posts, LAYER_NAMES["posts"], _POST_ROWS),
    ):
        group = KeptGroup(name=_(layer_name))
        rows = {
            part: _rows(options[part], lang)  # type: ignore[arg-type]
            for part in ("popup", "tooltip")
        }
        SharedPoints(
            key,
            state=point_state(
                [codes.get(b, 0) if isinstance(b, str) else 0 for b in points["band"]],
                points["borderline"].astype(bool).tolist(),
            ),
            bands=labels,
            **{**options, **rows},  # type: ignore[arg-type]
        ).add_to(group)
        groups.append(group)
    return groups


#: What changed hands between the compared lines: the layer's name, and each part's label.
CHANGED_LAYER = LAYER_NAMES["changed"]
CHANGED_PARTS = {
    "changed_certain": "Changed hands for certain",
    "changed_uncertain": "Changed hands within the lines' uncertainty",
}


def compare_layers(
    result: ZoneResult,
    *,
    title: str,
    lang: Language = "en",
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
        The second scenario's title (in ``lang``), for the layer name and tooltip.
    lang
        The language of the layer's name and tooltip.
    changed
        What of the first zone changed hands for certain and within the lines'
        uncertainty (:func:`geo.results.compare.changed_hands`), drawn in two styles.
    """
    _ = translator(lang).gettext
    # Leaflet writes layer names into the control as HTML.
    group = Group(name=html.escape(_("Compare: {title}").format(title=title)))
    zone = shapely.union_all(result.zone.geometry.to_numpy())
    color = COLORS["compare"]
    if not zone.is_empty:
        area = sum(result.zone["area_km2"])
        label = _("{title}: {min}–{max} km, {area} km²").format(
            title=title,
            min=format_number(result.spec.min_km, lang, max_decimals=2),
            max=format_number(result.spec.max_km, lang, max_decimals=2),
            area=format_number(area, lang),
        )
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
    line_name = html.escape(_("Line of the comparison: {title}").format(title=title))
    InlineGeoJson(
        [feature_json(display_geometry(result.frontline), {"name": line_name})],
        style={"color": color, "weight": 3, "dashArray": DASHES["compare_line"]},
        tooltip=[("name", "")],
        pane=COMPARE_PANE,
    ).add_to(group)
    return [group, _changed_layer(changed, lang=lang)]


def _changed_layer(
    changed: tuple[shapely.Geometry | None, shapely.Geometry | None],
    *,
    lang: Language,
) -> folium.FeatureGroup:
    """Draw what changed hands: for certain (solid), within the uncertainty (hatched edge)."""
    group = Group(name=translator(lang).gettext(CHANGED_LAYER))
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
