"""The languages of the outputs: message catalogs, numbers and dates, in English or Arabic.

English is the source language: every message is written in English in the code, inside
``_()`` (or ``ngettext``), and the Arabic catalog ``geo/locale/ar/LC_MESSAGES/idlib_zone.po``
translates it. The ``.po`` file is read as it is, at run time, with Babel, and turned into a
:class:`gettext.GNUTranslations` in memory: there is no compile step, so no compiled
``.mo`` can be older than the ``.po`` it came from.

The language is always an argument (``lang``), passed down from the caller: nothing here
is a global or per-thread setting, so two sessions in different languages never mix.

Numbers are written with Western digits (0-9) in both languages: Babel's ``ar`` locale
(CLDR's default numbering for Arabic, ``latn``), never ``ar_SY`` or ``ar_EG``, whose
``arab`` numbering gives Arabic separators around Western digits in Babel.
See the README for why.
"""

from __future__ import annotations

import functools
import gettext
import io
from datetime import date
from pathlib import Path
from typing import Literal, get_args

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberPattern, format_decimal, parse_pattern
from babel.numbers import format_percent as _babel_percent

from geo._errors import LineInputError, ZoneInputError
from geo._phrase import N_, Phrase

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "Language",
    "catalog_path",
    "check_language",
    "error_text",
    "format_date",
    "format_number",
    "format_percent",
    "is_rtl",
    "say",
    "translator",
]

Language = Literal["en", "ar"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
#: The gettext domain: the catalogs' file name.
DOMAIN = "idlib_zone"
LOCALE_DIR = Path(__file__).parent / "locale"
#: Babel locale of each language's numbers: ``ar`` writes Western digits (see above).
_NUMBER_LOCALE: dict[Language, str] = {"en": "en", "ar": "ar"}
#: Babel locale of each language's month names: ``ar_SY`` names the months as Syrian
#: readers do (أيلول for September, not سبتمبر); its digits are not used.
_DATE_LOCALE: dict[Language, str] = {"en": "en", "ar": "ar_SY"}


def check_language(lang: str) -> Language:
    """Return ``lang`` if it is one of :data:`LANGUAGES`; raise ZoneInputError otherwise."""
    for known in LANGUAGES:
        if lang == known:
            return known
    msg = f"'lang' should be one of {', '.join(LANGUAGES)}, got {lang!r}"
    raise ZoneInputError(msg)


def is_rtl(lang: Language) -> bool:
    """Whether ``lang`` is written right to left."""
    return lang == "ar"


def catalog_path(lang: Language) -> Path:
    """Return the ``.po`` catalog of ``lang`` (English, the source, has none)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translator(lang: Language) -> gettext.NullTranslations:
    """Return the translations of ``lang``: its ``gettext``, ``ngettext`` and ``pgettext``.

    English returns the messages as they are. The Arabic catalog is read once per
    process; its plural rule comes from its ``Plural-Forms`` header.
    """
    if check_language(lang) == "en":
        return gettext.NullTranslations()
    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _pattern(min_decimals: int, max_decimals: int) -> str:
    """Return a CLDR number pattern with grouping and between ``min`` and ``max`` decimals."""
    decimals = "0" * min_decimals + "#" * max(max_decimals - min_decimals, 0)
    return "#,##0" + ("." + decimals if decimals else "")


@functools.cache
def _parsed(min_decimals: int, max_decimals: int, lang: Language) -> tuple[NumberPattern, Locale]:
    """Parse a number pattern and its locale once: Babel parses both on every call."""
    locale = Locale.parse(_NUMBER_LOCALE[lang])
    return parse_pattern(_pattern(min_decimals, max_decimals)), locale


def format_number(
    value: float, lang: Language, *, min_decimals: int = 0, max_decimals: int = 0
) -> str:
    """Write a number with the language's separators, e.g. "12,345" or "2.5".

    It has at least ``min_decimals`` and at most ``max_decimals`` decimals (rounded half
    to even, as Python's ``format`` does); trailing zeros beyond the minimum are dropped.
    """
    pattern, locale = _parsed(min_decimals, max(max_decimals, min_decimals), lang)
    return format_decimal(value, format=pattern, locale=locale)


def format_percent(fraction: float, lang: Language, *, max_decimals: int = 0) -> str:
    """Write a fraction as a percentage, e.g. 0.25 as "25%"."""
    pattern = _pattern(0, max_decimals) + "%"
    return _babel_percent(fraction, format=pattern, locale=_NUMBER_LOCALE[lang])


def format_date(day: date, lang: Language, *, pattern: str = "d MMMM y") -> str:
    """Write a date, e.g. "17 September 2018" or "17 أيلول 2018" (CLDR ``pattern``).

    Babel writes a date's numbers with Western digits in both languages.
    """
    return _babel_date(day, format=pattern, locale=_DATE_LOCALE[lang])


def say(phrase: Phrase, lang: Language) -> str:
    """Say a phrase in ``lang``: its template translated, and each blank's phrase too.

    A value that is not a phrase (a file's name, a number, a quoted piece of the file) is
    written as it is.
    """
    if lang == "en":
        return str(phrase)
    _ = translator(lang).gettext
    values = {
        k: say(v, lang) if isinstance(v, Phrase) else str(v) for k, v in phrase.values.items()
    }
    return _(phrase.template).format(**values) if values else _(phrase.template)


def error_text(error: Exception, lang: Language) -> str:
    """Say why a user's input was refused, in ``lang`` (one line).

    A :class:`geo.LineInputError` is said from its phrase; any other error as it is.
    """
    return say(error.phrase, lang) if isinstance(error, LineInputError) else str(error)
