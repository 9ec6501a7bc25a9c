"""The page's language: from the link, else the browser's; the switch; right to left.

The language is read once per run (:func:`page_language`) and handed down to every
section as an argument: nothing keeps it in a global, so two sessions in different
languages never mix.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files

import streamlit as st
from babel.core import negotiate_locale

from geo.i18n import LANGUAGES, Language, is_rtl, translator
from ui.state import LANG

__all__ = [
    "LANGUAGE_NAMES",
    "browser_language",
    "language_switch",
    "page_direction",
    "page_language",
]

#: Each language in its own words, as the switch shows it.
LANGUAGE_NAMES: dict[Language, str] = {"en": "English", "ar": "العربية"}
#: What right to left needs beyond the page's ``dir`` (``ui/static/rtl.css``).
_RTL_CSS = (files("ui") / "static" / "rtl.css").read_text(encoding="utf-8")


def _accepted(header: str) -> list[str]:
    """Return the language tags of an Accept-Language header, most wanted first."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if tag and tag != "*" and weight > 0:
            ranked.append((-weight, index, tag.replace("_", "-")))
    return [tag for _, _, tag in sorted(ranked)]


def browser_language(locale: str | None, headers: Mapping[str, str] | None) -> Language:
    """Choose the language of a first visit from the browser.

    Parameters
    ----------
    locale
        The browser's ``navigator.language`` (``st.context.locale``), e.g. ``"ar-SY"``.
    headers
        The request's headers (``st.context.headers``): their Accept-Language is read
        when the locale is not known.
    """
    wanted = [locale] if locale else _accepted((headers or {}).get("Accept-Language", ""))
    chosen = negotiate_locale(wanted, list(LANGUAGES), sep="-")
    for lang in LANGUAGES:
        if chosen is not None and chosen.split("-")[0] == lang:
            return lang
    return "en"


def page_language() -> Language:
    """Return this run's language: the switch's, set from the link or browser on a first run."""
    value = st.session_state.get(LANG)
    return value if value in LANGUAGES else "en"


def language_switch(lang: Language) -> None:
    """Draw the switch between English and Arabic (a change reruns the page in it)."""
    _ = translator(lang).gettext
    st.segmented_control(
        _("Language"),
        options=list(LANGUAGES),
        format_func=LANGUAGE_NAMES.__getitem__,
        key=LANG,
        label_visibility="collapsed",
        required=True,
    )


def page_direction(lang: Language) -> None:
    """Set the page's ``lang`` and ``dir`` (right to left in Arabic), and the CSS it needs.

    Streamlit has no switch for either: a script sets them on ``<html>``. The map's frame is
    a document of its own, so Leaflet's controls and scale bar stay left to right.
    """
    direction = "rtl" if is_rtl(lang) else "ltr"
    script = (
        "<script>\n"
        f'document.documentElement.setAttribute("dir", "{direction}");\n'
        f'document.documentElement.setAttribute("lang", "{lang}");\n'
        "</script>\n"
    )
    style = f"<style>{_RTL_CSS}</style>" if is_rtl(lang) else ""
    # In the sidebar, where the element takes no room above the map.
    st.sidebar.html(style + script, unsafe_allow_javascript=True)
