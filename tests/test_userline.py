"""A user's own line: read from each format, split into sides, and every broken file refused."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo._errors import LineInputError
from geo._phrase import Phrase
from geo.engine.frontline import STUDY_AREA
from geo.engine.projection import GEOD, geodesic_area_km2
from geo.engine.zone import ZoneSpec, polygonal
from geo.i18n import error_text, translator
from geo.inputs._linefiles import MAX_BYTES, MAX_VERTICES
from geo.inputs.layers import StudyData
from geo.inputs.scenario import load_scenarios, scenario_data
from geo.inputs.userline import (
    UserLine,
    drawn_line,
    line_data,
    read_control_points,
    read_line,
    table_data,
)
from geo.results.analysis import analyze
from geo.results.grid import ZoneCache
from tests.conftest import geod_distance_to_line_m


def _geojson(coords: list, kind: str = "LineString") -> bytes:
    return json.dumps({"type": kind, "coordinates": coords}).encode()


def _kml(coords: str, extra: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?>{extra}<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<Placemark><LineString><coordinates>{coords}</coordinates></LineString></Placemark>"
        "</Document></kml>"
    ).encode()


def _built_files(line: shapely.LineString, folder: Path) -> dict[str, bytes]:
    coords = [(float(x), float(y)) for x, y in line.coords]
    frame = gpd.GeoDataFrame({"name": ["line"]}, geometry=[line], crs=4326)
    frame.to_file(folder / "line.gpkg", driver="GPKG")
    return {
        "line.geojson": json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": shapely.geometry.mapping(line),
                    }
                ],
            }
        ).encode(),
        "line.kml": _kml(" ".join(f"{x!r},{y!r},0" for x, y in coords)),
        "line.gpkg": (folder / "line.gpkg").read_bytes(),
        "line.csv": ("lon,lat\n" + "".join(f"{x!r},{y!r}\n" for x, y in coords)).encode(),
    }


@pytest.fixture(scope="module")
def built_files(study: StudyData, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return _built_files(study.frontline, tmp_path_factory.mktemp("files"))


@pytest.mark.parametrize("name", ["line.geojson", "line.kml", "line.gpkg", "line.csv"])
def test_the_built_line_read_from_each_format_gives_the_built_zone(
    name: str, built_files: dict[str, bytes], study: StudyData, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    line = read_line(built_files[name], name=name)
    assert list(tmp_path.iterdir()) == []  # nothing written, not even next to the reader
    assert line.origin == "file" and line.name == name
    assert shapely.equals_exact(line.geometry, study.frontline, tolerance=1e-9)
    assert line.notes == (("heights dropped",) if name == "line.kml" else ())
    data = line_data(line, study, opposition_side="left")
    # The opposition side of the line is the built opposition area, on the ellipsoid.
    built_km2 = geodesic_area_km2(study.opposition_area)
    assert geodesic_area_km2(data.opposition_area) == pytest.approx(built_km2, rel=2e-3)
    assert geodesic_area_km2(data.opposition_area.symmetric_difference(study.opposition_area)) < 5
    result = ZoneCache(data).result(ZoneSpec())
    assert result.stats.area_km2 == pytest.approx(
        analyze(study, ZoneSpec()).stats.area_km2, rel=2e-3
    )
    assert data.line_source.origin == "file" and data.line_source.kind == "given"


def test_the_zone_of_a_user_line_is_measured_on_the_ellipsoid(
    built_files: dict[str, bytes], study: StudyData
) -> None:
    data = line_data(
        read_line(built_files["line.csv"], name="line.csv"), study, opposition_side="left"
    )
    zone = analyze(data, ZoneSpec(min_km=5, max_km=10, side="both")).zone
    outer = zone.geometry.iloc[1]
    coords = shapely.get_coordinates(outer.boundary)[::20]
    distance_m = geod_distance_to_line_m(coords[:, 0], coords[:, 1], data.frontline)
    # The outer band's edge, where it is not cut by Syria's border, lies 10 km away.
    free = np.abs(distance_m - 10_000) < 100
    assert free.mean() > 0.3
    assert np.abs(distance_m[free] - 10_000).max() < 60


def test_left_and_right_sides_share_syria_between_them(
    built_files: dict[str, bytes], study: StudyData
) -> None:
    line = read_line(built_files["line.geojson"], name="line.geojson")
    left, right = (
        line_data(line, study, opposition_side=side).opposition_area for side in ("left", "right")
    )
    # The study area's edges follow the parallels and meridians: vertices every 0.01°.
    region = shapely.segmentize(
        polygonal(study.syria_outside_turkish_areas.intersection(STUDY_AREA)), 0.01
    )
    assert geodesic_area_km2(left.intersection(right)) < 1
    assert geodesic_area_km2(left) + geodesic_area_km2(right) == pytest.approx(
        geodesic_area_km2(region), rel=1e-3
    )


def test_a_short_line_is_carried_to_the_border(study: StudyData) -> None:
    """A line that stops short of the border is carried on, in the local metric frame."""
    coords = np.asarray(study.frontline.coords)
    short = shapely.LineString(coords[5:-5])  # its ends 5 km short of the border
    data = line_data(
        UserLine(short, "short.csv", "file"), study, opposition_side="left", uncertainty_km=2
    )
    assert geodesic_area_km2(data.opposition_area) == pytest.approx(
        geodesic_area_km2(study.opposition_area), rel=0.02
    )
    assert set(data.line_uncertainty["line_uncertainty_km"]) == {2.0}
    assert "±2 km, as the user gave it" in data.line_source.source


def test_a_drawn_line_and_three_d_coordinates(study: StudyData) -> None:
    coords = [[x, y, 250.0] for x, y in study.frontline.coords]
    line = drawn_line(
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords}}
    )
    assert line.origin == "drawn" and line.notes == ("heights dropped",)
    assert not line.geometry.has_z
    data = line_data(line, study, opposition_side="left")
    assert data.line_name == "Front line drawn on the map"
    assert data.line_source.origin == "drawn"


def test_parts_that_join_end_to_end_are_one_line(study: StudyData) -> None:
    coords = [list(c) for c in study.frontline.coords]
    parts = [coords[:100], coords[99:]]
    line = read_line(_geojson(parts, "MultiLineString"), name="two.geojson")
    assert line.notes == ("its 2 parts joined end to end",)
    assert shapely.equals_exact(line.geometry, study.frontline, tolerance=1e-12)


def test_a_huge_line_is_simplified_within_ten_metres(study: StudyData) -> None:
    dense = shapely.segmentize(study.frontline, 0.0005)  # about 50 m steps
    assert len(dense.coords) > 5000
    line = read_line(_geojson([list(c) for c in dense.coords]), name="dense.geojson")
    assert len(line.geometry.coords) < 2000
    assert line.notes[-1].startswith("simplified within 10 m, from ")
    coords = np.asarray(dense.coords)[::50]
    # Within 10 m, and the oracle's 5 m sampling.
    assert geod_distance_to_line_m(coords[:, 0], coords[:, 1], line.geometry, step_m=5).max() < 13


# --- Broken and hostile files -----------------------------------------------------------

LINE = [[36.3, 35.6], [36.5, 35.7], [36.7, 35.9]]
BILLION_LAUGHS = (
    '<!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
)
BROKEN = {
    "not JSON": ("line.geojson", b"{'type': 'LineString'", "not JSON"),
    "empty": ("line.geojson", b"  \n", "the file is empty"),
    "no features": (
        "line.geojson",
        b'{"type": "FeatureCollection", "features": []}',
        "holds no features",
    ),
    "polygon": (
        "line.geojson",
        _geojson([[[36.3, 35.6], [36.5, 35.7], [36.7, 35.9], [36.3, 35.6]]], "Polygon"),
        "a Polygon, but a front line is a LineString or MultiLineString",
    ),
    "NaN": ("line.geojson", b'{"type":"LineString","coordinates":[[36.3,NaN],[36.5,35.7]]}', "NaN"),
    "Infinity": (
        "line.geojson",
        b'{"type":"LineString","coordinates":[[36.3,35.6],[Infinity,35.7]]}',
        "Infinity",
    ),
    "overflow": (
        "line.geojson",
        b'{"type":"LineString","coordinates":[[36.3,35.6],[1e999,35.7]]}',
        "a finite number",
    ),
    "a string": ("line.geojson", _geojson([[36.3, "35.6"], [36.5, 35.7]]), "should be a number"),
    "swapped": (
        "line.geojson",
        _geojson([[y, x] for x, y in LINE]),
        "latitude and longitude swapped",
    ),
    "elsewhere": ("line.geojson", _geojson([[2.35, 48.85], [2.4, 48.9]]), "leaves the study area"),
    "projected": (
        "line.geojson",
        _geojson([[350000.0, 3950000.0], [360000.0, 3960000.0]]),
        "not degrees",
    ),
    "one point": (
        "line.geojson",
        _geojson([[36.3, 35.6], [36.3, 35.6]]),
        "only one distinct point",
    ),
    "self-crossing": (
        "line.geojson",
        _geojson([[36.3, 35.6], [36.7, 35.9], [36.7, 35.6], [36.3, 35.9]]),
        "crosses itself near 35.7500° N, 36.5000° E",
    ),
    "too short": (
        "line.geojson",
        _geojson([[36.6, 35.6], [36.65, 35.7]]),
        "the line is 12.0 km long; a front line here is 50–1000 km long",
    ),
    "loop": (
        "line.geojson",
        _geojson([[36.3, 35.6], [36.7, 35.6], [36.7, 35.9], [36.3, 35.6]]),
        "closed (a loop)",
    ),
    "two parts": (
        "line.geojson",
        _geojson([LINE[:2], [[36.8, 36.0], [36.9, 36.1]]], "MultiLineString"),
        "in 2 parts that do not join",
    ),
    "KML DOCTYPE": ("line.kml", _kml("36.3,35.6 36.5,35.7", "<!DOCTYPE kml>"), "DTD"),
    "KML external entity": (
        "line.kml",
        _kml("&x;", '<!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
        "DTD or entities",
    ),
    "billion laughs": ("line.kml", _kml("&c;", BILLION_LAUGHS), "DTD or entities"),
    "KML point": (
        "line.kml",
        b'<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><Point>'
        b"<coordinates>36.3,35.6</coordinates></Point></Placemark></kml>",
        "holds no LineString (it holds Point)",
    ),
    "KML NaN": ("line.kml", _kml("36.3,35.6 nan,35.7"), "a finite number"),
    "not XML": ("line.kml", b"<kml><unclosed></kml>", "not KML"),
    "KMZ": ("line.kmz", b"PK\x03\x04rest", "a KMZ"),
    "not a GeoPackage": ("line.gpkg", b"hello", "not a GeoPackage"),
    "broken GeoPackage": ("line.gpkg", b"SQLite format 3\x00" + b"\x00" * 200, "GeoPackage"),
    "CSV text": ("line.csv", b"lon,lat\n36.3,35.6\nabc,35.7\n", "CSV line 3"),
    "CSV inf": ("line.csv", b"lon,lat\n36.3,35.6\ninf,35.7\n", "a finite number"),
    "not UTF-8": ("line.csv", b"lon,lat\n\xff\xfe36.3,35.6\n", "not UTF-8"),
    "too large": ("line.geojson", b"[" + b" " * MAX_BYTES + b"]", "larger than 10 MB"),
    "too many points": (
        "line.csv",
        b"lon,lat\n" + b"36.5,35.7\n" * (MAX_VERTICES + 1),
        "more than 200,000 points",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_every_broken_file_is_one_clear_error(case: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    name, data, message = BROKEN[case]
    with pytest.raises(LineInputError) as info:
        read_line(data, name=name)
    text = str(info.value)
    assert message in text and text.startswith(f"{name}: ") and "\n" not in text
    assert list(tmp_path.iterdir()) == []


def _templates(phrase: Phrase) -> list[str]:
    nested = [t for v in phrase.values.values() if isinstance(v, Phrase) for t in _templates(v)]
    return [phrase.template, *nested]


@pytest.mark.parametrize("case", list(BROKEN))
def test_every_broken_file_is_told_in_arabic_too(case: str) -> None:
    """The page says why a file was refused in its reader's language: every part of the
    reason is a message of the catalog, translated; the file's name is kept as it is."""
    name, data, _ = BROKEN[case]
    with pytest.raises(LineInputError) as info:
        read_line(data, name=name)
    arabic = error_text(info.value, "ar")
    assert arabic.startswith(f"{name}\u200f: ") and "\n" not in arabic
    assert error_text(info.value, "en") == str(info.value) != arabic
    gettext = translator("ar").gettext
    for template in _templates(info.value.phrase):
        assert gettext(template) != template, template


