"""The print map's drawing helpers: its layers, scale bar, north arrow and legend handles.

Everything is drawn on a :class:`matplotlib.axes.Axes` in a local azimuthal-equidistant
frame (metres). Text goes through :func:`literal_text`: no mathtext, no TeX.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, Patch, Rectangle
from matplotlib.patheffects import withStroke
from matplotlib.text import Text

from geo.engine.projection import LocalFrame
from geo.i18n import Language, format_number, translator
from geo.inputs.layers import StudyData
from geo.outputs._script import font_kwargs, print_text
from geo.outputs.captions import km_text, line_legend_label, opposition_legend_label
from geo.results.analysis import ZoneResult
from geo.style import BAND_ALPHA, COLORS, PRINT_COLORS

__all__ = [
    "BAND_ALPHA",
    "POST_SIZE",
    "ScaleBar",
    "draw_layers",
    "draw_north_arrow",
    "draw_scale_bar",
    "legend_handles",
    "literal_text",
    "scale_bar",
    "scale_bar_length_km",
    "town_size",
]

#: Fill opacity of the zone's bands, over the opaque country fills.
#: Marker area of an observation post, in points².
POST_SIZE = 55.0
#: The scale bar covers at most this fraction of the map's width.
_SCALE_BAR_MAX_FRACTION = 0.3
#: Print resolution of the geometries drawn (about a pixel at 600 dpi on this page).
_SIMPLIFY_M = 30.0
_INK = "#1a1a1a"


def literal_text(
    ax_or_fig: Axes | Figure, x: float, y: float, s: str, *, lang: Language = "en", **kwargs: object
) -> Text:
    """Add a text drawn exactly as given: no mathtext (``$...$``), no TeX.

    Arabic (``lang="ar"``) is shaped and ordered, and drawn in the Arabic font, in its
    one weight: an outline would make it bolder, but would also turn it into shapes, out
    of the PDF's text layer.
    """
    style = {**kwargs, **font_kwargs(lang)}
    text = ax_or_fig.text(x, y, print_text(s, lang), parse_math=False, usetex=False, **style)  # type: ignore[arg-type]
    return text


# --- Layers ----------------------------------------------------------------------------


def _project(frame: gpd.GeoDataFrame | gpd.GeoSeries, local: LocalFrame) -> gpd.GeoSeries:
    series = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    projected = series.to_crs(local.crs)
    return projected.simplify(_SIMPLIFY_M, preserve_topology=True)


def _draw_base(ax: Axes, data: StudyData, local: LocalFrame) -> None:
    # Within the rectangle the layers were clipped to, what is neither Syria nor Turkey is
    # the Mediterranean. Its edges are densified: they curve once projected.
    box = shapely.segmentize(shapely.box(*data.borders.total_bounds), 0.02)
    gpd.GeoSeries([box], crs=4326).to_crs(local.crs).plot(
        ax=ax, color=PRINT_COLORS["sea"], linewidth=0
    )
    borders = data.borders
    fills = {"SYR": COLORS["syria"], "TUR": COLORS["turkey"]}
    countries = _project(borders, local)
    countries.plot(
        ax=ax, color=[fills.get(code, "#ffffff") for code in borders["iso_a3"]], linewidth=0
    )
    # Stroke only real borders and coasts, not the rectangle the countries were clipped to.
    clip_frame = shapely.box(*borders.total_bounds).boundary.buffer(1e-6)
    lines = gpd.GeoSeries(borders.geometry.boundary.difference(clip_frame), crs=4326)
    _project(lines, local).plot(ax=ax, color=PRINT_COLORS["border"], linewidth=0.9)


def _draw_context(ax: Axes, data: StudyData, local: LocalFrame) -> None:
    """Draw the Turkish-held areas and, hatched, where the line may lie: below the zone."""
    turkish = _project(gpd.GeoSeries([data.turkish_areas], crs=4326), local)
    turkish.plot(ax=ax, color=COLORS["turkish_area"], alpha=0.35, linewidth=0)
    corridor = shapely.union_all(data.uncertainty_corridor.geometry.to_numpy())
    if corridor.is_empty:  # a user's line given as exact (±0 km)
        return
    _project(gpd.GeoSeries([corridor], crs=4326), local).plot(
        ax=ax, facecolor="none", edgecolor=COLORS["uncertainty"], hatch="////", linewidth=0
    )


def _draw_zone(ax: Axes, result: ZoneResult, local: LocalFrame) -> None:
    zone = result.zone.set_index("band")
    for band in ("outer", "core"):
        if band not in zone.index or zone.loc[band].geometry.is_empty:
            continue
        geometry = _project(gpd.GeoSeries([zone.loc[band].geometry], crs=4326), local)
        geometry.plot(
            ax=ax,
            color=COLORS[band],
            alpha=BAND_ALPHA[band],
            edgecolor="none",
            linewidth=0,
            gid=f"band-{band}",
        )


def _draw_lines(ax: Axes, result: ZoneResult, data: StudyData, local: LocalFrame) -> None:
    if not data.opposition_area.is_empty:  # a road has no opposition-held side
        opposition = _project(gpd.GeoSeries([data.opposition_area], crs=4326), local)
        opposition.boundary.plot(
            ax=ax, color=COLORS["opposition_area"], linewidth=1.3, linestyle=(0, (5, 3))
        )
    _project(result.highways, local).plot(ax=ax, color=COLORS["highway"], linewidth=2.0)
    frontline = _project(gpd.GeoSeries([result.frontline], crs=4326), local)
    frontline.plot(ax=ax, color=COLORS["frontline"], linewidth=2.2)


def town_size(population: float) -> float:
    """Marker area in points² for a population (unknown: the smallest)."""
    if pd.isna(population):
        return 9.0
    radius = min(2.0 + math.sqrt(population) / 90.0, 9.0)
    return radius**2


def _draw_points(ax: Axes, result: ZoneResult, local: LocalFrame) -> None:
    towns = result.towns
    xy = towns.geometry.to_crs(local.crs)
    sizes = [town_size(p) for p in towns["population"]]
    inside = towns["in_zone"].to_numpy(dtype=bool)
    for mask, color, z in ((~inside, COLORS["town"], 4), (inside, COLORS["core"], 5)):
        ax.scatter(
            xy.x[mask],
            xy.y[mask],
            s=np.asarray(sizes)[mask],
            c=color,
            edgecolors="white",
            linewidths=0.6,
            zorder=z,
        )
    posts = result.posts.geometry.to_crs(local.crs)
    ax.scatter(
        posts.x,
        posts.y,
        s=POST_SIZE,
        marker="^",
        c=COLORS["post"],
        edgecolors="white",
        linewidths=0.8,
        zorder=6,
    )


def draw_layers(ax: Axes, result: ZoneResult, data: StudyData, local: LocalFrame) -> None:
    """Draw the map's layers, bottom to top: countries, context, zone, lines, points."""
    _draw_base(ax, data, local)
    _draw_context(ax, data, local)
    _draw_zone(ax, result, local)
    _draw_lines(ax, result, data, local)
    _draw_points(ax, result, local)


