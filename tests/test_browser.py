"""The page in a real browser: Debian's Chromium driven by Playwright, network refused.

Skipped when Chromium or Playwright is missing, except under CI=true, where that fails.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SCREENSHOT_DIR = ROOT / "build" / "screenshots"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}

pytestmark = pytest.mark.browser


def _require_browser() -> None:
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (pip install playwright)")
    if missing:
        message = "browser tests need " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    _require_browser()
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture
def page(app_url):
    from playwright.sync_api import sync_playwright

    refused: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )

        def only_this_machine(route):
            url = route.request.url
            if url.startswith(("data:", "blob:")) or urlparse(url).hostname in LOCAL_HOSTS:
                route.continue_()
            else:
                refused.append(url)
                route.abort()

        context.route("**/*", only_this_machine)
        page = context.new_page()
        page.refused = refused  # type: ignore[attr-defined]
        page.goto(app_url)
        yield page
        browser.close()


def _map(page):
    return page.frame_locator("iframe[title='streamlit_folium.st_folium']")


def _zone_path(page):
    return _map(page).locator(".leaflet-zone-pane path").last


def test_map_draws_with_the_network_refused(page):
    fmap = _map(page)
    _zone_path(page).wait_for(timeout=60_000)
    assert fmap.locator(".leaflet-zone-pane path").count() == 2  # core and outer bands
    assert fmap.locator(".leaflet-countries-pane path").count() >= 2  # offline vector base
    assert fmap.locator("path.leaflet-interactive").count() > 50  # towns, posts, lines
    assert fmap.locator(".leaflet-control-layers").count() == 1
    assert fmap.locator(".leaflet-control-scale").count() == 1
    assert fmap.locator(".idlib-legend").count() == 1
    # Only map tiles were asked of the internet; scripts and styles came from the app.
    hosts = {urlparse(u).hostname for u in page.refused}
    assert hosts <= {"tile.openstreetmap.org", "a.tile.opentopomap.org"}, hosts
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    time.sleep(1)
    page.screenshot(path=str(SCREENSHOT_DIR / "map.png"))


def test_slider_keys_redraw_the_zone_without_remounting_the_map(page):
    path = _zone_path(page)
    path.wait_for(timeout=60_000)
    before = path.get_attribute("d")
    frame = page.frame(url=lambda u: "streamlit_folium" in u)
    frame.evaluate("window.__mounted_once = true")
    handle = page.get_by_role("slider").last
    handle.focus()
    handle.press("ArrowRight")
    handle.press("ArrowRight")
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('max_km') === '26'", timeout=30_000
    )
    _map(page).locator(".leaflet-zone-pane path").last.wait_for()
    deadline = time.time() + 30
    while _zone_path(page).get_attribute("d") == before and time.time() < deadline:
        time.sleep(0.1)
    assert _zone_path(page).get_attribute("d") != before
    assert frame.evaluate("window.__mounted_once === true"), "the map iframe was reloaded"


def test_geojson_download_is_valid(page, tmp_path):
    _zone_path(page).wait_for(timeout=60_000)
    button = page.get_by_role("button", name="Download GeoJSON (RFC 7946)")
    with page.expect_download(timeout=30_000) as download:
        button.click()
    target = tmp_path / "zone.geojson"
    download.value.save_as(target)
    collection = json.loads(target.read_text())
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    bands = {
        f["properties"]["band"]
        for f in collection["features"]
        if f["properties"]["layer"] == "zone"
    }
    assert bands == {"core", "outer"}


def test_chromium_is_debians():
    _require_browser()
    assert shutil.which("chromium") == CHROMIUM
