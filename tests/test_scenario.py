"""Scenarios as data: the three built in, one added in a temporary folder, and comparisons."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest
import shapely

from geo import analyze
from geo.inputs.scenario import SCENARIO_DIR, load_scenarios, scenario_data
from geo.results.compare import compare
from tests.conftest import geod_distance_to_line_m
from tests.test_zone import TOLERANCE, _edge_vertices_from_buffer

DATA = SCENARIO_DIR.parent


@pytest.fixture(scope="module")
def scenarios():
    return load_scenarios().scenarios


def test_the_three_built_in_scenarios(scenarios):
    fixed = [name for name, s in scenarios.items() if s.series is None]
    assert fixed == ["sochi-2018", "frontline-2020-03", "m4-corridor-2020"]
    sochi = scenarios["sochi-2018"]
    assert (sochi.spec.min_km, sochi.spec.max_km, sochi.reported_max_km) == (15.0, 20.0, 25.0)
    assert scenarios["m4-corridor-2020"].sides == ("both",)


def test_adding_a_scenario_is_adding_a_file(tmp_path, study):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(SCENARIO_DIR / "sochi-2018.toml", folder)
    (tmp_path / "road.csv").write_text(
        "order,name,lat,lon\n1,Saraqib,35.86361,36.80056\n2,Maarat al-Numan,35.6447,36.6739\n"
    )
    (folder / "m5-test.toml").write_text(
        'title = "M5 test corridor"\ndate = "2021-01-01"\nsource = "made up for a test"\n'
        '[line]\nkind = "road"\ntable = "road.csv"\nname = "M5 south of Saraqib"\n'
        '[zone]\nmin_km = 2\nmax_km = 4\nside = "both"\nsides = ["both"]\n'
    )
    found = load_scenarios(folder).scenarios
    assert list(found) == ["sochi-2018", "m5-test"]
    data = scenario_data(found["m5-test"], study, data_dir=tmp_path)
    result = analyze(data, found["m5-test"].spec)
    # A band 4 km each side of the road, with round ends: 8 L + pi 4^2, to within 1 %.
    from geo.engine.projection import geodesic_length_km

    expected = 8.0 * geodesic_length_km(data.frontline) + np.pi * 16.0
    assert result.stats.area_km2 == pytest.approx(expected, rel=0.01)
    assert result.frontline.equals(data.frontline)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title = 'x'", "'date' is missing"),
        ("not toml [", "cannot read the scenario"),
        (
            'title="x"\ndate="2020-01-01"\nsource="s"\n[line]\nkind="river"\ntable="t.csv"\nname="n"\n'
            '[zone]\nmin_km=1\nmax_km=2\nside="both"',
            "'kind' should be 'frontline', 'events' or 'road', got 'river'",
        ),
        (
            'title="x"\ndate="2020-01-01"\nsource="s"\n[line]\nkind="road"\ntable="t.csv"\nname="n"\n'
            '[zone]\nmin_km=3\nmax_km=2\nside="both"',
            "should not exceed",
        ),
    ],
)
def test_a_broken_scenario_file_names_itself(tmp_path, text, message):
    (tmp_path / "broken.toml").write_text(text)
    (broken,) = load_scenarios(tmp_path).broken
    assert message in broken.reason and "broken.toml" in broken.reason


def test_the_2018_scenario_derives_the_committed_line(scenarios, study):
    """The prebuilt line is what deriving the scenario gives: the two never drift apart."""
    from dataclasses import replace

    fresh = replace(
        scenarios["sochi-2018"], line=replace(scenarios["sochi-2018"].line, prebuilt=False)
    )
    derived = scenario_data(fresh, study)
    assert shapely.hausdorff_distance(derived.frontline, study.frontline) < 1e-6
    assert shapely.hausdorff_distance(derived.opposition_area, study.opposition_area) < 1e-6


def _sided(name: str) -> list[dict]:
    table = pd.read_csv(DATA / "reference" / name)
    return table[table["control"].isin(["government", "opposition"])].to_dict("records")


@pytest.fixture(scope="module")
def data_2020(scenarios, study):
    return scenario_data(scenarios["frontline-2020-03"], study)


@pytest.mark.parametrize(
    "row",
    _sided("control_points_2020-03.csv") + _sided("check_places_2020-03.csv"),
    ids=lambda r: r["name"][:24],
)
def test_every_2020_place_is_on_its_side(data_2020, row):
    point = shapely.Point(row["lon"], row["lat"])
    assert data_2020.opposition_area.contains(point) == (row["control"] == "opposition")


def test_2020_line_has_its_uncertainty_and_stays_out_of_turkish_areas(data_2020):
    assert data_2020.line_uncertainty["line_uncertainty_km"].max() > 0
    assert data_2020.opposition_area.intersection(data_2020.turkish_areas).area < 1e-8


@pytest.mark.parametrize("band", ["core"])
def test_m4_corridor_is_6_km_each_side_by_geod(scenarios, study, band):
    scenario = scenarios["m4-corridor-2020"]
    data = scenario_data(scenario, study)
    result = analyze(data, scenario.spec)
    zone = result.zone.set_index("band").geometry[band]
    # Leave out the round caps at the two ends: there the distance is to an end point.
    ends = shapely.MultiPoint([data.frontline.coords[0], data.frontline.coords[-1]])
    exclude = shapely.union_all([study.syria.boundary, ends.buffer(0.07)])
    points = _edge_vertices_from_buffer(zone, exclude=exclude)
    assert len(points) > 20
    measured = geod_distance_to_line_m(shapely.get_x(points), shapely.get_y(points), data.frontline)
    error = np.abs(measured / 6000.0 - 1.0)
    assert error.max() < TOLERANCE, f"worst relative error {error.max():.2e}"
    # Both sides of the road: edge points north and south of it.
    line_lat = np.interp(shapely.get_x(points), *np.asarray(data.frontline.coords)[::-1].T)
    assert (shapely.get_y(points) > line_lat).any() and (shapely.get_y(points) < line_lat).any()


def test_comparison_of_2018_and_2020(scenarios, study, data_2020):
    first = analyze(study, scenarios["sochi-2018"].spec)
    second = analyze(data_2020, scenarios["frontline-2020-03"].spec)
    result = compare(
        first, second, second_data=data_2020, names=("sochi-2018", "frontline-2020-03")
    )
    assert 0 < result.overlap_km2 < min(result.first_area_km2, result.second_area_km2)
    assert 0 < result.first_on_government_side_km2 < result.first_area_km2
    as_json = json.loads(json.dumps(result.as_dict()))
    only_2018 = {t["name"] for t in as_json["towns_only_in_first"]}
    # Khan Shaykhun was taken in August 2019: inside the 2018 zone, not the 2020 one.
    assert "Khan Shaykhun" in only_2018


def test_the_corridor_follows_the_m4_of_the_map(study):
    """Defect: between Ariha and Saraqib the corridor's M4 and the map's M4 took different
    paths. One road, one geometry: every vertex of the corridor lies on the map's M4."""
    import geopandas as gpd
    import shapely

    from geo.engine.overlay import distance_to_line_km

    corridor = scenario_data(load_scenarios().scenarios["m4-corridor-2020"], study)
    m4 = study.highways.loc[study.highways["highway"] == "M4"].geometry.iloc[0]
    vertices = gpd.GeoDataFrame(
        geometry=[shapely.Point(c) for c in corridor.frontline.coords], crs=4326
    )
    assert distance_to_line_km(vertices, m4).max() < 0.01
