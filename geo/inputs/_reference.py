"""Declared schemas of the CSV tables: ``data/reference/*.csv`` and the scenarios' tables.

The build (``python -m geo.build``) and the scenarios (:mod:`geo.inputs.scenario`) read
their tables through :func:`read_table`: every column is read as text and converted by
the table's pandera schema, so a value such as ``98,791`` or ``north`` is a one-line
:class:`~geo._errors.DataError` naming the file, the line and the rule, never a traceback
or a silently dropped row.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

import pandas as pd
import pandera.pandas as pa

from geo._errors import DataError
from geo.engine.frontline import CONTROL_VALUES, STUDY_AREA
from geo.inputs._tables import (
    NON_NEGATIVE,
    Wording,
    number_column,
    one_of,
    rule,
    text_column,
    validate_frame,
)

__all__ = [
    "CSV_LINES",
    "HIGHWAY_NAMES",
    "MAX_CONTROL_EVENTS",
    "MAX_CONTROL_POINTS",
    "MAX_WAYPOINTS",
    "TABLES",
    "read_table",
]

#: A scenario's front line is derived from at most this many control points (a Voronoi
#: partition of 500 points takes about a second; the 2018 table has 86).
MAX_CONTROL_POINTS = 500
#: Rows of a table of dated control events (a few changes of hands per place).
MAX_CONTROL_EVENTS = 5_000
#: A road is drawn through at most this many waypoints (the M4 corridor has 7).
MAX_WAYPOINTS = 2_000
#: The highways the build draws, by id, with their names on the map.
HIGHWAY_NAMES: Mapping[str, str] = MappingProxyType(
    {"M4": "M4 (Saraqib - Latakia)", "M5": "M5 (Aleppo - Hama)"}
)
#: The wording of a CSV file's messages: the line number in the file (header = line 1).
CSV_LINES = Wording(unit="line", field="column", first=2)

_WEST, _SOUTH, _EAST, _NORTH = STUDY_AREA.bounds


def _inside(lat: Any, lon: Any) -> Any:
    return (lat >= _SOUTH) & (lat <= _NORTH) & (lon >= _WEST) & (lon <= _EAST)


def _in_study_area(frame: pd.DataFrame) -> Any:
    if not {"lat", "lon"} <= set(frame.columns):  # a missing column is its own problem
        return True
    lat, lon = frame["lat"], frame["lon"]
    # A row without coordinates is refused by its columns, or skipped (a road's waypoint).
    return _inside(lat, lon) | lat.isna() | lon.isna()


def _position(_: Any, frame: pd.DataFrame, index: Any) -> str:
    lat, lon = (float(frame[c].iloc[int(index)]) for c in ("lat", "lon"))
    swapped = "; are lat and lon swapped?" if bool(_inside(lon, lat)) else ""
    return f"lat {lat:g}, lon {lon:g}{swapped}"


_IN_STUDY_AREA = rule(
    f"lies outside the study area ({_WEST:g}–{_EAST:g}° E, {_SOUTH:g}–{_NORTH:g}° N)",
    _in_study_area,
    _position,
)


def _rows(low: int, high: int, what: str) -> pa.Check:
    return rule(
        f"should hold {low:,} to {high:,} {what}",
        lambda frame: low <= len(frame) <= high,
        lambda _, frame, __: f"it holds {len(frame):,}",
    )


def _sides(frame: pd.DataFrame) -> bool:
    if "control" not in frame:
        return True
    held = set(frame["control"])
    return {"government", "opposition"} <= held


def _changes_of_hands(frame: pd.DataFrame) -> Any:
    """Check that a place's later rows follow in date order, each changing its side."""
    if not {"name", "from_date", "control"} <= set(frame.columns):
        return True
    ordered = frame.sort_values("from_date", kind="stable")
    grouped = ordered.groupby("name", sort=False)
    first = ~ordered["name"].duplicated()
    changed = ordered["control"] != grouped["control"].shift()
    later = ordered["from_date"] > grouped["from_date"].shift()
    in_file_order = frame.groupby("name", sort=False)["from_date"].transform(
        lambda dates: dates.is_monotonic_increasing
    )
    return (first | (changed & later)).reindex(frame.index) & in_file_order.astype(bool)


_ISO_DAY = pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$", error="should be a date as YYYY-MM-DD")


def _two_per_highway(frame: pd.DataFrame) -> Any:
    if "highway" not in frame:
        return True
    return frame.groupby("highway")["highway"].transform("size") >= 2


def _distinct_steps(frame: pd.DataFrame) -> Any:
    if not {"highway", "order"} <= set(frame.columns):
        return True
    return ~frame.duplicated(["highway", "order"], keep=False)


