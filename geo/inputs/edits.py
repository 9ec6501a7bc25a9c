"""A user's edits to a line's control points: flip a place to another side, or add a point.

:class:`LineEdits` is a value (frozen, hashable): the flips and added points a user made.
:meth:`LineEdits.apply` turns a table of control points into the edited table, from which
the line, its uncertainty, the zone and every number are derived exactly as for the
built-in line (:func:`geo.inputs.derive.control_point_data`, through
:func:`geo.inputs.scenario.scenario_data`). :meth:`LineEdits.encode` writes the edits as
short URL-safe text for a link, e.g. ``f=Saraqib:g;a=36.81,35.86,o,held%20in%20May``,
which :meth:`LineEdits.decode` reads back or refuses with one line. Every export says
what was changed (:meth:`LineEdits.provenance`).
"""

from __future__ import annotations

import math
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import geopandas as gpd
import numpy as np
import pandas as pd

from geo._errors import DataError, LineInputError
from geo._phrase import N_, Phrase
from geo.engine.frontline import CONTROL_VALUES, STUDY_AREA
from geo.engine.projection import GEOD
from geo.inputs._reference import MAX_CONTROL_POINTS
from geo.inputs.derive import control_point_data
from geo.inputs.layers import LineSource, StudyData

__all__ = [
    "MAX_EDITS",
    "MAX_TEXT_CHARS",
    "MIN_GAP_KM",
    "AddedPoint",
    "LineEdits",
    "edited_data",
]

#: Edits in one set: flips and added points together.
MAX_EDITS = 50
#: Characters of the encoded edits: a link stays well within what browsers keep.
MAX_TEXT_CHARS = 2000
#: Characters of a note on an added point, and of a place name in a flip.
MAX_NOTE_CHARS = 200
#: An added point this close to another control point would share its cell.
MIN_GAP_KM = 0.1
#: Decimal places kept of an added point's coordinates (about 1 m).
DECIMALS = 5
#: One letter per side in the encoded text.
_CODES = {"government": "g", "opposition": "o", "turkish": "t", "sdf": "s"}
_SIDES = {code: side for side, code in _CODES.items()}
#: Each side's name, as a reason says it (translated where shown).
SIDE_WORDS = {
    "government": N_("government"),
    "opposition": N_("opposition"),
    "turkish": N_("Turkey"),
    "sdf": N_("SDF"),
}
_WEST, _SOUTH, _EAST, _NORTH = STUDY_AREA.bounds
#: A quoted piece of text: unreserved characters and %XX escapes.
_QUOTED = r"(?:[A-Za-z0-9_.~-]|%[0-9A-Fa-f]{2})+"
_NUMBER = r"-?\d{1,3}(?:\.\d{1,5})?"
_FLIP = re.compile(rf"f=({_QUOTED}):([a-z])")
_ADD = re.compile(rf"a=({_NUMBER}),({_NUMBER}),([a-z])(?:,({_QUOTED}))?")


def _side(control: object, what: str) -> str:
    if isinstance(control, str) and control in CONTROL_VALUES:
        return control
    msg = f"{what}: the side should be one of {', '.join(CONTROL_VALUES)}, got {control!r}"
    raise LineInputError(msg)


def _text(value: object, what: str, *, empty: bool) -> str:
    """Check a name or note: text of at most MAX_NOTE_CHARS that UTF-8 can hold."""
    if not isinstance(value, str) or (not value and not empty):
        msg = f"{what} should be text, got {value!r}"
        raise LineInputError(msg)
    if len(value) > MAX_NOTE_CHARS:
        msg = f"{what} should be at most {MAX_NOTE_CHARS} characters, got {len(value)}"
        raise LineInputError(msg)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        msg = f"{what} holds characters that are not text (lone surrogates)"
        raise LineInputError(msg) from None
    return value


