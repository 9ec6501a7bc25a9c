"""The part of the zone map that never changes: tiles, the offline base, the line, the legend."""

from __future__ import annotations

import html
import json

import folium
import folium.plugins
import xyzservices.providers as xyz
from branca.element import Element
from jinja2 import Template

from geo.engine.frontline import CONTROL_VALUES
from geo.i18n import N_, Language, translator
from geo.inputs.townnames import key_rules_json
from geo.mapview._folium import Macro
from geo.mapview._shared_layers import SharedGeoJson
from geo.mapview._text import script_template, static_text
from geo.mapview.basedata import CONTROL_LABELS, BaseLayers
from geo.mapview.draw import DRAW_JS, POINT_CLICKED, line_draw
from geo.mapview.linkview import LAT_RANGE_DEG, LON_RANGE_DEG, ZOOM_RANGE
from geo.mapview.vendor import GESTURE_CSS, GESTURE_JS, MEASURE_LOCALE, SWIPE_CSS, SWIPE_JS
from geo.mapview.view import VIEW_JS
from geo.mapview.words import words_script
from geo.style import BASE_NAMES, COLORS, DASHES, LAYER_NAMES, LEGEND_OPACITY, MAP_OPACITY

__all__ = ["BASE_PANE", "COMPARE_PANE", "OFFLINE_BASE", "ZONE_PANE", "Legend", "base_map"]

CENTER = (35.9, 36.6)
ZOOM = 8
BASE_PANE = "countries"
ZONE_PANE = "zone"
#: The compared zone, its line and what changed hands: above the zone, swiped apart from it.
COMPARE_PANE = "compared"
BLANK_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
#: Leaflet's default marker (the measure tool uses it), drawn inline: no image requests.
MARKER_SVG = (
    "data:image/svg+xml,"
    "%3Csvg xmlns='http://www.w3.org/2000/svg' width='25' height='41' viewBox='0 0 25 41'%3E"
    "%3Cpath d='M12.5 0C5.6 0 0 5.6 0 12.5 0 21.9 12.5 41 12.5 41S25 21.9 25 12.5C25 5.6 "
    "19.4 0 12.5 0z' fill='%232166ac'/%3E%3Ccircle cx='12.5' cy='12.5' r='5' fill='white'/%3E"
    "%3C/svg%3E"
)
SEARCH_JS = "https://cdn.jsdelivr.net/npm/leaflet-search@2.9.7/dist/leaflet-search.min.js"
SEARCH_CSS = "https://cdn.jsdelivr.net/npm/leaflet-search@2.9.7/dist/leaflet-search.min.css"


class _Script(Macro):
    """A fixed piece of JavaScript run with the map (``{map}`` is the map's variable)."""

    _template = Template(
        '{% macro script(this, kwargs) %}{{ this.code.replace("{map}", this.map_name) }}'
        "{% endmacro %}"
    )

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code


#: Page-wide fixes: no focus rectangle on clicked shapes, no tooltip under an open popup,
#: no "Unavailable" in the mouse-position box, inline marker images, town labels by zoom.
MAP_CSS = "\n<style>\n" + static_text("map.css") + "</style>\n"

MAP_JS = (
    "\n"
    + static_text("map.js")
    .replace("MARKER", json.dumps(MARKER_SVG))
    .replace("BLANK", json.dumps(BLANK_TILE))
    + static_text("townsearch.js").replace("RULES", key_rules_json())
)


#: The live preview of the zone while a depth slider of the page moves (``preview.js``).
PREVIEW_JS = "\n" + (
    static_text("preview.js")
    .replace(
        "PREVIEW_STYLE",
        json.dumps(
            {
                band: {"fillColor": COLORS[band], "fillOpacity": MAP_OPACITY[band]}
                for band in ("core", "outer")
            }
        ),
    )
    .replace("BAND_NAMES", json.dumps([LAYER_NAMES["core"], LAYER_NAMES["outer"]]))
)

#: Switches leaflet-gesture-handling on for touch screens.
GESTURES_JS = "\n" + static_text("gestures.js")


def _legend_row(style: str, label: str) -> str:
    """One row of the legend: a swatch drawn with ``style``, and its label as text."""
    return f'<span class="swatch" style="{style}"></span>{html.escape(label)}<br>'


