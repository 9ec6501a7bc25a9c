"""Command line: ``idlib-zone export`` and ``idlib-zone stats``.

Bad input exits with status 2 and one line on stderr, and writes no file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from geo._errors import DataError, ZoneInputError
from geo.analysis import analyze
from geo.data import load_study_data
from geo.export import FORMATS, export_bytes
from geo.zone import SIDES, ZoneSpec

__all__ = ["main"]

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, without the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


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


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="idlib-zone",
        description="Build the approximate Idlib demilitarized zone (Sochi memorandum, 2018).",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, help_text in (
        ("export", "write the zone, front line, posts, towns and highways"),
        ("stats", "print the zone's numbers as one JSON object"),
    ):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--min-km", type=_km, default=15.0, help="core band depth, km (default 15)"
        )
        sub.add_argument(
            "--max-km", type=_km, default=20.0, help="whole zone depth, km (default 20)"
        )
        sub.add_argument("--side", choices=SIDES, default="opposition", help="default: opposition")
        if name == "export":
            sub.add_argument(
                "--format", choices=FORMATS, default="geojson", help="default: geojson"
            )
            sub.add_argument(
                "-o", "--output", default="-", help="file to write; - or absent: stdout"
            )
    return parser


def _write_atomically(data: bytes, path: Path) -> None:
    """Write ``data`` to ``path`` through a temporary file, so no partial file is left."""
    folder = path.parent if str(path.parent) else Path()
    if path.is_dir():
        msg = f"cannot write {path}: it is a folder"
        raise ZoneInputError(msg)
    try:
        handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        msg = f"cannot write {path}: {exc.strerror}"
        raise ZoneInputError(msg) from None
    try:
        # mkstemp makes the file private; give the result the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(temp).replace(path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        msg = f"cannot write {path}: {exc.strerror}"
        raise ZoneInputError(msg) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        spec = ZoneSpec(min_km=args.min_km, max_km=args.max_km, side=args.side)
        result = analyze(load_study_data(), spec)
        if args.command == "stats":
            sys.stdout.write(json.dumps(result.stats.as_dict(), indent=2) + "\n")
            return 0
        data = export_bytes(result, fmt=args.format)
        if args.output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            _write_atomically(data, Path(args.output))
    except (ZoneInputError, DataError) as exc:
        print(f"idlib-zone: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return 0
