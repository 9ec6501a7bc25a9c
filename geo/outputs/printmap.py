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

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from geo.engine.projection import LocalFrame
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
from geo.outputs.captions import key_number_lines, origin_lines, scenario_line, zone_phrase
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

DEFAULT_TITLE = "Idlib demilitarized zone (approximate)"
SOURCES = (
    "Sources: Natural Earth; GeoNames; control points and posts: see data/SOURCES.md of the project"
)
DISCLAIMER = "Approximate map: no official map of the zone was ever published."
#: A4 landscape, in inches (297 mm x 210 mm).
PAGE_SIZE_IN = (297 / 25.4, 210 / 25.4)

#: Where the map sits on the page, as figure fractions (left, bottom, width, height).
_MAP_BOX = (0.03, 0.085, 0.60, 0.79)
#: Left edge of the legend, key numbers and notes, as a figure fraction.
_PANEL_LEFT = 0.66
#: Margin around the zone, as a fraction of its larger side (at least ``_MIN_MARGIN_M``).
_MARGIN = 0.08
_MIN_MARGIN_M = 8_000.0
_GREY_TEXT = "#404040"
#: Lines under the title are made smaller until they fit this fraction of the page.
_TEXT_WIDTH = 0.94
#: Where a user's line comes from, with the user's edits, between the legend and the key
#: numbers: this many lines of this many characters at most (the exports list them all).
_ORIGIN_LINES, _ORIGIN_WIDTH = 4, 62


def map_frame(result: ZoneResult, data: StudyData) -> LocalFrame:
    """Return the local azimuthal-equidistant frame that the map of ``result`` is drawn in.

    It is centred on the zone, or on the opposition-held area when the zone is empty.
    """
    return LocalFrame.centred_on(_focus(result, data))


