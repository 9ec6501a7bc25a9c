"""Memory of the page's caches with every day's grid warmed, against the three scenarios.

What a server holds once its sessions have moved every slider: each scenario's study data
and its whole grid (every step of the sliders, on each of its sides, ``ZoneCache.warm``).
The process's resident memory is read after the study data and the three fixed scenarios
are warmed (today's page), then after every dated line is warmed too, then with the dated
lines warmed on the opposition side only (the page's default side).

    .venv/bin/python benchmarks/memory_dates.py
"""

from __future__ import annotations

import gc
import json
import sys

from engine import rss_mb

from geo import load_study_data
from geo.inputs.scenario import load_scenarios, scenario_data
from geo.results.grid import ZoneCache


def _warm(names: list[str], sides: dict[str, tuple[str, ...]], kept: list[ZoneCache]) -> float:
    scenarios = load_scenarios().scenarios
    base = load_study_data()
    for name in names:
        cache = ZoneCache(scenario_data(scenarios[name], base))
        cache.warm(sides.get(name, scenarios[name].sides))
        kept.append(cache)
    gc.collect()
    return rss_mb()


def main(opposition_only: bool) -> dict[str, float]:
    """Warm the fixed scenarios, then the dated lines; return RSS at each stage (MiB)."""
    scenarios = load_scenarios().scenarios
    fixed = [n for n, s in scenarios.items() if s.series is None]
    dated = [n for n, s in scenarios.items() if s.series is not None]
    kept: list[ZoneCache] = []
    load_study_data()
    start = rss_mb()
    today = _warm(fixed, {}, kept)
    sides = {n: ("opposition",) for n in dated} if opposition_only else {}
    with_dates = _warm(dated, sides, kept)
    return {
        "rss_start_mib": round(start, 1),
        "rss_fixed_warmed_mib": round(today, 1),
        "rss_dates_warmed_mib": round(with_dates, 1),
        "ratio": round(with_dates / today, 2),
        "grid_mib": round(sum(sum(c.nbytes().values()) for c in kept) / 2**20, 1),
    }


if __name__ == "__main__":
    print(json.dumps(main(opposition_only="--opposition-only" in sys.argv)))
