"""A printable map of one zone, as PNG or PDF bytes, drawn offline with matplotlib.

The map is drawn in a local azimuthal-equidistant projection centred on the zone, so
that its scale bar is true across the map (the scale error is under 0.05 % within
200 km of the centre). Every figure is a :class:`matplotlib.figure.Figure` with its own
Agg canvas: pyplot and its global state are not used, so renders can run in parallel
threads (as Streamlit sessions do).

Every text that comes from data or from the caller (town names, the title) is drawn
literally: mathtext and TeX are turned off on those text objects.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, Patch, Rectangle
from matplotlib.patheffects import withStroke
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from geo.engine.projection import LocalFrame
from geo.inputs.layers import StudyData
from geo.results.analysis import ZoneResult
from geo.style import BAND_ALPHA, COLORS

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
_SEA = "#dce9f2"
_BORDER = "#555555"
#: Margin around the zone, as a fraction of its larger side (at least ``_MIN_MARGIN_M``).
_MARGIN = 0.08
_MIN_MARGIN_M = 8_000.0
#: The scale bar covers at most this fraction of the map's width.
_SCALE_BAR_MAX_FRACTION = 0.3
#: Towns in the zone with the largest population that get a label, and the population
#: above which a town outside the zone is a "main city" that gets one too.
_LABELLED_ZONE_TOWNS = 8
_MAIN_CITY_POPULATION = 100_000
#: Print resolution of the geometries drawn (about a pixel at 600 dpi on this page).
_SIMPLIFY_M = 30.0
#: Marker area of an observation post, in points².
_POST_SIZE = 55.0


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


# --- Building the figure -------------------------------------------------------------


def _focus(result: ZoneResult, data: StudyData) -> shapely.Geometry:
    zone = shapely.union_all(result.zone.geometry.to_numpy())
    return data.opposition_area if zone.is_empty else zone


def _literal_text(ax_or_fig: Axes | Figure, x: float, y: float, s: str, **kwargs: object) -> Text:
    """Add a text drawn exactly as given: no mathtext (``$...$``), no TeX."""
    text = ax_or_fig.text(x, y, s, parse_math=False, usetex=False, **kwargs)  # type: ignore[arg-type]
    return text


def _project(frame: gpd.GeoDataFrame | gpd.GeoSeries, local: LocalFrame) -> gpd.GeoSeries:
    series = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    projected = series.to_crs(local.crs)
    return projected.simplify(_SIMPLIFY_M, preserve_topology=True)


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


def _band_text(result: ZoneResult) -> str:
    spec = result.spec
    parts = []
    if spec.min_km > 0:
        parts.append(f"inner band 0–{spec.min_km:g} km")
    if spec.max_km > spec.min_km:
        parts.append(f"outer band {spec.min_km:g}–{spec.max_km:g} km")
    side = (
        "on the opposition-held side only"
        if spec.side == "opposition"
        else "on both sides of the line, within Syria"
    )
    if not parts:
        return f"No zone drawn: width 0 km ({side})"
    text = f"{' and '.join(parts)} from the September 2018 front line, {side}"
    return text[0].upper() + text[1:]


def _draw_base(ax: Axes, data: StudyData, local: LocalFrame) -> None:
    # Within the rectangle the layers were clipped to, what is neither Syria nor Turkey is
    # the Mediterranean. Its edges are densified: they curve once projected.
    box = shapely.segmentize(shapely.box(*data.borders.total_bounds), 0.02)
    gpd.GeoSeries([box], crs=4326).to_crs(local.crs).plot(ax=ax, color=_SEA, linewidth=0)
    borders = data.borders
    fills = {"SYR": COLORS["syria"], "TUR": COLORS["turkey"]}
    countries = _project(borders, local)
    countries.plot(
        ax=ax, color=[fills.get(code, "#ffffff") for code in borders["iso_a3"]], linewidth=0
    )
    # Stroke only real borders and coasts, not the rectangle the countries were clipped to.
    clip_frame = shapely.box(*borders.total_bounds).boundary.buffer(1e-6)
    lines = gpd.GeoSeries(borders.geometry.boundary.difference(clip_frame), crs=4326)
    _project(lines, local).plot(ax=ax, color=_BORDER, linewidth=0.9)


def _draw_context(ax: Axes, data: StudyData, local: LocalFrame) -> None:
    """Draw the Turkish-held areas and, hatched, where the line may lie: below the zone."""
    turkish = _project(gpd.GeoSeries([data.turkish_areas], crs=4326), local)
    turkish.plot(ax=ax, color=COLORS["turkish_area"], alpha=0.35, linewidth=0)
    corridor = shapely.union_all(data.uncertainty_corridor.geometry.to_numpy())
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
    opposition = _project(gpd.GeoSeries([data.opposition_area], crs=4326), local)
    opposition.boundary.plot(
        ax=ax, color=COLORS["opposition_area"], linewidth=1.3, linestyle=(0, (5, 3))
    )
    _project(result.highways, local).plot(ax=ax, color=COLORS["highway"], linewidth=2.0)
    frontline = _project(gpd.GeoSeries([result.frontline], crs=4326), local)
    frontline.plot(ax=ax, color=COLORS["frontline"], linewidth=2.2)


def _town_size(population: float) -> float:
    """Marker area in points² for a population (unknown: the smallest)."""
    if pd.isna(population):
        return 9.0
    radius = min(2.0 + math.sqrt(population) / 90.0, 9.0)
    return radius**2


def _draw_points(ax: Axes, result: ZoneResult, local: LocalFrame) -> None:
    towns = result.towns
    xy = towns.geometry.to_crs(local.crs)
    sizes = [_town_size(p) for p in towns["population"]]
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
        s=_POST_SIZE,
        marker="^",
        c=COLORS["post"],
        edgecolors="white",
        linewidths=0.8,
        zorder=6,
    )


def _post_boxes(ax: Axes, result: ZoneResult, local: LocalFrame) -> list[Bbox]:
    """Pixel boxes of the observation posts' markers, for labels to keep clear of."""
    posts = result.posts.geometry.to_crs(local.crs)
    half = math.sqrt(_POST_SIZE) / 2 * ax.figure.dpi / 72
    pixels = ax.transData.transform(np.column_stack([posts.x, posts.y]))
    return [Bbox.from_extents(x - half, y - half, x + half, y + half) for x, y in pixels]


