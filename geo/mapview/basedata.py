"""The map's static layers as escaped, simplified GeoJSON text, prepared once per scenario.

Every string that reaches the map is HTML-escaped here: folium's popups and tooltips
insert text as HTML.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely
from pandas.api.types import is_object_dtype, is_string_dtype

from geo.engine.frontline import TURKISH_AREA_NAME
from geo.i18n import N_, Language, format_number, is_rtl, translator
from geo.inputs.layers import StudyData
from geo.inputs.townnames import search_key
from geo.mapview._shared_layers import data_script
from geo.mapview.popuptext import control_texts, population_texts, short_source
from geo.outputs.captions import data_text, opposition_legend_label

__all__ = [
    "CONTROL_LABELS",
    "BaseLayers",
    "display_geometry",
    "prepare_base_layers",
    "search_names",
    "town_names",
    "town_spellings",
]

#: Display tolerance in degrees (about 50 m, under a pixel at the zoom levels used).
DISPLAY_TOLERANCE_DEG = 0.0005
DISPLAY_GRID_DEG = 1e-5
#: Who holds a control point, in English (translated where shown).
CONTROL_LABELS = {
    "government": N_("government"),
    "opposition": N_("opposition"),
    "turkish": N_("Turkish forces"),
    "sdf": N_("SDF"),
}


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


def prepare_base_layers(data: StudyData, *, lang: Language = "en") -> BaseLayers:
    """Simplify, round and escape the static layers of ``data`` for the browser.

    Their words are in ``lang``; a town's name is its Arabic one in Arabic, where it has one.
    """
    minx, miny, maxx, maxy = (
        data.opposition_area.bounds if not data.opposition_area.is_empty else data.frontline.bounds
    )
    shared = {
        **_outline_layers(data, lang),
        "towns": _points_frame(data.towns, _town_columns(data, lang)),
        "posts": _points_frame(data.posts, _post_columns(data.posts, lang)),
    }
    return BaseLayers(shared=shared, bounds=(minx, miny, maxx, maxy))


def _km(value: float, lang: Language, *, decimals: int = 2, sign: str = "") -> str:
    """Write ``value`` km, e.g. "± 1.5 km", in ``lang``."""
    km = format_number(value, lang, min_decimals=min(decimals, 1), max_decimals=decimals)
    return sign + translator(lang).gettext("{km} km").format(km=km)


def _outline_layers(data: StudyData, lang: Language) -> dict[str, str]:
    """Borders, areas, the line, its uncertainty, highways and control points."""
    _ = translator(lang).gettext
    countries = data.borders.assign(geometry=data.borders.geometry.map(display_geometry))
    # Stroke only real borders and coasts, not the rectangle the countries were clipped to.
    clip_frame = shapely.box(*data.borders.total_bounds).boundary.buffer(1e-6)
    lines = countries.assign(geometry=countries.geometry.boundary.difference(clip_frame))
    highways = data.highways.assign(geometry=data.highways.geometry.map(display_geometry))
    runs = data.line_uncertainty.assign(
        name=data_text(data.line_name, lang),
        uncertainty=[_km(u, lang, sign="± ") for u in data.line_uncertainty["line_uncertainty_km"]],
        geometry=data.line_uncertainty.geometry.map(display_geometry),
    )
    # One shape, so that overlapping runs do not darken each other.
    corridor = shapely.union_all(data.uncertainty_corridor.geometry.to_numpy())
    corridor_label = _(
        "Where the true line may lie: hover the line for how far it could move there"
    )
    points = data.control_points.assign(
        control_source=data.control_points["control_source"].map(short_source),
        control=[_(CONTROL_LABELS.get(c, c)) for c in data.control_points["control"]],
        held=data.control_points["control"],
    )[["name", "held", "control", "control_source", "control_date", "geometry"]]
    opposition = opposition_legend_label(data.line_source, lang=lang)
    return {
        "countries": _to_geojson(countries[["iso_a3", "name", "geometry"]]),
        "country_lines": _to_geojson(lines[["name", "geometry"]]),
        "opposition_area": _labelled(
            data.opposition_area, _("{area} (derived)").format(area=opposition)
        ),
        "turkish_areas": _labelled(data.turkish_areas, _(TURKISH_AREA_NAME)),
        "frontline": _to_geojson(runs[["name", "uncertainty", "geometry"]]),
        "uncertainty": _labelled(corridor, corridor_label),
        "highways": _to_geojson(
            highways[["name", "geometry"]].assign(
                name=highways["name"].map(lambda v: data_text(str(v), lang))
            )
        ),
        "control_points": _to_geojson(points),
    }


def town_names(towns: gpd.GeoDataFrame, lang: Language) -> list[str]:
    """Each town's name in ``lang``: in Arabic its Arabic name, its English one if it has none."""
    english = [str(v) for v in towns["name"]]
    if not is_rtl(lang):
        return english
    arabic = _optional(towns, "name_ar")
    return [
        a if isinstance(a, str) and a.strip() else e for a, e in zip(arabic, english, strict=True)
    ]


