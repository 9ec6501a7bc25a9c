"""What the server does as it starts: import the engine while the first browser loads.

A first page waits for its script's imports: the engine and the map's libraries
(geopandas, shapely, pyproj, folium, pandera), about 1 s of the 2.3 s between the
browser's connection and the map. :func:`import_ahead` imports them in a thread as the
server starts, while the browser is still loading Streamlit's frontend (about 0.8 s).
Measured in turn, five cold starts each, twice: 4.98 -> 4.80 s and 4.91 -> 4.76 s (median).

Only the ``geo`` package is imported ahead, never ``ui``: the page's modules import
streamlit-folium, which declares its component when imported, and Streamlit registers a
component only in a page's run (declared from this thread, the map's frame was a 404).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import threading
from collections.abc import AsyncIterator

__all__ = ["AHEAD", "import_ahead", "import_engine"]

log = logging.getLogger("idlib_zone")

#: The modules a first page needs, imported as the server starts: no Streamlit element.
AHEAD = (
    "geo",
    "geo.mapview.basedata",
    "geo.mapview.basemap",
    "geo.mapview.layers",
    "geo.mapview.preview",
    "geo.outputs.captions",
    "geo.results.grid",
)


def import_engine() -> None:
    """Import :data:`AHEAD`; a failure is logged, and the page's run meets it again."""
    for name in AHEAD:
        try:
            importlib.import_module(name)
        except Exception:
            log.exception("importing %s ahead failed", name)
            return


@contextlib.asynccontextmanager
async def import_ahead(_app: object) -> AsyncIterator[None]:
    """``st.App``'s lifespan: start importing the engine, and serve meanwhile."""
    threading.Thread(target=import_engine, name="import-ahead", daemon=True).start()
    yield
