"""Command line: ``idlib-zone export|stats|map|scenarios|compare``.

Bad input, and output that cannot be written, exit with status 2 and one line on
stderr, and leave no file behind or changed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NoReturn, TextIO

from geo._errors import DataError, OutputError, ZoneInputError
from geo.engine.zone import SIDES, ZoneSpec
from geo.inputs.layers import StudyData, load_study_data
from geo.inputs.scenario import DEFAULT_SCENARIO, Scenario, load_scenarios, scenario_data
from geo.outputs.export import FORMATS, export_bytes
from geo.results.analysis import ZoneResult, analyze
from geo.results.compare import compare

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["main"]

EXIT_USAGE = 2
#: The options whose value may start with '-' (``--min-km -inf``).
NUMBER_OPTIONS = ("--min-km", "--max-km")


def _one_line(text: str) -> str:
    """Escape line breaks and other unprintable characters, so a message is one line."""
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, without the usage block."""

    def error(self, message: str) -> NoReturn:
        _print_error(f"{self.prog}: error: {message}")
        self.exit(EXIT_USAGE)

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        # argparse would ignore a closed or full stdout; raise OutputError instead.
        if file is None:
            _write_stdout(self.format_help().encode())
        else:
            super().print_help(file)


def _km(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        msg = f"not a number of kilometres: {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    if value != value or value in (float("inf"), float("-inf")):
        msg = f"not a finite number of kilometres: {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _attach_numbers(argv: Sequence[str]) -> list[str]:
    """Write ``--min-km -inf`` as ``--min-km=-inf``.

    argparse reads a word that starts with '-' as an option unless it looks like ``-5``
    or ``-.5``, so ``-inf`` or ``-1e309`` would get "expected one argument". A word
    that is a number is a value; an option name (``--min-km --max-km 5``) stays one.
    """
    out: list[str] = []
    for arg in argv:
        previous = out[-1] if out else ""
        is_number_option = (
            len(previous) > 2
            and "=" not in previous
            and [o.startswith(previous) for o in NUMBER_OPTIONS].count(True) == 1
        )
        if is_number_option and arg.startswith("-") and _is_number(arg):
            out[-1] = f"{previous}={arg}"
        else:
            out.append(arg)
    return out


def _zone_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--scenario", default=DEFAULT_SCENARIO, help=f"default: {DEFAULT_SCENARIO}")
    sub.add_argument("--min-km", type=_km, help="inner band depth, km (default: the scenario's)")
    sub.add_argument("--max-km", type=_km, help="whole zone depth, km (default: the scenario's)")
    sub.add_argument("--side", choices=SIDES, help="default: the scenario's")


def _output_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("-o", "--output", default="-", help="file to write; - or absent: stdout")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="idlib-zone",
        description="Build the approximate Idlib demilitarized zone (Sochi memorandum, 2018).",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, help_text in (
        ("export", "write the zone, front line, posts, towns and highways"),
        ("stats", "print the zone's numbers as one JSON object"),
        ("map", "write the map as one self-contained HTML file"),
    ):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _zone_options(sub)
        if name == "export":
            sub.add_argument(
                "--format", choices=FORMATS, default="geojson", help="default: geojson"
            )
        if name != "stats":
            _output_option(sub)
    help_text = "list the scenarios, one per line"
    commands.add_parser("scenarios", help=help_text, description=help_text)
    help_text = "compare two scenarios' zones (at their own widths) as one JSON object"
    sub = commands.add_parser("compare", help=help_text, description=help_text)
    sub.add_argument("first", help="a scenario name, e.g. sochi-2018")
    sub.add_argument("second", help="a scenario name, e.g. frontline-2020-03")
    return parser


def _reason(exc: OSError | ValueError) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def _to_devnull(stream: TextIO) -> None:
    """Point a standard stream that failed at /dev/null, so that its flush at exit succeeds.

    Python's documentation advises this for SIGPIPE; a full disk needs it too.
    """
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


def _print_error(line: str) -> None:
    """Print ``line`` on stderr, its line breaks escaped; a closed or full stderr is ignored."""
    if sys.stderr is None:
        return
    try:
        print(_one_line(line), file=sys.stderr, flush=True)
    except OSError:
        _to_devnull(sys.stderr)


def _write_all(data: bytes, out: BinaryIO) -> None:
    """Write all of ``data`` and flush: a buffered write can return short when a pipe closes."""
    view = memoryview(data)
    while view:
        view = view[out.write(view) :]
    out.flush()


def _write_stdout(data: bytes) -> None:
    """Write ``data`` to stdout and flush it, so that a closed or full stdout fails here.

    Raises
    ------
    OutputError
        If stdout is closed or refuses the data; stdout then points at /dev/null.
    """
    if sys.stdout is None:
        msg = "cannot write to standard output: it is closed"
        raise OutputError(msg)
    try:
        sys.stdout.flush()
        _write_all(data, sys.stdout.buffer)
    except OSError as exc:
        _to_devnull(sys.stdout)
        msg = f"cannot write to standard output: {_reason(exc)}"
        raise OutputError(msg) from None


def _write_in_place(data: bytes, path: str) -> None:
    """Write to a device, a pipe or a socket as it is: open it, never create or rename."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_TRUNC | os.O_NOCTTY)
        with os.fdopen(handle, "wb") as out:
            _write_all(data, out)
    except OSError as exc:
        msg = f"cannot write {path!r}: {_reason(exc)}"
        raise OutputError(msg) from None


def _replace_file(data: bytes, path: str, old: os.stat_result | None) -> None:
    """Write a new or a regular file through a temporary file renamed over it.

    Links are followed, so the file a link points to is replaced and the link stays; an
    existing file keeps its mode (and owner where allowed); a new one gets the usual
    permissions.
    """
    target = Path(os.path.realpath(path))
    if old is not None:
        try:
            same = os.path.samestat(old, target.stat())
        except OSError:
            same = False
        if not same:  # /proc/self/fd/N of a deleted file, for example: no name to rename to
            _write_in_place(data, path)
            return
    try:
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".idlib-", suffix=".tmp")
    except OSError as exc:
        msg = f"cannot write {path!r}: {_reason(exc)}"
        raise OutputError(msg) from None
    try:
        with os.fdopen(handle, "wb") as out:
            if old is None:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            else:
                mode = stat.S_IMODE(old.st_mode)
                with contextlib.suppress(OSError):
                    os.fchown(out.fileno(), old.st_uid, old.st_gid)
            os.fchmod(out.fileno(), mode)
            _write_all(data, out)
        Path(temp).replace(target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        msg = f"cannot write {path!r}: {_reason(exc)}"
        raise OutputError(msg) from None


def _write_output(data: bytes, path: str) -> None:
    """Write ``data`` to ``path``: ``-`` is stdout; devices and pipes are written as they are.

    Raises
    ------
    ZoneInputError
        If ``path`` is empty, a folder, or a block device.
    OutputError
        If the system refuses the write; nothing is then left behind or changed, except
        what a device or pipe had already received.
    """
    if path == "-":
        _write_stdout(data)
        return
    if not path:
        msg = "the output path is empty"
        raise ZoneInputError(msg)
    try:
        old: os.stat_result | None = Path(path).stat()
    except FileNotFoundError:
        old = None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte, which no shell can pass
        msg = f"cannot write {path!r}: {_reason(exc)}"
        raise OutputError(msg) from None
    if old is None and path.endswith(os.sep):
        msg = f"cannot write {path!r}: it names a folder, which does not exist"
        raise ZoneInputError(msg)
    if old is None or stat.S_ISREG(old.st_mode):
        _replace_file(data, path, old)
    elif stat.S_ISDIR(old.st_mode):
        msg = f"cannot write {path!r}: it is a folder"
        raise ZoneInputError(msg)
    elif stat.S_ISCHR(old.st_mode) or stat.S_ISFIFO(old.st_mode) or stat.S_ISSOCK(old.st_mode):
        _write_in_place(data, path)
    else:
        msg = f"cannot write {path!r}: it is not a file, a character device or a pipe"
        raise ZoneInputError(msg)


def _scenario(name: str) -> Scenario:
    found = load_scenarios()
    if name in found.scenarios:
        return found.scenarios[name]
    for broken in found.broken:
        if Path(broken.file).stem == name:
            raise DataError(broken.reason)
    msg = f"unknown scenario {name!r}; expected one of {', '.join(found.scenarios)}"
    raise ZoneInputError(msg)


def _analyzed(scenario: Scenario, spec: ZoneSpec) -> tuple[ZoneResult, StudyData]:
    data = scenario_data(scenario, load_study_data())
    return analyze(data, spec), data


def _scenario_lines() -> list[str]:
    """One line per scenario, tab-separated; a broken file is listed with its reason."""
    found = load_scenarios()
    fields = [
        (s.name, s.date, f"{s.spec.min_km:g}-{s.spec.max_km:g} km, {s.spec.side}", s.title)
        for s in found.scenarios.values()
    ]
    fields += [(Path(b.file).stem, "", "broken", b.reason) for b in found.broken]
    # A tab or a line break in a name or title is escaped: one scenario, one line.
    return ["\t".join(_one_line(field) for field in row) for row in fields]


def _json(value: object) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode()


def _run(args: argparse.Namespace) -> None:
    if args.command == "scenarios":
        _write_stdout(("\n".join(_scenario_lines()) + "\n").encode())
        return
    if args.command == "compare":
        # Each at its own widths and side, checked by the same rule as `stats`.
        (first, _), (second, second_data) = (
            _analyzed(s, s.with_widths(min_km=None, max_km=None, side=None))
            for s in (_scenario(args.first), _scenario(args.second))
        )
        names = (args.first, args.second)
        _write_stdout(_json(compare(first, second, second_data=second_data, names=names).as_dict()))
        return
    scenario = _scenario(args.scenario)
    spec = scenario.with_widths(min_km=args.min_km, max_km=args.max_km, side=args.side)
    result, data = _analyzed(scenario, spec)
    if args.command == "stats":
        _write_stdout(_json(result.stats.as_dict()))
    elif args.command == "map":
        # folium is only needed here: importing it costs every other command 0.3-0.5 s.
        from geo.mapview.standalone import standalone_html

        _write_output(standalone_html(result, data), args.output)
    else:
        _write_output(export_bytes(result, fmt=args.format), args.output)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0, or 2 after one line on stderr)."""
    try:
        try:
            args = _parser().parse_args(_attach_numbers(sys.argv[1:] if argv is None else argv))
        except SystemExit as exc:  # argparse printed its help, or its one-line error
            return EXIT_USAGE if exc.code else 0
        _run(args)
    except (ZoneInputError, DataError, OutputError) as exc:
        _print_error(f"idlib-zone: error: {exc}")
        return EXIT_USAGE
    return 0


if __name__ == "__main__":  # python -m geo.cli, as python -m geo
    raise SystemExit(main())
