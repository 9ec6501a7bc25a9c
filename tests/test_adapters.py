"""Each adapter to another library's private parts against that library's public behaviour."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import folium
import offlinefolium
import pytest
from packaging.requirements import Requirement

from geo.mapview import _folium, _offline
from geo.mapview._shared_layers import InlineGeoJson
from geo.mapview.view import ViewControl
from ui import _stfolium

ROOT = Path(__file__).resolve().parent.parent
LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"


def _pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = [Requirement(line) for line in project["dependencies"]]
    return {r.name: str(r.specifier) for r in requirements}


@pytest.mark.parametrize(
    ("package", "adapter"),
    [("folium", _folium), ("folium-offline", _offline), ("streamlit-folium", _stfolium)],
)
def test_each_adapter_states_the_pin_and_the_installed_release_is_inside_it(package, adapter):
    assert sorted(_pins()[package].split(",")) == sorted(adapter.SUPPORTED.split(","))
    assert Requirement(f"{package}{adapter.SUPPORTED}").specifier.contains(version(package))


def test_offline_text_is_what_folium_offline_inlines_in_its_own_map():
    page = offlinefolium.Map(location=(36, 37)).get_root().render()
    text = _offline.offline_text(LEAFLET_JS)
    assert len(text) > 100_000
    assert f"<script>{text}</script>" in page


def test_offline_text_names_a_missing_file():
    from geo import DataError

    with pytest.raises(DataError, match=r"no offline copy of https://example\.org/x\.js"):
        _offline.offline_text("https://example.org/x.js")


def _ids_out(text: str) -> str:
    return re.sub(r"[0-9a-f]{32}", "ID", text)


def test_view_control_is_folium_layer_control_then_the_view():
    plain, ours = folium.Map(tiles=None), folium.Map(tiles=None)
    folium.FeatureGroup(name="a").add_to(plain)
    folium.FeatureGroup(name="a").add_to(ours)
    public = folium.LayerControl(collapsed=True).add_to(plain)
    view = ViewControl(side="both", bounds=(36.0, 35.0, 37.0, 36.0)).add_to(ours)
    public_script = _folium.render_script(public)
    our_script = _folium.render_script(view)
    assert _ids_out(public.get_name()) == _ids_out(view.get_name())
    head, tail = _ids_out(our_script).split("window.idlibView(", 1)
    assert head.strip() == _ids_out(public_script).strip()
    assert tail.startswith(_ids_out(ours.get_name()) + ", ")


def test_parent_name_children_and_render_script_match_a_rendered_page():
    fmap = folium.Map(tiles=None)
    group = folium.FeatureGroup(name="g").add_to(fmap)
    shape = InlineGeoJson(
        ['{"type":"Feature","properties":{},"geometry":null}'], style={}, tooltip=[]
    )
    shape.add_to(group)
    page = fmap.get_root().render()
    assert _folium.parent_name(group) == fmap.get_name()
    assert f"var {fmap.get_name()} = L.map(" in page
    assert _folium.children(fmap) == [group] and shape in _folium.children(group)
    assert _folium.render_script(shape).strip() in page


def _small_map() -> tuple[folium.Map, folium.FeatureGroup]:
    fmap = folium.Map(location=(36, 37), zoom_start=8, tiles=None)
    layer = folium.FeatureGroup(name="g")
    folium.CircleMarker((36, 37)).add_to(layer)
    return fmap, layer


def test_st_folium_helpers_give_what_st_folium_sends():
    theirs, their_layer = _small_map()
    sent = _stfolium.st_folium_sends(
        theirs,
        feature_group_to_add=[their_layer],
        layer_control=folium.LayerControl(),
        returned_objects=[],
    )
    # In st_folium's order: the whole figure, the map alone, then its parts.
    fmap, layer = _small_map()
    fmap.get_root().render()
    fmap.render()
    assert _stfolium.map_html(fmap) == sent["html"]
    assert _stfolium.map_header(fmap) == sent["header"]
    assert _stfolium.map_script(fmap) == sent["script"]
    assert _stfolium.map_id(fmap) == sent["id"]
    assert _stfolium.feature_group_script(layer, fmap=fmap, index=0) == sent["feature_group"]
    control = _stfolium.layer_control_script(folium.LayerControl(), fmap=fmap)
    assert control == sent["layer_control"]


@pytest.mark.parametrize(
    "text",
    ["var a = 1;\n", "x\n\n", "  {a: {b: 1}}  ", "no newline", "{{ 1 + 1 }} is markup\n", "a\r\nb"],
)
def test_plain_text_renders_as_brancas_element(text):
    from branca.element import Element

    assert _folium.plain_text(text).render() == Element(text).render()


def test_a_plain_layer_renders_the_page_folium_renders():
    from geo.mapview._shared_layers import Group

    def page(group_class: type[folium.FeatureGroup], *, show: bool) -> str:
        fmap = folium.Map(location=(36, 37), zoom_start=8, tiles=None)
        group = group_class(name="g <b>", show=show).add_to(fmap)
        folium.CircleMarker((36, 37), tooltip="t").add_to(group)
        InlineGeoJson(
            ['{"type":"Feature","properties":{},"geometry":null}'], style={}, tooltip=[]
        ).add_to(group)
        folium.LayerControl().add_to(fmap)
        return _ids_out(fmap.get_root().render())

    for show in (True, False):
        assert page(Group, show=show) == page(folium.FeatureGroup, show=show)
