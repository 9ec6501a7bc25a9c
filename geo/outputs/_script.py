"""Arabic on the print map: its font, and its letters joined and ordered for matplotlib.

The font is Noto Sans Arabic (SIL OFL 1.1), installed from PyPI with the project by the
``fontpkg-noto-sans-arabic`` package and added to matplotlib's font manager the first
time an Arabic map is drawn: a fresh machine needs no system font. It also has Latin
letters and digits, so one font draws every text of the Arabic page.

Arabic is shaped (each letter in its joined form, with ``arabic-reshaper``) and put in
display order (the Unicode bidirectional algorithm of ``python-bidi``, which also mirrors
brackets) before matplotlib sees it, and the result is wrapped in a left-to-right
override. matplotlib 3.11 can shape text itself (libraqm), but its PDF backend then
spaces Arabic words wrongly and writes a text layer with doubled letters; shaped here,
the PNG and the PDF draw the same glyphs, and the PDF's text layer holds each letter
once (as Arabic presentation forms, in display order).
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path

import arabic_reshaper
import fontpkg
import fontpkg_noto_sans_arabic
from bidi.algorithm import get_display
from matplotlib import font_manager

from geo.i18n import Language, is_rtl

__all__ = ["ARABIC_FAMILY", "arabic_font_path", "font_kwargs", "print_text"]

ARABIC_FAMILY: str = fontpkg_noto_sans_arabic.FAMILY
#: Left-to-right override and pop: matplotlib draws the shaped text in the order given.
_LRO, _PDF = "\u202d", "\u202c"
_REGISTER = threading.Lock()


@functools.cache
def arabic_font_path() -> Path:
    """Return the Noto Sans Arabic font file that the project's dependency installed."""
    return Path(fontpkg.path(ARABIC_FAMILY))


def _register_arabic_font() -> str:
    """Add the Arabic font to matplotlib's font manager, once per process; return its family."""
    with _REGISTER:
        path = str(arabic_font_path())
        known = {entry.fname for entry in font_manager.fontManager.ttflist}
        if path not in known:
            font_manager.fontManager.addfont(path)
    return ARABIC_FAMILY


def font_kwargs(lang: Language) -> dict[str, str]:
    """Return the text properties that draw ``lang``: the Arabic font for Arabic, else none.

    The font is variable and matplotlib draws only its regular weight, so Arabic text is
    always asked for in that weight (:func:`geo.outputs._drawing.literal_text` draws a
    bold one with a thin outline instead). It lacks ² and ±, which the Arabic catalog
    does not use: a fallback font would break the text's order.
    """
    if not is_rtl(lang):
        return {}
    return {"family": _register_arabic_font(), "fontweight": "normal"}


def print_text(text: str, lang: Language) -> str:
    """Return ``text`` as matplotlib must be given it: as it is, or Arabic shaped and ordered.

    Each line is shaped and ordered on its own, so that a multi-line text keeps its lines.
    """
    if not is_rtl(lang):
        return text
    return "\n".join(
        _LRO + get_display(arabic_reshaper.reshape(line), base_dir="R") + _PDF if line else line
        for line in text.split("\n")
    )
