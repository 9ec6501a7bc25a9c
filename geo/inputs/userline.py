"""A user's own line: a front line from a file or a drawing, or a table of control points.

A line (GeoJSON, KML, GeoPackage, CSV of ordered lon/lat points, or the Draw plugin's
GeoJSON) is read by :func:`read_line` and checked: heights dropped, parts that join end
to end merged, and one :class:`~geo._errors.LineInputError` line for anything else (no
point, one point, NaN, outside the study area or lat/lon swapped, a line that crosses
itself, a file past ``MAX_BYTES`` or ``MAX_VERTICES``). :func:`line_data` then splits the
study area's Syria (outside the Turkish-held areas) with the line, takes the side the user
names as the opposition's, and gives study data with every town and post measured, as
for a built-in line. A table of control points (the columns of
``reference/control_points_2018.csv``) replaces a scenario's table
(:func:`read_control_points`, :func:`table_data`): the line is then derived by the same
rule as the built-in one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo._errors import DataError, LineInputError
from geo._phrase import N_, Phrase
from geo.engine.frontline import STUDY_AREA, side_of_line
from geo.engine.projection import LocalFrame, densify_geodesic, geodesic_length_km
from geo.engine.uncertainty import uncertainty_runs
from geo.inputs._linefiles import (
    MAX_BYTES,
    MAX_VERTICES,
    TOO_LARGE,
    Parts,
    geojson_parts,
    read_parts,
)
from geo.inputs._reference import read_table
from geo.inputs._validate import FRONTLINE_KM, frontline_length_fits
from geo.inputs.derive import CONTROL_COLUMNS, check_line, with_line
from geo.inputs.edits import LineEdits, edited_data
from geo.inputs.layers import LineSource, StudyData
from geo.inputs.scenario import Scenario, control_table

__all__ = [
    "MAX_BYTES",
    "MAX_UNCERTAINTY_KM",
    "MAX_VERTICES",
    "OPPOSITION_SIDES",
    "OppositionSide",
    "UserLine",
    "drawn_line",
    "line_data",
    "read_control_points",
    "read_file",
    "read_line",
    "table_data",
]

#: Left or right of the line's direction, from its first point to its last.
OppositionSide = Literal["left", "right"]
OPPOSITION_SIDES: tuple[str, ...] = get_args(OppositionSide)
#: The largest uncertainty a user may give a line, in kilometres.
MAX_UNCERTAINTY_KM = 20.0
#: A line with more vertices than this is simplified, within ``SIMPLIFY_M``.
SIMPLIFY_ABOVE = 5_000
SIMPLIFY_M = 10.0
#: Characters of a file's name kept for labels and exports.
MAX_NAME_CHARS = 100
_WEST, _SOUTH, _EAST, _NORTH = STUDY_AREA.bounds


@dataclass(frozen=True)
class UserLine:
    """A user's line, checked: one simple line in lon/lat, inside the study area.

    ``name`` is the file's name as shown (text, never markup), or empty for a drawing;
    ``notes`` say what reading it changed (heights dropped, parts joined, simplified).
    """

    geometry: shapely.LineString
    name: str
    origin: Literal["file", "drawn"]
    notes: tuple[str, ...] = ()


def shown_name(name: str) -> str:
    """Return a file's name as labels show it: printable, at most ``MAX_NAME_CHARS`` long."""
    text = "".join(c if c.isprintable() else "\N{REPLACEMENT CHARACTER}" for c in name)
    text = text.strip() or "unnamed file"
    return text if len(text) <= MAX_NAME_CHARS else text[: MAX_NAME_CHARS - 1] + "…"


def read_file(path: Path) -> bytes:
    """Read a user's file, refusing one past ``MAX_BYTES`` before reading it.

    Raises
    ------
    LineInputError
        If the file cannot be read or is too large (one line naming it).
    """
    name = shown_name(path.name)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise LineInputError(TOO_LARGE).about(name)
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or exc
        raise LineInputError(N_("cannot read it: {reason}"), reason=reason).about(name) from None


def _in_area(coords: np.ndarray) -> np.ndarray:
    lon, lat = coords[:, 0], coords[:, 1]
    return np.asarray((lon >= _WEST) & (lon <= _EAST) & (lat >= _SOUTH) & (lat <= _NORTH))


def _check_place(coords: np.ndarray) -> None:
    inside = _in_area(coords)
    if inside.all():
        return
    if _in_area(coords[:, ::-1]).all():
        msg = N_(
            "the points lie outside the study area, but inside it with latitude and "
            "longitude swapped: give longitude first (e.g. 36.6, 35.9), as GeoJSON and KML do"
        )
        raise LineInputError(msg)
    lon, lat = coords[int(np.argmin(inside))]
    area = {
        "west": f"{_WEST:g}",
        "east": f"{_EAST:g}",
        "south": f"{_SOUTH:g}",
        "north": f"{_NORTH:g}",
    }
    where = {"lon": f"{lon:.6g}", "lat": f"{lat:.6g}"}
    if abs(lon) > 180 or abs(lat) > 90:
        msg = N_(
            "the line leaves the study area ({west}–{east}° E, {south}–{north}° N) at lon {lon}, "
            "lat {lat} (not degrees: save the file in WGS 84, EPSG:4326)"
        )
    else:
        msg = N_(
            "the line leaves the study area ({west}–{east}° E, {south}–{north}° N) at lon {lon}, "
            "lat {lat}"
        )
    raise LineInputError(msg, **area, **where)


