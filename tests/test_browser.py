"""The page in a real browser: Debian's Chromium driven by Playwright, network refused.

The harness (server, browser, the read-only checkout, the page helpers) is
``tests/browser_harness.py``.
"""

from __future__ import annotations

import io
import json
import time
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlparse

import pytest
from browser_harness import (
    DESKTOP,
    TILE_HOSTS,
    _frame,
    _map,
    _open,
    _open_recording,
    _parsed,
    _press_zone_slider,
    _redrawn,
    _screenshot,
    _tree,
    _wait_for_query,
    _zone_path,
)

from geo.style import COLORS

pytestmark = pytest.mark.browser


def test_map_draws_with_the_network_refused(page, server):
    fmap = _map(page)
    assert fmap.locator(".leaflet-zone-pane path").count() >= 2  # bands and uncertainty
    assert fmap.locator(".leaflet-countries-pane path").count() >= 2  # offline vector base
    assert fmap.locator("path.leaflet-interactive").count() > 50  # towns, posts, lines
    assert fmap.locator(".leaflet-control-layers").count() == 1
    assert fmap.locator(".leaflet-control-scale").count() == 1
    assert fmap.locator(".idlib-legend").count() == 1
    assert fmap.locator(".leaflet-control-search").count() == 1
    # Only map tiles were asked of the internet; scripts and styles came from the app.
    hosts = {urlparse(u).hostname for u in page.refused}
    assert hosts <= TILE_HOSTS, hosts
    # By default the background is the offline base: no tiles are asked for.
    assert page.refused == []
    assert page.failed == []
    # Defect: a fresh clone warned that static file serving had no folder.
    assert "no static folder found" not in server[1].read_text()
    _screenshot(page, "desktop.png")


def test_the_page_writes_nothing_into_its_checkout(page, checkout, checkout_before, page_files):
    """The page runs from a read-only copy; its scripts went to the file folder instead,
    where a damaged Leaflet of the same size was written again."""
    assert _tree(checkout) == checkout_before
    layers = list((page_files / "layers").iterdir())
    assert layers and all(p.stat().st_size > 0 for p in layers)
    (leaflet,) = (page_files / "vendor").glob("*-leaflet.js")
    assert not leaflet.read_bytes().startswith(b"///")


def test_slider_keys_redraw_the_zone_without_remounting_the_map(page):
    before = _zone_path(page).get_attribute("d")
    _frame(page).evaluate("window.__mounted_once = true")
    _press_zone_slider(page)
    _wait_for_query(page, "max_km", "20.5")
    _redrawn(page, before)
    assert _frame(page).evaluate("window.__mounted_once === true"), "the map was reloaded"


