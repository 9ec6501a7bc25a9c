"""Text from the data on the page: Streamlit reads labels and Markdown as markup."""

from __future__ import annotations

import re

__all__ = ["as_text"]

#: Characters Streamlit's Markdown reads as markup (emphasis, links, LaTeX, emoji codes...).
_MARKDOWN = re.compile(r"[\\`*_{}\[\]()#+\-.!|~<>$:]")


def as_text(text: str) -> str:
    """Escape Markdown, so that a label or title from the data shows as it is written."""
    return _MARKDOWN.sub(r"\\\g<0>", text)
