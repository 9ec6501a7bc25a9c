"""Declared schemas of the data layers, and their validation when a layer is loaded.

Each layer of ``data/`` has one entry in :data:`SCHEMAS`: its properties (name, dtype,
whether a feature may lack it, allowed values), the geometry types it may hold, and the
rules every geometry must follow (not null, not empty, valid, inside :data:`ENVELOPE`).
The schemas are ``pandera`` data frame schemas; :func:`validate_layer` runs one on a layer
as read and turns every failure into a one-line :class:`~geo._errors.DataError` naming
the file, the feature and the rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import pandera.pandas as pa
import shapely
from pandera import dtypes
from pandera.engines import pandas_engine
from pandera.engines.geopandas_engine import Geometry

from geo._errors import DataError
from geo.engine.frontline import CONTROL_VALUES
from geo.engine.projection import geodesic_length_km

__all__ = ["ENVELOPE", "FRONTLINE_KM", "SCHEMAS", "LayerSchema", "validate_layer"]

#: Every coordinate of every layer lies in this lon/lat box (west, south, east, north): the
#: study area (``geo.engine.frontline.STUDY_AREA``, 35.7-37.35 E, 35.05-36.7 N) and the borders,
#: clipped to it plus 0.3 degrees, with a margin.
ENVELOPE = (35.0, 34.5, 38.0, 37.3)
#: Sensible geodesic length of the front line, km (about 250 km in the committed data).
FRONTLINE_KM = (50.0, 1000.0)
#: Longest feature name quoted in a message.
_NAME_CHARS = 60

_STR = pandas_engine.Engine.dtype(str)


# pandera checks a `str` or geometry column value by value and, even when every value
# passes, formats a table of failure cases: about 1 ms a column, over half of the time of
# the checks. These two check the column's dtype once when pandas already stores text or
# geometries (as pyogrio reads them), and fall back to pandera's own check otherwise.
@dtypes.immutable
class Text(pandas_engine.DataType):
    """Pandera's ``str``, checked once for a whole column stored as pandas strings."""

    type = _STR.type

    def __init__(self) -> None:  # dtypes.immutable makes it so; this tells type checkers
        """Take no parameters."""

    def check(self, pandera_dtype: dtypes.DataType, data_container: Any = None) -> Any:
        """Pass a pandas string column at once; check anything else value by value."""
        if isinstance(getattr(pandera_dtype, "type", None), pd.StringDtype):
            return True
        return _STR.check(pandera_dtype, data_container)

    def coerce(self, data_container: Any) -> Any:
        """Convert as pandera's ``str`` does."""
        return _STR.coerce(data_container)

    def __str__(self) -> str:
        return "str"


class GeometryColumn(Geometry):
    """Pandera's geopandas ``Geometry`` (with its CRS check), as one result per column."""

    def check(self, pandera_dtype: dtypes.DataType, data_container: Any = None) -> bool:
        """Check the dtype and CRS of the whole column."""
        result = super().check(cast(pandas_engine.DataType, pandera_dtype), data_container)
        return result if isinstance(result, bool) else all(result)


#: A detail added to a rule's message: (failing value, whole layer) -> text.
_Detail = Callable[[Any, gpd.GeoDataFrame], str]
#: Details of the geometry and layer rules, by rule text (the pandera check's ``error``).
_DETAILS: dict[str, _Detail] = {}


def _rule(
    text: str,
    test: Callable[[Any], Any],
    detail: _Detail | None = None,
) -> pa.Check:
    """Declare a rule: a pandera check whose failures read ``text`` (plus ``detail``).

    Parameters
    ----------
    text
        The rule as a message says it, e.g. ``"geometry is outside the study area"``.
    test
        The pandera check function: a boolean Series aligned with the column, or a bool.
    detail
        Adds the failing value's particulars to the message, e.g. the validity reason.
    """
    if detail is not None:
        _DETAILS[text] = detail
    return pa.Check(test, error=text)


