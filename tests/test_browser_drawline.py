"""The user's own line on the map in a real Chromium: draw it with the toolbar, flip a point.

Desktop and a 390x844 touch phone; every request off this machine is refused, and none
of the page's own may fail (the toolbar's icons included).
"""

from __future__ import annotations

import time

import pytest
from browser_harness import (
    DESKTOP,
    PHONE,
    _frame,
    _map,
    _open,
    _open_recording,
    _parsed,
    _wait_for_query,
)
from test_browser_ownline import _area, _area_other_than

pytestmark = pytest.mark.browser

#: A line across the middle of the map (clear of its controls on a phone), lat/lon, south
#: then north: with the opposition on its left, a line of its own (±0 km).
_LINE = [(35.45, 36.40), (35.40, 36.80), (35.75, 36.85), (36.15, 36.80)]


def _pixel(page, lat: float, lon: float) -> tuple[float, float]:
    """Where a place is on the screen (the map frame's offset added)."""
    point = _frame(page).evaluate(
        "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
        " const r = window.map.getContainer().getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; }",
        [lat, lon],
    )
    frame = page.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()
    return frame["x"] + point[0], frame["y"] + point[1]


def _press(page, x: float, y: float) -> None:
    if page.context_is_phone:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)


def _press_element(page, locator) -> None:
    """A tap on a phone, a mouse click on a desktop, on a button of the map."""
    if page.context_is_phone:
        locator.tap()
    else:
        locator.click()


def _opened(browser, server, viewport):
    page = _open(browser, server, viewport=viewport)
    page.context_is_phone = viewport is PHONE
    page.locator("iframe[title='streamlit_folium.st_folium']").scroll_into_view_if_needed()
    return page


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_line_drawn_with_the_toolbar_becomes_the_line(browser, server, viewport):
    page = _opened(browser, server, viewport)
    try:
        before = _area(page)
        fmap = _map(page)
        # Set-up, not the test: the line's place clear of the map's controls, the line
        # tool's own at the bottom right among them.
        _frame(page).evaluate(
            "(line) => window.map.fitBounds(line, {paddingTopLeft: [70, 60],"
            " paddingBottomRight: [110, 120], animate: false})",
            _LINE,
        )
        tool = fmap.locator("a.leaflet-draw-draw-polyline")
        _press_element(page, tool)
        for lat, lon in _LINE:
            _press(page, *_pixel(page, lat, lon))
            time.sleep(0.3)
        finish = fmap.locator(".leaflet-draw-actions a").filter(has_text="Finish")
        _press_element(page, finish)
        drawn = _area_other_than(page, before)
        assert drawn != before
        sidebar_text = page.get_by_test_id("stSidebar").inner_text()
        assert "a line drawn on the map" in sidebar_text
        assert page.failed == [] and page.refused == []
    finally:
        page.context.close()


def _box_centre(box: dict[str, float]) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _show_control_points(page) -> tuple[float, float]:
    """Switch the control points on and the towns (drawn over them) off; centre on Saraqib."""
    fmap = _map(page)
    control = fmap.locator(".leaflet-control-layers")
    control.hover()
    if not control.locator(".leaflet-control-layers-list").is_visible():  # a phone
        _press(page, *_box_centre(control.bounding_box()))
    for name in ("How the line was derived: control points", "Towns"):
        control.get_by_text(name, exact=True).click()
        time.sleep(0.3)
    # Set-up, not the test: Saraqib in the middle of the map, clear of the layer list.
    lat, lon = _frame(page).evaluate(
        "() => { let found = null; window.map.eachLayer(l => { if (l.feature &&"
        " l.feature.properties.name === 'Saraqib' && l.getLatLng) found = l.getLatLng(); });"
        " window.map.setView(found, 10, {animate: false}); return [found.lat, found.lng]; }"
    )
    if page.context_is_phone:  # the layer list folds on a tap on the map below it
        frame = page.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()
        _press(page, frame["x"] + frame["width"] - 40, frame["y"] + frame["height"] - 90)
    time.sleep(0.5)
    return lat, lon


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_control_point_clicked_on_the_map_flips_and_the_link_carries_it(
    browser, server, viewport
):
    page = _opened(browser, server, viewport)
    try:
        before = _area(page)
        lat, lon = _show_control_points(page)
        _press(page, *_pixel(page, lat, lon))
        button = _map(page).locator("button.idlib-flip")
        assert button.inner_text() == "Set to the other side"
        _press_element(page, button)
        _wait_for_query(page, "edits", "f=Saraqib:g")
        assert _area_other_than(page, before) != before
        assert page.failed == [] and page.refused == []
    finally:
        page.context.close()


def test_a_pan_or_zoom_sends_nothing_though_the_map_returns_drawings(browser, server):
    """The map returns its drawings now: moving it must still rerun nothing."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    page, sent = _open_recording(browser, server, direction="framesent")
    try:
        fmap = _map(page)
        box = fmap.locator(".leaflet-container").bounding_box()
        x, y = box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.6
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 120, y + 60, steps=8)
        page.mouse.up()
        fmap.locator("a.leaflet-control-zoom-in").click()
        page.mouse.click(x, y)  # a click on the map, on whatever is there
        page.wait_for_timeout(1500)  # past streamlit-folium's 250 ms debounce
    finally:
        page.context.close()
    kinds = [message.WhichOneof("type") for message in _parsed(sent, BackMsg)]
    assert "rerun_script" not in kinds
