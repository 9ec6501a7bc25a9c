"""A scripted drag on the zone slider in headless Chromium: the preview's frame rate, and
release to the exact zone, for the page and the floor app.

**Frame rate.** The mouse holds the zone slider's thumb and moves to and fro, 2 px a
move, 30 moves at a time given to the browser at once (through Python each move would
take a round trip of 20 to 35 ms on a loaded machine, slower than a real mouse), 180 moves
in all. In the map's frame, a ``requestAnimationFrame`` loop records every frame
Chromium draws, and the live preview counts its redraws (``window.__idlibPreviewDraws``);
in the page, a ``MutationObserver`` counts the slider's value changes (two attribute
changes each). Updates per second are redraws over the drag's duration; frame intervals
show whether any frame took longer than 33 ms.

**Release.** A drag of a few steps, a rest of 200 ms on the last value (or none), then the
release (``pointerup``'s time stamp) to the last change of the zone pane (as ``browser.py``
times a key press), or for the floor app to its text for the value let go at; for the
project also to its rerun, when its map writes the value into the page's address.
"""

from __future__ import annotations

import itertools
from typing import Any

from pages import FLOOR_TEXT, QUIET_MS, STEP_TIMEOUT_MS, App, rerun_ms
from stats import summary

MOVE_PX = 2
MOVE_MS = 16
#: Moves given to the browser at once.
CHUNK = 30

FRAMES_JS = """() => {
  window.__frames = []; window.__framing = true;
  const tick = (t) => { if (!window.__framing) { return; } window.__frames.push(t);
                        requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  return window.__idlibPreviewDraws || 0;
}"""
CHANGES_JS = """() => {
  window.__valueChanges = 0;
  const watch = new MutationObserver((ms) => { window.__valueChanges += ms.length; });
  watch.observe(document.body, {subtree: true, attributes: true,
                                attributeFilter: ['aria-valuetext']});
  window.__stopWatch = () => watch.disconnect();
}"""


def _frame(page: Any) -> Any:
    return next(f for f in page.frames if "streamlit_folium" in f.url)


async def _thumb_center(page: Any) -> tuple[float, float]:
    slider = page.get_by_role("slider").last
    thumb = slider.locator("xpath=ancestor::div[contains(@style, 'translate')][1]")
    await thumb.scroll_into_view_if_needed()
    box = await thumb.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


async def frame_rate(app: App, *, moves: int = 180) -> dict:
    """Drag to and fro on the project's page; count preview redraws and frames."""
    page = app.session.page  # type: ignore[union-attr]
    frame = _frame(page)
    await frame.wait_for_function(
        "() => window.idlibPreview && window.idlibPreview.ready()", timeout=STEP_TIMEOUT_MS
    )
    x, y = await _thumb_center(page)
    await page.mouse.move(x, y)
    await page.mouse.down()
    draws = await frame.evaluate(FRAMES_JS)
    await page.evaluate(CHANGES_JS)
    start = await frame.evaluate("() => performance.now()")
    for i in range(moves // CHUNK):
        direction = 1 if i % 2 == 0 else -1
        # Chromium sends the moves of one call as fast as it takes them; the page sees at
        # most one per frame, as with a real mouse.
        x += direction * MOVE_PX * CHUNK
        await page.mouse.move(x, y, steps=CHUNK)
    end = await frame.evaluate("() => performance.now()")
    frames = await frame.evaluate("() => { window.__framing = false; return window.__frames; }")
    draws = await frame.evaluate("() => window.__idlibPreviewDraws || 0") - draws
    changes = await page.evaluate("() => { window.__stopWatch(); return window.__valueChanges; }")
    await page.mouse.up()
    await page.wait_for_timeout(3000)  # the release's run
    preview_file = await frame.evaluate(
        """() => {
          const entry = performance.getEntriesByType('resource')
              .filter((e) => e.name.includes('-preview.json.gz')).pop();
          return entry ? {bytes: entry.encodedBodySize,
                          at: performance.timeOrigin + entry.startTime} : {};
        }"""
    )
    if preview_file and app.first_page.get("shown_at_epoch_ms"):
        at = preview_file.pop("at")
        preview_file["after_first_draw_ms"] = round(at - app.first_page["shown_at_epoch_ms"])
    seconds = (end - start) / 1000.0
    intervals = [b - a for a, b in itertools.pairwise(frames)]
    return {
        "drag_s": round(seconds, 2),
        "preview_updates_per_s": round(draws / seconds, 1),
        "slider_changes_per_s": round(changes / seconds, 1),
        "frames_per_s": round(len(frames) / seconds, 1),
        "frame_interval_ms": summary(intervals, 1),
        "frames_over_33ms": sum(1 for v in intervals if v > 33.4),
        "preview_file": preview_file,
    }


async def _release(app: App, dx: float, rest_ms: int) -> tuple[float | None, float | None]:
    page = app.session.page  # type: ignore[union-attr]
    x, y = await _thumb_center(page)
    await page.mouse.move(x, y)
    await page.mouse.down()
    for i in range(1, 6):
        await page.mouse.move(x + dx * i / 5, y)
        await page.wait_for_timeout(MOVE_MS)
    await page.wait_for_timeout(rest_ms)
    value = await page.get_by_role("slider").last.get_attribute("aria-valuetext")
    km = float(value.split()[0]) if value else float("nan")
    expect = FLOOR_TEXT.format(km) if app.mode == "text" else None
    await page.evaluate(
        """e => { const b = window.__bench; b.press = 0; b.zone = []; b.text = 0; b.expect = e;
                  b.addresses = [];
                  window.addEventListener('pointerup', (ev) => {
                    b.press = performance.timeOrigin + ev.timeStamp;
                  }, {capture: true, once: true});
                }""",
        expect,
    )
    await page.mouse.up()
    done = await page.evaluate(
        "a => window.__benchWait(a[0], a[1], a[2])", [app.mode, QUIET_MS, STEP_TIMEOUT_MS]
    )
    if not done or not done["press"]:
        await page.wait_for_timeout(400)
        return None, None
    rerun = await rerun_ms(page, done["press"], f"{km:g}") if app.mode == "zone" else None
    await page.wait_for_timeout(400)
    return round(done["last"] - done["press"], 1), rerun


async def release_to_exact(apps: list[App], *, drags: int, rest_ms: int = 200) -> dict:
    """``drags`` drags on each app, taken in turn; release to the exact zone (ms).

    The finger rests ``rest_ms`` on the last value before it is let go (0: straight from
    the move). The project's map asks for the exact zone of a value the finger rests on
    for 100 ms (``preview.js``), so with a rest it is drawn as the finger is lifted.

    For the project, also release to the page's rerun: the moment its map writes the
    released value into the page's address (the step that brings the numbers).
    """
    times: dict[str, list[float | None]] = {app.name: [] for app in apps}
    reruns: dict[str, list[float]] = {app.name: [] for app in apps}
    for i in range(drags):
        dx = 12.0 if i % 2 == 0 else -8.0
        for app in apps:
            latency, rerun = await _release(app, dx, rest_ms)
            times[app.name].append(latency)
            if rerun is not None:
                reruns[app.name].append(rerun)
    return {
        name: {
            "latency_ms": summary([v for v in values if v is not None], 0),
            "timeouts": sum(1 for v in values if v is None),
            **({"rerun_ms": summary(reruns[name], 0)} if reruns[name] else {}),
        }
        for name, values in times.items()
    }
