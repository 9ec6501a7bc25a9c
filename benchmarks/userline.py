"""A user's own line: time from a flip or an upload to its first zone (issue 18: under 2 s).

Each case runs in a fresh Python process, with the study data already loaded (as the page
has it), and times: deriving the study data (the edited line, or the uploaded file read,
checked and split into sides), then the first zone of the sliders' grid through
``ZoneCache(data)``, then a later change of depth. Run: ``.venv/bin/python
benchmarks/userline.py`` (prints one JSON object; nothing is timed inside the tests).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

CASES = {
    "flip Kafr Nabudah (near the line)": "flip",
    "flip Saraqib (an enclave)": "flip-saraqib",
    "upload the built line as GeoJSON (416 points)": "geojson",
    "upload the built line as KML": "kml",
    "upload a 200,000-point line (GeoJSON, the most read)": "huge",
}

CHILD = r"""
import json, sys, time
import shapely
from geo import ZoneSpec, load_study_data
from geo.inputs.edits import LineEdits
from geo.inputs.scenario import load_scenarios, scenario_data
from geo.inputs.userline import line_data, read_line
from geo.results.grid import ZoneCache

case = sys.argv[1]
base = load_study_data()
sochi = load_scenarios().scenarios["sochi-2018"]
coords = [list(c) for c in base.frontline.coords]
if case == "huge":
    dense = shapely.segmentize(base.frontline, 0.0000173)
    coords = [[round(x, 6), round(y, 6)] for x, y in dense.coords][:200_000]
files = {
    "geojson": json.dumps({"type": "LineString", "coordinates": coords}).encode(),
    "kml": (
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><LineString><coordinates>'
        + " ".join(f"{x},{y}" for x, y in coords)
        + "</coordinates></LineString></Placemark></kml>"
    ).encode(),
}
files["huge"] = files["geojson"]
start = time.perf_counter()
if case.startswith("flip"):
    name = "Saraqib" if case == "flip-saraqib" else "Kafr Nabudah"
    data = scenario_data(sochi, base, edits=LineEdits.of({name: "government"}))
    size = 0
else:
    name = "line.kml" if case == "kml" else "line.geojson"
    line = read_line(files[case], name=name)
    data = line_data(line, base, opposition_side="left")
    size = len(files[case])
derived = time.perf_counter()
cache = ZoneCache(data)
first = cache.result(ZoneSpec(min_km=15, max_km=20))
zoned = time.perf_counter()
cache.result(ZoneSpec(min_km=10, max_km=25))
later = time.perf_counter()
print(json.dumps({
    "derive_s": round(derived - start, 3),
    "first_zone_s": round(zoned - derived, 3),
    "flip_or_upload_to_first_zone_s": round(zoned - start, 3),
    "later_depth_change_s": round(later - zoned, 3),
    "file_bytes": size,
    "input_vertices": 0 if case.startswith("flip") else len(coords),
    "line_vertices": len(data.frontline.coords),
    "area_km2": first.stats.area_km2,
}))
"""


def main() -> None:
    """Run each case in its own process and print the timings as one JSON object."""
    results = {}
    for label, case in CASES.items():
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, case], capture_output=True, check=True, timeout=600
        )
        results[label] = json.loads(done.stdout) | {
            "process_s": round(time.perf_counter() - started, 2)
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
