"""The page's layout in a real browser, on a 390x844 touch phone and a 1280x800 desktop.

The server, the browser and the page helpers are those of ``tests/browser_harness.py``: its
fixtures are imported, and the tests take them as arguments of the same names.
"""

from __future__ import annotations

import pytest
from browser_harness import PHONE, _frame, _map, _open, _wait_for_query, _zone_path

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"


def _settled(locator) -> dict[str, float]:
    """The element's box once it has stopped moving (a popup pans the map into view)."""
    before = None
    for _ in range(100):
        box = locator.bounding_box()
        if box is not None and box == before:
            return box
        before = box
        locator.page.wait_for_timeout(100)
    raise AssertionError("the element kept moving")


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def _edge_town(page, edge: str) -> tuple[str, float, float]:
    """The town drawn nearest the map's left or right edge, and where it is on the page."""
    frame_box = page.locator(MAP_FRAME).bounding_box()
    name, x, y = _frame(page).evaluate(
        """(edge) => { const size = window.map.getSize(), towns = [];
            window.IDLIB_POINTS.towns.layer.eachLayer(l => {
                const at = window.map.latLngToContainerPoint(l.getLatLng());
                if (at.x > 15 && at.x < size.x - 15 && at.y > 60 && at.y < size.y - 60) {
                    towns.push([l.feature.properties.name, at.x, at.y]); } });
            towns.sort((a, b) => a[1] - b[1]);
            return edge === "left" ? towns[0] : towns[towns.length - 1]; }""",
        edge,
    )
    return name, frame_box["x"] + x, frame_box["y"] + y


@pytest.mark.parametrize("edge", ["left", "right"])
def test_phone_town_popup_fits_the_map_beside_its_buttons(phone, edge):
    """Defect: on a phone the popup was wider than the map, the map's buttons covered its
    left edge and its close button was cut off."""
    phone.locator(MAP_FRAME).evaluate("frame => frame.scrollIntoView()")
    _settled(_zone_path(phone))  # the first view is fitted to the frame
    town, x, y = _edge_town(phone, edge)
    phone.touchscreen.tap(x, y)
    fmap = _map(phone)
    popup = fmap.locator(".leaflet-popup")
    popup.filter(has_text=town).wait_for(timeout=10_000)
    box = _settled(popup)
    assert _inside(box, phone.locator(MAP_FRAME).bounding_box())
    buttons = fmap.locator(".leaflet-control")
    for index in range(buttons.count()):
        button = buttons.nth(index)
        if button.is_visible():
            assert not _overlap(box, button.bounding_box()), button.get_attribute("class")
    close = fmap.locator(".leaflet-popup-close-button")
    assert close.is_visible()
    close_box = close.bounding_box()
    assert _inside(close_box, box)
    frame_box = phone.locator(MAP_FRAME).bounding_box()
    on_top = _frame(phone).evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('.leaflet-popup-close-button')"
        " !== null",
        [
            close_box["x"] + close_box["width"] / 2 - frame_box["x"],
            close_box["y"] + close_box["height"] / 2 - frame_box["y"],
        ],
    )
    assert on_top, "something covers the close button"
    close.tap()
    popup.wait_for(state="detached", timeout=10_000)


def _center(page) -> tuple[float, float]:
    lat, lon = _frame(page).evaluate("[window.map.getCenter().lat, window.map.getCenter().lng]")
    return lat, lon


def _swipe_up(page, x: float, y: float, *, fingers: int = 1) -> None:
    """Drag fingers 200 px up from (x, y), as a touch screen reports it."""
    cdp = page.context.new_cdp_session(page)
    touch = "Input.dispatchTouchEvent"

    def points(dy: float) -> list[dict[str, float]]:
        return [{"x": x + 60 * finger, "y": y - dy, "id": finger} for finger in range(fingers)]

    cdp.send(touch, {"type": "touchStart", "touchPoints": points(0)})
    for step in range(1, 11):
        cdp.send(touch, {"type": "touchMove", "touchPoints": points(20 * step)})
    cdp.send(touch, {"type": "touchEnd", "touchPoints": []})
    cdp.detach()
    _settled(page.locator(MAP_FRAME))


def test_phone_one_finger_scrolls_the_page_and_two_are_needed_for_the_map(phone):
    """Defect: a swipe on the map moved the map, and the page under it could not be reached."""
    _settled(_zone_path(phone))
    frame = phone.locator(MAP_FRAME)
    box = frame.bounding_box()
    x, y = box["x"] + box["width"] / 2, min(box["y"] + box["height"] / 2, 700)
    center = _center(phone)
    _swipe_up(phone, x, y)
    assert frame.bounding_box()["y"] < box["y"] - 100, "the page did not scroll"
    assert _center(phone) == center, "one finger moved the map"
    # After a tap on the map (a phone sends mouse events for it too), still the page.
    box = frame.bounding_box()
    phone.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] - 150)
    _settled(_zone_path(phone))  # a tap on a town opens it, and the map pans to show it
    center = _center(phone)
    _swipe_up(phone, box["x"] + box["width"] / 2, box["y"] + box["height"] - 100)
    assert frame.bounding_box()["y"] < box["y"] - 100, "the page did not scroll after a tap"
    assert _center(phone) == center, "one finger moved the map after a tap"
    # Two fingers move the map, and not the page.
    box = frame.bounding_box()
    _swipe_up(phone, box["x"] + 100, box["y"] + box["height"] - 100, fingers=2)
    assert _center(phone) != center, "two fingers did not move the map"
    assert frame.bounding_box()["y"] == box["y"]


