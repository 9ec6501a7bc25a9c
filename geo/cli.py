"""Command line: ``idlib-zone export|stats|map|scenarios|compare``.

Bad input, and output that cannot be written, exit with status 2 and one line on
stderr, and leave no file behind or changed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from geo._errors import DataError, OutputError, ZoneInputError
from geo._output import point_at_devnull, write_output, write_stdout
from geo.engine.zone import SIDES, ZoneSpec, complete_widths
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
            write_stdout(self.format_help().encode())
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


def _print_error(line: str) -> None:
    """Print ``line`` on stderr, its line breaks escaped; a closed or full stderr is ignored."""
    if sys.stderr is None:
        return
    try:
        print(_one_line(line), file=sys.stderr, flush=True)
    except OSError:
        point_at_devnull(sys.stderr)


def _scenario(name: str) -> Scenario:
    scenarios = load_scenarios()
    if name not in scenarios:
        msg = f"unknown scenario {name!r}; expected one of {', '.join(scenarios)}"
        raise ZoneInputError(msg)
    return scenarios[name]


def _analyzed(name: str, spec: ZoneSpec | None = None) -> tuple[ZoneResult, StudyData]:
    scenario = _scenario(name)
    data = scenario_data(scenario, load_study_data())
    return analyze(data, spec or scenario.spec), data


def _json(value: object) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode()


def _run(args: argparse.Namespace) -> None:
    if args.command == "scenarios":
        lines = [
            f"{s.name}\t{s.date}\t{s.spec.min_km:g}-{s.spec.max_km:g} km, {s.spec.side}\t{s.title}"
            for s in load_scenarios().values()
        ]
        write_stdout(("\n".join(lines) + "\n").encode())
        return
    if args.command == "compare":
        first, _ = _analyzed(args.first)
        second, second_data = _analyzed(args.second)
        names = (args.first, args.second)
        write_stdout(_json(compare(first, second, second_data=second_data, names=names).as_dict()))
        return
    scenario = _scenario(args.scenario)
    min_km, max_km, note = complete_widths(args.min_km, args.max_km, default=scenario.spec)
    spec = scenario.with_widths(min_km=min_km, max_km=max_km, side=args.side)
    if note:
        _print_error(f"idlib-zone: note: {note}")
    result, data = _analyzed(args.scenario, spec)
    if args.command == "stats":
        write_stdout(_json(result.stats.as_dict()))
    elif args.command == "map":
        # folium is only needed here: importing it costs every other command 0.3-0.5 s.
        from geo.mapview.standalone import standalone_html

        write_output(standalone_html(result, data), args.output)
    else:
        write_output(export_bytes(result, fmt=args.format), args.output)


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
