"""Timings of the engine and the command line (not tests: numbers to compare across changes).

Run with ``make bench``. Prints the median of repeated runs.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from geo import ZoneSpec, analyze, export_bytes, load_study_data


def median_ms(action: Callable[[], object], *, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000.0


def main() -> None:
    data = load_study_data()
    for min_km, max_km in ((15, 15), (15, 20), (15, 25), (0, 50)):
        spec = ZoneSpec(min_km, max_km)
        ms = median_ms(lambda spec=spec: analyze(data, spec))
        area = analyze(data, spec).stats.area_km2
        print(f"analyze {min_km:>2}-{max_km:<2} km: {ms:7.1f} ms   area {area:9.1f} km²")
    result = analyze(data, ZoneSpec())
    for fmt in ("geojson", "kml", "gpkg"):
        size = len(export_bytes(result, fmt=fmt))
        ms = median_ms(lambda f=fmt: export_bytes(result, fmt=f))
        print(f"export {fmt:<7}: {ms:7.1f} ms   {size:,} bytes")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "zone.geojson"
        command = [sys.executable, "-m", "geo", "export", "-o", str(target)]
        ms = median_ms(lambda: subprocess.run(command, check=True), repeat=5)
        print(f"`idlib-zone export -o zone.geojson`, whole process: {ms:7.1f} ms")


if __name__ == "__main__":
    main()
