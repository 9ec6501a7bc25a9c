"""Export a zone and its overlays as RFC 7946 GeoJSON, KML or GeoPackage."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Literal, get_args

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from geo._errors import ZoneInputError
from geo.analysis import ZoneResult
from geo.frontline import FRONTLINE_NAME

__all__ = ["FORMATS", "Format", "export_bytes", "export_layers", "towns_csv", "write_rfc7946"]

Format = Literal["geojson", "kml", "gpkg"]
FORMATS: tuple[str, ...] = get_args(Format)
#: Decimal places of exported coordinates (about 0.1 m).
PRECISION = 6
DESCRIPTION = (
    "Approximate demilitarized zone of the 17 September 2018 Sochi memorandum on Idlib. "
    "No official map was published; the front line is derived from towns' control in "
    "September 2018 and every boundary here is an approximation."
)

_LAYER_COLUMNS: dict[str, list[str]] = {
    "zone": ["band", "min_km", "max_km", "side", "area_km2"],
    "frontline": ["name"],
    "post": [
        "number",
        "name",
        "established",
        "position_accuracy_km",
        "in_zone",
        "band",
        "borderline",
        "distance_km",
        "line_uncertainty_km",
    ],
    "town": [
        "name",
        "name_ar",
        "population",
        "population_year",
        "population_source",
        "control",
        "control_source",
        "in_zone",
        "band",
        "borderline",
        "distance_km",
        "line_uncertainty_km",
    ],
    "highway": ["highway", "name", "length_km", "km_in_zone"],
}


def _clean(geometry: shapely.Geometry) -> shapely.Geometry:
    """Snap to the export grid, keep it valid, and wind exterior rings counter-clockwise."""
    snapped = shapely.set_precision(shapely.make_valid(geometry), 10.0**-PRECISION)
    return shapely.orient_polygons(snapped, exterior_cw=False)


def export_layers(result: ZoneResult) -> dict[str, gpd.GeoDataFrame]:
    """One GeoDataFrame per exported layer, each with a ``layer`` column first.

    Empty bands (a 0 km core, for example) are left out.
    """
    frontline = gpd.GeoDataFrame(
        {"name": [FRONTLINE_NAME]},
        geometry=[result.frontline],
        crs=4326,
    )
    sources = {
        "zone": result.zone[~result.zone.geometry.is_empty],
        "frontline": frontline,
        "post": result.posts,
        "town": result.towns,
        "highway": result.highways,
    }
    layers = {}
    for layer, frame in sources.items():
        columns = _LAYER_COLUMNS[layer]
        out = gpd.GeoDataFrame(frame[columns].copy(), geometry=frame.geometry.map(_clean), crs=4326)
        for column in ("distance_km", "length_km", "km_in_zone", "area_km2"):
            if column in out:
                out[column] = out[column].astype(float).round(3)
        out.insert(0, "layer", layer)
        layers[layer] = out.reset_index(drop=True)
    return layers


def write_rfc7946(frame: gpd.GeoDataFrame, *, layer_name: str) -> bytes:
    """Write a GeoDataFrame as RFC 7946 GeoJSON bytes (lon/lat, no ``crs``, 6 decimals)."""
    buffer = io.BytesIO()
    cleaned = frame.set_geometry(frame.geometry.map(_clean)).to_crs(4326)
    pyogrio.write_dataframe(
        cleaned,
        buffer,
        driver="GeoJSON",
        layer=layer_name,
        layer_options={
            "RFC7946": "YES",
            "COORDINATE_PRECISION": str(PRECISION),
            "WRITE_NAME": "NO",
        },
    )
    return buffer.getvalue()


def _geojson(layers: dict[str, gpd.GeoDataFrame]) -> bytes:
    features = []
    for name, frame in layers.items():
        features.extend(json.loads(write_rfc7946(frame, layer_name=name))["features"])
    collection = {
        "type": "FeatureCollection",
        "name": "idlib_demilitarized_zone",
        "description": DESCRIPTION,
        "features": features,
    }
    return (json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def _kml(layers: dict[str, gpd.GeoDataFrame]) -> bytes:
    combined = gpd.GeoDataFrame(pd.concat(layers.values(), ignore_index=True), crs=4326)
    combined["name"] = combined["name"].fillna(
        combined["layer"] + " " + combined["band"].fillna("")
    )
    buffer = io.BytesIO()
    pyogrio.write_dataframe(
        combined, buffer, driver="KML", layer="idlib_zone", dataset_options={"NameField": "name"}
    )
    return buffer.getvalue()


def _gpkg(layers: dict[str, gpd.GeoDataFrame]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "idlib_zone.gpkg"
        for name, frame in layers.items():
            pyogrio.write_dataframe(frame, path, driver="GPKG", layer=name, append=path.exists())
        return path.read_bytes()


def export_bytes(result: ZoneResult, *, fmt: str = "geojson") -> bytes:
    """Serialize a zone result in one of ``FORMATS``.

    Parameters
    ----------
    result
        The output of :func:`geo.analysis.analyze`.
    fmt
        ``geojson`` (one RFC 7946 FeatureCollection, every feature with a ``layer``
        property), ``kml`` (one folder) or ``gpkg`` (one table per layer).

    Raises
    ------
    ZoneInputError
        If ``fmt`` is not one of ``FORMATS``.
    """
    writers = {"geojson": _geojson, "kml": _kml, "gpkg": _gpkg}
    if fmt not in writers:
        msg = f"'format' should be one of {', '.join(FORMATS)}, got {fmt!r}"
        raise ZoneInputError(msg)
    return writers[fmt](export_layers(result))


def towns_csv(result: ZoneResult, *, inside_only: bool) -> bytes:
    """Tabulate the towns with band and distance to the front line, as CSV with lon/lat.

    Parameters
    ----------
    result
        The output of :func:`geo.analysis.analyze`.
    inside_only
        Only the towns inside the zone (True), or every town of the map (False).
    """
    towns = export_layers(result)["town"]
    if inside_only:
        towns = towns[towns["in_zone"]]
    table = towns.drop(columns=["layer", "geometry"]).assign(
        lon=towns.geometry.x.round(PRECISION), lat=towns.geometry.y.round(PRECISION)
    )
    text: str = table.to_csv(index=False)
    return text.encode()
