"""What the outputs say about a zone: its scenario, line, date, depth and key numbers.

The exports' descriptions, the print map's subtitle, legend and key numbers, and the
one-file HTML map all take their words from here, and their facts from the zone's
:class:`~geo.inputs.layers.LineSource`: no output assumes which scenario it draws.
"""

from __future__ import annotations

import re
import textwrap

from geo.inputs.layers import LineSource
from geo.results.analysis import ZoneResult

__all__ = [
    "date_text",
    "depth_text",
    "description",
    "key_number_lines",
    "line_legend_label",
    "month_text",
    "opposition_legend_label",
    "origin_lines",
    "origin_text",
    "scenario_line",
    "zone_phrase",
]

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def _parts(date: str) -> tuple[int, int, int | None] | None:
    """Year, month and day (if given) of an ISO date, or None if it is not one."""
    match = _ISO_DATE.fullmatch(date.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    day = match.group(3)
    return int(match.group(1)), int(match.group(2)), None if day is None else int(day)


def date_text(line: LineSource) -> str:
    """Return the line's date in words, e.g. "17 September 2018" (as written if not ISO)."""
    parts = _parts(line.date)
    if parts is None:
        return line.date
    year, month, day = parts
    words = f"{_MONTHS[month - 1]} {year}"
    return words if day is None else f"{day} {words}"


def month_text(line: LineSource) -> str:
    """Return the line's month, short, e.g. "Sep 2018" (the date as written if not ISO)."""
    parts = _parts(line.date)
    if parts is None:
        return line.date
    return f"{_MONTHS[parts[1] - 1][:3]} {parts[0]}"


def _edit_count(line: LineSource) -> str:
    count = len(line.edits)
    return f"{count} user edit{'s' if count != 1 else ''}"


def origin_text(line: LineSource, *, max_chars: int | None = None) -> str:
    """Say where the line comes from, with the edits the user made.

    For example "built-in scenario “Sochi memorandum zone, September 2018” of 17 September
    2018, with 1 user edit: Saraqib set to government by the user", "the user's file
    “line.kml”" or "a line drawn on the map by the user". Names stay as they are: every
    output writes them as text.

    Parameters
    ----------
    line
        Where the line comes from.
    max_chars
        List only the edits that keep the text within this length, then say how many
        more there are; default: every edit.
    """
    if line.origin == "file":
        where = f"the user's file “{line.file_name}”"
    elif line.origin == "drawn":
        where = "a line drawn on the map by the user"
    else:
        where = f"built-in scenario “{line.title}” of {date_text(line)}"
    if not line.edits:
        return where
    text = f"{where}, with {_edit_count(line)}: "
    for shown, edit in enumerate(line.edits):
        more = len(line.edits) - shown
        rest = f"and {more} more (listed in the exports)"
        last = shown == len(line.edits) - 1
        if max_chars is not None and len(text + edit) + (0 if last else len(rest) + 2) > max_chars:
            return text + rest
        text += edit if last else f"{edit}; "
    return text


def _line_reference(line: LineSource, *, short: bool) -> str:
    if line.kind == "road":
        how = "" if short else ", drawn through sourced waypoints"
        return f"the road as of {date_text(line)}{how}"
    if line.kind == "given":
        what = "drawn on the map" if line.origin == "drawn" else f"of the file “{line.file_name}”"
        return f"the front line {what}" + ("" if short else " (as the user gave it)")
    how = "derived" if short else "derived from towns' control"
    if line.edits:
        how = f"{how}, with {_edit_count(line)}"
    if line.origin == "file":
        return f"the front line of the control points in the file “{line.file_name}” ({how})"
    return f"the front line of {date_text(line)} ({how})"


def _side_phrase(result: ZoneResult) -> str:
    if result.spec.side == "opposition":
        return "on the opposition-held side only"
    noun = "road" if result.line_source.kind == "road" else "line"
    return f"on both sides of the {noun}, within Syria"


def zone_phrase(result: ZoneResult, *, short: bool = False) -> str:
    """Say the zone's bands, the line they are measured from, its date and the side.

    For example "inner band 0-15 km and outer band 15-20 km from the front line of
    17 September 2018 (derived), on the opposition-held side only" (with en dashes).
    ``short`` leaves out how the line was drawn, beyond "derived".
    """
    spec = result.spec
    bands = []
    if spec.min_km > 0:
        bands.append(f"inner band 0–{spec.min_km:g} km")
    if spec.max_km > spec.min_km:
        bands.append(f"outer band {spec.min_km:g}–{spec.max_km:g} km")
    line = _line_reference(result.line_source, short=short)
    side = _side_phrase(result)
    if not bands:
        return f"no zone drawn: width 0 km from {line}, {side}"
    return f"{' and '.join(bands)} from {line}, {side}"


def depth_text(result: ZoneResult) -> str:
    """Return the zone's depths, e.g. "15-20 km" (an en dash), or "6 km" if only one."""
    spec = result.spec
    if spec.min_km in (0, spec.max_km):
        return f"{spec.max_km:g} km"
    return f"{spec.min_km:g}–{spec.max_km:g} km"


def scenario_line(result: ZoneResult) -> str:
    """Name the scenario and its line, e.g. "Scenario: M4 security corridor... Line: M4 ..."."""
    return f"Scenario: {result.line_source.title}. Line: {result.line_name}."


def origin_lines(line: LineSource, *, width: int, max_lines: int) -> list[str]:
    """Say where a user's line, or a line the user edited, comes from, in a few short lines.

    Returns no lines for a built-in scenario's line as it is. The edits listed are those
    that fit ``max_lines`` lines of ``width`` characters; the rest are counted.
    """
    if line.origin == "scenario" and not line.edits:
        return []
    room = width * max_lines
    while True:
        text = f"Line from: {origin_text(line, max_chars=room)}."
        lines = textwrap.wrap(text, width=width, break_long_words=True)
        if len(lines) <= max_lines or room <= width:
            return lines[:max_lines]
        room -= width // 2


def description(result: ZoneResult) -> str:
    """Describe a zone for a file's metadata: scenario, depth, line, date, source, caveat."""
    line = result.line_source
    return (
        f"{line.title}: an approximate zone, {zone_phrase(result)}. "
        f"Line: {result.line_name}. Line from: {origin_text(line)}. Source: {line.source}. "
        "No official map of the zone was published; every boundary here is an approximation."
    )


def line_legend_label(line: LineSource) -> str:
    """Return the legend's label for the line the zone is measured from."""
    if line.kind == "road":
        return f"Road the zone follows, {month_text(line)}"
    if line.kind == "given":
        return "Front line, as the user gave it"
    if line.origin == "file":
        return "Front line (derived from the user's control points)"
    edited = ", edited by the user" if line.edits else ""
    return f"Front line, {month_text(line)} (derived{edited})"


def opposition_legend_label(line: LineSource) -> str:
    """Return the legend's label for the opposition-held area of the line's date."""
    if line.origin != "scenario":
        return "Opposition-held side of the user's line"
    return f"Opposition-held area, {month_text(line)}"


def key_number_lines(result: ZoneResult) -> list[str]:
    """Return the zone's key numbers, one per line: area, towns, people, posts, highways."""
    stats = result.stats
    lines = [
        f"Zone area: {stats.area_km2:,.0f} km²",
        f"  inner {stats.core_area_km2:,.0f} km², outer {stats.outer_area_km2:,.0f} km²",
        f"Towns inside: {stats.towns_in_zone_certain} certain + {stats.towns_borderline} "
        "borderline",
        f"People: {stats.population_in_zone_certain:,} certain + "
        f"{stats.population_borderline:,} borderline",
    ]
    missing = stats.towns_in_zone_without_population
    if missing:
        towns = "1 town inside has" if missing == 1 else f"{missing} towns inside have"
        lines.append(f"  ({towns} no population figure)")
    lines.append(f"Turkish observation posts inside: {stats.posts_in_zone} of {len(result.posts)}")
    if stats.highway_km_in_zone:
        roads = ", ".join(f"{name} {km:,.0f} km" for name, km in stats.highway_km_in_zone.items())
        lines.append(f"Highways inside: {roads}")
    return lines
