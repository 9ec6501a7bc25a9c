"""Streamlit page: the approximate Idlib demilitarized zone on a map, with depth sliders."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from geo import DataError
from geo.mapview.basedata import town_spellings
from ui import loaders, state
from ui.ownline import line_controls
from ui.page_style import page_style
from ui.query import read_link
from ui.recovery import keep_a_drawable_scenario, report_broken_files
from ui.sidebar import close_sidebar_on_phones, scenario_controls, town_control
from ui.text import plain
from ui.zoneview import zone_view

st.set_page_config(
    page_title="Idlib demilitarized zone, 2018 (approximate map)",
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="auto",
)

ROOT = Path(__file__).parent
log = logging.getLogger("idlib_zone")

# ---- data: without it there is no map, only one message ------------------------------------
try:
    all_scenarios = loaders.scenarios()
    base = loaders.base_study_data()
    if not all_scenarios:
        raise DataError("every scenario file is broken (listed in the server log)")
    loaders.file_store()  # outside the checkout: the page writes nothing into it
except DataError as exc:
    log.exception("the map data or its file folder is not available")
    st.error(f"The map data could not be loaded, so no map is shown. {plain(exc)}")
    st.stop()

town_names = base.towns["name"].tolist()
town_spelled = dict(zip(town_names, town_spellings(base.towns), strict=True))

# ---- state: the link is read once, checked parameter by parameter --------------------------
if state.MIN_KM not in st.session_state:
    link = read_link(st.query_params.to_dict(), towns=town_names, scenarios=all_scenarios)
    state.start_from_link(st.session_state, link)
keep_a_drawable_scenario(all_scenarios)
report_broken_files()

# ---- the page: the choices in the sidebar, then the map and what it holds ------------------
scenario_controls(all_scenarios)
scenario = all_scenarios[st.session_state[state.SCENARIO]]
line_controls(scenario)
page_style()
st.markdown(f"**{plain(scenario.title)}: an approximate map**")
how = (
    "the road is drawn through sourced town centres"
    if scenario.line.kind == "road"
    else "derived from sourced towns' control"
)
st.caption(
    f"{plain(scenario.notes)} No official map of the zone was ever published: every boundary "
    f"here is an approximation, {how} (see below)."
)
for problem in st.session_state.pop(state.LINK_PROBLEMS, []):
    st.warning(problem, icon="🔗")

zone_view(all_scenarios, town_names)
town_control(town_spelled)
close_sidebar_on_phones()

with st.expander("About the memorandum, and how this map is made", expanded=False):
    st.markdown((ROOT / "docs" / "about.md").read_text(encoding="utf-8"))

# The page is out: the rest of the scenario's grid, in the background.
loaders.warm_grid(scenario.name)
