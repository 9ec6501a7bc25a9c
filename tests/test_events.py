"""Dated control events: the state on a day, the dated lines, and the command line's dates."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from geo._errors import DataError, ZoneInputError
from geo.cli import main
from geo.inputs._reference import read_table
from geo.inputs.events import control_on
from geo.inputs.scenario import load_scenarios
from geo.results.timeline import dated_lines, line_on

EVENTS = pd.DataFrame(
    {
        "name": ["A", "B", "A", "A"],
        "control": ["opposition", "government", "government", "opposition"],
        "from_date": ["2018-09-17", "2018-01-01", "2019-08-21", "2020-02-27"],
        "control_source": ["s1", "s2", "s3", "s4"],
        "lat": [35.5, 35.6, 35.5, 35.5],
        "lon": [36.6, 36.7, 36.6, 36.6],
    }
)


@pytest.mark.parametrize(
    ("day", "held", "since"),
    [
        ("2018-09-17", "opposition", "2018-09-17"),
        ("2019-08-20", "opposition", "2018-09-17"),
        ("2019-08-21", "government", "2019-08-21"),
        ("2020-03-05", "opposition", "2020-02-27"),
    ],
)
def test_a_place_is_held_as_its_latest_row_on_or_before_the_day(day, held, since):
    state = control_on(EVENTS, day).set_index("name")
    assert state.loc["A", "control"] == held
    assert state.loc["A", "control_date"] == since
    assert state.loc["B", "control"] == "government"
    assert list(state.index) == ["A", "B"]  # the table's order of places


def test_a_place_not_yet_listed_has_no_state():
    assert list(control_on(EVENTS, "2018-06-01")["name"]) == ["B"]


def _events_file(tmp_path, rows: list[str]):
    header = "name,geonames_name,lat,lon,coord_source,control,from_date,control_source"
    path = tmp_path / "events.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_later_row_that_does_not_change_hands_is_refused(tmp_path):
    path = _events_file(
        tmp_path,
        [
            "Saraqib,,35.86,36.8,GeoNames,opposition,2018-09-17,AFP 2018",
            "Saraqib,,35.86,36.8,GeoNames,opposition,2020-02-06,AFP 2020",
            "Hama,,35.13,36.75,GeoNames,government,2018-09-17,AFP 2018",
        ],
    )
    with pytest.raises(DataError, match="change its side") as caught:
        read_table(path, "control_events", shown="events.csv")
    assert "\n" not in str(caught.value)


def test_a_date_that_is_not_a_day_is_refused(tmp_path):
    path = _events_file(
        tmp_path,
        [
            "Saraqib,,35.86,36.8,GeoNames,opposition,Feb 2020,AFP 2020",
            "Hama,,35.13,36.75,GeoNames,government,2018-09-17,AFP 2018",
        ],
    )
    with pytest.raises(DataError, match="YYYY-MM-DD"):
        read_table(path, "control_events", shown="events.csv")


def test_the_events_file_gives_one_line_per_day():
    lines = dated_lines(load_scenarios().scenarios)
    days = [s.date for s in lines]
    assert days[0] == "2018-09-17" and days[-1] == "2020-03-05" and len(days) >= 8
    assert days == sorted(set(days))
    assert {s.series for s in lines} == {"contact-line"}
    for line in lines:
        assert line.name == f"contact-line-{line.date}"
        assert "{date}" not in line.title and "{date}" not in line.line.name


def test_line_on_takes_the_latest_line_on_or_before_the_day():
    scenarios = load_scenarios().scenarios
    assert line_on(scenarios, "2019-08-31").date == "2019-06-15"
    assert line_on(scenarios, "2019-09-01").date == "2019-09-01"
    assert line_on(scenarios, "2030-01-01").date == "2020-03-05"
    with pytest.raises(ZoneInputError, match="no dated line on or before 2018-09-16"):
        line_on(scenarios, "2018-09-16")
    with pytest.raises(ZoneInputError, match="YYYY-MM-DD"):
        line_on(scenarios, "2019-02-30")


def test_the_command_line_takes_a_date(capsys):
    assert main(["stats", "--date", "2019-10-01"]) == 0
    by_date = json.loads(capsys.readouterr().out)
    assert main(["stats", "--scenario", "contact-line-2019-09-01"]) == 0
    assert json.loads(capsys.readouterr().out) == by_date


@pytest.mark.parametrize(
    "argv",
    [
        ["stats", "--date", "2017-01-01"],
        ["stats", "--date", "yesterday"],
        ["stats", "--date", "2019-10-01", "--scenario", "sochi-2018"],
        ["compare", "2017-01-01", "sochi-2018"],
    ],
)
def test_a_bad_date_exits_2_with_one_line(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("idlib-zone")


def test_the_timeline_command_starts_at_zero_and_writes_csv(tmp_path, capsys):
    assert main(["timeline", "--min-km", "15", "--max-km", "20"]) == 0
    table = json.loads(capsys.readouterr().out)
    rows = table["dates"]
    assert rows[0]["date"] == "2018-09-17" and rows[0]["area_max_km2"] == 0.0
    assert rows[-1]["area_km2"] > rows[0]["area_km2"]
    for row in rows:
        assert row["area_min_km2"] <= row["area_km2"] <= row["area_max_km2"]
        assert row["towns_min"] <= row["towns"] <= row["towns_max"]
    out = tmp_path / "t.csv"
    assert main(["timeline", "--format", "csv", "-o", str(out)]) == 0
    csv = pd.read_csv(out)
    assert list(csv["date"]) == [r["date"] for r in rows]
    assert list(csv["area_km2"]) == [r["area_km2"] for r in rows]
