"""Streamlit page: the approximate Idlib demilitarized zone on a map, with depth sliders."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from urllib.parse import urlencode

import folium
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from geo import DataError, ZoneSpec, load_study_data
from geo.engine.zone import as_side
from geo.inputs.layers import StudyData
from geo.inputs.scenario import Scenario, load_scenarios, scenario_data
from geo.mapview.assets import publish_script
from geo.mapview.basedata import BaseLayers, prepare_base_layers, search_names
from geo.mapview.basemap import base_map
from geo.mapview.layers import compare_layers, zone_layers
from geo.mapview.view import view_step_script
from geo.results.analysis import ZoneResult
from geo.results.compare import Comparison, compare
from geo.results.grid import ZoneCache
from ui import state
from ui.controls import depth_controls
from ui.page_style import page_style
from ui.panels import (
    comparison_panel,
    downloads,
    map_downloads,
    more_numbers,
    numbers,
    towns_table,
)
from ui.query import read_link
from ui.sidebar import close_sidebar_on_phones, scenario_controls, town_control
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
#: The map's height in px: on a 1280x800 screen the depth controls under it still show.
MAP_HEIGHT = 500


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
    fmap = base_map(layers, data_url=data_url, in_page=True)
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
town_labels = dict(zip(town_names, search_names(base.towns), strict=True))

# ---- state: the link is read once, checked parameter by parameter --------------------------
if state.MIN_KM not in st.session_state:
    link = read_link(st.query_params.to_dict(), towns=town_names, scenarios=all_scenarios)
    state.start_from_link(st.session_state, link)

scenario_controls(all_scenarios)
name = st.session_state[state.SCENARIO]
scenario = all_scenarios[name]

page_style()
st.markdown(f"**{scenario.title}: an approximate map**")
st.caption(
    f"{scenario.notes} No official map of the zone was ever published: every boundary here "
    "is an approximation, derived from sourced towns' control (see below)."
)
for problem in st.session_state.pop(state.LINK_PROBLEMS, []):
    st.warning(problem, icon="🔗")


def shown_zone(view: state.View, notice: DeltaGenerator) -> tuple[str, ZoneResult] | None:
    """Return the scenario and zone to show: the view's, or else the last good one.

    A zone that cannot be shown keeps the last good one on the map, with a message in
    ``notice`` (a slot that is always there: a message must not move the map, which
    would rebuild it).
    """
    spec = view.spec
    try:
        if spec.max_km == 0:
            notice.warning(
                "A zone 0 km deep is empty. Deepen it with the sliders; the last zone stays."
            )
        else:
            result = zone_result(view.scenario, spec.min_km, spec.max_km, spec.side)
            st.session_state[state.LAST_GOOD] = (view.scenario, result)
            return view.scenario, result
    except Exception:
        log.exception("building the zone failed")
        notice.error("Building this zone failed. The last zone stays on the map.")
    last: tuple[str, ZoneResult] | None = st.session_state.get(state.LAST_GOOD)
    return last


def zone_map(name: str, result: ZoneResult, *, other: str | None, town: str | None) -> None:
    """Draw the map: the scenario's base once, then this zone's layers."""
    focus = f"town-{town_names.index(town)}" if town in town_names else None
    try:
        base_map_parts = shell(name, other)
    except DataError as exc:
        log.exception("the map's scripts are not available offline")
        st.error(f"The map's scripts are not available offline, so no map is shown. {exc}")
        return
    spec = result.spec
    step = step_layers(name, spec.min_km, spec.max_km, spec.side, other)
    step_view = view_step_script(f"{name}/{spec.side}", result.zone.total_bounds, focus)
    show_map(base_map_parts, step + step_view, height=MAP_HEIGHT)


def take_away(result: ZoneResult, data: StudyData, query: dict[str, str]) -> None:
    """Offer the zone's files and the link to this view, under the map and the numbers."""
    st.markdown("**Take it away**")
    downloads(result, extra=map_downloads(data), per_row=3)
    base_url = (st.context.url or "").split("?")[0]
    with st.popover("Link to this view"):
        st.caption("Copy it with the button at its right:")
        st.code(f"{base_url}?{urlencode(query)}", language=None, wrap_lines=True)


@st.fragment
def zone_view() -> None:
    """The map, the depth controls, the numbers and the towns: what a slider step redraws.

    A fragment: moving a slider or choosing a side reruns only this function, so the rest
    of the page (scenario choice, town search, explanation) is neither rerun nor resent.
    The depth controls are under the map, and the numbers beside it (under it on a phone),
    so that a change and its effect show together.
    """
    view = state.read_view(st.session_state)
    query = view.query()
    st.query_params.from_dict(query)
    shown = shown_zone(view, st.empty())
    map_col, numbers_col = st.columns([5, 2], gap="medium")
    with map_col:
        if shown is not None:
            zone_map(*shown, other=view.compare, town=view.town)
        depth_controls(scenario.sides)
    if shown is None:
        return
    name, result = shown
    with numbers_col:
        numbers(result)
    more_numbers(result)
    take_away(result, study_data(name), query)
    if view.compare:
        spec = result.spec
        versus = comparison(name, spec.min_km, spec.max_km, spec.side, view.compare)
        comparison_panel(versus, titles={n: s.title for n, s in all_scenarios.items()})
    st.markdown("##### Towns inside the zone, and borderline towns")
    towns_table(result)


zone_view()
town_control(town_labels)
close_sidebar_on_phones()

with st.expander("About the memorandum, and how this map is made", expanded=False):
    st.markdown((ROOT / "docs" / "about.md").read_text(encoding="utf-8"))

# The page is out: the rest of the scenario's grid, in the background.
warm_grid(name)
