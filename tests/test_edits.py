"""A user's edits to the control points: the link's text, the table, the line and the exports."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from geo._errors import LineInputError
from geo.engine.frontline import CONTROL_VALUES, STUDY_AREA
from geo.engine.projection import GEOD
from geo.engine.zone import ZoneSpec
from geo.i18n import error_text
from geo.inputs.edits import MAX_EDITS, MAX_TEXT_CHARS, AddedPoint, LineEdits
from geo.inputs.layers import StudyData
from geo.inputs.scenario import control_table, load_scenarios, scenario_data
from geo.outputs.captions import origin_lines
from geo.outputs.export import export_bytes
from geo.results.analysis import analyze
from geo.results.grid import ZoneCache
from tests.conftest import geod_distance_to_line_m

WEST, SOUTH, EAST, NORTH = STUDY_AREA.bounds
KML = {"k": "http://www.opengis.net/kml/2.2"}


@pytest.fixture(scope="module")
def sochi():
    return load_scenarios().scenarios["sochi-2018"]


#: A village 2.4 km from the line of September 2018, on the opposition side.
KAFR_NABUDAH = (36.4935, 35.432)
SARAQIB = (36.80591, 35.86447)


@pytest.fixture(scope="module")
def flipped(sochi, study: StudyData) -> StudyData:
    return scenario_data(sochi, study, edits=LineEdits.of({"Kafr Nabudah": "government"}))


# --- The link's text --------------------------------------------------------------------

names = st.text(min_size=1, max_size=40)
sides = st.sampled_from(CONTROL_VALUES)
points = st.builds(
    AddedPoint,
    lon=st.floats(WEST, EAST),
    lat=st.floats(SOUTH, NORTH),
    control=sides,
    note=st.text(max_size=40),
)
edits = st.builds(
    LineEdits.of,
    flips=st.dictionaries(names, sides, max_size=8),
    added=st.lists(points, max_size=8),
)


@settings(max_examples=300, deadline=None)
@given(edits)
def test_the_text_of_edits_reads_back_as_the_same_edits(value: LineEdits) -> None:
    text = value.encode()
    assert LineEdits.decode(text) == value
    # The text is URL-safe: unreserved characters, %-escapes and the four separators.
    assert all(c.isascii() and (c.isalnum() or c in "-._~%;:,=") for c in text)
    assert LineEdits.decode(text).encode() == text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_edits_or_one_input_error(text: str) -> None:
    try:
        LineEdits.decode(text)
    except LineInputError as exc:
        assert "\n" not in str(exc)


def test_the_link_text_is_compact_and_readable() -> None:
    value = LineEdits.of(
        {"Saraqib": "government", "Kafr Nabl": "opposition"},
        [AddedPoint(36.81, 35.86, "opposition", "held in May")],
    )
    assert value.encode() == "f=Kafr%20Nabl:o;f=Saraqib:g;a=36.81,35.86,o,held%20in%20May"
    assert value.provenance() == (
        "Kafr Nabl set to opposition by the user",
        "Saraqib set to government by the user",
        "Point added at 35.860° N, 36.810° E, opposition: held in May",
    )
    assert LineEdits.decode("") == LineEdits() and not LineEdits()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("f=Saraqib", "should be f=NAME:SIDE"),
        ("f=Saraqib:x", "the side should be one of g, o, t, s"),
        ("f=Saraqib:g;f=Saraqib:o", "'Saraqib' is flipped twice"),
        ("a=2.35,48.85,o", "the study area"),
        ("a=nan,35.9,o", "should be f=NAME:SIDE"),
        ("a=36.5,35.9,o,<b>", "should be f=NAME:SIDE"),
        ("f=%FF%FE:g", "not UTF-8"),
        ("f=Saraqib:g&x=1", "should be f=NAME:SIDE"),
        ("f=" + "a" * MAX_TEXT_CHARS + ":g", f"at most {MAX_TEXT_CHARS:,} characters"),
        (";".join(f"f=p{i}:g" for i in range(MAX_EDITS + 1)), f"at most {MAX_EDITS} edits"),
    ],
)
def test_bad_link_text_is_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(LineInputError, match=message.replace("(", r"\(")) as info:
        LineEdits.decode(text)
    assert "\n" not in str(info.value)
    # The Arabic page says it in Arabic (ui/query.py).
    arabic = error_text(info.value, "ar")
    assert arabic != str(info.value) and re.search("[\u0600-\u06ff]", arabic)


# --- The table --------------------------------------------------------------------------


def test_edits_that_do_not_fit_the_table_are_refused(sochi, study: StudyData) -> None:
    table = control_table(sochi, study)
    cases = {
        "no control point is named 'Atlantis'": LineEdits.of({"Atlantis": "government"}),
        "Saraqib is already held by the opposition": LineEdits.of({"Saraqib": "opposition"}),
        # About 50 m from Saraqib's point: it would share its cell.
        "within 100 m of Saraqib: flip that point instead": LineEdits.of(
            added=[AddedPoint(SARAQIB[0] + 0.0005, SARAQIB[1], "government")]
        ),
    }
    for message, value in cases.items():
        with pytest.raises(LineInputError, match=message):
            value.apply(table)


def test_a_flip_changes_one_row_and_says_so(sochi, study: StudyData) -> None:
    table = control_table(sochi, study)
    edited = LineEdits.of({"Saraqib": "government"}).apply(table)
    changed = edited["control"] != table["control"]
    assert edited.loc[changed, "name"].tolist() == ["Saraqib"]
    assert (
        edited.loc[changed, "control_source"]
        .iloc[0]
        .startswith("set to government by the user (the table: opposition; ")
    )
    assert table.loc[changed, "control"].iloc[0] == "opposition"  # the input is not changed


def test_a_road_has_no_control_points_to_edit(study: StudyData) -> None:
    road = load_scenarios().scenarios["m4-corridor-2020"]
    with pytest.raises(LineInputError, match="a road has no control points to edit"):
        scenario_data(road, study, edits=LineEdits.of({"Saraqib": "government"}))


# --- The line, the numbers and the exports ------------------------------------------------


def _geod_from(point: tuple[float, float], coords: np.ndarray) -> np.ndarray:
    count = len(coords)
    lon, lat = np.full(count, point[0]), np.full(count, point[1])
    return np.asarray(GEOD.inv(lon, lat, coords[:, 0], coords[:, 1])[2])


def test_a_flip_near_the_line_moves_it_there_only(flipped: StudyData, study: StudyData):
    built = np.asarray(study.frontline.coords)
    # Each built vertex's distance to the edited line, measured on the ellipsoid.
    moved_m = geod_distance_to_line_m(built[:, 0], built[:, 1], flipped.frontline)
    from_village_m = _geod_from(KAFR_NABUDAH, built)
    far = from_village_m > 30_000
    assert far.sum() > len(built) / 2
    # Away from the village the line is where it was (within the oracle's 50 m sampling).
    assert moved_m[far].max() < 60.0
    # Near it the line moved by kilometres, and the village is now on the government side.
    assert moved_m[~far].max() > 2_000.0
    village = shapely.Point(KAFR_NABUDAH)
    assert study.opposition_area.covers(village) and not flipped.opposition_area.covers(village)


def test_a_flip_changes_the_numbers_and_the_export_says_so(
    sochi, flipped: StudyData, study: StudyData
) -> None:
    built = analyze(scenario_data(sochi, study), sochi.spec)
    edited = ZoneCache(flipped).result(sochi.spec)
    assert abs(edited.stats.area_km2 - built.stats.area_km2) > 10
    assert edited.stats == analyze(flipped, sochi.spec).stats
    assert not edited.towns.set_index("name").loc["Kafr Nabudah", "opposition_side"]
    assert built.towns.set_index("name").loc["Kafr Nabudah", "opposition_side"]

    description = json.loads(export_bytes(edited, fmt="geojson"))["description"]
    assert "with 1 user edit: Kafr Nabudah set to government by the user" in description
    assert "built-in scenario “Sochi memorandum zone, September 2018” of 17 September 2018" in (
        description
    )
    kml = ET.fromstring(export_bytes(edited, fmt="kml"))
    assert "Kafr Nabudah set to government by the user" in kml.findtext(
        "k:Document/k:description", namespaces=KML
    )
    assert "user edit" not in json.loads(export_bytes(built, fmt="geojson"))["description"]


def test_saraqib_flipped_is_a_government_enclave(sochi, study: StudyData) -> None:
    """Saraqib lies 19 km inside: flipped, it is a hole in the opposition area, not a new line.

    The line is the longest edge between the sides (geo.engine.frontline.derive_sides), so
    it stays; the zone, clipped to the opposition area, loses the enclave.
    """
    data = scenario_data(sochi, study, edits=LineEdits.of({"Saraqib": "government"}))
    assert shapely.hausdorff_distance(data.frontline, study.frontline) < 1e-6
    assert not data.opposition_area.covers(shapely.Point(SARAQIB))
    built, edited = analyze(study, sochi.spec), analyze(data, sochi.spec)
    assert edited.stats.area_km2 < built.stats.area_km2 - 10
    description = json.loads(export_bytes(edited, fmt="geojson"))["description"]
    assert "Saraqib set to government by the user" in description


def test_an_added_point_with_a_hostile_note_stays_text(sochi, study: StudyData) -> None:
    note = "<img src=x onerror=alert(1)> ![x](http://example.org) $x$"
    value = LineEdits.of(added=[AddedPoint(36.55, 35.75, "government", note)])
    assert LineEdits.decode(value.encode()) == value
    data = scenario_data(sochi, study, edits=value)
    result = analyze(data, ZoneSpec(min_km=15, max_km=20))
    description = json.loads(export_bytes(result, fmt="geojson"))["description"]
    assert f"Point added at 35.750° N, 36.550° E, government: {note}" in description
    document = ET.fromstring(export_bytes(result, fmt="kml")).find("k:Document", KML)
    assert note in document.findtext("k:description", namespaces=KML)
    assert document.find("k:description", KML).findall("*") == []  # text, no elements


def test_the_print_map_says_the_line_was_edited(sochi, flipped: StudyData) -> None:
    from matplotlib.text import Text

    from geo.outputs import printmap

    result = analyze(flipped, sochi.spec)
    figure = printmap._build_figure(result, flipped, dpi=40, title="t")
    (origin,) = [t for t in figure.findobj(Text) if t.get_gid() == "origin"]
    text = " ".join(origin.get_text().split())
    assert text == (
        "Line from: built-in scenario “Sochi memorandum zone, September 2018” of 17 September "
        "2018, with 1 user edit: Kafr Nabudah set to government by the user."
    )
    many = LineEdits.of({f"Place {i}": "government" for i in range(40)})
    source = dataclasses.replace(result.line_source, edits=many.provenance())
    lines = origin_lines(source, width=62, max_lines=4)
    assert len(lines) == 4 and all(len(line) <= 62 for line in lines)
    assert " ".join(lines).endswith("more (listed in the exports).")
