"""Scenario files and their tables are inputs too: a declared schema, one-line messages.

Each case is a scenario file (or its table) with one thing wrong. A broken file is listed
with its reason and never hides the good ones; a table breaks its schema in one line.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from geo import cli
from geo._errors import DataError
from geo.inputs._validate import SCHEMAS
from geo.inputs.layers import DATA_DIR, DATA_DIR_ENV, load_study_data
from geo.inputs.scenario import load_scenarios, scenario_data

#: The limits the messages state (geo.inputs._reference).
MAX_WAYPOINTS, MAX_CONTROL_POINTS = 2_000, 500
ROAD_CSV = "order,name,lat,lon\n1,Saraqib,35.86361,36.80056\n2,Maarat al-Numan,35.6447,36.6739\n"


def road_toml(
    *, line: str = "", zone: str = 'side = "both"\nsides = ["both"]', top: str = ""
) -> str:
    return (
        f'title = "Test road"\ndate = "2021-01-01"\nsource = "made up for a test"\n{top}\n'
        f'[line]\nkind = "road"\ntable = "road.csv"\nname = "test road"\n{line}\n'
        f"[zone]\nmin_km = 2\nmax_km = 4\n{zone}\n"
    )


def frontline_toml(*, line: str = "", table: str = "points.csv") -> str:
    return (
        'title = "Test line"\ndate = "2021-01-01"\nsource = "made up for a test"\n'
        f'[line]\nkind = "frontline"\ntable = "{table}"\nname = "test line"\n{line}\n'
        '[zone]\nmin_km = 15\nmax_km = 20\nside = "opposition"\nsides = ["opposition", "both"]\n'
    )


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """A copy of data/, in use through $IDLIB_ZONE_DATA_DIR."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    (folder / "road.csv").write_text(ROAD_CSV)
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


def broken_reason(folder: Path, file: str) -> str:
    found = load_scenarios(folder / "scenarios")
    reasons = {b.file: b.reason for b in found.broken}
    assert file in reasons, reasons
    # The good ones are still there.
    assert {"sochi-2018", "frontline-2020-03", "m4-corridor-2020"} <= set(found.scenarios)
    return reasons[file]


# ---- item 3, 12, 17: types, ranges and allowed values, one message naming file and key -----
@pytest.mark.parametrize(
    ("text", "words"),
    [
        # Item 3: strings that bool() read as true.
        (
            road_toml(line='position_uncertainty_km = 1.0\nprebuilt = "no"'),
            "'prebuilt' should be a valid boolean, got 'no'",
        ),
        (
            frontline_toml(line='with_posts = "false"'),
            "'with_posts' should be a valid boolean, got 'false'",
        ),
        # Item 12: values that crashed.
        (
            road_toml(line='position_uncertainty_km = "abc"'),
            "'position_uncertainty_km' should be a valid number, got 'abc'",
        ),
        (
            road_toml(line="position_uncertainty_km = [1]"),
            "'position_uncertainty_km' should be a valid number",
        ),
        (
            road_toml(line="position_uncertainty_km = nan"),
            "'position_uncertainty_km' should be a finite number",
        ),
        (
            road_toml(line="position_uncertainty_km = inf"),
            "'position_uncertainty_km' should be a finite number",
        ),
        # Item 5: shown as "± -5 km".
        (
            road_toml(line="position_uncertainty_km = -5"),
            "'position_uncertainty_km' should be greater than or equal to 0",
        ),
        (
            road_toml(zone='side = "both"\nreported_max_km = "25 km"'),
            "'reported_max_km' should be a valid number, got '25 km'",
        ),
        (
            road_toml(zone='side = "both"\nreported_max_km = nan'),
            "'reported_max_km' should be a finite number",
        ),
        # Item 17: a table where text is expected was printed as {'a': 1}.
        (road_toml(top="notes = {a = 1}"), "'notes' should be a valid string"),
        # Item 6: sides = [] gave "should be one of  for x".
        (road_toml(zone='side = "both"\nsides = []'), "'sides' should not be empty"),
        (
            frontline_toml().replace('sides = ["opposition", "both"]', 'sides = ["both"]'),
            "'side' (opposition) should be one of 'sides' (both)",
        ),
        (road_toml(zone='side = "opposition"'), "a road has no opposition side"),
        (road_toml(line="prebuit = true"), "'prebuit' is not a key of a scenario file"),
        (
            road_toml().replace('table = "road.csv"', 'table = "/etc/passwd"'),
            "'table' should be a .csv file relative to the data folder",
        ),
    ],
    ids=lambda v: v[:40] if isinstance(v, str) and "\n" not in v else None,
)
def test_a_bad_value_is_one_line_naming_file_key_and_rule(data, text, words):
    (data / "scenarios" / "bad.toml").write_text(text)
    reason = broken_reason(data, "scenarios/bad.toml")
    assert reason.startswith("scenarios/bad.toml: ")
    assert words in reason and "\n" not in reason


