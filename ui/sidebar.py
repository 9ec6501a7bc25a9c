"""The sidebar: presets, the two depths, the side, and the town search."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib.resources import files

import streamlit as st

from geo.engine.zone import MAX_WIDTH_KM
from geo.inputs.scenario import DEFAULT_SCENARIO, Scenario
from geo.inputs.townnames import rank_towns
from ui._text import as_text
from ui.state import CLOSE_SIDEBAR, COMPARE, MAX_KM, MIN_KM, SCENARIO, SIDE, TOWN, TOWN_QUERY

__all__ = [
    "PRESETS",
    "SIDE_LABELS",
    "close_sidebar_on_phones",
    "depth_controls",
    "scenario_controls",
    "town_control",
]

#: Label -> (scenario, min_km, max_km, side).
PRESETS = {
    "Memorandum text: 15–20 km": (DEFAULT_SCENARIO, 15.0, 20.0, "opposition"),
    "Press reports: 15–25 km": (DEFAULT_SCENARIO, 15.0, 25.0, "opposition"),
    "Both sides of the line: 15–20 km": (DEFAULT_SCENARIO, 15.0, 20.0, "both"),
}
SIDE_LABELS = {
    "opposition": "Inside the opposition-held area (memorandum)",
    "both": "Both sides of the line",
}
#: How many matches the town search lists, the best first.
TOWNS_SHOWN = 6
#: Streamlit has no call that closes the sidebar: click its own close button, on phones.
_CLOSE_SIDEBAR = (
    "\n<script>\n"
    + (files("ui") / "static" / "close_sidebar.js").read_text(encoding="utf-8")
    + "</script>\n"
)


def _apply_preset(scenario: str, min_km: float, max_km: float, side: str) -> None:
    state = st.session_state
    state.update({SCENARIO: scenario, MIN_KM: min_km, MAX_KM: max_km, SIDE: side})
    state[CLOSE_SIDEBAR] = True
    if state.get(COMPARE) == scenario:
        state[COMPARE] = None


def _scenario_changed(scenarios: Mapping[str, Scenario]) -> None:
    # A new scenario starts from its own widths and side.
    state = st.session_state
    spec = scenarios[state[SCENARIO]].spec
    state.update({MIN_KM: spec.min_km, MAX_KM: spec.max_km, SIDE: spec.side})
    if state.get(COMPARE) == state[SCENARIO]:
        state[COMPARE] = None


def _min_changed() -> None:
    # The inner band cannot be deeper than the zone: the zone follows it.
    state = st.session_state
    if state[MIN_KM] > state[MAX_KM]:
        state[MAX_KM] = state[MIN_KM]


def _max_changed() -> None:
    state = st.session_state
    if state[MAX_KM] < state[MIN_KM]:
        state[MIN_KM] = state[MAX_KM]


def scenario_controls(scenarios: Mapping[str, Scenario]) -> None:
    """Draw the scenario and comparison choices and the presets (a change reruns the page).

    Parameters
    ----------
    scenarios
        The scenarios to choose from.
    """
    titles = {name: f"{s.title} ({s.date})" for name, s in scenarios.items()}
    with st.sidebar:
        st.selectbox(
            "Scenario",
            options=list(scenarios),
            format_func=titles.__getitem__,
            key=SCENARIO,
            on_change=_scenario_changed,
            args=(scenarios,),
        )
        others = [n for n in scenarios if n != st.session_state[SCENARIO]]
        st.selectbox(
            "Compare with",
            options=others,
            format_func=titles.__getitem__,
            index=None,
            placeholder="No comparison",
            key=COMPARE,
        )
        st.subheader("Presets")
        for label, values in PRESETS.items():
            st.button(label, on_click=_apply_preset, args=values, width="stretch")


def depth_controls(sides: Sequence[str]) -> None:
    """Draw the two depth sliders and the side, where the caller puts them.

    The page calls this inside its map fragment, within ``st.sidebar``: a step reruns the
    fragment only.

    Parameters
    ----------
    sides
        The sides the scenario allows.
    """
    st.subheader("Depth from the front line")
    for label, key, changed in (
        ("Inner band: from the line to … km", MIN_KM, _min_changed),
        ("Whole zone: from the line to … km", MAX_KM, _max_changed),
    ):
        st.slider(
            label,
            min_value=0.0,
            max_value=MAX_WIDTH_KM,
            step=0.5,
            format="%g km",
            key=key,
            on_change=changed,
        )
    st.radio("Side", options=list(sides), format_func=SIDE_LABELS.__getitem__, key=SIDE)


def town_control(spellings: Mapping[str, Sequence[str]]) -> None:
    """Draw the town search in the sidebar (a choice reruns the page and zooms to it).

    Parameters
    ----------
    spellings
        Town name -> its spellings (English, Arabic, GeoNames); any transliteration of
        one finds the town (:func:`geo.inputs.townnames.rank_towns`).
    """
    with st.sidebar:
        st.subheader("Find a town")
        _town_search(spellings)


@st.fragment
def _town_search(spellings: Mapping[str, Sequence[str]]) -> None:
    # A fragment: typing reruns the search only, not the page.
    query = st.text_input(
        "Town",
        key=TOWN_QUERY,
        live=True,
        placeholder="Any spelling: Saraqeb, Idleb, سراقب",
        label_visibility="collapsed",
    )
    if not query.strip():
        return
    found = rank_towns(query, spellings)[:TOWNS_SHOWN]
    if not found:
        st.caption("No town on the map has a spelling like this.")
        return
    for index, name in enumerate(found):
        label = " · ".join(spellings[name])
        if st.button(as_text(label), key=f"town_pick_{index}", type="tertiary"):
            st.session_state[TOWN] = name
            st.session_state[CLOSE_SIDEBAR] = True
            st.rerun()


def close_sidebar_on_phones() -> None:
    """After a preset, close the sidebar on narrow screens so that the map shows.

    The script goes to the end of the sidebar, in a slot that is always there, so the
    elements of the page keep their places and the map is not rebuilt.
    """
    slot = st.sidebar.empty()
    if st.session_state.pop(CLOSE_SIDEBAR, False):
        slot.html(_CLOSE_SIDEBAR, unsafe_allow_javascript=True)
