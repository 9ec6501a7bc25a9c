"""The words the map's own scripts show, in the map's language, handed to them as data.

The scripts in ``geo/mapview/static/`` hold no English of their own: they read
``window.IDLIB_TEXT``, which :func:`words_script` writes from the catalogs of
:mod:`geo.i18n` before any of them runs.
"""

from __future__ import annotations

import json

from geo.i18n import N_, Language, is_rtl, translator
from geo.style import BASE_NAMES, LAYER_NAMES

__all__ = ["WORDS_GLOBAL", "map_words", "words_script"]

WORDS_GLOBAL = "IDLIB_TEXT"


#: The words of leaflet-measure's panel and popups (its own keys), marked for the catalog.
_MEASURE_WORDS = {
    "measure": N_("Measure"),
    "measureDistancesAndAreas": N_("Measure distances and areas"),
    "createNewMeasurement": N_("Create a new measurement"),
    "startCreating": N_("Start creating a measurement by adding points to the map"),
    "finishMeasurement": N_("Finish measurement"),
    "lastPoint": N_("Last point"),
    "area": N_("Area"),
    "perimeter": N_("Perimeter"),
    "pointLocation": N_("Point location"),
    "areaMeasurement": N_("Area measurement"),
    "linearMeasurement": N_("Linear measurement"),
    "pathDistance": N_("Path distance"),
    "centerOnArea": N_("Center on this area"),
    "centerOnLine": N_("Center on this line"),
    "centerOnLocation": N_("Center on this location"),
    "cancel": N_("Cancel"),
    "delete": N_("Delete"),
    "acres": N_("acres"),
    "feet": N_("feet"),
    "kilometers": N_("km"),
    "hectares": N_("hectares"),
    "meters": N_("m"),
    "miles": N_("miles"),
    "sqfeet": N_("sq feet"),
    "sqmeters": N_("m²"),
    "sqmiles": N_("sq miles"),
    "sqkilometers": N_("km²"),
}
#: The words of the line tool (leaflet.draw) and of a control point's flip button.
_DRAW_WORDS = {
    "button": N_("Draw your own line"),
    "start": N_("Click to start your line."),
    "cont": N_("Click to go on with your line."),
    "end": N_("Click the last point again to finish your line."),
    "error": N_("Your line may not cross itself."),
    "finish": N_("Finish"),
    "finishTitle": N_("Finish your line"),
    "undo": N_("Delete last point"),
    "undoTitle": N_("Delete the last point you drew"),
    "cancel": N_("Cancel"),
    "cancelTitle": N_("Cancel the drawing"),
    "flip": N_("Set to the other side"),
}


def _in_language(words: dict[str, str], lang: Language) -> dict[str, str]:
    """Return a table of marked words (``N_``) in ``lang``."""
    _ = translator(lang).gettext
    return {key: _(message) for key, message in words.items()}


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
        # leaflet-measure formats numbers with these, in every language.
        "measure": {**_in_language(_MEASURE_WORDS, lang), "decPoint": ".", "thousandsSep": ","},
        "draw": _in_language(_DRAW_WORDS, lang),
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
