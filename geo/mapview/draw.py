"""The page's map tools for the user's own line: draw a line, flip a control point.

:func:`line_draw` is leaflet.draw (folium's ``Draw`` plugin) with the line tool alone: no
markers or shapes, no editing, no export. Its script and style are folium-offline's copies
(the style carries the toolbar's icons inline, as ``data:`` URLs), served by the app like
every other asset (:func:`geo.mapview.assets.localize_assets`).

:data:`DRAW_JS` (``static/draw.js``, run before the toolbar is made) gives the toolbar its
words in the map's language, keeps only the newest drawing (the page reads one line from
streamlit-folium's ``all_drawings``), and gives a control point a popup with a button that
asks the page to set it to the other side. The button sends a ``flip`` value through the
same component, which the page acts on once (by its ``id``). streamlit-folium's own
``last_object_clicked_popup`` was not used: returned, it reruns the page on a click on any
town or post with a popup, and not at all on a second click on the same point.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import folium.plugins

from geo.mapview._text import static_text
from geo.style import COLORS

__all__ = ["DRAW_JS", "FLIPS_GLOBAL", "POINT_CLICKED", "flips_script", "line_draw"]

#: The window function a control point calls when clicked (defined by ``static/draw.js``).
POINT_CLICKED = "idlibPointClicked"
#: The control points the map may offer to flip, by name (set with each step).
FLIPS_GLOBAL = "IDLIB_FLIPS"
#: Run with the map (``{map}`` is the map's variable), before :func:`line_draw`.
DRAW_JS = "\n" + static_text("draw.js")


def line_draw() -> folium.plugins.Draw:
    """Return the drawing toolbar: a line tool only (no markers, shapes, editing or export)."""
    tools: dict[str, object] = dict.fromkeys(
        ("polygon", "rectangle", "circle", "marker", "circlemarker"), False
    )
    tools["polyline"] = {
        "shapeOptions": {"color": COLORS["frontline"], "weight": 3, "dashArray": "6 4"}
    }
    # Bottom right: the top left's town search is re-added on every step (view.js), so a
    # toolbar there would push it, and its list of towns, down onto the legend.
    return folium.plugins.Draw(  # type: ignore[no-untyped-call]
        export=False,
        position="bottomright",
        show_geometry_on_click=False,
        draw_options=tools,
        edit_options={"edit": False, "remove": False},
    )


def flips_script(names: Sequence[str]) -> str:
    """Name the control points whose popup offers to flip them (none: the line is not editable).

    Only the scenario's own points flip: a point the user added is taken back by its undo.
    """
    text = json.dumps(list(names), ensure_ascii=False).replace("<", "\\u003c")
    return f"window.{FLIPS_GLOBAL} = {text};\n"
