"""The layer control and the view data that go with each zone's layers."""

from __future__ import annotations

import json
from collections.abc import Mapping

import folium

from geo.mapview._folium import layer_control_then, parent_name
from geo.mapview._text import static_text

__all__ = ["VIEW_JS", "ViewControl", "view_step", "view_step_script"]

#: What must happen each time the zone's layers are replaced (see :class:`ViewControl`).
#: It reads the towns layer's name and the search box's words from ``window.IDLIB_TEXT``
#: (geo/mapview/words.py), in the map's language.
VIEW_JS = "\n" + static_text("view.js") + "\n" + static_text("linkview.js")


class ViewControl(folium.LayerControl):
    """The layer control, plus what must happen each time the zone's layers are replaced.

    The zone's layers and this control are replaced on every change of the zone. After
    the control, the page's ``window.idlibView`` (in the base map's script) keeps the
    layers the user switched off switched off, fits the view to the zone when the side
    changes, builds the town search box and the town labels on the new towns layer, and
    zooms to a town chosen in the page.

    Parameters
    ----------
    side
        The zone's side; a change refits the view to ``bounds``. Without ``side`` and
        ``bounds``, the control reads them from ``window.IDLIB_STEP``, which the zone's
        layers set (:func:`view_step_script`): then one rendering of the control serves
        every zone.
    bounds
        The zone's lon/lat bounds (minx, miny, maxx, maxy).
    focus
        The ``id`` of a town to zoom to and open, or ``None``.
    """

    _template = layer_control_then(
        "window.idlibView({{ this.map_name }}, {{ this.get_name() }}_layers.overlays,\n"
        "    {% if this.step %}{{ this.step|tojson }}{% else %}window.IDLIB_STEP{% endif %});\n"
        "window.idlibLinkView({{ this.map_name }}, {{ this.get_name() }}_layers,\n"
        "    {% if this.step %}{{ this.step|tojson }}{% else %}window.IDLIB_STEP{% endif %});\n"
    )

    def __init__(
        self,
        *,
        side: str | None = None,
        bounds: tuple[float, float, float, float] | None = None,
        focus: str | None = None,
    ) -> None:
        super().__init__(collapsed=True)
        self.step = None if side is None or bounds is None else view_step(side, bounds, focus)

    @property
    def map_name(self) -> str:
        """The JavaScript name of the control's map."""
        return parent_name(self)


def view_step(
    side: str, bounds: tuple[float, float, float, float], focus: str | None = None
) -> dict[str, object]:
    """Give what :class:`ViewControl` needs of one zone: side, lat/lon bounds and focus."""
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    return {"side": side, "bounds": [[miny, minx], [maxy, maxx]], "focus": focus}


def view_step_script(
    side: str,
    bounds: tuple[float, float, float, float],
    focus: str | None = None,
    *,
    preview: Mapping[str, object] | None = None,
    link_view: Mapping[str, object] | None = None,
    settings: str | None = None,
) -> str:
    """Write the zone's view data for a :class:`ViewControl` rendered without it.

    ``preview`` is what the page's live preview needs of this zone
    (:func:`geo.mapview.preview.preview_step`); ``link_view`` the zoom, centre and layers
    the page's link asked for (:meth:`geo.mapview.linkview.MapView.step`), which the map
    shows once. ``settings`` is the page's settings as a query string
    (``scenario=…&min_km=…``): the map writes them into the page's address as it draws
    the zone, beside its own view (``linkview.js``), replacing the address's entry.
    """
    step = {
        **view_step(side, bounds, focus),
        "preview": preview,
        "view": link_view,
        "settings": settings,
    }
    text = json.dumps(step).replace("<", "\\u003c")
    return f"window.IDLIB_STEP = {text};\n"
