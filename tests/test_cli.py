"""The command line, run as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main
from geo.inputs.layers import DATA_DIR, DATA_DIR_ENV

SCRIPT = Path(sys.executable).with_name("idlib-zone")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], capture_output=True, timeout=120, env=env, check=False
    )


def test_stats_prints_one_json_object():
    done = run("stats", "--min-km", "15", "--max-km", "20")
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    assert {
        "area_km2",
        "towns_in_zone",
        "population_in_zone",
        "posts_in_zone",
        "highway_km_in_zone",
    } <= set(stats)
    assert set(stats["highway_km_in_zone"]) == {"M4", "M5"}


def test_export_writes_geojson_to_a_file(tmp_path):
    target = tmp_path / "zone.geojson"
    done = run("export", "--side", "both", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    collection = json.loads(target.read_text())
    assert collection["type"] == "FeatureCollection"
    assert {
        f["properties"]["side"]
        for f in collection["features"]
        if f["properties"]["layer"] == "zone"
    } == {"both"}
    assert list(tmp_path.iterdir()) == [target]


def test_export_to_stdout_and_installed_script():
    assert SCRIPT.exists(), "the project is installed with its idlib-zone script"
    done = subprocess.run(
        [str(SCRIPT), "export", "--format", "kml"], capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"<?xml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stats", "--min-km", "-5"], "between 0 and 100"),
        (["stats", "--min-km", "30", "--max-km", "20"], "should not exceed"),
        (["stats", "--max-km", "101"], "between 0 and 100"),
        (["stats", "--max-km", "abc"], "not a number"),
        (["stats", "--max-km", "inf"], "not a finite number"),
        (["export", "--side", "north"], "invalid choice"),
        (["export", "--format", "shp"], "invalid choice"),
        (["export", "--max-km", "<script>alert(1)</script>"], "not a number"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, message, tmp_path):
    done = run(*args, "-o", str(tmp_path / "x.geojson")) if args[0] == "export" else run(*args)
    assert done.returncode == 2
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1, lines
    assert message in lines[0]
    assert "Traceback" not in done.stderr.decode()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # A value that starts with '-' is a value, not an unknown option.
        (["stats", "--min-km", "-inf"], "not a finite number of kilometres: '-inf'"),
        (["stats", "--min-km", "-1e309"], "not a finite number of kilometres: '-1e309'"),
        (["stats", "--min", "-1e3"], "should be between 0 and 100 km, got -1000.0"),
        (["stats", "--max-km=-.5e1"], "should be between 0 and 100 km, got -5.0"),
        (["stats", "--min-km", "--max-km", "5"], "--min-km: expected one argument"),
        # The value as given, not rounded to six digits.
        (["stats", "--max-km", "100.0000001"], "got 100.0000001"),
        (["stats", "--min-km", "20.0000001", "--max-km", "20"], "(20.0000001) should not exceed"),
        # Line breaks in what the user typed are escaped: the message stays one line.
        (["stats", "two\nlines"], "unrecognized arguments: two\\nlines"),
        (["stats", "--side", "two\nlines"], "invalid choice: 'two\\nlines'"),
    ],
)
def test_argument_errors_name_the_value_as_given_on_one_line(args, message, capsys):
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert message in err


@pytest.mark.parametrize("where", ["missing/zone.geojson", "is-a-folder"])
def test_unwritable_path_exits_2_and_leaves_nothing(tmp_path, where):
    (tmp_path / "is-a-folder").mkdir()
    before = sorted(tmp_path.rglob("*"))
    done = run("export", "-o", str(tmp_path / where))
    assert done.returncode == 2
    assert len(done.stderr.decode().strip().splitlines()) == 1
    assert "cannot write" in done.stderr.decode()
    assert sorted(tmp_path.rglob("*")) == before


def test_broken_data_file_exits_2(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("reference"))
    (data / "towns.geojson").write_text('{"type": "FeatureCollection", "features": [')
    done = run("stats", env={**os.environ, DATA_DIR_ENV: str(data)})
    assert done.returncode == 2
    line = done.stderr.decode().strip()
    assert "towns.geojson" in line and "\n" not in line


def test_scenarios_lists_the_three_built_in(capsys):
    assert main(["scenarios"]) == 0
    names = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    fixed = [name for name in names if not name.startswith("contact-line-")]
    assert fixed == ["sochi-2018", "frontline-2020-03", "m4-corridor-2020"]
    assert len(names) - len(fixed) == 8  # one per dated line


def test_stats_of_a_scenario_takes_overrides(capsys):
    assert main(["stats", "--scenario", "m4-corridor-2020"]) == 0
    corridor = json.loads(capsys.readouterr().out)
    assert main(["stats", "--scenario", "m4-corridor-2020", "--max-km", "8"]) == 0
    wider = json.loads(capsys.readouterr().out)
    assert corridor["core_area_km2"] == corridor["area_km2"]  # 6 + 6 km, one band
    assert wider["area_km2"] > corridor["area_km2"] and wider["outer_area_km2"] > 0


def test_export_of_the_corridor_carries_its_m4_section(capsys):
    assert main(["export", "--scenario", "m4-corridor-2020"]) == 0
    features = json.loads(capsys.readouterr().out)["features"]
    lines = [f for f in features if f["properties"]["layer"] == "frontline"]
    assert lines and all(f["properties"]["name"].startswith("M4") for f in lines)
    assert all("line_uncertainty_km" in f["properties"] for f in lines)


def test_compare_prints_one_json_object(capsys):
    assert main(["compare", "sochi-2018", "frontline-2020-03"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["overlap_km2"] < min(result["first_area_km2"], result["second_area_km2"])
    assert result["first_on_government_side_of_second_line_km2"] > 0
    assert any(t["name"] == "Khan Shaykhun" for t in result["towns_only_in_first"])
    lost = result["first_on_government_side_of_second_line_km2"]
    certain = result["changed_hands_certain_km2"]
    unsure = result["changed_hands_within_uncertainty_km2"]
    assert 0 < certain < lost and 0 < unsure < lost
    assert certain + unsure == pytest.approx(lost, abs=0.2)


def test_map_writes_one_self_contained_html_file(tmp_path):
    target = tmp_path / "map.html"
    assert main(["map", "--scenario", "sochi-2018", "-o", str(target)]) == 0
    page = target.read_text()
    assert "<script src=" not in page and 'rel="stylesheet" href="http' not in page
    assert "L.map(" in page and "Zone: inner band" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stats", "--scenario", "atlantis"], "unknown scenario 'atlantis'"),
        (["stats", "--scenario", "m4-corridor-2020", "--side", "opposition"], "should be one of"),
        (["compare", "sochi-2018", "atlantis"], "unknown scenario 'atlantis'"),
        (["compare", "sochi-2018"], "the following arguments are required: second"),
    ],
)
def test_scenario_errors_exit_2_with_one_line(args, message, capsys):
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and message in err


@pytest.mark.parametrize(
    ("args", "widths", "note"),
    [
        (["--max-km", "10"], (10.0, 10.0), "inner band (15 km) is deeper than the zone"),
        (["--min-km", "30"], (30.0, 30.0), "zone (20 km) is shallower than the inner band"),
    ],
)
def test_one_depth_moves_the_other_as_the_page_does(args, widths, note, capsys):
    """Defect: ``stats --max-km 10`` failed on the default inner band nobody gave."""
    assert main(["stats", *args]) == 0
    out, err = capsys.readouterr()
    stats = json.loads(out)
    assert stats["core_area_km2"] == stats["area_km2"]  # one band: the widths are equal
    assert err.count("\n") == 1 and note in err and err.startswith("idlib-zone: note:")
    assert f"{widths[0]:g} km" in err


def test_both_depths_given_print_no_note(capsys):
    assert main(["stats", "--min-km", "5", "--max-km", "10"]) == 0
    assert capsys.readouterr().err == ""


def test_the_readme_examples_leave_no_untracked_files():
    """Defect: the README's examples left m4.gpkg, map.html and zone.kml untracked."""
    import re

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    written = sorted(set(re.findall(r"idlib-zone [^\n#]*-o (\S+)", readme)))
    assert {"zone.kml", "m4.gpkg", "map.html"} <= set(written)
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    done = subprocess.run(
        ["git", "check-ignore", "--no-index", *written],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert sorted(done.stdout.split()) == written
