"""Overlay towns, posts and highways on a zone: what falls inside, and how far from the line."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from geo.engine.projection import GEOD, LocalFrame, densify_geodesic, geodesic_length_km

__all__ = [
    "covered_by_bands",
    "distance_to_line_km",
    "distance_to_point_km",
    "measure_highways",
]


def distance_to_point_km(
    points: gpd.GeoDataFrame | gpd.GeoSeries, point: shapely.Point
) -> np.ndarray:
    """Geodesic distance from every point of ``points`` to ``point``, in kilometres."""
    lons = points.geometry.x.to_numpy()
    lats = points.geometry.y.to_numpy()
    _, _, dist_m = GEOD.inv(lons, lats, np.full_like(lons, point.x), np.full_like(lats, point.y))
    return np.asarray(dist_m, dtype=float) / 1000.0


def distance_to_line_km(
    points: gpd.GeoDataFrame | gpd.GeoSeries, line: shapely.LineString
) -> np.ndarray:
    """Geodesic distance from every point to the nearest point of a lon/lat line, in km.

    The nearest point is found in a local azimuthal-equidistant frame; the distance to
    it is then measured on the ellipsoid.
    """
    if len(points) == 0:
        return np.zeros(0)
    frame = LocalFrame.centred_on(line)
    line_m = frame.to_local(densify_geodesic(line, step_km=1.0))
    pts_m = frame.series_to_local(points.geometry)
    nearest_m = shapely.get_point(shapely.shortest_line(pts_m, line_m), 1)
    nearest = frame.to_lonlat(nearest_m)
    lons, lats = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
    _, _, dist_m = GEOD.inv(lons, lats, shapely.get_x(nearest), shapely.get_y(nearest))
    return np.asarray(dist_m, dtype=float) / 1000.0


def covered_by_bands(
    points: gpd.GeoDataFrame, zone: gpd.GeoDataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Whether the core band, and the outer band, of a zone cover each point.

    Parameters
    ----------
    points
        Points in EPSG:4326.
    zone
        The output of :func:`geo.engine.zone.build_zone` (rows ``core`` then ``outer``).

    Returns
    -------
    tuple of numpy.ndarray
        Two boolean arrays, ``in_core`` and ``in_outer``; an empty band covers nothing.
    """
    covered = []
    for band in zone.geometry:
        if band.is_empty:
            covered.append(np.zeros(len(points), dtype=bool))
        else:
            covered.append(np.asarray(shapely.covered_by(points.geometry.to_numpy(), band)))
    in_core, in_outer = covered
    return in_core, in_outer


def measure_highways(highways: gpd.GeoDataFrame, zone: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add ``length_km`` and ``km_in_zone`` (geodesic) to each highway."""
    measured = highways.copy()
    measured["length_km"] = [geodesic_length_km(g) for g in highways.geometry]
    measured["km_in_zone"] = 0.0
    bands = zone.geometry[~zone.geometry.is_empty]
    if bands.empty:
        return measured
    # The bands do not overlap, so the length inside the zone is the sum over bands.
    frame = LocalFrame.centred_on(shapely.box(*bands.total_bounds))
    roads_m = frame.series_to_local(highways.geometry)
    for band_m in frame.series_to_local(bands):
        inside = frame.to_lonlat(shapely.intersection(roads_m, shapely.make_valid(band_m)))
        measured["km_in_zone"] += [geodesic_length_km(g) for g in inside]
    return measured
