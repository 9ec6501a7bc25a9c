"""Random argument lists: the command line exits 0 or 2, and a failure is one stderr line."""

from __future__ import annotations

import contextlib
import io
import os
import stat
from pathlib import Path

import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from geo.cli import main

WORDS = [
    "export",
    "stats",
    "--min-km",
    "--max-km",
    "--min",
    "--m",
    "--side",
    "opposition",
    "both",
    "--format",
    "geojson",
    "kml",
    "gpkg",
    "--help",
    "-h",
    "--",
    "-",
    "0",
    "15",
    "20",
    "100",
    "-5",
    "-.5",
    "-inf",
    "-1e309",
    "nan",
    "1e309",
    "100.0000001",
    "1_0",
    "--min-km=-inf",
    "--max-km=",
    "--side=both",
]
#: What ``-o`` gets: every path is relative, so nothing lands outside the test's folder.
PATHS = [
    "",
    ".",
    "..",
    "zone.geojson",
    "sub",
    "sub/",
    "sub/zone.kml",
    "missing/zone.json",
    "missing/",
    "two\nlines",
    "bad\udcffbyte",
    "nul\x00byte",
    "null",  # a copy of /dev/null, where root can make one
    "full",  # a copy of /dev/full
    "link-to-full",
    "z" * 250,
    "z" * 256,
]
#: Free text, without '/': a path made of it stays in the folder.
TEXT = st.text(st.characters(exclude_characters="/"), max_size=12)
WORD = st.sampled_from(WORDS) | TEXT
NUMBER = st.sampled_from(["0", "15", "20", "100", "-5", "-inf", "1e309", "nan", "20.0000001"])
#: An option and its value, mostly well formed so that many lists get past the parser.
PIECES = st.one_of(
    st.tuples(st.sampled_from(["--min-km", "--max-km", "--min", "--max"]), NUMBER | WORD),
    st.tuples(st.just("--side"), st.sampled_from(["opposition", "both"]) | WORD),
    st.tuples(st.just("--format"), st.sampled_from(["geojson", "kml", "gpkg"]) | WORD),
    st.tuples(st.sampled_from(["-o", "--output", "--out"]), st.sampled_from(PATHS) | WORD),
    st.tuples(WORD),
)


@st.composite
def argument_lists(draw: st.DrawFn) -> list[str]:
    args = [draw(st.sampled_from(["export", "stats"]) | WORD)]
    for piece in draw(st.lists(PIECES, max_size=4)):
        # "--option value" or "--option=value"
        args += [f"{piece[0]}={piece[1]}"] if len(piece) == 2 and draw(st.booleans()) else piece
    return args


def _kinds(folder: Path) -> dict[str, int]:
    return {path.name: stat.S_IFMT(path.lstat().st_mode) for path in folder.iterdir()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory, study) -> tuple[Path, dict[str, int]]:
    """A folder to write in, and what is in it; ``study`` loads the data once for all."""
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "sub").mkdir()
    with contextlib.suppress(PermissionError):
        os.mknod(folder / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        os.mknod(folder / "full", stat.S_IFCHR | 0o666, os.makedev(1, 7))
    (folder / "link-to-full").symlink_to("full")
    return folder, _kinds(folder)


def run(args: list[str]) -> tuple[object, list[str]]:
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    stderr = io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            status: object = main(args)
        except SystemExit as exc:
            status = exc.code
    return status, stderr.getvalue().splitlines()


def _with_examples(test):
    """Every path of PATHS once for certain, besides the random lists."""
    for path in PATHS:
        test = example(args=["export", "-o", path])(test)
    return test


@settings(max_examples=100, deadline=None, database=None)
@given(args=argument_lists())
@_with_examples
def test_exits_0_or_2_with_one_line_on_failure(folder, args):
    folder, kinds = folder
    with contextlib.chdir(folder):
        status, lines = run(args)
    event(f"status {status}")
    assert status in (0, 2)
    if status == 0:
        assert lines == []
    else:
        assert len(lines) == 1, lines
        assert lines[0].startswith("idlib-zone") and ": error: " in lines[0]
    # The folder, devices and link are still what they were.
    assert {name: kind for name, kind in _kinds(folder).items() if name in kinds} == kinds
