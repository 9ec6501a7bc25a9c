"""The page's map: the base map rendered once per scenario, then only the zone's layers.

``streamlit_folium.st_folium`` renders the whole folium map on every rerun and sends the
map's script each time, though the browser runs that script only when the map is first
drawn. Here the same component (streamlit-folium's own frontend, unchanged) gets:

- the base map's script once per scenario, as a static file the browser caches; the
  component's ``script`` argument is a one-line loader for it;
- the header's styles in that file too;
- the layer control once per scenario too: it reads the zone's side, bounds and focus
  from ``window.IDLIB_STEP`` (:class:`geo.mapview.view.ViewControl`);
- on each step, only the zone's layers and ``window.IDLIB_STEP``.

The strings are made by streamlit-folium's own helpers, in the order ``st_folium`` uses
them, so the browser sees what ``st_folium`` would send. Those helpers are private: they
are reached through :mod:`ui._stfolium` only, and ``tests/test_zonemap.py`` checks the
strings against ``st_folium``'s.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import folium
import streamlit.components.v1 as components

from geo import DataError
from geo.mapview.assets import (
    FileStore,
    asset_links,
    bundle_scripts,
    cache_dir,
    localize_assets,
    publish_script,
)
from geo.mapview.draw import flips_script
from geo.mapview.view import ViewControl
from ui import _stfolium

__all__ = ["RETURNED", "MapShell", "layers_script", "map_shell", "serve_files", "show_map"]

#: What the map returns: the user's drawing (``ui/mapinput.py`` acts on it).
RETURNED = ("all_drawings",)
#: The global the base map's script is kept in until the component runs it.
SCRIPT_GLOBAL = "IDLIB_MAP_SCRIPT"
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def serve_files() -> FileStore:
    """Create the folder the page publishes its scripts into, and serve it.

    The folder is :func:`geo.mapview.assets.cache_dir`, outside the checkout: the page
    writes nothing into the repository, and a read-only checkout still serves the map.
    Streamlit serves only its own ``static/`` folder beside the app; a component declared
    with a ``path`` has that folder's files served at ``component/<module>.<name>/``, the
    address used here. The map's frame is a component's page too, so the address is
    relative to it (it works under any ``server.baseUrlPath``). Call it on every run:
    Streamlit registers the component only during a run.

    Raises
    ------
    geo.DataError
        If the folder cannot be created.
    """
    path = cache_dir()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        msg = f"cannot create the map's file folder {path} ({exc.strerror})"
        raise DataError(msg) from exc
    served = components.declare_component("files", path=path)
    return FileStore(path=path, url=f"../{served.name}")


@dataclass(frozen=True)
class MapShell:
    """What the map component needs besides the zone: the same for every step."""

    script: str
    header: str
    html: str
    control: str
    map_id: str
    js_links: list[str]
    css_links: list[str]
    key: str


def map_shell(
    fmap: folium.Map,
    layers: list[folium.FeatureGroup],
    *,
    store: FileStore,
    flips: Sequence[str] = (),
) -> MapShell:
    """Render the base map, and a layer control for layers like ``layers``, once.

    Parameters
    ----------
    fmap
        The base map (:func:`geo.mapview.basemap.base_map`); it is rendered, and ``layers`` are
        added to it, so it must not be used again.
    layers
        Layers of the kinds and in the order every step will send (the names count,
        not the content): the control lists them.
    store
        Where the map's scripts are published (:func:`serve_files`).
    flips
        The control points whose popup offers to flip them (:mod:`geo.mapview.draw`): the
        same for every step of a line, so they come with the base map, not with each step.

    Raises
    ------
    geo.DataError
        If a script or style has no offline copy.
    """
    for element in [fmap, *layers]:
        localize_assets(element, store=store)
    # As st_folium: the whole figure, then the map alone, then its parts.
    fmap.get_root().render()
    fmap.render()
    html = _stfolium.map_html(fmap)
    header = _stfolium.map_header(fmap)
    script = _stfolium.map_script(fmap)
    map_id = _stfolium.map_id(fmap)
    for index, group in enumerate(layers):
        _stfolium.feature_group_script(group, fmap=fmap, index=index)
    control = _stfolium.layer_control_script(ViewControl(), fmap=fmap)
    js_links, css_links = asset_links(fmap)
    static, header = _static_script(header, script, flips)
    url = publish_script(static, store=store)
    # The map is mounted once per key: a new script or new data (a scenario) is a new map.
    digest = hashlib.sha256("\n".join([script, *js_links, url]).encode()).hexdigest()[:16]
    return MapShell(
        script=f"(0, eval)(window.{SCRIPT_GLOBAL});\n",
        header=header,
        html=html,
        control=control,
        map_id=map_id,
        js_links=bundle_scripts([*js_links, url], store=store),
        css_links=css_links,
        key=f"zone_map-{digest}",
    )


def _static_script(header: str, script: str, flips: Sequence[str]) -> tuple[str, str]:
    """Return the base map's static script, and the header left once its styles are in it.

    The header's styles are needed before the map is drawn (the legend's width sets the
    first view): the static script adds them to the page, then holds the map's script.
    """
    styles = "".join(f"<style>{css}</style>" for css in _STYLE.findall(header))
    header = _STYLE.sub("", header)
    header = "" if re.fullmatch(r"\s*(<meta[^>]*>\s*)*", header) else header
    static = (
        f"document.head.insertAdjacentHTML('beforeend', {json.dumps(styles)});\n"
        + flips_script(flips)
        + f"window.{SCRIPT_GLOBAL} = {json.dumps(script)};\n"
    )
    return static, header


def layers_script(layers: list[folium.FeatureGroup]) -> str:
    """Write the script that draws one step's layers, as ``st_folium`` would.

    Parameters
    ----------
    layers
        The step's layers, of the kinds and in the order given to :func:`map_shell`.
    """
    # A map only to parent the layers while they render; its name becomes "map_div".
    parent = folium.Map(tiles=None)
    return "".join(
        _stfolium.feature_group_script(group, fmap=parent, index=index)
        for index, group in enumerate(layers)
    )


def show_map(shell: MapShell, layers: str, *, height: int) -> object:
    """Show the map: the component draws the base once and replaces only ``layers``.

    It returns only a drawing (``returned_objects``), or a point to flip, one of the
    shell's ``flips`` (:mod:`geo.mapview.draw`): a pan or zoom sends nothing. Returns the
    component's value.
    """
    return _stfolium.component(
        script=shell.script,
        header=shell.header,
        html=shell.html,
        id=shell.map_id,
        key=shell.key,
        height=height,
        width=None,
        returned_objects=list(RETURNED),
        # As the frontend first computes it (geo/mapview/static/draw.js): nothing is sent
        # until something is drawn.
        default={name: [] for name in RETURNED},
        zoom=None,
        center=None,
        feature_group=layers,
        return_on_hover=False,
        layer_control=shell.control,
        pixelated=False,
        css_links=shell.css_links,
        js_links=shell.js_links,
        on_change=None,
        wrap_longitude=False,
    )
