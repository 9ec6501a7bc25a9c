"""Labels of the print map: towns and highway shields, placed where they collide with nothing.

Boxes are in display pixels: a label is drawn, measured with the renderer, and removed
again if it overlaps a box already taken or leaves the map.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.patheffects import withStroke
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from geo.engine.projection import LocalFrame
from geo.i18n import Language, is_rtl
from geo.outputs._drawing import POST_SIZE, literal_text, town_size
from geo.outputs._script import font_kwargs, print_text
from geo.results.analysis import ZoneResult
from geo.style import COLORS

__all__ = ["label_highways", "label_towns", "post_boxes"]

#: Towns in the zone with the largest population that get a label, and the population
#: above which a town outside the zone is a "main city" that gets one too (Idlib city had
#: 98,791 people in 2004, Jableh 65,915).
_LABELLED_ZONE_TOWNS = 8
_MAIN_CITY_POPULATION = 60_000
#: Where a town's label goes, in that order of preference: right, left, above, below
#: its marker (offset signs, then the label's alignment).
_OFFSETS = (
    (1.0, 0.0, "left", "center"),
    (-1.0, 0.0, "right", "center"),
    (0.0, 1.0, "center", "bottom"),
    (0.0, -1.0, "center", "top"),
)


def post_boxes(ax: Axes, result: ZoneResult, local: LocalFrame) -> list[Bbox]:
    """Pixel boxes of the observation posts' markers, for labels to keep clear of."""
    posts = result.posts.geometry.to_crs(local.crs)
    half = math.sqrt(POST_SIZE) / 2 * ax.figure.dpi / 72
    pixels = ax.transData.transform(np.column_stack([posts.x, posts.y]))
    return [Bbox.from_extents(x - half, y - half, x + half, y + half) for x, y in pixels]


def _overlaps(box: Bbox, taken: Sequence[Bbox]) -> bool:
    return any(box.overlaps(other) for other in taken)


def _within(box: Bbox, outer: Bbox) -> bool:
    inside: bool = outer.x0 <= box.x0 and box.x1 <= outer.x1 and outer.y0 <= box.y0
    return inside and box.y1 <= outer.y1


def _candidates(ax: Axes, result: ZoneResult, local: LocalFrame) -> gpd.GeoDataFrame:
    """Return the towns to label, largest first: the largest in the zone and the main cities."""
    towns = result.towns.assign(geometry=result.towns.geometry.to_crs(local.crs))
    minx, maxx = ax.get_xlim()
    miny, maxy = ax.get_ylim()
    visible = towns.geometry.x.between(minx, maxx) & towns.geometry.y.between(miny, maxy)
    known = towns[visible & towns["population"].notna()]
    in_zone = known[known["in_zone"].astype(bool)].nlargest(_LABELLED_ZONE_TOWNS, "population")
    cities = known[
        ~known["in_zone"].astype(bool) & (known["population"] >= _MAIN_CITY_POPULATION)
    ].sort_values("population", ascending=False)
    return pd.concat([cities, in_zone]).sort_values("population", ascending=False)


def _marker_boxes(ax: Axes, candidates: gpd.GeoDataFrame) -> dict[object, Bbox]:
    """Pixel box of each candidate town's marker, by its index."""
    px_per_pt = ax.figure.dpi / 72
    markers: dict[object, Bbox] = {}
    for row in candidates.itertuples():
        px, py = ax.transData.transform((row.geometry.x, row.geometry.y))
        half = math.sqrt(town_size(row.population)) / 2 * px_per_pt
        markers[row.Index] = Bbox.from_extents(px - half, py - half, px + half, py + half)
    return markers


def _place_town_label(
    ax: Axes, row: Any, name: str, others: list[Bbox], renderer: RendererBase, lang: Language
) -> tuple[Text, Bbox] | None:
    """Try each side of a town's marker; return the label and its box, or None if none fits."""
    x, y = row.geometry.x, row.geometry.y
    gap = math.sqrt(town_size(row.population)) / 2 + 2
    bold = bool(row.in_zone)
    color = "#1a1a1a" if bold else "#404040"
    halo = [withStroke(linewidth=2.5, foreground="white")]
    # The Arabic font has one weight: a bold label gets a thin outline of its colour.
    style: dict[str, Any] = {"fontweight": "bold" if bold else "normal", **font_kwargs(lang)}
    if bold and is_rtl(lang):
        halo.append(withStroke(linewidth=0.5, foreground=color))
    for sx, sy, ha, va in _OFFSETS:
        text = ax.annotate(
            print_text(name, lang),
            (x, y),
            xytext=(sx * gap, sy * gap),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=8.5 if bold else 8,
            color=color,
            zorder=8,
            path_effects=halo,
            annotation_clip=True,
            **style,
        )
        text.set_parse_math(False)
        text.set_usetex(False)
        box = text.get_window_extent(renderer).expanded(1.04, 1.1)
        if _overlaps(box, others) or not _within(box, ax.bbox):
            text.remove()
            continue
        text.set_gid("town-label")
        return text, box
    return None


def _town_name(row: Any, lang: Language) -> str:
    """Return a town's name in ``lang``: its Arabic name if it has one, else its English name."""
    if lang == "ar":
        arabic = getattr(row, "name_ar", None)
        if isinstance(arabic, str) and arabic.strip():
            return arabic
    return "" if pd.isna(row.name) else str(row.name)


def label_towns(
    ax: Axes,
    result: ZoneResult,
    local: LocalFrame,
    renderer: RendererBase,
    taken: list[Bbox],
    *,
    lang: Language = "en",
) -> list[Text]:
    """Label the largest towns in the zone and the main cities, skipping labels that collide.

    Each label placed adds its box to ``taken``. In Arabic a town is named by its
    ``name_ar``, or by its English name where it has no Arabic one.
    """
    candidates = _candidates(ax, result, local)
    # A label may touch its own town's marker, not another labelled town's.
    markers = _marker_boxes(ax, candidates)
    placed: list[Text] = []
    for row in candidates.itertuples():
        name = _town_name(row, lang)
        if not name.strip():
            continue
        others = [*taken, *(box for index, box in markers.items() if index != row.Index)]
        label = _place_town_label(ax, row, name, others, renderer, lang)
        if label is not None:
            taken.append(label[1])
            placed.append(label[0])
    return placed


def _highway_shield(ax: Axes, point: shapely.Point, name: str) -> Text:
    return literal_text(
        ax,
        point.x,
        point.y,
        name,
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


def label_highways(
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
            text = _highway_shield(ax, point, str(name))
            box = text.get_window_extent(renderer).padded(3 * ax.figure.dpi / 72)
            if _overlaps(box, taken):
                text.remove()
                continue
            taken.append(box)
            break
