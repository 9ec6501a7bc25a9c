"""The print map's text around the map: title, legend, key numbers, notes and footer.

English is laid out from the left; Arabic is mirrored: right-aligned from the right edge,
the legend's keys to the right of their labels. The panel is stacked by measured
heights (the Arabic font's lines are taller): the key numbers under the legend, the notes
under the key numbers.
"""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from typing import Any, Literal

from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text

from geo.engine.projection import LocalFrame
from geo.i18n import N_, Language, format_date, format_number, is_rtl, translator
from geo.outputs._drawing import legend_handles, literal_text
from geo.outputs._script import font_kwargs, print_text
from geo.outputs.captions import (
    key_number_lines,
    line_source_text,
    origin_lines,
    scenario_line,
    zone_phrase,
)
from geo.results.analysis import ZoneResult

__all__ = ["DEFAULT_TITLE", "DISCLAIMER", "SOURCES", "draw_page_text"]

DEFAULT_TITLE = N_("Idlib demilitarized zone (approximate)")
SOURCES = N_(
    "Sources: Natural Earth; GeoNames; control points and posts: see data/SOURCES.md of the project"
)
DISCLAIMER = N_("Approximate map: no official map of the zone was ever published.")
#: Left and right edges of the legend, key numbers and notes, as figure fractions.
_PANEL_LEFT = 0.66
_PANEL_RIGHT = 0.97
_Align = Literal["left", "right"]
#: The highest the key numbers and the notes start, as figure fractions: lower if the
#: legend or the key numbers above them reach further down.
_KEY_NUMBERS_TOP = 0.45
_NOTES_TOP = 0.22
#: Line spacing of the Arabic panel: Noto Sans Arabic's line is about 1.4 times Latin's.
_ARABIC_LINESPACING = 0.95
_GREY_TEXT = "#404040"
#: Lines under the title are made smaller until they fit this fraction of the page.
_TEXT_WIDTH = 0.94


def draw_page_text(
    figure: Figure,
    result: ZoneResult,
    local: LocalFrame,
    renderer: RendererBase,
    *,
    title: str,
    opposition_area: bool,
    lang: Language,
) -> None:
    """Draw the header, legend, key numbers, notes and footer of the page, in ``lang``."""
    _draw_header(figure, result, title, renderer, lang)
    legend = _draw_legend(figure, result, opposition_area=opposition_area, lang=lang)
    above: Legend | Text = legend
    origin = _draw_origin(figure, result, lang, y=_bottom(legend, renderer) - 0.02)
    if origin is not None:
        above = origin
    key_y = min(_KEY_NUMBERS_TOP, _bottom(above, renderer) - 0.035)
    key_numbers = _draw_key_numbers(figure, result, lang, y=key_y)
    _draw_notes(
        figure,
        local,
        lang,
        y=min(_NOTES_TOP, _bottom(key_numbers, renderer) - 0.02),
        line_source=line_source_text(result.line_source, lang),
    )


def _shrink_to_width(text: Text, renderer: RendererBase, *, min_size: float) -> None:
    """Make a text's font smaller, down to ``min_size``, until it fits the page's width."""
    width = _TEXT_WIDTH * text.figure.bbox.width
    size = float(text.get_fontsize())
    while text.get_window_extent(renderer).width > width and size > min_size:
        size = max(size - 0.5, min_size)
        text.set_fontsize(size)


def _edge(lang: Language, left: float, right: float) -> tuple[float, _Align]:
    """Where a text block starts, and its alignment: at ``left`` in English, ``right`` in Arabic."""
    return (right, "right") if is_rtl(lang) else (left, "left")


def _draw_header(
    figure: Figure, result: ZoneResult, title: str, renderer: RendererBase, lang: Language
) -> None:
    """Draw the title, what the zone is and along which line, and the date the map was made."""
    _ = translator(lang).gettext
    x, ha = _edge(lang, 0.03, 0.97)
    # Long titles get a smaller font, down to 11 pt, to stay on one line of the page.
    title_size = max(11.0, min(18.0, 18.0 * 60 / max(len(title), 1)))
    head: dict[str, Any] = {"lang": lang, "ha": ha, "va": "top"}
    literal_text(
        figure, x, 0.972, title, fontsize=title_size, fontweight="bold", gid="title", **head
    )
    phrase = zone_phrase(result, short=True, lang=lang)
    zone = literal_text(figure, x, 0.926, phrase[0].upper() + phrase[1:], fontsize=11, **head)
    line = scenario_line(result, lang=lang)
    scenario = literal_text(
        figure, x, 0.9, line, fontsize=9, color=_GREY_TEXT, gid="scenario", **head
    )
    for text in (zone, scenario):
        _shrink_to_width(text, renderer, min_size=7.0)
    made = format_date(datetime.now(tz=UTC).date(), lang)
    # The date sits at the other end of the footer from the sources.
    x, ha = (0.03, "left") if is_rtl(lang) else (0.97, "right")
    literal_text(
        figure,
        x,
        0.018,
        _("Map made {date}").format(date=made),
        lang=lang,
        ha=ha,
        va="bottom",
        fontsize=9,
        color=_GREY_TEXT,
    )


