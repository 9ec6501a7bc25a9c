"""Where ``idlib-zone export -o`` writes: files, links, devices and pipes; and a failing stdout.

Devices are stand-ins made with mknod in a temporary folder (the same major and minor
numbers as /dev/null and /dev/full), so a regression replaces a copy, not the machine's.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from geo.cli import main

NAME_MAX = 255


class FifoReader(threading.Thread):
    """Read a FIFO to its end in the background, as another program would."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.data = b""

    def run(self) -> None:
        with self.path.open("rb") as fifo:
            self.data = fifo.read()


@dataclass
class Target:
    """What ``-o`` gets, and where the export should land."""

    arg: str
    lands: Path | None = None  # the regular file that holds the export afterwards
    readers: list[FifoReader] = field(default_factory=list)


def _snapshot(folder: Path) -> dict[str, tuple[object, ...]]:
    """Type, mode and link target or content of everything under ``folder``."""
    entries: dict[str, tuple[object, ...]] = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        entry: tuple[object, ...] = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode))
        if path.is_symlink():
            entry += (str(path.readlink()),)
        elif stat.S_ISREG(info.st_mode):
            entry += (path.read_bytes(),)
        entries[str(path.relative_to(folder))] = entry
    return entries


def _device(path: Path, minor: int) -> Path:
    """A character device like /dev/null (minor 3) or /dev/full (minor 7) at ``path``."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


def _fifo(path: Path, readers: list[FifoReader]) -> Path:
    os.mkfifo(path)
    reader = FifoReader(path)
    reader.start()
    readers.append(reader)
    return path


def _link(path: Path, to: str) -> Path:
    path.symlink_to(to)
    return path


def new_file(d: Path) -> Target:
    return Target(str(d / "zone.geojson"), lands=d / "zone.geojson")


def private_file(d: Path) -> Target:
    (d / "zone.geojson").write_text("old\n")
    (d / "zone.geojson").chmod(0o600)
    return Target(str(d / "zone.geojson"), lands=d / "zone.geojson")


def link_to_file(d: Path) -> Target:
    (d / "zone.geojson").write_text("old\n")
    return Target(str(_link(d / "link", "zone.geojson")), lands=d / "zone.geojson")


def dangling_link(d: Path) -> Target:
    (d / "sub").mkdir()
    return Target(str(_link(d / "link", "sub/new.geojson")), lands=d / "sub" / "new.geojson")


def fifo(d: Path) -> Target:
    target = Target("")
    target.arg = str(_fifo(d / "fifo", target.readers))
    return target


def link_to_fifo(d: Path) -> Target:
    target = fifo(d)
    target.arg = str(_link(d / "link", "fifo"))
    return target


def null_device(d: Path) -> Target:
    return Target(str(_device(d / "null", 3)))


def link_to_null_device(d: Path) -> Target:
    _device(d / "null", 3)
    return Target(str(_link(d / "link", "null")))


def longest_name(d: Path) -> Target:
    name = "z" * (NAME_MAX - len(".geojson")) + ".geojson"
    return Target(str(d / name), lands=d / name)


def run_in_process(capsysbinary, *args: str) -> tuple[int, bytes, list[str]]:
    status = main(list(args))
    out, err = capsysbinary.readouterr()
    return status, out, err.decode().splitlines()


@pytest.mark.parametrize(
    "make",
    [
        new_file,
        private_file,
        link_to_file,
        dangling_link,
        fifo,
        link_to_fifo,
        null_device,
        link_to_null_device,
        longest_name,
    ],
)
def test_export_lands_in_the_target_and_keeps_it(
    make: Callable[[Path], Target], tmp_path, capsysbinary
):
    target = make(tmp_path)
    before = _snapshot(tmp_path)
    status, out, err = run_in_process(capsysbinary, "export", "-o", target.arg)
    assert (status, out, err) == (0, b"", [])
    for reader in target.readers:
        reader.join(timeout=30)
        assert json.loads(reader.data)["type"] == "FeatureCollection"
    after = _snapshot(tmp_path)
    landed = str(target.lands.relative_to(tmp_path)) if target.lands else None
    if landed:
        assert json.loads(after[landed][-1])["type"] == "FeatureCollection"
        if landed in before:  # an existing file keeps its type and mode
            assert after[landed][:2] == before[landed][:2]
        else:
            assert after[landed][:2] == (stat.S_IFREG, 0o666 & ~_umask())
    # Links stay links, FIFOs and devices stay what they are, and no temporary file is left.
    assert {k: v for k, v in after.items() if k != landed} == {
        k: v for k, v in before.items() if k != landed
    }


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def full_device(d: Path) -> str:
    return str(_device(d / "full", 7))


def link_to_full_device(d: Path) -> str:
    _device(d / "full", 7)
    return str(_link(d / "link", "full"))


def too_long_name(d: Path) -> str:
    return str(d / ("z" * (NAME_MAX + 1)))


def newline_in_missing_folder(d: Path) -> str:
    return str(d / "two\nlines" / "zone.geojson")


def folder(d: Path) -> str:
    (d / "sub").mkdir()
    return str(d / "sub")


def link_loop(d: Path) -> str:
    return str(_link(d / "loop", "loop"))


def file_as_folder(d: Path) -> str:
    (d / "zone.geojson").write_text("old\n")
    return str(d / "zone.geojson" / "x")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (full_device, "No space left on device"),
        (link_to_full_device, "No space left on device"),
        (too_long_name, "File name too long"),
        (newline_in_missing_folder, "two\\nlines"),
        (folder, "it is a folder"),
        (link_loop, "Too many levels of symbolic links"),
        (file_as_folder, "Not a directory"),
        (lambda d: "", "the output path is empty"),
    ],
)
def test_unwritable_target_exits_2_with_one_line_and_changes_nothing(
    make, message, tmp_path, capsysbinary
):
    arg = make(tmp_path)
    before = _snapshot(tmp_path)
    status, out, err = run_in_process(capsysbinary, "export", "-o", arg)
    assert (status, out) == (2, b"")
    assert len(err) == 1, err
    assert err[0].startswith("idlib-zone: error: ") and message in err[0]
    assert _snapshot(tmp_path) == before


def test_dev_null_stays_a_device(tmp_path, capsysbinary):
    # Only once a copy of /dev/null is known to survive is the real one written to.
    copy = _device(tmp_path / "null", 3) if os.geteuid() == 0 else Path(os.devnull)
    for target in (copy, Path(os.devnull)):
        assert run_in_process(capsysbinary, "export", "-o", str(target)) == (0, b"", [])
        assert stat.S_ISCHR(target.stat().st_mode)


def run_with_stdout(
    args: list[str], *, stdout: int | None, shell_redirect: str = "", buffered: bool = True
) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    command = [sys.executable, "-m", "geo", *args]
    if shell_redirect:
        command = ["bash", "-c", f'"$@" {shell_redirect}', "bash", *command]
    return subprocess.run(
        command, stdout=stdout, stderr=subprocess.PIPE, env=env, timeout=120, check=False
    )


def _closed_pipe() -> int:
    read_end, write_end = os.pipe()
    os.close(read_end)
    return write_end


def assert_one_line_exit_2(done: subprocess.CompletedProcess[bytes], message: str) -> None:
    assert done.returncode == 2
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1, lines  # no traceback, no "Exception ignored" at exit
    assert lines[0].startswith("idlib-zone: error: ") and message in lines[0]


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("args", [["stats"], ["export"], ["--help"]])
def test_closed_pipe_on_stdout(args, buffered):
    write_end = _closed_pipe()
    try:
        done = run_with_stdout(args, stdout=write_end, buffered=buffered)
    finally:
        os.close(write_end)
    assert_one_line_exit_2(done, "Broken pipe")


def test_reader_that_stops_early():
    # More than a pipe holds: the first write is cut short, and that is an error too.
    reader = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.buffer.read(1)"], stdin=subprocess.PIPE
    )
    assert reader.stdin is not None
    try:
        done = run_with_stdout(["export", "--format", "gpkg"], stdout=reader.stdin.fileno())
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
    assert_one_line_exit_2(done, "Broken pipe")


@pytest.mark.parametrize("args", [["stats"], ["export"]])
def test_full_device_on_stdout(args, tmp_path):
    with _device(tmp_path / "full", 7).open("wb") as full:
        done = run_with_stdout(args, stdout=full.fileno())
    assert_one_line_exit_2(done, "No space left on device")


@pytest.mark.parametrize("args", [["stats"], ["export"], ["--help"]])
def test_closed_stdout(args):
    done = run_with_stdout(args, stdout=None, shell_redirect=">&-")
    assert_one_line_exit_2(done, "standard output: it is closed")


def test_closed_stdout_is_fine_when_writing_a_file(tmp_path):
    target = tmp_path / "zone.geojson"
    done = run_with_stdout(["export", "-o", str(target)], stdout=None, shell_redirect=">&-")
    assert (done.returncode, done.stderr) == (0, b"")
    assert json.loads(target.read_bytes())["type"] == "FeatureCollection"


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("args", [["stats", "--min-km", "x"], ["export", "-o", ""]])
def test_full_stderr_still_exits_2(args, buffered, tmp_path):
    # Nowhere to say why; the status says it, and no "Exception ignored" turns it into 120.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    with _device(tmp_path / "full", 7).open("wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "geo", *args], stderr=full, env=env, timeout=120, check=False
        )
    assert done.returncode == 2
