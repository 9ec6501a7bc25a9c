"""The user's own line from the map and from files (AppTest): a drawing or a flip arriving
from the map component, an uploaded control-point table, a file past the size limit.

The map component's value is set as a browser would send it: under the component's key
(``ui/zonemap.py``), with ``all_drawings`` (streamlit-folium's) or ``flip`` (``draw.js``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from geo.inputs.edits import LineEdits
from geo.inputs.userline import MAX_BYTES
from tests.test_app import fresh_caches, map_args, start
from tests.test_app_ownline import area, button, flip_saraqib, query
from ui import loaders, state

__all__ = ["fresh_caches"]  # the autouse fixture of tests/test_app.py, for these tests too

TABLE = Path(__file__).resolve().parent.parent / "data" / "reference" / "control_points_2018.csv"
#: A line across the middle of the study area, south then north (lat, lon).
LINE = [(35.45, 36.40), (35.40, 36.80), (35.75, 36.85), (36.15, 36.80)]


def drawing(points: list[tuple[float, float]]) -> dict:
    """A line as leaflet.draw gives it (a GeoJSON Feature, lon/lat)."""
    coordinates = [[lon, lat] for lat, lon in points]
    return {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "LineString", "coordinates": coordinates},
    }


def send(at, value: dict):
    """Give the map component ``value``, as the browser does, and run the page."""
    at.session_state[map_args(at)[1]["key"]] = value
    return at.run()


def errors(at) -> str:
    return " ".join(e.value for e in at.error).replace("\\", "")


def test_a_drawn_line_becomes_the_line_once_and_a_bad_one_keeps_it():
    at = start()
    before = area(at)
    at = send(at, {"all_drawings": [drawing(LINE)]})
    assert not at.exception and not at.error
    own = at.session_state[state.OWN_LINE]
    assert own.origin == "drawn" and own.data.line_source.origin == "drawn"
    assert area(at) != before
    assert "a line drawn on the map" in " ".join(c.value for c in at.sidebar.caption)
    # Drawn with no uncertainty: no borderline towns, so one count, not "21 to 21".
    metrics = {m.label: str(m.value) for m in at.metric}
    assert own.data.line_source.uncertainty_km == 0
    assert (
        " to " not in metrics["Towns inside"]
        and " to " not in metrics["People inside (pre-war figures)"]
    )
    drawn = area(at)
    # The same value on a later run (a slider moved) is not a new drawing.
    at.slider[1].set_value(25.0).run()
    assert at.session_state[state.OWN_LINE] is own
    at.slider[1].set_value(20.0).run()
    # One point, a line that crosses itself, a line far from Idlib: one message each,
    # and the drawn line stays.
    for bad, why in [
        ([(35.6, 36.6)], ""),
        ([(35.4, 36.4), (36.0, 36.9), (36.0, 36.4), (35.4, 36.9)], "cross"),
        ([(33.5, 36.3), (33.6, 36.5), (33.8, 36.6)], ""),
    ]:
        at = send(at, {"all_drawings": [drawing(bad)]})
        assert not at.exception
        (error,) = at.error
        assert "Your drawing was not used" in error.value and why in error.value
        assert at.session_state[state.OWN_LINE] is own and area(at) == drawn
    # Opposition on the other hand of the same line: another zone.
    at.selectbox(key="own_line_opposition").select("right")
    at = send(at, {"all_drawings": [drawing(LINE[:3])]})
    assert at.session_state[state.OWN_LINE] is not own


def test_a_point_flipped_on_the_map_is_the_sidebar_flip():
    by_sidebar = flip_saraqib(start())
    at = start()
    at = send(at, {"all_drawings": [], "flip": {"name": "Saraqib", "id": "1"}})
    assert not at.exception and not at.error
    assert at.session_state[state.EDITS] == LineEdits.of({"Saraqib": "government"})
    assert query(at, "edits") == query(by_sidebar, "edits") == "f=Saraqib:g"
    assert area(at) == area(by_sidebar)
    assert button(at, "Undo: Saraqib set to government")  # the sidebar lists it
    # Seen again on a later run: not flipped back.
    at.slider[1].set_value(25.0).run()
    assert query(at, "edits") == "f=Saraqib:g"
    # A second click on the same point: back to the built-in line.
    at = send(at, {"all_drawings": [], "flip": {"name": "Saraqib", "id": "2"}})
    assert query(at, "edits") is None and state.OWN_LINE not in at.session_state


def test_a_flip_of_no_such_point_is_one_message():
    at = start()
    before = area(at)
    at = send(at, {"all_drawings": [], "flip": {"name": "<img src=x onerror=alert(1)>", "id": "1"}})
    assert not at.exception
    (error,) = at.error
    assert "The point was not flipped" in error.value
    assert "\\<img" in error.value  # Markdown-escaped: text on the page
    assert area(at) == before and query(at, "edits") is None


def _table_with(name: str, control: str) -> bytes:
    rows = list(csv.DictReader(io.StringIO(TABLE.read_text(encoding="utf-8"))))
    (row,) = [r for r in rows if r["name"] == name]
    row["control"] = control
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _upload(at, name: str, data: bytes, kind: str = "control points"):
    at.selectbox(key="own_line_kind").select(kind)
    at.sidebar.file_uploader(key="own_line_file").upload(name, data).run()
    return button(at, "Use this file").click().run()


def test_an_uploaded_control_point_table_gives_the_line_of_its_points():
    flipped = area(flip_saraqib(start()))
    at = _upload(start(), "mine.csv", _table_with("Saraqib", "government"))
    assert not at.exception and not at.error
    own = at.session_state[state.OWN_LINE]
    assert own.origin == "file" and "mine.csv" in own.data.line_source.file_name
    # The scenario's table with Saraqib set to government: the flip's line and numbers.
    assert area(at) == flipped
    assert query(at, "edits") is None  # a file does not travel by link


def test_a_file_past_the_size_limit_is_one_message_and_the_line_stays():
    at = flip_saraqib(start())
    flipped = area(at)
    own = at.session_state[state.OWN_LINE]
    for kind in ("control points", "a line"):
        at = _upload(at, "huge.csv", b"name,lat,lon\n" + b"x" * MAX_BYTES, kind=kind)
        assert not at.exception
        assert len(at.error) == 1  # one message
        assert "huge.csv" in errors(at) and "larger than 10 MB" in errors(at)
        assert at.session_state[state.OWN_LINE] is own and area(at) == flipped
        assert query(at, "edits") == "f=Saraqib:g"


def test_the_sidebar_names_a_drawn_line_in_the_pages_language():
    """Defect: the Arabic sidebar said "تعرض الخريطة a line drawn on the map، ..."."""
    at = send(start(lang="ar"), {"all_drawings": [drawing(LINE)]})
    assert not at.exception and not at.error
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "خط رسمه المستخدم على الخريطة" in captions
    assert "drawn on the map" not in captions
    # The link's popover says, in Arabic too, that a drawing does not travel by link.
    page = " ".join(c.value for c in at.main.caption)
    assert "لا يمكنه أن يحمل ملفك أو رسمك" in page and "cannot carry" not in page


def test_a_refused_drawing_is_told_why_in_the_pages_language():
    """Defect: the Arabic page gave the reason a drawing was refused in English."""
    crossing = [(35.4, 36.4), (36.0, 36.9), (36.0, 36.4), (35.4, 36.9)]
    at = send(start(lang="ar"), {"all_drawings": [drawing(crossing)]})
    assert not at.exception
    (error,) = at.error
    assert "لم يُستخدم رسمك" in error.value and "الخط المرسوم" in error.value
    assert "يتقاطع مع نفسه" in error.value
    assert "crosses" not in error.value and "drawn line" not in error.value


def _flippable(at) -> list[str]:
    """The names the map is told it may offer to flip (``window.IDLIB_FLIPS = [...]``).

    They come with the line's base map (a script file of the page), not with each step.
    """
    import json

    args = map_args(at)[1]
    assert "IDLIB_FLIPS" not in args["feature_group"]  # 1.7 kB a step, when it was
    store = loaders.file_store()
    scripts = [
        (store.path / link[len(store.url) + 1 :]).read_text(encoding="utf-8")
        for link in args["js_links"]
        if link.startswith(store.url + "/")
    ]
    (found,) = [s for s in scripts if "window.IDLIB_FLIPS = " in s]
    text = found.split("window.IDLIB_FLIPS = ")[1].split(";\n")[0]
    names: list[str] = json.loads(text)
    return names


def test_the_map_offers_flips_for_the_scenarios_own_points_only():
    """Defect: a point the user added got the map's flip button, which then said it was not
    one of the scenario's control points; a drawn line's points got none, rightly."""
    at = start(edits="a=36.55,35.75,g,seen")
    names = _flippable(at)
    assert "Saraqib" in names and len(names) == len(set(names)) > 20
    assert not any(name.startswith("Added point") for name in names)
    at = send(at, {"all_drawings": [drawing(LINE)]})
    assert _flippable(at) == []
    road = start(scenario="m4-corridor-2020")
    assert _flippable(road) == []