_ALPHA = LEGEND_OPACITY
#: The legend's rows: a swatch's style and its label (English; translated where shown).
_LEGEND_ROWS = [
    (f"background:{COLORS['core']};opacity:{_ALPHA['core']}", N_("Zone: inner band")),
    (f"background:{COLORS['outer']};opacity:{_ALPHA['outer']}", N_("Zone: outer band")),
    (f"border-top:3px solid {COLORS['frontline']};height:0", N_("The line the zone follows")),
    (
        f"background:{COLORS['uncertainty']};opacity:{_ALPHA['uncertainty']}",
        N_("Where the line may lie (± km)"),
    ),
    (f"border-top:2px dashed {COLORS['opposition_area']};height:0", N_("Opposition area")),
    (
        f"background:{COLORS['turkish_area']};opacity:{_ALPHA['turkish_area']}",
        N_("Turkish-held: not in zone"),
    ),
    (f"border-top:3px solid {COLORS['highway']};height:0", N_("M4 / M5 highways")),
    (f"background:{COLORS['post']}", N_("Turkish observation post")),
    (f"background:{COLORS['core']};border-radius:7px", N_("Town inside the zone")),
    (
        f"background:{COLORS['town']};border-radius:7px;"
        f"box-shadow:0 0 0 2px {COLORS['borderline']}",
        N_("Town: ring = borderline"),
    ),
    (f"background:{COLORS['town']};border-radius:7px", N_("Town outside (size: people)")),
]


class Legend(Macro):
    """A collapsible legend, drawn as a Leaflet control in the bottom-left corner.

    It opens on wide maps and starts closed on phones; the control-point colours show
    only while that layer is on. The map's first view fits ``bounds`` beside it. With
    ``compare``, the title of a second scenario drawn beside the first, it has a row for
    that scenario's zone and line.
    """

    _template = script_template("legend.js")

    def __init__(
        self, *, bounds: list[list[float]], compare: str | None = None, lang: Language = "en"
    ) -> None:
        super().__init__("Legend")
        _ = translator(lang).gettext
        self.bounds = bounds
        self.points_layer = _(LAYER_NAMES["control_points"])

        rows = [_legend_row(style, _(label)) for style, label in _LEGEND_ROWS]
        if compare is not None:
            c = COLORS["compare"]
            rows.append(
                _legend_row(
                    f"border:2px dashed {c};background:{c}22;height:8px;width:12px",
                    _("Compared: {title} (zone and line)").format(title=compare),
                )
            )
        points = "".join(
            _legend_row(
                f"background:{COLORS[side]};border-radius:7px",
                _("Control point: {side}").format(side=_(CONTROL_LABELS[side])),
            )
            for side in ("government", "opposition", "turkish", "sdf")
        )
        summary = html.escape(_("Legend: approximate map"))
        self.body = (
            f"<details open><summary>{summary}</summary>"
            + "".join(rows)
            + f'<div class="idlib-legend-points" style="display:none">{points}</div>'
            + "</details>"
        )


#: The offline base, the background chosen by default. English; translated where shown.
OFFLINE_BASE = BASE_NAMES["offline"]


def _tile_layers(m: folium.Map, lang: Language) -> None:
    """Add the online tile backgrounds, each off until chosen (nothing loads by default)."""
    _ = translator(lang).gettext
    for provider, key in (
        (xyz.OpenStreetMap.Mapnik, "osm"),
        (xyz.OpenTopoMap, "topo"),
        (xyz.Esri.WorldImagery, "satellite"),
    ):
        folium.TileLayer(tiles=provider, name=_(BASE_NAMES[key]), show=False).add_to(m)


def _gesture_handling(m: folium.Map) -> None:
    """On a touch screen, one finger scrolls the page and two fingers move the map."""
    m.default_js.append(("leaflet-gesture-handling", GESTURE_JS))
    m.default_css.append(("leaflet-gesture-handling-css", GESTURE_CSS))
    _Script(GESTURES_JS).add_to(m)


def _bare_map() -> folium.Map:
    """Return a map with only Leaflet and its search plugin (no icons, Bootstrap, jQuery)."""
    m = folium.Map(
        location=CENTER,
        zoom_start=ZOOM,
        tiles=None,
        control_scale=False,
        prefer_canvas=False,
        zoom_snap=0.25,
        # What a link may ask for (geo/mapview/linkview.py) is what the map can show.
        max_bounds=True,
        min_lat=LAT_RANGE_DEG[0],
        max_lat=LAT_RANGE_DEG[1],
        min_lon=LON_RANGE_DEG[0],
        max_lon=LON_RANGE_DEG[1],
    )
    # folium gives its own zoom limits to the tiles only, not to the map.
    m.options.update(minZoom=ZOOM_RANGE[0], maxZoom=ZOOM_RANGE[1])
    m.default_js = [name_url for name_url in m.default_js if name_url[0] == "leaflet"]
    m.default_js.append(("leaflet-search", SEARCH_JS))
    m.default_css = [name_url for name_url in m.default_css if name_url[0] == "leaflet_css"]
    m.default_css.append(("leaflet-search-css", SEARCH_CSS))
    return m


