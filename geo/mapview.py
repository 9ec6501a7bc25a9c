"""Folium layers for the zone map: a base map that never changes, and the zone's layers.

Every string that reaches the map is HTML-escaped here: folium's popups and tooltips
insert text as HTML.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import folium
import folium.plugins
import geopandas as gpd
import pandas as pd
import shapely
import xyzservices.providers as xyz
from branca.element import MacroElement
from jinja2 import Template
from pandas.api.types import is_object_dtype, is_string_dtype

from geo.analysis import ZoneResult
from geo.data import StudyData
from geo.frontline import FRONTLINE_NAME, OPPOSITION_AREA_NAME

__all__ = [
    "COLORS",
    "BaseLayers",
    "base_map",
    "display_geometry",
    "prepare_base_layers",
    "zone_layers",
]

#: Map colours; the legend and the layers use the same ones.
COLORS = {
    "core": "#b2182b",
    "outer": "#f4a582",
    "frontline": "#1a1a1a",
    "opposition_area": "#1b7837",
    "highway": "#2166ac",
    "post": "#542788",
    "town": "#4d4d4d",
    "syria": "#f7f4ea",
    "turkey": "#e0e0e0",
}
CENTER = (35.9, 36.6)
ZOOM = 8
#: Display tolerance in degrees (about 50 m, under a pixel at the zoom levels used).
DISPLAY_TOLERANCE_DEG = 0.0005
DISPLAY_GRID_DEG = 1e-5
BASE_PANE = "countries"
ZONE_PANE = "zone"
BLANK_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def display_geometry(geometry: shapely.Geometry) -> shapely.Geometry:
    """Simplify and round a lon/lat geometry for the browser (display only)."""
    simple = shapely.simplify(geometry, DISPLAY_TOLERANCE_DEG, preserve_topology=True)
    return shapely.set_precision(simple, DISPLAY_GRID_DEG)


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
        return f"core (0-{spec.min_km:g} km)"
    if band == "outer":
        return f"outer ({spec.min_km:g}-{spec.max_km:g} km)"
    return "outside the zone"


class Legend(MacroElement):
    """A fixed legend box, drawn as a Leaflet control in the bottom-left corner."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "idlib-legend");
                div.style.cssText = "background:rgba(255,255,255,.9);padding:6px 8px;"
                    + "font:12px/1.5 sans-serif;border-radius:4px;"
                    + "box-shadow:0 1px 4px rgba(0,0,0,.3)";
                div.innerHTML = {{ this.body|tojson }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "Legend"
        swatch = (
            '<span style="display:inline-block;width:14px;height:10px;margin-right:5px;{}"></span>'
        )
        rows = [
            (f"background:{COLORS['core']};opacity:.75", "Zone: core band"),
            (f"background:{COLORS['outer']};opacity:.8", "Zone: outer band"),
            (
                f"border-top:3px solid {COLORS['frontline']};height:0",
                "Front line, Sep 2018 (derived)",
            ),
            (f"border-top:2px dashed {COLORS['opposition_area']};height:0", "Opposition-held area"),
            (f"border-top:3px solid {COLORS['highway']};height:0", "M4 / M5 highways"),
            (f"background:{COLORS['post']}", "Turkish observation post"),
            (f"background:{COLORS['town']};border-radius:7px", "Town (size: population)"),
        ]
        body = "".join(swatch.format(style) + html.escape(label) + "<br>" for style, label in rows)
        self.body = "<b>Approximate map</b><br>" + body


def _tile_layers(m: folium.Map) -> None:
    for provider, show in ((xyz.OpenStreetMap.Mapnik, True), (xyz.OpenTopoMap, False)):
        folium.TileLayer(tiles=provider, name=f"{provider.name} (online)", show=show).add_to(m)
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

    Prepared once (:func:`prepare_base_layers`) and drawn into every map run after run.
    """

    countries: str
    country_lines: str
    opposition_area: str
    frontline: str
    highways: str
    control_points: str
    bounds: tuple[float, float, float, float]


def prepare_base_layers(data: StudyData) -> BaseLayers:
    """Simplify, round and escape the static layers of ``data`` for the browser."""
    countries = data.borders.assign(geometry=data.borders.geometry.map(display_geometry))
    # Stroke only real borders and coasts, not the rectangle the countries were clipped to.
    clip_frame = shapely.box(*data.borders.total_bounds).boundary.buffer(1e-6)
    lines = countries.assign(geometry=countries.geometry.boundary.difference(clip_frame))
    highways = data.highways.assign(geometry=data.highways.geometry.map(display_geometry))
    points = data.control_points[["name", "control", "control_source", "control_date", "geometry"]]
    minx, miny, maxx, maxy = data.opposition_area.bounds
    return BaseLayers(
        countries=_to_geojson(countries),
        country_lines=_to_geojson(lines[["name", "geometry"]]),
        opposition_area=_labelled(data.opposition_area, OPPOSITION_AREA_NAME),
        frontline=_labelled(data.frontline, FRONTLINE_NAME),
        highways=_to_geojson(highways[["name", "geometry"]]),
        control_points=_to_geojson(points),
        bounds=(minx, miny, maxx, maxy),
    )


def _name_tooltip() -> folium.GeoJsonTooltip:
    return folium.GeoJsonTooltip(["name"], labels=False)


def base_map(layers: BaseLayers) -> folium.Map:
    """Build the part of the map that is the same for every zone.

    Tiles (OpenStreetMap by default, OpenTopoMap, or none), a vector base of Syria and
    Turkey that is drawn without a network, the opposition-held area, the front line, the
    points the line was derived from, the highways, a legend and the map controls.
    """
    m = folium.Map(
        location=CENTER, zoom_start=ZOOM, tiles=None, control_scale=True, prefer_canvas=False
    )
    # Only Leaflet itself is needed: no marker icons, Bootstrap or jQuery.
    m.default_js = [name_url for name_url in m.default_js if name_url[0] == "leaflet"]
    m.default_css = [name_url for name_url in m.default_css if name_url[0] == "leaflet_css"]
    _tile_layers(m)
    # Panes keep the drawing order when the zone is replaced: country fills below the zone,
    # the zone below lines and points (Leaflet's overlay pane is at z-index 400).
    folium.map.CustomPane(BASE_PANE, z_index=300).add_to(m)
    folium.map.CustomPane(ZONE_PANE, z_index=350).add_to(m)

    fills = {"SYR": COLORS["syria"], "TUR": COLORS["turkey"]}
    base = folium.FeatureGroup(name="Syria and Turkey (Natural Earth, offline base)")
    folium.GeoJson(
        layers.countries,
        style_function=lambda f: {
            "fillColor": fills.get(f["properties"]["iso_a3"], "#ffffff"),
            "fillOpacity": 0.45,
            "stroke": False,
        },
        interactive=False,
        pane=BASE_PANE,
    ).add_to(base)
    folium.GeoJson(
        layers.country_lines,
        style_function=lambda f: {"color": "#555555", "weight": 1.5},
        interactive=False,
    ).add_to(base)
    base.add_to(m)

    outline = {"fill": False, "color": COLORS["opposition_area"], "weight": 2, "dashArray": "6 4"}
    folium.GeoJson(
        layers.opposition_area,
        name="Opposition-held area",
        style_function=lambda f: outline,
        tooltip=_name_tooltip(),
    ).add_to(m)
    folium.GeoJson(
        layers.highways,
        name="M4 and M5 highways (schematic)",
        style_function=lambda f: {"color": COLORS["highway"], "weight": 3, "opacity": 0.8},
        tooltip=_name_tooltip(),
    ).add_to(m)
    side_colors = {"government": "#d6604d", "opposition": "#1b7837", "turkish": "#35978f"}
    folium.GeoJson(
        layers.control_points,
        name="How the line was derived: control points",
        show=False,
        marker=folium.CircleMarker(radius=4, weight=1, fill=True, fill_opacity=0.9),
        style_function=lambda f: {
            "color": "#ffffff",
            "fillColor": side_colors.get(f["properties"]["control"], "#999999"),
        },
        tooltip=folium.GeoJsonTooltip(
            ["name", "control", "control_source", "control_date"],
            aliases=["Place", "Held by (Sep 2018)", "Source", "Date of the source"],
        ),
    ).add_to(m)
    folium.GeoJson(
        layers.frontline,
        name="Front line (Sep 2018, derived)",
        style_function=lambda f: {"color": COLORS["frontline"], "weight": 3},
        tooltip=_name_tooltip(),
    ).add_to(m)

    folium.plugins.Fullscreen(position="topleft").add_to(m)
    folium.plugins.MeasureControl(
        position="topleft", primary_length_unit="kilometers", primary_area_unit="sqkilometers"
    ).add_to(m)
    folium.plugins.MousePosition(
        position="bottomright", separator=" | ", num_digits=4, prefix="Lat | Lon:"
    ).add_to(m)
    Legend().add_to(m)
    minx, miny, maxx, maxy = layers.bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m


def _town_radius(population: float | None) -> float:
    if population is None or pd.isna(population):
        return 3.0
    return float(min(3.0 + math.sqrt(population) / 40.0, 22.0))


def zone_layers(result: ZoneResult) -> list[folium.FeatureGroup]:
    """Build the layers that change with the zone's widths and side.

    Returns
    -------
    list of folium.FeatureGroup
        Core band, outer band, towns and posts, in drawing order.
    """
    spec = result.spec
    groups = []
    for band, opacity in (("core", 0.45), ("outer", 0.4)):
        row = result.zone.set_index("band").loc[band]
        label = _band_label(band, result)
        group = folium.FeatureGroup(name=f"Zone: {label}")
        if not row.geometry.is_empty:
            frame = gpd.GeoDataFrame(
                {
                    "band": [label],
                    "area": [f"{row['area_km2']:,.0f} km²"],
                    "side": ["opposition side only" if spec.side == "opposition" else "both sides"],
                },
                geometry=[display_geometry(row.geometry)],
                crs=4326,
            )
            color = COLORS[band]
            folium.GeoJson(
                _to_geojson(frame),
                style_function=lambda f, c=color, o=opacity: {
                    "fillColor": c,
                    "color": c,
                    "weight": 1,
                    "fillOpacity": o,
                },
                tooltip=folium.GeoJsonTooltip(
                    ["band", "area", "side"], aliases=["Band", "Area", "Side"]
                ),
                pane=ZONE_PANE,
            ).add_to(group)
        groups.append(group)

    towns = result.towns
    town_frame = gpd.GeoDataFrame(
        {
            "name": towns["name"],
            "population": [f"{p:,}" if pd.notna(p) else "unknown" for p in towns["population"]],
            "source": towns["population_source"],
            "distance": [f"{d:.1f} km" for d in towns["distance_km"]],
            "band": [_band_label(b, result) for b in towns["band"]],
            "radius": [_town_radius(p) for p in towns["population"]],
            "in_zone": towns["in_zone"],
        },
        geometry=towns.geometry,
        crs=4326,
    )
    town_group = folium.FeatureGroup(name="Towns (GeoNames)")
    fields = ["name", "population", "source", "distance", "band"]
    aliases = ["Town", "Population", "Population source", "Distance to front line", "Band"]
    folium.GeoJson(
        _to_geojson(town_frame),
        marker=folium.CircleMarker(radius=4, weight=1, fill=True),
        style_function=lambda f: {
            "radius": f["properties"]["radius"],
            "color": "#ffffff",
            "fillColor": COLORS["core"] if f["properties"]["in_zone"] else COLORS["town"],
            "fillOpacity": 0.85,
        },
        tooltip=folium.GeoJsonTooltip(fields, aliases=aliases),
        popup=folium.GeoJsonPopup(fields, aliases=aliases),
    ).add_to(town_group)
    groups.append(town_group)

    posts = result.posts
    post_frame = gpd.GeoDataFrame(
        {
            "number": posts["number"].astype(str),
            "name": posts["name"],
            "established": posts["established"],
            "accuracy": [f"± {a:g} km" for a in posts["position_accuracy_km"]],
            "distance": [f"{d:.1f} km" for d in posts["distance_km"]],
            "band": [_band_label(b, result) for b in posts["band"]],
        },
        geometry=posts.geometry,
        crs=4326,
    )
    post_group = folium.FeatureGroup(name="Turkish observation posts")
    post_fields = ["number", "name", "established", "accuracy", "distance", "band"]
    post_aliases = [
        "Post no.",
        "Name",
        "Established",
        "Position accuracy",
        "Distance to front line",
        "Band",
    ]
    folium.GeoJson(
        _to_geojson(post_frame),
        marker=folium.CircleMarker(radius=7, weight=2, fill=True),
        style_function=lambda f: {
            "color": "#ffffff",
            "fillColor": COLORS["post"],
            "fillOpacity": 1.0,
        },
        tooltip=folium.GeoJsonTooltip(post_fields, aliases=post_aliases),
        popup=folium.GeoJsonPopup(post_fields, aliases=post_aliases),
    ).add_to(post_group)
    groups.append(post_group)
    return groups