def _overlaps(box: Bbox, taken: Sequence[Bbox]) -> bool:
    return any(box.overlaps(other) for other in taken)


def _within(box: Bbox, outer: Bbox) -> bool:
    inside: bool = outer.x0 <= box.x0 and box.x1 <= outer.x1 and outer.y0 <= box.y0
    return inside and box.y1 <= outer.y1


def _label_towns(
    ax: Axes,
    result: ZoneResult,
    local: LocalFrame,
    renderer: RendererBase,
    taken: list[Bbox],
) -> list[Text]:
    """Label the largest towns in the zone and the main cities, skipping labels that collide."""
    towns = result.towns.assign(geometry=result.towns.geometry.to_crs(local.crs))
    minx, maxx = ax.get_xlim()
    miny, maxy = ax.get_ylim()
    visible = towns.geometry.x.between(minx, maxx) & towns.geometry.y.between(miny, maxy)
    known = towns[visible & towns["population"].notna()]
    in_zone = known[known["in_zone"].astype(bool)].nlargest(_LABELLED_ZONE_TOWNS, "population")
    cities = known[
        ~known["in_zone"].astype(bool) & (known["population"] >= _MAIN_CITY_POPULATION)
    ].sort_values("population", ascending=False)
    candidates = pd.concat([cities, in_zone]).sort_values("population", ascending=False)
    px_per_pt = ax.figure.dpi / 72
    # A label may touch its own town's marker, not another labelled town's.
    markers = {}
    for row in candidates.itertuples():
        px, py = ax.transData.transform((row.geometry.x, row.geometry.y))
        half = math.sqrt(_town_size(row.population)) / 2 * px_per_pt
        markers[row.Index] = Bbox.from_extents(px - half, py - half, px + half, py + half)
    placed: list[Text] = []
    halo = [withStroke(linewidth=2.5, foreground="white")]
    for row in candidates.itertuples():
        name = "" if pd.isna(row.name) else str(row.name)
        if not name.strip():
            continue
        others = [*taken, *(box for index, box in markers.items() if index != row.Index)]
        gap = math.sqrt(_town_size(row.population)) / 2 + 2
        bold = bool(row.in_zone)
        # Right, left, above, below the marker, in that order of preference.
        offsets = (
            (gap, 0.0, "left", "center"),
            (-gap, 0.0, "right", "center"),
            (0.0, gap, "center", "bottom"),
            (0.0, -gap, "center", "top"),
        )
        for dx, dy, ha, va in offsets:
            text = ax.annotate(
                name,
                (row.geometry.x, row.geometry.y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=8.5 if bold else 8,
                fontweight="bold" if bold else "normal",
                color="#1a1a1a" if bold else "#404040",
                zorder=8,
                path_effects=halo,
                annotation_clip=True,
            )
            text.set_parse_math(False)
            text.set_usetex(False)
            box = text.get_window_extent(renderer).expanded(1.04, 1.1)
            if _overlaps(box, others) or not _within(box, ax.bbox):
                text.remove()
                continue
            text.set_gid("town-label")
            taken.append(box)
            placed.append(text)
            break
    return placed


def _draw_scale_bar(
    ax: Axes, bar: ScaleBar, extent: tuple[float, float, float, float]
) -> list[Artist]:
    (x0, y0), (x1, _) = bar.start, bar.end
    height = 0.012 * (extent[3] - extent[1])
    half = (x1 - x0) / 2
    artists: list[Artist] = []
    for i, color in enumerate(("#1a1a1a", "white")):
        rect = Rectangle(
            (x0 + i * half, y0),
            half,
            height,
            facecolor=color,
            edgecolor="#1a1a1a",
            linewidth=0.8,
            zorder=9,
        )
        ax.add_patch(rect)
        artists.append(rect)
    (line,) = ax.plot([x0, x1], [y0, y0], color="#1a1a1a", linewidth=0.8, zorder=9)
    line.set_gid("scale-bar")
    artists.append(line)
    halo = [withStroke(linewidth=2.5, foreground="white")]
    for x, label in (
        (x0, "0"),
        (x0 + half, f"{bar.length_km / 2:g}"),
        (x1, f"{bar.length_km:g} km"),
    ):
        text = _literal_text(
            ax,
            x,
            y0 + height * 1.6,
            label,
            ha="center",
            va="bottom",
            fontsize=8,
            zorder=9,
            path_effects=halo,
        )
        artists.append(text)
    return artists


def _draw_north_arrow(ax: Axes) -> list[Artist]:
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
        color="#1a1a1a",
        zorder=9,
    )
    ax.add_patch(arrow)
    label = _literal_text(
        ax,
        0.955,
        0.845,
        "N",
        transform=ax.transAxes,
        ha="center",
        va="top",
        fontsize=11,
        fontweight="bold",
        zorder=9,
    )
    return [arrow, label]


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


