"""Folium layers for the zone map: a base map that never changes, and the zone's layers.

Every string that reaches the map is HTML-escaped here: folium's popups and tooltips
insert text as HTML.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import folium
import folium.plugins
import geopandas as gpd
import pandas as pd
import shapely
import xyzservices.providers as xyz
from branca.element import Element, MacroElement
from jinja2 import Template
from pandas.api.types import is_object_dtype, is_string_dtype

from geo.engine.frontline import CONTROL_VALUES, OPPOSITION_AREA_NAME, TURKISH_AREA_NAME
from geo.inputs.layers import StudyData
from geo.mapview._shared_layers import (
    InlineGeoJson,
    KeptGroup,
    SharedGeoJson,
    SharedPoints,
    data_script,
    feature_json,
    point_state,
)
from geo.results.analysis import ZoneResult

__all__ = [
    "BAND_LABELS",
    "COLORS",
    "LAYER_NAMES",
    "BaseLayers",
    "ViewControl",
    "base_map",
    "compare_layers",
    "display_geometry",
    "format_population",
    "prepare_base_layers",
    "search_names",
    "view_step",
    "view_step_script",
    "zone_layers",
]

#: Map colours; the legend, the layers and the exports use the same ones.
COLORS = {
    "core": "#b2182b",
    "outer": "#f4a582",
    "frontline": "#1a1a1a",
    "opposition_area": "#1b7837",
    "turkish_area": "#8c8c8c",
    "uncertainty": "#7b3294",
    "highway": "#2166ac",
    "post": "#542788",
    "town": "#4d4d4d",
    "borderline": "#f1a340",
    "syria": "#f7f4ea",
    "turkey": "#e0e0e0",
    "government": "#d6604d",
    "opposition": "#1b7837",
    "turkish": "#35978f",
    "sdf": "#fee08b",
    "compare": "#01665e",
}
#: Overlay names: stable across widths, so the page can keep the user's layer choices.
LAYER_NAMES = {
    "core": "Zone: inner band",
    "outer": "Zone: outer band",
    "towns": "Towns",
    "posts": "Turkish observation posts",
    "control_points": "How the line was derived: control points",
    "uncertainty": "Line known to within ± x km (uncertainty)",
}
BAND_LABELS = {"core": "inner band", "outer": "outer band"}
CENTER = (35.9, 36.6)
ZOOM = 8
#: Display tolerance in degrees (about 50 m, under a pixel at the zoom levels used).
DISPLAY_TOLERANCE_DEG = 0.0005
DISPLAY_GRID_DEG = 1e-5
BASE_PANE = "countries"
ZONE_PANE = "zone"
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


def display_geometry(geometry: shapely.Geometry) -> shapely.Geometry:
    """Simplify and round a lon/lat geometry for the browser (display only)."""
    simple = shapely.simplify(geometry, DISPLAY_TOLERANCE_DEG, preserve_topology=True)
    return shapely.set_precision(simple, DISPLAY_GRID_DEG)


def format_population(population: object, *, year: object = None, source: object = None) -> str:
    """Write a population as a whole number with its year and source, or say it is unknown."""
    if population is None or pd.isna(population):  # type: ignore[call-overload]
        return "no figure"
    text = f"{int(population):,}"  # type: ignore[call-overload]
    details = [
        str(int(v)) if isinstance(v, float | int) else str(v)
        for v in (year, source)
        if v is not None and not pd.isna(v) and v != ""  # type: ignore[call-overload]
    ]
    return f"{text} ({', '.join(details)})" if details else text


def _escaped(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """HTML-escape every text column (pandas 3 stores text as ``str``, older as ``object``)."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if column != "geometry" and (is_string_dtype(series) or is_object_dtype(series)):
            out[column] = series.map(
                lambda v: "" if v is None or v is pd.NA else html.escape(str(v))
            )
    return out


