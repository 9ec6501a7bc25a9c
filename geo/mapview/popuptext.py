"""The towns' popup texts as sentences: who held a town at the scenario's date, its figure.

The data keep their sources as they were written ("DOUBTFUL: ..."); a popup reads them as
plain sentences, and names the date of the scenario's own control table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import geopandas as gpd
import pandas as pd

from geo.inputs.layers import BUILT_LINE, StudyData
from geo.outputs.captions import month_text
from geo.style import format_population

__all__ = ["SIDE_NAMES", "control_texts", "population_texts", "short_source"]

#: Who "held" a place, as a sentence says it.
SIDE_NAMES = {
    "government": "the government",
    "opposition": "the opposition",
    "turkish": "Turkish-backed forces",
    "sdf": "the SDF",
}
_DOUBT = re.compile(r"[;,.]?\s*DOUBTFUL:\s*", re.IGNORECASE)


def short_source(text: object, *, limit: int = 160) -> str:
    """Drop a source's web addresses and cut it to ``limit`` characters, for a popup."""
    plain = re.sub(r"\s*\(?https?://\S+", "", str(text or "")).strip(" ;,")
    return plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"


def _held(control: object, source: object, month: str) -> str:
    if not isinstance(control, str) or control not in SIDE_NAMES:
        return f"No sourced control for {month}."
    return f"Held by {SIDE_NAMES[control]} in {month}. Source: {short_source(source)}."


def control_texts(data: StudyData) -> list[str]:
    """Say who held each town at the date of the scenario's line, and on what source.

    The towns' own control columns are those of the September 2018 line; another
    scenario's control table says who held its places at its own date.
    """
    towns, month = data.towns, month_text(data.line_source)
    pairs: Iterable[tuple[object, object]]
    if data.line_source.date == BUILT_LINE.date:
        pairs = zip(_column(towns, "control"), _column(towns, "control_source"), strict=True)
    else:
        table = data.control_points.drop_duplicates("name").set_index("name")
        pairs = (
            (table["control"].get(name), table["control_source"].get(name))
            for name in towns["name"]
        )
    return [_held(control, source, month) for control, source in pairs]


def population_texts(towns: gpd.GeoDataFrame) -> tuple[list[str], list[str]]:
    """Write each town's figure with its year and source, and any doubt as a sentence."""
    figures, doubts = [], []
    for people, year, source in zip(
        towns["population"],
        _column(towns, "population_year"),
        _column(towns, "population_source"),
        strict=True,
    ):
        cited, *doubt_part = _DOUBT.split(str(source or ""), maxsplit=1)
        doubt = doubt_part[0] if doubt_part else ""
        figures.append(format_population(people, year=year, source=short_source(cited, limit=90)))
        doubts.append(short_source(doubt).rstrip(".") + "." if doubt.strip() else "")
    return figures, doubts


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame else pd.Series([""] * len(frame), index=frame.index)
