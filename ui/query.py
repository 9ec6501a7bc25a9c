"""The shareable link: read and check its parameters before any widget sees them."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from geo._errors import LineInputError, ZoneInputError
from geo.engine.zone import MAX_WIDTH_KM, Side, ZoneSpec, as_side, complete_widths
from geo.i18n import LANGUAGES, N_, Language, error_text, format_number, translator
from geo.inputs.edits import LineEdits
from geo.inputs.scenario import DEFAULT_SCENARIO, Scenario, dated_name
from geo.mapview.linkview import MapView, MapViewError, read_centre, read_layers
from geo.results.timeline import line_on
from ui.series import choice_of, choices, day_label, series_days
from ui.text import plain

__all__ = ["LinkState", "link_language", "read_link"]
#: A value is quoted back only if it is short and plain; anything else is not shown.
_PLAIN = re.compile(r"[A-Za-z0-9 .,+-]{1,24}")


def _quoted(value: str, lang: Language) -> str:
    _ = translator(lang).gettext
    return f'"{value}"' if _PLAIN.fullmatch(value) else _("(not shown)")


@dataclass
class LinkState:
    """What a link asks for, with a sentence for every parameter that was not used.

    ``scenario`` is a choice of the scenario selectbox; for a series of dated lines,
    ``date`` is the day of its line.
    """

    scenario: str
    min_km: float
    max_km: float
    side: Side
    date: str | None = None
    compare: str | None = None
    town: str | None = None
    lang: Language = "en"
    edits: LineEdits = field(default_factory=LineEdits)
    view: MapView = field(default_factory=MapView)
    problems: list[str] = field(default_factory=list)


def _km(
    params: dict[str, Any], name: str, label: str, problems: list[str], lang: Language
) -> float | None:
    if name not in params:
        return None
    _ = translator(lang).gettext
    raw = str(params[name])
    try:
        value = float(raw)
    except ValueError:
        problems.append(
            _("The link's {label} {value} is not a number of kilometres.").format(
                label=label, value=_quoted(raw, lang)
            )
        )
        return None
    if not math.isfinite(value) or not 0.0 <= value <= MAX_WIDTH_KM:
        problems.append(
            _("The link's {label} {value} is outside 0–{max} km.").format(
                label=label,
                value=_quoted(raw, lang),
                max=format_number(MAX_WIDTH_KM, lang, max_decimals=1),
            )
        )
        return None
    # The sliders move in half kilometres.
    return round(value * 2) / 2


def _choice(
    params: dict[str, Any], name: str, allowed: Sequence[str], problems: list[str], lang: Language
) -> str | None:
    if name not in params:
        return None
    value = str(params[name])
    if value in allowed:
        return value
    _ = translator(lang).gettext
    problems.append(
        _("The link's {name} {value} is not one of: {allowed}.").format(
            name=name, value=_quoted(value, lang), allowed=_(", ").join(allowed)
        )
    )
    return None


def link_language(params: Mapping[str, Any], browser: Language) -> Language:
    """Return the link's language (``lang``) if it names one, else the browser's."""
    for lang in LANGUAGES:
        if str(params.get("lang", "")) == lang:
            return lang
    return browser


def _language(params: dict[str, Any], browser: Language, problems: list[str]) -> Language:
    """Return the link's language, and say so if its ``lang`` is not one."""
    _choice(params, "lang", LANGUAGES, problems, browser)
    return link_language(params, browser)


def _one_depth(lowered: bool, default: ZoneSpec, km: float, lang: Language) -> str:
    """Say how the other depth followed the link's only one (``complete_widths``'s rule)."""
    _ = translator(lang).gettext
    depths = {
        "default": format_number(
            default.min_km if lowered else default.max_km, lang, max_decimals=1
        ),
        "km": format_number(km, lang, max_decimals=1),
    }
    if lowered:
        return _(
            "The link gives one usable depth only: the default inner band ({default} km) is "
            "deeper than the zone, so it was lowered to {km} km."
        ).format(**depths)
    return _(
        "The link gives one usable depth only: the default zone ({default} km) is shallower "
        "than the inner band, so it was deepened to {km} km."
    ).format(**depths)


def _asked_scenario(
    params: dict[str, Any],
    scenarios: Mapping[str, Scenario],
    problems: list[str],
    lang: Language,
) -> tuple[str, str | None] | None:
    """Return the choice and day a ``scenario`` parameter names (a dated line names both)."""
    if params.get("scenario") in scenarios:
        return choice_of(scenarios[str(params["scenario"])])
    choice = _choice(params, "scenario", choices(scenarios), problems, lang)
    if choice is None:
        return None
    days = series_days(scenarios).get(choice)
    return choice, days[0] if days else None