def _band_label(band: str | None, result: ZoneResult) -> str:
    spec = result.spec
    if band == "core":
        return f"inner band (0–{spec.min_km:g} km)"
    if band == "outer":
        return f"outer band ({spec.min_km:g}–{spec.max_km:g} km)"
    return "outside the zone"


class _Script(MacroElement):
    """A fixed piece of JavaScript run with the map (``{map}`` is the map's variable)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code.replace("{map}", this._parent.get_name()) }}
        {% endmacro %}
        """
    )

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code


#: Page-wide fixes: no focus rectangle on clicked shapes, no tooltip under an open popup,
#: no "Unavailable" in the mouse-position box, inline marker images, town labels by zoom.
MAP_CSS = """
<style>
.leaflet-container .leaflet-interactive:focus { outline: none; }
.leaflet-tooltip-pane.idlib-popup-open { display: none; }
.leaflet-control-mouseposition:empty { display: none; }
@media (hover: none) { .leaflet-control-mouseposition { display: none; } }
.leaflet-control-attribution { max-width: 55vw; white-space: normal; line-height: 1.3; }
@media (max-width: 500px) { .leaflet-control-attribution { font-size: 9px; } }
.idlib-legend { background: rgba(255,255,255,.92); padding: 4px 8px; font: 12px/1.5 sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 240px; }
.idlib-legend summary { cursor: pointer; font-weight: bold; }
.idlib-legend .swatch { display: inline-block; width: 14px; height: 10px; margin-right: 5px; }
.town-label { background: none; border: none; white-space: nowrap; color: #222;
  font: 11px/1.1 sans-serif; text-shadow: 0 0 3px #fff, 0 0 3px #fff; pointer-events: none; }
.town-label span { position: relative; left: 8px; top: -6px; }
.idlib-zoom-lt9 .town-label { display: none; }
.idlib-zoom-lt11 .town-label.minor { display: none; }
.leaflet-control-search .search-button { background: #fff url("data:image/svg+xml,%3Csvg \
xmlns='http://www.w3.org/2000/svg' width='16' height='16'%3E%3Ccircle cx='6.5' cy='6.5' r='5' \
fill='none' stroke='%23333' stroke-width='2'/%3E%3Cpath d='M10 10l5 5' stroke='%23333' \
stroke-width='2'/%3E%3C/svg%3E") center no-repeat; }
.leaflet-control-search .search-cancel { background: none; }
.leaflet-control-search .search-cancel span { display: none; }
.leaflet-control-search .search-cancel::after { content: "×"; }
.leaflet-control-search .search-input { width: 160px; }
.leaflet-control-search.search-load .search-input { background-image: none !important; }
</style>
"""

MAP_JS = """
L.Icon.Default.imagePath = "";
L.Icon.Default.mergeOptions({iconUrl: MARKER, iconRetinaUrl: MARKER, shadowUrl: BLANK});
(function (map) {
    var tooltips = map.getPane("tooltipPane");
    map.on("popupopen", function () { tooltips.classList.add("idlib-popup-open"); });
    map.on("popupclose", function () { tooltips.classList.remove("idlib-popup-open"); });
    function zoomClasses() {
        var box = map.getContainer(), z = map.getZoom();
        box.classList.toggle("idlib-zoom-lt9", z < 8.5);
        box.classList.toggle("idlib-zoom-lt11", z < 11);
    }
    map.on("zoomend", zoomClasses);
    zoomClasses();
})({map});
""".replace("MARKER", json.dumps(MARKER_SVG)).replace("BLANK", json.dumps(BLANK_TILE))

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


