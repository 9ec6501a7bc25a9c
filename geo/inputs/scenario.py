"""Scenarios: a line at a date, the zone's widths and side, each read from one TOML file.

A scenario file in ``data/scenarios/`` names the line it buffers: a front line derived
from a table of sourced control points (``kind = "frontline"``), or a road section given
by ordered waypoints (``kind = "road"``). Adding a scenario means adding a file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo._errors import DataError, ZoneInputError
from geo.engine.frontline import STUDY_AREA, derive_sides
from geo.engine.projection import densify_geodesic
from geo.engine.uncertainty import uncertainty_corridor, uncertainty_runs
from geo.engine.zone import SIDES, Side, ZoneSpec
from geo.inputs.layers import (
    DATA_DIR,
    LineKind,
    LineSource,
    StudyData,
    data_folder,
    measure_points,
)

__all__ = [
    "DEFAULT_SCENARIO",
    "SCENARIO_DIR",
    "Scenario",
    "ScenarioLine",
    "load_scenarios",
    "scenario_data",
]

#: The built-in scenarios, in the checkout's ``data/`` (or ``$IDLIB_ZONE_DATA_DIR``).
SCENARIO_DIR = DATA_DIR / "scenarios"
DEFAULT_SCENARIO = "sochi-2018"
CONTROL_COLUMNS = ["name", "control", "control_source", "control_date", "geometry"]


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

    @property
    def line_source(self) -> LineSource:
        """Return what the scenario's line is: its title, date, kind and source."""
        return LineSource(title=self.title, date=self.date, kind=self.line.kind, source=self.source)

    def with_widths(
        self, *, min_km: float | None, max_km: float | None, side: str | None
    ) -> ZoneSpec:
        """Return the scenario's zone, with any width or side a user gave instead.

        Raises
        ------
        ZoneInputError
            If a width is out of range, or the side does not suit the scenario's line.
        """
        chosen = side or self.spec.side
        if chosen not in self.sides:
            msg = f"'side' should be one of {', '.join(self.sides)} for {self.name}, got {chosen!r}"
            raise ZoneInputError(msg)
        return ZoneSpec(
            min_km=self.spec.min_km if min_km is None else min_km,
            max_km=self.spec.max_km if max_km is None else max_km,
            side=chosen,
        )


