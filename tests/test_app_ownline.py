"""The page with the user's own reading of the line: flips, added points, uploads (AppTest)."""

from __future__ import annotations

import json
import time

import shapely

from geo import ZoneSpec
from geo.inputs.edits import LineEdits
from geo.mapview.preview import pending_preview
from geo.mapview.preview_check import drawn_band, hausdorff_m, unpack_preview
from tests.test_app import (
    _step_data,
    address,
    fresh_caches,
    map_args,
    selectbox,
    start,
    warnings,
)
from ui import loaders, ownpreview, state
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


def test_edits_that_do_not_fit_the_table_are_told_in_the_pages_language():
    """Defect: the Arabic page said why edits were not used in English."""
    at = start(edits="f=Atlantis:g", lang="ar")
    assert not at.exception
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "لم تُستخدم تعديلاتك على الخط" in errors and "لا نقطة سيطرة باسم 'Atlantis'" in errors
    assert "no control point" not in errors and "were not used" not in errors


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


def _packed(url: str) -> bytes:
    """The preview file at ``url`` once the server has packed it (it packs in the background)."""
    path = loaders.file_store().path / loaders.PREVIEW_FOLDER / url.rsplit("/", 1)[1]
    deadline = time.monotonic() + 120
    while path.read_bytes() == pending_preview() and time.monotonic() < deadline:
        time.sleep(0.2)
    return path.read_bytes()


def test_an_edited_line_has_its_own_live_preview_within_250_m_of_its_zone():
    """Defect: a flipped, uploaded or drawn line had no live preview: the map stood still
    during a drag, as before the preview existed."""
    at = start()
    built_in = _step_data(map_args(at)[1]["feature_group"])["preview"]["url"]
    at = flip_saraqib(at)
    preview = _step_data(map_args(at)[1]["feature_group"])["preview"]
    assert preview["url"] != built_in and preview["side"] == "opposition"
    steps = unpack_preview(_packed(preview["url"]))
    assert list(steps) == ["opposition"]  # the line's first side, as for a dated line
    own = at.session_state[state.OWN_LINE]
    frame = own.cache.frame
    for width_km in (5.0, 20.0, 45.5):
        exact = own.result(ZoneSpec(width_km, width_km, "opposition")).zone.geometry.iloc[0]
        drawn = drawn_band(steps["opposition"], width_km=width_km)
        assert hausdorff_m(frame.to_local(drawn), frame.to_local(exact)) <= 250.0
    # A later step gives the same file: packed once for the line.
    at.slider[1].set_value(25.0).run()
    assert _step_data(map_args(at)[1]["feature_group"])["preview"]["url"] == preview["url"]


def test_with_the_servers_queue_full_a_line_has_no_preview_and_the_page_still_works(
    monkeypatch,
):
    # A line no earlier run has packed (the file folder outlives a test).
    monkeypatch.setattr(ownpreview, "preview_name", lambda *_: f"{time.time_ns()}-preview.json.gz")
    packer = ownpreview._packer()
    for i in range(ownpreview.MAX_WAITING):
        assert packer.reserve(f"another line {i}")
    assert not packer.reserve("one more")
    at = flip_saraqib(start())
    assert not at.exception and not at.error
    assert _step_data(map_args(at)[1]["feature_group"])["preview"] is None
    assert query(at, "edits") == "f=Saraqib:g"