class Legend(MacroElement):
    """A collapsible legend, drawn as a Leaflet control in the bottom-left corner.

    It opens on wide maps and starts closed on phones; the control-point colours show
    only while that layer is on. The map's first view fits ``bounds`` beside it.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "idlib-legend");
                div.innerHTML = {{ this.body|tojson }};
                div.querySelector("details").open = map.getSize().x >= 560;
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo(map);
            L.control.scale({imperial: false, position: "bottomleft"}).addTo(map);
            // Fit the study area beside the legend, so the legend never hides the zone; the
            // frame may still be resized, so fit again until the user moves the map.
            var touched = false;
            function fit() {
                if (touched) { return; }
                var box = legend.getContainer().getBoundingClientRect();
                // An open legend takes a column on the left; a folded one a line at the bottom.
                var open = legend.getContainer().querySelector("details").open;
                map.fitBounds({{ this.bounds|tojson }}, open
                    ? {paddingTopLeft: [box.width + 10, 0], paddingBottomRight: [40, 0]}
                    : {paddingTopLeft: [10, 10], paddingBottomRight: [10, box.height + 30]});
            }
            ["pointerdown", "wheel", "keydown"].forEach(function(name) {
                map.getContainer().addEventListener(name, function() { touched = true; });
            });
            map.on("resize", fit);
            fit();
            var points = legend.getContainer().querySelector(".idlib-legend-points");
            map.on("overlayadd overlayremove", function(e) {
                if (e.name === {{ this.points_layer|tojson }}) {
                    points.style.display = e.type === "overlayadd" ? "" : "none";
                }
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, *, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "Legend"
        self.bounds = bounds
        self.points_layer = LAYER_NAMES["control_points"]

        def row(style: str, label: str) -> str:
            return f'<span class="swatch" style="{style}"></span>{html.escape(label)}<br>'

        rows = [
            row(f"background:{COLORS['core']};opacity:.75", "Zone: inner band"),
            row(f"background:{COLORS['outer']};opacity:.8", "Zone: outer band"),
            row(
                f"border-top:3px solid {COLORS['frontline']};height:0", "The line the zone follows"
            ),
            row(
                f"background:{COLORS['uncertainty']};opacity:.25",
                "Where the line may lie (± km)",
            ),
            row(f"border-top:2px dashed {COLORS['opposition_area']};height:0", "Opposition area"),
            row(f"background:{COLORS['turkish_area']};opacity:.5", "Turkish-held: not in zone"),
            row(f"border-top:3px solid {COLORS['highway']};height:0", "M4 / M5 highways"),
            row(f"background:{COLORS['post']}", "Turkish observation post"),
            row(f"background:{COLORS['core']};border-radius:7px", "Town inside the zone"),
            row(
                f"background:{COLORS['town']};border-radius:7px;"
                f"box-shadow:0 0 0 2px {COLORS['borderline']}",
                "Town: ring = borderline",
            ),
            row(f"background:{COLORS['town']};border-radius:7px", "Town outside (size: people)"),
        ]
        points = "".join(
            row(f"background:{COLORS[side]};border-radius:7px", f"Control point: {side}")
            for side in ("government", "opposition", "turkish", "sdf")
        )
        self.body = (
            "<details open><summary>Legend: approximate map</summary>"
            + "".join(rows)
            + f'<div class="idlib-legend-points" style="display:none">{points}</div>'
            + "</details>"
        )


def _tile_layers(m: folium.Map) -> None:
    for provider, show in (
        (xyz.OpenStreetMap.Mapnik, True),
        (xyz.OpenTopoMap, False),
        (xyz.Esri.WorldImagery, False),
    ):
        name = "Satellite (Esri, online)" if provider is xyz.Esri.WorldImagery else provider.name
        folium.TileLayer(
            tiles=provider, name=f"{name} (online)" if "online" not in name else name, show=show
        ).add_to(m)
    folium.TileLayer(
        tiles=BLANK_TILE, attr="No tiles", name="No tiles (offline)", show=False
    ).add_to(m)


def _to_geojson(frame: gpd.GeoDataFrame) -> str:
    """Escaped GeoJSON text of a frame, for folium (which does not escape)."""
    text: str = _escaped(frame).to_json(drop_id=True)
    return text


def _labelled(geometry: shapely.Geometry, label: str) -> str:
    frame = gpd.GeoDataFrame({"name": [label]}, geometry=[display_geometry(geometry)], crs=4326)
    return _to_geojson(frame)


@dataclass(frozen=True)
class BaseLayers:
    """The layers that never change, as escaped and simplified GeoJSON text.

    Prepared once per scenario (:func:`prepare_base_layers`). Their data goes to the
    browser once, as the script :attr:`script`; every map run refers to it by key.
    """

    shared: dict[str, str]
    bounds: tuple[float, float, float, float]

    @property
    def script(self) -> str:
        """The shared data as one script (``window.IDLIB_BASE = {...}``)."""
        return data_script(self.shared)


def _points_frame(points: gpd.GeoDataFrame, columns: Mapping[str, Sequence[object]]) -> str:
    frame = gpd.GeoDataFrame(
        {"i": range(len(points)), **columns}, geometry=points.geometry.to_numpy(), crs=4326
    )
    return _to_geojson(frame)


def _short(text: object, *, limit: int = 160) -> str:
    """Drop a source's web addresses and cut it to ``limit`` characters, for a popup."""
    plain = re.sub(r"\s*\(?https?://\S+", "", str(text or "")).strip(" ;,")
    return plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"