def _town_columns(data: StudyData, lang: Language) -> dict[str, list[object]]:
    """Write the towns' popup texts, marker sizes and label classes."""
    towns = data.towns
    figures, doubts = population_texts(towns, lang=lang)
    return {
        "name": list[object](town_names(towns, lang)),
        "search": list[object](search_names(towns, lang=lang)),
        "keys": list[object](_search_keys(towns)),
        "population": list[object](figures),
        "doubt": list[object](doubts),
        "held_by": list[object](control_texts(data, lang=lang)),
        "distance": [_km(d, lang, decimals=1) for d in towns["distance_km"]],
        "uncertainty": [_km(u, lang, sign="± ") for u in towns["line_uncertainty_km"]],
        "radius": [round(_town_radius(p), 1) for p in towns["population"]],
        "major": [bool(pd.notna(p) and p >= 20000) for p in towns["population"]],
    }


def _post_columns(posts: gpd.GeoDataFrame, lang: Language) -> dict[str, list[object]]:
    """Write the observation posts' popup texts."""
    return {
        "number": posts["number"].astype(str).tolist(),
        "name": posts["name"].tolist(),
        "established": posts["established"].tolist(),
        "accuracy": [_km(a, lang, sign="± ") for a in posts["position_accuracy_km"]],
        "distance": [_km(d, lang, decimals=1) for d in posts["distance_km"]],
    }


def town_spellings(towns: gpd.GeoDataFrame, *, lang: Language = "en") -> list[list[str]]:
    """Each town's distinct English, Arabic and GeoNames spellings, in the towns' order.

    The name in ``lang`` comes first: Arabic first in Arabic.
    """
    first, second = (
        (_optional(towns, "name_ar"), towns["name"])
        if is_rtl(lang)
        else (towns["name"], _optional(towns, "name_ar"))
    )
    return [
        list(dict.fromkeys(str(v) for v in parts if isinstance(v, str) and v))
        for parts in zip(first, second, _optional(towns, "geonames_name"), strict=True)
    ]


def search_names(towns: gpd.GeoDataFrame, *, lang: Language = "en") -> list[str]:
    """Each town's spellings in one label, for the search boxes (``lang``'s first)."""
    return [" · ".join(spellings) for spellings in town_spellings(towns, lang=lang)]


def _search_keys(towns: gpd.GeoDataFrame) -> list[str]:
    """Each town's search keys (one per spelling, :func:`search_key`), space-separated."""
    return [
        " ".join(dict.fromkeys(search_key(s) for s in spellings))
        for spellings in town_spellings(towns)
    ]


def _town_radius(population: float | None) -> float:
    if population is None or pd.isna(population):
        return 3.0
    return float(min(3.0 + math.sqrt(population) / 40.0, 22.0))


def _optional(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column] if column in frame else pd.Series([""] * len(frame), index=frame.index)
