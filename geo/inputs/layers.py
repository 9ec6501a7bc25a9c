"""Load the committed data layers from ``data/`` in the project checkout."""

from __future__ import annotations

import logging
import os
import warnings
from dataclasses import dataclass, fields, replace
from functools import cache
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pyogrio
import shapely
from shapely.geometry.base import BaseGeometry

from geo._errors import DataError
from geo.engine.frontline import FRONTLINE_NAME
from geo.engine.overlay import distance_to_line_km
from geo.engine.uncertainty import at_control_point, uncertainty_at_km
from geo.i18n import N_
from geo.inputs._validate import validate_layer

__all__ = [
    "BUILT_LINE",
    "DATA_DIR",
    "DATA_DIR_ENV",
    "LAYER_FILES",
    "LineKind",
    "LineOrigin",
    "LineSource",
    "StudyData",
    "data_folder",
    "handout",
    "load_study_data",
    "measure_points",
    "read_layer",
    "shown_path",
]

log = logging.getLogger(__name__)

#: The checkout's ``data/`` folder: the project is used from its checkout (editable install).
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
#: Environment variable that points the engine at another folder of layer files.
DATA_DIR_ENV = "IDLIB_ZONE_DATA_DIR"

#: Layer name -> file name, for every layer that ``python -m geo.build`` writes.
LAYER_FILES = {
    "frontline": "frontline.geojson",
    "opposition_area": "opposition_area.geojson",
    "turkish_areas": "turkish_areas.geojson",
    "borders": "borders.geojson",
    "control_points": "control_points.geojson",
    "posts": "posts.geojson",
    "towns": "towns.geojson",
    "highways": "highways.geojson",
    "line_uncertainty": "line_uncertainty.geojson",
    "uncertainty_corridor": "uncertainty_corridor.geojson",
}


def read_layer(name: str, *, data_dir: Path = DATA_DIR) -> gpd.GeoDataFrame:
    """Read one layer of ``data/`` as a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    name
        A key of ``LAYER_FILES``.
    data_dir
        Folder holding the layer files.

    Raises
    ------
    DataError
        If the file is missing, cannot be read, or breaks the layer's schema in
        ``geo.inputs._validate.SCHEMAS`` (one line: file, feature and rule).
    """
    if name not in LAYER_FILES:
        msg = f"unknown layer {name!r}; expected one of {', '.join(LAYER_FILES)}"
        raise DataError(msg)
    path = data_dir / LAYER_FILES[name]
    try:
        return _read_layer(name, path, Path(LAYER_FILES[name]))
    except DataError as exc:
        # The page and the command line name the file in the data folder; the log, where.
        log.error("layer %r in %s: %s", name, data_dir, exc)
        raise


def _read_layer(name: str, path: Path, shown: Path) -> gpd.GeoDataFrame:
    # GDAL warns of what it dropped or could not parse; the schema says it better, and a
    # warning printed on stderr would break the command line's one-line errors.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame = pyogrio.read_dataframe(path)
        except Exception as exc:  # pyogrio raises several error types for bad files
            reason = str(exc).replace(str(path), str(shown))
            msg = f"cannot read {shown}: {reason}. Rebuild it with `python -m geo.build`."
            raise DataError(" ".join(msg.split())) from exc
    if not isinstance(frame, gpd.GeoDataFrame):
        msg = f"{shown}: has no geometry. Rebuild it with `python -m geo.build`."
        raise DataError(msg)
    if frame.empty:
        msg = f"{shown} holds no features. Rebuild it with `python -m geo.build`."
        raise DataError(msg)
    layer = validate_layer(name, frame.set_crs(4326, allow_override=True), shown)
    if caught:  # valid as read, but GDAL changed or skipped something on the way
        more = f" (and {len(caught) - 1} more warnings)" if len(caught) > 1 else ""
        message = str(caught[0].message).replace(str(path), str(shown))
        msg = f"{shown}: GDAL warns: {message}{more}"
        raise DataError(" ".join(msg.split()))
    return layer


