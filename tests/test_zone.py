"""The zone's bands, checked against pyproj.Geod as an independent oracle."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely

from geo import ZoneInputError, ZoneSpec, build_zone
from geo.engine.projection import GEOD, geodesic_area_km2
from tests.conftest import geod_distance_to_line_m

TOLERANCE = 2e-4  # 0.02 % of the requested distance


def _edge_vertices_from_buffer(band, *, exclude, margin_deg=0.002, limit=120):
    """Vertices of a band's rings that come from the buffer, not from a clip edge."""
    rings = []
    for polygon in getattr(band, "geoms", [band]):
        rings.append(polygon.exterior)
        rings.extend(polygon.interiors)
    points = shapely.points(np.concatenate([np.asarray(r.coords) for r in rings]))
    keep = ~shapely.dwithin(points, exclude, margin_deg)
    points = points[keep]
    step = max(len(points) // limit, 1)
    return points[::step]


@pytest.mark.parametrize("width_km", [5.0, 15.0, 20.0, 25.0, 50.0, 75.0])
def test_outer_edge_is_width_from_line_by_geod(study, width_km):
    spec = ZoneSpec(min_km=0.0, max_km=width_km, side="both")
    zone = build_zone(
        study.frontline, spec, opposition_area=study.opposition_area, syria=study.syria
    )
    band = zone.set_index("band").geometry["outer"]
    exclude = shapely.union_all([study.syria.boundary, study.frontline])
    points = _edge_vertices_from_buffer(band, exclude=exclude)
    assert len(points) > 20
    measured = geod_distance_to_line_m(
        shapely.get_x(points), shapely.get_y(points), study.frontline
    )
    error = np.abs(measured / (width_km * 1000.0) - 1.0)
    assert error.max() < TOLERANCE, f"worst relative error {error.max():.2e}"


@pytest.mark.parametrize(("min_km", "max_km"), [(15.0, 20.0), (15.0, 25.0)])
def test_core_edge_inside_opposition_area_by_geod(study, min_km, max_km):
    spec = ZoneSpec(min_km=min_km, max_km=max_km)
    zone = build_zone(
        study.frontline, spec, opposition_area=study.opposition_area, syria=study.syria
    )
    core = zone.set_index("band").geometry["core"]
    exclude = shapely.union_all([study.opposition_area.boundary])
    points = _edge_vertices_from_buffer(core, exclude=exclude)
    assert len(points) > 20
    measured = geod_distance_to_line_m(
        shapely.get_x(points), shapely.get_y(points), study.frontline
    )
    assert np.abs(measured / (min_km * 1000.0) - 1.0).max() < TOLERANCE


def test_degree_buffer_would_fail_the_oracle(study):
    """The oracle can fail: a buffer in degrees is far off at 36 N."""
    band = study.frontline.buffer(0.2)  # about 22 km in latitude, 18 km in longitude
    points = _edge_vertices_from_buffer(band, exclude=study.frontline)
    measured = geod_distance_to_line_m(
        shapely.get_x(points), shapely.get_y(points), study.frontline
    )
    assert np.ptp(measured) / measured.mean() > 0.1


def test_band_area_matches_geodesic_formula(short_line, everywhere):
    """A band around a straight 40 km line: area = 2 w L + pi w^2, on the ellipsoid."""
    width_km = 10.0
    zone = build_zone(
        short_line, ZoneSpec(0.0, width_km, "both"), opposition_area=everywhere, syria=everywhere
    )
    _, _, length_m = GEOD.inv(*short_line.coords[0], *short_line.coords[1])
    # A parallel is not a geodesic; the line is densified along the geodesic, as the engine does.
    expected = 2 * width_km * length_m / 1000.0 + math.pi * width_km**2
    assert zone.loc[1, "area_km2"] == pytest.approx(expected, rel=2e-3)
    assert zone.loc[0, "geometry"].is_empty
    assert zone.loc[0, "area_km2"] == 0.0


def test_bands_split_the_zone_without_overlap(short_line, everywhere):
    zone = build_zone(
        short_line, ZoneSpec(5.0, 12.0, "both"), opposition_area=everywhere, syria=everywhere
    )
    core, outer = zone.geometry
    assert list(zone["band"]) == ["core", "outer"]
    assert core.intersection(outer).area < 1e-9
    whole = build_zone(
        short_line, ZoneSpec(0.0, 12.0, "both"), opposition_area=everywhere, syria=everywhere
    )
    assert sum(zone["area_km2"]) == pytest.approx(whole.loc[1, "area_km2"], rel=1e-4)


def test_equal_widths_give_an_empty_outer_band(short_line, everywhere):
    zone = build_zone(
        short_line, ZoneSpec(8.0, 8.0, "both"), opposition_area=everywhere, syria=everywhere
    )
    assert zone.loc[1, "geometry"].is_empty
    assert geodesic_area_km2(zone.loc[0, "geometry"]) > 0


def test_opposition_side_stays_inside_the_opposition_area(study):
    zone = build_zone(
        study.frontline, ZoneSpec(), opposition_area=study.opposition_area, syria=study.syria
    )
    whole = shapely.union_all(zone.geometry.to_numpy())
    outside = whole.difference(study.opposition_area.buffer(1e-6))
    assert outside.area < 1e-8
    both = build_zone(
        study.frontline,
        ZoneSpec(side="both"),
        opposition_area=study.opposition_area,
        syria=study.syria,
    )
    assert both["area_km2"].sum() > 1.5 * zone["area_km2"].sum()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_km": -1.0}, "between 0 and 100"),
        ({"max_km": 100.5}, "between 0 and 100"),
        ({"min_km": 30.0, "max_km": 20.0}, "should not exceed"),
        ({"side": "north"}, "'side' should be one of"),
        ({"max_km": "20"}, "should be a number"),
        ({"max_km": float("nan")}, "between 0 and 100"),
        ({"min_km": True}, "should be a number"),
    ],
)
def test_bad_spec_is_refused_with_a_clear_message(kwargs, message):
    with pytest.raises(ZoneInputError, match=message):
        ZoneSpec(**kwargs)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ((None, None), (15.0, 20.0, False)),
        ((None, 10.0), (10.0, 10.0, True)),
        ((None, 18.0), (15.0, 18.0, False)),
        ((30.0, None), (30.0, 30.0, True)),
        ((5.0, None), (5.0, 20.0, False)),
        ((30.0, 10.0), (30.0, 10.0, False)),  # both given: ZoneSpec judges them
    ],
)
def test_a_missing_width_is_filled_without_crossing(given, expected):
    from geo.engine.zone import complete_widths

    min_km, max_km, note = complete_widths(*given, default=ZoneSpec())
    assert (min_km, max_km, note is not None) == expected
