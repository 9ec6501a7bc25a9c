"""The grid cache gives the same zones and numbers as analyze, faster, in bounded memory."""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

from geo.engine.projection import LocalFrame, PipelineProjection
from geo.engine.zone import MAX_WIDTH_KM, ZoneSpec
from geo.results.analysis import ZoneResult, analyze
from geo.results.grid import GRID_STEPS, STEP_KM, ZoneCache, on_grid

#: Geometries may differ by this much, in degrees (about 0.1 m).
TOLERANCE_DEG = 1e-6

SPECS = [
    ZoneSpec(15.0, 20.0, "opposition"),
    ZoneSpec(15.0, 25.0, "opposition"),
    ZoneSpec(15.0, 20.0, "both"),
    ZoneSpec(0.0, 0.5, "both"),
    ZoneSpec(0.0, 50.0, "opposition"),
    ZoneSpec(20.0, 20.0, "both"),
    ZoneSpec(7.5, 42.5, "both"),
    ZoneSpec(37.5, 100.0, "both"),
    ZoneSpec(60.0, 70.0, "opposition"),
    ZoneSpec(99.5, 100.0, "opposition"),
    ZoneSpec(0, 0, "opposition"),
    ZoneSpec(15, 20, "opposition"),  # ints, as a caller may pass them
]


@pytest.fixture(scope="module")
def cache(study) -> ZoneCache:
    return ZoneCache(study)


def assert_same_result(got: ZoneResult, want: ZoneResult) -> None:
    assert got.spec == want.spec
    assert got.stats == want.stats
    assert got.frontline.equals(want.frontline)
    for a, b in zip(got.zone.geometry, want.zone.geometry, strict=True):
        assert a.is_empty == b.is_empty
        if not a.is_empty:
            assert shapely.hausdorff_distance(a, b) <= TOLERANCE_DEG
            assert shapely.equals_exact(shapely.normalize(a), shapely.normalize(b), TOLERANCE_DEG)
    assert got.zone.crs == want.zone.crs
    pd.testing.assert_frame_equal(
        pd.DataFrame(got.zone.drop(columns=["geometry", "area_km2"])),
        pd.DataFrame(want.zone.drop(columns=["geometry", "area_km2"])),
    )
    np.testing.assert_allclose(got.zone["area_km2"], want.zone["area_km2"], rtol=0, atol=1e-6)
    assert_geodataframe_equal(got.towns, want.towns)
    assert_geodataframe_equal(got.posts, want.posts)
    assert_geodataframe_equal(
        got.highways.drop(columns="km_in_zone"), want.highways.drop(columns="km_in_zone")
    )
    np.testing.assert_allclose(
        got.highways["km_in_zone"], want.highways["km_in_zone"], rtol=0, atol=1e-9
    )


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.min_km:g}-{s.max_km:g}-{s.side}")
def test_same_as_analyze(study, cache, spec):
    assert_same_result(cache.result(spec), analyze(study, spec))


def test_same_as_analyze_on_a_sweep_of_the_zone_slider(study):
    # What a user does: the inner band fixed, the whole zone one step at a time.
    cache = ZoneCache(study)
    for max_km in np.arange(15.0, 30.5, 2.5):
        for side in ("opposition", "both"):
            spec = ZoneSpec(15.0, float(max_km), side)
            assert_same_result(cache.result(spec), analyze(study, spec))


def test_geometry_is_the_same_as_analyze_to_the_last_bit(study, cache):
    spec = ZoneSpec(15.0, 20.0, "opposition")
    got, want = cache.result(spec), analyze(study, spec)
    for a, b in zip(got.zone.geometry, want.zone.geometry, strict=True):
        assert shapely.equals_exact(a, b, 0.0)


def test_widths_off_the_grid_are_computed_by_analyze(study, cache):
    spec = ZoneSpec(15.3, 20.2, "both")
    assert not on_grid(spec)
    assert_same_result(cache.result(spec), analyze(study, spec))


def test_the_grid_covers_every_slider_value_and_nothing_between():
    # Every value a slider can give (0 to the engine's widest, in the slider's step) is on it.
    values = np.arange(0.0, MAX_WIDTH_KM + STEP_KM / 2, STEP_KM)
    assert len(values) == GRID_STEPS
    assert all(on_grid(ZoneSpec(0.0, float(v))) for v in values)
    assert on_grid(ZoneSpec(15, 20))
    assert not on_grid(ZoneSpec(15.25, 20.0))


