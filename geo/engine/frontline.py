"""Derive the September 2018 front line and the opposition-held area from control points.

Each town with a known side gets the cell of a Voronoi partition (computed in metres in a
local azimuthal-equidistant frame). The opposition side is the union of the opposition
cells, smoothed by a morphological closing and opening, clipped to Syria, minus the
Turkish-held areas (Afrin, the Euphrates Shield area), which border the de-escalation
area but are not part of it. The front line is the part of its edge that faces
government-held cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.ops import split

from geo._errors import DataError, LineInputError
from geo.engine.projection import LocalFrame
from geo.engine.uncertainty import uncertainty_runs, vertex_uncertainty_km
from geo.engine.zone import polygonal
from geo.i18n import N_

__all__ = [
    "CONTROL_VALUES",
    "FRONTLINE_NAME",
    "GOVERNMENT_SIDE",
    "OPPOSITION_AREA_NAME",
    "OPPOSITION_SIDE",
    "STUDY_AREA",
    "TURKISH_AREA_NAME",
    "TURKISH_SIDE",
    "Sides",
    "derive_sides",
    "side_of_line",
]

FRONTLINE_NAME = N_("Approximate line of contact, September 2018 (derived from towns' control)")
OPPOSITION_AREA_NAME = N_("Opposition-held de-escalation area, September 2018 (derived)")
TURKISH_AREA_NAME = N_("Turkish-held area (Olive Branch, Euphrates Shield): outside the zone")

#: Control values on the opposition side of the line: the Idlib de-escalation area only.
OPPOSITION_SIDE = frozenset({"opposition"})
GOVERNMENT_SIDE = frozenset({"government"})
#: Areas held by Turkey and its allies since 2016-2018: they bound the de-escalation area.
TURKISH_SIDE = frozenset({"turkish"})
#: Every control value a control point may have (``sdf``: Kurdish-led forces).
CONTROL_VALUES = ("government", "opposition", "turkish", "sdf")
#: Lon/lat rectangle of the study: northern Latakia to north of Aleppo, Hama to the border.
STUDY_AREA = shapely.box(35.7, 35.05, 37.35, 36.7)
#: Tolerance of the simplification of the smoothed area, in metres.
SIMPLIFY_M = 50.0
#: Longest segment of the stored line and area, in metres.
SEGMENT_M = 1000.0


@dataclass(frozen=True)
class Sides:
    """The derived front line, opposition-held area and Turkish-held area, in lon/lat."""

    frontline: shapely.LineString
    opposition_area: BaseGeometry
    turkish_area: BaseGeometry
    #: The line in runs of equal uncertainty (``line_uncertainty_km``).
    line_runs: gpd.GeoDataFrame


def _side_union(
    cells: gpd.GeoDataFrame, control: gpd.GeoSeries, sides: frozenset[str]
) -> BaseGeometry:
    return shapely.union_all(cells.geometry[control.isin(sides)].to_numpy())


def _longest_line(geometry: BaseGeometry) -> shapely.LineString:
    merged = shapely.line_merge(geometry)
    if isinstance(merged, shapely.LineString):
        return merged
    parts = [g for g in getattr(merged, "geoms", []) if isinstance(g, shapely.LineString)]
    if not parts:
        msg = "the control points do not separate a government side from an opposition side"
        raise DataError(msg)
    return max(parts, key=lambda g: g.length)


def derive_sides(
    points: gpd.GeoDataFrame,
    *,
    syria: BaseGeometry,
    study_area: shapely.Polygon,
    smoothing_km: float = 3.0,
) -> Sides:
    """Split the study area into the opposition side and the rest, along a front line.

    Parameters
    ----------
    points
        Control points in EPSG:4326 with a ``control`` column (``opposition``,
        ``turkish``, ``government`` or ``sdf``).
    syria
        Syria's outline in lon/lat; the opposition area is clipped to it.
    study_area
        Lon/lat rectangle outside which nothing is derived.
    smoothing_km
        Radius of the closing and opening that round the Voronoi corners, in kilometres.

    Returns
    -------
    Sides
        The front line (a single line, from south-west to north-east), the
        opposition-held area, the Turkish-held area (empty without ``turkish`` points)
        and the line in runs of equal uncertainty.

    Raises
    ------
    DataError
        If a control value is unknown, or the points give no line.
    """
    _check_points(points)
    frame = LocalFrame.centred_on(study_area)
    box_m = frame.to_local(shapely.segmentize(study_area, 0.01))
    syria_m = frame.to_local(syria).intersection(box_m)
    cells = _voronoi_cells(points, frame, box_m)
    control = points["control"].reset_index(drop=True)
    r = smoothing_km * 1000.0
    turkish = _smoothed(_side_union(cells, control, TURKISH_SIDE), r, box_m).intersection(syria_m)
    opposition = _smoothed(_side_union(cells, control, OPPOSITION_SIDE), r, box_m)
    opposition = opposition.difference(turkish)
    government = _side_union(cells, control, GOVERNMENT_SIDE)
    line_m = _line_between(opposition, government.buffer(2 * r), syria_m=syria_m, box_m=box_m)

    # Vertices every kilometre: then a straight edge means the same in lon/lat, on the
    # ellipsoid and in the local frame, to within centimetres.
    def to_lonlat(area_m: BaseGeometry) -> BaseGeometry:
        return shapely.make_valid(frame.to_lonlat(shapely.segmentize(area_m, SEGMENT_M)))

    frontline = frame.to_lonlat(shapely.segmentize(line_m, SEGMENT_M))
    return Sides(
        frontline=frontline,
        opposition_area=to_lonlat(opposition.intersection(syria_m)),
        turkish_area=to_lonlat(turkish),
        line_runs=uncertainty_runs(frontline, vertex_uncertainty_km(frontline, points)),
    )


def _smoothed(union: BaseGeometry, r: float, box_m: BaseGeometry) -> BaseGeometry:
    """Round a side's cells: a closing then an opening of radius ``r`` metres."""
    rounded = union.buffer(r, quad_segs=16).buffer(-2 * r, quad_segs=16).buffer(r, quad_segs=16)
    # Simplify before the line is cut out, so the line lies exactly on the area's edge.
    return rounded.intersection(box_m).simplify(SIMPLIFY_M)


