"""The page with the user's own reading of the line: flips, added points, uploads (AppTest)."""

from __future__ import annotations

import json

import shapely

from geo.inputs.edits import LineEdits
from tests.test_app import address, fresh_caches, map_args, selectbox, start, warnings
from ui import state
from ui.lines import OwnLine

__all__ = ["fresh_caches"]  # the autouse fixture of tests/test_app.py, for these tests too


def area(at) -> str:
    (metric,) = [m for m in at.metric if m.label == "Area of the zone"]
    return str(metric.value)


def button(at, label: str):
    (found,) = [b for b in at.sidebar.button if b.label.replace("\\", "").startswith(label)]
    return found


def query(at, name: str) -> str | None:
    return address(at).get(name)


def flip_saraqib(at):
    selectbox(at, "Control point").select("Saraqib").run()
    return button(at, "Set to government").click().run()


def test_a_flip_changes_the_line_for_this_session_and_the_link_carries_it():
    at = start()
    before, (_, map_before) = area(at), map_args(at)
    at = flip_saraqib(at)
    assert not at.exception
    assert at.session_state[state.EDITS] == LineEdits.of({"Saraqib": "government"})
    assert query(at, "edits") == "f=Saraqib:g"
    own = at.session_state[state.OWN_LINE]
    assert isinstance(own, OwnLine) and own.origin == "edits"
    assert "Saraqib set to government by the user" in own.data.line_source.edits
    assert area(at) != before
    assert map_args(at)[1]["key"] != map_before["key"]  # the edited line's own map
    # A later depth change takes the session's grid: the same cache, a new zone.
    at.slider[1].set_value(25.0).run()
    assert at.session_state[state.OWN_LINE] is own
    assert "outer band (15\\u201325 km)" in map_args(at)[1]["feature_group"]
    # Undo, then the way back: the built-in line, its numbers, and no own line kept.
    at.slider[1].set_value(20.0).run()
    at = button(at, "Undo: Saraqib set to government").click().run()
    assert area(at) == before
    assert state.OWN_LINE not in at.session_state
    assert query(at, "edits") is None


def test_a_link_with_edits_gives_the_same_numbers():
    at = flip_saraqib(start())
    flipped = area(at)
    again = start(edits=query(at, "edits") or "")
    assert not again.exception
    assert area(again) == flipped
    assert not warnings(again)


def test_bad_edits_in_a_link_are_one_message_and_the_rest_is_kept():
    at = start(edits="f=Saraqib:x;<img src=x>", min_km="10", town="Saraqib")
    assert not at.exception
    assert "edits to the line were not used" in warnings(at)
    assert "<img" not in warnings(at)
    assert at.slider[0].value == 10.0 and at.session_state["town"] == "Saraqib"
    assert state.OWN_LINE not in at.session_state


def test_edits_that_do_not_fit_the_table_keep_the_built_in_line():
    at = start(edits="f=Atlantis:g")
    assert not at.exception
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "no control point is named 'Atlantis'" in errors
    assert at.session_state[state.EDITS] == LineEdits()
    assert query(at, "edits") is None


def test_an_added_point_is_an_edit_with_its_note():
    at = start()
    before = area(at)
    at.number_input(key="own_line_lat").set_value(35.75)
    at.number_input(key="own_line_lon").set_value(36.70)
    at.selectbox(key="own_line_side").select("government")
    at.text_input(key="own_line_note").input("<b>seen</b>")
    (submit,) = [b for b in at.sidebar.button if b.label == "Add the point"]
    at = submit.click().run()
    assert not at.exception
    edits = at.session_state[state.EDITS]
    assert len(edits.added) == 1 and edits.added[0].note == "<b>seen</b>"
    assert query(at, "edits") == "a=36.7,35.75,g,%3Cb%3Eseen%3C%2Fb%3E"
    assert area(at) != before


def _geojson(line: shapely.LineString) -> bytes:
    return json.dumps({"type": "LineString", "coordinates": list(line.coords)}).encode()


def test_an_uploaded_line_replaces_the_line_and_a_bad_file_keeps_it():
    at = start()
    before = area(at)
    built = at.session_state[state.LAST_GOOD][1].frontline
    at.selectbox(key="own_line_opposition").select("right")
    at.sidebar.file_uploader(key="own_line_file").upload("mine.geojson", _geojson(built)).run()
    at = button(at, "Use this file").click().run()
    assert not at.exception
    own = at.session_state[state.OWN_LINE]
    assert own.origin == "file" and "mine.geojson" in own.data.line_source.file_name
    uploaded = area(at)
    assert uploaded != "" and not at.error
    # A broken file: one message, and the uploaded line stays.
    at.sidebar.file_uploader(key="own_line_file").upload("bad.geojson", b"{not json").run()
    at = button(at, "Use this file").click().run()
    assert not at.exception
    (error,) = at.error
    assert "bad.geojson" in error.value.replace("\\", "")
    assert at.session_state[state.OWN_LINE] is own and area(at) == uploaded
    at = button(at, "Back to the built-in line").click().run()
    assert area(at) == before and state.OWN_LINE not in at.session_state
