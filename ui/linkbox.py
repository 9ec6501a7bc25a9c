"""The link to this view: the page's address as it is now, and a button that copies it.

The server knows the zone's settings (:meth:`ui.state.View.query`); the map's zoom, centre
and layers are written into the page's address by the map itself, with no run of the page
(:mod:`geo.mapview.linkview`). So the box starts with the server's link and its script
(``ui/static/linkbox.js``, run in the page) keeps it equal to the page's address.
"""

from __future__ import annotations

import html
from importlib.resources import files

import streamlit as st

from geo.i18n import Language, translator

__all__ = ["link_box"]

_SCRIPT = (files("ui") / "static" / "linkbox.js").read_text(encoding="utf-8")


def link_box(url: str, *, lang: Language) -> None:
    """Show the link ``url`` on one line, kept equal to the page's address, with a copy button."""
    _ = translator(lang).gettext
    label, copy, done = (html.escape(w) for w in (_("Link to this view"), _("Copy"), _("Copied")))
    st.html(
        '<div class="idlib-linkbox" dir="ltr">'
        f'<input type="text" readonly aria-label="{label}" value="{html.escape(url)}">'
        f'<button type="button" data-copy="{copy}" data-done="{done}">{copy}</button>'
        f"</div><script>{_SCRIPT}</script>",
        unsafe_allow_javascript=True,
    )
