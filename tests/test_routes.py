"""The server's own route (``ui/routes.py``): a released slider's zone, before the rerun.

The route must give exactly the layers the page's rerun sends for the same view, read a
zone as a link does (same checks, same words), and be offered to the map only where it
serves the view.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from starlette.applications import Starlette
from test_app import _step_data, fresh_caches, map_args, start

from ui import loaders, routes

__all__ = ["fresh_caches"]  # the autouse fixture of tests/test_app.py, for these tests too

SEPT = "contact-line-2018-09-17"


@dataclass
class Answer:
    status_code: int
    headers: dict[str, str]
    text: str


class Client:
    """Ask an ASGI app as a server would: one GET, its whole answer."""

    def __init__(self, app: Starlette) -> None:
        self.app = app

    def get(self, path: str, params: dict[str, str]) -> Answer:
        scope = {
            "type": "http",
            "method": "GET",
            "path": path,
            "raw_path": path.encode(),
            "query_string": urlencode(params).encode(),
            "headers": [],
        }
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        asyncio.run(self.app(scope, receive, send))
        start = sent[0]
        headers = {k.decode(): v.decode() for k, v in start["headers"]}
        body = b"".join(m.get("body", b"") for m in sent[1:])
        return Answer(start["status"], headers, body.decode())


@pytest.fixture
def client(monkeypatch) -> Client:
    monkeypatch.setitem(routes._served, "zone_layers", None)  # set again as it was after
    return Client(Starlette(routes=routes.zone_routes("")))


@pytest.fixture
def served(monkeypatch):
    """As when the page is started by ``serve.py``."""
    monkeypatch.setitem(routes._served, "zone_layers", routes.ZONE_LAYERS_PATH)


def test_the_route_gives_the_layers_the_rerun_sends(client):
    asked = {"scenario": SEPT, "min_km": "10", "max_km": "17.5", "side": "both", "lang": "ar"}
    answer = client.get(routes.ZONE_LAYERS_PATH, params=asked)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/javascript")
    assert answer.text == loaders.step_layers(SEPT, 10.0, 17.5, "both", None, "ar")
    # Not the default zone: the widths and side were read.
    assert answer.text != loaders.step_layers(SEPT, 15.0, 20.0, "opposition", None, "ar")


def test_a_dated_line_is_read_as_a_link_names_it(client):
    asked = {"scenario": "contact-line", "date": "2019-12-20", "min_km": "5", "max_km": "10"}
    answer = client.get(routes.ZONE_LAYERS_PATH, params=asked)
    assert answer.status_code == 200
    name = "contact-line-2019-12-20"
    assert answer.text == loaders.step_layers(name, 5.0, 10.0, "opposition", None, "en")


@pytest.mark.parametrize(
    ("asked", "says"),
    [
        ({"scenario": SEPT, "min_km": "10"}, "missing parameter: max_km"),
        ({"scenario": SEPT, "min_km": "abc", "max_km": "20"}, "is not a number of kilometres"),
        ({"scenario": SEPT, "min_km": "10", "max_km": "900"}, "max_km"),
        ({"scenario": "<script>alert(1)</script>", "min_km": "1", "max_km": "2"}, "(not shown)"),
        ({"scenario": SEPT, "min_km": "1", "max_km": "2", "side": "north"}, "side"),
    ],
)
def test_bad_input_gets_one_line_and_status_400(client, asked, says):
    answer = client.get(routes.ZONE_LAYERS_PATH, params=asked)
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/plain")
    assert says in answer.text and "\n" not in answer.text.strip()
    assert "<script>" not in answer.text


def test_a_zone_that_cannot_be_built_is_a_500_not_a_traceback(client, monkeypatch):
    def broken(*args: object) -> str:
        raise RuntimeError("a broken cache")

    monkeypatch.setattr(loaders, "step_layers", broken)
    answer = client.get(routes.ZONE_LAYERS_PATH, params={"min_km": "1", "max_km": "2"})
    assert answer.status_code == 500
    assert answer.text == "the zone could not be built: the server log says why"


def test_under_a_base_path_the_route_is_served_and_offered_there(monkeypatch):
    """With ``server.baseUrlPath``, a proxy may forward only that path: the route is there."""
    monkeypatch.setitem(routes._served, "zone_layers", None)
    client = Client(Starlette(routes=routes.zone_routes("/maps/idlib/")))
    asked = {"min_km": "5", "max_km": "10"}
    assert client.get("/maps/idlib" + routes.ZONE_LAYERS_PATH, params=asked).status_code == 200
    assert client.get(routes.ZONE_LAYERS_PATH, params=asked).status_code == 404
    offered = routes.zone_layers_url({"scenario": SEPT}, "en")
    assert offered is not None and offered.startswith("/maps/idlib/idlib/zone-layers?")


def test_without_serve_py_the_map_is_offered_no_route():
    at = start()
    assert _step_data(map_args(at)[1]["feature_group"])["preview"]["exact"] is None


def test_the_map_is_offered_the_route_for_its_view_less_the_depths(served):
    at = start(scenario=SEPT, lang="ar", side="both", min_km="5")
    exact = _step_data(map_args(at)[1]["feature_group"])["preview"]["exact"]
    path, query = exact.split("?")
    assert path == routes.ZONE_LAYERS_PATH
    assert dict(p.split("=") for p in query.split("&")) == {
        "scenario": "contact-line",
        "date": "2018-09-17",
        "side": "both",
        "lang": "ar",
    }


@pytest.mark.parametrize(
    "query", [{"compare": "frontline-2020-03"}, {"edits": "f=Saraqib:g"}], ids=["compare", "edits"]
)
def test_views_the_route_does_not_draw_are_offered_none(served, query):
    """A comparison's layers and a user's own line come with the page's rerun only."""
    at = start(**query)
    assert not at.exception
    preview = _step_data(map_args(at)[1]["feature_group"])["preview"]
    assert preview is None or preview["exact"] is None
