"""The numbers beside the map, the downloads, and the towns table."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from geo.inputs.layers import StudyData
from geo.mapview.standalone import standalone_html
from geo.outputs.export import export_bytes, towns_csv
from geo.outputs.tables import comparison_towns_csv
from geo.results.analysis import ZoneResult
from geo.results.compare import Comparison
from geo.results.population import coverage_text, population_coverage
from geo.style import BAND_LABELS, format_population
from ui.text import plain

__all__ = [
    "comparison_panel",
    "downloads",
    "map_downloads",
    "more_numbers",
    "numbers",
    "towns_table",
]

Maker = Callable[[ZoneResult], bytes]

# Label, file name ending, MIME type, and the function that writes the file from a result.
# The files are made when a button is clicked, not on every slider move.
DOWNLOADS: tuple[tuple[str, str, str, Maker], ...] = (
    ("GeoJSON (RFC 7946)", "geojson", "application/geo+json", partial(export_bytes, fmt="geojson")),
    (
        "KML (Google Earth)",
        "kml",
        "application/vnd.google-earth.kml+xml",
        partial(export_bytes, fmt="kml"),
    ),
    ("GeoPackage", "gpkg", "application/geopackage+sqlite3", partial(export_bytes, fmt="gpkg")),
    (
        "Towns inside the zone (CSV)",
        "towns_inside.csv",
        "text/csv",
        partial(towns_csv, inside_only=True),
    ),
    (
        "All towns of the map (CSV)",
        "towns_all.csv",
        "text/csv",
        partial(towns_csv, inside_only=False),
    ),
)


def _print_map(result: ZoneResult, *, data: StudyData, pdf: bool = False) -> bytes:
    # matplotlib takes 0.4 s to import: only when a print map is asked for.
    from geo.outputs.printmap import render_map_pdf, render_map_png

    return (render_map_pdf if pdf else render_map_png)(result, data)


def map_downloads(data: StudyData) -> tuple[tuple[str, str, str, Maker], ...]:
    """List the map itself as files (print PNG and PDF, one HTML page) for `downloads`."""
    return (
        ("map image (PNG, print)", "png", "image/png", partial(_print_map, data=data)),
        ("map (PDF, print)", "pdf", "application/pdf", partial(_print_map, data=data, pdf=True)),
        ("map as one HTML file", "html", "text/html", partial(standalone_html, data=data)),
    )


def _range(certain: int, borderline: int) -> str:
    return f"{certain:,} certain + {borderline:,} borderline"


def _compact(count: int) -> str:
    """Write a count of people so that a range fits a narrow column: 95,847 -> 96k."""
    if count >= 1_000_000:
        return f"{count / 1e6:.2g}M"
    if count >= 10_000:
        return f"{count / 1e3:.0f}k"
    return f"{count:,}"


def numbers(result: ZoneResult) -> None:
    """Show the zone's numbers, with the line's uncertainty as honest ranges."""
    stats, spec = result.stats, result.spec
    side_text = "inside the opposition-held area" if spec.side == "opposition" else "both sides"
    st.markdown(
        f"**Inner band 0–{spec.min_km:g} km, whole zone 0–{spec.max_km:g} km, {side_text}**"
    )
    st.metric("Area of the zone", f"{stats.area_km2:,.0f} km²")
    st.caption(
        f"Inner band {stats.core_area_km2:,.0f} km² · outer band {stats.outer_area_km2:,.0f} km²"
    )
    st.metric(
        "Towns inside",
        f"{stats.towns_in_zone_certain} to {stats.towns_in_zone_certain + stats.towns_borderline}",
    )
    st.caption(
        f"{_range(stats.towns_in_zone_certain, stats.towns_borderline)}: a borderline town "
        "could be in or out of the zone as the line moves within its uncertainty. "
        f"On the derived line: {stats.towns_in_zone}, of which {stats.towns_band_unsure} "
        "could lie in the other band."
    )
    certain, borderline = stats.population_in_zone_certain, stats.population_borderline
    st.metric(
        "People inside (pre-war figures)",
        f"{_compact(certain)} to {_compact(certain + borderline)}",
    )
    coverage = population_coverage(result)
    st.caption(f"{_range(certain, borderline)}. " + plain(coverage_text(coverage)))


def more_numbers(result: ZoneResult) -> None:
    """Show the posts and highway lengths inside the zone in a row, and how well the line is known.

    They come under the map and the main numbers (:func:`numbers`), which stay beside the map.
    """
    stats = result.stats
    posts, *roads = st.columns(1 + len(stats.highway_km_in_zone))
    posts.metric(
        "Turkish posts inside",
        f"{stats.posts_in_zone} of {len(result.posts)}",
        help=f"{stats.posts_borderline} borderline",
    )
    for cell, (highway, km) in zip(roads, stats.highway_km_in_zone.items(), strict=True):
        cell.metric(f"{highway} inside", f"{km:,.1f} km")
    u = stats.line_uncertainty_km
    st.caption(
        f"The line is known to within ± {u['median']:g} km along half its length, "
        f"and ± {u['max']:g} km at worst."
    )


def downloads(
    result: ZoneResult, extra: tuple[tuple[str, str, str, Maker], ...] = (), *, per_row: int = 1
) -> None:
    """Offer the zone's files; each is made only when its button is clicked.

    The buttons are laid out ``per_row`` to a row, in reading order (a phone shows them
    one under the other, still in that order).
    """
    spec = result.spec
    stem = f"idlib_zone_{spec.min_km:g}-{spec.max_km:g}km_{spec.side}"
    files = (*DOWNLOADS, *extra)
    cells = [cell for start in range(0, len(files), per_row) for cell in st.columns(per_row)]
    for cell, (label, ending, mime, make) in zip(cells, files, strict=False):
        cell.download_button(
            f"Download {label}",
            data=partial(make, result),
            file_name=f"{stem}.{ending}",
            mime=mime,
            on_click="ignore",
            width="stretch",
            key=f"download_{ending}",
        )


def towns_table(result: ZoneResult) -> None:
    """List the towns inside the zone and the borderline ones, nearest the line first."""
    towns = result.towns
    shown = (towns["in_zone"] | towns["borderline"]).to_numpy(dtype=bool)
    distance = towns["distance_km"].to_numpy(dtype=float)
    rows = [int(i) for i in np.flatnonzero(shown)]
    rows.sort(key=distance.__getitem__)

    # Plain lists of the few columns shown: pandas' take and sort on the whole frame cost
    # more than the rest of a slider step.
    def column(name: str) -> list[object]:
        values = towns[name].tolist() if name in towns else [None] * len(towns)
        return [values[i] for i in rows]

    years = column("population_year")
    table = pd.DataFrame(
        {
            "Town": column("name"),
            "Arabic": [v if isinstance(v, str) else "" for v in column("name_ar")],
            "Population (pre-war)": [
                format_population(p, year=y)
                for p, y in zip(column("population"), years, strict=True)
            ],
            "Band": [
                BAND_LABELS.get(b, "outside") if isinstance(b, str) else "outside"
                for b in column("band")
            ],
            "Borderline": [bool(v) for v in column("borderline")],
            "Distance to line (km)": [round(float(distance[i]), 1) for i in rows],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")


def comparison_panel(result: Comparison, *, titles: Mapping[str, str]) -> None:
    """Show two scenarios side by side: areas, overlap, what changed hands, and towns."""
    first, second = plain(titles[result.first]), plain(titles[result.second])
    st.markdown(f"##### Compare: {first} / {second}")
    cols = st.columns(2)
    cols[0].metric(f"Area: {first}", f"{result.first_area_km2:,.0f} km²")
    cols[1].metric(f"Area: {second}", f"{result.second_area_km2:,.0f} km²")
    cols = st.columns(2)
    cols[0].metric("Overlap", f"{result.overlap_km2:,.0f} km²")
    if result.first_on_government_side_km2 is not None:
        cols[1].metric(
            "First zone on the government side of the second line",
            f"{result.first_on_government_side_km2:,.0f} km²",
            help=f"Towns there: {result.first_population_on_government_side:,} people "
            "(pre-war figures)",
        )
    if result.changed_certain_km2 is not None and result.changed_uncertain_km2 is not None:
        certain, unsure = st.columns(2)
        certain.metric("Changed hands for certain", f"{result.changed_certain_km2:,.0f} km²")
        unsure.metric(
            "Changed hands within the lines' uncertainty",
            f"{result.changed_uncertain_km2:,.0f} km²",
            help="Where the first zone lies on the government side of the second line but "
            "inside either line's uncertainty corridor: it may not have changed hands.",
        )
    table = result.towns.assign(
        population=[format_population(p) for p in result.towns["population"]],
        only_inside=[titles[n] for n in result.towns["in"]],
    )[["name", "population", "only_inside"]]
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "name": "Town",
            "population": "Population (pre-war)",
            "only_inside": "Only inside",
        },
    )
    st.download_button(
        "Download the towns in one zone only (CSV)",
        data=partial(comparison_towns_csv, result),
        file_name=f"idlib_compare_{result.first}_{result.second}.csv",
        mime="text/csv",
        on_click="ignore",
        key="download_compare_csv",
    )
