"""The day of a series of dated lines: a slider over its days, and a play button.

Play steps through the days, one every :data:`PLAY_SECONDS`: the map fragment reruns on a
timer (``st.fragment(run_every=...)``) while ``PLAYING`` is set. Each step remembers the
view it drew (``PLAYED``); a run that finds another view was changed by the reader, and
stops the play, as the last day does.
"""

from __future__ import annotations

import streamlit as st

from geo.i18n import Language, translator
from ui.series import day_label
from ui.state import DATE, PLAYED, PLAYING, State, read_view

__all__ = ["PLAY_SECONDS", "date_controls", "play_every", "play_step", "played"]

#: Seconds between two days while playing: time to redraw the map and look at it.
PLAY_SECONDS = 2.5


def play_every(state: State) -> float | None:
    """Return how often the map fragment reruns on its own: while playing only."""
    return PLAY_SECONDS if state.get(PLAYING) else None


def _stop(state: State) -> None:
    state[PLAYING] = False
    state.pop(PLAYED, None)


def play_step(state: State, days: list[str]) -> None:
    """While playing, go to the next day; stop at the last day or on a reader's change.

    Call it at the start of each run of the map, before the widgets are drawn.

    Parameters
    ----------
    state
        ``st.session_state``, or any mapping in tests.
    days
        The series' days, oldest first (empty when the scenario is not a series).
    """
    if not state.get(PLAYING):
        return
    day = state.get(DATE)
    if day not in days:
        _stop(state)
        return
    played = state.get(PLAYED)
    if played is None:  # the first step: from the last day, start again
        index = -1 if day == days[-1] else days.index(day)
    elif played != read_view(state).query():
        _stop(state)  # the reader changed the view
        return
    else:
        index = days.index(day)
    state[DATE] = days[index + 1]
    if index + 2 == len(days):
        _stop(state)


def played(state: State) -> None:
    """Remember the view a play step drew, after it is drawn."""
    if state.get(PLAYING):
        state[PLAYED] = read_view(state).query()


def _toggle() -> None:
    state = st.session_state
    if state.get(PLAYING):
        _stop(state)
    else:
        state[PLAYING] = True
        state.pop(PLAYED, None)


def date_controls(days: list[str], *, lang: Language = "en") -> None:
    """Draw the day slider and the play button in one row, where the caller puts them.

    Parameters
    ----------
    days
        The series' days, oldest first.
    """
    state = st.session_state
    if state.get(DATE) not in days:
        state[DATE] = days[0]
    _ = translator(lang).gettext
    day, button = st.columns([6, 1], vertical_alignment="bottom")
    day.select_slider(
        _("Day of the line"),
        options=days,
        format_func=lambda d: day_label(d, lang),
        key=DATE,
        help=_(
            "The line of contact on each day with a line of its own; "
            "the zone is drawn along the line of the day chosen."
        ),
    )
    playing = bool(state.get(PLAYING))
    button.button(
        "⏸ " + _("Pause") if playing else "▶ " + _("Play"),
        key="play",
        on_click=_toggle,
        help=_("Step through the days, one every few seconds; any change stops it."),
        width="stretch",
    )
