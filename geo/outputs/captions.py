"""What the outputs say about a zone: its scenario, line, date, depth and key numbers.

The exports' descriptions, the print map's subtitle, legend and key numbers, and the
one-file HTML map all take their words from here, and their facts from the zone's
:class:`~geo.inputs.layers.LineSource`: no output assumes which scenario it draws.

Every function takes the language of its words, ``lang`` (English by default); the
messages are English in the code and translated by the catalogs of :mod:`geo.i18n`,
numbers and dates written by Babel. The scenario's own words (its title, source and
line name) are in the same catalog, extracted from the scenario files.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from datetime import date

from geo.i18n import Language, format_date, format_number, translator
from geo.inputs.layers import LineSource
from geo.results.analysis import ZoneResult

#: A day as the dated lines write it in English ("15 May 2019", see geo.inputs.scenario).
_LONG_DATE = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{4}\b"
)

__all__ = [
    "data_text",
    "date_text",
    "depth_text",
    "description",
    "key_number_lines",
    "km_text",
    "line_legend_label",
    "line_source_text",
    "line_title",
    "month_text",
    "opposition_legend_label",
    "origin_lines",
    "origin_text",
    "scenario_line",
    "zone_phrase",
]

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def data_text(text: str, lang: Language) -> str:
    """Translate a text that comes from the data (a scenario's title, source, line name).

    A dated line's text carries its day ("Line of contact on 15 May 2019"): the catalog
    holds its file's template ("Line of contact on {date}"), and the day is written in the
    reader's language. A text with no translation in the catalog is returned as it is.
    """
    if not text:
        return text
    gettext = translator(lang).gettext
    translated = gettext(text)
    dated = _LONG_DATE.search(text)
    if translated != text or dated is None:
        return translated
    template = text[: dated.start()] + "{date}" + text[dated.end() :]
    if gettext(template) == template:  # no entry: the text stays as it is
        return text
    day = dt.datetime.strptime(dated.group(0), "%d %B %Y").date()
    return gettext(template).replace("{date}", format_date(day, lang))


def line_title(line: LineSource, lang: Language) -> str:
    """Give the line's title in ``lang``: a scenario's from the catalog, a user's in words."""
    if line.kind != "given":
        return data_text(line.title, lang)
    return translator(lang).gettext("User's line: {what}").format(what=_given(line, lang))


def line_source_text(line: LineSource, lang: Language) -> str:
    """Say what the line rests on, in ``lang``: a scenario's source, or what the user gave."""
    if line.kind != "given":
        return data_text(line.source, lang)
    _ = translator(lang).gettext
    sure = (
        _("the line's position taken as exact (±0 km, the user gave no uncertainty)")
        if line.uncertainty_km == 0
        else _("the line's position uncertain by ±{km} km, as the user gave it").format(
            km=format_number(line.uncertainty_km, lang, max_decimals=2)
        )
    )
    side = {"left": _("left"), "right": _("right")}.get(line.side, line.side)
    # What reading the file changed is said in English, as the reader's messages are.
    notes = f" ({'; '.join(line.notes)})" if line.notes else ""
    return _(
        "a front line from {what}{notes}, as the user gave it; opposition side: {side} of the "
        "line, walking it from its first point to its last; {sure}"
    ).format(what=_given(line, lang), notes=notes, side=side, sure=sure)


def _given(line: LineSource, lang: Language) -> str:
    _ = translator(lang).gettext
    if line.origin == "file":
        return _("the file “{name}”").format(name=line.file_name)
    return _("a line drawn on the map")


def km_text(value: float, lang: Language) -> str:
    """Write a depth or width in kilometres, e.g. "15 km" (at most 2 decimals)."""
    _ = translator(lang).gettext
    return _("{km} km").format(km=format_number(value, lang, max_decimals=2))


def _km(value: float, lang: Language) -> str:
    return format_number(value, lang, max_decimals=2)


def _parts(text: str) -> tuple[int, int, int | None] | None:
    """Year, month and day (if given) of an ISO date, or None if it is not one."""
    match = _ISO_DATE.fullmatch(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    day = match.group(3)
    return int(match.group(1)), int(match.group(2)), None if day is None else int(day)


def date_text(line: LineSource, *, lang: Language = "en") -> str:
    """Return the line's date in words, e.g. "17 September 2018" (as written if not ISO)."""
    parts = _parts(line.date)
    if parts is None:
        return line.date
    year, month, day = parts
    if day is None:
        return format_date(date(year, month, 1), lang, pattern="MMMM y")
    return format_date(date(year, month, day), lang)


def month_text(line: LineSource, *, lang: Language = "en") -> str:
    """Return the line's month, short, e.g. "Sep 2018" (the date as written if not ISO)."""
    parts = _parts(line.date)
    if parts is None:
        return line.date
    return format_date(date(parts[0], parts[1], 1), lang, pattern="MMM y")


def _edit_count(line: LineSource, lang: Language) -> str:
    count = len(line.edits)
    text = translator(lang).ngettext("{count} user edit", "{count} user edits", count)
    return text.format(count=format_number(count, lang))


def origin_text(line: LineSource, *, max_chars: int | None = None, lang: Language = "en") -> str:
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
    lang
        The language of the words around the names.
    """
    _ = translator(lang).gettext
    if line.origin == "file":
        where = _("the user's file “{name}”").format(name=line.file_name)
    elif line.origin == "drawn":
        where = _("a line drawn on the map by the user")
    else:
        where = _("built-in scenario “{title}” of {date}").format(
            title=data_text(line.title, lang), date=date_text(line, lang=lang)
        )
    if not line.edits:
        return where
    text = _("{where}, with {edits}: ").format(where=where, edits=_edit_count(line, lang))
    for shown, edit in enumerate(line.edits):
        rest = _("and {count} more (listed in the exports)").format(
            count=format_number(len(line.edits) - shown, lang)
        )
        last = shown == len(line.edits) - 1
        if max_chars is not None and len(text + edit) + (0 if last else len(rest) + 2) > max_chars:
            return text + rest
        text += edit if last else f"{edit}; "
    return text


def origin_lines(
    line: LineSource, *, width: int, max_lines: int, lang: Language = "en"
) -> list[str]:
    """Say where a user's line, or a line the user edited, comes from, in a few short lines.

    Returns no lines for a built-in scenario's line as it is. The edits listed are those
    that fit ``max_lines`` lines of ``width`` characters; the rest are counted.
    """
    if line.origin == "scenario" and not line.edits:
        return []
    _ = translator(lang).gettext
    room = width * max_lines
    while True:
        text = _("Line from: {origin}.").format(origin=origin_text(line, max_chars=room, lang=lang))
        lines = textwrap.wrap(text, width=width, break_long_words=True)
        if len(lines) <= max_lines or room <= width:
            return lines[:max_lines]
        room -= width // 2


def _line_reference(line: LineSource, *, short: bool, lang: Language) -> str:
    _ = translator(lang).gettext
    when = date_text(line, lang=lang)
    if line.kind == "road":
        if short:
            return _("the road as of {date}").format(date=when)
        return _("the road as of {date}, drawn through sourced waypoints").format(date=when)
    if line.kind == "given":
        if line.origin == "drawn":
            what = _("the front line drawn on the map")
        else:
            what = _("the front line of the file “{name}”").format(name=line.file_name)
        return what if short else _("{line} (as the user gave it)").format(line=what)
    how = _("derived") if short else _("derived from towns' control")
    if line.edits:
        how = _("{how}, with {edits}").format(how=how, edits=_edit_count(line, lang))
    if line.origin == "file":
        return _("the front line of the control points in the file “{name}” ({how})").format(
            name=line.file_name, how=how
        )
    return _("the front line of {date} ({how})").format(date=when, how=how)


def _side_phrase(result: ZoneResult, lang: Language) -> str:
    _ = translator(lang).gettext
    if result.spec.side == "opposition":
        return _("on the opposition-held side only")
    if result.line_source.kind == "road":
        return _("on both sides of the road, within Syria")
    return _("on both sides of the line, within Syria")


def zone_phrase(result: ZoneResult, *, short: bool = False, lang: Language = "en") -> str:
    """Say the zone's bands, the line they are measured from, its date and the side.

    For example "inner band 0-15 km and outer band 15-20 km from the front line of
    17 September 2018 (derived), on the opposition-held side only" (with en dashes).
    ``short`` leaves out how the line was drawn, beyond "derived".
    """
    _ = translator(lang).gettext
    spec = result.spec
    bands = []
    if spec.min_km > 0:
        bands.append(_("inner band 0–{max} km").format(max=_km(spec.min_km, lang)))
    if spec.max_km > spec.min_km:
        bands.append(
            _("outer band {min}–{max} km").format(
                min=_km(spec.min_km, lang), max=_km(spec.max_km, lang)
            )
        )
    line = _line_reference(result.line_source, short=short, lang=lang)
    side = _side_phrase(result, lang)
    if not bands:
        return _("no zone drawn: width 0 km from {line}, {side}").format(line=line, side=side)
    joined = _(" and ").join(bands)
    return _("{bands} from {line}, {side}").format(bands=joined, line=line, side=side)


def depth_text(result: ZoneResult, *, lang: Language = "en") -> str:
    """Return the zone's depths, e.g. "15-20 km" (an en dash), or "6 km" if only one."""
    spec = result.spec
    if spec.min_km in (0, spec.max_km):
        return km_text(spec.max_km, lang)
    _ = translator(lang).gettext
    return _("{min}–{max} km").format(min=_km(spec.min_km, lang), max=_km(spec.max_km, lang))


def scenario_line(result: ZoneResult, *, lang: Language = "en") -> str:
    """Name the scenario and its line, e.g. "Scenario: M4 security corridor... Line: M4 ..."."""
    _ = translator(lang).gettext
    return _("Scenario: {title}. Line: {line}.").format(
        title=line_title(result.line_source, lang),
        line=data_text(result.line_name, lang),
    )


def description(result: ZoneResult, *, lang: Language = "en") -> str:
    """Describe a zone for a file's metadata: scenario, depth, line, date, source, caveat."""
    _ = translator(lang).gettext
    line = result.line_source
    return " ".join(
        [
            _("{title}: an approximate zone, {zone}.").format(
                title=line_title(line, lang), zone=zone_phrase(result, lang=lang)
            ),
            _("Line: {line}.").format(line=data_text(result.line_name, lang)),
            _("Line from: {origin}.").format(origin=origin_text(line, lang=lang)),
            _("Source: {source}.").format(source=line_source_text(line, lang)),
            _(
                "No official map of the zone was published; every boundary here is an "
                "approximation."
            ),
        ]
    )


def line_legend_label(line: LineSource, *, lang: Language = "en") -> str:
    """Return the legend's label for the line the zone is measured from."""
    _ = translator(lang).gettext
    month = month_text(line, lang=lang)
    if line.kind == "road":
        return _("Road the zone follows, {month}").format(month=month)
    if line.kind == "given":
        return _("Front line, as the user gave it")
    if line.origin == "file":
        return _("Front line (derived from the user's control points)")
    if line.edits:
        return _("Front line, {month} (derived, edited by the user)").format(month=month)
    return _("Front line, {month} (derived)").format(month=month)


def opposition_legend_label(line: LineSource, *, lang: Language = "en") -> str:
    """Return the legend's label for the opposition-held area of the line's date."""
    _ = translator(lang).gettext
    if line.origin != "scenario":
        return _("Opposition-held side of the user's line")
    return _("Opposition-held area, {month}").format(month=month_text(line, lang=lang))


def key_number_lines(result: ZoneResult, *, lang: Language = "en") -> list[str]:
    """Return the zone's key numbers, one per line: area, towns, people, posts, highways."""
    tr = translator(lang)
    _, ngettext = tr.gettext, tr.ngettext
    stats = result.stats

    def n(value: float) -> str:
        return format_number(value, lang)

    lines = [
        _("Zone area: {area} km²").format(area=n(stats.area_km2)),
        "  "
        + _("inner {inner} km², outer {outer} km²").format(
            inner=n(stats.core_area_km2), outer=n(stats.outer_area_km2)
        ),
        _("Towns inside: {certain} certain + {borderline} borderline").format(
            certain=n(stats.towns_in_zone_certain), borderline=n(stats.towns_borderline)
        ),
        _("People: {certain} certain + {borderline} borderline").format(
            certain=n(stats.population_in_zone_certain),
            borderline=n(stats.population_borderline),
        ),
    ]
    missing = stats.towns_in_zone_without_population
    if missing:
        towns = ngettext(
            "{count} town inside has no population figure",
            "{count} towns inside have no population figure",
            missing,
        ).format(count=n(missing))
        lines.append(f"  ({towns})")
    lines.append(
        _("Turkish observation posts inside: {inside} of {total}").format(
            inside=n(stats.posts_in_zone), total=n(len(result.posts))
        )
    )
    if stats.highway_km_in_zone:
        roads = _(", ").join(
            f"{name} {km_text(round(km), lang)}" for name, km in stats.highway_km_in_zone.items()
        )
        lines.append(_("Highways inside: {roads}").format(roads=roads))
    return lines