def test_a_geopackage_without_lines_is_refused(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(geometry=[shapely.Point(36.5, 35.7)], crs=4326)
    frame.to_file(tmp_path / "points.gpkg", driver="GPKG")
    with pytest.raises(LineInputError, match="has no layer of lines"):
        read_line((tmp_path / "points.gpkg").read_bytes(), name="points.gpkg")


def test_sides_uncertainty_and_length_are_checked(study: StudyData) -> None:
    line = UserLine(shapely.LineString(LINE), "short.csv", "file")
    with pytest.raises(LineInputError, match="left or right of the line, got 'north'"):
        line_data(line, study, opposition_side="north")
    with pytest.raises(LineInputError, match="0 to 20 km, got 25"):
        line_data(line, study, opposition_side="left", uncertainty_km=25)
    with pytest.raises(LineInputError, match="front line should be 50-1000 km long"):
        line_data(line, study, opposition_side="left")


def test_a_hostile_file_name_is_text_in_the_line_source(
    built_files: dict[str, bytes], study: StudyData
) -> None:
    name = "<img src=x onerror=alert(1)> ![x](http://example.org) $x$\n.geojson"
    line = read_line(built_files["line.geojson"], name=name)
    assert line.name == "<img src=x onerror=alert(1)> ![x](http://example.org) $x$\ufffd.geojson"
    data = line_data(line, study, opposition_side="left")
    assert line.name in data.line_source.title and line.name in data.line_name


# --- A table of control points in place of a scenario's ------------------------------------


def test_the_built_table_uploaded_gives_the_built_line(study: StudyData) -> None:
    sochi = load_scenarios().scenarios["sochi-2018"]
    table = Path(scenario_data.__code__.co_filename).parents[2] / "data" / sochi.line.table
    rows = read_control_points(table.read_bytes(), name="mine.csv")
    data = table_data(rows, sochi, study, name="mine.csv")
    assert shapely.hausdorff_distance(data.frontline, study.frontline) < 1e-6
    assert data.line_source.origin == "file" and data.line_source.file_name == "mine.csv"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"name,lat,lon\nx,35.6,36.3\n", "mine.csv"),
        (b"", "mine.csv: cannot read it as CSV"),
        (
            b"name,lat,lon,coord_source,control,control_source,control_date\n"
            b"a,35.6,36.3,s,government,s,2018\nb,36.3,35.6,s,opposition,s,2018\n",
            "are lat and lon swapped?",
        ),
    ],
)
def test_a_broken_table_is_one_clear_error(text: bytes, message: str) -> None:
    with pytest.raises(LineInputError, match=message.replace("?", r"\?")) as info:
        read_control_points(text, name="mine.csv")
    assert "\n" not in str(info.value)


