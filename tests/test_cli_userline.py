"""The command line with the user's own line, table or edits: numbers, provenance, refusals."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import shapely
from matplotlib.text import Text

from geo.cli import main
from geo.engine.zone import ZoneSpec
from geo.inputs.layers import DATA_DIR, StudyData
from geo.inputs.userline import line_data, read_line
from geo.outputs import printmap
from geo.results.analysis import analyze
from tests.test_userline import BROKEN

KML = {"k": "http://www.opengis.net/kml/2.2"}
HOSTILE = "<img src=x onerror=alert(1)> ![x](http:example.org) $x$ [y]"
CONTROL_TABLE = DATA_DIR / "reference" / "control_points_2018.csv"


@pytest.fixture(scope="module")
def line_file(study: StudyData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lines") / f"{HOSTILE}.geojson"
    path.write_text(json.dumps(shapely.geometry.mapping(study.frontline)))
    return path


def _stats(capsys, *args: str) -> dict:
    assert main(["stats", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_built_line_as_a_file_gives_the_built_numbers(capsys, line_file: Path) -> None:
    built = _stats(capsys)
    own = _stats(capsys, "--frontline", str(line_file), "--opposition-side", "left")
    assert own["area_km2"] == pytest.approx(built["area_km2"], rel=2e-3)
    assert own["towns_in_zone"] == built["towns_in_zone"]
    wider = _stats(
        capsys, "--frontline", str(line_file), "--opposition-side", "left", "--max-km", "25"
    )
    assert wider["area_km2"] > own["area_km2"]


def test_the_built_table_as_a_file_gives_the_built_numbers(capsys) -> None:
    assert _stats(capsys, "--control-points", str(CONTROL_TABLE)) == _stats(capsys)


def test_edits_on_the_command_line_reach_the_export(capsys) -> None:
    assert main(["export", "--edits", "f=Kafr%20Nabudah:g"]) == 0
    description = json.loads(capsys.readouterr().out)["description"]
    assert "with 1 user edit: Kafr Nabudah set to government by the user" in description


def test_a_hostile_file_name_is_text_in_every_export(capsys, line_file: Path, study) -> None:
    args = ["--frontline", str(line_file), "--opposition-side", "left"]
    assert main(["export", *args]) == 0
    assert HOSTILE in json.loads(capsys.readouterr().out)["description"]
    assert main(["export", "--format", "kml", *args]) == 0
    document = ET.fromstring(capsys.readouterr().out.encode()).find("k:Document", KML)
    description = document.find("k:description", KML)
    assert HOSTILE in description.text and list(description) == []

    assert main(["map", *args]) == 0
    page = capsys.readouterr().out
    assert "<img src=x" not in page

    class Caption(HTMLParser):
        text = ""

        def handle_data(self, data: str) -> None:
            self.text += data

    caption = Caption()
    caption.feed(page)
    assert f"Line from: the user's file “{HOSTILE}.geojson”." in caption.text

    line = read_line(line_file.read_bytes(), name=line_file.name)
    data = line_data(line, study, opposition_side="left")
    figure = printmap._build_figure(analyze(data, ZoneSpec()), data, dpi=40, title="t")
    drawn = [t for t in figure.findobj(Text) if HOSTILE in t.get_text()]
    assert drawn and not any(t.get_parse_math() or t.get_usetex() for t in drawn)


@pytest.mark.parametrize("case", ["not JSON", "KML external entity", "swapped", "self-crossing"])
def test_a_bad_line_file_exits_2_with_one_line(capsys, tmp_path: Path, case: str) -> None:
    name, data, message = BROKEN[case]
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["stats", "--frontline", str(path), "--opposition-side", "right"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith(f"idlib-zone: error: {name}: ") and message in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--frontline", "x.geojson"], "--frontline needs --opposition-side"),
        (["--frontline", "x.geojson", "--opposition-side", "up"], "invalid choice: 'up'"),
        (["--frontline", "x", "--control-points", "y"], "not allowed with argument"),
        (["--frontline", "x", "--opposition-side", "left", "--date", "2019-01-01"], "not --date"),
        (["--frontline", "x", "--opposition-side", "left", "--edits", "f=a:g"], "--edits change"),
        (
            ["--frontline", "x", "--opposition-side", "left", "--scenario", "m4-corridor-2020"],
            "m4-corridor-2020 is a road",
        ),
        (["--opposition-side", "left"], "go with --frontline"),
        (["--control-points", "nowhere.csv"], "nowhere.csv: cannot read it"),
        (["--edits", "f=Atlantis:g"], "no control point is named 'Atlantis'"),
        (["--edits", "zz"], "should be f=NAME:SIDE"),
    ],
)
def test_options_that_do_not_fit_exit_2_with_one_line(capsys, args, message) -> None:
    assert main(["stats", *args]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and message in err, err


def test_a_folder_or_a_huge_file_is_refused_before_reading(capsys, tmp_path: Path) -> None:
    assert main(["stats", "--frontline", str(tmp_path), "--opposition-side", "left"]) == 2
    assert "cannot read it" in capsys.readouterr().err
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(11 * 2**20)  # sparse: no 11 MB written
    assert main(["stats", "--control-points", str(huge)]) == 2
    assert "larger than 10 MB" in capsys.readouterr().err
