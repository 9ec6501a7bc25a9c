"""A printable map of one zone, as PNG or PDF bytes, drawn offline with matplotlib.

The map is drawn in a local azimuthal-equidistant projection centred on the zone, so
that its scale bar is true across the map (the scale error is under 0.05 % within
200 km of the centre). Every figure is a :class:`matplotlib.figure.Figure` with its own
Agg canvas: pyplot and its global state are not used, so renders can run in parallel
threads (as Streamlit sessions do).

Every text that comes from data or from the caller (town names, the title) is drawn
literally: mathtext and TeX are turned off on those text objects. This module lays out
the page; the layers, scale bar, north arrow and legend are drawn by
:mod:`geo.outputs._drawing`, the labels placed by :mod:`geo.outputs._labels`.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any, Literal

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text

from geo.engine.projection import LocalFrame
from geo.i18n import N_, Language, check_language, format_date, format_number, is_rtl, translator
from geo.inputs.layers import StudyData
from geo.outputs._drawing import (
    BAND_ALPHA,
    ScaleBar,
    draw_layers,
    draw_north_arrow,
    draw_scale_bar,
    legend_handles,
    literal_text,
    scale_bar,
    scale_bar_length_km,
)
from geo.outputs._labels import label_highways, label_towns, post_boxes
from geo.outputs._script import font_kwargs, print_text
from geo.outputs.captions import key_number_lines, scenario_line, zone_phrase
from geo.results.analysis import ZoneResult

__all__ = [
    "BAND_ALPHA",
    "DEFAULT_TITLE",
    "DISCLAIMER",
    "PAGE_SIZE_IN",
    "SOURCES",
    "ScaleBar",
    "map_frame",
    "render_map_pdf",
    "render_map_png",
    "scale_bar",
    "scale_bar_length_km",
]

DEFAULT_TITLE = N_("Idlib demilitarized zone (approximate)")
SOURCES = N_(
    "Sources: Natural Earth; GeoNames; control points and posts: see data/SOURCES.md of the project"
)
DISCLAIMER = N_("Approximate map: no official map of the zone was ever published.")
#: A4 landscape, in inches (297 mm x 210 mm).
PAGE_SIZE_IN = (297 / 25.4, 210 / 25.4)

#: Where the map sits on the page, as figure fractions (left, bottom, width, height).
_MAP_BOX = (0.03, 0.085, 0.60, 0.79)
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
#: Margin around the zone, as a fraction of its larger side (at least ``_MIN_MARGIN_M``).
_MARGIN = 0.08
_MIN_MARGIN_M = 8_000.0
_GREY_TEXT = "#404040"
#: Lines under the title are made smaller until they fit this fraction of the page.
_TEXT_WIDTH = 0.94


def map_frame(result: ZoneResult, data: StudyData) -> LocalFrame:
    """Return the local azimuthal-equidistant frame that the map of ``result`` is drawn in.

    It is centred on the zone, or on the opposition-held area when the zone is empty.
    """
    return LocalFrame.centred_on(_focus(result, data))


def render_map_png(
    result: ZoneResult,
    data: StudyData,
    *,
    dpi: int = 200,
    title: str | None = None,
    lang: Language = "en",
) -> bytes:
    """Draw the map of a zone on an A4 landscape page, as PNG bytes.

    Parameters
    ----------
    result
        The zone and its overlays, from :func:`geo.results.analysis.analyze`.
    data
        The study layers ``result`` was computed from.
    dpi
        Resolution; at 200 dpi the image is about 2339 x 1654 pixels.
    title
        Title printed on the map; default :data:`DEFAULT_TITLE`, in ``lang``.
    lang
        The language of every text on the page: ``en`` or ``ar`` (right to left, in the
        Arabic font, towns by their Arabic names).

    Returns
    -------
    bytes
        A PNG image.
    """
    text, caption = _titles(title, lang)
    figure = _build_figure(
        result, data, dpi=dpi, title=text, page_in=_raster_page_in(dpi), lang=lang
    )
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format="png",
        dpi=dpi,
        metadata={"Title": text, "Description": caption[0], "Source": caption[1]},
    )
    return buffer.getvalue()


def render_map_pdf(
    result: ZoneResult,
    data: StudyData,
    *,
    dpi: int = 200,
    title: str | None = None,
    lang: Language = "en",
) -> bytes:
    """Draw the same page as :func:`render_map_png`, as vector PDF bytes.

    ``dpi`` only sets the resolution of the few rasterized parts; ``title`` is also the
    document's title.
    """
    text, caption = _titles(title, lang)
    figure = _build_figure(result, data, dpi=dpi, title=text, lang=lang)
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format="pdf",
        dpi=dpi,
        metadata={"Title": text, "Subject": caption[0], "Creator": "idlib-zone"},
    )
    return buffer.getvalue()


def _titles(title: str | None, lang: Language) -> tuple[str, tuple[str, str]]:
    """Return the title, and the disclaimer and sources for the file's metadata, in ``lang``."""
    _ = translator(check_language(lang)).gettext
    return (_(DEFAULT_TITLE) if title is None else title), (_(DISCLAIMER), _(SOURCES))


