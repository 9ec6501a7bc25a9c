"""The map's zoom, centre and layers in the link, in a real browser (desktop and phone).

The harness (server, browser, network refused) is the one in ``tests/browser_harness.py``.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from browser_harness import DESKTOP, PHONE, _frame, _map, _open, _press_zone_slider, _wait_for_query

pytestmark = pytest.mark.browser

_VIEW = "() => { const c = window.map.getCenter(); return [window.map.getZoom(), c.lat, c.lng]; }"
_TOWNS_ON = "() => window.map.hasLayer(window.__idlibView.towns)"


def _params(tab) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(tab.url).query).items()}


def _link_box(tab) -> str:
    tab.get_by_role("button", name="Link to this view").click()
    box = tab.get_by_test_id("stPopoverBody").locator(".idlib-linkbox input")
    box.wait_for()
    value: str = box.input_value()
    tab.keyboard.press("Escape")
    return value


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_link_keeps_the_maps_zoom_centre_and_layers(browser, server, viewport):
    """Defect: the link carried the zone's settings but not the map's zoom, centre or layers."""
    tab = _open(browser, server, viewport=viewport)
    try:
        frame = _frame(tab)
        start = frame.evaluate(_VIEW)
        control = _map(tab).locator(".leaflet-control-layers")
        if viewport is PHONE:
            control.locator(".leaflet-control-layers-toggle").tap()
            control.get_by_text("Towns", exact=True).tap()
        else:
            control.hover()
            control.get_by_text("Towns", exact=True).click()
        _wait_for_query(tab, "layers", "-towns")
        tab.mouse.move(1, 1)  # the layer list folds away
        _map(tab).locator(".leaflet-control-zoom-in").click()
        tab.wait_for_function("() => new URLSearchParams(location.search).has('map')")
        view = frame.evaluate(_VIEW)
        assert view[0] == start[0] + 1
        assert _params(tab)["map"] == f"{view[0]:g}/{view[1]:.4f}/{view[2]:.4f}"
        # A run of the page writes the zone's settings: the view stays in the address.
        _press_zone_slider(tab)
        _wait_for_query(tab, "max_km", "20.5")
        _wait_for_query(tab, "layers", "-towns")
        link = _link_box(tab)
    finally:
        tab.context.close()
    assert _params_of(link)["max_km"] == "20.5"
    assert _params_of(link)["layers"] == "-towns"
    query = "/?" + urlparse(link).query
    again = _open(browser, server, viewport=viewport, query=query)
    try:
        frame = _frame(again)
        frame.wait_for_function("() => window.__idlibView && window.__idlibView.towns")
        shown = frame.evaluate(_VIEW)
        towns_on = frame.evaluate(_TOWNS_ON)
        params = _params(again)
    finally:
        again.context.close()
    assert shown[0] == view[0]
    # Leaflet places the centre on whole pixels: within two pixels of this zoom.
    assert shown[1:] == pytest.approx(view[1:], abs=2 * 360 / (256 * 2 ** view[0]))
    assert not towns_on
    # The address keeps the link's view: its zoom, and its centre to within those pixels (a
    # busy machine may lay the page out again after the first view, and the map writes
    # the centre it then has).
    written = [float(v) for v in params["map"].split("/")]
    linked = [float(v) for v in _params_of(link)["map"].split("/")]
    assert written[0] == linked[0]
    assert written[1:] == pytest.approx(linked[1:], abs=2 * 360 / (256 * 2 ** linked[0]))
    assert params["layers"] == "-towns"


def _params_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def test_a_link_that_asks_for_another_background_opens_on_it(browser, server):
    tab = _open(browser, server, query="/?map=9/35.8/36.6&layers=control_points,-posts")
    try:
        frame = _frame(tab)
        frame.wait_for_function("() => window.map.getZoom() === 9")
        centre = frame.evaluate(_VIEW)[1:]
        checked = frame.evaluate(
            "() => Object.fromEntries([...document.querySelectorAll("
            "'.leaflet-control-layers label')].map(l => [l.textContent.trim(), "
            "l.querySelector('input').checked]))"
        )
    finally:
        tab.context.close()
    assert centre == pytest.approx([35.8, 36.6], abs=1e-3)
    assert checked["How the line was derived: control points"]
    assert not checked["Turkish observation posts"]
    assert checked["Towns"]


def test_another_scenario_opens_where_the_reader_was(browser, server):
    """The map of another scenario is a new map: it keeps the view and layers the reader chose."""
    tab = _open(browser, server)
    try:
        control = _map(tab).locator(".leaflet-control-layers")
        control.hover()
        control.get_by_text("Turkish observation posts", exact=True).click()
        tab.mouse.move(1, 1)
        _map(tab).locator(".leaflet-control-zoom-in").click()
        tab.wait_for_function("() => new URLSearchParams(location.search).has('map')")
        before = _frame(tab).evaluate(_VIEW)
        _frame(tab).evaluate("() => { window.map.idlibOld = true; }")
        scenario = tab.get_by_test_id("stSidebar").get_by_role("combobox", name="Scenario")
        scenario.click()
        tab.get_by_role("option", name="ceasefire").first.click()
        _wait_for_query(tab, "scenario", "frontline-2020-03")
        tab.wait_for_function("() => new URLSearchParams(location.search).has('map')")
        tab.wait_for_function(
            "() => { const f = document.querySelector(\"iframe[title*='st_folium']\");"
            " const m = f && f.contentWindow.map; return m && !m.idlibOld && m.idlibLink; }"
        )
        after = _frame(tab).evaluate(_VIEW)
        params = _params(tab)
    finally:
        tab.context.close()
    assert after[0] == before[0]
    assert after[1:] == pytest.approx(before[1:], abs=2 * 360 / (256 * 2 ** before[0]))
    assert params["layers"] == "-posts"


_RECORD_HISTORY = """() => {
  window.__history = [];
  for (const name of ['pushState', 'replaceState']) {
    const original = history[name].bind(history);
    history[name] = (state, title, url) => {
      window.__history.push([name, String(url)]);
      return original(state, title, url);
    };
  }
  return history.length;
}"""


def test_slider_steps_replace_the_address_and_add_no_history_entry(browser, server):
    """Defect: each slider step added an entry to the browser's history (Streamlit's own
    write of the address), so Back stepped through widths without leaving the page; and
    each step wrote ``layers=-core,-outer`` into the address for a moment, as the old zone
    layers left the map."""
    tab = _open(browser, server)
    try:
        length = tab.evaluate(_RECORD_HISTORY)
        for max_km in ("20.5", "21", "21.5"):
            _press_zone_slider(tab)
            _wait_for_query(tab, "max_km", max_km)
        tab.wait_for_timeout(700)  # the map's own writes, twice a second
        written = tab.evaluate("() => window.__history")
        after = tab.evaluate("() => history.length")
        params = _params(tab)
    finally:
        tab.context.close()
    assert after == length
    assert [name for name, _ in written] == ["replaceState"] * 3
    assert not [url for _, url in written if "layers=" in url]
    assert params == {
        "scenario": "sochi-2018",
        "min_km": "15",
        "max_km": "21.5",
        "side": "opposition",
    }
