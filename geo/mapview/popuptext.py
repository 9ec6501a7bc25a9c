"""The towns' popup texts as sentences: who held a town at the scenario's date, its figure.

The data keep their sources as they were written ("DOUBTFUL: ..."); a popup reads them as
plain sentences, and names the date of the scenario's own control table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import geopandas as gpd
import pandas as pd

from geo.i18n import N_, Language, translator
from geo.inputs.layers import BUILT_LINE, StudyData
from geo.outputs.captions import month_text
from geo.style import format_population

__all__ = ["SIDE_NAMES", "control_texts", "population_texts", "short_source"]

#: Who "held" a place, as a sentence says it (English; translated where used).
SIDE_NAMES = {
    "government": N_("the government"),
    "opposition": N_("the opposition"),
    "turkish": N_("Turkish-backed forces"),
    "sdf": N_("the SDF"),
}
_DOUBT = re.compile(r"[;,.]?\s*DOUBTFUL:\s*", re.IGNORECASE)


def short_source(text: object, *, limit: int = 160) -> str:
    """Drop a source's web addresses and cut it to ``limit`` characters, for a popup."""
    plain = re.sub(r"\s*\(?https?://\S+", "", str(text or "")).strip(" ;,")
    return plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"


def _held(control: object, source: object, month: str, lang: Language) -> str:
    _ = translator(lang).gettext
    if not isinstance(control, str) or control not in SIDE_NAMES:
        return _("No sourced control for {month}.").format(month=month)
    return _("Held by {side} in {month}. Source: {source}.").format(
        side=_(SIDE_NAMES[control]), month=month, source=short_source(source)
    )


def control_texts(data: StudyData, *, lang: Language = "en") -> list[str]:
    """Say who held each town at the date of the scenario's line, and on what source.

    The towns' own control columns are those of the September 2018 line; another
    scenario's control table says who held its places at its own date.
    """
    towns, month = data.towns, month_text(data.line_source, lang=lang)
    pairs: Iterable[tuple[object, object]]
    if data.line_source.date == BUILT_LINE.date:
        pairs = zip(_column(towns, "control"), _column(towns, "control_source"), strict=True)
    else:
        table = data.control_points.drop_duplicates("name").set_index("name")
        pairs = (
            (table["control"].get(name), table["control_source"].get(name))
            for name in towns["name"]
        )
    return [_held(control, source, month, lang) for control, source in pairs]


def population_texts(
    towns: gpd.GeoDataFrame, *, lang: Language = "en"
) -> tuple[list[str], list[str]]:
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
        figures.append(
            format_population(people, year=year, source=short_source(cited, limit=90), lang=lang)
        )
        doubts.append(short_source(doubt).rstrip(".") + "." if doubt.strip() else "")
    return figures, doubts


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame else pd.Series([""] * len(frame), index=frame.index)
