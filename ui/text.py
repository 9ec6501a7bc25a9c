"""Strings from data files, shown on the page as text: never Markdown, LaTeX or HTML."""

from __future__ import annotations

import re

__all__ = ["plain"]

#: A word joiner: invisible, and it keeps a URL or an address from being one.
_JOINER = "\u2060"
#: What GitHub-flavoured Markdown links by itself even when escaped (Streamlit finds them
#: in the text after the escapes are read): ``http://``, ``www.`` and ``name@host``.
_AUTOLINK = re.compile(r"(?i)(?<=\b)(https?|ftp|mailto|xmpp|www)(?=\\[:.])|(?=@)")

#: Every ASCII punctuation character that Markdown, Streamlit's directives (``:red[``),
#: KaTeX (``$``) or raw HTML could read: CommonMark lets a backslash escape each of them
#: (``@`` is left alone: a word joiner comes before it).
_SPECIAL = re.compile(r"""([\\`*_{}\[\]()<>#+\-.!|~$:&=^"'%/;,?])""")


def plain(text: object) -> str:
    """Escape ``text`` for ``st.markdown``, ``st.caption``, a message or a metric label.

    The page then shows the text as it is: a scenario title such as
    ``![x](http://evil.example/t.png)`` is drawn as those characters, not as an image
    the browser would fetch, and not as a link: an invisible word joiner follows
    ``http``, ``www`` and precedes ``@``. Line breaks become spaces (a heading or a list
    needs one).
    """
    escaped = _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return _AUTOLINK.sub(lambda m: (m.group(1) or "") + _JOINER, escaped)
