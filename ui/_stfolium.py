"""The one place that uses streamlit-folium's private helpers and component (0.27.4).

``st_folium`` renders the whole map and sends it on every rerun; the page sends the base
map once and then only the zone's layers (``ui/zonemap.py``). It makes the same strings
with streamlit-folium's own private helpers and hands them to its private component
function. ``pyproject.toml`` pins ``streamlit-folium>=0.27.4,<0.28``, the release these
were read from; ``tests/test_adapters.py`` and ``tests/test_zonemap.py`` compare what they
give with what the public ``st_folium`` sends.
"""

from __future__ import annotations

from typing import Any
from unittest import mock

import folium
import streamlit_folium as stf

__all__ = [
    "SUPPORTED",
    "component",
    "feature_group_script",
    "layer_control_script",
    "map_header",
    "map_html",
    "map_id",
    "map_script",
    "st_folium_sends",
]

#: The streamlit-folium releases this module was read from (as pinned in ``pyproject.toml``).
SUPPORTED = ">=0.27.4,<0.28"


def map_html(fmap: folium.Map) -> str:
    """Return the map's HTML body, as ``st_folium`` sends it."""
    return str(stf._get_html(fmap))


def map_header(fmap: folium.Map) -> str:
    """Return the map's header (inline styles and scripts), as ``st_folium`` sends it."""
    return str(stf._get_header(fmap))


def map_script(fmap: folium.Map) -> str:
    """Return the script that draws the map, as ``st_folium`` sends it."""
    return str(stf._get_map_string(fmap))


def map_id(fmap: folium.Map) -> str:
    """Return the map's element id, as ``st_folium`` sends it."""
    return str(stf.get_full_id(fmap))


def feature_group_script(group: folium.FeatureGroup, *, fmap: folium.Map, index: int) -> str:
    """Render a layer added to ``fmap`` as ``st_folium``'s ``feature_group_to_add[index]``."""
    return str(stf._get_feature_group_string(group, map=fmap, idx=index))


def layer_control_script(control: folium.LayerControl, *, fmap: folium.Map) -> str:
    """Render a layer control added to ``fmap`` as ``st_folium``'s ``layer_control``."""
    return str(stf._get_layer_control_string(control, fmap))


def component(**arguments: Any) -> Any:
    """Show streamlit-folium's own frontend with these arguments (``st_folium``'s last step)."""
    return stf._component_func(**arguments)


def st_folium_sends(fmap: folium.Map, **options: Any) -> dict[str, Any]:
    """Run the public ``st_folium`` and return what it hands the component (for tests)."""
    sent: dict[str, Any] = {}
    with mock.patch.object(stf, "_component_func", lambda **kwargs: sent.update(kwargs)):
        stf.st_folium(fmap, **options)
    return sent
