"""geo._output, the atomic writer, called directly (as the build will) rather than by the CLI."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from geo._errors import OutputError, ZoneInputError
from geo._output import write_output


def test_replaces_an_existing_file_keeping_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "zone.geojson"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_output(b"new", str(target))
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["zone.geojson"]


def test_a_failed_write_leaves_the_folder_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "zone.geojson"
    with pytest.raises(OutputError, match=r"zone\.geojson"):
        write_output(b"data", str(target))
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_not_an_output(tmp_path: Path) -> None:
    with pytest.raises(ZoneInputError, match="folder"):
        write_output(b"data", str(tmp_path))
    with pytest.raises(ZoneInputError, match="empty"):
        write_output(b"data", "")


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_output(b"data", str(tmp_path / "new.kml"))
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.kml").stat().st_mode) == 0o644