def base_map(
    layers: BaseLayers,
    *,
    data_url: str | None = None,
    in_page: bool = False,
    compare: str | None = None,
    lang: Language = "en",
    swipe: bool = False,
) -> folium.Map:
    """Build the part of the map that is the same for every zone.

    A background (by default a vector base of Syria and Turkey drawn without a network;
    OpenStreetMap, OpenTopoMap or satellite tiles when online), the Turkish-held areas, the
    opposition-held area, the line's uncertainty corridor, the front line, the points the
    line was derived from, the highways, a legend and the map controls.

    Parameters
    ----------
    layers
        From :func:`prepare_base_layers`.
    data_url
        Where the page serves ``layers.script``; without it, the script is written into
        the map's page (a standalone file).
    in_page
        The map is part of a longer page: on a touch screen one finger scrolls the page
        and two fingers move the map; a toolbar draws the user's own line, and a control
        point's popup offers to flip it.
    compare
        The title of a scenario drawn beside this one, for the legend (in ``lang``).
    lang
        The language of the layer names, legend, tooltips and controls (``layers`` must
        be prepared in the same language). The map itself stays left to right.
    swipe
        With ``compare``: a handle swipes between the zone (left) and the compared one.
    """
    m = _bare_map()
    _page_setup(m, layers, data_url=data_url, lang=lang)
    # The layer control lists the backgrounds in this order: the offline base first.
    _country_base(m, lang)
    _tile_layers(m, lang)
    _area_layers(m, lang)
    _line_layers(m, lang)
    _controls(m, bounds=layers.bounds, compare=compare, lang=lang)
    if in_page:
        _gesture_handling(m)
        _Script(PREVIEW_JS).add_to(m)
        # The user's own line: draw one, or flip a control point (geo/mapview/draw.py).
        _Script(DRAW_JS).add_to(m)
        line_draw().add_to(m)
    if swipe and compare is not None:
        _swipe(m)
    return m


def _page_setup(m: folium.Map, layers: BaseLayers, *, data_url: str | None, lang: Language) -> None:
    """Add the map's style sheet, its shared data, its words and its panes."""
    header = m.get_root().header  # type: ignore[attr-defined]
    header.add_child(Element(MAP_CSS), name="idlib_css")
    if data_url:
        m.default_js.append(("idlib-base", data_url))
    else:
        header.add_child(Element(f"<script>{layers.script}</script>"), name="idlib_data")
    # The words the map's scripts show, before any of them runs.
    _Script(words_script(lang)).add_to(m)
    # Panes keep the drawing order when the zone is replaced: country fills below the zone,
    # the zone below lines and points (Leaflet's overlay pane is at z-index 400).
    folium.map.CustomPane(BASE_PANE, z_index=300).add_to(m)
    folium.map.CustomPane(ZONE_PANE, z_index=350).add_to(m)
    folium.map.CustomPane(COMPARE_PANE, z_index=360).add_to(m)


def _swipe(m: folium.Map) -> None:
    """Add the swipe handle between the zone's pane and the comparison's."""
    m.default_js.append(("leaflet-side-by-side", SWIPE_JS))
    m.default_css.append(("leaflet-side-by-side-css", SWIPE_CSS))
    header = m.get_root().header  # type: ignore[attr-defined]
    header.add_child(Element(f"<style>{static_text('swipe.css')}</style>"), name="idlib_swipe")
    code = static_text("swipe.js").replace("LEFT", json.dumps(ZONE_PANE))
    _Script(code.replace("RIGHT", json.dumps(COMPARE_PANE))).add_to(m)


#: A tooltip with the feature's name alone.
_NAME_ONLY = [("name", "")]


