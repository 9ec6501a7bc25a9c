"""Study data with another line: from a table of control points, or from a line as given.

Every line the engine buffers, other than the one ``python -m geo.build`` wrote, becomes
study data here: a scenario's table of control points (:mod:`geo.inputs.scenario`), the
same table with a user's edits (:mod:`geo.inputs.edits`), a user's table or a user's line
(:mod:`geo.inputs.userline`). :func:`control_point_data` derives the line, its
opposition-held side and its uncertainty from a table of control points (one rule for
every table), and :func:`with_line` measures towns and posts against any line.
"""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from geo._errors import DataError
from geo.engine.frontline import STUDY_AREA, derive_sides
from geo.engine.uncertainty import uncertainty_corridor
from geo.inputs._validate import validate_layer
from geo.inputs.layers import LineSource, StudyData, measure_points

__all__ = ["CONTROL_COLUMNS", "check_line", "control_point_data", "with_line"]

log = logging.getLogger(__name__)

#: The columns of a table of control points, as the line is derived from it.
CONTROL_COLUMNS = ["name", "control", "control_source", "control_date", "geometry"]


def with_line(
    base: StudyData,
    *,
    frontline: shapely.LineString,
    opposition_area: BaseGeometry,
    runs: gpd.GeoDataFrame,
    control_points: gpd.GeoDataFrame,
    line_name: str,
    line_source: LineSource,
    turkish_areas: BaseGeometry | None = None,
) -> StudyData:
    """Return ``base`` with another line, its sides and uncertainty, towns and posts measured.

    Parameters
    ----------
    base
        The study data (borders, towns, posts, highways).
    frontline
        The line in lon/lat.
    opposition_area
        Its opposition-held side in lon/lat (empty for a road).
    runs
        The line in runs of equal ``line_uncertainty_km``
        (:func:`geo.engine.uncertainty.uncertainty_runs`).
    control_points
        The points the line was derived from (may be empty), in lon/lat.
    line_name, line_source
        How the line is labelled, and where it comes from.
    turkish_areas
        The Turkish-held areas, if the line's table gives its own; default: ``base``'s.
    """
    towns, posts = (
        measure_points(
            points,
            frontline=frontline,
            runs=runs,
            control_points=control_points,
            opposition_area=opposition_area,
        )
        for points in (base.towns, base.posts)
    )
    turkish = base.turkish_areas if turkish_areas is None else turkish_areas
    return StudyData(
        frontline=frontline,
        opposition_area=opposition_area,
        turkish_areas=turkish,
        syria=base.syria,
        syria_outside_turkish_areas=base.syria.difference(turkish),
        borders=base.borders,
        control_points=control_points,
        posts=posts,
        towns=towns,
        highways=base.highways,
        line_uncertainty=runs,
        uncertainty_corridor=uncertainty_corridor(runs),
        line_name=line_name,
        line_source=line_source,
    )


def check_line(
    frontline: shapely.LineString,
    opposition_area: BaseGeometry | None,
    *,
    name: str,
    shown: str,
    how: str = "derived",
) -> None:
    """Hold a derived or given line and area to the rules of the built layers (one rule).

    Messages name ``shown`` and the layer, e.g. "table.csv (derived opposition area)".
    ``opposition_area`` ``None``: the line alone is checked.

    Raises
    ------
    DataError
        If the line is not one line of the allowed length, or the area not a polygon.
    """
    for layer, geometry in (("frontline", frontline), ("opposition_area", opposition_area)):
        if geometry is None:
            continue
        frame = gpd.GeoDataFrame({"name": [name]}, geometry=[geometry], crs=4326)
        validate_layer(layer, frame, Path(f"{shown} ({how} {layer.replace('_', ' ')})"))


def control_point_data(
    points: gpd.GeoDataFrame,
    base: StudyData,
    *,
    line_name: str,
    line_source: LineSource,
    shown: str,
) -> StudyData:
    """Derive the line, its sides and uncertainty from control points: the one rule.

    Parameters
    ----------
    points
        Control points in EPSG:4326 with the columns of :data:`CONTROL_COLUMNS`.
    base
        The study data (borders, towns, posts, highways).
    line_name, line_source
        How the line is labelled, and where it comes from.
    shown
        How messages name the table.

    Raises
    ------
    DataError
        If the points give no line (one line naming ``shown``).
    """
    points = gpd.GeoDataFrame(
        points.reindex(columns=CONTROL_COLUMNS).reset_index(drop=True),
        geometry="geometry",
        crs=4326,
    )
    try:
        sides = derive_sides(points, syria=base.syria, study_area=STUDY_AREA)
        check_line(sides.frontline, sides.opposition_area, name=line_name, shown=shown)
    except (ValueError, TypeError, StopIteration, shapely.errors.GEOSException) as exc:
        log.exception("deriving a line from %s failed", shown)
        msg = f"{shown}: no line can be derived from this table ({exc})"
        raise DataError(" ".join(msg.split())) from None
    return with_line(
        base,
        frontline=sides.frontline,
        opposition_area=sides.opposition_area,
        runs=sides.line_runs,
        control_points=points,
        line_name=line_name,
        line_source=line_source,
        turkish_areas=sides.turkish_area,
    )