#: How a line is made: from control points, from dated control events, along a road, or
#: as a user gave it (a file or a drawing, with the side the user named as opposition).
LineKind = Literal["frontline", "events", "road", "given"]
#: Who gave the line: a built-in scenario (perhaps with a user's edits), a user's file,
#: or a user's drawing on the map.
LineOrigin = Literal["scenario", "file", "drawn"]


@dataclass(frozen=True)
class LineSource:
    """Where the line a zone is drawn along comes from: the scenario that names it.

    Every output that says what the line is (export descriptions, the print map's
    subtitle and legend, the one-file HTML map) reads it from here.

    Parameters
    ----------
    title
        The scenario's title, e.g. "Sochi memorandum zone, September 2018".
    date
        The date of the line, ISO 8601 (``2018-09-17``).
    kind
        ``frontline`` (or ``events``): a front line derived from towns' control, with an
        opposition-held side; ``road``: a road drawn through waypoints, with no sides;
        ``given``: a front line as a user gave it, with the side the user named.
    source
        The document or table the scenario rests on; for a user's line, what the user
        gave (the file, the opposition side, the line's uncertainty).
    origin
        ``scenario``: a built-in scenario's line; ``file``: a line or a table of control
        points from a user's file (``file_name``); ``drawn``: a line drawn on the map.
    file_name
        The user's file, as the user named it (text, never markup).
    edits
        One sentence per edit a user made to the control points, for the provenance
        of every export ("Saraqib set to government by the user").
    side, uncertainty_km, notes
        For a ``given`` line: the opposition side the user named (``left`` or ``right``
        of the line's direction), the uncertainty they gave, and what reading their file
        changed (so that the outputs can say it in their language).
    """

    title: str
    date: str
    kind: LineKind
    source: str
    origin: LineOrigin = "scenario"
    file_name: str = ""
    edits: tuple[str, ...] = ()
    side: str = ""
    uncertainty_km: float = 0.0
    notes: tuple[str, ...] = ()


#: The line that ``python -m geo.build`` writes to ``data/``: the line of contact of
#: September 2018, derived from ``reference/control_points_2018.csv`` and the posts.
BUILT_LINE = LineSource(
    title=N_("Line of contact, September 2018"),
    date="2018-09-17",
    kind="frontline",
    source=N_(
        "control points of September 2018, each sourced (reference/control_points_2018.csv), "
        "and the 12 Turkish observation posts (reference/observation_posts.csv)"
    ),
)


@dataclass(frozen=True)
class StudyData:
    """Every layer the engine works with, in lon/lat (EPSG:4326).

    ``posts`` and ``towns`` carry ``distance_km``, their geodesic distance to the front
    line, ``line_uncertainty_km``, how far the line could move near them, and
    ``side_known``, whether they are control points themselves, and ``opposition_side``.
    None of these depends on the zone, so they are measured once, when loading.
    ``line_name`` labels the line; ``line_source`` says which scenario it is, of what
    date and kind.
    """

    frontline: shapely.LineString
    opposition_area: BaseGeometry
    turkish_areas: BaseGeometry
    syria: BaseGeometry
    syria_outside_turkish_areas: BaseGeometry
    borders: gpd.GeoDataFrame
    control_points: gpd.GeoDataFrame
    posts: gpd.GeoDataFrame
    towns: gpd.GeoDataFrame
    highways: gpd.GeoDataFrame
    line_uncertainty: gpd.GeoDataFrame
    uncertainty_corridor: gpd.GeoDataFrame
    line_name: str = FRONTLINE_NAME
    line_source: LineSource = BUILT_LINE


def measure_points(
    points: gpd.GeoDataFrame,
    *,
    frontline: shapely.LineString,
    runs: gpd.GeoDataFrame,
    control_points: gpd.GeoDataFrame,
    opposition_area: BaseGeometry,
) -> gpd.GeoDataFrame:
    """Add what does not depend on the zone's widths to towns or posts.

    Parameters
    ----------
    points
        Towns or posts in lon/lat.
    frontline
        The front line in lon/lat.
    runs
        The line in runs with ``line_uncertainty_km``.
    control_points
        The points the line was derived from.
    opposition_area
        The opposition-held side of the line.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with ``distance_km``, ``line_uncertainty_km``, ``side_known`` and
        ``opposition_side``.
    """
    return points.assign(
        distance_km=distance_to_line_km(points, frontline),
        line_uncertainty_km=uncertainty_at_km(points, runs),
        side_known=at_control_point(points, control_points),
        opposition_side=points.covered_by(opposition_area),
    )


