"""A flipped control point in a real Chromium: the link carries it to a new browser."""

from __future__ import annotations

import time
from urllib.parse import urlparse

import pytest
from browser_harness import _open, _wait_for_query

pytestmark = pytest.mark.browser


def _area(page) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text="Area of the zone")
    return str(metric.get_by_test_id("stMetricValue").inner_text())


def _area_other_than(page, before: str) -> str:
    deadline = time.time() + 30
    while (now := _area(page)) == before and time.time() < deadline:
        time.sleep(0.2)
    return now


def test_a_flip_travels_by_link_to_a_new_browser_with_the_same_numbers(browser, server):
    page = _open(browser, server)
    before = _area(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Your reading of the line").click()
    box = sidebar.get_by_role("combobox", name="Control point")
    box.click()
    box.fill("Saraqib")
    page.get_by_role("option", name="Saraqib", exact=True).click()
    sidebar.get_by_role("button", name="Set to government").click()
    _wait_for_query(page, "edits", "f=Saraqib:g")
    flipped = _area_other_than(page, before)
    assert flipped != before
    link = urlparse(page.url)
    other = _open(browser, server, query=f"?{link.query}")
    try:
        assert _area_other_than(other, before) == flipped
        assert other.refused == [] and page.refused == []
    finally:
        other.context.close()
        page.context.close()
