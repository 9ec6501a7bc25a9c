"""Read the live preview's packed file as the browser does, and measure it against the zone.

The browser (``static/preview.js``) adds up each ring's integer differences, divides by
the file's scale, and fills each band's rings even-odd; :func:`unpack_preview` and
:func:`drawn_band` do the same here, so that tests and ``make bench`` can compare what the
browser draws with :meth:`geo.results.grid.ZoneCache.result`, by :func:`hausdorff_m` in a
local metric frame.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.mapview.preview import FORMAT, SCALE
from geo.results.grid import STEP_KM

__all__ = ["Rings", "drawn_band", "hausdorff_m", "unpack_preview"]

#: Rings of one step: polygons, each a list of rings, each an (n, 2) lon/lat array.
Rings = list[list[np.ndarray]]
#: Parts narrower than this are left out of a comparison: the file's rounding (1 / SCALE
#: degrees, about 1 m) cannot draw them.
MIN_WIDTH_M = 2.0 * 111_000.0 / SCALE


def unpack_preview(data: bytes) -> dict[str, list[Rings]]:
    """Read a packed file as ``static/preview.js`` does: side -> rings of each step."""
    body = json.loads(gzip.decompress(data))
    if body.get("pending"):
        msg = "the preview file is pending: its bands are not packed yet"
        raise ValueError(msg)
    if body.get("format") != FORMAT:
        msg = f"preview file of format {body.get('format')!r}, expected {FORMAT}"
        raise ValueError(msg)
    scale = float(body["scale"])
    out: dict[str, list[Rings]] = {}
    for side, steps in body["sides"].items():
        decoded: list[Rings] = []
        for step in steps:
            if isinstance(step, int):
                decoded.append(decoded[step])
                continue
            decoded.append(
                [
                    [
                        np.cumsum(np.asarray(r, dtype=np.int64).reshape(-1, 2), axis=0) / scale
                        for r in p
                    ]
                    for p in step
                ]
            )
        out[side] = decoded
    return out


def _even_odd(polygons: Sequence[Rings]) -> BaseGeometry:
    """Return the area a path of these rings fills with the even-odd rule.

    The overlay snaps to the file's own grid (``1 / SCALE`` degrees), on which every
    vertex lies.
    """
    area: BaseGeometry = shapely.Polygon()
    for rings in polygons:
        for polygon in rings:
            for ring in polygon:
                if len(ring) >= 3:
                    area = shapely.symmetric_difference(area, _filled(ring), grid_size=1 / SCALE)
                    area = _polygonal(area)
    return area


def _filled(ring: np.ndarray) -> BaseGeometry:
    """Return the area inside one ring (a ring that crosses itself: its polygonal parts)."""
    return _polygonal(shapely.make_valid(shapely.Polygon(ring)))


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Keep the polygons of a geometry; an overlay may add lines or points where areas touch."""
    parts = [g for g in shapely.get_parts(geometry) if isinstance(g, shapely.Polygon)]
    return shapely.MultiPolygon(parts) if parts else shapely.Polygon()


def drawn_band(steps: Sequence[Rings], *, width_km: float) -> BaseGeometry:
    """Return the area the browser fills for the band from the line to ``width_km``.

    The outer band of a zone is the even-odd fill of the rings of two such bands: its
    edges are theirs.
    """
    return _even_odd([steps[round(width_km / STEP_KM)]])


def _boundary_points(area_m: BaseGeometry, step_m: float) -> np.ndarray:
    """Points along an area's boundary, no further apart than ``step_m``."""
    if area_m.is_empty:
        return np.zeros((0, 2))
    points: np.ndarray = shapely.get_coordinates(shapely.segmentize(area_m.boundary, step_m))
    return points


def _one_way_m(a_m: BaseGeometry, b_m: BaseGeometry, step_m: float) -> float:
    """How far the farthest point of area ``a_m`` is from area ``b_m`` (0 inside it)."""
    points = _boundary_points(a_m, step_m)
    if not len(points):
        return 0.0
    if b_m.is_empty:
        return float("inf")
    outside = points[~shapely.contains_xy(b_m, points[:, 0], points[:, 1])]
    if not len(outside):
        return 0.0
    tree = shapely.STRtree(_segments(b_m))
    _, distance = tree.query_nearest(
        shapely.points(outside), return_distance=True, all_matches=False
    )
    return float(np.max(distance))


def _segments(area_m: BaseGeometry) -> np.ndarray:
    """Every edge of an area's rings, as two-point lines."""
    pieces = []
    for ring in shapely.get_rings(shapely.get_parts(area_m)):
        coords = shapely.get_coordinates(ring)
        pieces.append(np.stack([coords[:-1], coords[1:]], axis=1))
    lines: np.ndarray = shapely.linestrings(np.concatenate(pieces))
    return lines


def _wide_parts(area_m: BaseGeometry, *, min_width_m: float) -> BaseGeometry:
    """Leave out parts narrower than ``min_width_m`` (twice the area over the perimeter).

    A zero-width buffer first drops the spikes of no area that an overlay may leave
    where the rings of two bands run together.
    """
    cleaned = shapely.buffer(area_m, 0)
    parts = [p for p in shapely.get_parts(cleaned) if 2 * p.area >= min_width_m * p.length]
    return shapely.MultiPolygon(parts) if parts else shapely.Polygon()


def hausdorff_m(a_m: BaseGeometry, b_m: BaseGeometry, *, step_m: float = 25.0) -> float:
    """Hausdorff distance between two areas in a metric frame, in metres.

    The farthest any point of one area is from the other area, either way round (a
    point inside the other area is 0 from it). Measured at points ``step_m`` apart along
    each boundary, so it is exact to within ``step_m / 2``. Parts narrower than the
    packed file's rounding (``2 / SCALE`` degrees, about 2 m) are left out of both.
    """
    a_m = _wide_parts(a_m, min_width_m=MIN_WIDTH_M)
    b_m = _wide_parts(b_m, min_width_m=MIN_WIDTH_M)
    return max(_one_way_m(a_m, b_m, step_m), _one_way_m(b_m, a_m, step_m))
