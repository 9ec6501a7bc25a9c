"""What each day took from the September 2018 zone: three small charts and their CSV.

The figures take a few seconds the first time (every day's line is derived), so they are
computed when the reader asks for them, then kept for the session and cached per depths.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from geo.i18n import N_, Language, translator
from geo.outputs.tables import timeline_csv
from geo.results.timeline import Taken
from ui import loaders
from ui.series import day_label
from ui.state import TIMELINE

if TYPE_CHECKING:
    import altair as alt

__all__ = ["MEASURES", "timeline_chart", "timeline_frame", "timeline_section"]

#: Chart title -> the fields of :class:`Taken` for the derived value, least and most.
MEASURES = {
    N_("Area taken (km²)"): ("area_km2", "area_min_km2", "area_max_km2"),
    N_("Towns taken"): ("towns", "towns_min", "towns_max"),
    N_("People in them (pre-war figures)"): ("people", "people_min", "people_max"),
}


def timeline_frame(rows: list[Taken]) -> pd.DataFrame:
    """Tabulate the rows for charting: one row per day and measure, with its range."""
    records = [
        {"measure": title, "date": row.date, "value": d[value], "least": d[low], "most": d[high]}
        for row in rows
        for d in [row.as_dict()]
        for title, (value, low, high) in MEASURES.items()
    ]
    frame = pd.DataFrame(records)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def timeline_chart(
    frame: pd.DataFrame, measure: str, *, day: str | None, lang: Language = "en"
) -> alt.LayerChart:
    """Chart one measure by date: the derived value, its range as a band, the day chosen."""
    # Imported here: Altair takes 0.2 s to import, and most pages never show a chart.
    import altair as alt

    _ = translator(lang).gettext
    data = frame[frame["measure"] == measure]
    base = alt.Chart(data).encode(x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y")))
    tooltip = [
        alt.Tooltip("date:T", title=_("Day"), format="%d %b %Y"),
        alt.Tooltip("value:Q", title=_("On the derived lines"), format=",.0f"),
        alt.Tooltip("least:Q", title=_("At least"), format=",.0f"),
        alt.Tooltip("most:Q", title=_("At most"), format=",.0f"),
    ]
    band = base.mark_area(opacity=0.25, color="#b2182b").encode(
        y=alt.Y("least:Q", title=None), y2="most:Q"
    )
    line = base.mark_line(point=alt.OverlayMarkDef(color="#b2182b"), color="#b2182b").encode(
        y="value:Q", tooltip=tooltip
    )
    layers = [band, line]
    if day is not None:
        chosen = pd.DataFrame({"date": [pd.Timestamp(day)]})
        layers.append(alt.Chart(chosen).mark_rule(strokeDash=[4, 3]).encode(x="date:T"))
    return alt.LayerChart(layer=layers, title=_(measure), height=180)


def _show_timeline() -> None:
    st.session_state[TIMELINE] = True


def timeline_section(
    min_km: float, max_km: float, *, days: list[str], day: str | None, lang: Language = "en"
) -> None:
    """Show what each day took from the first day's zone at these depths, when asked for."""
    _ = translator(lang).gettext
    first = day_label(days[0], lang)
    heading = _("What each day took from the zone of {first} ({min}–{max} km)").format(
        first=first, min=f"{min_km:g}", max=f"{max_km:g}"
    )
    st.markdown(f"##### {heading}")
    if not st.session_state.get(TIMELINE):
        st.button(
            _("Show what each day took (a few seconds the first time)"),
            on_click=_show_timeline,
            key="show_timeline",
        )
        return
    with st.spinner(_("Measuring what each day's line took…")):
        rows = loaders.timeline_rows(min_km, max_km)
    frame = timeline_frame(rows)
    for column, measure in zip(st.columns(len(MEASURES)), MEASURES, strict=True):
        column.altair_chart(timeline_chart(frame, measure, day=day, lang=lang), width="stretch")
    missing = max(row.towns_max_without_population for row in rows)
    st.caption(
        _(
            "The zone of {first} on the opposition side, measured on each day's line: the line is "
            "the value on the derived lines, the band runs from what was certainly taken to what "
            "could have been, given both lines' uncertainty. People are pre-war figures of the "
            "towns taken; up to {missing} of them have no figure and count as unknown, not 0."
        ).format(first=first, missing=missing)
    )
    st.download_button(
        _("Download the table (CSV)"),
        data=partial(timeline_csv, rows),
        file_name=f"idlib_timeline_{min_km:g}-{max_km:g}km.csv",
        mime="text/csv",
        on_click="ignore",
        key="download_timeline_csv",
    )