def _geometry_of(types: tuple[str, ...]) -> pa.Check:
    return _rule(
        f"geometry should be a {' or '.join(types)}",
        lambda s: s.geom_type.isin(types),
        lambda geom, _: f"got a {geom.geom_type}",
    )


def _inside_envelope(s: gpd.GeoSeries) -> pd.Series:
    west, south, east, north = ENVELOPE
    b = s.bounds
    inside = (b.minx >= west) & (b.maxx <= east) & (b.miny >= south) & (b.maxy <= north)
    result: pd.Series = inside | s.is_empty  # an empty geometry has its own rule
    return result


def _length_within(low: float, high: float) -> Callable[[gpd.GeoSeries], pd.Series]:
    def test(s: gpd.GeoSeries) -> pd.Series:
        km = np.array([geodesic_length_km(g) for g in s], dtype=float)
        return pd.Series((km >= low) & (km <= high), index=s.index)

    return test


#: Rules that every geometry of every layer follows, after its type.
_EVERY_GEOMETRY = (
    _rule("geometry is empty", lambda s: ~s.is_empty),
    _rule(
        "geometry is not valid",
        lambda s: s.is_valid,
        lambda geom, _: shapely.is_valid_reason(geom),
    ),
    _rule(
        "geometry is outside the study area",
        _inside_envelope,
        lambda geom, _: "bounds " + ", ".join(f"{v:.6g}" for v in geom.bounds),
    ),
)
_ONE_FEATURE = _rule(
    "should hold exactly one feature",
    lambda frame: len(frame) == 1,
    lambda _, frame: f"it holds {len(frame)}",
)


@dataclass(frozen=True)
class LayerSchema:
    """What one layer file holds.

    Parameters
    ----------
    geometry
        Geometry types a feature may have, e.g. ``("Polygon", "MultiPolygon")``.
    columns
        Properties: name -> pandera column (dtype, nullable, checks). Columns not named
        here are allowed and not checked.
    geometry_rules
        Rules for this layer's geometries beyond type, non-null, non-empty, valid and
        inside :data:`ENVELOPE`.
    one_feature
        The file holds exactly one feature.
    rules
        Rules about the whole layer (pandera data frame checks).
    """

    geometry: tuple[str, ...]
    columns: Mapping[str, pa.Column]
    geometry_rules: tuple[pa.Check, ...] = ()
    one_feature: bool = False
    rules: tuple[pa.Check, ...] = ()

    def pandera(self) -> pa.DataFrameSchema:
        """Build the pandera schema of the layer, as ``pyogrio`` reads it, in EPSG:4326."""
        geometry = pa.Column(
            GeometryColumn(crs="EPSG:4326"),
            [_geometry_of(self.geometry), *_EVERY_GEOMETRY, *self.geometry_rules],
            nullable=False,
        )
        return pa.DataFrameSchema(
            {**self.columns, "geometry": geometry},
            checks=[_ONE_FEATURE, *self.rules] if self.one_feature else list(self.rules),
        )


def _text(*checks: pa.Check, nullable: bool = False) -> pa.Column:
    return pa.Column(Text(), list(checks), nullable=nullable, coerce=True)


def _number(
    dtype: type, *checks: pa.Check, nullable: bool = False, unique: bool = False
) -> pa.Column:
    return pa.Column(dtype, list(checks), nullable=nullable, coerce=True, unique=unique)


def _count_syria(frame: pd.DataFrame) -> int:
    return int((frame["iso_a3"] == "SYR").sum()) if "iso_a3" in frame else 0


def _one_of(values: tuple[str, ...]) -> pa.Check:
    shown = ", ".join(repr(v) for v in values)
    return pa.Check.isin(values, error=f"should be one of {shown}")


_NON_NEGATIVE = pa.Check.ge(0, error="should be 0 or more")
_POLYGONS = ("Polygon", "MultiPolygon")

