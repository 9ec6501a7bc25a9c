"""Exports: RFC 7946 GeoJSON, a round trip through geopandas, KML and GeoPackage."""

from __future__ import annotations

import io
import json
import re

import geopandas as gpd
import pyogrio
import pytest
import shapely
from shapely.geometry import shape

from geo import ZoneInputError
from geo.export import export_bytes


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
        assert 35.5 < minx <= maxx < 37.7  # longitudes of the study area
        assert 34.9 < miny <= maxy < 36.9  # latitudes
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
    kml = pyogrio.read_dataframe(io.BytesIO(export_bytes(default_result, fmt="kml")))
    assert set(kml["layer"]) == {"zone", "frontline", "post", "town", "highway"}
    gpkg = tmp_path / "zone.gpkg"
    gpkg.write_bytes(export_bytes(default_result, fmt="gpkg"))
    layers = {name for name, _ in pyogrio.list_layers(gpkg)}
    assert layers == {"zone", "frontline", "post", "town", "highway"}
    towns = pyogrio.read_dataframe(gpkg, layer="town")
    assert len(towns) == len(default_result.towns)


def test_unknown_format_is_refused(default_result):
    with pytest.raises(ZoneInputError, match="'format' should be one of"):
        export_bytes(default_result, fmt="shp")
