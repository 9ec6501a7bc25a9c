"""The user's own reading of the line: flips, added points, an uploaded line or table.

The sidebar's "Your reading of the line" changes the session's state only
(:data:`ui.state.EDITS`, :data:`ui.state.OWN_LINE`); :func:`current_line` then gives the
line a view draws, deriving the edited line once per change. A bad edit or file is one
message, and the last good line stays.
"""

from __future__ import annotations

import logging
from typing import Literal

import streamlit as st

from geo import DataError, ZoneInputError
from geo.i18n import N_, Language, error_text, translator
from geo.inputs.edits import SIDE_WORDS, AddedPoint, LineEdits
from geo.inputs.layers import StudyData
from geo.inputs.scenario import Scenario, scenario_data
from geo.inputs.userline import (
    MAX_BYTES,
    OPPOSITION_SIDES,
    drawn_line,
    line_data,
    read_control_points,
    read_line,
    table_data,
)
from geo.outputs.captions import origin_text
from geo.style import LAYER_NAMES
from ui import loaders, state
from ui.lines import BuiltInLine, OwnLine
from ui.text import plain

__all__ = ["current_line", "drop_own_line", "flip_point", "line_controls", "use_drawn_line"]

log = logging.getLogger("idlib_zone")
#: The file types the upload takes (the widget checks them, and the reader again).
FILE_TYPES = ["geojson", "json", "kml", "gpkg", "csv"]
_NOT_USED = N_("The line stays as it was.")
_EDITS_NOT_USED = N_("Your edits to the line were not used: {reason}.")
_NOT_FLIPPED_OWN = N_(
    "the line is your own file or drawing; go back to the built-in line to flip a point"
)
_NOT_A_POINT = N_("{name} is not one of this scenario's control points")
#: The sides a point may be set to, and the kinds of file, as the lists show them.
_SIDES = {side: SIDE_WORDS[side] for side in ("government", "opposition")}
_KINDS = {"a line": N_("a line"), "control points": N_("control points")}
_HANDS = {"left": N_("left"), "right": N_("right")}


def drop_own_line(session: state.State) -> None:
    """Go back to the built-in line: no edits, no own line (its cache is dropped)."""
    session[state.EDITS] = LineEdits()
    session.pop(state.OWN_LINE, None)


def current_line(
    scenario: Scenario, messages: list[str], *, lang: Language
) -> BuiltInLine | OwnLine:
    """Return the line to draw: the session's own, or the scenario's.

    Edits (from the sidebar or a link) are derived here once per change; if they do not
    fit the scenario's table, a message is added and the last good edits stay.
    """
    session = st.session_state
    own: OwnLine | None = session.get(state.OWN_LINE)
    if own is not None and own.scenario.name != scenario.name:
        own = None
        session.pop(state.OWN_LINE, None)
    if own is not None and own.origin != "edits":
        return own
    edits: LineEdits = session.get(state.EDITS) or LineEdits()
    if not edits:
        session.pop(state.OWN_LINE, None)
        return BuiltInLine(scenario)
    if own is not None and own.edits == edits:
        return own
    try:
        data = scenario_data(scenario, loaders.base_study_data(), edits=edits)
    except (ZoneInputError, DataError) as exc:
        log.info("edits not used: %s", exc)
        _ = translator(lang).gettext
        reason = plain(error_text(exc, lang))
        messages.append(_(_EDITS_NOT_USED).format(reason=reason) + " " + _(_NOT_USED))
        session[state.EDITS] = own.edits if own is not None else LineEdits()
        return own if own is not None else BuiltInLine(scenario)
    own = OwnLine(scenario=scenario, origin="edits", data=data, edits=edits)
    session[state.OWN_LINE] = own
    return own


def use_drawn_line(scenario: Scenario, geojson: object, side: str, *, lang: Language) -> str | None:
    """Make a line drawn on the map the session's line; return why not (in ``lang``), or None."""
    try:
        line = drawn_line(geojson)
        data = line_data(line, loaders.base_study_data(), opposition_side=side)
    except ZoneInputError as exc:
        return error_text(exc, lang)
    _own(scenario, "drawn", data)
    return None


def _own(scenario: Scenario, origin: Literal["file", "drawn"], data: StudyData) -> None:
    session = st.session_state
    session[state.EDITS] = LineEdits()
    session[state.OWN_LINE] = OwnLine(
        scenario=scenario,
        origin=origin,
        data=data,
    )


def line_controls(scenario: Scenario, *, lang: Language = "en") -> None:
    """Draw "Your reading of the line" in the sidebar: edits, an upload, the way back."""
    _ = translator(lang).gettext
    own: OwnLine | None = st.session_state.get(state.OWN_LINE)
    edits: LineEdits = st.session_state.get(state.EDITS) or LineEdits()
    changed = own is not None or bool(edits)
    with st.sidebar.expander(_("Your reading of the line"), expanded=changed):
        if own is not None and own.origin != "edits":
            # Where the line comes from, in the words every export uses.
            line = origin_text(own.data.line_source, lang=lang)
            st.caption(_("The map shows {line}, for this session only.").format(line=plain(line)))
        elif scenario.line.kind == "road":
            st.caption(_("This scenario's line is a road: it has no control points to flip."))
        else:
            _edit_controls(scenario, edits, lang)
        _upload_controls(scenario, lang)
        if changed:
            st.button(
                _("Back to the built-in line"),
                key="own_line_back",
                on_click=drop_own_line,
                args=(st.session_state,),
            )


