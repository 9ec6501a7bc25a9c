"""The line's uncertainty corridor and the borderline marks, on tiny made-up fronts."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo.engine.projection import GEOD
from geo.engine.uncertainty import (
    at_control_point,
    band_borderline,
    borderline,
    uncertainty_at_km,
    uncertainty_corridor,
    uncertainty_runs,
    vertex_uncertainty_km,
    zone_borderline,
)
from geo.engine.zone import ZoneSpec
from geo.results.analysis import analyze


@pytest.fixture
def front() -> gpd.GeoDataFrame:
    """A government town at 36.0 E and an opposition town at 36.2 E, both at 36 N."""
    return gpd.GeoDataFrame(
        {"control": ["government", "opposition"]},
        geometry=[shapely.Point(36.0, 36.0), shapely.Point(36.2, 36.0)],
        crs=4326,
    )


def test_uncertainty_on_the_bisector_is_half_the_gap(front):
    line = shapely.LineString([(36.1, 36.0), (36.1, 36.1)])
    u = vertex_uncertainty_km(line, front)
    _, _, gap_m = GEOD.inv(36.0, 36.0, 36.2, 36.0)
    assert u[0] == pytest.approx(gap_m / 2000.0, rel=1e-3)
    # 0.1 degree north of the pair, each town is farther away: the line is less certain.
    _, _, far_m = GEOD.inv(36.1, 36.1, 36.0, 36.0)
    assert u[1] == pytest.approx(far_m / 1000.0, rel=2e-3)
    assert u[1] > u[0]


def test_runs_group_the_line_and_keep_its_vertices():
    line = shapely.LineString([(36.1, 36.0), (36.1, 36.05), (36.1, 36.1), (36.1, 36.15)])
    runs = uncertainty_runs(line, np.array([1.2, 1.4, 6.0, 6.2]))
    assert list(runs["line_uncertainty_km"]) == [1.5, 6.0, 6.5]
    assert shapely.line_merge(shapely.union_all(runs.geometry.to_numpy())).equals(line)


def test_corridor_reaches_the_uncertainty_on_the_ellipsoid():
    line = shapely.LineString([(36.1, 36.0), (36.1, 36.2)])
    runs = uncertainty_runs(line, np.array([3.0, 3.0]))
    corridor = uncertainty_corridor(runs).geometry.iloc[0]
    # The corridor's east edge at 36.1 N is 3 km east of the line, measured by Geod.
    edge = corridor.intersection(shapely.LineString([(36.1, 36.1), (36.3, 36.1)]))
    _, _, width_m = GEOD.inv(36.1, 36.1, edge.bounds[2], 36.1)
    assert width_m == pytest.approx(3000.0, rel=1e-3)


def test_points_take_the_uncertainty_of_the_nearest_run():
    line = shapely.LineString([(36.1, 36.0), (36.1, 36.1), (36.1, 36.2)])
    runs = uncertainty_runs(line, np.array([1.0, 1.0, 5.0]))
    points = gpd.GeoSeries([shapely.Point(36.12, 36.02), shapely.Point(36.12, 36.19)], crs=4326)
    assert list(uncertainty_at_km(gpd.GeoDataFrame(geometry=points), runs)) == [1.0, 5.0]


def test_borderline_when_a_threshold_is_within_the_uncertainty():
    distance = np.array([1.0, 5.0, 14.0, 17.5, 30.0])
    slack = np.array([2.0, 2.0, 2.0, 2.0, 2.0])
    marks = borderline(distance, slack, thresholds_km=[0.0, 15.0, 20.0])
    assert list(marks) == [True, False, True, False, False]


def test_a_place_at_a_control_point_has_a_known_side(front):
    places = gpd.GeoDataFrame(
        geometry=[shapely.Point(36.005, 36.0), shapely.Point(36.1, 36.0)], crs=4326
    )
    assert list(at_control_point(places, front, within_km=1.0)) == [True, False]


def test_the_inner_band_does_not_decide_whether_a_place_is_in_the_zone():
    # 14 km from the line, the line known to ±2 km: its band (inner 15 km) could change,
    # but it is inside a 20 km zone wherever the line lies.
    distance, slack = np.array([14.0, 19.0, 1.0]), np.array([2.0, 2.0, 2.0])
    flags = {
        "side_known": np.array([False, False, False]),
        "opposition_side": np.array([True, True, True]),
    }
    for min_km in (0.0, 5.0, 14.0, 15.0, 20.0):
        unsure = zone_borderline(distance, slack, max_km=20.0, side="opposition", **flags)
        assert list(unsure) == [False, True, True], min_km
    assert list(band_borderline(distance, slack, min_km=15.0, max_km=20.0)) == [True, False, False]
    assert not band_borderline(distance, slack, min_km=0.0, max_km=20.0).any()
    assert not band_borderline(distance, slack, min_km=20.0, max_km=20.0).any()


def test_on_both_sides_only_the_outer_edge_is_uncertain():
    distance, slack = np.array([0.5, 19.0]), np.array([2.0, 2.0])
    unsure = zone_borderline(
        distance,
        slack,
        side_known=np.array([False, False]),
        opposition_side=np.array([False, True]),
        max_km=20.0,
        side="both",
    )
    assert list(unsure) == [False, True]


def test_certainly_inside_does_not_change_with_the_inner_band(study):
    """Defect: at 20 km, towns certainly inside went 20 / 5 / 12 / 16 / 20 as the inner
    band went 0 / 5 / 10 / 15 / 20, while the zone stayed the same."""
    results = [
        analyze(study, ZoneSpec(m, 20.0, "opposition")) for m in (0.0, 5.0, 10.0, 15.0, 20.0)
    ]
    certain = {r.stats.towns_in_zone_certain for r in results}
    people = {r.stats.population_in_zone_certain for r in results}
    upper = {r.stats.towns_in_zone_certain + r.stats.towns_borderline for r in results}
    assert len(certain) == len(people) == len(upper) == 1
    for r in results:
        s = r.stats
        assert (
            s.towns_in_zone_certain
            <= s.towns_in_zone
            <= s.towns_in_zone_certain + s.towns_borderline
        )
        # Band uncertainty is its own figure, only of towns inside.
        assert s.towns_band_unsure <= s.towns_in_zone
    assert results[0].stats.towns_band_unsure == results[-1].stats.towns_band_unsure == 0
    assert results[3].stats.towns_band_unsure > 0
