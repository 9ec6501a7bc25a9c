"""Streamlit page: the approximate Idlib demilitarized zone on a map, with depth sliders."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from urllib.parse import urlencode

import folium
import numpy as np
import streamlit as st

from geo import DataError, ZoneSpec, load_study_data
from geo.engine.zone import as_side
from geo.inputs.layers import StudyData
from geo.inputs.scenario import Scenario, load_scenarios, scenario_data
from geo.mapview.assets import publish_script
from geo.mapview.basedata import BaseLayers, prepare_base_layers, town_spellings
from geo.mapview.basemap import base_map
from geo.mapview.layers import compare_layers, zone_layers
from geo.mapview.view import view_step_script
from geo.results.analysis import ZoneResult
from geo.results.compare import Comparison, compare
from geo.results.grid import ZoneCache
from ui import state
from ui.panels import comparison_panel, downloads, map_downloads, numbers, towns_table
from ui.query import read_link
from ui.sidebar import close_sidebar_on_phones, depth_controls, scenario_controls, town_control
from ui.zonemap import MapShell, layers_script, map_shell, show_map

st.set_page_config(
    page_title="Idlib demilitarized zone, 2018 (approximate map)",
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="auto",
)

ROOT = Path(__file__).parent
STATIC_DIR = ROOT / "static"
log = logging.getLogger("idlib_zone")
#: The link box's copy button shows without a hover (touch screens have none).
LINK_CSS = (
    "<style>[data-testid='stCode'] > div:has([data-testid='stElementToolbarButton'])"
    "{opacity:1 !important;visibility:visible !important}</style>"
)


# ---- cached loaders: data once per server, results once per (scenario, depths, side) -------
@st.cache_resource(show_spinner=False)
def scenarios() -> dict[str, Scenario]:
    return load_scenarios()


@st.cache_resource(show_spinner=False)
def study_data(scenario: str) -> StudyData:
    return scenario_data(scenarios()[scenario], load_study_data())


@st.cache_resource(show_spinner=False, max_entries=8)
def base_layers(scenario: str) -> tuple[BaseLayers, str]:
    """The scenario's static layers, and the URL the page serves their data at."""
    layers = prepare_base_layers(study_data(scenario))
    return layers, publish_script(layers.script, static_dir=STATIC_DIR)


@st.cache_resource(show_spinner=False, max_entries=8)
def zone_cache(scenario: str) -> ZoneCache:
    """Every slider step's buffer, built once per server and shared by all sessions.

    Steps are computed when first asked for; :func:`warm_grid` computes the rest (about
    2 s of CPU and 30 MiB for both sides) once the first page is out.
    """
    return ZoneCache(study_data(scenario))


@st.cache_resource(show_spinner=False, max_entries=8)
def warm_grid(scenario: str) -> threading.Thread:
    """Compute the scenario's other steps in the background, once per server."""
    return zone_cache(scenario).warm_in_background(scenarios()[scenario].sides)


def zone_result(scenario: str, min_km: float, max_km: float, side: str) -> ZoneResult:
    spec = ZoneSpec(min_km=min_km, max_km=max_km, side=as_side(side))
    return zone_cache(scenario).result(spec)


def default_result(scenario: str) -> ZoneResult:
    spec = scenarios()[scenario].spec
    return zone_result(scenario, spec.min_km, spec.max_km, spec.side)


def map_layers(result: ZoneResult, other: str | None) -> list[folium.FeatureGroup]:
    """The layers that change with the zone: its bands, towns, posts (and a comparison)."""
    layers = zone_layers(result)
    if other:
        layers += compare_layers(default_result(other), title=scenarios()[other].title)
    return layers


@st.cache_resource(show_spinner=False, max_entries=16)
def shell(scenario: str, other: str | None) -> MapShell:
    """The base map and its layer control, rendered once per scenario (and comparison)."""
    layers, data_url = base_layers(scenario)
    fmap = base_map(layers, data_url=data_url, compare=scenarios()[other].title if other else None)
    return map_shell(fmap, map_layers(default_result(scenario), other), static_dir=STATIC_DIR)


@st.cache_data(show_spinner=False, max_entries=512)
def step_layers(scenario: str, min_km: float, max_km: float, side: str, other: str | None) -> str:
    """One step's layers as the map's script: about 16 kB, kept for the last 512 steps."""
    result = zone_result(scenario, min_km, max_km, side)
    return layers_script(map_layers(result, other))


@st.cache_data(show_spinner=False, max_entries=64)
def comparison(scenario: str, min_km: float, max_km: float, side: str, other: str) -> Comparison:
    first = zone_result(scenario, min_km, max_km, side)
    return compare(
        first, default_result(other), second_data=study_data(other), names=(scenario, other)
    )