def _need(table: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in table:
        msg = f"{where}: missing '{key}'"
        raise DataError(msg)
    value = table[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind):
        msg = f"{where}: '{key}' should be a {kind.__name__}, got {value!r}"
        raise DataError(msg)
    return value


def _read(path: Path) -> Scenario:
    where = path.name
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        msg = f"{where}: cannot read the scenario: {exc}"
        raise DataError(msg) from None
    line_table = _need(raw, "line", dict, where)
    zone_table = _need(raw, "zone", dict, where)
    kind = _need(line_table, "kind", str, f"{where} [line]")
    if kind not in ("frontline", "road"):
        msg = f"{where} [line]: 'kind' should be frontline or road, got {kind!r}"
        raise DataError(msg)
    line = ScenarioLine(
        kind=kind,
        table=_need(line_table, "table", str, f"{where} [line]"),
        name=_need(line_table, "name", str, f"{where} [line]"),
        with_posts=bool(line_table.get("with_posts", False)),
        check_table=line_table.get("check_table"),
        position_uncertainty_km=float(line_table.get("position_uncertainty_km", 0.0)),
        prebuilt=bool(line_table.get("prebuilt", False)),
    )
    sides = tuple(zone_table.get("sides", [_need(zone_table, "side", str, f"{where} [zone]")]))
    if kind == "road" and "opposition" in sides:
        msg = f"{where} [zone]: a road has no opposition side; use side = 'both'"
        raise DataError(msg)
    if not set(sides) <= set(SIDES):
        msg = f"{where} [zone]: sides should be among {', '.join(SIDES)}, got {list(sides)}"
        raise DataError(msg)
    try:
        spec = ZoneSpec(
            min_km=_need(zone_table, "min_km", float, f"{where} [zone]"),
            max_km=_need(zone_table, "max_km", float, f"{where} [zone]"),
            side=_need(zone_table, "side", str, f"{where} [zone]"),
        )
    except ZoneInputError as exc:
        msg = f"{where} [zone]: {exc}"
        raise DataError(msg) from None
    reported = zone_table.get("reported_max_km")
    return Scenario(
        name=path.stem,
        title=_need(raw, "title", str, where),
        date=_need(raw, "date", str, where),
        source=_need(raw, "source", str, where),
        notes=str(raw.get("notes", "")),
        line=line,
        spec=spec,
        reported_max_km=None if reported is None else float(reported),
        sides=cast(tuple[Side, ...], sides),
    )


def load_scenarios(folder: Path | None = None) -> dict[str, Scenario]:
    """Read every ``*.toml`` of a folder, sorted by date then name.

    Parameters
    ----------
    folder
        Default: ``scenarios/`` in the data folder in use (:func:`geo.inputs.layers.data_folder`).

    Raises
    ------
    DataError
        If the folder has no scenario, or a file is not a valid scenario.
    """
    folder = folder or data_folder() / "scenarios"
    scenarios = [_read(path) for path in sorted(folder.glob("*.toml"))]
    if not scenarios:
        msg = f"no scenario files (*.toml) in {folder}"
        raise DataError(msg)
    return {s.name: s for s in sorted(scenarios, key=lambda s: (s.date, s.name))}


def _points(scenario: Scenario, data_dir: Path) -> gpd.GeoDataFrame:
    path = data_dir / scenario.line.table
    try:
        table = pd.read_csv(path)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        msg = f"{scenario.name}: cannot read {scenario.line.table}: {exc}"
        raise DataError(msg) from None
    missing = {"name", "lat", "lon"} - set(table.columns)
    if missing:
        msg = f"{scenario.line.table}: missing columns {sorted(missing)}"
        raise DataError(msg)
    table = table.dropna(subset=["lat", "lon"])
    return gpd.GeoDataFrame(
        table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs=4326
    )


def _frontline_layers(scenario: Scenario, base: StudyData, data_dir: Path) -> dict[str, Any]:
    points = _points(scenario, data_dir)
    columns = CONTROL_COLUMNS
    points = points.reindex(columns=columns).fillna("")
    if scenario.line.with_posts:
        posts = base.control_points[base.control_points["source_table"] == "observation_posts.csv"]
        points = gpd.GeoDataFrame(
            pd.concat([points, posts[columns]], ignore_index=True), crs=4326
        ).drop_duplicates(subset="geometry")
    points = gpd.GeoDataFrame(points.reset_index(drop=True), geometry="geometry", crs=4326)
    sides = derive_sides(points, syria=base.syria, study_area=STUDY_AREA)
    return {
        "frontline": sides.frontline,
        "opposition_area": sides.opposition_area,
        "turkish_areas": sides.turkish_area,
        "control_points": points,
        "line_uncertainty": sides.line_runs,
    }


def _road_layers(scenario: Scenario, base: StudyData, data_dir: Path) -> dict[str, Any]:
    points = _points(scenario, data_dir)
    if "order" in points:
        points = points.sort_values("order")
    if len(points) < 2:
        msg = f"{scenario.line.table}: a road needs at least two waypoints with coordinates"
        raise DataError(msg)
    road = densify_geodesic(shapely.LineString(np.column_stack([points["lon"], points["lat"]])))
    runs = uncertainty_runs(road, np.full(len(road.coords), scenario.line.position_uncertainty_km))
    control = points.assign(control="", control_source=points.get("coord_source", ""))
    control["control_date"] = scenario.date
    return {
        "frontline": road,
        "opposition_area": shapely.Polygon(),
        "control_points": control[
            ["name", "control", "control_source", "control_date", "geometry"]
        ],
        "line_uncertainty": runs,
    }


def scenario_data(
    scenario: Scenario, base: StudyData, *, data_dir: Path | None = None
) -> StudyData:
    """Return the study data with a scenario's line, its side and its uncertainty.

    The result carries the scenario's ``line_name`` and ``line_source``; a ``prebuilt``
    line is ``base`` itself with those two labels.

    Parameters
    ----------
    scenario
        A scenario from :func:`load_scenarios`.
    base
        The study data (borders, towns, posts, highways) from
        :func:`geo.inputs.layers.load_study_data`.
    data_dir
        Folder the scenario's tables are relative to; default: the data folder in use.

    Raises
    ------
    DataError
        If the scenario's table cannot be read or gives no line.
    """
    folder = (data_dir or data_folder()).resolve()
    key = (scenario, id(base), folder)
    if key not in _DERIVED or _DERIVED[key][0] is not base:
        if len(_DERIVED) >= _MAX_DERIVED:
            _DERIVED.pop(next(iter(_DERIVED)))
        _DERIVED[key] = (base, _derive(scenario, base, folder))
    return _DERIVED[key][1]


#: Derived scenario data, kept per (scenario, study data, folder); a few entries at most.
_DERIVED: dict[tuple[Scenario, int, Path], tuple[StudyData, StudyData]] = {}
_MAX_DERIVED = 8


def _derive(scenario: Scenario, base: StudyData, data_dir: Path) -> StudyData:
    if scenario.line.prebuilt:  # the layers in data/ are this line: only its labels change
        return replace(base, line_name=scenario.line.name, line_source=scenario.line_source)
    build = _frontline_layers if scenario.line.kind == "frontline" else _road_layers
    layers = build(scenario, base, data_dir)
    frontline: shapely.LineString = layers["frontline"]
    runs: gpd.GeoDataFrame = layers["line_uncertainty"]
    control_points = layers["control_points"]
    opposition_area = layers["opposition_area"]
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
    turkish_areas = layers.get("turkish_areas", base.turkish_areas)
    return replace(
        base,
        turkish_areas=turkish_areas,
        syria_outside_turkish_areas=base.syria.difference(turkish_areas),
        frontline=frontline,
        opposition_area=opposition_area,
        control_points=control_points,
        towns=towns,
        posts=posts,
        line_uncertainty=runs,
        uncertainty_corridor=uncertainty_corridor(runs),
        line_name=scenario.line.name,
        line_source=scenario.line_source,
    )
