"""From zone parameters to every result that the map, the command line and the exports use."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from geo.engine.overlay import ZoneStats, locate_points, measure_highways, summarize
from geo.engine.uncertainty import zone_borderline
from geo.engine.zone import ZoneSpec, build_zone
from geo.inputs.layers import LineSource, StudyData

__all__ = ["ZoneResult", "analyze"]


@dataclass(frozen=True)
class ZoneResult:
    """A zone and everything measured against it, all in EPSG:4326."""

    spec: ZoneSpec
    zone: gpd.GeoDataFrame
    frontline: shapely.LineString
    #: The line in runs, each with ``line_uncertainty_km``, the line's name, and which
    #: scenario's line it is (title, date, kind, source).
    line_runs: gpd.GeoDataFrame
    line_name: str
    line_source: LineSource
    towns: gpd.GeoDataFrame
    posts: gpd.GeoDataFrame
    highways: gpd.GeoDataFrame
    stats: ZoneStats


def _borderline(points: gpd.GeoDataFrame, spec: ZoneSpec) -> np.ndarray:
    """Whether each point's band, or its side of the line, could change."""
    return zone_borderline(
        points["distance_km"].to_numpy(dtype=float),
        points["line_uncertainty_km"].to_numpy(dtype=float),
        side_known=points["side_known"].to_numpy(dtype=bool),
        opposition_side=points["opposition_side"].to_numpy(dtype=bool),
        min_km=spec.min_km,
        max_km=spec.max_km,
        side=spec.side,
    )


def analyze(data: StudyData, spec: ZoneSpec) -> ZoneResult:
    """Build the zone for ``spec`` and overlay the towns, posts and highways on it.

    Towns and posts get ``in_zone``, ``band`` and ``borderline``: whether their side or
    band could change if the line moved within its uncertainty.

    Parameters
    ----------
    data
        The study layers, from :func:`geo.inputs.layers.load_study_data`.
    spec
        Widths and side of the zone.
    """
    # The zone never enters the Turkish-held areas, on either side of the line.
    zone = build_zone(
        data.frontline,
        spec,
        opposition_area=data.opposition_area,
        syria=data.syria_outside_turkish_areas,
    )
    towns, posts = (
        locate_points(points, zone).assign(borderline=_borderline(points, spec))
        for points in (data.towns, data.posts)
    )
    highways = measure_highways(data.highways, zone)
    stats = summarize(
        zone, towns=towns, posts=posts, highways=highways, line_uncertainty=data.line_uncertainty
    )
    return ZoneResult(
        spec=spec,
        zone=zone,
        frontline=data.frontline,
        line_runs=data.line_uncertainty,
        line_name=data.line_name,
        line_source=data.line_source,
        towns=towns,
        posts=posts,
        highways=highways,
        stats=stats,
    )
