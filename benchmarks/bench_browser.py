"""Time from a slider key press to the redrawn zone, and the size of the map's payload.

Starts ``streamlit run app.py`` on a free port, drives Debian's Chromium with Playwright with
every request off this machine refused, and presses the zone slider's arrow keys 20 times.
Run with ``make bench``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_browser import CHROMIUM, LOCAL_HOSTS, app_url

OBSERVE = """() => {
    window.__zone_changed = 0;
    const pane = document.querySelector('.leaflet-zone-pane');
    new MutationObserver(() => { window.__zone_changed = Date.now(); })
        .observe(pane, {subtree: true, childList: true, attributes: true});
}"""


def main() -> None:
    from urllib.parse import urlparse

    from playwright.sync_api import sync_playwright

    server = app_url.__wrapped__()  # the test fixture's generator: starts and stops the app
    url = next(server)
    sizes: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                ],
            )
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.route(
                "**/*",
                lambda r: (
                    r.continue_() if urlparse(r.request.url).hostname in LOCAL_HOSTS else r.abort()
                ),
            )
            page.on(
                "websocket",
                lambda ws: ws.on(
                    "framereceived",
                    lambda f: sizes.update(
                        ws=sizes.get("ws", 0) + (len(f) if isinstance(f, (bytes, str)) else 0)
                    ),
                ),
            )
            page.goto(url)
            frame_locator = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
            frame_locator.locator(".leaflet-zone-pane path").last.wait_for(timeout=60_000)
            time.sleep(2)
            frame = page.frame(url=lambda u: "streamlit_folium" in u)
            assets = frame.evaluate(
                "() => performance.getEntriesByType('resource')"
                ".filter(e => e.name.includes('/app/static/vendor/'))"
                ".map(e => [e.name, e.decodedBodySize])"
            )
            first_load_ws = sizes.get("ws", 0)
            sizes["ws"] = 0
            frame.evaluate(OBSERVE)
            handle = page.get_by_role("slider").last
            handle.focus()
            latencies = []
            for _ in range(20):
                start = time.time() * 1000.0
                handle.press("ArrowRight")  # a new width each time: nothing cached
                deadline = time.time() + 30
                while frame.evaluate("window.__zone_changed") < start and time.time() < deadline:
                    time.sleep(0.01)
                time.sleep(0.4)  # let the rest of the update land, then read the last mutation
                latencies.append(frame.evaluate("window.__zone_changed") - start)
            page.wait_for_timeout(1000)  # let the last messages be counted
            updates_ws = sizes["ws"]
            browser.close()
    finally:
        server.close()
    print(
        f"key press -> redrawn zone, median of 20: {statistics.median(latencies):.0f} ms "
        f"(min {min(latencies):.0f}, max {max(latencies):.0f})"
    )
    print(f"first page load, websocket messages received: {first_load_ws:,} bytes")
    print(
        f"one slider update, websocket messages received (mean of 20): {updates_ws / 20:,.0f} bytes"
    )
    served = sum(s for _, s in assets)
    print(f"map scripts and styles served by the app: {served:,} bytes in {len(assets)} files")
    print(json.dumps({"latencies_ms": [round(x) for x in latencies]}))


if __name__ == "__main__":
    main()