def test_desktop_mouse_drag_still_moves_the_map(page):
    _settled(_zone_path(page))
    box = page.locator(MAP_FRAME).bounding_box()
    x, y = box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.3
    center = _center(page)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 150, y + 60, steps=10)
    page.mouse.up()
    assert _center(page) != center


def _sidebar_open(page) -> bool:
    box = page.get_by_test_id("stSidebar").bounding_box()
    return box is not None and box["x"] + box["width"] > 1


def test_phone_depth_controls_and_numbers_come_under_the_map(phone):
    """Defect: on a phone the sliders were in a sidebar that covered most of the screen."""
    assert not _sidebar_open(phone)
    frame = phone.locator(MAP_FRAME).bounding_box()
    sliders = phone.get_by_role("slider")
    assert sliders.count() == 2
    tops = []
    for index in range(2):
        box = sliders.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["y"] >= frame["y"] + frame["height"]  # under the map
        tops.append(box["y"])
    area = phone.get_by_test_id("stMetricLabel").filter(has_text="Area of the zone")
    assert area.bounding_box()["y"] > max(tops)  # the numbers come next
    # The map's bottom and the zone slider fit on the screen together.
    assert max(tops) - (frame["y"] + frame["height"]) < PHONE["height"] / 3
    slider = sliders.last
    slider.focus()
    slider.press("ArrowRight")
    _wait_for_query(phone, "max_km", "20.5")
    assert not _sidebar_open(phone)


def test_phone_every_choice_in_the_sidebar_closes_it(phone):
    """Defect: the sidebar stayed open over the map after a town was picked."""
    expand = phone.get_by_test_id("stExpandSidebarButton")
    sidebar = phone.get_by_test_id("stSidebar")
    for town in ("Saraqib", "Kafr Nabl"):
        expand.click()
        phone.wait_for_function(
            "() => document.querySelector('[data-testid=stSidebar]')"
            ".getBoundingClientRect().left >= 0"
        )
        box = sidebar.get_by_role("textbox")
        box.click()
        box.fill(town)
        box.press("Enter")
        sidebar.get_by_role("button", name=town).first.click()
        _wait_for_query(phone, "town", town)
        phone.wait_for_function(
            "() => document.querySelector('[data-testid=stSidebar]')"
            ".getBoundingClientRect().right <= 1",
            timeout=15_000,
        )
    expand.click()
    compare = sidebar.get_by_role("combobox", name="Compare with")
    compare.click()
    phone.get_by_role("option").first.click()
    phone.wait_for_function(
        "() => new URLSearchParams(location.search).has('compare')", timeout=30_000
    )
    phone.wait_for_function(
        "() => document.querySelector('[data-testid=stSidebar]')"
        ".getBoundingClientRect().right <= 1",
        timeout=15_000,
    )


LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def laptop(browser, server):
    page = _open(browser, server, viewport=LAPTOP, query="/?compare=frontline-2020-03")
    yield page
    page.context.close()


def test_laptop_shows_the_town_search_and_the_depths_without_scrolling(laptop):
    """Defect: on a 1280x800 screen "Find a town" was below the sidebar's fold."""
    sidebar = laptop.get_by_test_id("stSidebar")
    for target in (
        sidebar.get_by_text("Find a town"),
        sidebar.get_by_role("textbox"),
        *(laptop.get_by_role("slider").nth(i) for i in range(2)),
    ):
        box = target.bounding_box()
        assert box is not None and box["y"] + box["height"] <= LAPTOP["height"], box


def test_laptop_has_no_blank_area_under_the_map(laptop):
    """Defect: the numbers beside the map ran about 1,000 px below it, over a blank area."""
    blank = laptop.locator(MAP_FRAME).evaluate(
        """(frame) => {
            const bottom = (column) => Math.max(...[...column.querySelectorAll(
                '[data-testid=stElementContainer]')].map(e => e.getBoundingClientRect())
                .filter(r => r.height > 0).map(r => r.bottom));
            const mine = frame.closest('[data-testid=stColumn]');
            const row = mine.closest('[data-testid=stHorizontalBlock]');
            const columns = [...row.children].filter(c => c.matches('[data-testid=stColumn]'));
            return Math.max(...columns.map(bottom)) - bottom(mine); }"""
    )
    assert blank < 200


def test_laptop_labels_are_not_cut_off(laptop):
    """Defect: download labels and the comparison's labels ended in "…"."""
    laptop.get_by_text("Overlap").first.wait_for(timeout=30_000)
    cut = laptop.evaluate(
        """() => [...document.querySelectorAll(
                '[data-testid=stDownloadButton], [data-testid=stMetricLabel], '
                + '[data-testid=stPopover]')]
            .flatMap(e => [e, ...e.querySelectorAll('*')])
            .filter(e => getComputedStyle(e).overflowX !== 'visible'
                         && e.scrollWidth > e.clientWidth + 1)
            .map(e => e.textContent)"""
    )
    assert cut == []
