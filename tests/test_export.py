"""Exports: RFC 7946 GeoJSON, a round trip through geopandas, KML and GeoPackage."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import xml.etree.ElementTree as ET

import geopandas as gpd
import pyogrio
import pytest
import shapely
from shapely.geometry import shape

from geo import ZoneInputError
from geo.outputs.export import KML_FOLDERS, export_bytes, export_layers, towns_csv
from geo.style import COLORS


@pytest.fixture(scope="module")
def geojson_bytes(default_result) -> bytes:
    return export_bytes(default_result, fmt="geojson")


@pytest.fixture(scope="module")
def collection(geojson_bytes) -> dict:
    return json.loads(geojson_bytes)


def _rings(geometry):
    for polygon in getattr(geometry, "geoms", [geometry]):
        yield polygon.exterior, True
        for ring in polygon.interiors:
            yield ring, False


def test_is_an_rfc7946_feature_collection(collection):
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    layers = {f["properties"]["layer"] for f in collection["features"]}
    assert layers == {"zone", "frontline", "post", "town", "highway"}


def test_coordinates_are_lon_lat_with_six_decimals(collection, geojson_bytes):
    for feature in collection["features"]:
        minx, miny, maxx, maxy = shape(feature["geometry"]).bounds
        # The map's frame: the study area grown by 0.3 degrees (35.4-37.65 E, 34.75-37 N).
        assert 35.35 < minx <= maxx < 37.7  # longitudes
        assert 34.7 < miny <= maxy < 37.05  # latitudes
    decimals = re.findall(rb"\d+\.(\d+)", geojson_bytes.split(b'"features"')[1])
    assert decimals and max(len(d) for d in decimals) <= 6


def test_polygons_are_valid_and_wound_counter_clockwise(collection):
    zones = [f for f in collection["features"] if f["properties"]["layer"] == "zone"]
    assert {f["properties"]["band"] for f in zones} == {"core", "outer"}
    for feature in zones:
        geometry = shape(feature["geometry"])
        assert geometry.is_valid
        for ring, exterior in _rings(geometry):
            assert ring.is_ccw == exterior


def test_zone_and_town_properties(collection, default_result):
    zones = {
        f["properties"]["band"]: f["properties"]
        for f in collection["features"]
        if f["properties"]["layer"] == "zone"
    }
    assert zones["core"]["min_km"] == 15.0 and zones["core"]["max_km"] == 20.0
    assert zones["outer"]["side"] == "opposition"
    assert zones["core"]["area_km2"] == pytest.approx(default_result.stats.core_area_km2, abs=0.1)
    towns = [f["properties"] for f in collection["features"] if f["properties"]["layer"] == "town"]
    assert len(towns) == len(default_result.towns)
    assert {"name", "population", "in_zone", "band", "distance_km"} <= set(towns[0])
    assert {"borderline", "line_uncertainty_km"} <= set(towns[0])
    assert sum(t["borderline"] for t in towns) == default_result.stats.towns_borderline
    assert sum(t["in_zone"] for t in towns) == default_result.stats.towns_in_zone
    highways = [
        f["properties"] for f in collection["features"] if f["properties"]["layer"] == "highway"
    ]
    assert {
        h["highway"]: round(h["km_in_zone"], 1) for h in highways
    } == default_result.stats.highway_km_in_zone


def test_round_trip_through_geopandas(geojson_bytes, default_result):
    frame = gpd.read_file(io.BytesIO(geojson_bytes))
    zone = frame[frame["layer"] == "zone"].set_index("band").geometry
    for row in default_result.zone.itertuples():
        original, read_back = row.geometry, zone[row.band]
        assert shapely.hausdorff_distance(original, read_back) < 1e-6
        assert abs(original.area - read_back.area) / original.area < 1e-6


def test_kml_and_geopackage_hold_every_layer(default_result, tmp_path):
    kml = tmp_path / "zone.kml"
    kml.write_bytes(export_bytes(default_result, fmt="kml"))
    kml_layers = {
        set(pyogrio.read_dataframe(kml, layer=name)["layer"]).pop()
        for name, _ in pyogrio.list_layers(kml)
    }
    assert kml_layers == {"zone", "frontline", "post", "town", "highway"}
    gpkg = tmp_path / "zone.gpkg"
    gpkg.write_bytes(export_bytes(default_result, fmt="gpkg"))
    layers = {name for name, _ in pyogrio.list_layers(gpkg)}
    assert layers == {"zone", "frontline", "post", "town", "highway"}
    towns = pyogrio.read_dataframe(gpkg, layer="town")
    assert len(towns) == len(default_result.towns)


def test_unknown_format_is_refused(default_result):
    with pytest.raises(ZoneInputError, match="'format' should be one of"):
        export_bytes(default_result, fmt="shp")


@pytest.fixture(scope="module")
def float_result(default_result):
    """The default result with populations as floats and one missing: what pandas makes of
    a column with gaps."""
    towns = default_result.towns.copy()
    population = towns["population"].astype("float64")
    population.iloc[0] = float("nan")
    return dataclasses.replace(default_result, towns=towns.assign(population=population))


def _geojson_towns(data: bytes) -> list[dict]:
    return [
        f["properties"] for f in json.loads(data)["features"] if f["properties"]["layer"] == "town"
    ]


def _kml_values(data: bytes, layer: str) -> list[dict[str, str]]:
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    folder = ET.fromstring(data).find(f"k:Document/k:Folder[@id='{layer}']", ns)
    return [
        {d.get("name"): d.findtext("k:value", "", ns) for d in p.iterfind(".//k:Data", ns)}
        for p in folder.iterfind("k:Placemark", ns)
    ]


def check_geojson(data: bytes, tmp_path) -> None:
    towns = _geojson_towns(data)
    assert towns[0]["population"] is None
    assert {type(t["population"]) for t in towns} == {int, type(None)}
    assert {type(t[flag]) for t in towns for flag in ("in_zone", "borderline")} == {bool}


def check_gpkg(data: bytes, tmp_path) -> None:
    path = tmp_path / "zone.gpkg"
    path.write_bytes(data)
    for layer, column, ogr_type, subtype in [
        ("town", "population", {"OFTInteger", "OFTInteger64"}, "OFSTNone"),
        ("town", "population_year", {"OFTInteger", "OFTInteger64"}, "OFSTNone"),
        ("town", "in_zone", {"OFTInteger"}, "OFSTBoolean"),
        ("town", "borderline", {"OFTInteger"}, "OFSTBoolean"),
        ("post", "number", {"OFTInteger", "OFTInteger64"}, "OFSTNone"),
        ("post", "in_zone", {"OFTInteger"}, "OFSTBoolean"),
    ]:
        info = pyogrio.read_info(path, layer=layer)
        i = list(info["fields"]).index(column)
        assert info["ogr_types"][i] in ogr_type and info["ogr_subtypes"][i] == subtype, column


def check_kml(data: bytes, tmp_path) -> None:
    towns = _kml_values(data, "town")
    assert towns[0]["population"] == ""
    assert all(re.fullmatch(r"[0-9]*", t["population"]) for t in towns)
    assert any(t["population"] for t in towns)
    assert {t[flag] for t in towns for flag in ("in_zone", "borderline")} == {"true", "false"}
    posts = _kml_values(data, "post")
    assert all(re.fullmatch(r"[0-9]+", p["number"]) for p in posts)
    values = {v for row in towns + posts for v in row.values()}
    assert not values & {"nan", "NaN", "None", "<NA>", "True", "False"}


def check_csv(data: bytes, tmp_path) -> None:
    towns = list(csv.DictReader(io.StringIO(data.decode())))
    assert towns[0]["population"] == ""
    assert all(re.fullmatch(r"[0-9]*", t["population"]) for t in towns)
    assert any(t["population"] for t in towns)
    assert {t[flag] for t in towns for flag in ("in_zone", "borderline")} == {"true", "false"}


@pytest.mark.parametrize(
    ("fmt", "check"),
    [("geojson", check_geojson), ("gpkg", check_gpkg), ("kml", check_kml), ("csv", check_csv)],
)
def test_counts_stay_integers_and_flags_booleans(fmt, check, float_result, tmp_path):
    if fmt == "csv":
        data = towns_csv(float_result, inside_only=False)
    else:
        data = export_bytes(float_result, fmt=fmt)
    check(data, tmp_path)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(start, default_result):
    towns = default_result.towns.copy()
    formula = f'{start}HYPERLINK("http://example.com","x")'
    towns["name"] = towns["name"].astype(object)
    towns.loc[towns.index[0], "name"] = formula
    towns.loc[towns.index[1], "name_ar"] = formula
    result = dataclasses.replace(default_result, towns=towns)
    rows = list(csv.DictReader(io.StringIO(towns_csv(result, inside_only=False).decode())))
    assert rows[0]["name"] == f"'{formula}"
    assert rows[1]["name_ar"] == f"'{formula}"
    assert rows[2]["name"] == default_result.towns["name"].iloc[2]
    # Numbers are not text: a negative one would keep its sign (lon/lat here are positive).
    assert float(rows[0]["lon"]) == pytest.approx(default_result.towns.geometry.x.iloc[0])


def _kml_color(rgb: str) -> str:
    return rgb[5:7] + rgb[3:5] + rgb[1:3]


def test_kml_has_the_page_colours_and_a_folder_per_layer(default_result, tmp_path):
    data = export_bytes(default_result, fmt="kml")
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    document = ET.fromstring(data).find("k:Document", ns)
    styles = {s.get("id"): s for s in document.iterfind("k:Style", ns)}

    def color(style: str, part: str) -> str:
        return styles[style].findtext(f"k:{part}/k:color", namespaces=ns)

    for band in ("core", "outer"):
        fill = color(f"zone-{band}", "PolyStyle")
        assert fill[2:] == _kml_color(COLORS[band])
        assert 0x40 <= int(fill[:2], 16) < 0xFF  # filled, semi-transparent
        assert styles[f"zone-{band}"].findtext("k:PolyStyle/k:fill", namespaces=ns) == "1"
    assert color("frontline", "LineStyle") == "ff" + _kml_color(COLORS["frontline"])
    icons = {
        name: (
            color(name, "IconStyle"),
            styles[name].findtext("k:IconStyle/k:scale", namespaces=ns),
        )
        for name in ("post", "town", "town-in-zone")
    }
    assert icons["post"][0] == "ff" + _kml_color(COLORS["post"])
    assert icons["town"][0] == "ff" + _kml_color(COLORS["town"])
    assert len({c for c, _ in icons.values()}) == 3 and icons["post"][1] != icons["town"][1]

    layers = export_layers(default_result)
    folders = {f.get("id"): f for f in document.iterfind("k:Folder", ns)}
    assert list(folders) == list(KML_FOLDERS) and set(folders) == set(layers)
    for layer, folder in folders.items():
        placemarks = folder.findall("k:Placemark", ns)
        assert len(placemarks) == len(layers[layer])
        for placemark in placemarks:
            assert placemark.findtext("k:styleUrl", namespaces=ns)[1:] in styles
    in_zone = [
        p.findtext("k:styleUrl", namespaces=ns) == "#town-in-zone"
        for p in folders["town"].iterfind("k:Placemark", ns)
    ]
    assert in_zone == layers["town"]["in_zone"].tolist()

    # GDAL reads it back: one layer per folder, every feature, and the town attributes.
    path = tmp_path / "zone.kml"
    path.write_bytes(data)
    assert [name for name, _ in pyogrio.list_layers(path)] == list(KML_FOLDERS.values())
    towns = pyogrio.read_dataframe(path, layer=KML_FOLDERS["town"])
    assert len(towns) == len(layers["town"])
    assert set(towns["in_zone"]) == {"true", "false"}
    zone = pyogrio.read_dataframe(path, layer=KML_FOLDERS["zone"])
    for read_back, original in zip(zone.geometry, layers["zone"].geometry, strict=True):
        assert shapely.hausdorff_distance(read_back, original) < 1e-6