#: Layer name (a key of ``geo.inputs.layers.LAYER_FILES``) -> declared schema. A layer is
#: validated when ``LAYER_FILES`` names it; a schema may wait here for its file.
SCHEMAS: dict[str, LayerSchema] = {
    "frontline": LayerSchema(
        geometry=("LineString",),
        columns={"name": _text()},
        geometry_rules=(
            _rule(
                f"front line should be {FRONTLINE_KM[0]:g}-{FRONTLINE_KM[1]:g} km long",
                _length_within(*FRONTLINE_KM),
                lambda geom, _: f"it is {geodesic_length_km(geom):.1f} km",
            ),
        ),
        one_feature=True,
    ),
    "opposition_area": LayerSchema(geometry=_POLYGONS, columns={"name": _text()}, one_feature=True),
    "borders": LayerSchema(
        geometry=_POLYGONS,
        columns={
            "iso_a3": _text(
                pa.Check.str_matches(r"^[A-Z]{3}$", error="should be three capital letters")
            ),
            "name": _text(),
        },
        rules=(
            _rule(
                "should hold exactly one Syria feature (iso_a3 'SYR')",
                lambda frame: _count_syria(frame) == 1,
                lambda _, frame: f"it holds {_count_syria(frame)}",
            ),
        ),
    ),
    "control_points": LayerSchema(
        geometry=("Point",),
        columns={
            "name": _text(),
            "control": _text(_one_of(CONTROL_VALUES)),
            "control_source": _text(),
            "control_date": _text(),
            "coord_source": _text(),
            "source_table": _text(),
        },
    ),
    "posts": LayerSchema(
        geometry=("Point",),
        columns={
            "number": _number(int, pa.Check.ge(1, error="should be 1 or more"), unique=True),
            "name": _text(),
            "operator": _text(),
            "established": _text(),
            "position_accuracy_km": _number(float, _NON_NEGATIVE),
            "position_note": _text(),
        },
    ),
    "towns": LayerSchema(
        geometry=("Point",),
        columns={
            "name": _text(),
            "name_ar": _text(),
            "geonames_name": _text(),
            # Many towns' population is unknown, and so is the year of the figure.
            "population": _number(float, _NON_NEGATIVE, nullable=True),
            "population_year": _number(
                float, pa.Check.in_range(1900, 2100, error="should be a year"), nullable=True
            ),
            "population_source": _text(),
            "coord_source": _text(),
            # Empty where the town is not a control point.
            "control": _text(_one_of(("", *CONTROL_VALUES))),
            "control_source": _text(),
        },
    ),
    "highways": LayerSchema(
        geometry=("LineString",),
        columns={"highway": _text(), "name": _text()},
    ),
    "turkish_areas": LayerSchema(geometry=_POLYGONS, columns={"name": _text()}),
    "line_uncertainty": LayerSchema(
        geometry=("LineString",),
        columns={"line_uncertainty_km": _number(float, _NON_NEGATIVE)},
    ),
    "uncertainty_corridor": LayerSchema(
        geometry=_POLYGONS,
        columns={"name": _text(), "line_uncertainty_km": _number(float, _NON_NEGATIVE)},
    ),
}

_COMPILED: dict[str, pa.DataFrameSchema] = {}