def _draw_legend(
    figure: Figure, result: ZoneResult, *, opposition_area: bool, lang: Language
) -> Legend:
    """Draw the legend in the panel: left-aligned, or right-aligned with keys right in Arabic."""
    _ = translator(lang).gettext
    rtl = is_rtl(lang)
    x, ha = _edge(lang, _PANEL_LEFT, _PANEL_RIGHT)
    # The Arabic font has one weight (geo.outputs._script).
    font = {"family": font_kwargs(lang)["family"]} if rtl else {}
    legend = figure.legend(
        handles=legend_handles(result, opposition_area=opposition_area, lang=lang),
        loc="upper right" if rtl else "upper left",
        bbox_to_anchor=(x, 0.875),
        frameon=False,
        prop={"size": 8.5 if rtl else 9, **font},
        handlelength=2.2,
        labelspacing=0.1 if rtl else 0.45,
        title=print_text(_("Legend"), lang),
        title_fontproperties={"weight": "normal" if rtl else "bold", "size": 10, **font},
        alignment=ha,
        markerfirst=not rtl,
    )
    for text in [*legend.get_texts(), legend.get_title()]:
        text.set_parse_math(False)
        text.set_usetex(False)
    return legend


#: Where a user's line comes from, with the user's edits, between the legend and the key
#: numbers: this many lines of this many characters at most (the exports list them all).
_ORIGIN_LINES, _ORIGIN_WIDTH = 4, 62


def _draw_origin(figure: Figure, result: ZoneResult, lang: Language, *, y: float) -> Text | None:
    """Say where a user's line, or a line the user edited, comes from; None for a built one."""
    lines = origin_lines(
        result.line_source, width=_ORIGIN_WIDTH, max_lines=_ORIGIN_LINES, lang=lang
    )
    if not lines:
        return None
    x, ha = _edge(lang, _PANEL_LEFT + 0.005, _PANEL_RIGHT - 0.005)
    return literal_text(
        figure,
        x,
        y,
        "\n".join(lines),
        lang=lang,
        ha=ha,
        va="top",
        fontsize=7.5,
        color="#404040",
        linespacing=1.4,
        gid="origin",
    )


def _draw_key_numbers(figure: Figure, result: ZoneResult, lang: Language, *, y: float) -> Text:
    """Draw the key numbers in a grey box from ``y`` down, under a bold heading; return it."""
    _ = translator(lang).gettext
    key_box = {"boxstyle": "round,pad=0.6", "facecolor": "#f5f5f5", "edgecolor": "#bbbbbb"}
    x, ha = _edge(lang, _PANEL_LEFT + 0.005, _PANEL_RIGHT - 0.005)
    style: dict[str, Any] = {
        "lang": lang,
        "ha": ha,
        "va": "top",
        "fontsize": 8 if is_rtl(lang) else 9,
    }
    # The Arabic font's lines are taller: the same page needs less space between them.
    style["linespacing"] = _ARABIC_LINESPACING if is_rtl(lang) else 1.5
    lines = [line.strip() if is_rtl(lang) else line for line in key_number_lines(result, lang=lang)]
    text = " \n" + "\n".join(lines)
    box = literal_text(figure, x, y, text, bbox=key_box, gid="key-numbers", **style)
    literal_text(figure, x, y, _("Key numbers"), fontweight="bold", **style)
    return box


#: The line's source fits one line of the footer.
_LINE_SOURCE_CHARS = 190


def _draw_notes(
    figure: Figure, local: LocalFrame, lang: Language, *, y: float, line_source: str
) -> None:
    """Draw the notes on towns and projection, the sources (the line's too), the disclaimer."""
    _ = translator(lang).gettext
    x, ha = _edge(lang, _PANEL_LEFT + 0.005, _PANEL_RIGHT - 0.005)
    notes = _(
        "Towns: size by population (pre-war figures, mostly the 2004 census);\n"
        "labels for the largest towns in the zone and the main cities.\n"
        "Projection: azimuthal equidistant centred on the zone\n"
        "({lat}° N, {lon}° E), so the scale bar is true."
    ).format(
        lat=format_number(local.lat, lang, min_decimals=2, max_decimals=2),
        lon=format_number(local.lon, lang, min_decimals=2, max_decimals=2),
    )
    grey: dict[str, Any] = {"lang": lang, "ha": ha, "color": _GREY_TEXT}
    spacing = _ARABIC_LINESPACING if is_rtl(lang) else 1.5
    literal_text(
        figure,
        x,
        y,
        notes,
        va="top",
        fontsize=6.5 if is_rtl(lang) else 7.5,
        linespacing=spacing,
        **grey,
    )
    x, ha = _edge(lang, 0.03, 0.97)
    line = textwrap.shorten(
        _("Source: {source}.").format(source=line_source), width=_LINE_SOURCE_CHARS, placeholder="…"
    )
    sources = f"{_(SOURCES)}\n{line}"
    literal_text(figure, x, 0.045, sources, va="bottom", fontsize=7, **{**grey, "ha": ha})
    literal_text(
        figure,
        x,
        0.018,
        _(DISCLAIMER),
        lang=lang,
        ha=ha,
        va="bottom",
        fontsize=9,
        fontweight="bold",
        color="#b2182b",
    )


def _bottom(artist: Legend | Text, renderer: RendererBase) -> float:
    """Return the lowest point of a legend or text (with its box), as a figure fraction."""
    box = artist.get_window_extent(renderer)
    patch = artist.get_bbox_patch() if isinstance(artist, Text) else None
    if isinstance(artist, Text) and patch is not None:
        artist.update_bbox_position_size(renderer)  # the box is placed when drawn
        box = patch.get_window_extent(renderer)
    return float(artist.figure.transFigure.inverted().transform((0, box.y0))[1])
