"""Command line: ``idlib-zone export|stats|map|print|scenarios|compare|timeline``.

Bad input, and output that cannot be written, exit with status 2 and one line on
stderr, and leave no file behind or changed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from geo._errors import DataError, OutputError, ZoneInputError
from geo._output import point_at_devnull, write_output, write_stdout
from geo.engine.zone import SIDES, ZoneSpec, complete_widths
from geo.i18n import LANGUAGES
from geo.inputs.edits import LineEdits
from geo.inputs.layers import StudyData, load_study_data
from geo.inputs.scenario import DEFAULT_SCENARIO, Scenario, load_scenarios, scenario_data
from geo.inputs.userline import (
    OPPOSITION_SIDES,
    line_data,
    read_control_points,
    read_file,
    read_line,
    table_data,
)
from geo.outputs.export import FORMATS, export_bytes
from geo.outputs.tables import timeline_csv
from geo.results.analysis import ZoneResult, analyze
from geo.results.compare import compare
from geo.results.timeline import dated_lines, line_on, timeline

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["main"]

EXIT_USAGE = 2
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: What ``idlib-zone print`` writes.
PRINT_FORMATS = ("pdf", "png")
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
    where = sub.add_mutually_exclusive_group()
    where.add_argument("--scenario", help=f"default: {DEFAULT_SCENARIO}")
    where.add_argument(
        "--date", help="YYYY-MM-DD: the latest dated line on or before that day, instead"
    )
    sub.add_argument("--min-km", type=_km, help="inner band depth, km (default: the scenario's)")
    sub.add_argument("--max-km", type=_km, help="whole zone depth, km (default: the scenario's)")
    sub.add_argument("--side", choices=SIDES, help="default: the scenario's")


def _line_options(sub: argparse.ArgumentParser) -> None:
    own = sub.add_mutually_exclusive_group()
    own.add_argument(
        "--frontline",
        metavar="FILE",
        help="your own front line instead of the scenario's: GeoJSON, KML, GeoPackage, "
        "or CSV of ordered lon,lat points (needs --opposition-side)",
    )
    own.add_argument(
        "--control-points",
        metavar="FILE",
        help="your own control points instead of the scenario's table: CSV with the "
        "columns of data/reference/control_points_2018.csv",
    )
    sub.add_argument(
        "--opposition-side",
        choices=OPPOSITION_SIDES,
        help="with --frontline: the opposition's side, walking the line from its first point",
    )
    sub.add_argument(
        "--line-uncertainty-km",
        type=_km,
        help="with --frontline: how far the true line may lie from it, km (default: 0)",
    )
    sub.add_argument(
        "--edits",
        help="flips and added control points, as in the page's link (e.g. 'f=Saraqib:g')",
    )


def _output_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("-o", "--output", default="-", help="file to write; - or absent: stdout")
    sub.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of the output's text; default: en"
    )


def _print_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--format", choices=PRINT_FORMATS, default="pdf", help="default: pdf")
    sub.add_argument("--dpi", type=int, default=200, help="resolution, 10-1200; default: 200")
    sub.add_argument("--title", help="title printed on the map (default: the standard one)")


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
        ("print", "write the printable A4 map as PDF or PNG"),
    ):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _zone_options(sub)
        _line_options(sub)
        if name == "export":
            sub.add_argument(
                "--format", choices=FORMATS, default="geojson", help="default: geojson"
            )
        if name == "print":
            _print_options(sub)
        if name != "stats":
            _output_option(sub)
    help_text = "list the scenarios, one per line"
    commands.add_parser("scenarios", help=help_text, description=help_text)
    help_text = "compare two scenarios' zones (at their own widths) as one JSON object"
    sub = commands.add_parser("compare", help=help_text, description=help_text)
    sub.add_argument("first", help="a scenario name (e.g. sochi-2018) or a day (YYYY-MM-DD)")
    sub.add_argument("second", help="a scenario name (e.g. frontline-2020-03) or a day")
    help_text = "what each dated line took from the first line's zone, as JSON or CSV"
    sub = commands.add_parser("timeline", help=help_text, description=help_text)
    sub.add_argument("--min-km", type=_km, default=15.0, help="inner band depth, km (15)")
    sub.add_argument("--max-km", type=_km, default=20.0, help="whole zone depth, km (20)")
    sub.add_argument("--format", choices=("json", "csv"), default="json", help="default: json")
    _output_option(sub)
    return parser


def _print_error(line: str) -> None:
    """Print ``line`` on stderr, its line breaks escaped; a closed or full stderr is ignored."""
    if sys.stderr is None:
        return
    try:
        print(_one_line(line), file=sys.stderr, flush=True)
    except OSError:
        point_at_devnull(sys.stderr)


def _chosen(name: str | None, day: str | None) -> Scenario:
    """Return the scenario named, or the dated line of ``day``, or the default scenario."""
    if day is not None:
        return line_on(load_scenarios().scenarios, day)
    return _scenario(name or DEFAULT_SCENARIO)


def _named_or_dated(text: str) -> Scenario:
    """Return the scenario of a name, or the dated line of a day (``YYYY-MM-DD``)."""
    if _DAY.fullmatch(text):
        return line_on(load_scenarios().scenarios, text)
    return _scenario(text)


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


def _refuse(message: str) -> NoReturn:
    raise ZoneInputError(message)


def _own_line(args: argparse.Namespace, scenario: Scenario) -> StudyData:
    """Return the study data of ``--frontline FILE``, checking the options that go with it."""
    if args.date is not None:
        _refuse("--frontline replaces the line: give --scenario for the zone's widths, not --date")
    if args.edits is not None:
        _refuse("--edits change control points; --frontline gives a line, not control points")
    if args.opposition_side is None:
        _refuse(
            "--frontline needs --opposition-side left or right (walking the line from its "
            "first point to its last)"
        )
    if scenario.line.kind == "road":
        _refuse(
            f"--frontline takes its widths from a front-line scenario; {scenario.name} is a road"
        )
    path = Path(args.frontline)
    line = read_line(read_file(path), name=path.name)
    uncertainty = 0.0 if args.line_uncertainty_km is None else args.line_uncertainty_km
    return line_data(
        line, load_study_data(), opposition_side=args.opposition_side, uncertainty_km=uncertainty
    )


def _study_data(args: argparse.Namespace, scenario: Scenario) -> StudyData:
    """Return the study data of the scenario, or of the user's line, table or edits."""
    if args.frontline is not None:
        return _own_line(args, scenario)
    if args.opposition_side is not None or args.line_uncertainty_km is not None:
        _refuse("--opposition-side and --line-uncertainty-km go with --frontline")
    edits = None if args.edits is None else LineEdits.decode(args.edits)
    if args.control_points is None:
        return scenario_data(scenario, load_study_data(), edits=edits)
    if args.date is not None:
        _refuse("--control-points replaces the line's table: give --scenario, not --date")
    path = Path(args.control_points)
    table = read_control_points(read_file(path), name=path.name)
    return table_data(table, scenario, load_study_data(), name=path.name, edits=edits)


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


