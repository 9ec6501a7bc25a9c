"""The engine alone, in this process: one zone with all its numbers, new and seen before.

Times are both wall clock and this thread's CPU time; the CPU time does not count what
other processes on a shared machine take, so it is the steadier of the two.
"""

from __future__ import annotations

import gc
import logging
import random
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from stats import summary

from geo import ZoneSpec, analyze, load_study_data
from geo.inputs.layers import StudyData
from geo.results.grid import GRID_STEPS, STEP_KM, ZoneCache


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process, in MiB (Linux /proc)."""
    with Path(f"/proc/{pid}/status").open(encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def timed(action: Callable[[ZoneSpec], object], specs: Iterable[ZoneSpec]) -> dict[str, Any]:
    """Median and p95, wall and CPU, of ``action`` on each spec once."""
    wall, cpu = [], []
    for spec in specs:
        w, c = time.perf_counter(), time.thread_time()
        action(spec)
        cpu.append((time.thread_time() - c) * 1000.0)
        wall.append((time.perf_counter() - w) * 1000.0)
    return {"wall_ms": summary(wall), "cpu_ms": summary(cpu)}


def slider_sweep(start: float, count: int, side: str, *, min_km: float = 15.0) -> list[ZoneSpec]:
    """Widths as the zone slider gives them: one step at a time from ``start``."""
    return [ZoneSpec(min_km, start + STEP_KM * (i + 1), side) for i in range(count)]  # type: ignore[arg-type]


def random_grid_specs(count: int, *, seed: int = 2018) -> list[ZoneSpec]:
    """Distinct random zones anywhere on the sliders' grid, both sides."""
    rng = random.Random(seed)  # noqa: S311 - sampling widths, not secrets
    seen: set[ZoneSpec] = set()
    while len(seen) < count:
        low = rng.randrange(GRID_STEPS)
        high = rng.randrange(low, GRID_STEPS)
        side = rng.choice(("opposition", "both"))
        seen.add(ZoneSpec(low * STEP_KM, high * STEP_KM, side))  # type: ignore[arg-type]
    return sorted(seen, key=lambda s: (s.side, s.min_km, s.max_km))


def through_cache_data(data: StudyData) -> Callable[[float, float, str], object]:
    """The page's ``st.cache_data`` wrapper of :func:`analyze` (hits are unpickled copies)."""
    import streamlit as st

    logging.getLogger("streamlit").setLevel(logging.ERROR)

    @st.cache_data(show_spinner=False, max_entries=256)
    def zone_result(min_km: float, max_km: float, side: str) -> object:
        return analyze(data, ZoneSpec(min_km=min_km, max_km=max_km, side=side))  # type: ignore[arg-type]

    return zone_result


def run(count: int = 30) -> dict[str, Any]:
    """Measure ``analyze`` and :class:`ZoneCache` on ``count`` widths of each kind."""
    data = load_study_data()
    analyze(data, ZoneSpec())  # imports, PROJ's database
    out: dict[str, Any] = {}
    # analyze, as the page calls it: new widths, then the same widths through st.cache_data.
    half = count // 2
    sweep = slider_sweep(20.0, half, "opposition") + slider_sweep(20.0, count - half, "both")
    out["analyze_new"] = timed(lambda s: analyze(data, s), sweep)
    cached = through_cache_data(data)
    for s in sweep:
        cached(s.min_km, s.max_km, s.side)
    out["analyze_seen_cache_data"] = timed(lambda s: cached(s.min_km, s.max_km, s.side), sweep)

    # The grid cache, lazily filled: each slider step needs one new buffer and band.
    cold = ZoneCache(data)
    cold.result(ZoneSpec(15.0, 20.0))
    out["zone_cache_new_step"] = timed(cold.result, sweep)
    out["zone_cache_seen"] = timed(cold.result, sweep)

    # The whole grid computed once, then any zone on it (new pairs of widths).
    gc.collect()
    before = rss_mb()
    warm = ZoneCache(data, max_results=0)
    start_wall, start_cpu = time.perf_counter(), time.thread_time()
    warm.warm()
    out["zone_cache_warm_grid"] = {
        "wall_s": round(time.perf_counter() - start_wall, 2),
        "cpu_s": round(time.thread_time() - start_cpu, 2),
    }
    gc.collect()
    sizes = warm.nbytes()
    out["zone_cache_grid_memory"] = {
        "rss_delta_mb": round(rss_mb() - before, 1),
        "coordinates_mb": round((sizes["buffers"] + sizes["bands"]) / 2**20, 1),
        **sizes,
    }
    grid_specs = random_grid_specs(10 * count)
    out["zone_cache_any_width_warmed"] = timed(warm.result, grid_specs)
    out["zone_cache_slider_warmed"] = timed(warm.result, sweep)
    worst = max(grid_specs, key=lambda s: (s.max_km - s.min_km, s.side == "both"))
    out["zone_cache_widest_ring_warmed"] = timed(warm.result, [worst] * 20)

    # Finished results kept by the cache: memory per result.
    keep = ZoneCache(data, max_results=256)
    keep.warm()
    gc.collect()
    before = rss_mb()
    for spec in grid_specs[:256]:
        keep.result(spec)
    gc.collect()
    out["zone_cache_results_memory"] = {
        "results": keep.nbytes()["results"],
        "rss_delta_mb": round(rss_mb() - before, 1),
    }
    out["preview"] = preview_accuracy(warm)
    return out


def preview_accuracy(warm: ZoneCache) -> dict[str, Any]:
    """The live preview's file: its size, its cost, and how far each band the browser draws
    from it is from the exact band (every step, both sides; Hausdorff, local metric frame)."""
    from geo.engine.zone import SIDES
    from geo.mapview.preview import pack_preview
    from geo.mapview.preview_check import drawn_band, hausdorff_m, unpack_preview

    start = time.thread_time()
    packed = pack_preview(warm, SIDES)
    pack_s = time.thread_time() - start
    steps = unpack_preview(packed)
    distances = []
    for side in SIDES:
        for step in range(GRID_STEPS):
            width = step * STEP_KM
            exact = warm.result(ZoneSpec(width, width, side)).zone.geometry.iloc[0]
            drawn = drawn_band(steps[side], width_km=width)
            if not exact.is_empty:
                distances.append(
                    hausdorff_m(warm.frame.to_local(drawn), warm.frame.to_local(exact))
                )
    return {
        "gzip_bytes": len(packed),
        "pack_cpu_s": round(pack_s, 2),
        "hausdorff_m": summary(distances, 1),
    }
