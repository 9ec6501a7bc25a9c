"""The printable map: page size, content, PDF metadata, a true scale bar, literal names."""

from __future__ import annotations

import dataclasses
import io
import math
import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import shapely
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.text import Text
from PIL import Image

from geo.engine.projection import GEOD
from geo.engine.zone import ZoneSpec
from geo.inputs.layers import StudyData
from geo.outputs import printmap
from geo.outputs.printmap import (
    BAND_ALPHA,
    DEFAULT_TITLE,
    map_frame,
    render_map_pdf,
    render_map_png,
    scale_bar_length_km,
)
from geo.results.analysis import ZoneResult, analyze
from geo.style import COLORS

#: A resolution low enough to keep the tests fast, high enough for a pixel count.
LOW_DPI = 60


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    return image


def band_fraction(png: bytes, band: str) -> float:
    """Share of the image's pixels painted with a band's colour over Syria's fill."""
    rgb = np.asarray(decode(png).convert("RGB"), dtype=float)
    alpha = BAND_ALPHA[band]
    expected = 255 * (
        alpha * np.array(to_rgb(COLORS[band])) + (1 - alpha) * np.array(to_rgb(COLORS["syria"]))
    )
    return float((np.abs(rgb - expected).max(axis=2) <= 2).mean())


@pytest.fixture(scope="module")
def png_200(study: StudyData, default_result: ZoneResult) -> bytes:
    return render_map_png(default_result, study)


def test_png_is_a4_landscape_at_the_dpi(
    png_200: bytes, study: StudyData, default_result: ZoneResult
) -> None:
    image = decode(png_200)
    assert image.size == (2339, 1654)  # 297 x 210 mm at 200 dpi, rounded to pixels
    assert image.info["Title"] == DEFAULT_TITLE
    assert decode(render_map_png(default_result, study, dpi=72)).size == (842, 595)


def test_png_paints_each_band_over_its_share_of_the_map(
    png_200: bytes, study: StudyData, default_result: ZoneResult
) -> None:
    # Expected share of the page: the band's projected area over the map's extent,
    # times the map's share of the page (the map's limits do not depend on the dpi).
    figure = printmap._build_figure(default_result, study, dpi=LOW_DPI, title="t")
    ax = figure.axes[0]
    box = ax.get_position()
    extent_m2 = np.ptp(ax.get_xlim()) * np.ptp(ax.get_ylim())
    frame = map_frame(default_result, study)
    bands = default_result.zone.set_index("band").geometry
    corridor = shapely.union_all(study.uncertainty_corridor.geometry.to_numpy())
    for band in ("core", "outer"):
        expected = frame.to_local(bands[band]).area / extent_m2 * box.width * box.height
        # The hatching of the line's uncertainty crosses part of the band's pixels.
        clear = frame.to_local(bands[band].difference(corridor)).area / extent_m2
        clear *= box.width * box.height
        # Less where towns, lines and labels cover the band, and on its anti-aliased edges.
        assert 0.7 * clear < band_fraction(png_200, band) <= expected


def test_a_wider_core_band_paints_more_of_the_map(study: StudyData) -> None:
    # Same whole width, so the same extent: only the split between the bands changes.
    narrow, wide = (
        render_map_png(analyze(study, ZoneSpec(min_km, 25.0)), study, dpi=LOW_DPI)
        for min_km in (5.0, 15.0)
    )
    assert band_fraction(wide, "core") > 1.3 * band_fraction(narrow, "core")
    assert band_fraction(wide, "outer") < band_fraction(narrow, "outer")