def prepare_base_layers(data: StudyData) -> BaseLayers:
    """Simplify, round and escape the static layers of ``data`` for the browser."""
    countries = data.borders.assign(geometry=data.borders.geometry.map(display_geometry))
    # Stroke only real borders and coasts, not the rectangle the countries were clipped to.
    clip_frame = shapely.box(*data.borders.total_bounds).boundary.buffer(1e-6)
    lines = countries.assign(geometry=countries.geometry.boundary.difference(clip_frame))
    highways = data.highways.assign(geometry=data.highways.geometry.map(display_geometry))
    runs = data.line_uncertainty.assign(
        name=data.line_name,
        uncertainty=[f"± {u:g} km" for u in data.line_uncertainty["line_uncertainty_km"]],
        geometry=data.line_uncertainty.geometry.map(display_geometry),
    )
    # One shape, so that overlapping runs do not darken each other.
    corridor = shapely.union_all(data.uncertainty_corridor.geometry.to_numpy())
    corridor_label = "Where the true line may lie: hover the line for how far it could move there"
    points = data.control_points.assign(
        control_source=data.control_points["control_source"].map(_short)
    )[["name", "control", "control_source", "control_date", "geometry"]]
    towns, posts = data.towns, data.posts
    minx, miny, maxx, maxy = (
        data.opposition_area.bounds if not data.opposition_area.is_empty else data.frontline.bounds
    )
    shared = {
        "countries": _to_geojson(countries[["iso_a3", "name", "geometry"]]),
        "country_lines": _to_geojson(lines[["name", "geometry"]]),
        "opposition_area": _labelled(data.opposition_area, OPPOSITION_AREA_NAME),
        "turkish_areas": _labelled(data.turkish_areas, TURKISH_AREA_NAME),
        "frontline": _to_geojson(runs[["name", "uncertainty", "geometry"]]),
        "uncertainty": _labelled(corridor, corridor_label),
        "highways": _to_geojson(highways[["name", "geometry"]]),
        "control_points": _to_geojson(points),
        "towns": _points_frame(
            towns,
            {
                "name": towns["name"].tolist(),
                "search": search_names(towns),
                "population": [
                    format_population(p, year=y, source=_short(s, limit=90))
                    for p, y, s in zip(
                        towns["population"],
                        _optional(towns, "population_year"),
                        towns["population_source"],
                        strict=True,
                    )
                ],
                "held_by": [
                    f"{c} ({_short(s)})" if c else "not a control point"
                    for c, s in zip(
                        _optional(towns, "control"), _optional(towns, "control_source"), strict=True
                    )
                ],
                "distance": [f"{d:.1f} km" for d in towns["distance_km"]],
                "uncertainty": [f"± {u:g} km" for u in towns["line_uncertainty_km"]],
                "radius": [round(_town_radius(p), 1) for p in towns["population"]],
                "major": [bool(pd.notna(p) and p >= 20000) for p in towns["population"]],
            },
        ),
        "posts": _points_frame(
            posts,
            {
                "number": posts["number"].astype(str).tolist(),
                "name": posts["name"].tolist(),
                "established": posts["established"].tolist(),
                "accuracy": [f"± {a:g} km" for a in posts["position_accuracy_km"]],
                "distance": [f"{d:.1f} km" for d in posts["distance_km"]],
            },
        ),
    }
    return BaseLayers(shared=shared, bounds=(minx, miny, maxx, maxy))


