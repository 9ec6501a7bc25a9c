"""The shareable link: read and check its parameters before any widget sees them."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from geo._errors import LineInputError
from geo.engine.zone import MAX_WIDTH_KM, Side, as_side, complete_widths
from geo.inputs.edits import LineEdits
from geo.inputs.scenario import DEFAULT_SCENARIO, Scenario
from ui.text import plain

__all__ = ["LinkState", "read_link"]
#: A value is quoted back only if it is short and plain; anything else is not shown.
_PLAIN = re.compile(r"[A-Za-z0-9 .,+-]{1,24}")


def _quoted(value: str) -> str:
    return f'"{value}"' if _PLAIN.fullmatch(value) else "(not shown)"


@dataclass
class LinkState:
    """What a link asks for, with a sentence for every parameter that was not used."""

    scenario: str
    min_km: float
    max_km: float
    side: Side
    compare: str | None = None
    town: str | None = None
    edits: LineEdits = field(default_factory=LineEdits)
    problems: list[str] = field(default_factory=list)


def _km(params: dict[str, Any], name: str, label: str, problems: list[str]) -> float | None:
    if name not in params:
        return None
    raw = str(params[name])
    try:
        value = float(raw)
    except ValueError:
        problems.append(f"The link's {label} {_quoted(raw)} is not a number of kilometres.")
        return None
    if not math.isfinite(value) or not 0.0 <= value <= MAX_WIDTH_KM:
        problems.append(f"The link's {label} {_quoted(raw)} is outside 0–{MAX_WIDTH_KM:g} km.")
        return None
    # The sliders move in half kilometres.
    return round(value * 2) / 2


def _choice(
    params: dict[str, Any], name: str, allowed: Sequence[str], problems: list[str]
) -> str | None:
    if name not in params:
        return None
    value = str(params[name])
    if value in allowed:
        return value
    problems.append(f"The link's {name} {_quoted(value)} is not one of: {', '.join(allowed)}.")
    return None


def read_link(
    params: dict[str, Any], *, towns: list[str], scenarios: Mapping[str, Scenario]
) -> LinkState:
    """Check each parameter of a link on its own; keep every one that is valid.

    Parameters
    ----------
    params
        The query parameters (``scenario``, ``min_km``, ``max_km``, ``side``,
        ``compare``, ``town``, ``edits``), as text.
    towns
        The names a ``town`` parameter may take.
    scenarios
        The scenarios a ``scenario`` or ``compare`` parameter may name.
    """
    problems: list[str] = []
    names = list(scenarios)
    # The default scenario, or the first one if its file is broken.
    fallback = DEFAULT_SCENARIO if DEFAULT_SCENARIO in scenarios else names[0]
    name = _choice(params, "scenario", names, problems) or fallback
    scenario = scenarios[name]
    default = scenario.spec
    min_km = _km(params, "min_km", "inner band depth (min_km)", problems)
    max_km = _km(params, "max_km", "zone depth (max_km)", problems)
    if min_km is not None and max_km is not None and min_km > max_km:
        problems.append(
            "The link's inner band is deeper than its whole zone; the inner band was set "
            "to the zone's depth."
        )
        min_km = max_km
    min_km, max_km, note = complete_widths(min_km, max_km, default=default)
    if note:
        problems.append(f"The link gives one usable depth only: {note}.")
    state = LinkState(
        scenario=name,
        min_km=min_km,
        max_km=max_km,
        side=as_side(_choice(params, "side", list(scenario.sides), problems) or default.side),
        compare=_choice(params, "compare", [n for n in names if n != name], problems),
        problems=problems,
    )
    if "town" in params:
        town = str(params["town"])
        if town in towns:
            state.town = town
        else:
            problems.append(f"The link's town {_quoted(town)} is not on the map.")
    if "edits" in params:
        state.edits = _edits(str(params["edits"]), scenario, problems)
    return state


def _edits(text: str, scenario: Scenario, problems: list[str]) -> LineEdits:
    """Read the link's edits to the line; a bad text is one sentence and no edits."""
    if scenario.line.kind == "road":
        problems.append(
            "The link's edits to the line were not used: this scenario's line is a road, "
            "not derived from control points."
        )
        return LineEdits()
    try:
        return LineEdits.decode(text)
    except LineInputError as exc:
        # The reason names the part at fault; it is shown as text (ui.text.plain).
        problems.append(f"The link's edits to the line were not used: {plain(exc)}.")
        return LineEdits()
