"""The build's reference tables are checked against declared schemas; its writes are atomic.

Each case is a copy of data/ with one change, in use through $IDLIB_ZONE_DATA_DIR: the
build exits 2 with one line on stderr, and writes nothing.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo.inputs.layers import DATA_DIR, DATA_DIR_ENV, LAYER_FILES

build = pytest.importorskip("geo.build")


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    # The build before these checks read data/reference/ whatever the variable said.
    monkeypatch.setattr(build, "REFERENCE_DIR", folder / "reference", raising=False)
    return folder


def edit(folder: Path, name: str, change) -> None:
    path = folder / "reference" / name
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(table).to_csv(path, index=False)


def swap_saraqib(t: pd.DataFrame) -> pd.DataFrame:
    row = t.index[t["name"] == "Saraqib"][0]
    t.loc[row, ["lat", "lon"]] = t.loc[row, ["lon", "lat"]].to_numpy()
    return t


def set_value(column: str, row: int, value: str):
    def change(t: pd.DataFrame) -> pd.DataFrame:
        t.loc[t.index[row], column] = value
        return t

    return change


def header_only(t: pd.DataFrame) -> pd.DataFrame:
    return t.iloc[:0]


def drop_column(column: str):
    return lambda t: t.drop(columns=[column])


def duplicate_row(row: int):
    return lambda t: pd.concat([t, t.iloc[[row]]], ignore_index=True)


def keep_rows(condition):
    return lambda t: t[condition(t)]


CASES = [
    # Item 5: silently wrong.
    ("towns.csv", swap_saraqib, "line 97 ('Saraqib'): lies outside the study area"),
    (
        "highways.csv",
        set_value("order", 2, "third"),
        "column 'order' is 'third', which is not a int64",
    ),
    ("towns.csv", header_only, "should hold 1 to 100,000 towns (it holds 0)"),
    ("observation_posts.csv", duplicate_row(2), "column 'number' repeats 3"),
    # Item 15: tracebacks.
    ("towns.csv", set_value("population", 0, "98,791"), "column 'population' is '98,791'"),
    (
        "highways.csv",
        set_value("highway", 0, "M6"),
        "column 'highway' is 'M6'; it should be one of 'M4', 'M5'",
    ),
    ("towns.csv", drop_column("lat"), "column 'lat' is missing"),
    ("observation_posts.csv", drop_column("verified"), "column 'verified' is missing"),
    ("control_points_2018.csv", header_only, "should hold 1 to 500 control points (it holds 0)"),
    (
        "control_points_2018.csv",
        keep_rows(lambda t: t["control"] == "opposition"),
        "needs a 'government' and an 'opposition' place",
    ),
    (
        "control_points_2018.csv",
        set_value("lat", 3, "inf"),
        "column 'lat' is inf; it should be a latitude",
    ),
    (
        "highways.csv",
        keep_rows(lambda t: (t["highway"] == "M5") | (t["order"] == "1")),
        "is its highway's only waypoint",
    ),
    ("control_points_2018.csv", set_value("lon", 0, ""), "column 'lon' is missing or null"),
]


@pytest.mark.parametrize(
    ("table", "change", "words"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_a_broken_reference_table_stops_the_build_with_one_line(
    data, tmp_path, capsys, table, change, words
):
    edit(data, table, change)
    out = tmp_path / "out"
    assert build.main(["--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"python -m geo.build: error: reference/{table}: ")
    assert words in err and "\n" not in err and str(data) not in err
    assert not out.exists() or not any(out.iterdir())


def test_an_empty_file_stops_the_build_with_one_line(data, tmp_path, capsys):
    (data / "reference" / "observation_posts.csv").write_text("")
    assert build.main(["--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert "reference/observation_posts.csv: cannot read it as CSV" in err and "\n" not in err


def test_a_failed_write_leaves_the_old_files_as_they_were(data, monkeypatch, capsys):
    """Item 8: a full disk left towns.geojson truncated and the folder unreadable."""
    before = {name: (data / name).read_bytes() for name in LAYER_FILES.values()}
    (data / "towns.geojson").write_bytes(before["towns.geojson"])
    real = build.write_rfc7946
    calls = []

    def third_fails(frame, **kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(frame, **kwargs)

    monkeypatch.setattr(build, "write_rfc7946", third_fails)
    assert build.main([]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert len(calls) == 3
    assert {name: (data / name).read_bytes() for name in LAYER_FILES.values()} == before
    assert sorted(p.name for p in data.iterdir() if p.name.startswith(".")) == []


def test_every_place_the_zone_reaches_is_a_town(study):
    """Towns were built within 55 km of the line, though the sliders go to 100 km."""
    from geo.engine.zone import MAX_WIDTH_KM

    places = build._geonames()
    import geopandas as gpd

    points = gpd.GeoDataFrame(
        places, geometry=gpd.points_from_xy(places["longitude"], places["latitude"]), crs=4326
    )
    reach = points[points.within(build.MAP_FRAME) & points.within(study.syria)]
    towns = set(study.towns["geonames_name"])
    assert set(reach["city"]) <= towns
    # As Safirah: 64k people 24 km from the line, 2 km east of the study rectangle.
    assert "As Safīrah" in towns
    assert build.MAP_FRAME.covers(study.syria) and MAX_WIDTH_KM == 100.0