def render_map_png(
    result: ZoneResult, data: StudyData, *, dpi: int = 200, title: str | None = None
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
        Title printed on the map; default :data:`DEFAULT_TITLE`.

    Returns
    -------
    bytes
        A PNG image.
    """
    text = title if title is not None else DEFAULT_TITLE
    figure = _build_figure(result, data, dpi=dpi, title=text, page_in=_raster_page_in(dpi))
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format="png",
        dpi=dpi,
        metadata={"Title": text, "Description": DISCLAIMER, "Source": SOURCES},
    )
    return buffer.getvalue()


def render_map_pdf(
    result: ZoneResult, data: StudyData, *, dpi: int = 200, title: str | None = None
) -> bytes:
    """Draw the same page as :func:`render_map_png`, as vector PDF bytes.

    ``dpi`` only sets the resolution of the few rasterized parts; ``title`` is also the
    document's title.
    """
    text = title if title is not None else DEFAULT_TITLE
    figure = _build_figure(result, data, dpi=dpi, title=text)
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format="pdf",
        dpi=dpi,
        metadata={"Title": text, "Subject": DISCLAIMER, "Creator": "idlib-zone"},
    )
    return buffer.getvalue()


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
) -> None:
    """Draw the scale bar and north arrow, then the labels where they collide with nothing."""
    bar = scale_bar(extent)
    furniture = [*draw_scale_bar(ax, bar, extent), *draw_north_arrow(ax)]
    taken = [artist.get_window_extent(renderer) for artist in furniture]
    taken += post_boxes(ax, result, local)
    label_towns(ax, result, local, renderer, taken)
    label_highways(ax, result, local, renderer, taken)


def _shrink_to_width(text: Text, renderer: RendererBase, *, min_size: float) -> None:
    """Make a text's font smaller, down to ``min_size``, until it fits the page's width."""
    width = _TEXT_WIDTH * text.figure.bbox.width
    size = float(text.get_fontsize())
    while text.get_window_extent(renderer).width > width and size > min_size:
        size = max(size - 0.5, min_size)
        text.set_fontsize(size)


def _draw_header(figure: Figure, result: ZoneResult, title: str, renderer: RendererBase) -> None:
    """Draw the title, what the zone is and along which line, and the date the map was made."""
    # Long titles get a smaller font, down to 11 pt, to stay on one line of the page.
    title_size = max(11.0, min(18.0, 18.0 * 60 / max(len(title), 1)))
    literal_text(
        figure, 0.03, 0.972, title, ha="left", va="top", fontsize=title_size, fontweight="bold"
    )
    phrase = zone_phrase(result, short=True)
    zone = literal_text(
        figure, 0.03, 0.926, phrase[0].upper() + phrase[1:], ha="left", va="top", fontsize=11
    )
    scenario = literal_text(
        figure,
        0.03,
        0.9,
        scenario_line(result),
        ha="left",
        va="top",
        fontsize=9,
        color=_GREY_TEXT,
        gid="scenario",
    )
    for text in (zone, scenario):
        _shrink_to_width(text, renderer, min_size=7.0)
    made = datetime.now(tz=UTC).date().isoformat()
    literal_text(
        figure,
        0.97,
        0.018,
        f"Map made {made}",
        ha="right",
        va="bottom",
        fontsize=9,
        color=_GREY_TEXT,
    )


def _draw_legend(figure: Figure, result: ZoneResult, *, opposition_area: bool) -> None:
    legend = figure.legend(
        handles=legend_handles(result, opposition_area=opposition_area),
        loc="upper left",
        bbox_to_anchor=(_PANEL_LEFT, 0.875),
        frameon=False,
        fontsize=9,
        handlelength=2.2,
        labelspacing=0.45,
        title="Legend",
        title_fontproperties={"weight": "bold", "size": 10},
        alignment="left",
    )
    for text in [*legend.get_texts(), legend.get_title()]:
        text.set_parse_math(False)
        text.set_usetex(False)


def _draw_key_numbers(figure: Figure, result: ZoneResult) -> None:
    """Draw the key numbers in a grey box, under a bold heading on its first line."""
    key_box = {"boxstyle": "round,pad=0.6", "facecolor": "#f5f5f5", "edgecolor": "#bbbbbb"}
    x, y = _PANEL_LEFT + 0.005, 0.45
    literal_text(
        figure,
        x,
        y,
        " \n" + "\n".join(key_number_lines(result)),
        ha="left",
        va="top",
        fontsize=9,
        linespacing=1.5,
        bbox=key_box,
        gid="key-numbers",
    )
    style = {"ha": "left", "va": "top", "fontsize": 9, "linespacing": 1.5}
    literal_text(figure, x, y, "Key numbers", fontweight="bold", **style)


def _draw_origin(figure: Figure, result: ZoneResult) -> None:
    """Say where a user's line, or a line the user edited, comes from, under the legend."""
    lines = origin_lines(result.line_source, width=_ORIGIN_WIDTH, max_lines=_ORIGIN_LINES)
    if lines:
        literal_text(
            figure,
            _PANEL_LEFT + 0.005,
            0.555,
            "\n".join(lines),
            ha="left",
            va="top",
            fontsize=7.5,
            color=_GREY_TEXT,
            linespacing=1.4,
            gid="origin",
        )


def _draw_notes(figure: Figure, local: LocalFrame) -> None:
    """Draw the notes on towns and projection, the sources and the disclaimer."""
    literal_text(
        figure,
        _PANEL_LEFT + 0.005,
        0.22,
        "Towns: size by population (pre-war figures, mostly the 2004 census);\n"
        "labels for the largest towns in the zone and the main cities.\n"
        "Projection: azimuthal equidistant centred on the zone\n"
        f"({local.lat:.2f}° N, {local.lon:.2f}° E), so the scale bar is true.",
        ha="left",
        va="top",
        fontsize=7.5,
        color=_GREY_TEXT,
        linespacing=1.5,
    )
    literal_text(figure, 0.03, 0.045, SOURCES, ha="left", va="bottom", fontsize=8, color=_GREY_TEXT)
    literal_text(
        figure,
        0.03,
        0.018,
        DISCLAIMER,
        ha="left",
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
    _draw_furniture_and_labels(ax, result, local, extent, renderer)
    _draw_header(figure, result, title, renderer)
    _draw_legend(figure, result, opposition_area=not data.opposition_area.is_empty)
    _draw_key_numbers(figure, result)
    _draw_origin(figure, result)
    _draw_notes(figure, local)
    return figure
