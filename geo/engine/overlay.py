"""Overlay towns, posts and highways on a zone: what falls inside, and how far from the line."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.engine.projection import GEOD, LocalFrame, densify_geodesic, geodesic_length_km

__all__ = [
    "ZoneStats",
    "distance_to_line_km",
    "distance_to_point_km",
    "locate_points",
    "measure_highways",
    "summarize",
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


def locate_points(points: gpd.GeoDataFrame, zone: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add ``in_zone`` and ``band`` to points.

    Parameters
    ----------
    points
        Points in EPSG:4326.
    zone
        The output of :func:`geo.engine.zone.build_zone`.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy of ``points`` with the two new columns; ``band`` is ``None`` outside.
    """
    located = points.copy()
    band = pd.Series([None] * len(points), index=points.index, dtype=object)
    for row in zone.itertuples():
        if row.geometry.is_empty:
            continue
        covered = points.geometry.covered_by(row.geometry)
        band = band.mask(covered & band.isna(), row.band)
    located["in_zone"] = band.notna()
    located["band"] = band
    return located


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


@dataclass(frozen=True)
class ZoneStats:
    """The numbers for one zone.

    ``towns_in_zone`` counts the towns inside on the derived line. Of those inside,
    ``towns_in_zone_certain`` stay inside wherever the line lies within its uncertainty;
    ``towns_borderline`` (inside or not) could change side or band. So the honest range
    of towns inside is ``towns_in_zone_certain`` to ``towns_in_zone_certain +
    towns_borderline``; populations and posts likewise. Populations are pre-war
    (census-based) figures and leave out displaced people.
    """

    area_km2: float
    core_area_km2: float
    outer_area_km2: float
    towns_in_zone: int
    towns_in_zone_certain: int
    towns_borderline: int
    population_in_zone: int
    population_in_zone_certain: int
    population_borderline: int
    towns_in_zone_without_population: int
    posts_in_zone: int
    posts_in_zone_certain: int
    posts_borderline: int
    line_uncertainty_km: dict[str, float] = field(default_factory=dict)
    highway_km_in_zone: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the numbers as plain JSON-ready values."""
        return asdict(self)


def summarize(
    zone: gpd.GeoDataFrame,
    *,
    towns: gpd.GeoDataFrame,
    posts: gpd.GeoDataFrame,
    highways: gpd.GeoDataFrame,
    line_uncertainty: gpd.GeoDataFrame,
) -> ZoneStats:
    """Count what a zone holds.

    Parameters
    ----------
    zone
        The output of :func:`geo.engine.zone.build_zone`.
    towns, posts
        Outputs of :func:`locate_points` (with ``in_zone``) with ``borderline``.
    highways
        The output of :func:`measure_highways` (with ``km_in_zone``).
    line_uncertainty
        The front line in runs, each with ``line_uncertainty_km``.
    """
    areas = dict(zip(zone["band"], zone["area_km2"], strict=True))
    inside = towns[towns["in_zone"]]
    certain = inside[~inside["borderline"]]
    unsure = towns[towns["borderline"]]

    def people(frame: gpd.GeoDataFrame) -> int:
        return int(frame["population"].fillna(0).sum())

    return ZoneStats(
        area_km2=round(float(sum(areas.values())), 1),
        core_area_km2=round(float(areas.get("core", 0.0)), 1),
        outer_area_km2=round(float(areas.get("outer", 0.0)), 1),
        towns_in_zone=len(inside),
        towns_in_zone_certain=len(certain),
        towns_borderline=len(unsure),
        population_in_zone=people(inside),
        population_in_zone_certain=people(certain),
        population_borderline=people(unsure),
        towns_in_zone_without_population=int(inside["population"].isna().sum()),
        posts_in_zone=int(posts["in_zone"].sum()),
        posts_in_zone_certain=int((posts["in_zone"] & ~posts["borderline"]).sum()),
        posts_borderline=int(posts["borderline"].sum()),
        line_uncertainty_km=_length_weighted_stats(line_uncertainty),
        highway_km_in_zone={
            str(h): round(float(km), 1)
            for h, km in zip(highways["highway"], highways["km_in_zone"], strict=True)
        },
    )


def _length_weighted_stats(runs: gpd.GeoDataFrame) -> dict[str, float]:
    """Median (by length along the line) and largest uncertainty of the line, in km."""
    lengths = np.array([geodesic_length_km(g) for g in runs.geometry])
    values = runs["line_uncertainty_km"].to_numpy(dtype=float)
    order = np.argsort(values)
    cumulative = np.cumsum(lengths[order])
    median = values[order][np.searchsorted(cumulative, cumulative[-1] / 2.0)]
    return {"median": round(float(median), 1), "max": round(float(values.max()), 1)}
