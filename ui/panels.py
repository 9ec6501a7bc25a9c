"""The numbers beside the map, the downloads, and the towns table."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from geo.i18n import Language, format_number, is_rtl, translator
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
    "zone_files",
]

Maker = Callable[[ZoneResult], bytes]

Download = tuple[str, str, str, Maker]


def zone_files(lang: Language) -> tuple[Download, ...]:
    """List the zone's files: label (translated), file name ending, MIME type, and maker.

    The files are made when a button is clicked, not on every slider move; the GeoJSON,
    KML and GeoPackage describe the zone in ``lang``.
    """
    _ = translator(lang).gettext
    return (
        (
            "GeoJSON (RFC 7946)",
            "geojson",
            "application/geo+json",
            partial(export_bytes, fmt="geojson", lang=lang),
        ),
        (
            _("KML (Google Earth)"),
            "kml",
            "application/vnd.google-earth.kml+xml",
            partial(export_bytes, fmt="kml", lang=lang),
        ),
        (
            "GeoPackage",
            "gpkg",
            "application/geopackage+sqlite3",
            partial(export_bytes, fmt="gpkg", lang=lang),
        ),
        (
            _("Towns inside the zone (CSV)"),
            "towns_inside.csv",
            "text/csv",
            partial(towns_csv, inside_only=True),
        ),
        (
            _("All towns of the map (CSV)"),
            "towns_all.csv",
            "text/csv",
            partial(towns_csv, inside_only=False),
        ),
    )


def _print_map(result: ZoneResult, *, data: StudyData, lang: Language, pdf: bool = False) -> bytes:
    # matplotlib takes 0.4 s to import: only when a print map is asked for.
    from geo.outputs.printmap import render_map_pdf, render_map_png

    return (render_map_pdf if pdf else render_map_png)(result, data, lang=lang)


def map_downloads(data: StudyData, *, lang: Language) -> tuple[Download, ...]:
    """List the map itself as files (print PNG and PDF, one HTML page) for `downloads`."""
    _ = translator(lang).gettext
    return (
        (
            _("map image (PNG, print)"),
            "png",
            "image/png",
            partial(_print_map, data=data, lang=lang),
        ),
        (
            _("map (PDF, print)"),
            "pdf",
            "application/pdf",
            partial(_print_map, data=data, lang=lang, pdf=True),
        ),
        (
            _("map as one HTML file"),
            "html",
            "text/html",
            partial(standalone_html, data=data, lang=lang),
        ),
    )


def _range(certain: int, borderline: int, lang: Language) -> str:
    _ = translator(lang).gettext
    return _("{certain} certain + {borderline} borderline").format(
        certain=format_number(certain, lang), borderline=format_number(borderline, lang)
    )


def _span(low: str, high: str, lang: Language) -> str:
    """Write a range of two written numbers, or one number when both read the same.

    A line known exactly (drawn with no uncertainty) has no borderline towns.
    """
    _ = translator(lang).gettext
    return low if low == high else _("{low} to {high}").format(low=low, high=high)


def _compact(count: int, lang: Language) -> str:
    """Write a count of people so that a range fits a narrow column: 95,847 -> 96k."""
    _ = translator(lang).gettext
    if count >= 1_000_000:
        value = format_number(count / 1e6, lang, max_decimals=1 if count < 1e7 else 0)
        return _("{count}M").format(count=value)
    if count >= 10_000:
        return _("{count}k").format(count=format_number(round(count / 1e3), lang))
    return format_number(count, lang)


def _km2(value: float, lang: Language) -> str:
    _ = translator(lang).gettext
    return _("{area} km²").format(area=format_number(value, lang))


def numbers(result: ZoneResult, *, lang: Language) -> None:
    """Show the zone's numbers, with the line's uncertainty as honest ranges."""
    _ = translator(lang).gettext
    stats, spec = result.stats, result.spec
    km = partial(format_number, lang=lang, max_decimals=1)
    side_text = (
        _("inside the opposition-held area") if spec.side == "opposition" else _("both sides")
    )
    heading = _("Inner band 0–{inner} km, whole zone 0–{zone} km, {side}").format(
        inner=km(spec.min_km), zone=km(spec.max_km), side=side_text
    )
    st.markdown(f"**{heading}**")
    st.metric(_("Area of the zone"), _km2(stats.area_km2, lang))
    st.caption(
        _("Inner band {inner} · outer band {outer}").format(
            inner=_km2(stats.core_area_km2, lang), outer=_km2(stats.outer_area_km2, lang)
        )
    )
    certain, borderline = stats.towns_in_zone_certain, stats.towns_borderline
    st.metric(
        _("Towns inside"),
        _span(format_number(certain, lang), format_number(certain + borderline, lang), lang),
    )
    st.caption(
        _(
            "{range}: a borderline town could be in or out of the zone as the line moves "
            "within its uncertainty. On the derived line: {towns}, of which {unsure} could "
            "lie in the other band."
        ).format(
            range=_range(certain, borderline, lang),
            towns=format_number(stats.towns_in_zone, lang),
            unsure=format_number(stats.towns_band_unsure, lang),
        )
    )
    _people(result, lang)


def _people(result: ZoneResult, lang: Language) -> None:
    """Show how many people live inside, as a range, and what the figures are."""
    _ = translator(lang).gettext
    stats = result.stats
    certain, borderline = stats.population_in_zone_certain, stats.population_borderline
    st.metric(
        _("People inside (pre-war figures)"),
        _span(_compact(certain, lang), _compact(certain + borderline, lang), lang),
    )
    coverage = population_coverage(result)
    st.caption(f"{_range(certain, borderline, lang)}. " + plain(coverage_text(coverage, lang=lang)))


def more_numbers(result: ZoneResult, *, lang: Language) -> None:
    """Show the posts and highway lengths inside the zone in a row, and how well the line is known.

    They come under the map and the main numbers (:func:`numbers`), which stay beside the map.
    """
    _ = translator(lang).gettext
    stats = result.stats
    posts, *roads = st.columns(1 + len(stats.highway_km_in_zone))
    posts.metric(
        _("Turkish posts inside"),
        _("{inside} of {total}").format(
            inside=format_number(stats.posts_in_zone, lang),
            total=format_number(len(result.posts), lang),
        ),
        help=_("{count} borderline").format(count=format_number(stats.posts_borderline, lang)),
    )
    for cell, (highway, km) in zip(roads, stats.highway_km_in_zone.items(), strict=True):
        cell.metric(
            _("{road} inside").format(road=highway),
            _("{km} km").format(km=format_number(km, lang, min_decimals=1, max_decimals=1)),
        )
    u = stats.line_uncertainty_km
    st.caption(
        _(
            "The line is known to within ± {median} km along half its length, "
            "and ± {max} km at worst."
        ).format(
            median=format_number(u["median"], lang, max_decimals=2),
            max=format_number(u["max"], lang, max_decimals=2),
        )
    )


def downloads(
    result: ZoneResult,
    extra: tuple[Download, ...] = (),
    *,
    lang: Language,
    per_row: int = 1,
) -> None:
    """Offer the zone's files; each is made only when its button is clicked.

    The buttons are laid out ``per_row`` to a row, in reading order (a phone shows them
    one under the other, still in that order).
    """
    _ = translator(lang).gettext
    spec = result.spec
    stem = f"idlib_zone_{spec.min_km:g}-{spec.max_km:g}km_{spec.side}"
    files = (*zone_files(lang), *extra)
    cells = [cell for start in range(0, len(files), per_row) for cell in st.columns(per_row)]
    for cell, (label, ending, mime, make) in zip(cells, files, strict=False):
        cell.download_button(
            _("Download {file}").format(file=label),
            data=partial(make, result),
            file_name=f"{stem}.{ending}",
            mime=mime,
            on_click="ignore",
            width="stretch",
            key=f"download_{ending}",
        )


def _band_name(band: object, lang: Language) -> str:
    _ = translator(lang).gettext
    return _(BAND_LABELS[band]) if isinstance(band, str) and band in BAND_LABELS else _("outside")


def _in_reading_order(table: pd.DataFrame, lang: Language) -> pd.DataFrame:
    """Put a table's first column on the right in a right-to-left language."""
    return table[table.columns[::-1]] if is_rtl(lang) else table