def _check_points(points: gpd.GeoDataFrame) -> None:
    """Refuse control points that are not in lon/lat or have an unknown control value."""
    if points.crs is None or not points.crs.equals("EPSG:4326"):
        msg = f"'points' should be in EPSG:4326, got {points.crs}"
        raise DataError(msg)
    unknown = sorted(set(points["control"]) - set(CONTROL_VALUES))
    if unknown:
        msg = f"control points: unknown control values {unknown}"
        raise DataError(msg)


def _voronoi_cells(
    points: gpd.GeoDataFrame, frame: LocalFrame, box_m: BaseGeometry
) -> gpd.GeoDataFrame:
    """Return each point's Voronoi cell in the local frame, within the box, in order."""
    pts_m = gpd.GeoSeries([frame.to_local(p) for p in points.geometry])
    cells_m = shapely.voronoi_polygons(shapely.MultiPoint(pts_m.to_numpy()), extend_to=box_m)
    cell_list = [c.intersection(box_m) for c in cells_m.geoms]
    # voronoi_polygons does not keep input order: give each cell the point it contains.
    order = [next(i for i, c in enumerate(cell_list) if c.covers(p)) for p in pts_m]
    return gpd.GeoDataFrame(geometry=[cell_list[i] for i in order])


def _line_between(
    opposition: BaseGeometry,
    government_near: BaseGeometry,
    *,
    syria_m: BaseGeometry,
    box_m: BaseGeometry,
) -> shapely.LineString:
    """Cut out the front line: where the opposition side meets government cells in Syria.

    Away from the study area's frame; a single line, from south-west to north-east.
    """
    edge = opposition.boundary.intersection(syria_m.buffer(-10.0)).intersection(box_m.buffer(-10.0))
    line_m = _longest_line(edge.intersection(government_near))
    first, last = line_m.coords[0], line_m.coords[-1]
    if (first[0] + first[1]) > (last[0] + last[1]):
        line_m = line_m.reverse()
    return line_m


