"""The shareable link: read and check its parameters before any widget sees them."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from geo.zone import MAX_WIDTH_KM, SIDES, ZoneSpec

__all__ = ["DEFAULT", "LinkState", "read_link"]

#: The memorandum's text: 15 to 20 km, inside the opposition-held area.
DEFAULT = ZoneSpec(min_km=15.0, max_km=20.0, side="opposition")
#: A value is quoted back only if it is short and plain; anything else is not shown.
_PLAIN = re.compile(r"[A-Za-z0-9 .,+-]{1,24}")


def _quoted(value: str) -> str:
    return f'"{value}"' if _PLAIN.fullmatch(value) else "(not shown)"


@dataclass
class LinkState:
    """What a link asks for, with a sentence for every parameter that was not used."""

    min_km: float = DEFAULT.min_km
    max_km: float = DEFAULT.max_km
    side: str = DEFAULT.side
    town: str | None = None
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


def read_link(params: dict[str, Any], *, towns: list[str]) -> LinkState:
    """Check each parameter of a link on its own; keep every one that is valid.

    Parameters
    ----------
    params
        The query parameters (``min_km``, ``max_km``, ``side``, ``town``), as text.
    towns
        The names a ``town`` parameter may take.
    """
    state = LinkState()
    problems = state.problems
    min_km = _km(params, "min_km", "inner band depth (min_km)", problems)
    max_km = _km(params, "max_km", "zone depth (max_km)", problems)
    if min_km is not None and max_km is not None and min_km > max_km:
        problems.append(
            "The link's inner band is deeper than its whole zone; the inner band was set "
            "to the zone's depth."
        )
        min_km = max_km
    state.max_km = max_km if max_km is not None else max(DEFAULT.max_km, min_km or 0.0)
    state.min_km = min_km if min_km is not None else min(DEFAULT.min_km, state.max_km)
    if "side" in params:
        side = str(params["side"])
        if side in SIDES:
            state.side = side
        else:
            problems.append(f"The link's side {_quoted(side)} is not one of: {', '.join(SIDES)}.")
    if "town" in params:
        town = str(params["town"])
        if town in towns:
            state.town = town
        else:
            problems.append(f"The link's town {_quoted(town)} is not on the map.")
    return state
