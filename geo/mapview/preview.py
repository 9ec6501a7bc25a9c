"""The zone's bands at every slider step, packed into one file for the page's live preview.

While a depth slider moves, the page's map draws the zone for the slider's current value
from this file, without asking the server (``static/preview.js``); on release the exact
zone replaces it. A zone of ``(min_km, max_km)`` is made of two bands of the grid: the
core band is the band from the line to ``min_km``, the whole zone the band to ``max_km``.
The browser draws the core from the first band's rings, and the outer band as one path
holding the rings of both, filled even-odd (Leaflet's default fill rule): a point inside
both bands is inside an even number of rings, so it is left out.

Each band is the line's buffer at that step, simplified for display in the zone's local
metric frame (``TOLERANCE_M``), cut by the side's clip area (not simplified: it is already
sparse, and every band then shares its edges, so the rings of two bands cancel where they
run together). It is projected back to lon/lat, rounded to ``1 / SCALE`` degrees, and
written ring by ring as integer differences from the vertex before (the first from 0). A
step whose band equals an earlier step's (wide bands clipped to the same area) is written
as that step's index. The JSON text is gzipped: about 155 kB for both sides of a
scenario's 201 steps. :mod:`geo.mapview.preview_check` reads it back as the browser does.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.engine.projection import LocalFrame
from geo.engine.zone import ZoneSpec
from geo.results.grid import GRID_STEPS, STEP_KM

if TYPE_CHECKING:
    from geo.inputs.layers import StudyData
    from geo.results.grid import ZoneCache

__all__ = [
    "FORMAT",
    "SCALE",
    "TOLERANCE_M",
    "pack_preview",
    "pending_preview",
    "preview_name",
    "preview_step",
]

#: The file's layout; a change of layout or of the rules below changes the file's name.
FORMAT = 1
#: Display simplification in the local metric frame, in metres.
TOLERANCE_M = 50.0
#: Coordinates are rounded to 1 / SCALE degrees (about 1 m).
SCALE = 100_000


def preview_name(data: StudyData, sides: Sequence[str]) -> str:
    """Name the preview file of a scenario's data by what its bands are made from.

    The name is known before the bands are (the page gives it to the browser on its first
    step, and the file follows once the grid is warm), and differs for other data, sides,
    grid or packing rules.
    """
    digest = hashlib.sha256()
    rules = [FORMAT, TOLERANCE_M, SCALE, GRID_STEPS, STEP_KM, list(sides)]
    digest.update(json.dumps(rules).encode())
    for geometry in (data.frontline, data.opposition_area, data.syria_outside_turkish_areas):
        digest.update(shapely.to_wkb(geometry))
    return f"{digest.hexdigest()[:16]}-preview.json.gz"


def _encode(band_m: BaseGeometry, frame: LocalFrame) -> list[Any]:
    """Write a metric band as lon/lat polygons of rings of integer differences (not closed)."""
    polygons = []
    for polygon in shapely.get_parts(frame.to_lonlat(band_m)):
        if not isinstance(polygon, shapely.Polygon) or polygon.is_empty:
            continue  # an overlay may leave lines or points where bands touch
        rings = []
        for ring in (polygon.exterior, *polygon.interiors):
            fixed = np.round(np.asarray(ring.coords)[:-1] * SCALE).astype(np.int64)
            rings.append(np.diff(fixed, axis=0, prepend=np.zeros((1, 2), np.int64)).ravel())
        polygons.append([r.tolist() for r in rings])
    return polygons


def _bands_m(cache: ZoneCache, side: str, *, tolerance_m: float) -> list[BaseGeometry]:
    """Each step's band for display: the simplified buffer cut by the clip area."""
    _, clip_m = cache.preview_parts_m(side, 0)
    bands = []
    for step in range(GRID_STEPS):
        buffer_m, _ = cache.preview_parts_m(side, step)
        simple = shapely.simplify(buffer_m, tolerance_m, preserve_topology=True)
        bands.append(shapely.intersection(simple, clip_m))
    return bands


def pack_preview(
    cache: ZoneCache, sides: Sequence[str], *, tolerance_m: float = TOLERANCE_M
) -> bytes:
    """Pack the bands of every grid step of ``sides`` (computing the buffers not yet computed).

    Returns
    -------
    bytes
        Gzipped JSON: ``{"format", "scale", "step_km", "sides": {side: [step, ...]}}``,
        each step a list of polygons of rings, or the index of an earlier equal step.
        The same bands give the same bytes.
    """
    packed: dict[str, list[Any]] = {}
    for side in sides:
        steps: list[Any] = []
        seen: dict[str, int] = {}
        for step, band_m in enumerate(_bands_m(cache, side, tolerance_m=tolerance_m)):
            polygons = _encode(band_m, cache.frame)
            text = json.dumps(polygons, separators=(",", ":"))
            if text in seen:
                steps.append(seen[text])
            else:
                seen[text] = step
                steps.append(polygons)
        packed[side] = steps
    body = {"format": FORMAT, "scale": SCALE, "step_km": STEP_KM, "sides": packed}
    data = json.dumps(body, separators=(",", ":")).encode()
    return gzip.compress(data, compresslevel=9, mtime=0)


def pending_preview() -> bytes:
    """Return the file served under a preview's name until its bands are packed.

    The map asks for the file as soon as it is first drawn; until the grid is warm this
    tells it to ask again later (rather than a missing file, an error in the browser).
    """
    return gzip.compress(json.dumps({"format": FORMAT, "pending": True}).encode(), mtime=0)


def preview_step(
    url: str, *, shown: ZoneSpec, asked: ZoneSpec, exact: str | None = None
) -> Mapping[str, object]:
    """Give the map what it needs with each step to preview the next: the file, the zone.

    Parameters
    ----------
    url
        Where the page serves the scenario's packed file.
    shown
        The zone on the map.
    asked
        The zone the sliders asked for (it differs from ``shown`` when that one could not
        be built and the last good zone stays): once the server has answered the
        sliders' values, the preview gives way.
    exact
        Where the map asks for the exact zone of the values a slider is let go at, less
        their ``min_km`` and ``max_km`` (:func:`ui.routes.zone_layers_url`), or None: then
        the preview stays until the page's rerun brings the zone.
    """
    return {
        "url": url,
        "exact": exact,
        "side": shown.side,
        "shown": [shown.min_km, shown.max_km],
        "asked": [asked.min_km, asked.max_km],
        "step_km": STEP_KM,
    }
