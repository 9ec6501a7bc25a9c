"""The map's plugins that folium-offline does not carry, shipped with the project itself.

Each is a file of an npm package, unchanged, in ``geo/mapview/static/vendor/`` with the
package's licence beside it; ``data/SOURCES.md`` gives the version, licence and checksum.
They are named by the address a CDN serves them at, as folium-offline's files are, so one
lookup (:func:`asset_text`) finds the offline copy of every script and style of the map.
Nothing is ever fetched from these addresses.
"""

from __future__ import annotations

from importlib.resources import files

from geo._errors import DataError
from geo.mapview._offline import offline_text

__all__ = [
    "GESTURE_CSS",
    "GESTURE_JS",
    "MEASURE_JS",
    "MEASURE_LOCALE",
    "SWIPE_CSS",
    "SWIPE_JS",
    "VENDORED",
    "asset_text",
]

_GESTURES = "https://cdn.jsdelivr.net/npm/leaflet-gesture-handling@1.2.2/dist/"
#: leaflet-gesture-handling 1.2.2 (MIT): on a touch screen, two fingers move the map.
GESTURE_JS = _GESTURES + "leaflet-gesture-handling.min.js"
GESTURE_CSS = _GESTURES + "leaflet-gesture-handling.min.css"

_SWIPE = "https://cdn.jsdelivr.net/npm/leaflet-side-by-side@2.2.0/"
#: leaflet-side-by-side 2.2.0 (MIT): a handle that swipes between two panes of the map.
SWIPE_JS = _SWIPE + "index.js"
SWIPE_CSS = _SWIPE + "layout.css"

#: CDN address -> the shipped file.
VENDORED = {
    GESTURE_JS: "leaflet-gesture-handling-1.2.2.min.js",
    GESTURE_CSS: "leaflet-gesture-handling-1.2.2.min.css",
    SWIPE_JS: "leaflet-side-by-side-2.2.0.js",
    SWIPE_CSS: "leaflet-side-by-side-2.2.0.css",
}
#: leaflet-side-by-side is a CommonJS module (its package has no browser build): it runs
#: with the ``require`` and ``module`` it asks for, Leaflet being the page's ``L``.
_COMMONJS = {
    SWIPE_JS: (
        "(function (module, require) {\n",
        "\n})({exports: {}}, function (name) { return name === 'leaflet' ? L : {}; });\n",
    )
}


#: leaflet-measure 2.1.7 (folium-offline's copy) has no Arabic: one more entry in its table
#: of languages is an object the page fills from the catalogs before the control is made
#: (``window.IDLIB_MEASURE_TEXT``, see geo/mapview/words.py).
MEASURE_JS = "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js"
MEASURE_LOCALE = "idlib"
_MEASURE_TABLE_END = 'tr:a("./i18n/tr")}'
_MEASURE_TABLE_MORE = (
    'tr:a("./i18n/tr"),'
    + MEASURE_LOCALE
    + ":(window.IDLIB_MEASURE_TEXT=window.IDLIB_MEASURE_TEXT||{})}"
)


def _measure_with_our_words(text: str) -> str:
    """Add the page's own language entry to leaflet-measure's table of languages."""
    if text.count(_MEASURE_TABLE_END) != 1:
        msg = "leaflet-measure's table of languages is not where it was (folium-offline changed)"
        raise DataError(msg)
    return text.replace(_MEASURE_TABLE_END, _MEASURE_TABLE_MORE)


def asset_text(url: str) -> str:
    """Return the offline copy of a script or style that the map links to at ``url``.

    The project's own vendored files first, then folium-offline's.

    Raises
    ------
    DataError
        If there is no offline copy.
    """
    name = VENDORED.get(url)
    if url == MEASURE_JS:
        return _measure_with_our_words(offline_text(url))
    if name is None:
        return offline_text(url)
    text = (files("geo.mapview") / "static" / "vendor" / name).read_text(encoding="utf-8")
    before, after = _COMMONJS.get(url, ("", ""))
    return before + text + after
