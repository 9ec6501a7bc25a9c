"""Scenarios: a line at a date, the zone's widths and side, each read from one TOML file.

A scenario file in ``data/scenarios/`` names the line it buffers: a front line derived
from a table of sourced control points (``kind = "frontline"``), or a road section given
by ordered waypoints (``kind = "road"``). Adding a scenario means adding a file.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo._errors import DataError, LineInputError, ZoneInputError
from geo.engine.projection import densify_geodesic
from geo.engine.uncertainty import uncertainty_runs
from geo.engine.zone import Side, ZoneSpec
from geo.i18n import format_date
from geo.inputs._reference import read_table
from geo.inputs._scenario_schema import parse_scenario
from geo.inputs.derive import CONTROL_COLUMNS, with_line
from geo.inputs.edits import LineEdits, edited_data
from geo.inputs.events import control_on
from geo.inputs.layers import (
    DATA_DIR,
    LineKind,
    LineSource,
    StudyData,
    data_folder,
    handout,
    shown_path,
)

__all__ = [
    "DEFAULT_SCENARIO",
    "SCENARIO_DIR",
    "BrokenScenario",
    "Scenario",
    "ScenarioLine",
    "ScenarioSet",
    "as_points",
    "control_table",
    "dated_name",
    "load_scenarios",
    "scenario_data",
]

log = logging.getLogger(__name__)
#: The built-in scenarios, in the checkout's ``data/``; :func:`load_scenarios` reads the
#: ``scenarios/`` folder of the data folder in use (``$IDLIB_ZONE_DATA_DIR`` if set).
SCENARIO_DIR = DATA_DIR / "scenarios"
DEFAULT_SCENARIO = "sochi-2018"


@dataclass(frozen=True)
class ScenarioLine:
    """The line a scenario buffers.

    Parameters
    ----------
    kind
        ``frontline``: derived from the control points in ``table``; ``road``: the
        waypoints of ``table`` joined in their ``order``.
    table
        A CSV file, relative to the data folder.
    name
        How the line is labelled on the map and in exports.
    with_posts
        Count the 12 Turkish observation posts as opposition-held control points.
    check_table
        Places that are not control points, with their side: a test checks the line.
    position_uncertainty_km
        For a road drawn through town centres: how far the real road may lie.
    prebuilt
        The line is the one ``python -m geo.build`` wrote to ``data/`` (the same result,
        read instead of derived again).
    """

    kind: LineKind
    table: str
    name: str
    with_posts: bool = False
    check_table: str | None = None
    position_uncertainty_km: float = 0.0
    prebuilt: bool = False


@dataclass(frozen=True)
class Scenario:
    """One scenario: what it is, when and on what source, and the zone it draws."""

    name: str
    title: str
    date: str
    source: str
    notes: str
    line: ScenarioLine
    spec: ZoneSpec
    reported_max_km: float | None
    sides: tuple[Side, ...]
    #: For a line of a file of dated control events: the file's name (the series).
    series: str | None = None

    @property
    def line_source(self) -> LineSource:
        """Return what the scenario's line is: its title, date, kind and source."""
        return LineSource(title=self.title, date=self.date, kind=self.line.kind, source=self.source)

    def allows(self, side: str) -> bool:
        """Whether the scenario's line has this side (see :meth:`check_side`)."""
        return side in self.sides

    def check_side(self, side: str) -> Side:
        """Return ``side`` if the scenario allows it: the one rule of the page and the CLI.

        Raises
        ------
        ZoneInputError
            If the scenario's line has no such side (a road has no opposition side).
        """
        for allowed in self.sides:
            if side == allowed:
                return allowed
        msg = f"'side' should be one of {', '.join(self.sides)} for {self.name}, got {side!r}"
        raise ZoneInputError(msg)

    def with_widths(
        self, *, min_km: float | None, max_km: float | None, side: str | None
    ) -> ZoneSpec:
        """Return the scenario's zone, with any width or side a user gave instead.

        Raises
        ------
        ZoneInputError
            If a width is out of range, or the side does not suit the scenario's line.
        """
        chosen = self.check_side(side or self.spec.side)
        return ZoneSpec(
            min_km=self.spec.min_km if min_km is None else min_km,
            max_km=self.spec.max_km if max_km is None else max_km,
            side=chosen,
        )


@dataclass(frozen=True)
class BrokenScenario:
    """A scenario file that could not be read, and why (one line)."""

    file: str
    reason: str


@dataclass(frozen=True)
class ScenarioSet:
    """The scenarios of a folder: the good ones, and the files that are broken.

    One broken file does not hide the others: it is listed with its reason.
    """

    scenarios: Mapping[str, Scenario]
    broken: tuple[BrokenScenario, ...] = ()


#: A scenario's name is its file name: it goes into links and command lines as it is.
#: No '.': a name such as www.example.org would be a link wherever Markdown shows it.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
#: A scenario file is a few hundred bytes; anything past this is not one.
MAX_FILE_BYTES = 64 * 1024