@pytest.mark.parametrize("name", ["sochi-2018", "frontline-2020-03", "m4-corridor-2020"])
def test_same_numbers_as_analyze_on_random_widths_of_every_scenario(study, name):
    """One rule, two paths: 50 random grid widths on each side the scenario allows."""
    from geo.inputs.scenario import load_scenarios, scenario_data

    scenario = load_scenarios().scenarios[name]
    data = scenario_data(scenario, study)
    cache = ZoneCache(data, max_results=0)
    rng = np.random.default_rng(2018)
    for _ in range(50):
        min_step, max_step = sorted(int(v) for v in rng.integers(0, GRID_STEPS, 2))
        for side in scenario.sides:
            spec = ZoneSpec(min_step * STEP_KM, max_step * STEP_KM, side)
            assert_same_result(cache.result(spec), analyze(data, spec))


def test_fast_projection_gives_the_same_numbers_as_the_local_frame(study):
    frame = LocalFrame.centred_on(shapely.box(36.1, 35.5, 37.2, 36.4))
    fast = PipelineProjection(frame)
    towns = shapely.multipoints(study.towns.geometry.to_numpy())
    local = frame.to_local(towns)
    assert shapely.equals_exact(fast.to_local(towns), local, 0.0)
    assert shapely.equals_exact(fast.to_lonlat(local), frame.to_lonlat(local), 0.0)


def test_results_are_kept_up_to_the_bound_and_shared(study):
    cache = ZoneCache(study, max_results=2)
    first = cache.result(ZoneSpec(15.0, 20.0))
    assert cache.result(ZoneSpec(15.0, 20.0)) is first
    cache.result(ZoneSpec(15.0, 20.5))
    cache.result(ZoneSpec(15.0, 21.0))
    assert cache.nbytes()["results"] == 2
    assert cache.result(ZoneSpec(15.0, 20.0)) is not first  # it was dropped
    with pytest.raises(ValueError, match="max_results"):
        ZoneCache(study, max_results=-1)


def test_no_results_kept_with_a_bound_of_zero(study):
    cache = ZoneCache(study, max_results=0)
    assert cache.result(ZoneSpec(15.0, 20.0)) is not cache.result(ZoneSpec(15.0, 20.0))
    assert cache.nbytes()["results"] == 0


def test_memory_is_bounded_by_the_grid(study):
    cache = ZoneCache(study, max_results=0)
    cache.warm(("opposition",), steps=range(0, 41))
    sizes = cache.nbytes()
    assert sizes["buffer_steps"] == 41
    assert sizes["band_steps"] == 41
    # Coordinates of a buffer and a band per step: tens of kilobytes each.
    assert 0 < sizes["buffers"] + sizes["bands"] < 41 * 200_000
    cache.warm(("opposition",), steps=range(0, 41))
    assert cache.nbytes() == sizes
    cache.clear()
    assert cache.nbytes()["band_steps"] == 0


def test_results_do_not_change_when_a_caller_changes_its_copy(study):
    cache = ZoneCache(study, max_results=0)
    first = cache.result(ZoneSpec(15.0, 20.0))
    first.towns.loc[:, "in_zone"] = False
    first.zone.loc[:, "area_km2"] = -1.0
    again = cache.result(ZoneSpec(15.0, 20.0))
    assert again.towns["in_zone"].any()
    assert (again.zone["area_km2"] > 0).all()


def test_threads_get_the_results_of_one_thread(study):
    specs = [
        ZoneSpec(15.0, 20.0 + 0.5 * i, side) for i in range(6) for side in ("opposition", "both")
    ]
    want = {s: analyze(study, s).stats for s in specs}
    cache = ZoneCache(study)
    got: dict[ZoneSpec, object] = {}
    errors: list[BaseException] = []

    def work(chunk: list[ZoneSpec]) -> None:
        try:
            for s in chunk:
                got[s] = cache.result(s).stats
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(specs[i::4] + specs,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert got == want


def test_same_dtypes_as_analyze(study, cache):
    spec = ZoneSpec(15.0, 20.0)
    got, want = cache.result(spec), analyze(study, spec)
    for name in ("zone", "towns", "posts", "highways"):
        pd.testing.assert_series_equal(getattr(got, name).dtypes, getattr(want, name).dtypes)


def test_a_scenario_without_an_opposition_area_is_cached_too(study):
    """Defect: the corridor scenario (a road, both sides) has an empty opposition area,
    and building its cache failed, so the page showed an error instead of the corridor."""
    from geo.inputs.scenario import load_scenarios, scenario_data

    corridor = load_scenarios().scenarios["m4-corridor-2020"]
    data = scenario_data(corridor, study)
    assert data.opposition_area.is_empty
    assert_same_result(ZoneCache(data).result(corridor.spec), analyze(data, corridor.spec))