def _timeline(args: argparse.Namespace) -> None:
    lines = dated_lines(load_scenarios().scenarios)
    if not lines:
        msg = "no dated lines: the data folder has no scenario of kind 'events'"
        raise DataError(msg)
    spec = lines[0].with_widths(min_km=args.min_km, max_km=args.max_km, side="opposition")
    rows = timeline(lines, load_study_data(), spec)
    if args.format == "csv":
        write_output(timeline_csv(rows), args.output)
    else:
        table = {
            "reference": lines[0].title,
            "min_km": spec.min_km,
            "max_km": spec.max_km,
            "dates": [row.as_dict() for row in rows],
        }
        write_output(_json(table), args.output)


def _run(args: argparse.Namespace) -> None:
    if args.command == "scenarios":
        write_stdout(("\n".join(_scenario_lines()) + "\n").encode())
        return
    if args.command == "compare":
        # Each at its own widths and side, checked by the same rule as `stats`.
        chosen = (_named_or_dated(args.first), _named_or_dated(args.second))
        (first, first_data), (second, second_data) = (
            _analyzed(s, s.with_widths(min_km=None, max_km=None, side=None)) for s in chosen
        )
        names = (chosen[0].name, chosen[1].name)
        versus = compare(first, second, second_data=second_data, names=names, first_data=first_data)
        write_stdout(_json(versus.as_dict()))
        return
    if args.command == "timeline":
        _timeline(args)
        return
    scenario = _chosen(args.scenario, args.date)
    min_km, max_km, note = complete_widths(args.min_km, args.max_km, default=scenario.spec)
    spec = scenario.with_widths(min_km=min_km, max_km=max_km, side=args.side)
    if note:
        _print_error(f"idlib-zone: note: {note}")
    data = _study_data(args, scenario)
    result = analyze(data, spec)
    if args.command == "stats":
        write_stdout(_json(result.stats.as_dict()))
    elif args.command == "map":
        # folium is only needed here: importing it costs every other command 0.3-0.5 s.
        from geo.mapview.standalone import standalone_html

        write_output(standalone_html(result, data, lang=args.lang), args.output)
    elif args.command == "print":
        write_output(_print_map(result, data, args), args.output)
    else:
        write_output(export_bytes(result, fmt=args.format, lang=args.lang), args.output)


def _print_map(result: ZoneResult, data: StudyData, args: argparse.Namespace) -> bytes:
    """Render the print map as the options say (matplotlib is imported only here)."""
    from geo.outputs.printmap import render_map_pdf, render_map_png

    render = render_map_pdf if args.format == "pdf" else render_map_png
    try:
        return render(result, data, dpi=args.dpi, title=args.title, lang=args.lang)
    except ValueError as exc:  # a dpi out of range
        raise ZoneInputError(str(exc)) from None


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
