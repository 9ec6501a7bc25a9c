"""What a slider step redraws: the map, the depth controls, the numbers, the files and the towns."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from urllib.parse import urlencode

import numpy as np
import streamlit as st

from geo import DataError, ZoneInputError
from geo.engine.zone import ZoneSpec
from geo.i18n import N_, Language, translator
from geo.inputs.scenario import Scenario
from geo.mapview.linkview import VIEW_PARAMS
from geo.mapview.preview import preview_step
from geo.mapview.view import view_step_script
from geo.outputs.captions import data_text
from geo.results.analysis import ZoneResult
from geo.results.compare import Comparison
from ui import state
from ui.controls import depth_controls
from ui.dates import date_controls, play_every, play_step, played
from ui.lines import BuiltInLine, OwnLine
from ui.linkbox import link_box
from ui.mapinput import map_input, map_problems
from ui.ownline import current_line
from ui.panels import (
    comparison_panel,
    downloads,
    map_downloads,
    more_numbers,
    numbers,
    towns_table,
)
from ui.routes import zone_layers_url
from ui.series import series_days
from ui.text import plain
from ui.timechart import timeline_section
from ui.zonemap import show_map

__all__ = ["MAP_HEIGHT", "zone_view"]

log = logging.getLogger("idlib_zone")
#: The map's height in px: on a 1280x800 screen the depth controls under it still show.
MAP_HEIGHT = 500
#: The line a view draws.
Line = BuiltInLine | OwnLine
_EMPTY_ZONE = N_("A zone 0 km deep is empty: the map shows none. Deepen it with the sliders.")


def _built(view: state.View, line: Line, messages: list[str]) -> tuple[Line, ZoneResult] | None:
    """Build the view's zone; on failure add a message and return the last good one."""
    _ = translator(view.lang).gettext
    spec = view.spec
    if spec.max_km == 0:
        messages.append(_(_EMPTY_ZONE))
    try:
        if spec.side not in line.sides:  # the one rule of the page and the command line
            line.scenario.check_side(spec.side)
        result = line.result(spec)
        st.session_state[state.LAST_GOOD] = (line, result)
        st.session_state[state.LAST_VIEW] = {
            state.SCENARIO: view.choice,
            state.DATE: view.date,
            state.MIN_KM: spec.min_km,
            state.MAX_KM: spec.max_km,
            state.SIDE: spec.side,
        }
        return line, result
    except Exception as exc:
        log.exception("building the zone failed")
        reason = plain(exc) if isinstance(exc, ZoneInputError) else ""
        messages.append(
            _("Building this zone failed. {reason} The last zone stays on the map.").format(
                reason=reason
            )
        )
    last: tuple[Line, ZoneResult] | None = st.session_state.get(state.LAST_GOOD)
    return last


def _compared(
    line: Line,
    result: ZoneResult,
    other: str,
    titles: Mapping[str, str],
    messages: list[str],
    lang: Language,
) -> Comparison | None:
    """Compare, or add a message and return None: the main view stays as it is."""
    _ = translator(lang).gettext
    spec = result.spec
    try:
        return line.comparison(spec, other)
    except Exception as exc:
        log.exception("comparing with %s failed", other)
        reason = plain(exc) if isinstance(exc, DataError) else _("the server log says why")
        messages.append(
            _("The comparison with “{title}” cannot be drawn: {reason}").format(
                title=plain(titles[other]), reason=reason
            )
        )
        return None


def _zone_map(
    line: Line,
    result: ZoneResult,
    *,
    asked: ZoneSpec,
    other: str | None,
    focus: str | None,
    settings: dict[str, str],
    lang: Language,
) -> bool:
    """Draw the map: the scenario's base once, then this zone's layers; False if it cannot.

    ``asked`` is the zone the sliders ask for; ``result`` may be the last good one. The
    map writes the page's ``settings`` into its address as it draws the zone.
    """
    _ = translator(lang).gettext
    try:
        swipe = bool(other and st.session_state.get(state.SWIPE))
        base_map_parts = line.shell(other, lang, swipe=swipe)
    except DataError as exc:
        log.exception("the map's scripts are not available offline")
        st.error(
            _("The map's scripts are not available offline, so no map is shown. {reason}").format(
                reason=plain(exc)
            )
        )
        return False
    spec = result.spec
    step = line.step(spec, other, lang)
    bounds = result.zone.total_bounds
    if not np.isfinite(bounds).all():  # an empty zone: the study area
        bounds = line.bounds(lang)
    url = line.preview_url()
    exact = zone_layers_url(settings, lang) if isinstance(line, BuiltInLine) else None
    preview = None if url is None else preview_step(url, shown=spec, asked=asked, exact=exact)
    link_view = st.session_state.get(state.MAP_VIEW)
    step_view = view_step_script(
        f"{line.name}/{spec.side}",
        bounds,
        focus,
        preview=preview,
        link_view=link_view.step() if link_view else None,
        settings=urlencode(settings),
    )
    value = show_map(base_map_parts, step + step_view, height=MAP_HEIGHT)
    if map_input(value, line.scenario, key=base_map_parts.key, lang=lang):
        st.rerun(scope="app")  # the sidebar lists the line's edits
    return True


