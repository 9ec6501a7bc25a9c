"""How far the derived front line could move, and which places that makes borderline.

The line is a Voronoi edge between control points of opposite sides, so the true line
lies somewhere between them. At each vertex of the line the uncertainty is half the gap
between the nearest government point and the nearest opposition point, measured through
the vertex: ``(d_government + d_opposition) / 2``. On a Voronoi edge both distances are
equal, so this is the distance from the line to the nearest control point.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from geo.engine.projection import LocalFrame, densify_geodesic, geodesic_length_km

__all__ = [
    "CORRIDOR_NAME",
    "ROUND_KM",
    "at_control_point",
    "band_borderline",
    "borderline",
    "line_uncertainty_stats",
    "uncertainty_at_km",
    "uncertainty_corridor",
    "uncertainty_runs",
    "vertex_uncertainty_km",
    "zone_borderline",
]

CORRIDOR_NAME = "Line known to within ± {u:g} km here"
#: Uncertainties are rounded up to this step, in kilometres, to group the line into runs.
ROUND_KM = 0.5


def vertex_uncertainty_km(
    line: shapely.LineString,
    points: gpd.GeoDataFrame,
    *,
    government: frozenset[str] = frozenset({"government"}),
    opposition: frozenset[str] = frozenset({"opposition"}),
) -> np.ndarray:
    """Half the gap between the nearest opposite-side control points, at each vertex.

    Parameters
    ----------
    line
        The front line in lon/lat.
    points
        Control points in lon/lat with a ``control`` column.
    government, opposition
        The ``control`` values on each side of the line.

    Returns
    -------
    numpy.ndarray
        One value per vertex of ``line``, in kilometres.
    """
    frame = LocalFrame.centred_on(line)
    vertices = shapely.points(frame.to_local(line).coords)
    gaps = []
    for side in (government, opposition):
        chosen = points.geometry[points["control"].isin(side)]
        side_points = shapely.multipoints(frame.series_to_local(chosen))
        gaps.append(shapely.distance(vertices, side_points))
    return np.asarray((gaps[0] + gaps[1]) / 2.0 / 1000.0, dtype=float)


def uncertainty_runs(line: shapely.LineString, uncertainty_km: np.ndarray) -> gpd.GeoDataFrame:
    """Split the line into runs of equal uncertainty, rounded up to ``ROUND_KM``.

    Parameters
    ----------
    line
        The front line in lon/lat.
    uncertainty_km
        One value per vertex of ``line`` (:func:`vertex_uncertainty_km`).

    Returns
    -------
    geopandas.GeoDataFrame
        LineStrings in EPSG:4326 that together make up ``line``, each with
        ``line_uncertainty_km``: the largest rounded value of its segments.
    """
    coords = np.asarray(line.coords)
    per_segment = np.ceil(np.maximum(uncertainty_km[:-1], uncertainty_km[1:]) / ROUND_KM) * ROUND_KM
    starts = [0, *(np.flatnonzero(np.diff(per_segment)) + 1)]
    ends = [*starts[1:], len(per_segment)]
    return gpd.GeoDataFrame(
        {"line_uncertainty_km": [float(per_segment[s]) for s in starts]},
        geometry=[shapely.LineString(coords[s : e + 1]) for s, e in zip(starts, ends, strict=True)],
        crs=4326,
    )


def uncertainty_corridor(runs: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Buffer each run by its uncertainty: where the true line may lie.

    Parameters
    ----------
    runs
        The output of :func:`uncertainty_runs`.

    Returns
    -------
    geopandas.GeoDataFrame
        One polygon per run in EPSG:4326, with ``line_uncertainty_km`` and ``name``,
        buffered in metres in a local azimuthal-equidistant frame.
    """
    frame = LocalFrame.centred_on(shapely.box(*runs.total_bounds))
    polygons = [
        frame.to_lonlat(frame.to_local(densify_geodesic(g)).buffer(u * 1000.0, quad_segs=16))
        for g, u in zip(runs.geometry, runs["line_uncertainty_km"], strict=True)
    ]
    return gpd.GeoDataFrame(
        {
            "name": [CORRIDOR_NAME.format(u=u) for u in runs["line_uncertainty_km"]],
            "line_uncertainty_km": runs["line_uncertainty_km"].to_numpy(),
        },
        geometry=polygons,
        crs=4326,
    )


