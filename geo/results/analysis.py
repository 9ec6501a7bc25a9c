"""From zone parameters to every result that the map, the command line and the exports use."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import shapely

from geo.engine.overlay import covered_by_bands, measure_highways
from geo.engine.uncertainty import line_uncertainty_stats
from geo.engine.zone import ZoneSpec, build_zone
from geo.inputs.layers import StudyData
from geo.results.stats import PlaceArrays, ZoneStats, located_places, zone_stats

__all__ = ["ZoneResult", "analyze"]


@dataclass(frozen=True)
class ZoneResult:
    """A zone and everything measured against it, all in EPSG:4326."""

    spec: ZoneSpec
    zone: gpd.GeoDataFrame
    frontline: shapely.LineString
    #: The line in runs, each with ``line_uncertainty_km``, and the line's name.
    line_runs: gpd.GeoDataFrame
    line_name: str
    towns: gpd.GeoDataFrame
    posts: gpd.GeoDataFrame
    highways: gpd.GeoDataFrame
    stats: ZoneStats


def _located(places: PlaceArrays, spec: ZoneSpec, zone: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    in_core, in_outer = covered_by_bands(places.template, zone)
    return located_places(places, spec, in_core=in_core, in_outer=in_outer)


def analyze(data: StudyData, spec: ZoneSpec) -> ZoneResult:
    """Build the zone for ``spec`` and overlay the towns, posts and highways on it.

    Towns and posts get ``in_zone``, ``band`` and ``borderline``: whether their side or
    band could change if the line moved within its uncertainty. The rules are those of
    :mod:`geo.results.stats`, which the grid cache applies too.

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
    town_arrays = PlaceArrays.of(data.towns)
    towns = _located(town_arrays, spec, zone)
    posts = _located(PlaceArrays.of(data.posts), spec, zone)
    highways = measure_highways(data.highways, zone)
    stats = zone_stats(
        (float(zone["area_km2"].iloc[0]), float(zone["area_km2"].iloc[1])),
        towns=towns,
        posts=posts,
        population=town_arrays.population,
        highway_km=dict(zip(highways["highway"].astype(str), highways["km_in_zone"], strict=True)),
        line_uncertainty_km=line_uncertainty_stats(data.line_uncertainty),
    )
    return ZoneResult(
        spec=spec,
        zone=zone,
        frontline=data.frontline,
        line_runs=data.line_uncertainty,
        line_name=data.line_name,
        towns=towns,
        posts=posts,
        highways=highways,
        stats=stats,
    )