def _asked_day(
    params: dict[str, Any],
    scenarios: Mapping[str, Scenario],
    asked: tuple[str, str | None] | None,
    problems: list[str],
    lang: Language,
) -> tuple[str, str] | None:
    """Return the series and day of a ``date`` parameter: the latest line on or before it."""
    if "date" not in params:
        return None
    raw = str(params["date"])
    _ = translator(lang).gettext
    if asked is not None and asked[1] is None:
        problems.append(
            _(
                "The link's date {value} was not used: it is for the line over time, and the "
                "scenario {scenario} has one line."
            ).format(value=_quoted(raw, lang), scenario=_quoted(asked[0], lang))
        )
        return None
    series = asked[0] if asked else None
    lines = {
        n: s for n, s in scenarios.items() if s.series is not None and series in (None, s.series)
    }
    try:
        line = line_on(lines, raw)
    except ZoneInputError:
        days = sorted(s.date for s in lines.values())
        sentence = (
            _("The link's date {value} should be a day as YYYY-MM-DD, and no earlier than {first}.")
            if days
            else _("The link's date {value} should be a day as YYYY-MM-DD.")
        )
        first = day_label(days[0], lang) if days else ""
        problems.append(sentence.format(value=_quoted(raw, lang), first=first))
        return None
    assert line.series is not None  # line_on gives dated lines only
    if line.date != raw:
        problems.append(
            _(
                "There is no line of {value}: the map shows the latest line before it, of {day}."
            ).format(value=_quoted(raw, lang), day=day_label(line.date, lang))
        )
    return line.series, line.date


def read_link(
    params: dict[str, Any],
    *,
    towns: list[str],
    scenarios: Mapping[str, Scenario],
    browser: Language = "en",
) -> LinkState:
    """Check each parameter of a link on its own; keep every one that is valid.

    Parameters
    ----------
    params
        The query parameters (``scenario``, ``date``, ``min_km``, ``max_km``, ``side``,
        ``compare``, ``town``, ``edits``, ``lang``, and the map's ``map`` and ``layers``,
        :mod:`geo.mapview.linkview`), as text.
    towns
        The names a ``town`` parameter may take.
    scenarios
        The scenarios a ``scenario`` or ``compare`` parameter may name.
    browser
        The browser's language: the page's unless the link has a ``lang``. The
        sentences about parameters that were not used are in the page's language.
    """
    problems: list[str] = []
    lang = _language(params, browser, problems)
    _ = translator(lang).gettext
    names = list(scenarios)
    # The default scenario, or the first one if its file is broken.
    fallback = choice_of(scenarios[DEFAULT_SCENARIO if DEFAULT_SCENARIO in scenarios else names[0]])
    asked = _asked_scenario(params, scenarios, problems, lang)
    choice, day = _asked_day(params, scenarios, asked, problems, lang) or asked or fallback
    name = dated_name(choice, day) if day else choice
    scenario = scenarios[name]
    default = scenario.spec
    min_km, max_km = _depths(params, default, problems, lang)
    state = LinkState(
        scenario=choice,
        date=day,
        min_km=min_km,
        max_km=max_km,
        side=as_side(_choice(params, "side", list(scenario.sides), problems, lang) or default.side),
        compare=_choice(params, "compare", [n for n in names if n != name], problems, lang),
        lang=lang,
        problems=problems,
    )
    if "town" in params:
        town = str(params["town"])
        if town in towns:
            state.town = town
        else:
            problems.append(
                _("The link's town {value} is not on the map.").format(value=_quoted(town, lang))
            )
    if "edits" in params:
        state.edits = _edits(str(params["edits"]), scenario, problems, lang)
    state.view = _map_view(params, problems, lang)
    return state


#: The link's parameters of the map's view: how each is read, what is said if it is not used.
_VIEW_PARTS: tuple[tuple[str, Callable[[str], tuple[Any, ...]], str], ...] = (
    ("map", read_centre, N_("The link's map view was not used: {reason}.")),
    ("layers", read_layers, N_("The link's layers were not used: {reason}.")),
)


def _map_view(params: dict[str, Any], problems: list[str], lang: Language) -> MapView:
    """Read the link's zoom and centre (``map``) and layers (``layers``), each on its own."""
    _ = translator(lang).gettext
    read: dict[str, tuple[Any, ...]] = {}
    for name, reader, sentence in _VIEW_PARTS:
        if name not in params:
            continue
        try:
            read[name] = reader(str(params[name]))
        except MapViewError as exc:
            problems.append(_(sentence).format(reason=plain(exc.in_language(lang))))
    centre = read.get("map", (None, None, None))
    layers = read.get("layers", (None, (), ()))
    return MapView(*centre, *layers)


def _depths(
    params: dict[str, Any], default: ZoneSpec, problems: list[str], lang: Language
) -> tuple[float, float]:
    """Read the link's two depths; one depth alone moves the other as the sliders do."""
    _ = translator(lang).gettext
    min_km = _km(params, "min_km", _("inner band depth (min_km)"), problems, lang)
    max_km = _km(params, "max_km", _("zone depth (max_km)"), problems, lang)
    if min_km is not None and max_km is not None and min_km > max_km:
        problems.append(
            _(
                "The link's inner band is deeper than its whole zone; the inner band was set "
                "to the zone's depth."
            )
        )
        min_km = max_km
    asked_min = min_km
    min_km, max_km, note = complete_widths(min_km, max_km, default=default)
    if note:
        problems.append(_one_depth(asked_min is None, default, max_km, lang))
    return min_km, max_km


def _edits(text: str, scenario: Scenario, problems: list[str], lang: Language) -> LineEdits:
    """Read the link's edits to the line; a bad text is one sentence and no edits."""
    _ = translator(lang).gettext
    if scenario.line.kind == "road":
        problems.append(
            _(
                "The link's edits to the line were not used: this scenario's line is a road, "
                "not derived from control points."
            )
        )
        return LineEdits()
    try:
        return LineEdits.decode(text)
    except LineInputError as exc:
        # The reason names the part at fault; it is shown as text (ui.text.plain).
        reason = plain(error_text(exc, lang))
        problems.append(
            _("The link's edits to the line were not used: {reason}.").format(reason=reason)
        )
        return LineEdits()
