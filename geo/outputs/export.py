"""Export a zone and its overlays as RFC 7946 GeoJSON, KML or GeoPackage."""

from __future__ import annotations

import io
import json
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Literal, cast, get_args

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pandas.api.types import is_integer_dtype

from geo._errors import ZoneInputError
from geo.i18n import N_, Language, check_language, format_number, translator
from geo.outputs.captions import data_text, description
from geo.outputs.tables import csv_bytes
from geo.results.analysis import ZoneResult
from geo.style import COLORS, MAP_OPACITY

__all__ = ["FORMATS", "Format", "export_bytes", "export_layers", "towns_csv", "write_rfc7946"]

Format = Literal["geojson", "kml", "gpkg"]
FORMATS: tuple[str, ...] = get_args(Format)
#: Decimal places of exported coordinates (about 0.1 m).
PRECISION = 6

_LAYER_COLUMNS: dict[str, list[str]] = {
    "zone": ["band", "min_km", "max_km", "side", "area_km2"],
    "frontline": ["name", "name_ar", "line_uncertainty_km"],
    "post": [
        "number",
        "name",
        "established",
        "position_accuracy_km",
        "in_zone",
        "band",
        "borderline",
        "band_unsure",
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
        "band_unsure",
        "distance_km",
        "line_uncertainty_km",
    ],
    "highway": ["highway", "name", "length_km", "km_in_zone"],
}


#: Whole numbers, written as integers (a missing one stays missing, not NaN).
_INTEGER_COLUMNS = ("number", "population", "population_year")

KML_NAMESPACE = "http://www.opengis.net/kml/2.2"
#: One KML folder per layer, in this order.
KML_FOLDERS = {
    "zone": N_("Zone"),
    "frontline": N_("Front line"),
    "highway": N_("M4 / M5 highways"),
    "post": N_("Turkish observation posts"),
    "town": N_("Towns"),
}
#: The KML document's name.
KML_TITLE = N_("Idlib demilitarized zone (approximate)")
#: Google Earth's white icons, which IconStyle's colour tints.
_KML_ICONS = {
    "post": "https://maps.google.com/mapfiles/kml/shapes/triangle.png",
    "town": "https://maps.google.com/mapfiles/kml/shapes/shaded_dot.png",
}


def _clean(geometry: shapely.Geometry) -> shapely.Geometry:
    """Snap to the export grid, keep it valid, and wind exterior rings counter-clockwise."""
    snapped = shapely.set_precision(shapely.make_valid(geometry), 10.0**-PRECISION)
    return shapely.orient_polygons(snapped, exterior_cw=False)