def _crossing(line: shapely.LineString) -> Phrase:
    """Say where a line that is not simple first touches or crosses itself."""
    coords = shapely.get_coordinates(line)
    segments = shapely.linestrings(np.stack([coords[:-1], coords[1:]], axis=1))
    pairs = shapely.STRtree(segments).query(segments, predicate="intersects")
    apart = pairs[:, np.abs(pairs[0] - pairs[1]) > 1]
    if not apart.size:
        return Phrase(N_("it runs back over itself"))
    where = shapely.intersection(segments[apart[0, 0]], segments[apart[1, 0]])
    point = shapely.get_coordinates(where)[0]
    near = {"lat": f"{point[1]:.4f}", "lon": f"{point[0]:.4f}"}
    return Phrase(N_("it crosses itself near {lat}° N, {lon}° E"), near)


def _one_line(parts: Parts, notes: list[str]) -> shapely.LineString:
    """Join the parts into one simple line, or refuse with the reason."""
    cleaned = []
    for part in parts.parts:
        keep = np.ones(len(part), dtype=bool)
        keep[1:] = np.any(part[1:] != part[:-1], axis=1)
        if keep.sum() >= 2:
            cleaned.append(part[keep])
    if not cleaned:
        msg = N_("the {format} has only one distinct point; a line needs two or more")
        raise LineInputError(msg, format=parts.format)
    merged = shapely.line_merge(shapely.MultiLineString(cleaned))
    if not isinstance(merged, shapely.LineString):
        count = len(shapely.get_parts(merged))
        msg = N_(
            "the line is in {count} parts that do not join end to end: give one continuous line"
        )
        raise LineInputError(msg, count=count)
    if len(cleaned) > 1:
        notes.append(f"its {len(cleaned)} parts joined end to end")
    if merged.is_closed:
        msg = N_("the line is closed (a loop): a front line runs from one end to the other")
        raise LineInputError(msg)
    if not merged.is_simple:
        msg = N_("the line crosses itself ({where}): which side is which is unclear")
        raise LineInputError(msg, where=_crossing(merged))
    return merged


def _simplified(line: shapely.LineString, notes: list[str]) -> shapely.LineString:
    count = len(line.coords)
    if count <= SIMPLIFY_ABOVE:
        return line
    frame = LocalFrame.centred_on(line)
    simple = frame.to_lonlat(frame.to_local(line).simplify(SIMPLIFY_M, preserve_topology=True))
    notes.append(
        f"simplified within {SIMPLIFY_M:g} m, from {count:,} to {len(simple.coords):,} points"
    )
    return simple


def _checked(parts: Parts, *, name: str, origin: Literal["file", "drawn"]) -> UserLine:
    notes: list[str] = []
    if parts.dropped_heights:
        notes.append("heights dropped")
    if not any(len(part) for part in parts.parts):
        raise LineInputError(N_("the {format} holds no points"), format=parts.format)
    _check_place(np.concatenate(parts.parts))
    line = _simplified(_one_line(parts, notes), notes)
    length_km = geodesic_length_km(line)
    if not frontline_length_fits(length_km):
        msg = N_("the line is {length} km long; a front line here is {low}–{high} km long")
        low, high = (f"{km:g}" for km in FRONTLINE_KM)
        raise LineInputError(msg, length=f"{length_km:.1f}", low=low, high=high)
    return UserLine(geometry=line, name=name, origin=origin, notes=tuple(notes))


def read_line(data: bytes, *, name: str) -> UserLine:
    """Read a user's front line from a file's bytes (GeoJSON, KML, GeoPackage or CSV).

    Parameters
    ----------
    data
        The file's content, at most ``MAX_BYTES``.
    name
        The file's name as the user gave it; its extension names the format.

    Raises
    ------
    LineInputError
        One line: the file's name and what is wrong.
    """
    shown = shown_name(name)
    try:
        return _checked(read_parts(data, name=name), name=shown, origin="file")
    except LineInputError as exc:
        raise exc.about(shown) from None


def drawn_line(geojson: object) -> UserLine:
    """Read a line drawn on the map: the Draw plugin's GeoJSON Feature or geometry.

    Raises
    ------
    LineInputError
        If it is not one simple line inside the study area.
    """
    try:
        return _checked(geojson_parts(geojson), name="", origin="drawn")
    except LineInputError as exc:
        raise exc.about(Phrase(N_("the drawn line"))) from None


def _side(value: str) -> OppositionSide:
    if value == "left":
        return "left"
    if value == "right":
        return "right"
    msg = f"the opposition side should be left or right of the line, got {value!r}"
    raise LineInputError(msg)


