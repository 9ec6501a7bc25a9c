"""The sidebar: presets, the two depths, the side, and the town search."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from geo.engine.zone import MAX_WIDTH_KM
from geo.inputs.scenario import DEFAULT_SCENARIO, Scenario

__all__ = [
    "PRESETS",
    "SIDE_LABELS",
    "close_sidebar_on_phones",
    "depth_controls",
    "scenario_controls",
    "town_control",
]

#: Label -> (scenario, inner band depth, whole zone depth, side).
PRESETS = {
    "Memorandum text: 15–20 km": (DEFAULT_SCENARIO, 15.0, 20.0, "opposition"),
    "Press reports: 15–25 km": (DEFAULT_SCENARIO, 15.0, 25.0, "opposition"),
    "Both sides of the line: 15–20 km": (DEFAULT_SCENARIO, 15.0, 20.0, "both"),
}
SIDE_LABELS = {
    "opposition": "Inside the opposition-held area (memorandum)",
    "both": "Both sides of the line",
}
#: Streamlit has no call that closes the sidebar: click its own close button, on phones.
_CLOSE_SIDEBAR = """
<script>
(function () {
  if (window.innerWidth >= 640) { return; }
  var button = document.querySelector(
    '[data-testid="stSidebar"] [data-testid="stSidebarCollapseButton"] button');
  if (button) { button.click(); }
})();
</script>
"""


def _apply_preset(scenario: str, inner_km: float, zone_km: float, side: str) -> None:
    st.session_state.update(
        scenario=scenario, inner_km=inner_km, zone_km=zone_km, side=side, close_sidebar=True
    )
    if st.session_state.get("compare") == scenario:
        st.session_state["compare"] = None


def _scenario_changed(scenarios: Mapping[str, Scenario]) -> None:
    # A new scenario starts from its own widths and side.
    spec = scenarios[st.session_state["scenario"]].spec
    st.session_state.update(inner_km=spec.min_km, zone_km=spec.max_km, side=spec.side)
    if st.session_state.get("compare") == st.session_state["scenario"]:
        st.session_state["compare"] = None


def _inner_changed() -> None:
    # The inner band cannot be deeper than the zone: the zone follows it.
    if st.session_state["inner_km"] > st.session_state["zone_km"]:
        st.session_state["zone_km"] = st.session_state["inner_km"]


def _zone_changed() -> None:
    if st.session_state["zone_km"] < st.session_state["inner_km"]:
        st.session_state["inner_km"] = st.session_state["zone_km"]


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
            key="scenario",
            on_change=_scenario_changed,
            args=(scenarios,),
        )
        others = [n for n in scenarios if n != st.session_state["scenario"]]
        st.selectbox(
            "Compare with",
            options=others,
            format_func=titles.__getitem__,
            index=None,
            placeholder="No comparison",
            key="compare",
        )
        st.subheader("Presets")
        for label, values in PRESETS.items():
            # Only a preset that the scenario files allow: its scenario, and its side.
            preset = scenarios.get(values[0])
            if preset is None or not preset.allows(values[3]):
                continue
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
        ("Inner band: from the line to … km", "inner_km", _inner_changed),
        ("Whole zone: from the line to … km", "zone_km", _zone_changed),
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
    st.radio("Side", options=list(sides), format_func=SIDE_LABELS.__getitem__, key="side")


def town_control(town_labels: Mapping[str, str]) -> None:
    """Draw the town search in the sidebar (a choice reruns the page and zooms to it).

    Parameters
    ----------
    town_labels
        Town name -> the label to search in (English, Arabic and GeoNames spellings).
    """
    with st.sidebar:
        st.subheader("Find a town")
        st.selectbox(
            "Town",
            options=list(town_labels),
            format_func=lambda name: town_labels[name],
            index=None,
            placeholder="English, Arabic or GeoNames spelling",
            key="town",
            label_visibility="collapsed",
        )


def close_sidebar_on_phones() -> None:
    """After a preset, close the sidebar on narrow screens so that the map shows.

    The script goes to the end of the sidebar, in a slot that is always there, so the
    elements of the page keep their places and the map is not rebuilt.
    """
    slot = st.sidebar.empty()
    if st.session_state.pop("close_sidebar", False):
        slot.html(_CLOSE_SIDEBAR, unsafe_allow_javascript=True)
