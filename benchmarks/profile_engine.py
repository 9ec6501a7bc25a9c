"""Where the engine's time goes: ``analyze`` and the grid cache on a slider sweep.

Uses pyinstrument when it is installed (``pip install pyinstrument``), else the standard
library's cProfile. Not part of ``make bench``; run it by hand:

    .venv/bin/python benchmarks/profile_engine.py [--cache]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
from collections.abc import Callable

from geo import ZoneSpec, analyze, load_study_data
from geo.results.grid import ZoneCache


def profile(action: Callable[[], None]) -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        profiler = cProfile.Profile()
        profiler.runcall(action)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        return
    sampler = Profiler(interval=0.0005)
    sampler.start()
    action()
    sampler.stop()
    print(sampler.output_text(unicode=False, color=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", action="store_true", help="profile ZoneCache, warmed")
    args = parser.parse_args()
    data = load_study_data()
    analyze(data, ZoneSpec())
    specs = [
        ZoneSpec(15.0, 20.0 + 0.5 * i, side)  # type: ignore[arg-type]
        for i in range(40)
        for side in ("opposition", "both")
    ]
    if args.cache:
        cache = ZoneCache(data, max_results=0)
        cache.warm()
        profile(lambda: [cache.result(s) for s in specs * 5] and None)
    else:
        profile(lambda: [analyze(data, s) for s in specs] and None)


if __name__ == "__main__":
    main()
