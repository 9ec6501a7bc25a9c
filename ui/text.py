"""Strings from data files, shown on the page as text: never Markdown, LaTeX or HTML."""

from __future__ import annotations

import re

__all__ = ["plain"]

#: Every ASCII punctuation character that Markdown, Streamlit's directives (``:red[``),
#: KaTeX (``$``) or raw HTML could read: CommonMark lets a backslash escape each of them.
_SPECIAL = re.compile(r"""([\\`*_{}\[\]()<>#+\-.!|~$:&=^"'@%/;,?])""")


def plain(text: object) -> str:
    """Escape ``text`` for ``st.markdown``, ``st.caption``, a message or a metric label.

    The page then shows the text as it is: a scenario title such as
    ``![x](http://evil.example/t.png)`` is drawn as those characters, not as an image
    the browser would fetch. Line breaks become spaces (a heading or a list needs one).
    """
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