def borderline(
    distance_km: np.ndarray, uncertainty_km: np.ndarray, *, thresholds_km: list[float]
) -> np.ndarray:
    """Whether a place's side or band could change if the line moved within its corridor.

    A place ``d`` km from the line moves by at most ``u`` km relative to it when the line
    moves by ``u``; it is borderline when a threshold (0 for the side, and each band's
    depth) lies within ``u`` of ``d``.

    Parameters
    ----------
    distance_km
        Each place's distance to the derived line.
    uncertainty_km
        The line's uncertainty nearest each place.
    thresholds_km
        Distances at which the answer changes, for example ``[0, 15, 20]``.
    """
    distance = np.asarray(distance_km, dtype=float)
    slack = np.asarray(uncertainty_km, dtype=float)
    near = np.zeros(distance.shape, dtype=bool)
    for t in thresholds_km:
        near |= np.abs(distance - t) <= slack
    return near


def uncertainty_at_km(points: gpd.GeoDataFrame, runs: gpd.GeoDataFrame) -> np.ndarray:
    """Return the uncertainty of the run of the line nearest each point, in kilometres.

    Parameters
    ----------
    points
        Points in lon/lat.
    runs
        The output of :func:`uncertainty_runs`.
    """
    if len(points) == 0:
        return np.zeros(0)
    frame = LocalFrame.centred_on(shapely.box(*runs.total_bounds))
    runs_m = frame.series_to_local(runs.geometry)
    tree = shapely.STRtree(runs_m)
    nearest = tree.query_nearest(frame.series_to_local(points.geometry), all_matches=False)[1]
    return np.asarray(runs["line_uncertainty_km"].to_numpy()[nearest], dtype=float)


def at_control_point(
    points: gpd.GeoDataFrame, control_points: gpd.GeoDataFrame, *, within_km: float = 1.0
) -> np.ndarray:
    """Whether each point is a control point itself: its side is then a sourced fact.

    Parameters
    ----------
    points
        Points in lon/lat.
    control_points
        The control points in lon/lat.
    within_km
        How close a control point must be, in kilometres.
    """
    if len(points) == 0 or len(control_points) == 0:
        return np.zeros(len(points), dtype=bool)
    frame = LocalFrame.centred_on(shapely.box(*control_points.total_bounds))
    tree = shapely.STRtree(frame.series_to_local(control_points.geometry))
    pts = frame.series_to_local(points.geometry)
    hits = tree.query(pts, predicate="dwithin", distance=within_km * 1000.0)
    known = np.zeros(len(points), dtype=bool)
    known[np.unique(hits[0])] = True
    return known


def zone_borderline(
    distance_km: np.ndarray,
    uncertainty_km: np.ndarray,
    *,
    side_known: np.ndarray,
    opposition_side: np.ndarray,
    max_km: float,
    side: str,
) -> np.ndarray:
    """Whether each place could be in the zone or out of it, as the line moves.

    Only the zone's outer edge and, on the opposition side only, the line itself decide
    this; the inner band's depth does not (see :func:`band_borderline`).

    Parameters
    ----------
    distance_km, uncertainty_km
        Each place's distance to the line, and the line's uncertainty nearest it.
    side_known
        The place is a control point: its side is a sourced fact, wherever the line runs.
    opposition_side
        The place lies on the opposition side of the derived line.
    max_km, side
        The zone: its depth, and ``opposition`` or ``both``.
    """
    if max_km <= 0:
        return np.zeros(np.shape(distance_km), dtype=bool)
    near_edge = borderline(distance_km, uncertainty_km, thresholds_km=[max_km])
    if side == "both":
        return near_edge
    side_unsure = borderline(distance_km, uncertainty_km, thresholds_km=[0.0]) & ~side_known
    return np.asarray(side_unsure | (near_edge & opposition_side), dtype=bool)


def band_borderline(
    distance_km: np.ndarray,
    uncertainty_km: np.ndarray,
    *,
    min_km: float,
    max_km: float,
) -> np.ndarray:
    """Whether each place could lie in the other band (inner or outer) as the line moves.

    Parameters
    ----------
    distance_km, uncertainty_km
        Each place's distance to the line, and the line's uncertainty nearest it.
    min_km, max_km
        The zone's two depths; with no inner or no outer band nothing can change band.
    """
    if not 0 < min_km < max_km:
        return np.zeros(np.shape(distance_km), dtype=bool)
    return borderline(distance_km, uncertainty_km, thresholds_km=[min_km])


def line_uncertainty_stats(runs: gpd.GeoDataFrame) -> dict[str, float]:
    """Median (by length along the line) and largest uncertainty of the line, in km.

    Parameters
    ----------
    runs
        The output of :func:`uncertainty_runs`.
    """
    lengths = np.array([geodesic_length_km(g) for g in runs.geometry])
    values = runs["line_uncertainty_km"].to_numpy(dtype=float)
    order = np.argsort(values)
    cumulative = np.cumsum(lengths[order])
    median = values[order][np.searchsorted(cumulative, cumulative[-1] / 2.0)]
    return {"median": round(float(median), 1), "max": round(float(values.max()), 1)}