# --- Scale bar and north arrow ---------------------------------------------------------


@dataclass(frozen=True)
class ScaleBar:
    """A scale bar in the map's projected coordinates (metres).

    Attributes
    ----------
    length_km
        The length the bar stands for, a round number of kilometres.
    start, end
        Its end points, in metres of the map's local frame; ``end`` is ``length_km``
        kilometres east of ``start``.
    """

    length_km: float
    start: tuple[float, float]
    end: tuple[float, float]


def scale_bar_length_km(
    map_width_m: float, *, max_fraction: float = _SCALE_BAR_MAX_FRACTION
) -> float:
    """Pick a round scale-bar length for a map of a given width.

    Parameters
    ----------
    map_width_m
        Width of the map, in projected metres.
    max_fraction
        The bar is at most this fraction of the map's width.

    Returns
    -------
    float
        The longest of 1, 2 or 5 times a power of ten kilometres that fits.

    Raises
    ------
    ValueError
        If the width is not a positive finite number.
    """
    if not math.isfinite(map_width_m) or map_width_m <= 0:
        msg = f"'map_width_m' should be a positive number of metres, got {map_width_m!r}"
        raise ValueError(msg)
    limit_km = map_width_m * max_fraction / 1000.0
    unit = 10.0 ** math.floor(math.log10(limit_km))
    # 1 x unit always fits; the tolerance keeps 5 x unit when it is the limit itself.
    length = max(m * unit for m in (1, 2, 5) if m * unit <= limit_km * (1 + 1e-9))
    return float(f"{length:.12g}")


def scale_bar(extent: tuple[float, float, float, float]) -> ScaleBar:
    """Place a round-length scale bar in the lower-left corner of a projected extent.

    Parameters
    ----------
    extent
        ``(minx, miny, maxx, maxy)`` of the map, in projected metres.
    """
    minx, miny, maxx, maxy = extent
    length_km = scale_bar_length_km(maxx - minx)
    x0 = minx + 0.04 * (maxx - minx)
    y0 = miny + 0.045 * (maxy - miny)
    return ScaleBar(length_km=length_km, start=(x0, y0), end=(x0 + length_km * 1000.0, y0))


