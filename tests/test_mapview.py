"""The folium map, rendered to a string and checked without a browser."""

from __future__ import annotations

import re

import geopandas as gpd
import shapely
from streamlit_folium import generate_js_hash

from geo.engine.zone import ZoneSpec
from geo.inputs.layers import StudyData
from geo.mapview.assets import FileStore, localize_assets
from geo.mapview.basedata import display_geometry, prepare_base_layers
from geo.mapview.basemap import base_map
from geo.mapview.layers import zone_layers
from geo.results.analysis import analyze
from ui._stfolium import map_script

HOSTILE = '<img src=x onerror="alert(1)">'


def test_base_map_is_the_same_every_run(study):
    first, second = (
        map_script(base_map(prepare_base_layers(study))),
        map_script(base_map(prepare_base_layers(study))),
    )
    assert generate_js_hash(first, "zone_map") == generate_js_hash(second, "zone_map")


def test_assets_are_served_locally(study, tmp_path):
    fmap = base_map(prepare_base_layers(study))
    used = localize_assets(fmap, store=FileStore(path=tmp_path, url="../files"))
    assert any(url.endswith("leaflet.js") for url in used)
    assert all(url.startswith("../files/vendor/") for url in used)
    for url in used:
        assert (tmp_path / "vendor" / url.rsplit("/", 1)[1]).stat().st_size > 0
    rendered = fmap.get_root().render()
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", rendered)


def test_every_string_reaching_the_map_is_escaped(study):
    towns = study.towns.copy()
    towns.loc[towns.index[0], "name"] = HOSTILE
    towns.loc[towns.index[0], "population_source"] = "</script><script>alert(2)</script>"
    hostile = StudyData(**{**study.__dict__, "towns": gpd.GeoDataFrame(towns, crs=4326)})
    result = analyze(hostile, ZoneSpec())
    fmap = base_map(prepare_base_layers(hostile))
    for layer in zone_layers(result):
        layer.add_to(fmap)
    rendered = fmap.get_root().render()
    # The shared data is HTML-escaped text inside a script: no "<" at all.
    shared = prepare_base_layers(hostile).script
    assert "</script" not in shared
    assert "<" not in shared.split("window.IDLIB_BASE=", 1)[1]
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in shared
    assert HOSTILE not in rendered
    assert "</script><script>alert(2)" not in rendered


def test_layer_names_stay_while_their_content_follows_the_zone(study):
    narrow = zone_layers(analyze(study, ZoneSpec(5.0, 10.0)))
    wide = zone_layers(analyze(study, ZoneSpec(5.0, 30.0)))
    names = [g.layer_name for g in narrow]
    assert names == [g.layer_name for g in wide]
    assert names[:2] == ["Zone: inner band", "Zone: outer band"]
    rendered = [_render_group(study, g) for g in (narrow[1], wide[1])]
    assert "5\\u201310 km" in rendered[0] and "5\\u201330 km" in rendered[1]


def _band_keys(layers) -> list[str | None]:
    """The content key of each band's shapes (the first two groups)."""
    return [next(iter(group._children.values())).key for group in layers[:2]]


def test_a_band_is_kept_on_the_map_while_its_shapes_stay_the_same(study):
    """The page draws a released zone at once, then again with the page's rerun: the
    second drawing must leave a band whose shapes, style and words are the same as they
    are (``inline_geojson.js``), and replace one that changed."""
    base = _band_keys(zone_layers(analyze(study, ZoneSpec(5.0, 10.0))))
    again = _band_keys(zone_layers(analyze(study, ZoneSpec(5.0, 10.0))))
    deeper = _band_keys(zone_layers(analyze(study, ZoneSpec(5.0, 30.0))))
    arabic = _band_keys(zone_layers(analyze(study, ZoneSpec(5.0, 10.0)), lang="ar"))
    assert all(base) and again == base
    assert deeper[0] == base[0] and deeper[1] != base[1]  # the inner band is the same
    assert arabic[0] != base[0] and arabic[1] != base[1]  # the words differ
    rendered = _render_group(study, zone_layers(analyze(study, ZoneSpec(5.0, 10.0)))[0])
    assert re.search(rf'idlibKeep\(feature_group_\w+, "{base[0]}", function \(\) {{', rendered)


def test_an_empty_band_empties_its_kept_group(study):
    layers = zone_layers(analyze(study, ZoneSpec(0.0, 10.0)))
    (inner,) = layers[0]._children.values()
    assert inner.features == [] and inner.key
    rendered = _render_group(study, layers[0])
    assert re.search(rf'idlibKeep\(feature_group_\w+, "{inner.key}"', rendered)
    assert '"features": []' in rendered


def _render_group(study, group) -> str:
    fmap = base_map(prepare_base_layers(study))
    group.add_to(fmap)
    return fmap.get_root().render()


def test_population_is_written_as_a_whole_number():
    from geo.style import format_population

    assert format_population(48975.0, year=2004.0, source="CBS") == "48,975 (2004, CBS)"
    assert format_population(float("nan")) == "no figure"
    assert format_population(None, year=2004) == "no figure"


def test_map_fixes_its_own_small_defects(study):
    rendered = base_map(prepare_base_layers(study)).get_root().render()
    # No black focus rectangle on clicked shapes; no tooltip under an open popup.
    assert ".leaflet-interactive:focus { outline: none; }" in rendered
    assert "idlib-popup-open" in rendered
    # Markers draw from an inline image: no request for marker-icon.png.
    assert 'L.Icon.Default.imagePath = "";' in rendered
    # The mouse-position box stays empty, never "Unavailable".
    assert "Unavailable" not in rendered


def test_display_geometry_is_small_and_close(study):
    shown = display_geometry(study.opposition_area)
    assert len(shapely.get_coordinates(shown)) < len(shapely.get_coordinates(study.opposition_area))
    assert shapely.hausdorff_distance(shown, study.opposition_area) < 0.001


def test_no_python_literal_reaches_the_maps_script(study, default_result):
    """A Python True, False or None in the page's JavaScript stops the whole map."""
    import re

    fmap = base_map(prepare_base_layers(study), data_url="../files/layers/x.js")
    for layer in zone_layers(default_result):
        layer.add_to(fmap)
    rendered = fmap.get_root().render()
    assert not re.search(r"[:,(\[=]\s*(True|False|None)\b", rendered)


def test_style_and_exports_load_without_folium():
    """The colours live in geo.style: the exports must not pull in the web map's library."""
    import subprocess
    import sys

    code = "import sys, geo.style, geo.outputs.export; print('folium' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_file_the_page_serves_has_a_version_and_licence_line(study, default_result):
    from pathlib import Path, PurePosixPath
    from urllib.parse import urlparse

    from geo.mapview.assets import asset_links

    sources = (Path(__file__).resolve().parent.parent / "data" / "SOURCES.md").read_text()
    table = sources.split("## JavaScript and CSS the page serves", 1)[1]
    fmap = base_map(prepare_base_layers(study))
    for layer in zone_layers(default_result):
        layer.add_to(fmap)
    scripts, styles = asset_links(fmap)
    for url in [*scripts, *styles]:
        name = PurePosixPath(urlparse(url).path).name
        (row,) = (line for line in table.splitlines() if f"`{name}`" in line)
        assert len(row.split("|")) == 6 and all(cell.strip() for cell in row.split("|")[1:5])