def test_a_step_sends_the_zone_and_not_the_page(browser, server):
    """A slider step reruns the map's fragment only, and the map receives only the zone."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    page, frames = _open_recording(browser, server, direction="framereceived")
    try:
        _press_zone_slider(page)
        _wait_for_query(page, "max_km", "20.5")
        page.wait_for_timeout(1500)
    finally:
        page.context.close()
    messages = _parsed(frames, ForwardMsg)
    kinds = {m.WhichOneof("type") for m in messages}
    elements = [
        m.delta.new_element
        for m in messages
        if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element"
    ]
    types = [e.WhichOneof("type") for e in elements]
    assert "slider" in types and "dataframe" in types
    # Neither the scenario, comparison and town choices nor the explanation come again,
    # not even as references to what the browser already has.
    assert "selectbox" not in types and "ref_hash" not in kinds
    assert not any("What the memorandum says" in e.markdown.body for e in elements)
    (component,) = (e.component_instance for e in elements if e.HasField("component_instance"))
    args = json.loads(component.json_args)
    # The base map's script and styles are a static file: the step carries a loader only.
    assert len(args["script"]) < 100 and "<style>" not in args["header"]
    assert "window.IDLIB_STEP" in args["feature_group"]


def test_an_empty_zone_keeps_the_map_and_its_layer_choices(page):
    """Defect: the warning for a 0 km zone moved the map, which was rebuilt: the user's
    layer choices, zoom and open popup were lost, and again on the way back."""
    frame = _frame(page)
    frame.evaluate("window.__mounted_once = true")
    _press_zone_slider(page, "Home")
    _wait_for_query(page, "max_km", "0")
    page.get_by_text("A zone 0 km deep is empty").wait_for(timeout=30_000)
    _press_zone_slider(page, "ArrowRight")
    _wait_for_query(page, "max_km", "0.5")
    page.wait_for_timeout(1500)
    assert _frame(page).evaluate("window.__mounted_once === true"), "the map was reloaded"
    # Only this zone's groups are left for the page to remove, not every past zone's.
    assert _frame(page).evaluate("window.feature_group.length") <= 3


def test_layer_choices_survive_a_new_width(page):
    """Defect: a layer switched off came back on when the slider moved."""
    frame = _frame(page)
    posts = "() => Object.values(window.map._layers).filter(l => l.feature && "
    posts += "l.feature.properties.established !== undefined).length"
    assert frame.evaluate(posts) == 12
    control = _map(page).locator(".leaflet-control-layers")
    control.hover()
    control.get_by_text("Turkish observation posts").click()
    assert frame.evaluate(posts) == 0
    before = _zone_path(page).get_attribute("d")
    page.mouse.move(5, 5)
    _press_zone_slider(page)
    _wait_for_query(page, "max_km", "20.5")
    _redrawn(page, before)
    assert frame.evaluate(posts) == 0
    zoom = frame.evaluate("window.map.getZoom()")
    assert zoom == frame.evaluate("window.map.getZoom()")


def test_search_on_the_map_zooms_to_the_town_and_opens_it(page):
    fmap = _map(page)
    zoom = _frame(page).evaluate("window.map.getZoom()")
    fmap.locator(".leaflet-control-search .search-button").click()
    fmap.locator(".leaflet-control-search input.search-input").press_sequentially("Saraq")
    fmap.locator(".search-tip", has_text="Saraqib").first.click()
    fmap.locator(".leaflet-popup-content", has_text="Saraqib").wait_for(timeout=10_000)
    assert _frame(page).evaluate("window.map.getZoom()") >= zoom + 2
    # Saraqib is in view (the open popup may have panned the map a little).
    assert _frame(page).evaluate("window.map.getBounds().pad(-0.1).contains([35.864, 36.80])")
    # Defect: the hover tooltip stayed under the open popup.
    assert not fmap.locator(".leaflet-tooltip-pane").is_visible()


def test_an_open_town_stays_open_while_the_depth_changes(page):
    """The towns are kept and restyled, not redrawn: an open popup follows the new zone."""
    fmap = _map(page)
    fmap.locator(".leaflet-control-search .search-button").click()
    fmap.locator(".leaflet-control-search input.search-input").press_sequentially("Saraq")
    fmap.locator(".search-tip", has_text="Saraqib").first.click()
    popup = fmap.locator(".leaflet-popup-content", has_text="Saraqib")
    popup.wait_for(timeout=10_000)
    assert "outer band (15–20 km)" in popup.inner_text()
    markers = "() => Object.keys(window.IDLIB_POINTS.towns.layer._layers).join()"
    before = _frame(page).evaluate(markers)
    inner = page.get_by_role("slider").first
    inner.focus()
    inner.press("ArrowRight")
    _wait_for_query(page, "min_km", "15.5")
    page.wait_for_function(
        "() => [...document.querySelectorAll('iframe')].some(f => f.contentDocument && "
        "(f.contentDocument.querySelector('.leaflet-popup-content') || {}).textContent"
        "?.includes('15.5–20 km'))",
        timeout=30_000,
    )
    assert popup.is_visible()
    assert _frame(page).evaluate(markers) == before


def test_search_in_the_sidebar_finds_arabic_names(page):
    box = page.get_by_test_id("stSidebar").get_by_role("textbox")
    box.fill("سراقب")
    page.get_by_role("button", name="Saraqib").first.click()
    _wait_for_query(page, "town", "Saraqib")
    _map(page).locator(".leaflet-popup-content", has_text="Saraqib").wait_for(timeout=30_000)


def test_measuring_asks_for_no_missing_images(page):
    """Defect: the measure tool asked for marker-icon.png and marker-shadow.png (404)."""
    fmap = _map(page)
    fmap.locator(".leaflet-control-measure").hover()
    fmap.locator("a.js-start").click()
    box = fmap.locator(".leaflet-container").bounding_box()
    for dx in (0.4, 0.6):
        page.mouse.click(box["x"] + box["width"] * dx, box["y"] + box["height"] * 0.3)
        time.sleep(0.3)
    fmap.locator("a.js-finish").click()
    time.sleep(1)
    assert _frame(page).evaluate("document.querySelectorAll('.layer-measurearea, path').length")
    assert page.failed == []


def test_clicking_the_zone_draws_no_focus_rectangle(page):
    box = _zone_path(page).bounding_box()
    _zone_path(page).click(position={"x": box["width"] / 2, "y": 5}, force=True)
    style = _frame(page).evaluate(
        "() => { const e = document.activeElement; return e && getComputedStyle(e).outlineStyle; }"
    )
    assert style in ("none", None)


def test_png_download_is_an_image_of_print_size(page, tmp_path):
    from PIL import Image

    button = page.get_by_role("button", name="Download map image (PNG, print)")
    with page.expect_download(timeout=60_000) as download:
        button.click()
    target = tmp_path / "map.png"
    download.value.save_as(target)
    with Image.open(target) as image:
        assert image.format == "PNG"
        assert image.size == (2339, 1654)


def test_geojson_and_kml_downloads_read_back(page, tmp_path):
    files = {}
    for label, name in (
        ("Download GeoJSON (RFC 7946)", "zone.geojson"),
        ("Download KML (Google Earth)", "zone.kml"),
    ):
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name=label).click()
        files[name] = tmp_path / name
        download.value.save_as(files[name])
    collection = json.loads(files["zone.geojson"].read_text())
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    bands = {
        f["properties"]["band"]
        for f in collection["features"]
        if f["properties"]["layer"] == "zone"
    }
    assert bands == {"core", "outer"}
    kml = ET.parse(io.BytesIO(files["zone.kml"].read_bytes()))
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    assert kml.findall(".//k:Style", ns), "the KML carries styles"
    assert len(kml.findall(".//k:Folder", ns)) >= 4


@pytest.mark.parametrize(
    "payload",
    ["[Click here to verify](http://evil.example/login)", "![t](http://evil.example/t.png)"],
    ids=["link", "image"],
)
def test_link_markdown_shows_as_text_and_nothing_leaves(browser, server, payload):
    page = _open(browser, server, query=f"/?side={quote(payload)}&town={quote(payload)}")
    try:
        page.get_by_text("(not shown)").first.wait_for(timeout=30_000)
        assert page.locator("a[href*='evil.example']").count() == 0
        assert page.locator("img[src*='evil.example']").count() == 0
        assert not [u for u in page.refused if "evil.example" in u]
    finally:
        page.context.close()


def test_phone_puts_the_map_first_and_a_preset_uncovers_it(phone):
    viewport = phone.viewport_size
    frame_box = phone.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()
    assert frame_box["y"] < viewport["height"] * 0.45  # no title screen before the map
    # Defect: on a phone the mouse-position box said "Unavailable" for good.
    assert not _map(phone).get_by_text("Unavailable").count()
    phone.get_by_test_id("stExpandSidebarButton").click()
    phone.get_by_role("button", name="Press reports: 15–25 km").click()
    _wait_for_query(phone, "max_km", "25")
    time.sleep(1.5)
    x = frame_box["x"] + frame_box["width"] / 2
    y = min(frame_box["y"] + frame_box["height"] / 2, viewport["height"] - 10)
    on_top = phone.evaluate(f"document.elementFromPoint({x}, {y}).tagName")
    assert on_top == "IFRAME", "a widget covers the map after a preset"
    # The legend starts folded and the scale bar and the credits do not overlap.
    fmap = _map(phone)
    assert not fmap.locator(".idlib-legend details[open]").count()
    scale = fmap.locator(".leaflet-control-scale").bounding_box()
    credits = fmap.locator(".leaflet-control-attribution").bounding_box()
    overlap_x = scale["x"] + scale["width"] > credits["x"]
    overlap_y = scale["y"] + scale["height"] > credits["y"]
    assert not (overlap_x and overlap_y)
    _screenshot(phone, "phone.png")


def test_compare_mode_draws_both_zones(browser, server):
    page = _open(browser, server, query="/?scenario=sochi-2018&compare=frontline-2020-03")
    try:
        fmap = _map(page)
        fmap.locator(f"path[stroke='{COLORS['compare']}']").first.wait_for(timeout=30_000)
        assert fmap.locator(".leaflet-zone-pane path").count() >= 3  # two bands and the other
        assert page.get_by_text("Overlap").count() >= 1
        assert page.failed == []
        _screenshot(page, "compare.png")
    finally:
        page.context.close()


def test_standalone_html_draws_with_every_request_refused(browser, tmp_path):
    from geo import analyze, load_study_data
    from geo.engine.zone import ZoneSpec
    from geo.mapview.standalone import standalone_html

    data = load_study_data()
    target = tmp_path / "map.html"
    target.write_bytes(standalone_html(analyze(data, ZoneSpec()), data))
    context = browser.new_context(viewport=DESKTOP)
    refused = []

    def only_the_file(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_file)
    page = context.new_page()
    try:
        page.goto(target.as_uri())
        page.locator(".leaflet-zone-pane path").first.wait_for(timeout=30_000)
        assert page.locator(".leaflet-zone-pane path").count() >= 2
        assert page.locator(".idlib-legend").count() == 1
        assert page.locator("path.leaflet-interactive").count() > 50
        assert {urlparse(u).hostname for u in refused} <= TILE_HOSTS, refused
    finally:
        context.close()
