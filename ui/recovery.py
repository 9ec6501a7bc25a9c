"""A scenario whose line cannot be drawn: one message, and the last good view stays."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from geo.inputs.scenario import Scenario
from ui import loaders, state
from ui.series import choice_of
from ui.text import plain

__all__ = ["keep_a_drawable_scenario", "report_broken_files"]


def _first_drawable(all_scenarios: Mapping[str, Scenario], but: str) -> dict[str, object] | None:
    """Return the widgets' values of the first drawable scenario other than ``but``."""
    usable = (n for n in all_scenarios if n != but and loaders.scenario_failure(n) is None)
    first = next(usable, None)
    if first is None:
        return None
    spec = all_scenarios[first].spec
    choice, day = choice_of(all_scenarios[first])
    return {
        state.SCENARIO: choice,
        state.DATE: day,
        state.MIN_KM: spec.min_km,
        state.MAX_KM: spec.max_km,
        state.SIDE: spec.side,
    }


def keep_a_drawable_scenario(all_scenarios: Mapping[str, Scenario]) -> None:
    """If the chosen scenario cannot be drawn, go back to the last view that could.

    On a session's first view, go to the first scenario that can be drawn; if none can,
    say so and stop the page. Runs before the widgets are drawn, so that their values can
    still be set in this run.
    """
    session = st.session_state
    failure = loaders.scenario_failure(state.scenario_name(session))
    if failure is None:
        return
    asked = all_scenarios[state.scenario_name(session)]
    fallback = session.get(state.LAST_VIEW) or _first_drawable(all_scenarios, asked.name)
    if fallback is None:
        st.error(f"No scenario can be drawn, so no map is shown. {plain(failure)}")
        st.stop()
    session.update(fallback)
    session[state.PLAYING] = False
    shown = state.scenario_name(session)
    if session.get(state.COMPARE) in (shown, asked.name):
        session[state.COMPARE] = None
    st.error(
        f"The scenario “{plain(asked.title)}” cannot be drawn: {plain(failure)} "
        f"The map stays on “{plain(all_scenarios[shown].title)}”."
    )


def report_broken_files() -> None:
    """Name every scenario file that could not be read, with its reason."""
    for broken in loaders.scenario_set().broken:
        st.warning(
            f"Scenario file {plain(broken.file)} is broken and left out: {plain(broken.reason)}"
        )
