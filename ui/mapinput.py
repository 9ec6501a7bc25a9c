"""What the map sends back: a line drawn on it, or a control point flipped from its popup.

The map component returns only ``all_drawings`` (:data:`ui.zonemap.RETURNED`), so a pan, a zoom or a
click on a town sends nothing and reruns nothing; a finished drawing or a point's "Set to
the other side" button (``geo/mapview/static/draw.js``) does. The value stays the
component's until the next one, so each drawing and flip is acted on once: the drawing by
its map and content, the flip by its id. A drawing goes to the same function as an upload's
line (:func:`ui.ownline.use_drawn_line`, with the opposition side chosen in the sidebar), a
flip to the sidebar's (:func:`ui.ownline.flip_point`). A bad one is one message; the last
good line stays.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import streamlit as st

from geo.i18n import N_, Language, translator
from geo.inputs.scenario import Scenario
from geo.inputs.userline import MAX_BYTES, OPPOSITION_SIDES
from ui import state
from ui.ownline import flip_point, use_drawn_line
from ui.text import plain

__all__ = ["map_input", "map_problems"]

#: The sidebar's choice of the opposition side (``ui/ownline.py``), for a drawn line too.
SIDE_KEY = "own_line_opposition"
_NOT_USED = N_("The line stays as it was.")
_DRAWING = N_("Your drawing was not used: {reason}.")
_TOO_LARGE = N_("it is larger than {size} MB")
_FLIP = N_("The point was not flipped: {reason}.")


def _last_line(drawings: object) -> object | None:
    """Return the newest drawing (the map keeps one), or None if there is none."""
    if not isinstance(drawings, list) or not drawings:
        return None
    newest: object = drawings[-1]
    return newest


def _problem(template: str, reason: str, lang: Language) -> None:
    _ = translator(lang).gettext
    problems = st.session_state.setdefault(state.MAP_PROBLEMS, [])
    problems.append(_(template).format(reason=plain(reason)) + " " + _(_NOT_USED))


def _flip(value: Mapping[str, object], scenario: Scenario, lang: Language) -> bool:
    flip = value.get("flip")
    if not isinstance(flip, Mapping) or flip.get("id") == st.session_state.get(state.MAP_FLIP_SEEN):
        return False
    st.session_state[state.MAP_FLIP_SEEN] = flip.get("id")
    problem = flip_point(scenario, str(flip.get("name", "")), lang=lang)
    if problem is not None:
        _problem(_FLIP, problem, lang)
    return True


def _drawing(value: Mapping[str, object], scenario: Scenario, key: str, lang: Language) -> bool:
    drawing = _last_line(value.get("all_drawings"))
    if drawing is None:
        return False
    text = json.dumps(drawing, sort_keys=True)
    if st.session_state.get(state.MAP_DRAWING_SEEN) == (key, text):
        return False
    st.session_state[state.MAP_DRAWING_SEEN] = (key, text)
    if len(text) > MAX_BYTES:
        size = MAX_BYTES // 2**20
        problem: str | None = translator(lang).gettext(_TOO_LARGE).format(size=size)
    else:
        side = st.session_state.get(SIDE_KEY, OPPOSITION_SIDES[0])
        problem = use_drawn_line(scenario, drawing, str(side), lang=lang)
    if problem is not None:
        _problem(_DRAWING, problem, lang)
    return True


def map_input(value: object, scenario: Scenario, *, key: str, lang: Language = "en") -> bool:
    """Act on what the map sent, once; return whether the page must be drawn again.

    Parameters
    ----------
    value
        The map component's value (``all_drawings``, and a ``flip``).
    scenario
        The scenario whose line is drawn.
    key
        The map's key: a drawing is new if its map or content is.
    lang
        The page's language, for a message.
    """
    if not isinstance(value, Mapping):
        return False
    flipped = _flip(value, scenario, lang)
    drawn = _drawing(value, scenario, key, lang)
    return flipped or drawn


def map_problems() -> list[str]:
    """Return, once, the messages about what the map sent and the page did not use."""
    problems: list[str] = st.session_state.pop(state.MAP_PROBLEMS, [])
    return problems
