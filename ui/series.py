"""The scenario choice: scenarios of their own, and series of dated lines as one choice each.

A file of kind ``events`` gives one scenario per day (``contact-line-2019-05-15``); the
page offers the file once (``contact-line``), and the day on a slider.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from geo.i18n import Language, format_date, format_number, translator
from geo.inputs.scenario import Scenario
from geo.results.timeline import dated_lines

__all__ = ["choice_of", "choices", "day_label", "series_days", "series_title"]


def series_days(scenarios: Mapping[str, Scenario]) -> dict[str, list[str]]:
    """Return each series' days, oldest first, by series name."""
    days: dict[str, list[str]] = {}
    for line in dated_lines(scenarios):
        assert line.series is not None  # dated_lines gives lines of a series only
        days.setdefault(line.series, []).append(line.date)
    return days


def choices(scenarios: Mapping[str, Scenario]) -> list[str]:
    """List what the scenario selectbox offers: each scenario, a series once, in file order."""
    return list(dict.fromkeys(s.series or name for name, s in scenarios.items()))


def choice_of(scenario: Scenario) -> tuple[str, str | None]:
    """Return the choice and day that draw ``scenario``: ``(series, day)`` or ``(name, None)``."""
    if scenario.series is None:
        return scenario.name, None
    return scenario.series, scenario.date


def day_label(day: str, lang: Language = "en") -> str:
    """Write a day short, for the slider: ``2019-05-15`` -> ``15 May 2019``."""
    return format_date(dt.date.fromisoformat(day), lang, pattern="d MMM y")


def series_title(days: list[str], lang: Language = "en") -> str:
    """Label a series in the scenario choice, with its first and last day."""
    _ = translator(lang).gettext
    return _("Line of contact over time ({count} dated lines, {first} to {last})").format(
        count=format_number(len(days), lang),
        first=day_label(days[0], lang),
        last=day_label(days[-1], lang),
    )
