"""Memory with 20 sessions each holding their own line (issue 18: "memory stays bounded").

One fresh Python process per case, the study data loaded first (as a server has it). Each
of 20 sessions holds what the page keeps for an own line (``ui.lines.OwnLine``): the
derived study data, its grid cache (``ZoneCache``, at most 32 results) after 3 or 32
slider steps, and its rendered base map. The cases: 20 different flips of the Sochi scenario's
control points, and 20 different drawn lines (as ``ui/ownline.py: use_drawn_line`` makes
them). Printed: resident memory (VmRSS) after loading, with the 20 sessions, after
dropping them (garbage collected), and after handing freed heap back to the system
(``malloc_trim``, glibc). Run: ``.venv/bin/python benchmarks/sessions_memory.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

SESSIONS = 20
#: Case -> slider steps each session took (32: its grid cache full, ``ui.lines.OWN_RESULTS``).
CASES = {
    "flips, 3 steps each": 3,
    "flips, 32 steps each (cache full)": 32,
    "drawn, 3 steps each": 3,
}

CHILD = r"""
import ctypes, gc, json, logging, sys, time
logging.disable(logging.WARNING)
from geo import ZoneSpec
from geo.inputs.edits import LineEdits
from geo.inputs.scenario import load_scenarios, scenario_data
from geo.inputs.userline import drawn_line, line_data
from ui import loaders
from ui.lines import OwnLine

def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)

case, sessions, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
base = loaders.base_study_data()
sochi = load_scenarios().scenarios["sochi-2018"]
# Slider steps a session took: the default zone first, then deeper ones half a km apart.
STEPS = [ZoneSpec(min_km=15, max_km=20)] + [
    ZoneSpec(min_km=5, max_km=10 + 0.5 * i) for i in range(steps - 1)
]
gc.collect()
loaded = rss_mb()

def flips():
    sides = loaders.control_sides(sochi.name)
    for name, side in sorted(sides.items()):
        if side in ("government", "opposition"):
            other = "opposition" if side == "government" else "government"
            yield f"flip {name}", LineEdits.of({name: other})

def drawings():
    # The line of tests/test_browser_drawline.py, moved east by 0.01 degree at a time.
    points = [(35.45, 36.40), (35.40, 36.80), (35.75, 36.85), (36.15, 36.80)]
    for i in range(100):
        shift = 0.01 * i
        coords = [[lon + shift, lat] for lat, lon in points]
        yield f"drawn +{shift:.2f}", {"type": "LineString", "coordinates": coords}

def build():
    held, skipped = [], []
    for label, item in (flips() if case == "flips" else drawings()):
        if len(held) == sessions:
            break
        try:
            if case == "flips":
                data = scenario_data(sochi, base, edits=item)
                own = OwnLine(scenario=sochi, origin="edits", label="", data=data, edits=item)
            else:
                data = line_data(drawn_line(item), base, opposition_side="left")
                own = OwnLine(scenario=sochi, origin="drawn", label="drawn", data=data)
            for spec in STEPS:
                own.result(spec)
            own.shell(None, "en")
        except Exception as exc:
            skipped.append(f"{label}: {exc}"[:120])
            continue
        held.append(own)
    return held, skipped

trim = ctypes.CDLL("libc.so.6").malloc_trim
started = time.perf_counter()
held, skipped = build()
built = time.perf_counter() - started
gc.collect()
with_sessions = rss_mb()
results = sum(len(own.cache._results) for own in held)
del held
gc.collect()
dropped = rss_mb()
trim(0)
trimmed = rss_mb()
# The same again: what a server that keeps taking sessions comes back to.
held, _ = build()
gc.collect()
again = rss_mb()
del held
gc.collect()
trim(0)
trimmed_again = rss_mb()
print(json.dumps({
    "sessions": sessions,
    "results_held": results,
    "rss_loaded_mb": loaded,
    "rss_with_sessions_mb": with_sessions,
    "per_session_mb": round((with_sessions - loaded) / sessions, 1),
    "rss_after_dropping_mb": dropped,
    "rss_after_malloc_trim_mb": trimmed,
    "rss_with_20_more_mb": again,
    "rss_after_dropping_and_trim_again_mb": trimmed_again,
    "build_s": round(built, 1),
    "skipped": skipped,
}))
"""


def main() -> None:
    """Run each case in its own process and print the figures as one JSON object."""
    results = {}
    with tempfile.TemporaryDirectory() as files:
        env = {**os.environ, "IDLIB_ZONE_CACHE_DIR": files}
        for case, steps in CASES.items():
            started = time.perf_counter()
            kind = case.split(",")[0]
            done = subprocess.run(
                [sys.executable, "-c", CHILD, kind, str(SESSIONS), str(steps)],
                capture_output=True,
                check=True,
                timeout=1200,
                env=env,
            )
            last = done.stdout.decode().strip().splitlines()[-1]
            results[case] = json.loads(last) | {
                "process_s": round(time.perf_counter() - started, 1)
            }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