#: How far a line's ends may be carried straight on to the region's edge, in metres.
_EXTEND_M = 1_000_000.0
#: An end this close to the region's edge is joined to the nearest point of the edge.
_SNAP_M = 2_000.0
#: The stretch of line at each end whose direction an extension follows, in metres.
_END_STRETCH_M = 2_000.0
#: Width of the strips along the line that tell its left side from its right, in metres.
_PROBE_M = 50.0


def _to_edge(line_m: shapely.LineString, region_m: BaseGeometry) -> shapely.LineString:
    """Carry each end that lies inside ``region_m`` just past the region's edge.

    An end within ``_SNAP_M`` of the edge goes to the nearest point of the edge; one
    farther goes straight on, along the direction of its last ``_END_STRETCH_M``.
    """
    coords = list(line_m.coords)
    stretch = min(_END_STRETCH_M, line_m.length / 2)
    edge = region_m.boundary
    ends: list[list[tuple[float, float]]] = []
    for end, inner in (
        (shapely.Point(coords[0]), line_m.interpolate(stretch)),
        (shapely.Point(coords[-1]), line_m.interpolate(line_m.length - stretch)),
    ):
        if not region_m.contains(end):
            ends.append([])
            continue
        if edge.distance(end) <= _SNAP_M:
            target = edge.interpolate(edge.project(end))
        else:
            target = shapely.Point(2 * end.x - inner.x, 2 * end.y - inner.y)
        dx, dy = target.x - end.x, target.y - end.y
        norm = (dx * dx + dy * dy) ** 0.5 or 1.0
        far = (end.x + dx / norm * _EXTEND_M, end.y + dy / norm * _EXTEND_M)
        ray = shapely.LineString([end, far])
        hits = shapely.get_parts(ray.intersection(edge))
        hit = min((ray.project(h) for h in hits if isinstance(h, shapely.Point)), default=0.0)
        ends.append([ray.interpolate(hit + 1.0).coords[0]])
    return shapely.LineString([*ends[0], *coords, *ends[1]])


def side_of_line(
    frontline: shapely.LineString,
    *,
    side: str,
    region: BaseGeometry,
    study_area: shapely.Polygon,
) -> BaseGeometry:
    """Return the part of ``region`` on one side of a line, its ends carried to the edge.

    In a local azimuthal-equidistant frame, each end of the line that lies inside
    ``region`` is carried straight on (along its last 2 km) just past the region's edge;
    the region is cut along the line, and the pieces on ``side`` of it are kept.

    Parameters
    ----------
    frontline
        A simple line in lon/lat, inside the study area, densified along geodesics.
    side
        ``left`` or ``right``, seen walking the line from its first point to its last.
    region
        What may be on that side, in lon/lat (Syria outside the Turkish-held areas); it
        is clipped to the study area.
    study_area
        Lon/lat rectangle of the study.

    Raises
    ------
    LineInputError
        If the line, carried on from its ends, crosses itself or does not cut the
        region, or nothing of the region lies on that side.
    """
    frame = LocalFrame.centred_on(study_area)
    clipped = polygonal(region.intersection(study_area))
    region_m = frame.to_local(shapely.segmentize(clipped, 0.01))
    extended = _to_edge(frame.to_local(frontline), region_m)
    if not extended.is_simple:
        msg = (
            "carried straight on from its ends to the edge of Syria, the line crosses "
            "itself: draw it from border to border"
        )
        raise LineInputError(msg)
    pieces = list(shapely.get_parts(split(region_m, extended)))
    strips = [extended.buffer(d, single_sided=True) for d in (_PROBE_M, -_PROBE_M)]
    if side == "right":
        strips.reverse()
    kept = [p for p in pieces if p.intersection(strips[0]).area > p.intersection(strips[1]).area]
    if len(kept) == len(pieces):
        msg = (
            "the line does not cut Syria (outside the Turkish-held areas) in two: "
            "carry it from border to border"
        )
        raise LineInputError(msg)
    if not kept:
        msg = f"nothing of Syria lies {side} of the line: is the opposition on the other side?"
        raise LineInputError(msg)
    area_m = shapely.union_all(kept)
    return shapely.make_valid(frame.to_lonlat(shapely.segmentize(area_m, SEGMENT_M)))