def search_names(towns: gpd.GeoDataFrame) -> list[str]:
    """Each town's English, Arabic and GeoNames spellings, for the search boxes."""
    return [
        " · ".join(dict.fromkeys(str(v) for v in parts if isinstance(v, str) and v))
        for parts in zip(
            towns["name"],
            _optional(towns, "name_ar"),
            _optional(towns, "geonames_name"),
            strict=True,
        )
    ]


def base_map(layers: BaseLayers, *, data_url: str | None = None) -> folium.Map:
    """Build the part of the map that is the same for every zone.

    Tiles (OpenStreetMap by default, OpenTopoMap, satellite imagery, or none), a vector
    base of Syria and Turkey that is drawn without a network, the Turkish-held areas, the
    opposition-held area, the line's uncertainty corridor, the front line, the points the
    line was derived from, the highways, a legend and the map controls.

    Parameters
    ----------
    layers
        From :func:`prepare_base_layers`.
    data_url
        Where the page serves ``layers.script``; without it, the script is written into
        the map's page (a standalone file).
    """
    m = folium.Map(
        location=CENTER,
        zoom_start=ZOOM,
        tiles=None,
        control_scale=False,
        prefer_canvas=False,
        zoom_snap=0.25,
    )
    # Only Leaflet itself is needed: no marker icons, Bootstrap or jQuery.
    m.default_js = [name_url for name_url in m.default_js if name_url[0] == "leaflet"]
    m.default_js.append(("leaflet-search", SEARCH_JS))
    m.default_css = [name_url for name_url in m.default_css if name_url[0] == "leaflet_css"]
    m.default_css.append(("leaflet-search-css", SEARCH_CSS))
    header = m.get_root().header  # type: ignore[attr-defined]
    header.add_child(Element(MAP_CSS), name="idlib_css")
    if data_url:
        m.default_js.append(("idlib-base", data_url))
    else:
        header.add_child(Element(f"<script>{layers.script}</script>"), name="idlib_data")
    _tile_layers(m)
    # Panes keep the drawing order when the zone is replaced: country fills below the zone,
    # the zone below lines and points (Leaflet's overlay pane is at z-index 400).
    folium.map.CustomPane(BASE_PANE, z_index=300).add_to(m)
    folium.map.CustomPane(ZONE_PANE, z_index=350).add_to(m)

    base = folium.FeatureGroup(name="Syria and Turkey (Natural Earth, offline base)")
    fills = {"SYR": {"fillColor": COLORS["syria"]}, "TUR": {"fillColor": COLORS["turkey"]}}
    SharedGeoJson(
        "countries",
        style={"fillColor": "#ffffff", "fillOpacity": 0.45, "stroke": False},
        style_by=("iso_a3", fills),
        pane=BASE_PANE,
        control=False,
    ).add_to(base)
    SharedGeoJson(
        "country_lines", style={"color": "#555555", "weight": 1.5, "fill": False}, control=False
    ).add_to(base)
    base.add_to(m)

    name_only = [("name", "")]
    SharedGeoJson(
        "turkish_areas",
        name="Turkish-held areas (outside the zone)",
        style={
            "color": COLORS["turkish_area"],
            "weight": 1,
            "fillColor": COLORS["turkish_area"],
            "fillOpacity": 0.3,
        },
        tooltip=name_only,
        pane=BASE_PANE,
    ).add_to(m)
    SharedGeoJson(
        "opposition_area",
        name="Opposition-held area",
        style={"fill": False, "color": COLORS["opposition_area"], "weight": 2, "dashArray": "6 4"},
        tooltip=name_only,
    ).add_to(m)
    SharedGeoJson(
        "uncertainty",
        name=LAYER_NAMES["uncertainty"],
        style={"stroke": False, "fillColor": COLORS["uncertainty"], "fillOpacity": 0.15},
        tooltip=name_only,
        pane=ZONE_PANE,
    ).add_to(m)
    SharedGeoJson(
        "highways",
        name="M4 and M5 highways (schematic)",
        style={"color": COLORS["highway"], "weight": 3, "opacity": 0.8},
        tooltip=name_only,
    ).add_to(m)
    sides = {side: {"fillColor": COLORS[side]} for side in CONTROL_VALUES}
    SharedGeoJson(
        "control_points",
        name=LAYER_NAMES["control_points"],
        show=False,
        style={
            "radius": 4,
            "weight": 1,
            "color": "#ffffff",
            "fillColor": "#999999",
            "fillOpacity": 0.9,
        },
        style_by=("control", sides),
        tooltip=[
            ("name", "Place"),
            ("control", "Held by:"),
            ("control_source", "Source:"),
            ("control_date", "Date of the source:"),
        ],
    ).add_to(m)
    SharedGeoJson(
        "frontline",
        name="The line the zone follows (derived)",
        style={"color": COLORS["frontline"], "weight": 3},
        tooltip=[("name", ""), ("uncertainty", "Line known to within")],
    ).add_to(m)

    folium.plugins.Fullscreen(position="topleft").add_to(m)
    folium.plugins.MeasureControl(
        position="topleft", primary_length_unit="kilometers", primary_area_unit="sqkilometers"
    ).add_to(m)
    folium.plugins.MousePosition(
        position="bottomright", separator=" | ", num_digits=4, prefix="Lat | Lon:", empty_string=""
    ).add_to(m)
    minx, miny, maxx, maxy = layers.bounds
    Legend(bounds=[[miny, minx], [maxy, maxx]]).add_to(m)
    _Script(MAP_JS + VIEW_JS).add_to(m)
    return m


