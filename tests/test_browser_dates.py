"""The line over time in a real browser: the day slider, play, and the swipe.

The harness (server, browser, network refused) is the one in ``tests/browser_harness.py``.
"""

from __future__ import annotations

import pytest
from browser_harness import (
    DESKTOP,
    PHONE,
    _frame,
    _map,
    _open,
    _screenshot,
    _wait_for_query,
    _zone_path,
)

from geo.style import COLORS
from ui.dates import PLAY_SECONDS

pytestmark = pytest.mark.browser


def _wait_for_day(page, label: str) -> None:
    """Wait until the day slider shows ``label`` (the step has reached the browser)."""
    page.wait_for_function(
        "label => [...document.querySelectorAll('[data-testid=stSliderThumbValue]')]"
        ".some(s => s.textContent === label)",
        arg=label,
        timeout=30_000,
    )


def _query(page, name: str) -> str | None:
    return page.evaluate(f"() => new URLSearchParams(location.search).get({name!r})")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_play_steps_to_the_last_day_and_stops(browser, server, viewport):
    page = _open(browser, server, viewport=viewport, query="?date=2020-01-31")
    try:
        play = page.get_by_role("button", name="▶ Play")
        play.scroll_into_view_if_needed()
        play.click()
        _wait_for_query(page, "date", "2020-02-20")
        _wait_for_query(page, "date", "2020-03-05")
        page.get_by_role("button", name="▶ Play").wait_for(timeout=30_000)
        _zone_path(page).wait_for(timeout=60_000)
        # Stopped: two more periods of the timer bring no other day.
        page.wait_for_timeout(2 * PLAY_SECONDS * 1000)
        assert _query(page, "date") == "2020-03-05"
        assert page.refused == []
    finally:
        page.context.close()


def test_moving_a_depth_stops_the_play(browser, server):
    page = _open(browser, server, query="?date=2018-09-17")
    try:
        page.get_by_role("button", name="▶ Play").click()
        _wait_for_query(page, "date", "2019-05-15")
        _wait_for_day(page, "15 May 2019")
        handle = page.get_by_role("slider").last
        handle.focus()
        handle.press("ArrowRight")
        page.get_by_role("button", name="▶ Play").wait_for(timeout=30_000)
        day = _query(page, "date")
        page.wait_for_timeout(2 * PLAY_SECONDS * 1000)
        assert _query(page, "date") == day
    finally:
        page.context.close()


def test_the_chart_of_what_each_day_took_draws_offline(browser, server):
    page = _open(browser, server, query="?date=2019-12-20")
    try:
        button = page.get_by_role(
            "button", name="Show what each day took (a few seconds the first time)"
        )
        button.scroll_into_view_if_needed()
        button.click()
        charts = page.locator("[data-testid=stVegaLiteChart]")
        charts.nth(2).locator("canvas, svg").first.wait_for(timeout=60_000)
        assert charts.count() == 3
        for index in range(3):
            box = charts.nth(index).locator("canvas, svg").first.bounding_box()
            assert box is not None and box["width"] > 150 and box["height"] > 150
        assert page.refused == [] and page.failed == []
        charts.first.scroll_into_view_if_needed()
        page.mouse.move(5, 5)  # no chart toolbar over the heading
        _screenshot(page, "timeline-chart.png")
    finally:
        page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_swipe_clips_the_two_zones_at_its_handle(browser, server, viewport):
    query = "?date=2018-09-17&compare=contact-line-2020-03-05"
    page = _open(browser, server, viewport=viewport, query=query)
    try:
        if viewport is PHONE:
            page.get_by_test_id("stExpandSidebarButton").click()
        page.get_by_text("Swipe between the two zones").click()
        # The map is mounted again, with the handle; the old frame goes.
        page.wait_for_function(
            "() => { const f = document.querySelectorAll("
            "\"iframe[title='streamlit_folium.st_folium']\");"
            " return f.length === 1 && f[0].contentDocument"
            " && f[0].contentDocument.querySelector('.leaflet-sbs-range'); }",
            timeout=60_000,
        )
        frame = _map(page)
        handle = frame.locator(".leaflet-sbs-range")
        frame.locator(".leaflet-compared-pane path").first.wait_for(timeout=60_000)

        def clips() -> tuple[str, str]:
            return _frame(page).evaluate(
                "() => [document.querySelector('.leaflet-zone-pane').style.clip,"
                " document.querySelector('.leaflet-compared-pane').style.clip]"
            )

        left, right = clips()
        assert left.startswith("rect(") and right.startswith("rect(")
        handle.evaluate("range => { range.value = 0.2; range.dispatchEvent(new Event('input')); }")
        assert clips() != (left, right)
        # The changed area's two styles are drawn in the compared pane.
        colors = _frame(page).evaluate(
            "() => [...document.querySelectorAll('.leaflet-compared-pane path')]"
            ".map(p => p.getAttribute('fill'))"
        )
        assert COLORS["changed_certain"] in colors and COLORS["changed_uncertain"] in colors
        assert page.refused == [] and page.failed == []
        _screenshot(page, f"swipe-{'phone' if viewport is PHONE else 'desktop'}.png")
    finally:
        page.context.close()