def test_pdf_is_one_a4_page_with_the_title(study: StudyData, default_result: ZoneResult) -> None:
    pdf = render_map_pdf(default_result, study, title="Idlib DMZ, 15-25 km")
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"/Title (Idlib DMZ, 15-25 km)" in pdf
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == 1
    (box,) = re.findall(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", pdf)
    assert float(box[0]) == pytest.approx(297 / 25.4 * 72)
    assert float(box[1]) == pytest.approx(210 / 25.4 * 72)


def test_default_pdf_title(study: StudyData, default_result: ZoneResult) -> None:
    pdf = render_map_pdf(default_result, study, dpi=LOW_DPI)
    assert b"/Title (Idlib demilitarized zone \\(approximate\\))" in pdf


@pytest.mark.parametrize("width_m", [900.0, 12_345.0, 100_000.0, 166_667.0, 245_000.0, 2.4e6])
def test_scale_bar_length_is_round_and_fits(width_m: float) -> None:
    length = scale_bar_length_km(width_m)
    unit = 10.0 ** math.floor(math.log10(length))
    assert round(length / unit, 9) in {1, 2, 5}
    assert length * 1000 <= 0.3 * width_m * (1 + 1e-9)
    # The next round length up would not fit: the pick is the longest.
    assert length * 1000 * 2.5 > 0.3 * width_m


@pytest.mark.parametrize("width_m", [0.0, -5.0, math.nan, math.inf])
def test_scale_bar_rejects_a_meaningless_width(width_m: float) -> None:
    with pytest.raises(ValueError, match="map_width_m"):
        scale_bar_length_km(width_m)


def test_drawn_scale_bar_is_true_on_the_ellipsoid(
    study: StudyData, default_result: ZoneResult
) -> None:
    figure = printmap._build_figure(default_result, study, dpi=LOW_DPI, title="t")
    (bar,) = [line for line in figure.findobj(Line2D) if line.get_gid() == "scale-bar"]
    xs, ys = (np.asarray(v, dtype=float) for v in bar.get_data())
    length_m = xs[1] - xs[0]
    length_km = length_m / 1000
    assert ys[0] == ys[1]
    assert length_km == scale_bar_length_km(np.ptp(figure.axes[0].get_xlim()))
    assert length_km in {10, 20, 50}  # a round length for a map about 200 km wide
    assert f"{length_km:g} km" in {t.get_text() for t in figure.findobj(Text)}

    ends = map_frame(default_result, study).to_lonlat(shapely.LineString(zip(xs, ys, strict=True)))
    (lon1, lat1), (lon2, lat2) = ends.coords
    _, _, geodesic_m = GEOD.inv(lon1, lat1, lon2, lat2)
    assert geodesic_m == pytest.approx(length_m, rel=0.005)


def test_hostile_names_and_title_are_drawn_literally(
    study: StudyData, default_result: ZoneResult
) -> None:
    towns = default_result.towns.copy()
    largest = towns.loc[towns["in_zone"]].nlargest(2, "population").index
    hostile = [r"$\frac{1}{2}$", "<script>alert(1)</script>"]
    towns.loc[largest, "name"] = hostile
    result = dataclasses.replace(default_result, towns=towns)
    # Parsed as mathtext, this title would fail to draw (unknown command).
    title = r"$\notacommand{x}$ 50% & <b>"

    figure = printmap._build_figure(result, study, dpi=LOW_DPI, title=title)
    texts = {t.get_text(): t for t in figure.findobj(Text)}
    for text in [*hostile, title]:
        assert text in texts, f"{text!r} is not drawn"
        assert not texts[text].get_parse_math()
        assert not texts[text].get_usetex()
    assert decode(render_map_png(result, study, dpi=LOW_DPI, title=title)).size == (702, 496)
    assert render_map_pdf(result, study, dpi=LOW_DPI, title=title).startswith(b"%PDF-")


def test_renders_in_threads_without_pyplot(study: StudyData, default_result: ZoneResult) -> None:
    import matplotlib.pyplot as plt

    def render(_: int) -> bytes:
        return render_map_png(default_result, study, dpi=LOW_DPI)

    with ThreadPoolExecutor(max_workers=2) as pool:
        images = list(pool.map(render, range(2)))
    assert images[0] == images[1] == render(0)
    assert plt.get_fignums() == []


@pytest.mark.parametrize("side", ["opposition", "both"])
def test_the_print_map_labels_idlib_city(study: StudyData, side: str) -> None:
    """Defect: Idlib city (98,791 people in 2004), outside the zone, had no label."""
    result = analyze(study, ZoneSpec(side=side))
    figure = printmap._build_figure(result, study, dpi=LOW_DPI, title="t")
    labels = {t.get_text() for t in figure.findobj(Text) if t.get_gid() == "town-label"}
    assert "Idlib" in labels


def test_a_dated_lines_print_map_and_html_say_its_day_and_source(study: StudyData) -> None:
    from geo.inputs.scenario import load_scenarios, scenario_data
    from geo.mapview.standalone import standalone_html

    line = load_scenarios().scenarios["contact-line-2019-09-01"]
    data = scenario_data(line, study)
    result = analyze(data, line.spec)
    figure = printmap._build_figure(result, data, dpi=LOW_DPI, title="t")
    texts = " ".join(t.get_text() for t in figure.findobj(Text))
    assert "1 September 2019" in texts
    assert "Source: Control of each place on that day: reference/control_events.csv" in texts
    page = standalone_html(result, data=data).decode()
    assert "1 September 2019" in page
    assert "reference/control_events.csv" in page
