"""From zone parameters to every result that the map, the command line and the exports use."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import shapely

from geo.data import StudyData
from geo.overlay import ZoneStats, locate_points, measure_highways, summarize
from geo.zone import ZoneSpec, build_zone

__all__ = ["ZoneResult", "analyze"]


@dataclass(frozen=True)
class ZoneResult:
    """A zone and everything measured against it, all in EPSG:4326."""

    spec: ZoneSpec
    zone: gpd.GeoDataFrame
    frontline: shapely.LineString
    towns: gpd.GeoDataFrame
    posts: gpd.GeoDataFrame
    highways: gpd.GeoDataFrame
    stats: ZoneStats


def analyze(data: StudyData, spec: ZoneSpec) -> ZoneResult:
    """Build the zone for ``spec`` and overlay the towns, posts and highways on it.

    Parameters
    ----------
    data
        The study layers, from :func:`geo.data.load_study_data`.
    spec
        Widths and side of the zone.
    """
    zone = build_zone(data.frontline, spec, opposition_area=data.opposition_area, syria=data.syria)
    towns = locate_points(data.towns, zone)
    posts = locate_points(data.posts, zone)
    highways = measure_highways(data.highways, zone)
    stats = summarize(zone, towns=towns, posts=posts, highways=highways)
    return ZoneResult(
        spec=spec,
        zone=zone,
        frontline=data.frontline,
        towns=towns,
        posts=posts,
        highways=highways,
        stats=stats,
    )