def _read(path: Path, shown: str) -> list[Scenario]:
    if not _NAME.fullmatch(path.stem):
        msg = (
            f"{shown}: the file name should be 1-64 letters, digits, '_' or '-' "
            "(it names the scenario in links and commands)"
        )
        raise DataError(msg)
    try:
        data = path.read_bytes()
        if len(data) > MAX_FILE_BYTES:
            msg = f"{shown}: a scenario file should be at most {MAX_FILE_BYTES // 1024} kB"
            raise DataError(msg)
        # utf-8-sig: a byte order mark, as some editors write, is not an error.
        raw = tomllib.loads(data.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        msg = f"{shown}: cannot read the scenario: {reason}"
        raise DataError(" ".join(msg.split())) from None
    model = parse_scenario(raw, shown)
    line, zone = model.line, model.zone
    scenario = Scenario(
        name=path.stem,
        title=model.title,
        date=model.date,
        source=model.source,
        notes=model.notes,
        line=ScenarioLine(
            kind=line.kind,
            table=line.table,
            name=line.name,
            with_posts=line.with_posts,
            check_table=line.check_table,
            position_uncertainty_km=line.position_uncertainty_km,
            prebuilt=line.prebuilt,
        ),
        spec=ZoneSpec(min_km=zone.min_km, max_km=zone.max_km, side=zone.side),
        reported_max_km=zone.reported_max_km,
        sides=tuple(zone.sides or (zone.side,)),
    )
    if model.dates is None:
        return [scenario]
    return [_dated(scenario, day) for day in model.dates]


def dated_name(series: str, day: str) -> str:
    """Name a series' line of ``day``: ``contact-line-2019-05-15``."""
    return f"{series}-{day}"


def _dated(series: Scenario, day: str) -> Scenario:
    """One line of a file of dated control events: the file's scenario on ``day``."""
    shown = _long_date(day)
    return replace(
        series,
        name=dated_name(series.name, day),
        # Text, not a format string: a file's title must not reach str.format.
        title=series.title.replace("{date}", shown),
        date=day,
        line=replace(series.line, name=series.line.name.replace("{date}", shown)),
        series=series.name,
    )


def _long_date(day: str) -> str:
    """``2019-08-21`` -> ``21 August 2019``, as the catalog's dated texts expect."""
    return format_date(dt.date.fromisoformat(day), "en")


def load_scenarios(folder: Path | None = None) -> ScenarioSet:
    """Read every ``*.toml`` of a folder: the good ones sorted by date then name.

    Parameters
    ----------
    folder
        Default: ``scenarios/`` in the data folder in use (:func:`geo.inputs.layers.data_folder`).

    Returns
    -------
    ScenarioSet
        The scenarios, and every file that is not a valid scenario with its reason.

    Raises
    ------
    DataError
        If the folder is missing, cannot be listed, or has no scenario file.
    """
    data_dir = data_folder()
    folder = folder or data_dir / "scenarios"
    shown = shown_path(folder, data_dir)
    try:
        paths = sorted(p for p in folder.glob("*.toml") if not p.is_dir())
    except OSError as exc:
        log.error("cannot list the scenario folder %s: %s", folder, exc)
        msg = f"cannot list the scenario folder {shown}/: {exc.strerror}"
        raise DataError(msg) from None
    if not folder.is_dir():
        log.error("the scenario folder %s is missing", folder)
        msg = f"the scenario folder {shown}/ is missing from the data folder"
        raise DataError(msg)
    if not paths:
        msg = f"no scenario files (*.toml) in {shown}/"
        raise DataError(msg)
    good, broken = [], []
    for path in paths:
        file = shown_path(path, data_dir)
        try:
            good.extend(_read(path, file))
        except DataError as exc:
            log.warning("broken scenario file %s: %s", path, exc)
            broken.append(BrokenScenario(file=file, reason=str(exc)))
    ordered = sorted(good, key=lambda s: (s.date, s.name))
    return ScenarioSet(
        scenarios=MappingProxyType({s.name: s for s in ordered}), broken=tuple(broken)
    )


def _points(scenario: Scenario, data_dir: Path) -> gpd.GeoDataFrame:
    kind = {"frontline": "control_points", "events": "control_events", "road": "road"}
    shown = scenario.line.table
    table = read_table(data_dir / shown, kind[scenario.line.kind], shown=shown)
    if scenario.line.kind == "events":
        table = control_on(table, scenario.date)
    return as_points(table)


def as_points(table: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return a table with ``lon`` and ``lat`` as points in EPSG:4326 (rows without dropped)."""
    table = table.dropna(subset=["lat", "lon"])
    return gpd.GeoDataFrame(
        table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs=4326
    )


def control_table(
    scenario: Scenario,
    base: StudyData,
    *,
    data_dir: Path | None = None,
    table: pd.DataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Return the control points a scenario's front line is derived from.

    Parameters
    ----------
    scenario
        A scenario whose line is derived from control points (not a road).
    base
        The study data: its observation posts join the table if the scenario counts them.
    data_dir
        Folder the scenario's table is relative to; default: the data folder in use.
    table
        A table of control points (the columns of ``reference/control_points_2018.csv``)
        to use instead of the scenario's own.

    Raises
    ------
    ZoneInputError
        If the scenario's line is a road.
    DataError
        If the scenario's table cannot be read.
    """
    if scenario.line.kind == "road":
        msg = f"{scenario.name}: a road is drawn through waypoints, not derived from control points"
        raise ZoneInputError(msg)
    points = _points(scenario, data_dir or data_folder()) if table is None else as_points(table)
    points = points.reindex(columns=CONTROL_COLUMNS).fillna("")
    if scenario.line.with_posts:
        posts = base.control_points[base.control_points["source_table"] == "observation_posts.csv"]
        points = gpd.GeoDataFrame(
            pd.concat([points, posts[CONTROL_COLUMNS]], ignore_index=True), crs=4326
        ).drop_duplicates(subset="geometry")
    return gpd.GeoDataFrame(points.reset_index(drop=True), geometry="geometry", crs=4326)


def _road_data(scenario: Scenario, base: StudyData, data_dir: Path) -> StudyData:
    points = _points(scenario, data_dir)
    if "order" in points:
        points = points.sort_values("order")
    if len(points) < 2:
        msg = f"{scenario.line.table}: a road needs at least two waypoints with coordinates"
        raise DataError(msg)
    try:
        road = densify_geodesic(shapely.LineString(np.column_stack([points["lon"], points["lat"]])))
        uncertainty = np.full(len(road.coords), scenario.line.position_uncertainty_km)
        runs = uncertainty_runs(road, uncertainty)
    except (ValueError, TypeError, shapely.errors.GEOSException) as exc:
        log.exception("deriving %s from %s failed", scenario.name, data_dir)
        msg = f"{scenario.line.table}: no line can be derived from this table ({exc})"
        raise DataError(" ".join(msg.split())) from None
    control = points.assign(control="", control_source=points.get("coord_source", ""))
    control["control_date"] = scenario.date
    return with_line(
        base,
        frontline=road,
        opposition_area=shapely.Polygon(),
        runs=runs,
        control_points=control[CONTROL_COLUMNS],
        line_name=scenario.line.name,
        line_source=scenario.line_source,
    )


def scenario_data(
    scenario: Scenario,
    base: StudyData,
    *,
    edits: LineEdits | None = None,
    data_dir: Path | None = None,
) -> StudyData:
    """Return the study data with a scenario's line, its side and its uncertainty.

    The result carries the scenario's ``line_name`` and ``line_source``; a ``prebuilt``
    line is ``base`` itself with those two labels. With ``edits``, the line is derived
    from the scenario's control points as the user edited them, by the same rule, and
    its ``line_source`` lists the edits.

    Parameters
    ----------
    scenario
        A scenario from :func:`load_scenarios`.
    base
        The study data (borders, towns, posts, highways) from
        :func:`geo.inputs.layers.load_study_data`.
    edits
        A user's flips and added control points (not for a road).
    data_dir
        Folder the scenario's tables are relative to; default: the data folder in use.

    Raises
    ------
    DataError
        If the scenario's table cannot be read or gives no line.
    LineInputError
        If the edits do not fit the scenario's table, or give no line.
    """
    folder = (data_dir or data_folder()).resolve()
    edits = edits or None
    key = (scenario, edits, id(base), folder)
    if key not in _DERIVED or _DERIVED[key][0] is not base:
        if len(_DERIVED) >= _MAX_DERIVED:
            _DERIVED.pop(next(iter(_DERIVED)))
        _DERIVED[key] = (base, _derive(scenario, base, folder, edits))
    # A copy: a caller that changes its tables does not change the cache.
    return handout(_DERIVED[key][1])


#: Derived scenario data, kept per (scenario, edits, study data, folder); a few entries at
#: most. Private: :func:`scenario_data` hands out copies.
_DERIVED: dict[tuple[Scenario, LineEdits | None, int, Path], tuple[StudyData, StudyData]] = {}
_MAX_DERIVED = 8


def _derive(
    scenario: Scenario, base: StudyData, data_dir: Path, edits: LineEdits | None
) -> StudyData:
    if scenario.line.prebuilt and not edits:  # the layers in data/ are this line
        return replace(base, line_name=scenario.line.name, line_source=scenario.line_source)
    if scenario.line.kind == "road":
        if edits:
            msg = f"{scenario.name}: a road has no control points to edit"
            raise LineInputError(msg)
        return _road_data(scenario, base, data_dir)
    return edited_data(
        control_table(scenario, base, data_dir=data_dir),
        base,
        edits=edits,
        line_name=scenario.line.name,
        line_source=scenario.line_source,
        shown=scenario.line.table,
    )
