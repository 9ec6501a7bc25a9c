"""The page's own style sheet (``ui/static/page.css``): layout fixes Streamlit has no option for."""

from __future__ import annotations

from importlib.resources import files

import streamlit as st

__all__ = ["page_style"]

_CSS = (files("ui") / "static" / "page.css").read_text(encoding="utf-8")


def page_style() -> None:
    """Add the page's style sheet (it takes no room on the page)."""
    st.html(f"<style>{_CSS}</style>")