def _country_base(m: folium.Map, lang: Language) -> None:
    """Add Syria and Turkey from Natural Earth: a background that needs no network.

    The country fills are a background, chosen by default; the borders and coasts are
    drawn over every background.
    """
    _ = translator(lang).gettext
    base = folium.FeatureGroup(name=_(OFFLINE_BASE), overlay=False, show=True)
    fills = {"SYR": {"fillColor": COLORS["syria"]}, "TUR": {"fillColor": COLORS["turkey"]}}
    SharedGeoJson(
        "countries",
        style={"fillColor": "#ffffff", "fillOpacity": 0.45, "stroke": False},
        style_by=("iso_a3", fills),
        pane=BASE_PANE,
        control=False,
    ).add_to(base)
    base.add_to(m)
    SharedGeoJson(
        "country_lines", style={"color": "#555555", "weight": 1.5, "fill": False}, control=False
    ).add_to(m)


def _area_layers(m: folium.Map, lang: Language) -> None:
    """Add the Turkish-held areas, the opposition-held area and the line's uncertainty."""
    _ = translator(lang).gettext
    SharedGeoJson(
        "turkish_areas",
        name=_(LAYER_NAMES["turkish_areas"]),
        style={
            "color": COLORS["turkish_area"],
            "weight": 1,
            "fillColor": COLORS["turkish_area"],
            "fillOpacity": MAP_OPACITY["turkish_area"],
        },
        tooltip=_NAME_ONLY,
        pane=BASE_PANE,
    ).add_to(m)
    SharedGeoJson(
        "opposition_area",
        name=_(LAYER_NAMES["opposition_area"]),
        style={
            "fill": False,
            "color": COLORS["opposition_area"],
            "weight": 2,
            "dashArray": DASHES["opposition_area"],
        },
        tooltip=_NAME_ONLY,
    ).add_to(m)
    SharedGeoJson(
        "uncertainty",
        name=_(LAYER_NAMES["uncertainty"]),
        style={
            "stroke": False,
            "fillColor": COLORS["uncertainty"],
            "fillOpacity": MAP_OPACITY["uncertainty"],
        },
        tooltip=_NAME_ONLY,
        pane=ZONE_PANE,
    ).add_to(m)


def _line_layers(m: folium.Map, lang: Language) -> None:
    """Add the highways, the control points the line was derived from, and the line."""
    _ = translator(lang).gettext
    SharedGeoJson(
        "highways",
        name=_(LAYER_NAMES["highways"]),
        style={"color": COLORS["highway"], "weight": 3, "opacity": 0.8},
        tooltip=_NAME_ONLY,
    ).add_to(m)
    sides = {side: {"fillColor": COLORS[side]} for side in CONTROL_VALUES}
    SharedGeoJson(
        "control_points",
        name=_(LAYER_NAMES["control_points"]),
        show=False,
        style={
            "radius": 4,
            "weight": 1,
            "color": "#ffffff",
            "fillColor": "#999999",
            "fillOpacity": 0.9,
        },
        style_by=("held", sides),
        tooltip=[
            ("name", _("Place")),
            ("control", _("Held by:")),
            ("control_source", _("Source:")),
            ("control_date", _("Date of the source:")),
        ],
        on_click=POINT_CLICKED,
    ).add_to(m)
    SharedGeoJson(
        "frontline",
        name=_(LAYER_NAMES["frontline"]),
        style={"color": COLORS["frontline"], "weight": 3},
        tooltip=[("name", ""), ("uncertainty", _("Line known to within"))],
    ).add_to(m)


def _controls(
    m: folium.Map,
    *,
    bounds: tuple[float, float, float, float],
    compare: str | None,
    lang: Language,
) -> None:
    """Add full screen, measure, mouse position, the legend and the page's own script."""
    _ = translator(lang).gettext
    folium.plugins.Fullscreen(
        position="topleft", title=_("Full screen"), title_cancel=_("Leave full screen")
    ).add_to(m)
    # Its words come from window.IDLIB_TEXT (geo/mapview/words.py, geo/mapview/vendor.py).
    folium.plugins.MeasureControl(
        position="topleft",
        primary_length_unit="kilometers",
        primary_area_unit="sqkilometers",
        localization=MEASURE_LOCALE,
    ).add_to(m)
    folium.plugins.MousePosition(
        position="bottomright",
        separator=" | ",
        num_digits=4,
        prefix=html.escape(_("Lat | Lon:")),
        empty_string="",
    ).add_to(m)
    minx, miny, maxx, maxy = bounds
    Legend(bounds=[[miny, minx], [maxy, maxx]], compare=compare, lang=lang).add_to(m)
    _Script(MAP_JS + VIEW_JS).add_to(m)