def towns_table(result: ZoneResult, *, lang: Language) -> None:
    """List the towns inside the zone and the borderline ones, nearest the line first.

    In Arabic the town's Arabic name comes first (its English one where it has none),
    and the English name beside it.
    """
    _ = translator(lang).gettext
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

    english = [str(v) for v in column("name")]
    arabic = [v if isinstance(v, str) else "" for v in column("name_ar")]
    names = {_("Town"): english, _("Arabic"): arabic}
    if is_rtl(lang):
        names = {
            _("Town"): [a or e for a, e in zip(arabic, english, strict=True)],
            _("English"): english,
        }
    years = column("population_year")
    table = pd.DataFrame(
        {
            **names,
            _("Population (pre-war)"): [
                format_population(p, year=y, lang=lang)
                for p, y in zip(column("population"), years, strict=True)
            ],
            _("Band"): [_band_name(b, lang) for b in column("band")],
            _("Borderline"): [bool(v) for v in column("borderline")],
            _("Distance to line (km)"): [round(float(distance[i]), 1) for i in rows],
        }
    )
    st.dataframe(_in_reading_order(table, lang), hide_index=True, width="stretch")


def comparison_panel(result: Comparison, *, titles: Mapping[str, str], lang: Language) -> None:
    """Show two scenarios side by side: areas, overlap, what changed hands, and towns.

    ``titles`` are the scenarios' titles in ``lang``.
    """
    _ = translator(lang).gettext
    # Titles and names come from scenario files: text, never Markdown.
    first, second = plain(titles[result.first]), plain(titles[result.second])
    st.markdown("##### " + _("Compare: {first} / {second}").format(first=first, second=second))
    cols = st.columns(2)
    cols[0].metric(_("Area: {name}").format(name=first), _km2(result.first_area_km2, lang))
    cols[1].metric(_("Area: {name}").format(name=second), _km2(result.second_area_km2, lang))
    cols = st.columns(2)
    cols[0].metric(_("Overlap"), _km2(result.overlap_km2, lang))
    if result.first_on_government_side_km2 is not None:
        cols[1].metric(
            _("First zone on the government side of the second line"),
            _km2(result.first_on_government_side_km2, lang),
            help=_("Towns there: {people} people (pre-war figures)").format(
                people=format_number(result.first_population_on_government_side or 0, lang)
            ),
        )
    if result.changed_certain_km2 is not None and result.changed_uncertain_km2 is not None:
        certain, unsure = st.columns(2)
        certain.metric(_("Changed hands for certain"), _km2(result.changed_certain_km2, lang))
        unsure.metric(
            _("Changed hands within the lines' uncertainty"),
            _km2(result.changed_uncertain_km2, lang),
            help=_(
                "Where the first zone lies on the government side of the second line but "
                "inside either line's uncertainty corridor: it may not have changed hands."
            ),
        )
    _comparison_towns(result, titles=titles, lang=lang)


def _comparison_towns(result: Comparison, *, titles: Mapping[str, str], lang: Language) -> None:
    """List the towns inside one zone only, and offer them as a CSV file."""
    _ = translator(lang).gettext
    table = result.towns.assign(
        population=[format_population(p, lang=lang) for p in result.towns["population"]],
        only_inside=[titles[n] for n in result.towns["in"]],
    )[["name", "population", "only_inside"]]
    st.dataframe(
        _in_reading_order(table, lang),
        hide_index=True,
        width="stretch",
        column_config={
            "name": _("Town"),
            "population": _("Population (pre-war)"),
            "only_inside": _("Only inside"),
        },
    )
    st.download_button(
        _("Download the towns in one zone only (CSV)"),
        data=partial(comparison_towns_csv, result),
        file_name=f"idlib_compare_{result.first}_{result.second}.csv",
        mime="text/csv",
        on_click="ignore",
        key="download_compare_csv",
    )
