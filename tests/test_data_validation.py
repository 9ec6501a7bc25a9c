"""Broken data files give one clear DataError: file, feature and rule, never a traceback."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from geo import cli
from geo._errors import DataError
from geo.inputs._validate import ENVELOPE, SCHEMAS, validate_layer
from geo.inputs.layers import DATA_DIR, DATA_DIR_ENV, LAYER_FILES, load_study_data, read_layer

Features = list[dict[str, Any]]
TOWN_NAMES = [
    f["properties"]["name"]
    for f in json.loads((DATA_DIR / "towns.geojson").read_text())["features"]
]
SARAQIB = TOWN_NAMES.index("Saraqib")
BOWTIE = [[36.2, 35.5], [36.6, 35.9], [36.6, 35.5], [36.2, 35.9], [36.2, 35.5]]


def copy_data(folder: Path) -> Path:
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("reference", "*.md"))
    return folder


# ---- corruptions: each takes the path of one layer file and breaks it ---------------------
def missing(path: Path) -> None:
    path.unlink()


def empty(path: Path) -> None:
    path.write_text("")


def truncated(path: Path) -> None:
    text = path.read_text()
    path.write_text(text[: len(text) // 2])


def not_json(path: Path) -> None:
    path.write_text("this is not GeoJSON\n")


def features(edit: Callable[[Features], object]) -> Callable[[Path], None]:
    """A corruption that edits the list of features in place."""

    def corrupt(path: Path) -> None:
        collection = json.loads(path.read_text())
        edit(collection["features"])
        path.write_text(json.dumps(collection))

    return corrupt


def geometry(index: int, value: dict[str, Any] | None) -> Callable[[Path], None]:
    def edit(feats: Features) -> None:
        feats[index]["geometry"] = value

    return features(edit)


def drop_property(key: str) -> Callable[[Path], None]:
    def edit(feats: Features) -> None:
        for feature in feats:
            del feature["properties"][key]

    return features(edit)


def set_property(index: int, key: str, value: object) -> Callable[[Path], None]:
    def edit(feats: Features) -> None:
        feats[index]["properties"][key] = value

    return features(edit)


def syria_bowtie(feats: Features) -> None:
    syria = next(f for f in feats if f["properties"]["iso_a3"] == "SYR")
    syria["geometry"] = {"type": "Polygon", "coordinates": [BOWTIE]}


def duplicate_first(feats: Features) -> None:
    feats.append(feats[0])


def zero_length(feats: Features) -> None:
    start = feats[0]["geometry"]["coordinates"][0]
    feats[0]["geometry"]["coordinates"] = [start, start]


POINT_999 = {"type": "Point", "coordinates": [999, 999]}
SHORT_LINE = {"type": "LineString", "coordinates": [[36.5, 35.8], [36.6, 35.8]]}
SQUARE = {"type": "Polygon", "coordinates": [[[36, 35], [36.1, 35], [36.1, 35.1], [36, 35]]]}
SQUARE_SHAPE = shapely.Polygon(SQUARE["coordinates"][0])
LINE = shapely.LineString([(36.0, 35.5), (36.2, 35.6)])

# Whole files missing, empty or truncated, for every layer; then a few more whole-file
# corruptions, and the ones inside files.
FILE_CASES = [
    pytest.param(layer, corrupt, "", id=f"{layer}-{corrupt.__name__}")
    for layer in LAYER_FILES
    for corrupt in (missing, empty, truncated)
]
FEATURE_CASES = [
    # (layer, corruption, words the message must hold)
    ("towns", not_json, ""),
    ("posts", features(list.clear), "no features"),
    ("frontline", features(list.clear), "no features"),
    # Invalid geometry.
    ("opposition_area", geometry(0, {"type": "Polygon", "coordinates": [BOWTIE]}), "Self-inters"),
    ("borders", features(syria_bowtie), "feature 0 ('Syria'): geometry is not valid"),
    # Missing properties, null geometry.
    ("towns", drop_property("population"), "property 'population' is missing"),
    ("highways", drop_property("highway"), "property 'highway' is missing"),
    ("frontline", geometry(0, None), 'feature 0 ("Approximate line'),
    ("opposition_area", geometry(0, None), "geometry is missing or null"),
    ("posts", geometry(3, None), "feature 3 ("),
    ("towns", geometry(SARAQIB, None), f"feature {SARAQIB} ('Saraqib'): geometry is missing or"),
    ("control_points", geometry(0, None), "feature 0 ('Kassab'): geometry is missing or null"),
    ("highways", geometry(1, None), "feature 1 ('M5"),
    ("posts", set_property(2, "name", None), "property 'name' is missing or null"),
    # Silently wrong answers before: too short a line, points far away.
    ("frontline", features(zero_length), "not valid (Too few points"),
    ("frontline", geometry(0, SHORT_LINE), "km long (it is 9.0 km)"),
    ("towns", geometry(SARAQIB, POINT_999), f"{SARAQIB} ('Saraqib'): geometry is outside the"),
    ("posts", geometry(0, POINT_999), "outside the study area"),
    ("control_points", geometry(5, POINT_999), "outside the study area"),
    ("borders", geometry(1, SQUARE | {"coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}), "out"),
    # Wrong geometry type, wrong number of features.
    ("frontline", geometry(0, {"type": "Point", "coordinates": [36.5, 35.8]}), "a LineString"),
    ("frontline", features(duplicate_first), "exactly one feature (it holds 2)"),
    ("opposition_area", features(duplicate_first), "exactly one feature"),
    ("opposition_area", geometry(0, SHORT_LINE), "should be a Polygon or MultiPolygon"),
    ("towns", geometry(3, SHORT_LINE), "should be a Point (got a LineString)"),
    ("highways", geometry(0, SQUARE), "should be a LineString (got a Polygon)"),
    ("towns", geometry(3, {"type": "Point", "coordinates": []}), "towns.geojson"),
    # Syria.
    ("borders", set_property(0, "iso_a3", "SYX"), "exactly one Syria feature"),
    ("borders", set_property(1, "iso_a3", "SYR"), "Syria feature (iso_a3 'SYR') (it holds 2)"),
    ("borders", drop_property("iso_a3"), "property 'iso_a3' is missing"),
    # Property values.
    ("towns", set_property(SARAQIB, "population", -5), "is -5.0; it should be 0 or more"),
    ("towns", set_property(SARAQIB, "population", "many"), "'many', which is not a float64"),
    ("towns", set_property(0, "population_year", 20004), "it should be a year"),
    ("towns", set_property(0, "control", "rebels"), "property 'control' is 'rebels'"),
    ("posts", set_property(1, "number", 1), "property 'number' repeats 1"),
    ("posts", set_property(1, "position_accuracy_km", -1), "should be 0 or more"),
    ("control_points", set_property(0, "control", "unknown"), "should be one of 'government'"),
    # The Turkish-held areas and the line's uncertainty.
    ("turkish_areas", geometry(0, None), "geometry is missing or null"),
    ("turkish_areas", geometry(0, SHORT_LINE), "should be a Polygon or MultiPolygon"),
    ("line_uncertainty", set_property(5, "line_uncertainty_km", -1), "feature 5: property"),
    ("line_uncertainty", drop_property("line_uncertainty_km"), "'line_uncertainty_km' is missing"),
    ("uncertainty_corridor", geometry(7, {"type": "Polygon", "coordinates": [BOWTIE]}), "valid"),
    ("uncertainty_corridor", geometry(7, POINT_999), "feature 7 ("),
]
CASES = FILE_CASES + [
    pytest.param(layer, corrupt, words, id=f"{layer}-{number}")
    for number, (layer, corrupt, words) in enumerate(FEATURE_CASES)
]


@pytest.mark.parametrize(("layer", "corrupt", "words"), CASES)
def test_broken_data_gives_one_clear_data_error(
    tmp_path, capsys, monkeypatch, layer, corrupt, words
):
    data = copy_data(tmp_path / "data")
    corrupt(data / LAYER_FILES[layer])

    with pytest.raises(DataError) as caught:
        load_study_data(data)
    message = str(caught.value)
    assert LAYER_FILES[layer] in message
    assert words in message
    assert "\n" not in message

    # The same folder again, through the command line: it was not cached, as it failed.
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    assert cli.main(["stats"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith("idlib-zone: error: ") and LAYER_FILES[layer] in err
    assert "Traceback" not in err


def test_several_problems_are_counted(tmp_path):
    data = copy_data(tmp_path / "data")

    def edit(feats: Features) -> None:
        for index in (3, 5, SARAQIB):
            feats[index]["geometry"] = POINT_999
        feats[7]["properties"]["population"] = -1

    features(edit)(data / "towns.geojson")
    with pytest.raises(DataError, match=r"feature 3 \(.*\): geometry is outside the study area "):
        load_study_data(data)
    with pytest.raises(DataError, match=r"\(and 3 more problems\)$"):
        load_study_data(data)


def test_committed_data_passes_unchanged():
    for layer, file_name in LAYER_FILES.items():
        raw = pyogrio.read_dataframe(DATA_DIR / file_name).set_crs(4326, allow_override=True)
        validated = read_layer(layer)
        # Integers may be widened (int32 -> int64); nothing else changes.
        assert [t.kind for t in validated.dtypes] == [t.kind for t in raw.dtypes]
        pd.testing.assert_frame_equal(validated, raw, check_dtype=False)


def test_every_layer_has_a_schema():
    assert set(LAYER_FILES) <= set(SCHEMAS)
    frame = gpd.GeoDataFrame({"name": ["x"]}, geometry=[shapely.Point(36, 35)], crs=4326)
    with pytest.raises(DataError, match="no schema is declared for layer 'nowhere'"):
        validate_layer("nowhere", frame, Path("nowhere.geojson"))


def test_turkish_areas_and_line_uncertainty_schemas():
    areas = gpd.GeoDataFrame(
        {"name": ["Afrin", "Euphrates Shield"]},
        geometry=[shapely.box(36.5, 36.4, 37.0, 36.7), shapely.box(37.0, 36.4, 37.3, 36.7)],
        crs=4326,
    )
    validate_layer("turkish_areas", areas, Path("turkish_areas.geojson"))
    with pytest.raises(DataError, match=r"feature 1 \('Euphrates Shield'\): geometry should be"):
        validate_layer("turkish_areas", areas.assign(geometry=[areas.geometry[0], LINE]), Path())

    pieces = gpd.GeoDataFrame(
        {"line_uncertainty_km": [1.5, 0.0]},
        geometry=[
            shapely.LineString([(36.0, 35.5), (36.2, 35.6)]),
            shapely.LineString([(36.2, 35.6), (36.4, 35.7)]),
        ],
        crs=4326,
    )
    validate_layer("line_uncertainty", pieces, Path("line_uncertainty.geojson"))
    with pytest.raises(DataError, match=r"feature 0: property 'line_uncertainty_km' is -2\.0"):
        validate_layer("line_uncertainty", pieces.assign(line_uncertainty_km=[-2.0, 1.0]), Path())
    with pytest.raises(DataError, match=r"feature 1: geometry should be a LineString"):
        validate_layer(
            "line_uncertainty", pieces.assign(geometry=[pieces.geometry[0], SQUARE_SHAPE]), Path()
        )


# ---- random feature collections as towns.geojson -------------------------------------------
WEST, SOUTH, EAST, NORTH = ENVELOPE
lon = st.one_of(st.floats(WEST, EAST), st.floats(allow_nan=False, allow_infinity=False))
lat = st.one_of(st.floats(SOUTH, NORTH), st.floats(allow_nan=False, allow_infinity=False))
position = st.one_of(
    st.tuples(lon, lat).map(list),
    st.tuples(lon, lat, st.floats(-100, 3000)).map(list),
)
ring = st.lists(position, min_size=0, max_size=5).map(lambda p: [*p, p[0]] if p else p)
geometries = st.one_of(
    st.none(),
    st.builds(lambda c: {"type": "Point", "coordinates": c}, position),
    st.builds(lambda c: {"type": "Point", "coordinates": c}, st.lists(lon, max_size=3)),
    st.builds(lambda c: {"type": "LineString", "coordinates": c}, st.lists(position, max_size=4)),
    st.builds(lambda r: {"type": "Polygon", "coordinates": [r]}, ring),
    st.builds(lambda c: {"type": "MultiPoint", "coordinates": c}, st.lists(position, max_size=3)),
    st.just({"type": "Nothing", "coordinates": 1}),
)
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
properties = st.dictionaries(
    st.sampled_from(["name", "name_ar", "population", "population_year", "control", "extra"]),
    values,
)
anything = st.builds(
    lambda g, p: {"type": "Feature", "properties": p, "geometry": g}, geometries, properties
)
# A town as geo.build writes it, so that some collections load.
town = st.builds(
    lambda x, y, name, population: {
        "type": "Feature",
        "properties": {
            "name": name,
            "name_ar": name,
            "geonames_name": "",
            "population": population,
            "population_year": None if population is None else 2004,
            "population_source": "Syria CBS 2004 census",
            "coord_source": "GeoNames",
            "control": "",
            "control_source": "",
        },
        "geometry": {"type": "Point", "coordinates": [x, y]},
    },
    st.floats(WEST, EAST),
    st.floats(SOUTH, NORTH),
    st.text(min_size=1, max_size=12),
    st.one_of(st.none(), st.integers(0, 10**7)),
)
collections = st.lists(st.one_of(town, town, anything), max_size=5).map(
    lambda feats: {"type": "FeatureCollection", "features": feats}
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(collection=collections)
def test_random_towns_load_or_give_a_data_error(collection):
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        for layer, file_name in LAYER_FILES.items():
            if layer != "towns":
                (data / file_name).symlink_to(DATA_DIR / file_name)
        (data / "towns.geojson").write_text(json.dumps(collection))
        try:
            study = load_study_data(data)
        except DataError as exc:
            event("DataError")
            assert "towns.geojson" in str(exc)
            assert "\n" not in str(exc)
            return
    event("loaded")
    towns = study.towns
    assert len(towns) == len(collection["features"]) > 0
    assert (towns.geom_type == "Point").all()
    assert towns.covered_by(shapely.box(*ENVELOPE)).all()
    assert towns["distance_km"].notna().all()
