"""The live preview's packed bands: what the browser draws is the exact zone to within 250 m."""

from __future__ import annotations

from dataclasses import replace

import pytest
import shapely
from shapely.affinity import translate

from geo import ZoneSpec
from geo.engine.zone import SIDES
from geo.mapview.preview import pack_preview, pending_preview, preview_name
from geo.mapview.preview_check import drawn_band, hausdorff_m, unpack_preview
from geo.results.grid import GRID_STEPS, STEP_KM, ZoneCache

#: The issue's bound: the preview is the exact zone to within this many metres.
WITHIN_M = 250.0
#: The first page may load at most this much more (gzipped bytes) for the preview.
MAX_BYTES = 500_000


@pytest.fixture(scope="module")
def cache(study) -> ZoneCache:
    cache = ZoneCache(study)
    cache.warm()
    return cache


@pytest.fixture(scope="module")
def packed(cache) -> bytes:
    return pack_preview(cache, SIDES)


def test_the_distance_of_two_areas_is_how_far_one_reaches_beyond_the_other():
    square = shapely.box(0, 0, 1_000, 1_000)
    assert hausdorff_m(square, square) == 0.0
    assert abs(hausdorff_m(square, translate(square, 100, 0)) - 100) <= 12.5
    # A far speck counts; a part inside the other area does not.
    speck = shapely.box(5_000, 0, 5_010, 10)
    assert hausdorff_m(square.union(speck), square) >= 4_000
    assert hausdorff_m(square, square.union(shapely.box(100, 100, 200, 200))) == 0.0


def test_every_band_of_the_slider_is_drawn_within_250_m_of_the_exact_zone(cache, packed):
    """Each depth on the slider's grid, both sides: the band the browser fills from the
    file against ``ZoneCache.result``'s, in the zone's local metric frame."""
    steps = unpack_preview(packed)
    frame = cache.frame
    worst = {}
    for side in SIDES:
        assert len(steps[side]) == GRID_STEPS
        for step in range(GRID_STEPS):
            width = step * STEP_KM
            exact = cache.result(ZoneSpec(width, width, side)).zone.geometry.iloc[0]
            drawn = drawn_band(steps[side], width_km=width)
            assert drawn.is_empty == exact.is_empty, (side, width)
            distance = hausdorff_m(frame.to_local(drawn), frame.to_local(exact))
            worst[side, width] = distance
    assert max(worst.values()) <= WITHIN_M, max(worst.items(), key=lambda kv: kv[1])


def test_an_outer_band_drawn_from_two_bands_has_the_exact_area(cache, packed):
    """The browser fills the rings of both bands even-odd: the whole zone less the core."""
    steps = unpack_preview(packed)
    frame = cache.frame
    for side, min_km, max_km in (("opposition", 15, 20), ("both", 5, 60), ("opposition", 0, 35)):
        exact = cache.result(ZoneSpec(min_km, max_km, side)).zone.geometry.iloc[1]
        whole = drawn_band(steps[side], width_km=max_km)
        core = drawn_band(steps[side], width_km=min_km)
        drawn_m2 = frame.to_local(whole).area - frame.to_local(core).area
        assert abs(drawn_m2 - frame.to_local(exact).area) <= 0.01 * frame.to_local(exact).area


def test_the_file_is_small_and_the_same_for_the_same_bands(cache, packed):
    assert len(packed) <= MAX_BYTES
    assert pack_preview(cache, SIDES) == packed


def test_the_file_name_follows_the_data_and_the_sides(study):
    name = preview_name(study, SIDES)
    assert name.endswith("-preview.json.gz")
    assert preview_name(study, ["opposition"]) != name
    moved = replace(study, frontline=translate(study.frontline, 0.01, 0))
    assert preview_name(moved, SIDES) != name


def test_a_file_not_yet_packed_says_so():
    with pytest.raises(ValueError, match="pending"):
        unpack_preview(pending_preview())