def _town_radius(population: float | None) -> float:
    if population is None or pd.isna(population):
        return 3.0
    return float(min(3.0 + math.sqrt(population) / 40.0, 22.0))


def _optional(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column] if column in frame else pd.Series([""] * len(frame), index=frame.index)


#: Popup and tooltip rows, colours and size of the towns and posts layers.
_TOWN_ROWS = {
    "popup": [
        ("search", "Town"),
        ("population", "Population (pre-war)"),
        ("held_by", "Held by in Sep 2018"),
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
    for (band, geometry, area_km2), opacity in zip(
        result.zone[["band", "geometry", "area_km2"]].itertuples(index=False),
        (0.45, 0.4),
        strict=True,
    ):
        group = folium.FeatureGroup(name=LAYER_NAMES[band])
        if not geometry.is_empty:
            properties = {"band": _band_label(band, result), "area": f"{area_km2:,.0f} km²"}
            color = COLORS[band]
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


def compare_layers(result: ZoneResult, *, title: str) -> list[folium.FeatureGroup]:
    """Draw a second zone and its line in a contrasting style, for compare mode.

    Parameters
    ----------
    result
        The second scenario's zone.
    title
        The second scenario's title, for the layer name and tooltip.
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
                "weight": 2.5,
                "dashArray": "8 5",
                "fillColor": color,
                "fillOpacity": 0.12,
            },
            tooltip=[("name", "")],
            pane=ZONE_PANE,
        ).add_to(group)
    line = display_geometry(result.frontline)
    InlineGeoJson(
        [feature_json(line, {"name": html.escape(f"Line of the comparison: {title}")})],
        style={"color": color, "weight": 3, "dashArray": "2 6"},
        tooltip=[("name", "")],
    ).add_to(group)
    return [group]


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