def _take_away(line: Line, result: ZoneResult, query: dict[str, str], lang: Language) -> None:
    """Offer the zone's files and the link to this view, under the map and the numbers."""
    _ = translator(lang).gettext
    st.markdown("**" + _("Take it away") + "**")
    downloads(result, extra=map_downloads(line.data, lang=lang), lang=lang, per_row=3)
    base_url = (st.context.url or "").split("?")[0]
    with st.popover(_("Link to this view")):
        st.caption(_("It keeps the map's zoom, centre and layers too. Copy it with the button:"))
        link_box(f"{base_url}?{urlencode(query)}", lang=lang)
        if isinstance(line, OwnLine) and line.origin != "edits":
            st.caption(_("The link gives the built-in line: it cannot carry your file or drawing."))


def _write_link(query: dict[str, str]) -> None:
    """Put the view's settings in the page's address, when no map is drawn to do it.

    The map writes them as it draws each zone (``settings`` of
    :func:`geo.mapview.view.view_step_script`), beside its own zoom, centre and layers
    (:mod:`geo.mapview.linkview`, ``VIEW_PARAMS``), with the browser's ``replaceState``: a
    slider step adds no entry to the browser's history, so Back leaves the page. Streamlit's
    own write (``st.query_params``) adds an entry each time, and is used only without a map.
    The address is read as the browser sent it with this run.
    """
    shown = {k: v for k, v in st.query_params.to_dict().items() if k not in VIEW_PARAMS}
    if shown != query:
        st.query_params.from_dict(query)


def zone_view(all_scenarios: Mapping[str, Scenario], town_names: list[str], lang: Language) -> None:
    """Draw the map, the depth controls, the numbers and the towns of the current view.

    A fragment: moving a slider or choosing a side reruns only this part of the page, so
    the rest (scenario choice, town search, explanation) is neither rerun nor resent.
    While the days of a series play, the fragment also reruns on a timer.
    """
    timer = play_every(st.session_state)
    st.fragment(_zone_view, run_every=timer)(
        all_scenarios, town_names, lang, timer=timer is not None
    )


def _playing(days: list[str], *, timer: bool) -> None:
    """Take the play's step; start or stop the fragment's timer with a rerun of the page."""
    session = st.session_state
    if bool(session.get(state.PLAYING)) == timer:
        play_step(session, days)
    if bool(session.get(state.PLAYING)) != timer:
        st.rerun(scope="app")


def _zone_view(
    all_scenarios: Mapping[str, Scenario], town_names: list[str], lang: Language, *, timer: bool
) -> None:
    """Draw the fragment's body (see :func:`zone_view`).

    The depth controls are under the map and the numbers beside it (under it on a phone),
    so that a change and its effect show together. Messages go into a slot that is always
    there: a message must not move the map, which would rebuild it. Every word is in
    ``lang``, the page's language.
    """
    _ = translator(lang).gettext
    days = series_days(all_scenarios).get(st.session_state[state.SCENARIO], [])
    _playing(days, timer=timer)
    notice = st.empty()
    messages: list[str] = map_problems()
    line = current_line(all_scenarios[state.scenario_name(st.session_state)], messages, lang=lang)
    view = state.read_view(st.session_state)
    query = view.query()
    shown = _built(view, line, messages)
    titles = {n: data_text(s.title, lang) for n, s in all_scenarios.items()}
    versus, other = None, view.compare if view.compare != view.scenario else None
    if shown is not None and other:
        versus = _compared(*shown, other, titles, messages, lang)
        other = other if versus is not None else None
    with notice.container():
        for message in messages:
            (st.warning if message == _(_EMPTY_ZONE) else st.error)(message)
    map_col, numbers_col = st.columns([5, 2], gap="medium")
    with map_col:
        drawn_map = False
        if shown is not None:
            town = view.town
            focus = f"town-{town_names.index(town)}" if town in town_names else None
            drawn_map = _zone_map(
                *shown, asked=view.spec, other=other, focus=focus, settings=query, lang=lang
            )
        if not drawn_map:
            _write_link(query)
        if days:
            date_controls(days, lang=lang)
        depth_controls(line.sides, lang=lang)
    played(st.session_state)
    if shown is None:
        return
    drawn, result = shown
    with numbers_col:
        if days:
            st.markdown(f"**{plain(data_text(drawn.scenario.title, lang))}**")
        numbers(result, lang=lang)
    more_numbers(result, lang=lang)
    if days:
        spec = result.spec
        timeline_section(spec.min_km, spec.max_km, days=days, day=view.date, lang=lang)
    _take_away(drawn, result, query, lang)
    if versus is not None:
        comparison_panel(versus, titles=titles, lang=lang)
    st.markdown("##### " + _("Towns inside the zone, and borderline towns"))
    towns_table(result, lang=lang)