def validate_layer(name: str, frame: gpd.GeoDataFrame, path: Path) -> gpd.GeoDataFrame:
    """Check a layer against its schema in :data:`SCHEMAS`.

    Parameters
    ----------
    name
        The layer's key in :data:`SCHEMAS`.
    frame
        The layer as read, in EPSG:4326, one row per feature in file order.
    path
        The file it was read from, for messages.

    Returns
    -------
    geopandas.GeoDataFrame
        The layer with its properties in the declared dtypes.

    Raises
    ------
    DataError
        On the first problem, in one line: file, feature (index in the file's
        ``features`` array, from 0, and name) and rule, with the count of the others.
    """
    if name not in SCHEMAS:
        msg = f"{path}: no schema is declared for layer {name!r} in geo.inputs._validate.SCHEMAS"
        raise DataError(msg)
    if name not in _COMPILED:
        _COMPILED[name] = SCHEMAS[name].pandera()
    # Coordinates such as 1e308 overflow in GEOS: that is a failed rule, not a warning.
    with np.errstate(all="ignore"):
        try:
            validated: gpd.GeoDataFrame = _COMPILED[name].validate(frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            message = _summary(exc.failure_cases, frame, path)
        except pa.errors.SchemaError as exc:  # raised alone by some checks despite lazy=True
            cases = pd.DataFrame(
                {
                    "column": [exc.schema.name if exc.schema is not None else None],
                    "check": [str(exc.check) if exc.check is not None else str(exc)],
                    "failure_case": [None],
                    "index": [None],
                }
            )
            message = _summary(cases, frame, path)
        else:
            return validated
    raise DataError(message)


def _summary(cases: pd.DataFrame, frame: gpd.GeoDataFrame, path: Path) -> str:
    """One line: the first problem, and how many others there are."""

    def is_dtype(check: Any) -> bool:
        return str(check).startswith(("coerce_dtype(", "dtype("))

    # A column whose values cannot be converted fails its other checks as a side effect:
    # report the values only.
    unconverted = {
        c for c, check in zip(cases["column"], cases["check"], strict=True) if is_dtype(check)
    }
    problems: dict[tuple[str, Any, str], str] = {}
    for row in cases.itertuples(index=False):
        column = row.column if isinstance(row.column, str) else ""
        index = row.index if _is_present(row.index) else None
        check = str(row.check)
        if column in unconverted and not is_dtype(check):
            continue
        # A value that cannot be converted fails both the conversion and the dtype check.
        kind = "dtype" if is_dtype(check) else check
        key = (column, index, kind)
        if key not in problems:
            problems[key] = _problem(column, index, check, row.failure_case, frame)
    # Problems of the whole file first, then by feature; pandera's order within each.
    ordered = sorted(problems.items(), key=lambda item: _feature_order(item[0][1]))
    first = ordered[0][1] if ordered else "does not match its schema"
    more = len(ordered) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
    return _one_line(f"{path}: {first}{tail}")


def _problem(column: str, index: Any, check: str, value: Any, frame: gpd.GeoDataFrame) -> str:
    """Say where one failure is (feature) and what it is (rule, value)."""
    where = _feature(index, frame) + ": " if index is not None else ""
    if check == "column_in_dataframe":
        return f"property {value!r} is missing from every feature"
    if check == "not_nullable":
        what = "geometry" if column == "geometry" else f"property {column!r}"
        return f"{where}{what} is missing or null"
    if check.startswith(("coerce_dtype(", "dtype(")):
        dtype = check[check.index("(") + 1 : -1].strip("'")
        return f"{where}property {column!r} is {_short(value)}, which is not a {dtype}"
    if check == "field_uniqueness":
        return f"{where}property {column!r} repeats {_short(value)}"
    detail = _DETAILS.get(check)
    if column == "geometry" or not column:
        extra = f" ({detail(value, frame)})" if detail is not None else ""
        return f"{where}{check}{extra}"
    if index is None:  # a rule about the whole column
        extra = f" ({detail(value, frame)})" if detail is not None else ""
        return f"property {column!r} {check}{extra}"
    return f"{where}property {column!r} is {_short(value)}; it {check}"


def _feature(index: Any, frame: gpd.GeoDataFrame) -> str:
    """``feature 17 ('Saraqib')``, or ``feature 17`` for a feature without a name."""
    try:
        position = int(index)
    except (TypeError, ValueError):
        return f"feature {index}"
    name = frame["name"].iloc[position] if "name" in frame and position < len(frame) else None
    if isinstance(name, str) and name.strip():
        return f"feature {position} ({_short(name)})"
    return f"feature {position}"


def _feature_order(index: Any) -> tuple[int, int, str]:
    """Sort key: no feature (the whole file) first, then features in file order."""
    if index is None:
        return (0, 0, "")
    try:
        return (1, int(index), "")
    except (TypeError, ValueError):
        return (2, 0, str(index))


def _is_present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value))


def _short(value: Any) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    text = repr(value)
    return text if len(text) <= _NAME_CHARS else text[: _NAME_CHARS - 3] + "..."


def _one_line(text: str) -> str:
    return " ".join(text.split())