# --- Anything at all ----------------------------------------------------------------------

json_like = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["LineString", "MultiLineString", "Feature", "FeatureCollection"]),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(["type", "coordinates", "features", "geometry", "properties"])
            | st.text(max_size=5),
            children,
            max_size=5,
        )
    ),
    max_leaves=40,
)
positions = st.lists(
    st.lists(st.floats(30, 40) | st.integers(-200, 200), min_size=2, max_size=3),
    min_size=0,
    max_size=6,
)
geojson_like = json_like | st.fixed_dictionaries(
    {
        "type": st.sampled_from(["LineString", "MultiLineString", "Feature", "Point"]),
        "coordinates": positions | st.lists(positions, max_size=3),
        "geometry": json_like,
    }
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(geojson_like)
def test_any_geojson_like_input_gives_a_line_or_one_input_error(document: object) -> None:
    try:
        line = drawn_line(document)
    except LineInputError as exc:
        assert "\n" not in str(exc)
    else:
        assert line.geometry.is_simple and not line.geometry.is_empty


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=300) | geojson_like.map(lambda d: json.dumps(d).encode()),
    st.sampled_from(["x.geojson", "x.kml", "x.gpkg", "x.csv", "x"]),
)
def test_any_bytes_give_a_line_or_one_input_error(data: bytes, name: str) -> None:
    try:
        read_line(data, name=name)
    except LineInputError as exc:
        assert "\n" not in str(exc)