# --- Laying out the page ------------------------------------------------------------


def _focus(result: ZoneResult, data: StudyData) -> shapely.Geometry:
    zone = shapely.union_all(result.zone.geometry.to_numpy())
    return data.opposition_area if zone.is_empty else zone


def _inner_box_bounds(box: shapely.Polygon, local: LocalFrame) -> tuple[float, float, float, float]:
    """Return the largest projected rectangle inside a lon/lat box (projected edges curve)."""
    minx, miny, maxx, maxy = box.bounds
    n = 50
    lons = np.linspace(minx, maxx, n)
    lats = np.linspace(miny, maxy, n)
    edges = {
        "west": np.column_stack([np.full(n, minx), lats]),
        "east": np.column_stack([np.full(n, maxx), lats]),
        "south": np.column_stack([lons, np.full(n, miny)]),
        "north": np.column_stack([lons, np.full(n, maxy)]),
    }
    xy = {k: np.asarray(local.to_local(shapely.LineString(v)).coords) for k, v in edges.items()}
    return (
        float(xy["west"][:, 0].max()),
        float(xy["south"][:, 1].max()),
        float(xy["east"][:, 0].min()),
        float(xy["north"][:, 1].min()),
    )


def _fit_extent(
    focus: tuple[float, float, float, float],
    limits: tuple[float, float, float, float],
    aspect: float,
) -> tuple[float, float, float, float]:
    """Extent around ``focus`` with a margin, widened to ``aspect``, kept within ``limits``.

    ``aspect`` is width / height. The extent is shifted rather than cut to stay within
    ``limits`` (where the data ends); it is only cut where it cannot fit, and never into
    ``focus``.
    """
    minx, miny, maxx, maxy = focus
    margin = max(_MARGIN * max(maxx - minx, maxy - miny), _MIN_MARGIN_M)
    minx, miny, maxx, maxy = minx - margin, miny - margin, maxx + margin, maxy + margin
    width, height = maxx - minx, maxy - miny
    if width / height < aspect:
        grow = (height * aspect - width) / 2
        minx, maxx = minx - grow, maxx + grow
    else:
        grow = (width / aspect - height) / 2
        miny, maxy = miny - grow, maxy + grow

    def fit(
        lo: float, hi: float, lim_lo: float, lim_hi: float, keep_lo: float, keep_hi: float
    ) -> tuple[float, float]:
        if hi - lo <= lim_hi - lim_lo:
            shift = max(lim_lo - lo, 0.0) - max(hi - lim_hi, 0.0)
            return lo + shift, hi + shift
        return min(max(lo, lim_lo), keep_lo), max(min(hi, lim_hi), keep_hi)

    fx0, fy0, fx1, fy1 = focus
    lx0, ly0, lx1, ly1 = limits
    minx, maxx = fit(minx, maxx, lx0, lx1, fx0, fx1)
    miny, maxy = fit(miny, maxy, ly0, ly1, fy0, fy1)
    return minx, miny, maxx, maxy


def _raster_page_in(dpi: int) -> tuple[float, float]:
    """A4 in inches, adjusted by under a pixel so that the image is A4 rounded to pixels.

    Agg truncates the page to whole pixels (2338 x 1653 at 200 dpi); half a pixel more
    makes it round instead (2339 x 1654).
    """
    width, height = (round(side * dpi) for side in PAGE_SIZE_IN)
    return (width + 0.5) / dpi, (height + 0.5) / dpi