def _legend_handles(result: ZoneResult) -> list[Artist]:
    spec = result.spec
    handles: list[Artist] = []
    if spec.min_km > 0:
        handles.append(
            Patch(
                facecolor=COLORS["core"],
                alpha=BAND_ALPHA["core"],
                label=f"Zone: inner band (0–{spec.min_km:g} km)",
            )
        )
    if spec.max_km > spec.min_km:
        handles.append(
            Patch(
                facecolor=COLORS["outer"],
                alpha=BAND_ALPHA["outer"],
                label=f"Zone: outer band ({spec.min_km:g}–{spec.max_km:g} km)",
            )
        )
    handles += [
        _line_handle("Front line, Sep 2018 (derived)", COLORS["frontline"], 2.2),
        Patch(
            facecolor="none",
            edgecolor=COLORS["uncertainty"],
            hatch="////",
            linewidth=0,
            label="Where the line may lie (± km)",
        ),
        Patch(facecolor=COLORS["turkish_area"], alpha=0.35, label="Turkish-held: not in the zone"),
        _line_handle(
            "Opposition-held area, Sep 2018", COLORS["opposition_area"], 1.3, dashes=(5, 3)
        ),
        _line_handle("M4 / M5 highways (schematic)", COLORS["highway"], 2.0),
        _marker_handle("Turkish observation post", COLORS["post"], "^", 8),
        _marker_handle("Town inside the zone", COLORS["core"], "o", 7),
        _marker_handle("Town outside the zone", COLORS["town"], "o", 7),
        Patch(facecolor=COLORS["syria"], edgecolor=_BORDER, linewidth=0.6, label="Syria"),
        Patch(facecolor=COLORS["turkey"], edgecolor=_BORDER, linewidth=0.6, label="Turkey"),
    ]
    return handles


def _key_numbers(result: ZoneResult) -> str:
    stats = result.stats
    lines = [
        f"Zone area: {stats.area_km2:,.0f} km²",
        f"  inner {stats.core_area_km2:,.0f} km², outer {stats.outer_area_km2:,.0f} km²",
        f"Towns inside: {stats.towns_in_zone_certain} certain + {stats.towns_borderline} "
        "borderline",
        f"People: {stats.population_in_zone_certain:,} certain + "
        f"{stats.population_borderline:,} borderline",
    ]
    if stats.towns_in_zone_without_population:
        missing = stats.towns_in_zone_without_population
        lines.append(f"  ({missing} of them without a population figure)")
    lines += [
        f"Turkish observation posts inside: {stats.posts_in_zone} of {len(result.posts)}",
    ]
    if stats.highway_km_in_zone:
        roads = ", ".join(f"{name} {km:,.0f} km" for name, km in stats.highway_km_in_zone.items())
        lines.append(f"Highways inside: {roads}")
    return "\n".join(lines)