def test_a_byte_order_mark_is_not_an_error(data):
    (data / "scenarios" / "road.toml").write_bytes(b"\xef\xbb\xbf" + road_toml().encode())
    found = load_scenarios(data / "scenarios")
    assert not found.broken and found.scenarios["road"].title == "Test road"


def test_a_missing_or_empty_scenario_folder_is_named_relative(data):
    shutil.rmtree(data / "scenarios")
    with pytest.raises(DataError) as missing:
        load_scenarios()
    assert "scenarios/ is missing" in str(missing.value) and str(data) not in str(missing.value)
    (data / "scenarios").mkdir()
    with pytest.raises(DataError) as empty:
        load_scenarios()
    assert "no scenario files" in str(empty.value) and str(data) not in str(empty.value)


# ---- item 4, 12, 14: the scenario's table -----------------------------------------------------
def waypoints(rows: list[tuple[float | str, float | str]]) -> str:
    lines = [f"{i},w{i},{lat},{lon}" for i, (lat, lon) in enumerate(rows, start=1)]
    return "order,name,lat,lon\n" + "\n".join(lines) + "\n"


SARAQIB, MAARAT = (35.86361, 36.80056), (35.6447, 36.6739)


@pytest.mark.parametrize(
    ("csv", "words"),
    [
        (waypoints([SARAQIB, (91, 36.7)]), "'lat' is 91.0; it should be a latitude"),
        (waypoints([SARAQIB, ("north", 36.7)]), "'lat' is 'north', which is not a float64"),
        # Item 4: lat/lon swapped, near the equator, across the antimeridian: 0 km², exit 0.
        (waypoints([SARAQIB[::-1], MAARAT[::-1]]), "are lat and lon swapped?"),
        (waypoints([(0.5, 36.0), (0.6, 36.1)]), "lies outside the study area"),
        (waypoints([(35.8, 179.9), (35.8, -179.9)]), "lies outside the study area"),
        # Item 14: 5,000 waypoints took 8 s and 1.3 GB.
        (
            waypoints([(35.8, 36.3 + i * 1e-4) for i in range(MAX_WAYPOINTS + 1)]),
            "should hold 2 to 2,000 waypoints",
        ),
        ("order,name,lat,lon\n1,a,35.8,36.3\n1,b,35.9,36.4\n", "column 'order' repeats 1"),
        ("order,name,lat\n1,a,35.8\n2,b,35.9\n", "column 'lon' is missing"),
    ],
    ids=[
        "lat-91",
        "lat-north",
        "swapped",
        "equator",
        "antimeridian",
        "2001-waypoints",
        "order-repeats",
        "no-lon",
    ],
)
def test_a_road_table_breaking_its_schema_is_one_line(data, study, csv, words):
    (data / "road.csv").write_text(csv)
    (data / "scenarios" / "road.toml").write_text(road_toml())
    scenario = load_scenarios().scenarios["road"]
    with pytest.raises(DataError) as error:
        scenario_data(scenario, study, data_dir=data)
    message = str(error.value)
    assert message.startswith("road.csv: ") and words in message and "\n" not in message


def control_table(extra_rows: list[str], *, drop: str | None = None) -> str:
    source = (DATA_DIR / "reference" / "control_points_2020-03.csv").read_text().splitlines()
    text = "\n".join([*source, *extra_rows]) + "\n"
    if drop is None:
        return text
    import pandas as pd

    frame = pd.read_csv(__import__("io").StringIO(text)).drop(columns=[drop])
    return frame.to_csv(index=False)


@pytest.mark.parametrize(
    ("csv", "words"),
    [
        # Item 12: a control point outside the study area gave StopIteration.
        (
            control_table(["Far,,35.0,40.0,src,government,src,2020-01"]),
            "lies outside the study area",
        ),
        # Item 14: the limit on a front line's control points.
        (
            control_table(
                [
                    f"P{i},,35.3,{35.8 + i * 1e-3},src,government,src,2020"
                    for i in range(MAX_CONTROL_POINTS)
                ]
            ),
            "should hold 1 to 500 control points",
        ),
        # Item 17: a missing `control` column gave "unknown control values ['']".
        (control_table([], drop="control"), "column 'control' is missing"),
        (
            control_table(["Odd,,35.5,36.5,src,rebels,src,2020"]),
            "'control' is 'rebels'; it should be one of",
        ),
    ],
    ids=["outside", "501-points", "no-control-column", "unknown-control"],
)
def test_a_frontline_table_breaking_its_schema_is_one_line(data, study, csv, words):
    (data / "points.csv").write_text(csv)
    (data / "scenarios" / "line.toml").write_text(frontline_toml())
    scenario = load_scenarios().scenarios["line"]
    with pytest.raises(DataError) as error:
        scenario_data(scenario, study, data_dir=data)
    assert str(error.value).startswith("points.csv: ") and words in str(error.value)