def test_no_reader_needs_the_network_or_a_file(study: StudyData) -> None:
    """Reading and deriving write nothing to the working folder (a smoke check)."""
    before = set(Path().iterdir())
    line = read_line(_geojson([list(c) for c in study.frontline.coords]), name="x.geojson")
    line_data(line, study, opposition_side="left")
    assert set(Path().iterdir()) == before
    _, _, length_m = GEOD.inv(*line.geometry.coords[0], *line.geometry.coords[-1])
    assert length_m > 50_000


def test_a_projected_geopackage_is_read_in_lon_lat(study: StudyData, tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(geometry=[study.frontline], crs=4326).to_crs(32637)  # UTM 37N
    frame.to_file(tmp_path / "utm.gpkg", driver="GPKG")
    line = read_line((tmp_path / "utm.gpkg").read_bytes(), name="utm.gpkg")
    assert shapely.equals_exact(line.geometry, study.frontline, tolerance=1e-7)


def test_a_drawn_lines_provenance_is_in_the_readers_language(study: StudyData) -> None:
    """Defect: an Arabic export of a drawn line said "User's line: a line drawn on the map"."""
    from geo.outputs.captions import data_text, description

    coords = [list(c) for c in study.frontline.coords]
    line = drawn_line({"type": "LineString", "coordinates": coords})
    data = line_data(line, study, opposition_side="right", uncertainty_km=2.0)
    result = analyze(data, ZoneSpec(min_km=15, max_km=20))
    english, arabic = description(result), description(result, lang="ar")
    assert "User's line: a line drawn on the map" in english
    assert "opposition side: right of the line" in english and "±2 km" in english
    assert "خط المستخدم: خط مرسوم على الخريطة" in arabic
    assert "جهة اليمين من الخط" in arabic and "±2 كم" in arabic
    for words in ("User's line", "drawn on the map", "opposition side", "as the user gave it"):
        assert words not in arabic
    assert data_text(data.line_name, "ar") == "خط التماس المرسوم على الخريطة"