def _raster_page_in(dpi: int) -> tuple[float, float]:
    """A4 in inches, adjusted by under a pixel so that the image is A4 rounded to pixels.

    Agg truncates the page to whole pixels (2338 x 1653 at 200 dpi); half a pixel more
    makes it round instead (2339 x 1654).
    """
    width, height = (round(side * dpi) for side in PAGE_SIZE_IN)
    return (width + 0.5) / dpi, (height + 0.5) / dpi


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

    focus = _focus(result, data)
    local = LocalFrame.centred_on(focus)
    ax = figure.add_axes(_MAP_BOX)
    page_w, page_h = page_in
    aspect = (_MAP_BOX[2] * page_w) / (_MAP_BOX[3] * page_h)
    limits = _inner_box_bounds(shapely.box(*data.borders.total_bounds), local)
    extent = _fit_extent(local.to_local(focus).bounds, limits, aspect)

    _draw_base(ax, data, local)
    _draw_context(ax, data, local)
    _draw_zone(ax, result, local)
    _draw_lines(ax, result, data, local)
    _draw_points(ax, result, local)
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
    renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]

    bar = scale_bar(extent)
    furniture = [*_draw_scale_bar(ax, bar, extent), *_draw_north_arrow(ax)]
    taken = [artist.get_window_extent(renderer) for artist in furniture]
    taken += _post_boxes(ax, result, local)
    _label_towns(ax, result, local, renderer, taken)
    _label_highways(ax, result, local, renderer, taken)

    # Long titles get a smaller font, down to 11 pt, to stay on one line of the page.
    title_size = max(11.0, min(18.0, 18.0 * 60 / max(len(title), 1)))
    _literal_text(
        figure, 0.03, 0.965, title, ha="left", va="top", fontsize=title_size, fontweight="bold"
    )
    _literal_text(figure, 0.03, 0.912, _band_text(result), ha="left", va="top", fontsize=11)
    made = datetime.now(tz=UTC).date().isoformat()
    _literal_text(
        figure,
        0.97,
        0.018,
        f"Map made {made}",
        ha="right",
        va="bottom",
        fontsize=9,
        color="#404040",
    )

    right = 0.66
    legend = figure.legend(
        handles=_legend_handles(result),
        loc="upper left",
        bbox_to_anchor=(right, 0.875),
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
    key_box = {"boxstyle": "round,pad=0.6", "facecolor": "#f5f5f5", "edgecolor": "#bbbbbb"}
    _literal_text(
        figure,
        right + 0.005,
        0.45,
        " \n" + _key_numbers(result),
        ha="left",
        va="top",
        fontsize=9,
        linespacing=1.5,
        bbox=key_box,
        gid="key-numbers",
    )
    _literal_text(
        figure,
        right + 0.005,
        0.45,
        "Key numbers",
        ha="left",
        va="top",
        fontsize=9,
        linespacing=1.5,
        fontweight="bold",
    )
    _literal_text(
        figure,
        right + 0.005,
        0.22,
        "Towns: size by population (pre-war figures, mostly the 2004 census);\n"
        "labels for the largest towns in the zone and the main cities.\n"
        "Projection: azimuthal equidistant centred on the zone\n"
        f"({local.lat:.2f}° N, {local.lon:.2f}° E), so the scale bar is true.",
        ha="left",
        va="top",
        fontsize=7.5,
        color="#404040",
        linespacing=1.5,
    )
    _literal_text(figure, 0.03, 0.045, SOURCES, ha="left", va="bottom", fontsize=8, color="#404040")
    _literal_text(
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
    return figure


def _label_highways(
    ax: Axes, result: ZoneResult, local: LocalFrame, renderer: RendererBase, taken: list[Bbox]
) -> None:
    """Put a small shield with the highway's name on each highway, where there is room."""
    minx, maxx = ax.get_xlim()
    miny, maxy = ax.get_ylim()
    view = shapely.box(minx, miny, maxx, maxy)
    lines = result.highways.geometry.to_crs(local.crs)
    for name, line in zip(result.highways["highway"], lines, strict=True):
        visible = line.intersection(view)
        if visible.is_empty:
            continue
        for fraction in (0.5, 0.35, 0.65, 0.2, 0.8):
            point = shapely.line_interpolate_point(
                shapely.line_merge(visible), fraction, normalized=True
            )
            if point.is_empty:
                continue
            text = _literal_text(
                ax,
                point.x,
                point.y,
                str(name),
                ha="center",
                va="center",
                fontsize=7.5,
                fontweight="bold",
                color="white",
                zorder=7,
                bbox={
                    "boxstyle": "round,pad=0.25",
                    "facecolor": COLORS["highway"],
                    "edgecolor": "white",
                    "linewidth": 0.8,
                },
            )
            box = text.get_window_extent(renderer).padded(3 * ax.figure.dpi / 72)
            if _overlaps(box, taken):
                text.remove()
                continue
            taken.append(box)
            break