def export_layers(result: ZoneResult) -> dict[str, gpd.GeoDataFrame]:
    """One GeoDataFrame per exported layer, each with a ``layer`` column first.

    Empty bands (a 0 km core, for example) are left out.
    """
    # The line the zone buffers, in runs of equal uncertainty: any client can check the
    # zone against it, and see how sure each stretch is. Its name is given in Arabic too.
    frontline = result.line_runs.assign(
        name=result.line_name, name_ar=data_text(result.line_name, "ar")
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
        for column in _INTEGER_COLUMNS:
            if column in out and not is_integer_dtype(out[column]):
                out[column] = out[column].astype(float).round().astype("Int64")
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


def _geojson(layers: dict[str, gpd.GeoDataFrame], *, description: str, lang: Language) -> bytes:
    features = []
    for name, frame in layers.items():
        features.extend(json.loads(write_rfc7946(frame, layer_name=name))["features"])
    collection = {
        "type": "FeatureCollection",
        "name": "idlib_demilitarized_zone",
        "description": description,
        "features": features,
    }
    return (json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def _kml_color(rgb: str, opacity: float = 1.0) -> str:
    """KML's ``aabbggrr`` for a ``#rrggbb`` colour."""
    red, green, blue = rgb[1:3], rgb[3:5], rgb[5:7]
    return f"{round(opacity * 255):02x}{blue}{green}{red}"


def _kml_style(document: ET.Element, style_id: str, **parts: dict[str, str]) -> None:
    """Add ``<Style id=...>`` with sub-styles such as ``LineStyle={"color": ..., "width": ...}``."""
    style = ET.SubElement(document, "Style", id=style_id)
    for tag, children in parts.items():
        part = ET.SubElement(style, tag)
        for child, text in children.items():
            if child == "Icon":
                ET.SubElement(ET.SubElement(part, "Icon"), "href").text = text
            else:
                ET.SubElement(part, child).text = text


def _kml_styles(document: ET.Element) -> None:
    """Add the page's colours as shared styles: filled bands, a black line, posts and towns."""
    # Fill opacities of the bands on the page.
    for band in ("core", "outer"):
        opacity = MAP_OPACITY[band]
        _kml_style(
            document,
            f"zone-{band}",
            LineStyle={"color": _kml_color(COLORS[band]), "width": "1"},
            PolyStyle={"color": _kml_color(COLORS[band], opacity), "fill": "1", "outline": "1"},
        )
    for layer in ("frontline", "highway"):
        _kml_style(document, layer, LineStyle={"color": _kml_color(COLORS[layer]), "width": "3"})
    icons = {
        "post": (COLORS["post"], "1.2", _KML_ICONS["post"]),
        "town": (COLORS["town"], "0.7", _KML_ICONS["town"]),
        "town-in-zone": (COLORS["core"], "0.9", _KML_ICONS["town"]),
    }
    for style_id, (color, scale, icon) in icons.items():
        _kml_style(
            document,
            style_id,
            IconStyle={"color": _kml_color(color), "scale": scale, "Icon": icon},
            LabelStyle={"scale": "0.8"},
        )


def _kml_text(value: object) -> str:
    """ExtendedData text: ``true``/``false``, integers as such, and a missing value empty."""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _kml_coordinates(geometry: shapely.Geometry) -> str:
    def number(value: float) -> str:
        return np.format_float_positional(value, precision=PRECISION, trim="-")

    return " ".join(f"{number(x)},{number(y)}" for x, y in shapely.get_coordinates(geometry))


def _kml_geometry(parent: ET.Element, geometry: shapely.Geometry) -> None:
    """Add ``geometry`` (lon/lat) to ``parent`` as KML."""
    if isinstance(geometry, shapely.Point):
        point = ET.SubElement(parent, "Point")
        ET.SubElement(point, "coordinates").text = _kml_coordinates(geometry)
    elif isinstance(geometry, shapely.LineString):
        line = ET.SubElement(parent, "LineString")
        ET.SubElement(line, "tessellate").text = "1"
        ET.SubElement(line, "coordinates").text = _kml_coordinates(geometry)
    elif isinstance(geometry, shapely.Polygon):
        polygon = ET.SubElement(parent, "Polygon")
        rings = [("outerBoundaryIs", geometry.exterior)]
        rings += [("innerBoundaryIs", ring) for ring in geometry.interiors]
        for tag, ring in rings:
            linear_ring = ET.SubElement(ET.SubElement(polygon, tag), "LinearRing")
            ET.SubElement(linear_ring, "coordinates").text = _kml_coordinates(ring)
    elif not geometry.is_empty:  # Multi* and collections
        multi = ET.SubElement(parent, "MultiGeometry")
        for part in shapely.get_parts(geometry):
            _kml_geometry(multi, part)


def _kml_placemark_name(layer: str, row: dict[str, object], lang: Language) -> str:
    """Name a placemark: by its Arabic name in Arabic where it has one; a band by its depths."""
    if layer != "zone":
        arabic = _kml_text(row.get("name_ar")) if lang == "ar" else ""
        return arabic.strip() or _kml_text(row["name"])
    _ = translator(lang).gettext
    core = row["band"] == "core"
    low = 0.0 if core else cast(float, row["min_km"])
    high = cast(float, row["min_km"] if core else row["max_km"])
    text = (
        _("Zone, core band: {low}–{high} km from the front line")
        if core
        else _("Zone, outer band: {low}–{high} km from the front line")
    )
    return text.format(
        low=format_number(low, lang, max_decimals=2), high=format_number(high, lang, max_decimals=2)
    )


def _kml_style_url(layer: str, row: dict[str, object]) -> str:
    if layer == "zone":
        return f"#zone-{row['band']}"
    if layer == "town" and row["in_zone"]:
        return "#town-in-zone"
    return f"#{layer}"


def _kml(layers: dict[str, gpd.GeoDataFrame], *, description: str, lang: Language) -> bytes:
    """One KML document: shared styles, then one folder per layer with its features."""
    _ = translator(lang).gettext
    root = ET.Element("kml", xmlns=KML_NAMESPACE)
    document = ET.SubElement(root, "Document")
    ET.SubElement(document, "name").text = _(KML_TITLE)
    ET.SubElement(document, "description").text = description
    _kml_styles(document)
    for layer, folder_name in KML_FOLDERS.items():
        frame = layers[layer]
        folder = ET.SubElement(document, "Folder", id=layer)
        ET.SubElement(folder, "name").text = _(folder_name)
        for row, geometry in zip(
            frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=True
        ):
            placemark = ET.SubElement(folder, "Placemark")
            ET.SubElement(placemark, "name").text = _kml_placemark_name(layer, row, lang)
            ET.SubElement(placemark, "styleUrl").text = _kml_style_url(layer, row)
            extended = ET.SubElement(placemark, "ExtendedData")
            for column, value in row.items():
                data = ET.SubElement(extended, "Data", name=str(column))
                ET.SubElement(data, "value").text = _kml_text(value)
            _kml_geometry(placemark, geometry)
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue()


def _gpkg(layers: dict[str, gpd.GeoDataFrame], *, description: str, lang: Language) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "idlib_zone.gpkg"
        for name, frame in layers.items():
            # Each table's description, in gpkg_contents, is the zone's.
            pyogrio.write_dataframe(
                frame,
                path,
                driver="GPKG",
                layer=name,
                append=path.exists(),
                layer_options={"DESCRIPTION": description},
            )
        return path.read_bytes()


def export_bytes(result: ZoneResult, *, fmt: str = "geojson", lang: Language = "en") -> bytes:
    """Serialize a zone result in one of ``FORMATS``.

    Parameters
    ----------
    result
        The output of :func:`geo.results.analysis.analyze`.
    fmt
        ``geojson`` (one RFC 7946 FeatureCollection, every feature with a ``layer``
        property), ``kml`` (styled as on the page, one folder per layer) or ``gpkg``
        (one table per layer).
    lang
        The language of the description and of the KML's folder and placemark names
        (``en`` or ``ar``). Towns and the line carry ``name`` and ``name_ar`` in every
        language.

    Raises
    ------
    ZoneInputError
        If ``fmt`` is not one of ``FORMATS``.
    """
    writers = {"geojson": _geojson, "kml": _kml, "gpkg": _gpkg}
    if fmt not in writers:
        msg = f"'format' should be one of {', '.join(FORMATS)}, got {fmt!r}"
        raise ZoneInputError(msg)
    lang = check_language(lang)
    text = description(result, lang=lang)
    return writers[fmt](export_layers(result), description=text, lang=lang)


def towns_csv(result: ZoneResult, *, inside_only: bool) -> bytes:
    """Tabulate the towns with band and distance to the front line, as CSV with lon/lat.

    Parameters
    ----------
    result
        The output of :func:`geo.results.analysis.analyze`.
    inside_only
        Only the towns inside the zone (True), or every town of the map (False).
    """
    towns = export_layers(result)["town"]
    if inside_only:
        towns = towns[towns["in_zone"]]
    table = towns.drop(columns=["layer", "geometry"]).assign(
        lon=towns.geometry.x.round(PRECISION), lat=towns.geometry.y.round(PRECISION)
    )
    return csv_bytes(table)