def _draw_map(
    figure: Figure, result: ZoneResult, data: StudyData, page_in: tuple[float, float]
) -> tuple[Axes, LocalFrame, tuple[float, float, float, float]]:
    """Draw the map's layers in its box; return its axes, frame and projected extent."""
    focus = _focus(result, data)
    local = LocalFrame.centred_on(focus)
    ax = figure.add_axes(_MAP_BOX)
    page_w, page_h = page_in
    aspect = (_MAP_BOX[2] * page_w) / (_MAP_BOX[3] * page_h)
    limits = _inner_box_bounds(shapely.box(*data.borders.total_bounds), local)
    extent = _fit_extent(local.to_local(focus).bounds, limits, aspect)

    draw_layers(ax, result, data, local)
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_aspect("equal", adjustable="box", anchor="NW")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for spine in ax.spines.values():
        spine.set_linewidth(0.8)
        spine.set_color("#333333")
    ax.apply_aspect()
    return ax, local, extent


def _draw_furniture_and_labels(
    ax: Axes,
    result: ZoneResult,
    local: LocalFrame,
    extent: tuple[float, float, float, float],
    renderer: RendererBase,
    lang: Language,
) -> None:
    """Draw the scale bar and north arrow, then the labels where they collide with nothing."""
    bar = scale_bar(extent)
    furniture = [*draw_scale_bar(ax, bar, extent, lang=lang), *draw_north_arrow(ax, lang=lang)]
    taken = [artist.get_window_extent(renderer) for artist in furniture]
    taken += post_boxes(ax, result, local)
    label_towns(ax, result, local, renderer, taken, lang=lang)
    label_highways(ax, result, local, renderer, taken)


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


def _draw_notes(figure: Figure, local: LocalFrame, lang: Language, *, y: float) -> None:
    """Draw the notes on towns and projection, the sources and the disclaimer."""
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
    literal_text(figure, x, 0.045, _(SOURCES), va="bottom", fontsize=8, **{**grey, "ha": ha})
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


def _build_figure(
    result: ZoneResult,
    data: StudyData,
    *,
    dpi: int,
    title: str,
    page_in: tuple[float, float] = PAGE_SIZE_IN,
    lang: Language = "en",
) -> Figure:
    """Build the whole page: map, title, legend, scale bar, north arrow and notes."""
    if not isinstance(dpi, int) or isinstance(dpi, bool) or not 10 <= dpi <= 1200:
        msg = f"'dpi' should be a whole number between 10 and 1200, got {dpi!r}"
        raise ValueError(msg)
    # The figure keeps matplotlib's base canvas while geopandas plots: geopandas asks the
    # canvas to redraw after every layer, which the base canvas skips and Agg would do.
    figure = Figure(figsize=page_in, dpi=dpi, facecolor="white")
    ax, local, extent = _draw_map(figure, result, data, page_in)
    renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
    _draw_furniture_and_labels(ax, result, local, extent, renderer, lang)
    _draw_header(figure, result, title, renderer, lang)
    legend = _draw_legend(
        figure, result, opposition_area=not data.opposition_area.is_empty, lang=lang
    )
    # The panel is stacked: the key numbers under the legend, the notes under them.
    key_y = min(_KEY_NUMBERS_TOP, _bottom(legend, renderer) - 0.035)
    key_numbers = _draw_key_numbers(figure, result, lang, y=key_y)
    _draw_notes(figure, local, lang, y=min(_NOTES_TOP, _bottom(key_numbers, renderer) - 0.02))
    return figure


def _bottom(artist: Legend | Text, renderer: RendererBase) -> float:
    """Return the lowest point of a legend or text (with its box), as a figure fraction."""
    box = artist.get_window_extent(renderer)
    patch = artist.get_bbox_patch() if isinstance(artist, Text) else None
    if isinstance(artist, Text) and patch is not None:
        artist.update_bbox_position_size(renderer)  # the box is placed when drawn
        box = patch.get_window_extent(renderer)
    return float(artist.figure.transFigure.inverted().transform((0, box.y0))[1])
