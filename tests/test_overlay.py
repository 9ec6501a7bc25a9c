"""Towns, posts and highways overlaid on a zone."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo.engine.overlay import covered_by_bands, distance_to_line_km, measure_highways
from geo.engine.projection import GEOD
from geo.engine.zone import ZoneSpec, build_zone
from geo.results.stats import band_labels
from tests.conftest import geod_distance_to_line_m


def test_town_distances_match_the_geod_oracle(study):
    towns = study.towns.iloc[::4]
    ours = distance_to_line_km(towns, study.frontline)
    oracle = geod_distance_to_line_m(towns.geometry.x, towns.geometry.y, study.frontline) / 1000.0
    assert np.abs(ours - oracle).max() < 0.005  # 5 m


def test_bands_follow_the_distance(default_result):
    towns = default_result.towns
    core = towns[towns["band"] == "core"]
    outer = towns[towns["band"] == "outer"]
    assert (core["distance_km"] <= 15.0 + 0.05).all()
    assert ((outer["distance_km"] > 15.0 - 0.05) & (outer["distance_km"] <= 25.0 + 0.05)).all()
    assert towns["in_zone"].sum() == len(core) + len(outer)


def test_stats_add_up(default_result):
    stats = default_result.stats
    inside = default_result.towns[default_result.towns["in_zone"]]
    assert stats.towns_in_zone == len(inside)
    assert stats.population_in_zone == int(inside["population"].fillna(0).sum())
    assert stats.area_km2 == pytest.approx(stats.core_area_km2 + stats.outer_area_km2, abs=0.11)
    assert set(stats.highway_km_in_zone) == {"M4", "M5"}


def test_highway_km_inside_a_band_is_geodesic(short_line, everywhere):
    """A north-south road crossing a 10 km band around an east-west line: 20 km inside."""
    zone = build_zone(
        short_line, ZoneSpec(0.0, 10.0, "both"), opposition_area=everywhere, syria=everywhere
    )
    road = gpd.GeoDataFrame(
        {"highway": ["X"]}, geometry=[shapely.LineString([(36.6, 35.7), (36.6, 36.3)])], crs=4326
    )
    measured = measure_highways(road, zone)
    assert measured.loc[0, "km_in_zone"] == pytest.approx(20.0, rel=1e-3)
    _, _, length_m = GEOD.inv(36.6, 35.7, 36.6, 36.3)
    assert measured.loc[0, "length_km"] == pytest.approx(length_m / 1000.0, rel=1e-6)


def test_points_outside_have_no_band(short_line, everywhere):
    zone = build_zone(
        short_line, ZoneSpec(2.0, 5.0, "both"), opposition_area=everywhere, syria=everywhere
    )
    points = gpd.GeoDataFrame(
        geometry=[shapely.Point(36.6, 36.0), shapely.Point(36.6, 36.03), shapely.Point(36.6, 36.5)],
        crs=4326,
    )
    in_core, in_outer = covered_by_bands(points, zone)
    assert in_core.tolist() == [True, False, False]
    assert in_outer.tolist() == [False, True, False]
    assert band_labels(in_core, in_outer).tolist() == ["core", "outer", None]
