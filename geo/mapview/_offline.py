"""The one place that reads folium-offline's private table of vendored files (0.20).

folium-offline ships the JavaScript and CSS that folium links from CDNs, keyed by their
address, in ``offlinefolium.elements._res``; its public elements inline them into a page.
``pyproject.toml`` pins ``folium-offline>=0.20,<0.21`` (the same minor release as folium);
``tests/test_adapters.py`` checks :func:`offline_text` against a public ``offlinefolium.Map``.
"""

from __future__ import annotations

from offlinefolium import elements as offline_elements

from geo._errors import DataError

__all__ = ["SUPPORTED", "offline_text"]

#: The folium-offline releases this module was read from (as pinned in ``pyproject.toml``).
SUPPORTED = ">=0.20,<0.21"


def offline_text(url: str) -> str:
    """Return folium-offline's copy of the file a CDN serves at ``url``.

    Raises
    ------
    DataError
        If folium-offline has no copy (folium and folium-offline versions differ).
    """
    try:
        text: str = offline_elements._res[url]
    except KeyError:
        msg = f"no offline copy of {url}; folium and folium-offline versions differ"
        raise DataError(msg) from None
    return text
