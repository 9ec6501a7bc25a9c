"""The sidebar: the scenario, the comparison, the presets and the town search.

Each choice here closes the sidebar on a phone, where it would hide the map. The depths
and the side are under the map (:mod:`ui.controls`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib.resources import files
from uuid import uuid4

import streamlit as st

from geo.i18n import N_, Language, translator
from geo.inputs.scenario import DEFAULT_SCENARIO, Scenario
from geo.inputs.townnames import rank_towns
from geo.outputs.captions import data_text
from ui.ownline import drop_own_line
from ui.series import choices, series_days, series_title
from ui.state import (
    CLOSE_SIDEBAR,
    COMPARE,
    DATE,
    MAX_KM,
    MIN_KM,
    PLAYING,
    SCENARIO,
    SIDE,
    SWIPE,
    TOWN,
    TOWN_QUERY,
    scenario_name,
)
from ui.text import plain

__all__ = [
    "PRESETS",
    "close_sidebar_on_phones",
    "scenario_controls",
    "scenario_label",
    "town_control",
]

#: Label (English, translated where shown) -> (scenario, min_km, max_km, side).
PRESETS = {
    N_("Memorandum text: 15–20 km"): (DEFAULT_SCENARIO, 15.0, 20.0, "opposition"),
    N_("Press reports: 15–25 km"): (DEFAULT_SCENARIO, 15.0, 25.0, "opposition"),
    N_("Both sides of the line: 15–20 km"): (DEFAULT_SCENARIO, 15.0, 20.0, "both"),
}
#: How many matches the town search lists, the best first.
TOWNS_SHOWN = 6
#: Streamlit has no call that closes the sidebar: click its own close button, on phones.
_CLOSE_SIDEBAR = (files("ui") / "static" / "close_sidebar.js").read_text(encoding="utf-8")


def _close_sidebar() -> None:
    st.session_state[CLOSE_SIDEBAR] = True


def _apply_preset(scenario: str, min_km: float, max_km: float, side: str) -> None:
    state = st.session_state
    if scenario_name(state) != scenario:
        drop_own_line(state)
    state.update(
        {SCENARIO: scenario, DATE: None, MIN_KM: min_km, MAX_KM: max_km, SIDE: side, PLAYING: False}
    )
    _close_sidebar()
    if state.get(COMPARE) == scenario:
        state[COMPARE] = None


def _scenario_changed(scenarios: Mapping[str, Scenario]) -> None:
    # A new scenario starts from its own widths and side; a series from its first day.
    state = st.session_state
    drop_own_line(state)  # the edits were to the last scenario's points
    days = series_days(scenarios).get(state[SCENARIO])
    state[DATE] = days[0] if days else None
    spec = scenarios[scenario_name(state)].spec
    state.update({MIN_KM: spec.min_km, MAX_KM: spec.max_km, SIDE: spec.side, PLAYING: False})
    if state.get(COMPARE) == scenario_name(state):
        state[COMPARE] = None
    _close_sidebar()


def scenario_label(scenario: Scenario, lang: Language) -> str:
    """Name a scenario for a list: its title in the page's language, and its date."""
    # The day as an ISO date, the same in both languages (the title already names it).
    return f"{data_text(scenario.title, lang)} ({scenario.date})"


def scenario_controls(scenarios: Mapping[str, Scenario], *, lang: Language) -> None:
    """Draw the scenario and comparison choices and the presets (a change reruns the page).

    Parameters
    ----------
    scenarios
        The scenarios to choose from.
    lang
        The page's language.
    """
    _ = translator(lang).gettext
    titles = {name: scenario_label(s, lang) for name, s in scenarios.items()}
    titles.update({name: series_title(days, lang) for name, days in series_days(scenarios).items()})
    with st.sidebar:
        st.selectbox(
            _("Scenario"),
            options=choices(scenarios),
            format_func=titles.__getitem__,
            key=SCENARIO,
            on_change=_scenario_changed,
            args=(scenarios,),
        )
        others = [n for n in scenarios if n != scenario_name(st.session_state)]
        st.selectbox(
            _("Compare with"),
            options=others,
            format_func=titles.__getitem__,
            index=None,
            placeholder=_("No comparison"),
            key=COMPARE,
            on_change=_close_sidebar,
        )
        if st.session_state.get(COMPARE):
            st.toggle(
                _("Swipe between the two zones"),
                key=SWIPE,
                on_change=_close_sidebar,
                help=_(
                    "A handle on the map: the zone chosen on its left, the compared one on "
                    "its right."
                ),
            )
        st.subheader(_("Presets"))
        for label, values in PRESETS.items():
            # Only a preset that the scenario files allow: its scenario, and its side.
            preset = scenarios.get(values[0])
            if preset is None or not preset.allows(values[3]):
                continue
            st.button(
                _(label),
                on_click=_apply_preset,
                args=values,
                width="stretch",
                key=f"preset-{label}",
            )


def town_control(spellings: Mapping[str, Sequence[str]], *, lang: Language) -> None:
    """Draw the town search in the sidebar (a choice reruns the page and zooms to it).

    Parameters
    ----------
    spellings
        Town name -> its spellings (in ``lang`` first, then the others, and GeoNames');
        any transliteration of one finds the town (:func:`geo.inputs.townnames.rank_towns`).
    lang
        The page's language.
    """
    _ = translator(lang).gettext
    with st.sidebar:
        st.subheader(_("Find a town"))
        _town_search(spellings, lang)


@st.fragment
def _town_search(spellings: Mapping[str, Sequence[str]], lang: Language) -> None:
    # A fragment: typing reruns the search only, not the page.
    _ = translator(lang).gettext
    query = st.text_input(
        _("Town"),
        key=TOWN_QUERY,
        live=True,
        placeholder=_("Any spelling: Saraqeb, Idleb, سراقب"),
        label_visibility="collapsed",
    )
    if not query.strip():
        return
    found = rank_towns(query, spellings)[:TOWNS_SHOWN]
    if not found:
        st.caption(_("No town on the map has a spelling like this."))
        return
    for index, name in enumerate(found):
        label = " · ".join(spellings[name])
        if st.button(plain(label), key=f"town_pick_{index}", type="tertiary"):
            st.session_state[TOWN] = name
            st.session_state[CLOSE_SIDEBAR] = True
            st.rerun()


def close_sidebar_on_phones() -> None:
    """After a choice in the sidebar, close it on narrow screens so that the map shows.

    The script goes to the end of the sidebar, in a slot that is always there, so the
    elements of the page keep their places and the map is not rebuilt. Each time it is
    a new element (a comment in the script makes it unique), so that it runs again after
    two choices in a row.
    """
    slot = st.sidebar.empty()
    if st.session_state.pop(CLOSE_SIDEBAR, False):
        script = f"\n<script>\n// {uuid4().hex}\n{_CLOSE_SIDEBAR}</script>\n"
        slot.html(script, unsafe_allow_javascript=True)
