"""The map's view in the link: its zoom and centre, and the layers the reader switched.

A link carries them as ``map=ZOOM/LAT/LON`` (as OpenStreetMap's links do) and
``layers=satellite,control_points,-towns``: the background's key, the overlays switched on
that start off, and, after a minus, those switched off that start on. The keys are those
of :data:`geo.style.BASE_NAMES` and :data:`geo.style.LAYER_NAMES`, the same in every
language. The map's own script (``static/linkview.js``) writes both into the page's
address as the reader moves the map; this module reads them back from a link.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from geo._errors import ZoneInputError
from geo.i18n import N_, Language, translator
from geo.style import BASE_NAMES, LAYER_NAMES

__all__ = [
    "LAT_RANGE_DEG",
    "LON_RANGE_DEG",
    "VIEW_PARAMS",
    "ZOOM_RANGE",
    "MapView",
    "MapViewError",
    "read_centre",
    "read_layers",
]

#: The link's parameters that the map writes itself (the server reads them from a link).
VIEW_PARAMS = ("map", "layers")
#: The zooms the map offers (Leaflet's): from the whole region to a street.
ZOOM_RANGE = (5, 18)
#: A centre outside this frame (Syria and its neighbours) is not a view of the zone.
LAT_RANGE_DEG = (31.0, 39.0)
LON_RANGE_DEG = (34.0, 44.0)
_CENTRE = re.compile(
    r"(\d{1,2}(?:\.\d{1,2})?)/(-?\d{1,3}(?:\.\d{1,8})?)/(-?\d{1,3}(?:\.\d{1,8})?)", re.ASCII
)
_MAX_LAYERS_CHARS = 300


class MapViewError(ZoneInputError):
    """A link's map view that cannot be shown; the message says which part and why.

    Parameters
    ----------
    template
        The reason, in English, as the catalog knows it (``N_``).
    values
        What the template's fields are filled with.
    """

    def __init__(self, template: str, **values: object) -> None:
        super().__init__(template.format(**values))
        self.template = template
        self.values = values

    def in_language(self, lang: Language) -> str:
        """Return the reason in ``lang``."""
        return translator(lang).gettext(self.template).format(**self.values)


@dataclass(frozen=True)
class MapView:
    """The view a link asks for; each part is optional.

    Parameters
    ----------
    zoom, lat_deg, lon_deg
        The zoom and the centre, all three or none.
    base
        The background's key (:data:`geo.style.BASE_NAMES`), or ``None`` for the default.
    shown, hidden
        Keys of overlays (:data:`geo.style.LAYER_NAMES`) switched on, and switched off.
    """

    zoom: float | None = None
    lat_deg: float | None = None
    lon_deg: float | None = None
    base: str | None = None
    shown: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        """Whether the link asked for any part of a view."""
        return self != MapView()

    def step(self) -> dict[str, object]:
        """Return what the map's script needs to show this view (JSON-ready)."""
        return {
            "zoom": self.zoom,
            "lat": self.lat_deg,
            "lon": self.lon_deg,
            "base": self.base,
            "shown": list(self.shown),
            "hidden": list(self.hidden),
        }


def read_centre(text: str) -> tuple[float, float, float]:
    """Read ``ZOOM/LAT/LON`` (e.g. ``11/35.8123/36.6412``; the map zooms in quarters).

    Raises
    ------
    MapViewError
        If the text is not three numbers, the zoom is not one the map offers, or the
        centre is outside the map's frame.
    """
    found = _CENTRE.fullmatch(text.strip())
    if found is None:
        raise MapViewError(N_("it is not ZOOM/LAT/LON, such as 11/35.81/36.64"))
    zoom, lat_deg, lon_deg = float(found[1]), float(found[2]), float(found[3])
    if not ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1]:
        raise MapViewError(
            N_("its zoom {zoom} is not between {low} and {high}"),
            zoom=f"{zoom:g}",
            low=ZOOM_RANGE[0],
            high=ZOOM_RANGE[1],
        )
    inside = LAT_RANGE_DEG[0] <= lat_deg <= LAT_RANGE_DEG[1] and (
        LON_RANGE_DEG[0] <= lon_deg <= LON_RANGE_DEG[1]
    )
    if not (math.isfinite(lat_deg) and math.isfinite(lon_deg) and inside):
        raise MapViewError(N_("its centre is not on the map (latitude first, then longitude)"))
    return zoom, lat_deg, lon_deg


def read_layers(text: str) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """Read ``satellite,control_points,-towns``: the background, overlays on, overlays off.

    Raises
    ------
    MapViewError
        If a name is not a background or overlay of the map, two backgrounds are named,
        or one overlay is both on and off.
    """
    if len(text) > _MAX_LAYERS_CHARS:
        raise MapViewError(N_("it is longer than {limit} characters"), limit=_MAX_LAYERS_CHARS)
    base: str | None = None
    shown: list[str] = []
    hidden: list[str] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        key = part.removeprefix("-")
        if key in BASE_NAMES and key == part and base in (None, key):
            base = key
        elif key in LAYER_NAMES:
            (hidden if key != part else shown).append(key)
        else:
            if re.fullmatch(r"-?[a-z_]{1,20}", part):
                raise MapViewError(
                    N_('"{name}" is not one of the map\'s layers, or names a second background'),
                    name=part,
                )
            raise MapViewError(N_("a name in it is not one of the map's layers"))
    if set(shown) & set(hidden):
        raise MapViewError(N_("it switches one layer both on and off"))
    return base, tuple(dict.fromkeys(shown)), tuple(dict.fromkeys(hidden))
