"""Dated control events: who held each control point from which date, and its state on a day.

A table of events (``reference/control_events.csv``) has one row per place and change of
hands: the first row says who held the place on the first date of the series, each later
row who held it from its ``from_date``, each with its own dated source. The state of every
point on a day is its latest row on or before that day; a line for that day is then
derived from it exactly as from a table of control points.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

__all__ = ["control_on"]


def _day(day: str) -> str:
    """Check an ISO day (``YYYY-MM-DD``) and return it as such."""
    return dt.date.fromisoformat(day).isoformat()


def control_on(events: pd.DataFrame, day: str) -> pd.DataFrame:
    """Return each place's control on ``day``, as a table of control points.

    Parameters
    ----------
    events
        Rows with ``name``, ``control``, ``from_date`` (ISO), ``control_source`` and the
        place's coordinates, as :func:`geo.inputs._reference.read_table` gives them.
    day
        ``YYYY-MM-DD``.

    Returns
    -------
    pandas.DataFrame
        One row per place listed on or before ``day`` (in the table's order of places),
        with the columns of a control-point table: ``control_date`` is the ``from_date`` of
        the row in force.
    """
    known = events[events["from_date"] <= _day(day)]
    latest = known.sort_values("from_date", kind="stable").groupby("name", sort=False).tail(1)
    order = {name: i for i, name in enumerate(dict.fromkeys(events["name"]))}
    latest = latest.sort_values("name", key=lambda names: names.map(order), kind="stable")
    return latest.rename(columns={"from_date": "control_date"}).reset_index(drop=True)