def draw_scale_bar(
    ax: Axes, bar: ScaleBar, extent: tuple[float, float, float, float], *, lang: Language = "en"
) -> list[Artist]:
    """Draw a black and white bar with its 0, middle and end lengths; return its artists."""
    (x0, y0), (x1, _) = bar.start, bar.end
    height = 0.012 * (extent[3] - extent[1])
    half = (x1 - x0) / 2
    artists: list[Artist] = []
    for i, color in enumerate((_INK, "white")):
        rect = Rectangle(
            (x0 + i * half, y0),
            half,
            height,
            facecolor=color,
            edgecolor=_INK,
            linewidth=0.8,
            zorder=9,
        )
        ax.add_patch(rect)
        artists.append(rect)
    (line,) = ax.plot([x0, x1], [y0, y0], color=_INK, linewidth=0.8, zorder=9)
    line.set_gid("scale-bar")
    artists.append(line)
    halo = [withStroke(linewidth=2.5, foreground="white")]
    for x, label in (
        (x0, format_number(0, lang)),
        (x0 + half, format_number(bar.length_km / 2, lang, max_decimals=3)),
        (x1, km_text(bar.length_km, lang)),
    ):
        text = literal_text(
            ax,
            x,
            y0 + height * 1.6,
            label,
            lang=lang,
            ha="center",
            va="bottom",
            fontsize=8,
            zorder=9,
            path_effects=halo,
        )
        artists.append(text)
    return artists


def draw_north_arrow(ax: Axes, *, lang: Language = "en") -> list[Artist]:
    """Draw an arrow and an N (in Arabic: ش) in the upper-right corner of the map; return both."""
    arrow = FancyArrow(
        0.955,
        0.86,
        0.0,
        0.08,
        width=0.008,
        head_width=0.028,
        head_length=0.035,
        length_includes_head=True,
        transform=ax.transAxes,
        color=_INK,
        zorder=9,
    )
    ax.add_patch(arrow)
    label = literal_text(
        ax,
        0.955,
        0.845,
        translator(lang).pgettext("north arrow", "N"),
        lang=lang,
        transform=ax.transAxes,
        ha="center",
        va="top",
        fontsize=11,
        fontweight="bold",
        zorder=9,
    )
    return [arrow, label]


# --- Legend ----------------------------------------------------------------------------


def _line_handle(
    label: str, color: str, width: float, *, dashes: tuple[float, float] | None = None
) -> Line2D:
    line = Line2D([], [], color=color, linewidth=width, label=label)
    if dashes is not None:
        line.set_linestyle((0, dashes))
    return line


def _marker_handle(label: str, color: str, marker: str, size: float) -> Line2D:
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=marker,
        markersize=size,
        markerfacecolor=color,
        markeredgecolor="white",
        label=label,
    )


def _band_handles(result: ZoneResult, lang: Language) -> list[Artist]:
    _ = translator(lang).gettext
    spec = result.spec
    handles: list[Artist] = []
    if spec.min_km > 0:
        label = _("Zone: inner band (0–{max} km)").format(
            max=format_number(spec.min_km, lang, max_decimals=2)
        )
        handles.append(
            Patch(facecolor=COLORS["core"], alpha=BAND_ALPHA["core"], label=print_text(label, lang))
        )
    if spec.max_km > spec.min_km:
        label = _("Zone: outer band ({min}–{max} km)").format(
            min=format_number(spec.min_km, lang, max_decimals=2),
            max=format_number(spec.max_km, lang, max_decimals=2),
        )
        handles.append(
            Patch(
                facecolor=COLORS["outer"], alpha=BAND_ALPHA["outer"], label=print_text(label, lang)
            )
        )
    return handles


def _country_handle(label: str, color: str) -> Patch:
    return Patch(facecolor=color, edgecolor=PRINT_COLORS["border"], linewidth=0.6, label=label)


def legend_handles(
    result: ZoneResult, *, opposition_area: bool, lang: Language = "en"
) -> list[Artist]:
    """Return the legend's entries: the zone's bands, then every layer drawn.

    ``opposition_area``: whether the line has an opposition-held side drawn (a road has
    none). Labels are in ``lang``, Arabic shaped and ordered for matplotlib.
    """
    _ = translator(lang).gettext

    def label(text: str) -> str:
        return print_text(text, lang)

    line = result.line_source
    area = _line_handle(
        label(opposition_legend_label(line, lang=lang)),
        COLORS["opposition_area"],
        1.3,
        dashes=(5, 3),
    )
    return [
        *_band_handles(result, lang),
        _line_handle(label(line_legend_label(line, lang=lang)), COLORS["frontline"], 2.2),
        Patch(
            facecolor="none",
            edgecolor=COLORS["uncertainty"],
            hatch="////",
            linewidth=0,
            label=label(_("Where the line may lie (± km)")),
        ),
        Patch(
            facecolor=COLORS["turkish_area"],
            alpha=0.35,
            label=label(_("Turkish-held: not in the zone")),
        ),
        *([area] if opposition_area else []),
        _line_handle(label(_("M4 / M5 highways (schematic)")), COLORS["highway"], 2.0),
        _marker_handle(label(_("Turkish observation post")), COLORS["post"], "^", 8),
        _marker_handle(label(_("Town inside the zone")), COLORS["core"], "o", 7),
        _marker_handle(label(_("Town outside the zone")), COLORS["town"], "o", 7),
        _country_handle(label(_("Syria")), COLORS["syria"]),
        _country_handle(label(_("Turkey")), COLORS["turkey"]),
    ]
