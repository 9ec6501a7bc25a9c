"""The page's cached loaders: data once per server, results once per scenario, depths and side.

``st.cache_resource`` holds what every session shares read-only (the study data, the grid
cache, the rendered base map); ``st.cache_data`` holds small per-step results. Each takes
plain values (names, kilometres), so a cache key is what a link says.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence

import folium
import shapely
import streamlit as st

from geo import DataError, ZoneSpec, load_study_data
from geo.engine.zone import Side, as_side
from geo.i18n import Language
from geo.inputs.layers import StudyData
from geo.inputs.scenario import (
    Scenario,
    ScenarioSet,
    control_table,
    load_scenarios,
    scenario_data,
)
from geo.mapview.assets import FileStore, publish_script
from geo.mapview.basedata import BaseLayers, prepare_base_layers
from geo.mapview.basemap import base_map
from geo.mapview.layers import compare_layers, zone_layers
from geo.mapview.preview import pack_preview, pending_preview, preview_name
from geo.outputs.captions import data_text
from geo.results.analysis import ZoneResult
from geo.results.compare import Comparison, compare
from geo.results.grid import ZoneCache
from geo.results.timeline import Taken, dated_lines, timeline
from ui.zonemap import MapShell, layers_script, map_shell, serve_files

__all__ = [
    "base_layers",
    "base_study_data",
    "comparison",
    "control_sides",
    "default_result",
    "file_store",
    "flippable_points",
    "map_layers",
    "preview_url",
    "published_layers",
    "render_shell",
    "scenario_failure",
    "scenario_set",
    "scenarios",
    "shell",
    "step_layers",
    "study_data",
    "timeline_rows",
    "warm_grid",
    "zone_result",
]

log = logging.getLogger("idlib_zone")


@st.cache_resource(show_spinner=False)
def scenario_set() -> ScenarioSet:
    """Read every scenario file of the data folder: the good ones and the broken ones."""
    return load_scenarios()


def scenarios() -> Mapping[str, Scenario]:
    """Return the scenarios that can be read, by name."""
    return scenario_set().scenarios


@st.cache_resource(show_spinner=False)
def base_study_data() -> StudyData:
    """Load the study layers of the data folder, validated once per server."""
    return load_study_data()


@st.cache_resource(show_spinner=False)
def file_store() -> FileStore:
    """Serve the folder the map's files are published in, outside the checkout."""
    return serve_files()


@st.cache_resource(show_spinner=False)
def study_data(scenario: str) -> StudyData:
    """Return the study data along a scenario's line."""
    return scenario_data(scenarios()[scenario], base_study_data())


def published_layers(data: StudyData, lang: Language) -> tuple[BaseLayers, str]:
    """Return a line's static layers in ``lang``, and the URL their data is served at."""
    layers = prepare_base_layers(data, lang=lang)
    return layers, publish_script(layers.script, store=file_store())


@st.cache_data(show_spinner=False, max_entries=8)
def control_sides(scenario: str) -> dict[str, str]:
    """Return the control points a scenario's line is derived from: name -> side."""
    points = control_table(scenarios()[scenario], base_study_data())
    return dict(zip(points["name"].astype(str), points["control"].astype(str), strict=False))


@st.cache_resource(show_spinner=False, max_entries=8)
def base_layers(scenario: str, lang: Language) -> tuple[BaseLayers, str]:
    """Return the scenario's static layers in ``lang``, and the URL their data is served at."""
    return published_layers(study_data(scenario), lang)


@st.cache_resource(show_spinner=False, max_entries=12)
def zone_cache(scenario: str) -> ZoneCache:
    """Every slider step's buffer, built once per server and shared by all sessions.

    Steps are computed when first asked for; :func:`warm_grid` computes the rest (about
    2 s of CPU and 30 MiB for both sides) once the first page is out.
    """
    return ZoneCache(study_data(scenario))


def _preview_sides(scenario: str) -> tuple[Side, ...]:
    """Return the sides whose steps are warmed, and packed for the live preview.

    A dated line's grid is warmed on the opposition side only (the page's default): with
    every day warmed on both sides the server would hold 1.9 times today's memory, 1.4 times
    so (``benchmarks/memory_dates.py``). Its other side's steps are computed when asked for,
    but not previewed.
    """
    chosen = scenarios()[scenario]
    return ("opposition",) if chosen.series else chosen.sides


@st.cache_resource(show_spinner=False, max_entries=12)
def preview_url(scenario: str) -> str:
    """Where the page serves the scenario's bands for the live preview (once they are packed).

    The name is known at once; until :func:`warm_grid` has written the bands (about 155 kB)
    once the grid is warm, the file says so, and the map asks for it again.
    """
    name = preview_name(study_data(scenario), _preview_sides(scenario))
    store = file_store()
    if not (store.path / PREVIEW_FOLDER / name).is_file():  # packed by an earlier server
        store.publish(PREVIEW_FOLDER, name, pending_preview())
    return store.url_of(PREVIEW_FOLDER, name)


#: The file folder's sub-folder of the preview files.
PREVIEW_FOLDER = "preview"


def _warm_and_pack(cache: ZoneCache, sides: tuple[Side, ...], store: FileStore) -> None:
    """Compute every step of the grid, then publish the bands for the live preview."""
    try:
        cache.warm(sides)
        name = preview_name(cache.data, sides)
        store.publish(PREVIEW_FOLDER, name, pack_preview(cache, sides))
    except Exception:
        log.exception("the live preview could not be packed")


