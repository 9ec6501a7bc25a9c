"""The server's own route: a released slider's zone, drawn without waiting for the page's rerun.

When a depth slider is let go, Streamlit reruns the page's fragment: the zone, the numbers,
the towns table and the files. The map's frame does not wait for all of that to draw the
zone: it asks this route for the same layers the rerun will bring
(:func:`ui.loaders.step_layers`, from the same caches) and draws them at once
(``geo/mapview/static/preview.js``). When the rerun arrives, its layers are the ones
already drawn, and nothing on the map changes (kept bands,
:class:`geo.mapview._shared_layers.InlineGeoJson`).

The route reads a zone as a link says it (:func:`ui.query.read_link`): ``scenario``,
``date``, ``min_km``, ``max_km``, ``side`` and ``lang``, checked by the page's own rule.
It serves the built-in lines only; a user's own line and a comparison are drawn by the
rerun alone.

The route exists when the page is started by ``serve.py`` (``st.App``); started as a plain
script (``streamlit run app.py``), the page works as before, without it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from streamlit import config as st_config

from geo.i18n import Language

__all__ = [
    "ZONE_LAYERS_PATH",
    "ZONE_PARAMS",
    "zone_layers_answer",
    "zone_layers_url",
    "zone_routes",
]

log = logging.getLogger("idlib_zone")

#: Where the route answers, under the server's ``server.baseUrlPath`` if it has one.
ZONE_LAYERS_PATH = "/idlib/zone-layers"
#: The link's parameters the route reads; any other is left out.
ZONE_PARAMS = ("scenario", "date", "min_km", "max_km", "side", "lang")
#: The parameters the map fills in from its sliders.
_DEPTHS = ("min_km", "max_km")
#: Where ``serve.py`` serves the route (:func:`zone_routes`); None when it does not.
_served: dict[str, str | None] = {"zone_layers": None}


def zone_layers_answer(params: Mapping[str, str]) -> tuple[int, str]:
    """Return the HTTP status and body for a zone asked for as a link asks for it.

    Returns
    -------
    tuple of (int, str)
        200 and the zone's layers as the map's script (:func:`ui.loaders.step_layers`);
        400 and one sentence if a parameter is not valid (the page's own words, in the
        asked language); 500 and one sentence if the zone could not be built.
    """
    # Imported here: ``serve.py`` imports this module before the server runs, and the
    # page's caches must be made by the running server.
    from geo.inputs.scenario import dated_name
    from ui import loaders
    from ui.query import read_link

    asked = {k: str(v) for k, v in params.items() if k in ZONE_PARAMS}
    missing = [k for k in _DEPTHS if k not in asked]
    if missing:
        return 400, f"missing parameter: {', '.join(missing)}"
    link = read_link(asked, towns=[], scenarios=loaders.scenarios())
    if link.problems:
        return 400, link.problems[0]
    name = dated_name(link.scenario, link.date) if link.date else link.scenario
    try:
        script = loaders.step_layers(name, link.min_km, link.max_km, link.side, None, link.lang)
    except Exception:
        log.exception("the zone layers of %s could not be built", name)
        return 500, "the zone could not be built: the server log says why"
    return 200, script


def _zone_layers(request: Request) -> Response:
    status, body = zone_layers_answer(request.query_params)
    if status != 200:
        return PlainTextResponse(body, status_code=status)
    # The same address may give other shapes once the data changes: always asked again.
    return Response(body, media_type="text/javascript", headers={"Cache-Control": "no-cache"})


def zone_routes(base_url_path: str | None = None) -> list[Route]:
    """Return the page's own routes, for ``st.App(..., routes=...)`` (``serve.py``).

    Parameters
    ----------
    base_url_path
        The server's ``server.baseUrlPath``, read from Streamlit's options when None. The
        page is served under it, and so is the route: a proxy that forwards only that
        path reaches both.
    """
    if base_url_path is None:
        base_url_path = str(st_config.get_option("server.baseUrlPath") or "")
    base = base_url_path.strip("/")
    path = f"/{base}{ZONE_LAYERS_PATH}" if base else ZONE_LAYERS_PATH
    _served["zone_layers"] = path
    # A plain function: Starlette runs it in its thread pool, off the server's event loop.
    return [Route(path, _zone_layers, methods=["GET"])]


def zone_layers_url(query: Mapping[str, str], lang: Language) -> str | None:
    """Return where the map asks for a zone of this view, less its depths; None if nowhere.

    ``query`` is the view's link parameters (:meth:`ui.state.View.query`) of a built-in
    line (a user's own line is drawn by the rerun alone: its caller asks for none); the
    map adds ``min_km`` and ``max_km`` from its sliders. None when the route is not
    served, or for a comparison, whose layers the route does not draw.
    """
    path = _served["zone_layers"]
    if path is None or "compare" in query:
        return None
    kept = {k: v for k, v in query.items() if k in ZONE_PARAMS and k not in _DEPTHS}
    return f"{path}?{urlencode({**kept, 'lang': lang})}"
