"""Generic checking of a table against a declared pandera schema, with one-line messages.

The layer schemas (:mod:`geo.inputs._validate`) and the reference-table schemas
(:mod:`geo.inputs._reference`) are built from these pieces: :func:`rule` declares a rule
and the message it gives; :func:`validate_frame` runs a schema and turns every failure
into a one-line :class:`~geo._errors.DataError` naming the file, the row and the rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera import dtypes
from pandera.engines import pandas_engine

from geo._errors import DataError

__all__ = [
    "FEATURES",
    "NON_NEGATIVE",
    "Text",
    "Wording",
    "number_column",
    "one_of",
    "rule",
    "text_column",
    "validate_frame",
]

#: Longest name or value quoted in a message.
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


#: A detail added to a rule's message: (failing value, whole table, its index) -> text.
_Detail = Callable[[Any, pd.DataFrame, Any], str]
#: Details of the geometry and layer rules, by rule text (the pandera check's ``error``).
_DETAILS: dict[str, _Detail] = {}


def rule(
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


def text_column(
    *checks: pa.Check, nullable: bool = False, unique: bool = False, required: bool = True
) -> pa.Column:
    """Declare a column of text, converted as read."""
    return pa.Column(
        Text(), list(checks), nullable=nullable, coerce=True, unique=unique, required=required
    )


def number_column(
    dtype: type | str,
    *checks: pa.Check,
    nullable: bool = False,
    unique: bool = False,
    required: bool = True,
) -> pa.Column:
    """Declare a column of numbers of ``dtype``, converted as read."""
    return pa.Column(
        dtype, list(checks), nullable=nullable, coerce=True, unique=unique, required=required
    )


def one_of(values: tuple[str, ...]) -> pa.Check:
    """Declare a rule: the value is one of ``values``."""
    shown = ", ".join(repr(v) for v in values)
    return pa.Check.isin(values, error=f"should be one of {shown}")


NON_NEGATIVE = pa.Check.ge(0, error="should be 0 or more")


@dataclass(frozen=True)
class Wording:
    """How a message names a table's rows and columns.

    Parameters
    ----------
    unit
        A row: ``feature`` in a layer file, ``line`` in a CSV file.
    field
        A column: ``property`` in a layer file, ``column`` in a CSV file.
    first
        The number the first row is given: 0 for a feature (its index in the file's
        ``features`` array), 2 for a CSV line (the header is line 1).
    """

    unit: str = "feature"
    field: str = "property"
    first: int = 0


#: The wording of a layer file's messages.
FEATURES = Wording()


def validate_frame(
    schema: pa.DataFrameSchema,
    frame: pd.DataFrame,
    shown: str,
    *,
    wording: Wording = FEATURES,
) -> Any:
    """Check a table against a pandera schema; any failure is one line.

    Parameters
    ----------
    schema
        The declared schema.
    frame
        The table, one row per feature or CSV line in file order (index 0, 1, ...).
    shown
        How messages name the file.
    wording
        How messages name its rows and columns.

    Returns
    -------
    pandas.DataFrame
        The table with its columns in the declared dtypes.

    Raises
    ------
    DataError
        On the first problem: file, row and rule, with the count of the others.
    """
    # Coordinates such as 1e308 overflow in GEOS: that is a failed rule, not a warning.
    with np.errstate(all="ignore"):
        try:
            return schema.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            message = _summary(exc.failure_cases, frame, shown, wording)
        except pa.errors.SchemaError as exc:  # raised alone by some checks despite lazy=True
            cases = pd.DataFrame(
                {
                    "column": [exc.schema.name if exc.schema is not None else None],
                    "check": [str(exc.check) if exc.check is not None else str(exc)],
                    "failure_case": [None],
                    "index": [None],
                }
            )
            message = _summary(cases, frame, shown, wording)
    raise DataError(message)


def _summary(cases: pd.DataFrame, frame: pd.DataFrame, shown: str, wording: Wording) -> str:
    """One line: the first problem, and how many others there are."""

    def is_dtype(check: Any) -> bool:
        return str(check).startswith(("coerce_dtype(", "dtype("))

    # A column whose values cannot be converted fails its other checks as a side effect:
    # report the values only.
    unconverted = {
        c for c, check in zip(cases["column"], cases["check"], strict=True) if is_dtype(check)
    }
    wide = cases.get("schema_context", pd.Series("", index=cases.index)) == "DataFrameSchema"
    problems: dict[tuple[str, Any, str], str] = {}
    for row, is_wide in zip(cases.itertuples(index=False), wide, strict=True):
        # A rule about whole rows fails once per row, not once per column it reads.
        column = row.column if isinstance(row.column, str) and not is_wide else ""
        index = row.index if _is_present(row.index) else None
        check = str(row.check)
        if (column in unconverted or (is_wide and unconverted)) and not is_dtype(check):
            continue
        # A value that cannot be converted fails both the conversion and the dtype check.
        kind = "dtype" if is_dtype(check) else check
        key = (column, index, kind)
        if key not in problems:
            problems[key] = _problem(column, index, check, row.failure_case, frame, wording)
    # Problems of the whole file first, then by row.
    # Within a row, a column's own problem before a rule about the whole row.
    ordered = sorted(
        problems.items(), key=lambda item: (_feature_order(item[0][1]), not item[0][0])
    )
    first = ordered[0][1] if ordered else "does not match its schema"
    more = len(ordered) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
    return _one_line(f"{shown}: {first}{tail}")


def _problem(
    column: str, index: Any, check: str, value: Any, frame: pd.DataFrame, wording: Wording
) -> str:
    """Say where one failure is (row) and what it is (rule, value)."""
    where = _feature(index, frame, wording) + ": " if index is not None else ""
    field = wording.field
    if check == "column_in_dataframe":
        return f"{field} {value!r} is missing" + (
            " from every feature" if wording.unit == "feature" else ""
        )
    if check == "not_nullable":
        what = "geometry" if column == "geometry" else f"{field} {column!r}"
        return f"{where}{what} is missing or null"
    if check.startswith(("coerce_dtype(", "dtype(")):
        dtype = check[check.index("(") + 1 : -1].strip("'")
        return f"{where}{field} {column!r} is {_short(value)}, which is not a {dtype}"
    if check == "field_uniqueness":
        return f"{where}{field} {column!r} repeats {_short(value)}"
    detail = _DETAILS.get(check)
    extra = f" ({detail(value, frame, index)})" if detail is not None else ""
    if column == "geometry" or not column:
        return f"{where}{check}{extra}"
    if index is None:  # a rule about the whole column
        return f"{field} {column!r} {check}{extra}"
    return f"{where}{field} {column!r} is {_short(value)}; it {check}"


def _feature(index: Any, frame: pd.DataFrame, wording: Wording) -> str:
    """``feature 17 ('Saraqib')``, or ``feature 17`` for a feature without a name."""
    try:
        position = int(index)
    except (TypeError, ValueError):
        return f"{wording.unit} {index}"
    label = f"{wording.unit} {position + wording.first}"
    name = frame["name"].iloc[position] if "name" in frame and position < len(frame) else None
    if isinstance(name, str) and name.strip():
        return f"{label} ({_short(name)})"
    return label


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