@st.cache_resource(show_spinner=False, max_entries=12)
def warm_grid(scenario: str) -> threading.Thread:
    """Compute the scenario's other steps and its preview file in the background, once."""
    thread = threading.Thread(
        target=_warm_and_pack,
        args=(zone_cache(scenario), _preview_sides(scenario), file_store()),
        name="zone-cache-warm",
        daemon=True,
    )
    thread.start()
    return thread


def zone_result(scenario: str, min_km: float, max_km: float, side: str) -> ZoneResult:
    """Return the zone of a scenario at these depths and side, from the grid cache."""
    spec = ZoneSpec(min_km=min_km, max_km=max_km, side=as_side(side))
    return zone_cache(scenario).result(spec)


def default_result(scenario: str) -> ZoneResult:
    """Return a scenario's zone at its own depths and side."""
    spec = scenarios()[scenario].spec
    return zone_result(scenario, spec.min_km, spec.max_km, spec.side)


def map_layers(
    result: ZoneResult,
    other: str | None,
    lang: Language,
    changed: tuple[shapely.Geometry | None, shapely.Geometry | None] = (None, None),
) -> list[folium.FeatureGroup]:
    """Return the layers that change with the zone: bands, towns, posts, a comparison.

    ``changed`` is what of the zone changed hands by ``other``'s line: for certain, and
    within the lines' uncertainty (:attr:`Comparison.changed_certain` and its pair).
    """
    layers = zone_layers(result, lang=lang)
    if other:
        title = data_text(scenarios()[other].title, lang)
        layers += compare_layers(default_result(other), title=title, lang=lang, changed=changed)
    return layers


def render_shell(
    published: tuple[BaseLayers, str],
    first: ZoneResult,
    other: str | None,
    lang: Language,
    *,
    swipe: bool = False,
    flips: Sequence[str] = (),
) -> MapShell:
    """Render a base map and its layer control, for zones like ``first`` (and ``other``).

    With ``other`` and ``swipe``, a handle swipes between the two zones; ``flips`` names
    the control points whose popup offers to flip them.
    """
    layers, data_url = published
    compared = data_text(scenarios()[other].title, lang) if other else None
    fmap = base_map(
        layers, data_url=data_url, in_page=True, compare=compared, lang=lang, swipe=swipe
    )
    return map_shell(fmap, map_layers(first, other, lang), store=file_store(), flips=flips)


@st.cache_resource(show_spinner=False, max_entries=16)
def shell(scenario: str, other: str | None, lang: Language, swipe: bool = False) -> MapShell:
    """Render the base map and its layer control once per scenario, comparison and language.

    With a comparison and ``swipe``, a handle swipes between the two zones.
    """
    first = default_result(scenario)
    published = base_layers(scenario, lang)
    flips = flippable_points(scenario)
    return render_shell(published, first, other, lang, swipe=swipe, flips=flips)


def flippable_points(scenario: str) -> list[str]:
    """Name the control points of a scenario's line that the map offers to flip.

    Its own points (:func:`ui.ownline.flip_point` flips no other): none for a road.
    """
    if scenarios()[scenario].line.kind == "road":
        return []
    return list(control_sides(scenario))


@st.cache_data(show_spinner=False, max_entries=512)
def step_layers(
    scenario: str, min_km: float, max_km: float, side: str, other: str | None, lang: Language
) -> str:
    """One step's layers as the map's script: about 16 kB, kept for the last 512 steps."""
    result = zone_result(scenario, min_km, max_km, side)
    changed: tuple[shapely.Geometry | None, shapely.Geometry | None] = (None, None)
    if other:
        versus = comparison(scenario, min_km, max_km, side, other)
        changed = (versus.changed_certain, versus.changed_uncertain)
    return layers_script(map_layers(result, other, lang, changed))


@st.cache_data(show_spinner=False, max_entries=64)
def comparison(scenario: str, min_km: float, max_km: float, side: str, other: str) -> Comparison:
    """Compare the zone of ``scenario`` with ``other``'s, at its own depths.

    What changed hands is split into certain and within the lines' uncertainty.
    """
    first = zone_result(scenario, min_km, max_km, side)
    return compare(
        first,
        default_result(other),
        second_data=study_data(other),
        names=(scenario, other),
        first_data=study_data(scenario),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def timeline_rows(min_km: float, max_km: float) -> list[Taken]:
    """Measure what each dated line took from the first line's zone (opposition side).

    About 0.3 s once every line's study data is derived (:func:`study_data`, cached).
    """
    lines = dated_lines(scenarios())
    spec = lines[0].with_widths(min_km=min_km, max_km=max_km, side="opposition")
    return timeline(lines, base_study_data(), spec, derive=lambda line: study_data(line.name))


def scenario_failure(scenario: str) -> str | None:
    """Say why a scenario's line cannot be drawn (one line), or return None if it can."""
    try:
        study_data(scenario)
    except DataError as exc:
        log.exception("scenario %s could not be drawn", scenario)
        return str(exc)
    except Exception:
        log.exception("scenario %s could not be drawn", scenario)
        return "its line could not be derived (the server log says why)"
    return None