# ---- data: without it there is no map, only one message ------------------------------------
try:
    all_scenarios = scenarios()
    base = load_study_data()
except DataError as exc:
    log.exception("the map data could not be loaded")
    st.error(f"The map data could not be loaded, so no map is shown. {exc}")
    st.stop()

town_names = base.towns["name"].tolist()
town_spelled = dict(zip(town_names, town_spellings(base.towns), strict=True))

# ---- state: the link is read once, checked parameter by parameter --------------------------
if state.MIN_KM not in st.session_state:
    link = read_link(st.query_params.to_dict(), towns=town_names, scenarios=all_scenarios)
    state.start_from_link(st.session_state, link)

scenario_controls(all_scenarios)
name = st.session_state[state.SCENARIO]
scenario = all_scenarios[name]

# A compact top: on a phone the map comes first, not a title screen.
st.html("<style>[data-testid='stMainBlockContainer']{padding-top:3.6rem}</style>")
st.markdown(f"**{scenario.title}: an approximate map**")
how = (
    "the road is drawn through sourced town centres"
    if scenario.line.kind == "road"
    else "derived from sourced towns' control"
)
st.caption(
    f"{scenario.notes} No official map of the zone was ever published: every boundary here "
    f"is an approximation, {how} (see below)."
)
for problem in st.session_state.pop(state.LINK_PROBLEMS, []):
    st.warning(problem, icon="🔗")


@st.fragment
def zone_view() -> None:
    """The depth controls, the map, the numbers and the towns: what a slider step redraws.

    A fragment: moving a slider or choosing a side reruns only this function, so the rest
    of the page (scenario choice, town search, explanation) is neither rerun nor resent.
    """
    with st.sidebar:
        depth_controls(scenario.sides)
    view = state.read_view(st.session_state)
    name, other, town = view.scenario, view.compare, view.town
    min_km, max_km, side = view.spec.min_km, view.spec.max_km, view.side
    query = view.query()
    st.query_params.from_dict(query)

    # ---- compute, keeping the last good result on failure ----------------------------------
    # A slot that is always there: a message must not move the map (which would rebuild it).
    notice = st.empty()
    result: ZoneResult | None = None
    try:
        if max_km == 0:
            notice.warning(
                "A zone 0 km deep is empty: the map shows none. Deepen it with the sliders."
            )
        result = zone_result(name, min_km, max_km, side)
        st.session_state[state.LAST_GOOD] = (name, result)
    except Exception:
        log.exception("building the zone failed")
        notice.error("Building this zone failed. The last zone stays on the map.")
    if result is None:
        if state.LAST_GOOD not in st.session_state:
            return
        # The last good zone, with the scenario it was built on.
        name, result = st.session_state[state.LAST_GOOD]
    data = study_data(name)
    spec = result.spec
    versus = comparison(name, spec.min_km, spec.max_km, spec.side, other) if other else None

    # ---- map and numbers -------------------------------------------------------------------
    map_col, numbers_col = st.columns([3, 1], gap="medium")
    with map_col:
        focus = f"town-{town_names.index(town)}" if town in town_names else None
        try:
            base_map_parts = shell(name, other)
        except DataError as exc:
            log.exception("the map's scripts are not available offline")
            st.error(f"The map's scripts are not available offline, so no map is shown. {exc}")
        else:
            step = step_layers(name, spec.min_km, spec.max_km, spec.side, other)
            bounds = result.zone.total_bounds
            if not np.isfinite(bounds).all():  # an empty zone: the study area
                bounds = base_layers(name)[0].bounds
            step_view = view_step_script(f"{name}/{spec.side}", bounds, focus)
            show_map(base_map_parts, step + step_view, height=600)

    with numbers_col:
        numbers(result)
        st.markdown("**Take it away**")
        downloads(result, extra=map_downloads(data))
        base_url = (st.context.url or "").split("?")[0]
        with st.popover("Link to this view", width="stretch"):
            st.html(LINK_CSS)
            st.caption("Copy it with the button at its right:")
            # One line that scrolls: a link wrapped mid-word reads as two.
            st.code(f"{base_url}?{urlencode(query)}", language=None, wrap_lines=False)

    if versus is not None:
        comparison_panel(versus, titles={n: s.title for n, s in all_scenarios.items()})

    st.markdown("##### Towns inside the zone, and borderline towns")
    towns_table(result)


zone_view()
town_control(town_spelled)
close_sidebar_on_phones()

with st.expander("About the memorandum, and how this map is made", expanded=False):
    st.markdown((ROOT / "docs" / "about.md").read_text(encoding="utf-8"))

# The page is out: the rest of the scenario's grid, in the background.
warm_grid(name)