def test_posts_on_the_2020_table_give_a_message_not_a_geometry_collection(data, study):
    """Item 12: `with_posts = true` on the 2020 table crashed with a GeometryCollection."""
    scenario = load_scenarios().scenarios["frontline-2020-03"]
    with_posts = replace(scenario, line=replace(scenario.line, with_posts=True))
    with pytest.raises(DataError, match=r"control_points_2020-03\.csv \(derived opposition area\)"):
        scenario_data(with_posts, study, data_dir=data)


# ---- the command line: one broken file, one side rule, one line ------------------------------
def test_one_broken_file_does_not_take_down_the_list(data, capsys):
    (data / "scenarios" / "bad.toml").write_text(road_toml(line='prebuilt = "no"'))
    assert cli.main(["scenarios"]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = [line.split("\t")[0] for line in lines if not line.startswith("contact-line-")]
    assert names == ["sochi-2018", "frontline-2020-03", "m4-corridor-2020", "bad"]
    assert lines[-1].split("\t")[2] == "broken" and "'prebuilt'" in lines[-1]


def test_a_newline_in_a_file_name_keeps_one_line_per_scenario(data, capsys):
    (data / "scenarios" / "evil\nname.toml").write_text(road_toml())
    assert cli.main(["scenarios"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(load_scenarios().scenarios) + 1
    assert lines[-1].startswith("evil\\nname\t")


def test_stats_of_a_broken_scenario_exits_2_with_its_reason(data, capsys):
    (data / "scenarios" / "bad.toml").write_text(road_toml(line="position_uncertainty_km = nan"))
    assert cli.main(["stats", "--scenario", "bad"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and "should be a finite number" in err


def test_stats_and_compare_refuse_the_same_side(data, capsys):
    """Item 6: compare accepted a side that stats refused; the page drew it."""
    text = frontline_toml(table="reference/control_points_2020-03.csv")
    text = text.replace('side = "opposition"', 'side = "both"').replace(
        'sides = ["opposition", "both"]', 'sides = ["opposition"]'
    )
    (data / "scenarios" / "narrow.toml").write_text(text)
    assert cli.main(["stats", "--scenario", "narrow"]) == 2
    assert cli.main(["compare", "sochi-2018", "narrow"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    first, second = err.splitlines()
    assert first == second and "'side' (both) should be one of 'sides' (opposition)" in first


def test_an_empty_data_dir_variable_is_unset(tmp_path, monkeypatch, capsys):
    """Item 17: an empty IDLIB_ZONE_DATA_DIR was taken as the current folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(DATA_DIR_ENV, "")
    assert cli.main(["scenarios"]) == 0
    assert "sochi-2018" in capsys.readouterr().out


def test_a_missing_data_folder_is_reported_as_missing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "nowhere"))
    assert cli.main(["stats"]) == 2
    err = capsys.readouterr().err
    assert "missing" in err and str(tmp_path) not in err


def test_python_m_geo_cli_runs_the_command():
    """Item 17: `python -m geo.cli stats` did nothing and exited 0."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "geo.cli", "stats"], capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 0 and "area_km2" in json.loads(done.stdout)
    usage = subprocess.run(
        [sys.executable, "-m", "geo.cli"], capture_output=True, timeout=120, check=False
    )
    assert usage.returncode == 2 and len(usage.stderr.decode().splitlines()) == 1


# ---- item 16: files named relative to the data folder; item 13: duplicate towns -------------
def test_a_broken_layer_is_named_without_the_server_path(data, capsys):
    (data / "towns.geojson").write_text('{"type": "FeatureCollection", "features": [')
    assert cli.main(["stats"]) == 2
    err = capsys.readouterr().err
    assert "towns.geojson" in err and str(data) not in err and "/tmp" not in err


def test_duplicate_town_names_are_refused_by_the_schema(data):
    """Item 13: duplicate names crashed compare and the page (ambiguous truth value)."""
    collection = json.loads((data / "towns.geojson").read_text())
    collection["features"][1]["properties"]["name"] = collection["features"][0]["properties"][
        "name"
    ]
    (data / "towns.geojson").write_text(json.dumps(collection))
    with pytest.raises(DataError, match="property 'name' repeats"):
        load_study_data(data)


# ---- issue 14: nothing handed out is shared ---------------------------------------------------
def test_study_data_and_derived_data_are_copies(study):
    first = load_study_data()
    name = first.towns.loc[0, "name"]
    first.towns.loc[0, "name"] = "changed"
    first.towns["extra"] = 1
    again = load_study_data()
    assert again.towns.loc[0, "name"] == name and "extra" not in again.towns
    scenario = load_scenarios().scenarios["m4-corridor-2020"]
    derived = scenario_data(scenario, study)
    derived.control_points.loc[derived.control_points.index[0], "name"] = "changed"
    assert scenario_data(scenario, study).control_points["name"].iloc[0] != "changed"


def test_the_schema_registry_is_read_only():
    with pytest.raises(TypeError):
        SCHEMAS["towns"] = SCHEMAS["posts"]  # type: ignore[index]
    with pytest.raises(TypeError):
        SCHEMAS["towns"].columns["name"] = SCHEMAS["towns"].columns["name_ar"]  # type: ignore[index]