def data_folder() -> Path:
    """Return the folder of layer files in use: ``$IDLIB_ZONE_DATA_DIR`` or ``data/``.

    An empty ``$IDLIB_ZONE_DATA_DIR`` counts as unset (not as the current folder).
    """
    return Path(os.environ.get(DATA_DIR_ENV) or DATA_DIR)


def shown_path(path: Path, data_dir: Path | None = None) -> str:
    """Name a file as the page and the command line show it: relative to the data folder.

    A visitor never sees where the server keeps its files; a file outside the data
    folder is named by its file name only.
    """
    base = data_dir or data_folder()
    try:
        return path.relative_to(base).as_posix() or "."
    except ValueError:
        try:
            return path.resolve().relative_to(base.resolve()).as_posix() or "."
        except (ValueError, OSError):
            return path.name


def handout(data: StudyData) -> StudyData:
    """Return ``data`` with a copy of each of its tables, for a caller to keep or change.

    Copies are shallow: under pandas' copy-on-write (pandas 3) a change to one copies
    the data then, so the cached tables are never changed through a copy. Geometries
    are immutable shapely objects, shared.
    """
    changes = {
        f.name: value.copy(deep=False)
        for f in fields(data)
        if isinstance(value := getattr(data, f.name), gpd.GeoDataFrame)
    }
    return replace(data, **changes)


def load_study_data(data_dir: Path | None = None) -> StudyData:
    """Read every layer of ``data/`` once; later calls return copies of the same tables.

    Parameters
    ----------
    data_dir
        Folder of layer files; default: ``$IDLIB_ZONE_DATA_DIR`` or the checkout's
        ``data/``.

    Returns
    -------
    StudyData
        The layers, read once per folder; each call gets its own copy of the tables.

    Raises
    ------
    DataError
        If the folder or a file is missing, unreadable or breaks its layer's schema.
    """
    folder = data_dir or data_folder()
    if not folder.is_dir():
        log.error("the data folder %s is missing", folder)
        source = f" (set by {DATA_DIR_ENV})" if os.environ.get(DATA_DIR_ENV) else ""
        msg = f"the data folder{source} is missing or not a folder"
        raise DataError(msg)
    return handout(_load(folder.resolve()))


@cache
def _load(data_dir: Path) -> StudyData:
    # read_layer validates each layer: one LineString front line, one Syria, and so on.
    layers = {name: read_layer(name, data_dir=data_dir) for name in LAYER_FILES}
    frontline = layers["frontline"].geometry.iloc[0]
    borders = layers["borders"]
    syria = borders.loc[borders["iso_a3"] == "SYR"].geometry
    # GeoJSON has one number type: counts come back as floats where some are missing.
    for column in ("population", "population_year"):
        layers["towns"][column] = layers["towns"][column].round().astype("Int64")
    runs = layers["line_uncertainty"]
    opposition_area = layers["opposition_area"].geometry.iloc[0]
    turkish_areas = layers["turkish_areas"].geometry.union_all()
    posts, towns = (
        measure_points(
            layers[name],
            frontline=frontline,
            runs=runs,
            control_points=layers["control_points"],
            opposition_area=opposition_area,
        )
        for name in ("posts", "towns")
    )
    return StudyData(
        frontline=frontline,
        opposition_area=opposition_area,
        turkish_areas=turkish_areas,
        syria=syria.iloc[0],
        syria_outside_turkish_areas=syria.iloc[0].difference(turkish_areas),
        borders=borders,
        control_points=layers["control_points"],
        posts=posts,
        towns=towns,
        highways=layers["highways"],
        line_uncertainty=runs,
        uncertainty_corridor=layers["uncertainty_corridor"],
    )