@dataclass(frozen=True)
class AddedPoint:
    """A control point a user added: where, on which side, and why.

    Coordinates are kept to 5 decimals (about 1 m), so that a link gives the same point.

    Raises
    ------
    LineInputError
        If a coordinate is not a finite number in the study area, the side unknown, or
        the note too long.
    """

    lon: float
    lat: float
    control: str
    note: str = ""

    def __post_init__(self) -> None:
        for name, low, high in (("lon", _WEST, _EAST), ("lat", _SOUTH, _NORTH)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                msg = f"an added point's {name} should be a number, got {value!r}"
                raise LineInputError(msg)
            if not math.isfinite(value) or not low <= value <= high:
                msg = (
                    N_(
                        "an added point's longitude should be {low} to {high} (the study area), "
                        "got {value}"
                    )
                    if name == "lon"
                    else N_(
                        "an added point's latitude should be {low} to {high} (the study area), "
                        "got {value}"
                    )
                )
                raise LineInputError(msg, low=f"{low:g}", high=f"{high:g}", value=repr(value))
            object.__setattr__(self, name, round(float(value), DECIMALS))
        _side(self.control, "an added point")
        _text(self.note, "an added point's note", empty=True)

    @property
    def sentence(self) -> str:
        """Say the edit, e.g. "Point added at 35.860° N, 36.810° E, opposition: a note"."""
        note = f": {self.note}" if self.note else ""
        return f"Point added at {self.lat:.3f}° N, {self.lon:.3f}° E, {self.control}{note}"


@dataclass(frozen=True)
class LineEdits:
    """Flips (place name -> side) and added points, applied to a table of control points.

    Flips are kept sorted by name, so that equal edits are equal values (and one link).

    Raises
    ------
    LineInputError
        If a name is flipped twice, a side is unknown, or there are more than
        ``MAX_EDITS`` edits.
    """

    flips: tuple[tuple[str, str], ...] = ()
    added: tuple[AddedPoint, ...] = field(default=())

    def __post_init__(self) -> None:
        for flip in self.flips:
            if not isinstance(flip, tuple) or len(flip) != 2:
                msg = f"a flip should be a (name, side) pair, got {flip!r}"
                raise LineInputError(msg)
            _text(flip[0], "a flipped place's name", empty=False)
            _side(flip[1], flip[0])
        flips = tuple(sorted(self.flips))
        names = [name for name, _ in flips]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            msg = N_("{name} is flipped twice: give each place one side")
            raise LineInputError(msg, name=repr(twice[0]))
        if not all(isinstance(p, AddedPoint) for p in self.added):
            msg = "added points should be AddedPoint values"
            raise LineInputError(msg)
        if len(flips) + len(self.added) > MAX_EDITS:
            msg = N_("at most {most} edits at once, got {count}")
            raise LineInputError(msg, most=MAX_EDITS, count=len(flips) + len(self.added))
        object.__setattr__(self, "flips", flips)
        object.__setattr__(self, "added", tuple(self.added))

    @classmethod
    def of(
        cls, flips: Mapping[str, str] | None = None, added: Iterable[AddedPoint] = ()
    ) -> LineEdits:
        """Build edits from a mapping of flips and a list of added points."""
        return cls(flips=tuple((flips or {}).items()), added=tuple(added))

    def __len__(self) -> int:
        return len(self.flips) + len(self.added)

    def with_flip(self, name: str, control: str | None) -> LineEdits:
        """Return the edits with ``name`` set to ``control`` (``None``: the flip undone)."""
        flips = {n: c for n, c in self.flips if n != name}
        if control is not None:
            flips[name] = control
        return replace(self, flips=tuple(flips.items()))

    def with_point(self, point: AddedPoint) -> LineEdits:
        """Return the edits with one more added point."""
        return replace(self, added=(*self.added, point))

    def without_point(self, index: int) -> LineEdits:
        """Return the edits without the added point at ``index``."""
        return replace(self, added=self.added[:index] + self.added[index + 1 :])

    def provenance(self) -> tuple[str, ...]:
        """One sentence per edit, e.g. "Saraqib set to government by the user"."""
        flips = [f"{name} set to {control} by the user" for name, control in self.flips]
        return (*flips, *(p.sentence for p in self.added))

    def encode(self) -> str:
        """Write the edits as URL-safe text, e.g. ``f=Saraqib:g;a=36.81,35.86,o``.

        Raises
        ------
        LineInputError
            If the text would be longer than ``MAX_TEXT_CHARS``.
        """
        parts = [f"f={_quote(name)}:{_CODES[control]}" for name, control in self.flips]
        for p in self.added:
            note = f",{_quote(p.note)}" if p.note else ""
            parts.append(f"a={p.lon!r},{p.lat!r},{_CODES[p.control]}{note}")
        text = ";".join(parts)
        if len(text) > MAX_TEXT_CHARS:
            msg = N_("the edits take {count} characters; a link holds {most}")
            raise LineInputError(msg, count=f"{len(text):,}", most=f"{MAX_TEXT_CHARS:,}")
        return text

    @classmethod
    def decode(cls, text: str) -> LineEdits:
        """Read edits written by :meth:`encode`; ``""`` is no edits.

        Raises
        ------
        LineInputError
            If ``text`` is not such edits (one line saying which part and why).
        """
        if not isinstance(text, str):
            msg = f"edits should be text, got {type(text).__name__}"
            raise LineInputError(msg)
        if len(text) > MAX_TEXT_CHARS:
            msg = N_("the edits should be at most {most} characters, got {count}")
            raise LineInputError(msg, most=f"{MAX_TEXT_CHARS:,}", count=f"{len(text):,}")
        flips: list[tuple[str, str]] = []
        added: list[AddedPoint] = []
        for number, part in enumerate(text.split(";") if text else [], start=1):
            if flip := _FLIP.fullmatch(part):
                flips.append((_unquote(flip[1], number), _code(flip[2], number)))
            elif add := _ADD.fullmatch(part):
                note = _unquote(add[4], number) if add[4] else ""
                added.append(AddedPoint(float(add[1]), float(add[2]), _code(add[3], number), note))
            else:
                shown = part if len(part) <= 40 else part[:40] + "…"
                msg = N_(
                    "edit {number} ({shown}) should be f=NAME:SIDE or a=LON,LAT,SIDE[,NOTE] "
                    "(SIDE one of {sides})"
                )
                raise LineInputError(msg, number=number, shown=repr(shown), sides="".join(_SIDES))
        return cls(flips=tuple(flips), added=tuple(added))

    def apply(self, points: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """Return the table of control points with the edits made.

        Parameters
        ----------
        points
            Control points in EPSG:4326 with ``name``, ``control``, ``control_source``
            and ``control_date``.

        Raises
        ------
        LineInputError
            If a flipped name is not in the table or already has that side, an added
            point lies within ``MIN_GAP_KM`` of another, or the table grows past
            ``MAX_CONTROL_POINTS``.
        """
        table = points.copy()
        for name, control in self.flips:
            rows = table["name"] == name
            if not rows.any():
                msg = N_("no control point is named {name} in this line's table")
                raise LineInputError(msg, name=repr(name))
            old = table.loc[rows, "control"].iloc[0]
            if (table.loc[rows, "control"] == control).all():
                msg = N_("{name} is already held by the {control} side in this line's table")
                raise LineInputError(msg, name=name, control=Phrase(SIDE_WORDS[control]))
            table.loc[rows, "control_source"] = (
                f"set to {control} by the user (the table: {old}; "
                + table.loc[rows, "control_source"].astype(str)
                + ")"
            )
            table.loc[rows, "control"] = control
            table.loc[rows, "control_date"] = ""
        return self._add_points(table)

    def _add_points(self, table: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        if not self.added:
            return table
        if len(table) + len(self.added) > MAX_CONTROL_POINTS:
            msg = N_("a line is derived from at most {most} control points")
            raise LineInputError(msg, most=MAX_CONTROL_POINTS)
        lon = np.array([p.lon for p in self.added])
        lat = np.array([p.lat for p in self.added])
        for i, point in enumerate(self.added):
            others_lon = np.concatenate([table.geometry.x.to_numpy(), lon[:i]])
            others_lat = np.concatenate([table.geometry.y.to_numpy(), lat[:i]])
            if not len(others_lon):
                continue
            _, _, gaps_m = GEOD.inv(
                np.full(len(others_lon), point.lon), np.full(len(others_lon), point.lat),
                others_lon, others_lat,
            )  # fmt: skip
            nearest = int(np.argmin(gaps_m))
            if gaps_m[nearest] < MIN_GAP_KM * 1000.0:
                names = [*table["name"].astype(str), *(f"added point {j + 1}" for j in range(i))]
                msg = N_(
                    "added point {number} lies within {gap} m of {name}: flip that point instead"
                )
                gap = f"{MIN_GAP_KM * 1000:g}"
                raise LineInputError(msg, number=i + 1, gap=gap, name=names[nearest])
        rows = gpd.GeoDataFrame(
            {
                "name": [f"Added point {i + 1}" for i in range(len(self.added))],
                "control": [p.control for p in self.added],
                "control_source": [
                    "added by the user" + (f": {p.note}" if p.note else "") for p in self.added
                ],
                "control_date": [""] * len(self.added),
            },
            geometry=gpd.points_from_xy(lon, lat),
            crs=4326,
        )
        return gpd.GeoDataFrame(pd.concat([table, rows], ignore_index=True), crs=4326)


def _quote(text: str) -> str:
    return urllib.parse.quote(text, safe="")


def _unquote(text: str, number: int) -> str:
    try:
        return urllib.parse.unquote(text, errors="strict")
    except UnicodeDecodeError:
        msg = N_("edit {number}: its %-escapes are not UTF-8 text")
        raise LineInputError(msg, number=number) from None


def _code(code: str, number: int) -> str:
    if code not in _SIDES:
        msg = N_("edit {number}: the side should be one of {sides}, got {code}")
        raise LineInputError(msg, number=number, sides=", ".join(_SIDES), code=repr(code))
    return _SIDES[code]


def edited_data(
    points: gpd.GeoDataFrame,
    base: StudyData,
    *,
    edits: LineEdits | None,
    line_name: str,
    line_source: LineSource,
    shown: str,
) -> StudyData:
    """Derive study data from control points with a user's edits (none: as they are).

    The line's source then lists the edits (:meth:`LineEdits.provenance`).

    Raises
    ------
    LineInputError
        If an edit does not fit the table, or the edited points give no line.
    DataError
        If the unedited points give no line.
    """
    if not edits:
        return control_point_data(
            points, base, line_name=line_name, line_source=line_source, shown=shown
        )
    edited = edits.apply(points)
    source = replace(line_source, edits=line_source.edits + edits.provenance())
    try:
        return control_point_data(
            edited, base, line_name=line_name, line_source=source, shown=shown
        )
    except DataError as exc:
        msg = f"with the edits, {exc}"
        raise LineInputError(msg) from None
