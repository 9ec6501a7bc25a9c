"""Declared schema of a scenario file (``data/scenarios/*.toml``), as pydantic models.

Types are strict: ``prebuilt = "no"`` is refused, not read as true; numbers are finite;
unknown keys are refused (a misspelt key would otherwise be ignored). :func:`parse_scenario`
turns every failure into one line naming the file, the key and the rule.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from geo._errors import DataError
from geo.engine.zone import MAX_WIDTH_KM

__all__ = [
    "MAX_DATES",
    "MAX_UNCERTAINTY_KM",
    "LineTable",
    "ScenarioFile",
    "ZoneTable",
    "parse_scenario",
]

#: Largest ``position_uncertainty_km`` of a road (how far the real road may lie).
MAX_UNCERTAINTY_KM = 20.0
_STRICT = ConfigDict(strict=True, extra="forbid", frozen=True)
_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Most dated lines one file may give (each is derived and cached like a scenario).
MAX_DATES = 40


def _relative_csv(text: str) -> str:
    path = PurePosixPath(text)
    if path.is_absolute() or "\\" in text or ".." in path.parts or path.suffix != ".csv":
        msg = "should be a .csv file relative to the data folder, without '..'"
        raise ValueError(msg)
    return text


def _matching(pattern: re.Pattern[str], rule: str) -> AfterValidator:
    """Return a validator that takes text matching ``pattern`` whole, or says ``rule``."""

    def check(text: str) -> str:
        if not pattern.fullmatch(text):
            raise ValueError(rule)
        return text

    return AfterValidator(check)


IsoDate = Annotated[str, _matching(_DATE, "should be a date as YYYY-MM-DD or YYYY-MM, in quotes")]
Day = Annotated[str, _matching(_DAY, "should be a day as YYYY-MM-DD, in quotes")]


Km = Annotated[float, Field(ge=0.0, le=MAX_WIDTH_KM, allow_inf_nan=False)]
Side = Literal["opposition", "both"]
TablePath = Annotated[str, Field(max_length=200), AfterValidator(_relative_csv)]


#: A title or a line's name; a source.
Name = Annotated[str, Field(min_length=1, max_length=200)]
Source = Annotated[str, Field(min_length=1, max_length=2000)]


class LineTable(BaseModel):
    """The ``[line]`` table: what the zone is a band along (see ``ScenarioLine``)."""

    model_config = _STRICT

    kind: Literal["frontline", "events", "road"]
    table: TablePath
    name: Name
    with_posts: bool = False
    check_table: TablePath | None = None
    position_uncertainty_km: float = Field(
        default=0.0, ge=0.0, le=MAX_UNCERTAINTY_KM, allow_inf_nan=False
    )
    prebuilt: bool = False

    @model_validator(mode="after")
    def _suits_its_kind(self) -> LineTable:
        if self.kind == "road" and (self.with_posts or self.prebuilt):
            msg = "'with_posts' and 'prebuilt' are for a frontline, not a road"
            raise ValueError(msg)
        if self.kind == "events" and (self.with_posts or self.prebuilt):
            msg = "dated control events list the posts themselves; no 'with_posts' or 'prebuilt'"
            raise ValueError(msg)
        if self.kind != "road" and self.position_uncertainty_km:
            msg = "'position_uncertainty_km' is for a road; a front line's is derived"
            raise ValueError(msg)
        return self


class ZoneTable(BaseModel):
    """The ``[zone]`` table: the widths, the side drawn and the sides allowed."""

    model_config = _STRICT

    min_km: Km
    max_km: Km
    side: Side
    sides: list[Side] | None = Field(default=None, min_length=1)
    reported_max_km: Km | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ZoneTable:
        if self.min_km > self.max_km:
            msg = f"'min_km' ({self.min_km:g}) should not exceed 'max_km' ({self.max_km:g})"
            raise ValueError(msg)
        if self.sides is not None:
            if len(set(self.sides)) != len(self.sides):
                msg = "'sides' should not repeat a side"
                raise ValueError(msg)
            if self.side not in self.sides:
                msg = f"'side' ({self.side}) should be one of 'sides' ({', '.join(self.sides)})"
                raise ValueError(msg)
        return self


class ScenarioFile(BaseModel):
    """A whole scenario file.

    A file of dated control events (``kind = "events"``) gives one line per day of
    ``dates``; ``date`` is its first day, and ``{date}`` in its title is each line's day.
    """

    model_config = _STRICT

    title: Name
    date: IsoDate
    dates: list[Day] | None = Field(default=None, min_length=1, max_length=MAX_DATES)
    source: Source
    notes: Annotated[str, Field(max_length=4000)] = ""
    line: LineTable
    zone: ZoneTable

    @model_validator(mode="after")
    def _road_sides(self) -> ScenarioFile:
        sides = self.zone.sides or (self.zone.side,)
        if self.line.kind == "road" and "opposition" in sides:
            msg = "a road has no opposition side; use side = 'both' and sides = ['both']"
            raise ValueError(msg)
        if (self.line.kind == "events") != (self.dates is not None):
            msg = "'dates' goes with dated control events (kind = 'events'), and only there"
            raise ValueError(msg)
        if self.dates is not None and sorted(set(self.dates)) != self.dates:
            msg = "'dates' should be distinct days in order"
            raise ValueError(msg)
        return self


def parse_scenario(raw: dict[str, Any], shown: str) -> ScenarioFile:
    """Check a scenario file's content against :class:`ScenarioFile`.

    Parameters
    ----------
    raw
        The file as ``tomllib`` reads it.
    shown
        How messages name the file (relative to the data folder).

    Raises
    ------
    DataError
        One line: the file, the key, the rule and the value given, and how many other
        problems there are.
    """
    try:
        return ScenarioFile.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = _describe(errors[0])
        more = len(errors) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        msg = " ".join(f"{shown}: {first}{tail}".split())
        raise DataError(msg) from None


def _describe(error: Any) -> str:
    """``[zone] 'prebuilt' should be a valid boolean, got 'no'``."""
    tables = [str(p) for p in error["loc"] if p in ("line", "zone")]
    keys = [p for p in error["loc"] if p not in ("line", "zone")]
    where = "".join(f"[{t}] " for t in tables)
    key = "".join(f"[{p}]" if isinstance(p, int) else str(p) for p in keys)
    rule = str(error["msg"])
    if error["type"] == "value_error":  # a rule about several keys: its own words
        rule = rule.removeprefix("Value error, ")
        return f"{where}{key!r} {rule}" if key else f"{where}{rule}"
    if error["type"] == "missing":
        return f"{where}{key!r} is missing"
    if error["type"] == "extra_forbidden":
        return f"{where}{key!r} is not a key of a scenario file"
    if error["type"] == "too_short":
        return f"{where}{key!r} should not be empty"
    rule = rule.removeprefix("Input ").removeprefix("Value ")
    value = repr(error.get("input"))
    value = value if len(value) <= 60 else value[:57] + "..."
    return f"{where}{key!r} {rule}, got {value}"
