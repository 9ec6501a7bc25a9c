"""Build the demilitarized zone as two bands along the front line.

The line is densified along geodesics (1 km steps), projected into a local
azimuthal-equidistant frame centred on it, buffered in metres with fine arcs and
projected back. The core band reaches ``min_km`` from the line, the outer band runs
from ``min_km`` to ``max_km``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from geo._errors import ZoneInputError
from geo.engine.projection import LocalFrame, densify_geodesic, geodesic_area_km2

__all__ = [
    "BANDS",
    "MAX_WIDTH_KM",
    "Side",
    "ZoneSpec",
    "as_side",
    "buffer_m",
    "build_zone",
    "complete_widths",
    "finish_band",
    "polygonal",
]

Side = Literal["opposition", "both"]
SIDES: tuple[str, ...] = get_args(Side)
BANDS = ("core", "outer")
#: The widest zone the engine builds, in kilometres.
MAX_WIDTH_KM = 100.0
#: Segments per quarter circle: the chord sag is then below 0.01 % of the radius.
QUAD_SEGS = 64
DENSIFY_STEP_KM = 1.0
#: Parts of a band smaller than this (square metres) are slivers left by the clipping.
MIN_PART_M2 = 1.0


@dataclass(frozen=True)
class ZoneSpec:
    """What zone to build; checked when created.

    Parameters
    ----------
    min_km
        Depth of the core band from the front line, in kilometres (the memorandum: 15).
    max_km
        Depth of the whole zone, in kilometres (the memorandum: 20; press reports: 25).
    side
        ``"opposition"``: only inside the opposition-held area, as the memorandum says;
        ``"both"``: on both sides of the line, within Syria.

    Raises
    ------
    ZoneInputError
        If a width is not a number, is outside 0-100 km, if ``min_km > max_km``, or if
        ``side`` is unknown.
    """

    min_km: float = 15.0
    max_km: float = 20.0
    side: Side = "opposition"

    def __post_init__(self) -> None:
        for name in ("min_km", "max_km"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                msg = f"'{name}' should be a number of kilometres, got {value!r}"
                raise ZoneInputError(msg)
            if not 0.0 <= value <= MAX_WIDTH_KM:
                msg = f"'{name}' should be between 0 and {MAX_WIDTH_KM:g} km, got {value}"
                raise ZoneInputError(msg)
        if self.min_km > self.max_km:
            msg = f"'min_km' ({self.min_km}) should not exceed 'max_km' ({self.max_km})"
            raise ZoneInputError(msg)
        as_side(self.side)


def complete_widths(
    min_km: float | None, max_km: float | None, *, default: ZoneSpec
) -> tuple[float, float, str | None]:
    """Fill the widths a user left out from ``default``, the inner band never the deeper.

    The page's link and the command line share this rule: a zone asked shallower than the
    default inner band lowers the inner band to it; an inner band asked deeper than the
    default zone deepens the zone to it. Widths given both are returned as they are.

    Returns
    -------
    tuple
        ``(min_km, max_km, note)``; ``note`` says what was changed, or is ``None``.
    """
    if min_km is None and max_km is not None and max_km < default.min_km:
        note = f"the default inner band ({default.min_km:g} km) is deeper than the zone"
        return max_km, max_km, f"{note}, so it was lowered to {max_km:g} km"
    if max_km is None and min_km is not None and min_km > default.max_km:
        note = f"the default zone ({default.max_km:g} km) is shallower than the inner band"
        return min_km, min_km, f"{note}, so it was deepened to {min_km:g} km"
    chosen_min = default.min_km if min_km is None else min_km
    return chosen_min, default.max_km if max_km is None else max_km, None


def as_side(value: object) -> Side:
    """Return ``value`` as a :data:`Side`, or raise :class:`ZoneInputError` naming the choices.

    Parameters
    ----------
    value
        ``"opposition"`` or ``"both"``, from a link, a widget or the command line.
    """
    if value == "opposition":
        return "opposition"
    if value == "both":
        return "both"
    msg = f"'side' should be one of {', '.join(SIDES)}, got {value!r}"
    raise ZoneInputError(msg)


def buffer_m(line_m: BaseGeometry, *, width_km: float) -> BaseGeometry:
    """Buffer a geometry given in metres by ``width_km``, with fine arcs.

    Parameters
    ----------
    line_m
        Geometry in a local metric frame, already densified along geodesics.
    width_km
        Buffer distance in kilometres; 0 or less gives an empty polygon.
    """
    if width_km <= 0:
        return shapely.Polygon()
    return line_m.buffer(width_km * 1000.0, quad_segs=QUAD_SEGS)


def build_zone(
    frontline: shapely.LineString,
    spec: ZoneSpec,
    *,
    opposition_area: BaseGeometry,
    syria: BaseGeometry,
) -> gpd.GeoDataFrame:
    """Build the core and outer bands of the zone.

    Parameters
    ----------
    frontline
        The front line in lon/lat.
    spec
        Widths and side.
    opposition_area
        The opposition-held area in lon/lat (used when ``spec.side == "opposition"``).
    syria
        Syria's outline in lon/lat (used when ``spec.side == "both"``).

    Returns
    -------
    geopandas.GeoDataFrame
        Two rows, ``band`` ``core`` then ``outer``, in EPSG:4326, with ``min_km``,
        ``max_km``, ``side`` and the geodesic ``area_km2``. A band of zero width has an
        empty geometry.
    """
    frame = LocalFrame.centred_on(frontline)
    line_m = frame.to_local(densify_geodesic(frontline, step_km=DENSIFY_STEP_KM))
    clip = opposition_area if spec.side == "opposition" else syria
    clip_m = frame.to_local(densify_geodesic(clip, step_km=DENSIFY_STEP_KM))
    core_buffer_m = buffer_m(line_m, width_km=spec.min_km)
    ring_m = buffer_m(line_m, width_km=spec.max_km).difference(core_buffer_m)
    core_m, outer_m = core_buffer_m.intersection(clip_m), ring_m.intersection(clip_m)
    bands = [finish_band(g, to_lonlat=frame.to_lonlat) for g in (core_m, outer_m)]
    return gpd.GeoDataFrame(
        {
            "band": list(BANDS),
            "min_km": [float(spec.min_km)] * 2,
            "max_km": [float(spec.max_km)] * 2,
            "side": [spec.side] * 2,
            "area_km2": [geodesic_area_km2(b) for b in bands],
        },
        geometry=bands,
        crs=4326,
    )


def finish_band(
    band_m: BaseGeometry, *, to_lonlat: Callable[[BaseGeometry], BaseGeometry]
) -> BaseGeometry:
    """Repair a clipped metric band, drop its slivers and project it back to lon/lat.

    Parameters
    ----------
    band_m
        A band clipped in the local frame (metres).
    to_lonlat
        Projects a metric geometry back to lon/lat (the grid cache passes a faster one
        that gives the same numbers).
    """
    kept = polygonal(shapely.make_valid(band_m), min_area=MIN_PART_M2)
    # Projecting back can make near-touching rings cross by a few nanodegrees: repair.
    return polygonal(shapely.make_valid(to_lonlat(kept)))


def polygonal(geometry: BaseGeometry, *, min_area: float = 0.0) -> BaseGeometry:
    """Keep the polygons of a geometry larger than ``min_area``.

    Intersections and differences can leave lines, points and zero-area slivers.
    """
    parts = [
        p
        for g in getattr(geometry, "geoms", [geometry])
        for p in getattr(g, "geoms", [g])
        if isinstance(p, shapely.Polygon) and p.area > min_area
    ]
    if len(parts) == 1:
        return parts[0]
    return shapely.MultiPolygon(parts)