def _uncertainty(value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"the line's uncertainty should be a number of kilometres, got {value!r}"
        raise LineInputError(msg)
    if not 0.0 <= value <= MAX_UNCERTAINTY_KM:
        msg = f"the line's uncertainty should be 0 to {MAX_UNCERTAINTY_KM:g} km, got {value!r}"
        raise LineInputError(msg)
    return float(value)


def _source(line: UserLine, side: str, uncertainty_km: float) -> LineSource:
    what = f"the file “{line.name}”" if line.origin == "file" else "a line drawn on the map"
    notes = f" ({'; '.join(line.notes)})" if line.notes else ""
    sure = (
        "the line's position taken as exact (±0 km, the user gave no uncertainty)"
        if uncertainty_km == 0
        else f"the line's position uncertain by ±{uncertainty_km:g} km, as the user gave it"
    )
    return LineSource(
        title=f"User's line: {what}",
        date="",
        kind="given",
        source=(
            f"a front line from {what}{notes}, as the user gave it; opposition side: "
            f"{side} of the line, walking it from its first point to its last; {sure}"
        ),
        origin=line.origin,
        file_name=line.name,
        side=side,
        uncertainty_km=uncertainty_km,
        notes=tuple(line.notes),
    )


def _line_name(line: UserLine) -> str:
    if line.origin == "drawn":
        return N_("Front line drawn on the map")  # data_text translates it
    return f"Front line of the file “{line.name}”"


def line_data(
    line: UserLine,
    base: StudyData,
    *,
    opposition_side: str,
    uncertainty_km: float = 0.0,
) -> StudyData:
    """Return the study data with a user's line, its opposition side and its uncertainty.

    Parameters
    ----------
    line
        From :func:`read_line` or :func:`drawn_line`.
    base
        The study data (borders, towns, posts, highways).
    opposition_side
        ``left`` or ``right`` of the line's direction (first point to last).
    uncertainty_km
        How far the true line may lie from the given one, 0 to ``MAX_UNCERTAINTY_KM``.

    Raises
    ------
    LineInputError
        If the side or uncertainty is not valid, the line does not cut the study area
        in two, its opposition side holds nothing, or it is not 50-1000 km long.
    """
    side = _side(opposition_side)
    km = _uncertainty(uncertainty_km)
    frontline = densify_geodesic(line.geometry)
    source = _source(line, side, km)
    label = line.name or "the drawn line"
    try:
        # The line first (its length is cheap to check), then the side it gives.
        check_line(frontline, None, name=source.title, shown=label, how="the user's")
        area = side_of_line(
            frontline, side=side, region=base.syria_outside_turkish_areas, study_area=STUDY_AREA
        )
        check_line(frontline, area, name=source.title, shown=label, how="the user's")
    except DataError as exc:
        raise LineInputError(str(exc)) from None
    control_points = gpd.GeoDataFrame(
        {c: pd.Series(dtype=str) for c in CONTROL_COLUMNS[:-1]},
        geometry=gpd.GeoSeries([], crs=4326),
        crs=4326,
    )
    return with_line(
        base,
        frontline=frontline,
        opposition_area=area,
        runs=uncertainty_runs(frontline, np.full(len(frontline.coords), km)),
        control_points=control_points,
        line_name=_line_name(line),
        line_source=source,
    )


def read_control_points(data: bytes, *, name: str) -> pd.DataFrame:
    """Read a user's table of control points (CSV, the columns of the built-in table).

    Raises
    ------
    LineInputError
        If the file is too large or breaks the table's schema (one line: file, line, rule).
    """
    shown = shown_name(name)
    if len(data) > MAX_BYTES:
        raise LineInputError(TOO_LARGE).about(shown)
    try:
        return read_table(io.BytesIO(data), "control_points", shown=shown)
    except DataError as exc:
        raise LineInputError(str(exc)) from None


def table_data(
    table: pd.DataFrame,
    scenario: Scenario,
    base: StudyData,
    *,
    name: str,
    edits: LineEdits | None = None,
) -> StudyData:
    """Derive the line from a user's control points, in place of a scenario's table.

    The scenario gives the rest: whether the Turkish observation posts count as
    opposition-held points, and the zone's widths.

    Raises
    ------
    LineInputError
        If the scenario's line is a road, or the points (with the edits) give no line.
    """
    shown = shown_name(name)
    points = control_table(scenario, base, table=table)
    posts = ", with the Turkish observation posts" if scenario.line.with_posts else ""
    source = LineSource(
        title=f"User's control points: the file “{shown}”",
        date="",
        kind="frontline",
        source=f"the user's table of control points “{shown}” ({len(table)} points{posts})",
        origin="file",
        file_name=shown,
    )
    try:
        return edited_data(
            points,
            base,
            edits=edits,
            line_name=f"Front line derived from the control points of “{shown}”",
            line_source=source,
            shown=shown,
        )
    except DataError as exc:
        raise LineInputError(str(exc)) from None
