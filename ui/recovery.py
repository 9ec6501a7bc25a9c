"""A scenario whose line cannot be drawn: one message, and the last good view stays."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from geo.i18n import Language, translator
from geo.inputs.scenario import Scenario
from geo.outputs.captions import data_text
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


def keep_a_drawable_scenario(all_scenarios: Mapping[str, Scenario], *, lang: Language) -> None:
    """If the chosen scenario cannot be drawn, go back to the last view that could.

    On a session's first view, go to the first scenario that can be drawn; if none can,
    say so and stop the page. Runs before the widgets are drawn, so that their values can
    still be set in this run. The messages are in ``lang``.
    """
    _ = translator(lang).gettext
    session = st.session_state
    failure = loaders.scenario_failure(state.scenario_name(session))
    if failure is None:
        return
    asked = all_scenarios[state.scenario_name(session)]
    fallback = session.get(state.LAST_VIEW) or _first_drawable(all_scenarios, asked.name)
    if fallback is None:
        st.error(
            _("No scenario can be drawn, so no map is shown. {reason}").format(
                reason=plain(failure)
            )
        )
        st.stop()
    session.update(fallback)
    session[state.PLAYING] = False
    shown = state.scenario_name(session)
    if session.get(state.COMPARE) in (shown, asked.name):
        session[state.COMPARE] = None
    st.error(
        _("The scenario “{title}” cannot be drawn: {reason} The map stays on “{kept}”.").format(
            title=plain(data_text(asked.title, lang)),
            reason=plain(failure),
            kept=plain(data_text(all_scenarios[shown].title, lang)),
        )
    )


def report_broken_files(*, lang: Language) -> None:
    """Name every scenario file that could not be read, with its reason (in English)."""
    _ = translator(lang).gettext
    for broken in loaders.scenario_set().broken:
        st.warning(
            _("Scenario file {file} is broken and left out: {reason}").format(
                file=plain(broken.file), reason=plain(broken.reason)
            )
        )
