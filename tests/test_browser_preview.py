"""The live preview in a real browser: a drag on a depth slider redraws the zone at once,
labelled as a preview, and the server's exact zone replaces it on release.

Desktop with a mouse, and a 390x844 phone with a finger (Chromium's touch events). The
server, the browser and the page helpers are those of ``tests/browser_harness.py``.
"""

from __future__ import annotations

import re

import pytest
from browser_harness import _frame, _open, _press_zone_slider, _wait_for_query, _zone_path

pytestmark = pytest.mark.browser


def _thumb(page):
    """The zone slider's thumb: the element around its live value (``st-key-max_km``)."""
    slider = page.locator(".st-key-max_km").get_by_role("slider")
    return slider.locator("xpath=ancestor::div[contains(@style, 'translate')][1]")


def _drag(page, *, touch: bool, steps: int, dx: float, release: bool = True) -> dict:
    """Drag the zone slider's thumb ``dx`` px right; return the preview before the release."""
    thumb = _thumb(page)
    thumb.scroll_into_view_if_needed()
    box = thumb.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = page.context.new_cdp_session(page) if touch else None

    def finger(kind: str, at: float | None) -> None:
        assert cdp is not None
        points = [] if at is None else [{"x": at, "y": y}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    finger("touchStart", x) if touch else (page.mouse.move(x, y), page.mouse.down())
    for i in range(1, steps + 1):
        to = x + dx * i / steps
        finger("touchMove", to) if touch else page.mouse.move(to, y)
        page.wait_for_timeout(30)
    page.wait_for_timeout(300)
    held = _preview_state(page)
    if release:
        finger("touchEnd", None) if touch else page.mouse.up()
    if cdp is not None:
        cdp.detach()
    return held


def _preview_state(page) -> dict:
    """What the map frame shows of the preview now: its label, its paths, the exact zone."""
    return _frame(page).evaluate(
        """() => {
          const label = document.querySelector('.idlib-preview-label');
          const paths = document.querySelectorAll('.leaflet-idlibPreview-pane path');
          const exact = document.querySelector('.leaflet-zone-pane path.idlib-band');
          return {label: label ? label.textContent : '',
                  paths: Array.from(paths).map(p => p.getAttribute('d') || ''),
                  exactHidden: !!exact && getComputedStyle(exact).visibility === 'hidden'};
        }"""
    )


def _ready(page) -> None:
    _frame(page).wait_for_function(
        "() => window.idlibPreview && window.idlibPreview.ready()", timeout=60_000
    )


@pytest.mark.parametrize("device", ["page", "phone"])
def test_a_drag_previews_the_zone_and_the_exact_zone_replaces_it(device, request):
    view = request.getfixturevalue(device)
    _ready(view)
    exact_before = _zone_path(view).get_attribute("d")
    assert _preview_state(view)["label"] == ""
    held = _drag(view, touch=device == "phone", steps=12, dx=60)
    # While the finger is down: the zone for the slider's value, drawn by the browser alone.
    assert held["label"].startswith("Preview: 15–") and "exact zone" in held["label"]
    assert len(held["paths"]) == 2 and all(len(d) > 100 for d in held["paths"])
    assert held["exactHidden"]
    value = view.locator(".st-key-max_km").get_by_role("slider").get_attribute("aria-valuetext")
    km = value.split()[0]
    assert f"15–{km} km" in held["label"]
    # On release the server's zone arrives for that value, and the preview gives way.
    _wait_for_query(view, "max_km", km)
    _frame(view).wait_for_function(
        "() => document.querySelector('.idlib-preview-label').textContent === ''",
        timeout=30_000,
    )
    after = _preview_state(view)
    assert after["paths"] == [] and not after["exactHidden"]
    assert _zone_path(view).get_attribute("d") != exact_before


# Each change to the zone pane's shapes, with how many zones the map had drawn from the
# server's route (ui/routes.py) when it happened.
WATCH_ZONE_JS = """() => {
  window.__zoneChanges = [];
  new MutationObserver(() => window.__zoneChanges.push(window.__idlibExactDraws || 0))
    .observe(document.querySelector('.leaflet-zone-pane'),
             {subtree: true, childList: true, attributes: true, attributeFilter: ['d']});
  return window.__idlibExactDraws || 0;
}"""


def _zone_shapes(view) -> list[str]:
    return _frame(view).evaluate(
        "() => Array.from(document.querySelectorAll('.leaflet-zone-pane path'))"
        ".map(p => p.getAttribute('d'))"
    )


@pytest.mark.parametrize("device", ["page", "phone"])
def test_a_released_zone_is_drawn_from_the_route_and_the_rerun_leaves_it(device, request):
    """The map draws the zone for the value let go at from the server's route, before the
    page's rerun; the rerun brings the same layers, and the zone's shapes do not change."""
    view = request.getfixturevalue(device)
    _ready(view)
    frame = _frame(view)
    drawn_before = frame.evaluate(WATCH_ZONE_JS)
    _drag(view, touch=device == "phone", steps=10, dx=-50)
    km = view.locator(".st-key-max_km").get_by_role("slider").get_attribute("aria-valuetext")
    frame.wait_for_function(f"() => (window.__idlibExactDraws || 0) > {drawn_before}")
    shapes = _zone_shapes(view)
    _wait_for_query(view, "max_km", km.split()[0])  # the rerun's step is on the map
    view.wait_for_timeout(300)
    assert _zone_shapes(view) == shapes
    changes = frame.evaluate("() => window.__zoneChanges")
    # One change of the shapes, drawn from the route; none before it, none by the rerun.
    assert changes == [drawn_before + 1], changes


def test_a_key_press_draws_the_zone_from_the_route(page):
    """A key press sends the value to the server as the map asks the route: whichever
    answer comes first draws the zone, and the other changes nothing."""
    _ready(page)
    frame = _frame(page)
    drawn_before = frame.evaluate(WATCH_ZONE_JS)
    _press_zone_slider(page, "ArrowLeft")
    frame.wait_for_function(f"() => (window.__idlibExactDraws || 0) > {drawn_before}")
    km = page.locator(".st-key-max_km").get_by_role("slider").get_attribute("aria-valuetext")
    _wait_for_query(page, "max_km", km.split()[0])
    page.wait_for_timeout(300)
    assert len(frame.evaluate("() => window.__zoneChanges")) == 1


RECORD_ASKED_JS = """() => {
  window.__asked = [];
  const fetched = window.fetch;
  window.fetch = function (url, options) {
    const asked = new URL(url, location.href);
    if (asked.pathname.endsWith('/zone-layers')) {
      window.__asked.push(asked.searchParams.get('max_km'));
    }
    return fetched.call(this, url, options);
  };
}"""


def test_a_key_press_asks_ahead_for_the_next_step(page):
    """A key moves the zone one step and is often pressed again: the map asks the route
    for the next step's zone at once, and the next press draws it without asking again."""
    _ready(page)
    frame = _frame(page)
    frame.evaluate(RECORD_ASKED_JS)
    shown = page.locator(".st-key-max_km").get_by_role("slider").get_attribute("aria-valuetext")
    start = float(shown.split()[0])
    one, two, three = (f"{start - 0.5 * n:g}" for n in (1, 2, 3))
    _press_zone_slider(page, "ArrowLeft")
    frame.wait_for_function(f"() => window.__asked.includes({two!r})")
    _wait_for_query(page, "max_km", one)
    drawn = frame.evaluate("() => window.__idlibExactDraws || 0")
    _press_zone_slider(page, "ArrowLeft")
    frame.wait_for_function(f"() => (window.__idlibExactDraws || 0) > {drawn}")
    frame.wait_for_function(f"() => window.__asked.includes({three!r})")
    _wait_for_query(page, "max_km", two)
    asked = frame.evaluate("() => window.__asked")
    # Each depth asked once: the second press was drawn from the answer asked ahead.
    assert {one, two, three} <= set(asked) and len(set(asked)) == len(asked), asked


def test_a_slider_reached_with_the_keyboard_asks_for_a_step_each_way(page):
    """Tabbed to, the zone slider asks for the zones one step each side of its value:
    the first press is then drawn from an answer already asked for."""
    _ready(page)
    frame = _frame(page)
    frame.evaluate(RECORD_ASKED_JS)
    shown = page.locator(".st-key-max_km").get_by_role("slider").get_attribute("aria-valuetext")
    start = float(shown.split()[0])
    below, above = f"{start - 0.5:g}", f"{start + 0.5:g}"
    page.locator(".st-key-min_km").get_by_role("slider").focus()
    zone = page.locator(".st-key-max_km").get_by_role("slider")
    for _ in range(4):  # past the zone slider's help button
        page.keyboard.press("Tab")
        if zone.evaluate("e => e === document.activeElement"):
            break
    frame.wait_for_function(f"() => window.__asked.includes({below!r})")
    frame.wait_for_function(f"() => window.__asked.includes({above!r})")
    drawn = frame.evaluate("() => window.__idlibExactDraws || 0")
    page.keyboard.press("ArrowRight")
    frame.wait_for_function(f"() => (window.__idlibExactDraws || 0) > {drawn}")
    _wait_for_query(page, "max_km", above)
    assert frame.evaluate("() => window.__asked").count(above) == 1


def test_a_zone_slider_below_the_inner_band_previews_the_zone_it_asks_for(page):
    """Defect: dragged below the inner band (15 km), the zone slider pushes it down with
    it; the preview took the inner slider, which stays at 15 km until the release, for
    the one that moved, and drew "15 to 15 km" on every other frame."""
    _ready(page)
    _frame(page).evaluate(
        """() => {
          window.__labels = [];
          const label = document.querySelector('.idlib-preview-label');
          new MutationObserver(() => window.__labels.push(label.textContent))
            .observe(label, {childList: true, characterData: true, subtree: true});
        }"""
    )
    _drag(page, touch=False, steps=10, dx=-30)
    depths = [
        tuple(float(v) for v in re.findall(r"[\d.]+", label.split(" km")[0]))
        for label in _frame(page).evaluate("() => window.__labels")
        if label
    ]
    below = depths[next(i for i, (_, zone) in enumerate(depths) if zone < 15) :]
    # Once below, every frame draws the asked zone, its inner band pushed down with it.
    assert len(below) >= 3 and all(inner == zone < 15 for inner, zone in below), depths


def test_each_move_redraws_the_preview_without_the_server(page):
    """A longer drag: the preview changes as the finger moves, and no rerun is asked for
    until the release."""
    _ready(page)
    link = page.url  # the page writes the depths into its link after each server run
    draws = _frame(page).evaluate("window.__idlibPreviewDraws || 0")
    _drag(page, steps=20, dx=100, touch=False, release=False)
    drawn = _frame(page).evaluate("window.__idlibPreviewDraws || 0") - draws
    assert drawn >= 10, drawn
    page.wait_for_timeout(1000)
    assert page.url == link  # no run of the page while the mouse is down
    page.mouse.up()
    _wait_for_query(
        page,
        "max_km",
        page.locator(".st-key-max_km")
        .get_by_role("slider")
        .get_attribute("aria-valuetext")
        .split()[0],
    )


def test_the_preview_speaks_the_pages_language(browser, server):
    """Defect: the preview's label was in English on the Arabic page."""
    tab = _open(browser, server, query="/?lang=ar")
    try:
        _ready(tab)
        held = _drag(tab, touch=False, steps=8, dx=-60)
        direction = _frame(tab).evaluate("() => document.querySelector('.idlib-preview-label').dir")
    finally:
        tab.context.close()
    assert re.fullmatch(r"معاينة: [\d.]+–[\d.]+ كم\. .+", held["label"])
    assert direction == "rtl"


def _preview_file(tab) -> str:
    """The name of the preview file the map asked for."""
    _ready(tab)
    url: str = _frame(tab).evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => n.includes('-preview.json.gz')).pop()"
    )
    return url.rsplit("/", 1)[1]


def test_an_edited_line_previews_its_own_zone(browser, server):
    """Defect: a line the user edited (here by link: Saraqib set to government) had no live
    preview; the map stood still during a drag. Now its bands are packed in the background
    and the preview draws the edited line's zone."""
    tab = _open(browser, server, query="/?edits=f=Saraqib:g")
    try:
        name = _preview_file(tab)
        held = _drag(tab, touch=False, steps=12, dx=60)
    finally:
        tab.context.close()
    assert held["label"].startswith("Preview: 15–")
    assert len(held["paths"]) == 2 and all(len(d) > 100 for d in held["paths"])
    built_in = _open(browser, server)
    try:
        assert name != _preview_file(built_in)
    finally:
        built_in.context.close()