def _edit_controls(scenario: Scenario, edits: LineEdits, lang: Language) -> None:
    _ = translator(lang).gettext
    sides = loaders.control_sides(scenario.name)
    flipped = dict(edits.flips)
    name = st.selectbox(
        _("Control point"),
        options=sorted(sides),
        index=None,
        placeholder=_("Pick a place to flip"),
        key="own_line_point",
    )
    if name is not None:
        other = _other_side(flipped.get(name, sides[name]))
        label = _("Set to {side}").format(side=_(_SIDES[other]))
        if st.button(label, key="own_line_flip"):
            flip_point(scenario, name, lang=lang)
            st.rerun()
    st.caption(
        _(
            "Or click a control point on the map (layer “{layer}”) and set it to the other side."
        ).format(layer=_(LAYER_NAMES["control_points"]))
    )
    _add_point_form(edits, lang)
    _edit_list(edits, lang)


def _other_side(side: str) -> str:
    return "government" if side != "government" else "opposition"


def flip_point(scenario: Scenario, name: str, *, lang: Language) -> str | None:
    """Set a control point of the scenario to the other side; return why not, or None.

    The reason is in ``lang``.

    The one rule of a flip, from the sidebar or from a point's button on the map: flipped
    back, a point's edit is dropped. Only the scenario's own points flip, and only while
    the line drawn is the scenario's (an uploaded or drawn line has none of them).
    """
    sides = loaders.control_sides(scenario.name)
    own: OwnLine | None = st.session_state.get(state.OWN_LINE)
    if own is not None and own.origin != "edits":
        return translator(lang).gettext(_NOT_FLIPPED_OWN)
    if name not in sides:
        return translator(lang).gettext(_NOT_A_POINT).format(name=repr(name[:80]))
    edits: LineEdits = st.session_state.get(state.EDITS) or LineEdits()
    original = sides[name]
    other = _other_side(dict(edits.flips).get(name, original))
    _set_edits(edits.with_flip(name, None if other == original else other))
    return None


def _set_edits(edits: LineEdits) -> None:
    st.session_state[state.EDITS] = edits


def _add_point_form(edits: LineEdits, lang: Language) -> None:
    _ = translator(lang).gettext
    with st.form("own_line_add", clear_on_submit=False, border=False):
        st.caption(_("Or add a control point:"))
        lat = st.number_input(_("Latitude (° N)"), value=35.8, format="%.5f", key="own_line_lat")
        lon = st.number_input(_("Longitude (° E)"), value=36.6, format="%.5f", key="own_line_lon")
        side = st.selectbox(
            _("Held by"), list(_SIDES), format_func=lambda v: _(_SIDES[v]), key="own_line_side"
        )
        note = st.text_input(_("Note (your source)"), max_chars=200, key="own_line_note")
        if st.form_submit_button(_("Add the point")):
            try:
                _set_edits(edits.with_point(AddedPoint(lon, lat, side, note)))
            except ZoneInputError as exc:
                st.error(plain(error_text(exc, lang)))
                return
            st.rerun()


def _edit_list(edits: LineEdits, lang: Language) -> None:
    if not edits:
        return
    _ = translator(lang).gettext
    st.caption(_("Your edits:"))
    for index, (name, _side) in enumerate(edits.flips):
        sentence = edits.provenance()[index]
        undo = _("Undo: {edit}").format(edit=plain(sentence))
        if st.button(undo, key=f"own_line_undo_f{index}", type="tertiary"):
            _set_edits(edits.with_flip(name, None))
            st.rerun()
    for index, point in enumerate(edits.added):
        undo = _("Undo: {edit}").format(edit=plain(point.sentence))
        if st.button(undo, key=f"own_line_undo_a{index}", type="tertiary"):
            _set_edits(edits.without_point(index))
            st.rerun()


def _upload_controls(scenario: Scenario, lang: Language) -> None:
    _ = translator(lang).gettext
    st.caption(_("Or use your own line (GeoJSON, KML, GeoPackage, CSV) or control-point table:"))
    kind = st.selectbox(
        _("The file holds"), list(_KINDS), format_func=lambda v: _(_KINDS[v]), key="own_line_kind"
    )
    side = st.selectbox(
        _("Opposition side, walking the line from its first point"),
        OPPOSITION_SIDES,
        format_func=lambda v: _(_HANDS[v]),
        key="own_line_opposition",
    )
    upload = st.file_uploader(
        _("Your file"),
        type=FILE_TYPES,
        key="own_line_file",
        max_upload_size=MAX_BYTES // (1024 * 1024),
    )
    if upload is not None and st.button(_("Use this file"), key="own_line_use"):
        problem = _use_file(
            scenario, upload.name, upload.getvalue(), kind=kind, side=side, lang=lang
        )
        if problem is None:
            st.rerun()
        refused = _("Your file was not used: {reason}.").format(reason=plain(problem))
        st.error(refused + " " + _(_NOT_USED))
    st.caption(
        _(
            "Or draw your line on the map: the line tool at its bottom right, a click for each "
            "point, and a click on the last point to finish. The opposition side is the one "
            "chosen above."
        )
    )


def _use_file(
    scenario: Scenario, name: str, data: bytes, *, kind: str, side: str, lang: Language
) -> str | None:
    """Make an uploaded file the session's line; return why not (in ``lang``), or None."""
    base = loaders.base_study_data()
    try:
        # Both readers refuse a file past MAX_BYTES again (the widget checks it first).
        if kind == "a line":
            study = line_data(read_line(data, name=name), base, opposition_side=side)
        else:
            table = read_control_points(data, name=name)
            study = table_data(table, scenario, base, name=name)
    except ZoneInputError as exc:
        return error_text(exc, lang)
    except DataError as exc:
        log.exception("an uploaded file could not be used")
        return str(exc)
    _own(scenario, "file", study)
    return None
