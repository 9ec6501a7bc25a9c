"""The map's plugins that folium-offline does not carry, shipped with the project itself.

Each is a file of an npm package, unchanged, in ``geo/mapview/static/vendor/`` with the
package's licence beside it; ``data/SOURCES.md`` gives the version, licence and checksum.
They are named by the address a CDN serves them at, as folium-offline's files are, so one
lookup (:func:`asset_text`) finds the offline copy of every script and style of the map.
Nothing is ever fetched from these addresses.
"""

from __future__ import annotations

from importlib.resources import files

from geo.mapview._offline import offline_text

__all__ = ["GESTURE_CSS", "GESTURE_JS", "SWIPE_CSS", "SWIPE_JS", "VENDORED", "asset_text"]

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


def asset_text(url: str) -> str:
    """Return the offline copy of a script or style that the map links to at ``url``.

    The project's own vendored files first, then folium-offline's.

    Raises
    ------
    DataError
        If there is no offline copy.
    """
    name = VENDORED.get(url)
    if name is None:
        return offline_text(url)
    text = (files("geo.mapview") / "static" / "vendor" / name).read_text(encoding="utf-8")
    before, after = _COMMONJS.get(url, ("", ""))
    return before + text + after