_LATITUDE = pa.Check.in_range(-90, 90, error="should be a latitude, -90 to 90")
_LONGITUDE = pa.Check.in_range(-180, 180, error="should be a longitude, -180 to 180")
_LAT = number_column(float, _LATITUDE)
_LON = number_column(float, _LONGITUDE)
_YEAR = pa.Check.in_range(1900, 2100, error="should be a year")
_PLACES = {"name": text_column(), "lat": _LAT, "lon": _LON}
_CONTROL = {
    **_PLACES,
    "geonames_name": text_column(nullable=True, required=False),
    "coord_source": text_column(),
    "control": text_column(one_of(CONTROL_VALUES)),
    "control_source": text_column(),
    "control_date": text_column(),
}

_CONTROL_EVENT = {
    **{k: v for k, v in _CONTROL.items() if k != "control_date"},
    "from_date": text_column(_ISO_DAY),
}

#: Table kind -> declared schema.
TABLES: Mapping[str, pa.DataFrameSchema] = MappingProxyType(
    {
        # The control points a front line is derived from (the build's 2018 table, a
        # frontline scenario's table).
        "control_points": pa.DataFrameSchema(
            _CONTROL,
            checks=[
                _rows(1, MAX_CONTROL_POINTS, "control points"),
                rule("needs a 'government' and an 'opposition' place", _sides),
                _IN_STUDY_AREA,
            ],
        ),
        # Who held each control point from which date: one row per change of hands.
        "control_events": pa.DataFrameSchema(
            {**_CONTROL_EVENT},
            checks=[
                _rows(1, MAX_CONTROL_EVENTS, "rows"),
                rule(
                    "should follow its place's earlier row in date order and change its side",
                    _changes_of_hands,
                ),
                _IN_STUDY_AREA,
            ],
        ),
        # Places with a sourced side that test a line; not control points.
        "check_places": pa.DataFrameSchema(
            _CONTROL, checks=[_rows(1, MAX_CONTROL_POINTS, "places"), _IN_STUDY_AREA]
        ),
        "towns": pa.DataFrameSchema(
            {
                **_PLACES,
                "name": text_column(unique=True),
                "name_ar": text_column(nullable=True),
                "geonames_name": text_column(nullable=True),
                "coord_source": text_column(),
                "population": number_column("Int64", NON_NEGATIVE, nullable=True),
                "population_year": number_column("Int64", _YEAR, nullable=True),
                "population_source": text_column(),
            },
            checks=[_rows(1, 100_000, "towns"), _IN_STUDY_AREA],
        ),
        "observation_posts": pa.DataFrameSchema(
            {
                **_PLACES,
                "operator": text_column(),
                "number": number_column(
                    int, pa.Check.ge(1, error="should be 1 or more"), unique=True
                ),
                "established": text_column(),
                "source": text_column(),
                "verified": text_column(),
            },
            checks=[_rows(1, 100, "posts"), _IN_STUDY_AREA],
        ),
        "highways": pa.DataFrameSchema(
            {
                "highway": text_column(one_of(tuple(HIGHWAY_NAMES))),
                "order": number_column(int),
                "waypoint": text_column(),
                "lat": _LAT,
                "lon": _LON,
                "source": text_column(),
            },
            checks=[
                _rows(2, MAX_WAYPOINTS, "waypoints"),
                rule("repeats another waypoint's highway and order", _distinct_steps),
                rule("is its highway's only waypoint: a highway needs two", _two_per_highway),
                _IN_STUDY_AREA,
            ],
        ),
        # A road scenario's waypoints, joined in their `order` (else in file order); a
        # waypoint without coordinates (no source found) is named but not drawn.
        "road": pa.DataFrameSchema(
            {
                "name": text_column(),
                "lat": number_column(float, _LATITUDE, nullable=True),
                "lon": number_column(float, _LONGITUDE, nullable=True),
                "order": number_column(int, unique=True, required=False),
            },
            checks=[_rows(2, MAX_WAYPOINTS, "waypoints"), _IN_STUDY_AREA],
        ),
    }
)


def read_table(path: Path | IO[bytes], kind: str, *, shown: str) -> pd.DataFrame:
    """Read a CSV table and check it against its schema in :data:`TABLES`.

    Parameters
    ----------
    path
        The file, or its bytes (a user's upload).
    kind
        A key of :data:`TABLES`.
    shown
        How messages name the file (relative to the data folder, never a server path).

    Returns
    -------
    pandas.DataFrame
        The table, its columns in their declared dtypes, one row per line in file order.

    Raises
    ------
    DataError
        If the file cannot be read as CSV or breaks the schema: one line naming the file,
        the line and the rule.
    """
    try:
        # As text: the schema converts each column, so a bad value is a message.
        frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    except FileNotFoundError:
        msg = f"{shown}: no such file"
        raise DataError(msg) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # ParserError is a ValueError
        reason = getattr(exc, "strerror", None) or str(exc)
        msg = f"{shown}: cannot read it as CSV: {' '.join(reason.split())}"
        raise DataError(msg) from None
    table: pd.DataFrame = validate_frame(TABLES[kind], frame, shown, wording=CSV_LINES)
    return table
