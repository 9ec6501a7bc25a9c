"""The words the map's own scripts show, in the map's language, handed to them as data.

The scripts in ``geo/mapview/static/`` hold no English of their own: they read
``window.IDLIB_TEXT``, which :func:`words_script` writes from the catalogs of
:mod:`geo.i18n` before any of them runs.
"""

from __future__ import annotations

import json

from geo.i18n import Language, is_rtl, translator
from geo.style import BASE_NAMES, LAYER_NAMES

__all__ = ["WORDS_GLOBAL", "map_words", "words_script"]

WORDS_GLOBAL = "IDLIB_TEXT"


def _measure_words(lang: Language) -> dict[str, str]:
    """Return the words of leaflet-measure's panel and popups (its own keys)."""
    _ = translator(lang).gettext
    return {
        "measure": _("Measure"),
        "measureDistancesAndAreas": _("Measure distances and areas"),
        "createNewMeasurement": _("Create a new measurement"),
        "startCreating": _("Start creating a measurement by adding points to the map"),
        "finishMeasurement": _("Finish measurement"),
        "lastPoint": _("Last point"),
        "area": _("Area"),
        "perimeter": _("Perimeter"),
        "pointLocation": _("Point location"),
        "areaMeasurement": _("Area measurement"),
        "linearMeasurement": _("Linear measurement"),
        "pathDistance": _("Path distance"),
        "centerOnArea": _("Center on this area"),
        "centerOnLine": _("Center on this line"),
        "centerOnLocation": _("Center on this location"),
        "cancel": _("Cancel"),
        "delete": _("Delete"),
        "acres": _("acres"),
        "feet": _("feet"),
        "kilometers": _("km"),
        "hectares": _("hectares"),
        "meters": _("m"),
        "miles": _("miles"),
        "sqfeet": _("sq feet"),
        "sqmeters": _("m²"),
        "sqmiles": _("sq miles"),
        "sqkilometers": _("km²"),
        "decPoint": ".",
        "thousandsSep": ",",
    }


def _draw_words(lang: Language) -> dict[str, str]:
    """Return the words of the line tool (leaflet.draw) and of a control point's flip button."""
    _ = translator(lang).gettext
    return {
        "button": _("Draw your own line"),
        "start": _("Click to start your line."),
        "cont": _("Click to go on with your line."),
        "end": _("Click the last point again to finish your line."),
        "error": _("Your line may not cross itself."),
        "finish": _("Finish"),
        "finishTitle": _("Finish your line"),
        "undo": _("Delete last point"),
        "undoTitle": _("Delete the last point you drew"),
        "cancel": _("Cancel"),
        "cancelTitle": _("Cancel the drawing"),
        "flip": _("Set to the other side"),
    }


def map_words(lang: Language) -> dict[str, object]:
    """Return every word the map's scripts show, in ``lang``."""
    _ = translator(lang).gettext
    return {
        "lang": lang,
        "dir": "rtl" if is_rtl(lang) else "ltr",
        "towns": _(LAYER_NAMES["towns"]),
        "findTown": _("Find a town"),
        "notFound": _("No such town"),
        # The live preview's label while a depth slider moves (static/preview.js).
        "preview": _("Preview: {min}–{max} km. The exact zone follows on release."),
        "cancel": _("Cancel"),
        "borderlineYes": _("yes: could be in or out of the zone"),
        "borderlineNo": _("no"),
        "gestures": {
            "touch": _("Use two fingers to move the map"),
            "scroll": _("Use ctrl + scroll to zoom the map"),
            "scrollMac": _("Use ⌘ + scroll to zoom the map"),
        },
        "measure": _measure_words(lang),
        "draw": _draw_words(lang),
        # The link's names of the backgrounds and layers (geo/mapview/linkview.py).
        "layerKeys": {_(name): key for key, name in {**BASE_NAMES, **LAYER_NAMES}.items()},
    }


def words_script(lang: Language) -> str:
    """Write ``window.IDLIB_TEXT = {...}`` (:func:`map_words`), and leaflet-measure's words."""
    text = json.dumps(map_words(lang), ensure_ascii=False).replace("<", "\\u003c")
    # leaflet-measure reads its words from the object its table holds (geo/mapview/vendor.py).
    return (
        f"window.{WORDS_GLOBAL} = {text};\n"
        "window.IDLIB_MEASURE_TEXT = Object.assign(window.IDLIB_MEASURE_TEXT || {}, "
        f"window.{WORDS_GLOBAL}.measure);\n"
    )
