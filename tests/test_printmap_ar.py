"""The Arabic print map: its font from PyPI, Arabic text in the PDF, a right-to-left panel."""

from __future__ import annotations

import io
import re
import unicodedata

import arabic_reshaper
import pytest
from bidi.algorithm import get_display
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text
from pypdf import PdfReader

from geo.inputs.layers import StudyData
from geo.outputs import printmap
from geo.outputs._script import ARABIC_FAMILY, arabic_font_path, print_text
from geo.outputs.printmap import render_map_pdf, render_map_png
from geo.results.analysis import ZoneResult

LOW_DPI = 60
ARABIC_TITLE = "المنطقة منزوعة السلاح في إدلب (خريطة تقريبية)"


def _visible(text: str) -> str:
    """Text as a PDF or matplotlib holds it, back to letters: presentation forms undone."""
    return unicodedata.normalize("NFKC", text).replace("\u202d", "").replace("\u202c", "")


def _expected_visual(words: str) -> str:
    """How a run of Arabic words is laid out for display (independently of the project)."""
    return _visible(get_display(arabic_reshaper.reshape(words), base_dir="R"))


@pytest.fixture(scope="module")
def arabic_figure(study: StudyData, default_result: ZoneResult) -> Figure:
    return printmap._build_figure(default_result, study, dpi=LOW_DPI, title=ARABIC_TITLE, lang="ar")


def _texts(figure: Figure) -> list[Text]:
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text()]


def test_the_font_comes_from_the_installed_package() -> None:
    path = arabic_font_path()
    assert path.is_file() and path.suffix == ".ttf"
    assert "site-packages" in path.parts or "dist-packages" in path.parts
    assert "NotoSansArabic" in path.name


def test_the_title_is_drawn_with_noto_sans_arabic(arabic_figure: Figure) -> None:
    (title,) = [t for t in _texts(arabic_figure) if t.get_gid() == "title"]
    resolved = font_manager.findfont(title.get_fontproperties(), fallback_to_default=False)
    assert resolved == str(arabic_font_path())
    assert title.get_fontproperties().get_family() == [ARABIC_FAMILY]
    # Shaped: the letters are presentation forms, joined, in display order.
    assert any("\ufe70" <= c <= "\ufeff" for c in title.get_text())
    assert _visible(title.get_text()) == _expected_visual(ARABIC_TITLE)


def test_every_arabic_text_is_in_the_arabic_font(arabic_figure: Figure) -> None:
    arabic = [
        t for t in _texts(arabic_figure) if any("\ufe70" <= c <= "\ufeff" for c in t.get_text())
    ]
    assert len(arabic) > 20  # title, subtitle, legend, key numbers, notes, town labels...
    for text in arabic:
        assert font_manager.findfont(text.get_fontproperties()) == str(arabic_font_path())


def test_the_panel_is_right_aligned_and_the_legend_mirrored(arabic_figure: Figure) -> None:
    texts = _texts(arabic_figure)
    (key_numbers,) = [t for t in texts if t.get_gid() == "key-numbers"]
    assert key_numbers.get_horizontalalignment() == "right"
    assert key_numbers.get_position()[0] > 0.9
    (legend,) = arabic_figure.legends
    arabic_figure.canvas.draw()  # the legend's rows are placed when drawn
    renderer = arabic_figure.canvas.get_renderer()
    box = legend.get_window_extent(renderer)
    assert box.x1 > 0.95 * arabic_figure.bbox.width
    # The keys are on the right: the labels end a key's length before the legend does.
    labels = [t.get_window_extent(renderer) for t in legend.get_texts()]
    key_px = legend.handlelength * legend.prop.get_size_in_points() * arabic_figure.dpi / 72
    assert box.x1 - max(b.x1 for b in labels) > 0.9 * key_px
    assert max(b.x1 for b in labels) - min(b.x1 for b in labels) < 2  # right-aligned
    (title,) = [t for t in texts if t.get_gid() == "title"]
    assert title.get_horizontalalignment() == "right"


def test_towns_are_labelled_by_their_arabic_names(arabic_figure: Figure) -> None:
    labels = [_visible(t.get_text()) for t in _texts(arabic_figure) if t.get_gid() == "town-label"]
    assert labels
    assert _expected_visual("سراقب") in labels
    assert not any(c in label for label in labels for c in "Saraqib")


def test_the_pdf_text_layer_has_the_arabic_title(
    study: StudyData, default_result: ZoneResult
) -> None:
    pdf = render_map_pdf(default_result, study, dpi=LOW_DPI, lang="ar")
    reader = PdfReader(io.BytesIO(pdf))
    # pypdf gives each line back reversed: the letters of a word in reading order, the
    # words of a line from left to right. matplotlib 3.11's text layer repeats the first
    # glyph of some runs ("ةة"): a letter doubled there is read once.
    text = re.sub(r"(\w)\1", r"\1", _visible(reader.pages[0].extract_text()))
    # The title, then a legend entry. (Town labels have a white halo: they are shapes.)
    assert "إدلب في السلاح منزوعة المنطقة" in text
    assert "تركية مراقبة نقطة" in text
    assert "Legend" not in text and "Key numbers" not in text
    assert reader.metadata is not None and reader.metadata.title == ARABIC_TITLE


def test_the_png_is_drawn_without_a_missing_glyph(
    study: StudyData, default_result: ZoneResult
) -> None:
    # pytest turns warnings into errors: a glyph missing from the font fails here.
    png = render_map_png(default_result, study, dpi=LOW_DPI, lang="ar")
    assert png.startswith(b"\x89PNG")


def test_latin_stays_latin_and_multiline_keeps_its_lines() -> None:
    assert print_text("M4 / M5", "en") == "M4 / M5"
    shaped = print_text("سطر أول\nسطر ثان", "ar").split("\n")
    assert [_visible(line) for line in shaped] == [
        _expected_visual("سطر أول"),
        _expected_visual("سطر ثان"),
    ]
