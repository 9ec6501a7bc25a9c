"""The map plugins the project ships itself: recorded, served locally, only where needed."""

from __future__ import annotations

import hashlib
import re
from importlib.resources import files
from pathlib import Path

from geo.mapview.assets import FileStore, localize_assets
from geo.mapview.basedata import prepare_base_layers
from geo.mapview.basemap import base_map
from geo.mapview.vendor import (
    GESTURE_CSS,
    GESTURE_JS,
    SWIPE_CSS,
    SWIPE_JS,
    VENDORED,
    asset_text,
)

SOURCES = Path(__file__).resolve().parent.parent / "data" / "SOURCES.md"


def test_every_vendored_file_is_recorded_with_its_checksum_and_licence():
    recorded = SOURCES.read_text(encoding="utf-8")
    folder = files("geo.mapview") / "static" / "vendor"
    for url, name in VENDORED.items():
        text = asset_text(url)
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        row = next(line for line in recorded.splitlines() if line.startswith(f"| `{name}`"))
        assert digest in row and "MIT" in row
        # Served as shipped (a CommonJS module inside a wrapper that gives it Leaflet).
        assert (folder / name).read_text(encoding="utf-8") in text
        licence = re.sub(r"(\.min)?\.(js|css)$", ".LICENSE.txt", name)
        assert "Permission is hereby granted" in (folder / licence).read_text(encoding="utf-8")


def test_the_page_map_serves_gesture_handling_itself(study, tmp_path):
    fmap = base_map(prepare_base_layers(study), data_url="../files/layers/x.js", in_page=True)
    used = localize_assets(fmap, store=FileStore(path=tmp_path, url="../files"))
    gestures = [url for url in used if "gesture-handling" in url]
    assert len(gestures) == 2
    assert all(url.startswith("../files/vendor/") for url in gestures)
    for url in gestures:
        served = (tmp_path / "vendor" / url.rsplit("/", 1)[1]).read_text(encoding="utf-8")
        assert served in (asset_text(GESTURE_JS), asset_text(GESTURE_CSS))
    assert "gestureHandling.enable()" in fmap.get_root().render()


def test_a_map_on_its_own_keeps_one_finger_moving_it(study):
    rendered = base_map(prepare_base_layers(study)).get_root().render()
    assert "gesture-handling" not in rendered
    assert "gestureHandling.enable()" not in rendered


def test_the_swipe_plugin_is_served_only_with_a_swipe_and_runs_as_a_browser_script(study):
    layers = prepare_base_layers(study)
    plain = base_map(layers, in_page=True, compare="Another line")
    swiped = base_map(layers, in_page=True, compare="Another line", swipe=True)
    assert SWIPE_JS not in [url for _, url in plain.default_js]
    assert SWIPE_JS in [url for _, url in swiped.default_js]
    assert SWIPE_CSS in [url for _, url in swiped.default_css]
    assert "L.control.sideBySide(left, right)" in swiped.get_root().render()
    # Without a comparison there is nothing to swipe.
    alone = base_map(layers, in_page=True, swipe=True)
    assert SWIPE_JS not in [url for _, url in alone.default_js]
    served = asset_text(SWIPE_JS)
    assert served.startswith("(function (module, require) {")
    assert "require('leaflet')" in served and "L.Control.SideBySide" in served


def test_the_line_tool_is_served_by_the_app_with_its_icons_inside_its_style(study, tmp_path):
    """leaflet.draw's style points at ``images/spritesheet.svg``; folium-offline's copy has
    the images inline, so the toolbar asks for no other file (none could be served)."""
    fmap = base_map(prepare_base_layers(study), data_url="../files/layers/x.js", in_page=True)
    used = localize_assets(fmap, store=FileStore(path=tmp_path, url="../files"))
    (style,) = [url for url in used if url.endswith("leaflet.draw.css")]
    (script,) = [url for url in used if url.endswith("leaflet.draw.js")]
    assert style.startswith("../files/vendor/") and script.startswith("../files/vendor/")
    served = (tmp_path / "vendor" / style.rsplit("/", 1)[1]).read_text(encoding="utf-8")
    images = re.findall(r"url\(\s*['\"]?([^'\")]+)", served)
    assert images and all(image.startswith("data:image/") for image in images)
    assert "spritesheet" not in served
    # Only in the page's map: a standalone file has no page to send a drawing to.
    standalone = base_map(prepare_base_layers(study))
    assert "L.Control.Draw" not in standalone.get_root().render()
