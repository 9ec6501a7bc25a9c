"""The Arabic page in a real browser (``?lang=ar``), on a 1280x800 desktop and a 390x844 phone.

The server, the browser and the page helpers are those of ``tests/browser_harness.py``.
"""

from __future__ import annotations

import re
import time

import pytest
from browser_harness import PHONE, SCREENSHOT_DIR, _map, _open, _wait_for_query, _zone_path

from geo.inputs.layers import load_study_data

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 800}
#: Latin words an Arabic reader may see: names with no Arabic form (roads, file types,
#: map makers and data sets), and the language switch's "English".
ALLOWED = {
    "M4", "M5", "English", "GeoJSON", "RFC", "KML", "CSV", "GeoPackage", "PNG", "PDF", "HTML",
    "Leaflet", "OpenStreetMap", "OpenTopoMap", "Esri", "Natural", "Earth", "GeoNames",
    "Saraqeb", "Idleb", "ctrl",
}  # fmt: skip
#: Every element's own visible text, without Streamlit's icon names (a font's ligatures),
#: its "Skip to main content" link (off screen until a key reaches it) and Leaflet's scale
#: bar (its own control, in km: it must stay correct, not translated).
_VISIBLE_TEXT = """() => {
    const skipped = '[data-testid="stIconMaterial"], [data-testid="stSkipToContent"], '
        + '.leaflet-control-scale, script, style';
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const parent = walker.currentNode.parentElement;
        if (!parent || parent.closest(skipped)) {
            continue;
        }
        if (parent.checkVisibility({visibilityProperty: true})) {
            out.push(walker.currentNode.textContent);
        }
    }
    return out.join(" ");
}"""


_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def _towns_without_arabic() -> set[str]:
    """The words of the towns' English names that have no Arabic name (shown as they are)."""
    towns = load_study_data().towns
    unnamed = towns[~towns["name_ar"].fillna("").str.strip().astype(bool)]["name"]
    return {word for name in unnamed for word in _LATIN.findall(name)}


def _english_words(page) -> set[str]:
    """The Latin words on the page and in the map's frame that are not on the allow-list."""
    frame = page.frame(url=lambda u: "streamlit_folium" in u)
    texts = [page.evaluate(_VISIBLE_TEXT), frame.evaluate(_VISIBLE_TEXT)]
    words = {word for text in texts for word in _LATIN.findall(text)}
    return words - ALLOWED - _towns_without_arabic()


@pytest.fixture(params=["desktop", "phone"])
def arabic(request, browser, server):
    viewport = LAPTOP if request.param == "desktop" else PHONE
    page = _open(browser, server, viewport=viewport, query="/?lang=ar")
    page.kind = request.param
    yield page
    page.context.close()


def test_the_arabic_page_is_right_to_left_and_all_arabic(arabic):
    assert arabic.evaluate("document.documentElement.dir") == "rtl"
    assert arabic.evaluate("document.documentElement.lang") == "ar"
    # The map's frame stays left to right: Leaflet's controls and scale bar are its own.
    frame = arabic.frame(url=lambda u: "streamlit_folium" in u)
    assert (
        frame.evaluate("getComputedStyle(document.querySelector('.leaflet-container')).direction")
        == "ltr"
    )
    assert _map(arabic).locator(".leaflet-control-scale-line").inner_text().endswith("km")
    assert arabic.get_by_text("خريطة تقريبية").first.is_visible()
    assert _english_words(arabic) == set()
    # The README's pictures of the Arabic page (docs/screenshot-ar-*.png) are these.
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    time.sleep(1)
    arabic.screenshot(path=str(SCREENSHOT_DIR / f"screenshot-ar-{arabic.kind}.png"))


def test_the_arabic_map_draws_and_its_sliders_work(arabic):
    fmap = _map(arabic)
    assert fmap.locator(".leaflet-zone-pane path").count() >= 2
    assert fmap.locator(".idlib-legend summary").inner_text().startswith("مفتاح الخريطة")
    before = _zone_path(arabic).get_attribute("d")
    handle = arabic.get_by_role("slider").last
    handle.focus()
    handle.press("ArrowRight")
    _wait_for_query(arabic, "max_km", "20.5")
    _wait_for_query(arabic, "lang", "ar")
    deadline = time.time() + 30
    while _zone_path(arabic).get_attribute("d") == before and time.time() < deadline:
        time.sleep(0.1)
    assert _zone_path(arabic).get_attribute("d") != before


def test_the_arabic_sliders_ends_follow_their_track(arabic):
    """Defect: in Arabic the track grew to the right but its ends read 100 km left, 0 km right."""
    slider = arabic.get_by_test_id("stSlider").last
    ends = slider.get_by_test_id("stSliderTickBar").get_by_test_id("stMarkdownContainer")
    low, high = (ends.nth(i).bounding_box() for i in range(2))
    assert ends.nth(0).inner_text().startswith("0")
    assert low["x"] + low["width"] <= high["x"]
    # Pressing the right arrow deepens the zone: the track's numbers grow to the right.
    thumb = slider.get_by_role("slider")
    before = thumb.bounding_box()["x"]
    thumb.focus()
    thumb.press("ArrowRight")
    _wait_for_query(arabic, "max_km", "20.5")
    assert thumb.bounding_box()["x"] > before


def test_the_arabic_search_finds_saraqib(arabic):
    if arabic.kind == "phone":
        arabic.get_by_test_id("stExpandSidebarButton").click()
    box = arabic.get_by_test_id("stSidebar").get_by_role("textbox")
    box.fill("سراقب")
    arabic.get_by_role("button", name="سراقب").first.click()
    _wait_for_query(arabic, "town", "Saraqib")
    popup = _map(arabic).locator(".leaflet-popup-content", has_text="سراقب")
    popup.wait_for(timeout=30_000)
    assert popup.locator('[dir="rtl"]').count() == 1
