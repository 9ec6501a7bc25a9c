"""The browser tests' harness: Debian's Chromium driven by Playwright, network refused.

The page runs from a read-only copy of the project (``checkout``), one server and one browser
per test module; ``tests/conftest.py`` hands these fixtures to every test module. Skipped
when Chromium or Playwright is missing, except under CI=true, where that fails.
"""

from __future__ import annotations

import contextlib
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
TILE_HOSTS = {"tile.openstreetmap.org", "a.tile.opentopomap.org", "server.arcgisonline.com"}
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}


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


#: What a deployment's checkout holds: the project without its tools' and tests' output.
_NOT_DEPLOYED = shutil.ignore_patterns(
    ".git", ".venv", "build", "*.egg-info", "__pycache__", ".*_cache"
)


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")
    }


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Iterator[Path]:
    """A read-only copy of the project to run the page from: it must write nothing into it."""
    _require_browser()
    copy = tmp_path_factory.mktemp("checkout") / "idlib-zone"
    shutil.copytree(ROOT, copy, ignore=_NOT_DEPLOYED)
    paths = [copy, *copy.rglob("*")]
    for path in paths:
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        yield copy
    finally:
        for path in paths:
            path.chmod(path.stat().st_mode | 0o200)


@pytest.fixture(scope="module")
def page_files(tmp_path_factory, study) -> Path:
    """The page's file folder, with Leaflet already there but damaged (the same size).

    The page must compare the content, write the file again, and draw the map.
    """
    from geo.mapview.assets import FileStore, localize_assets
    from geo.mapview.basedata import prepare_base_layers
    from geo.mapview.basemap import base_map

    folder = tmp_path_factory.mktemp("page-files")
    store = FileStore(path=folder, url="")
    used = localize_assets(base_map(prepare_base_layers(study)), store=store)
    (leaflet,) = (folder / url.lstrip("/") for url in used if url.endswith("leaflet.js"))
    leaflet.write_bytes(b"/" * leaflet.stat().st_size)
    return folder


@pytest.fixture(scope="module")
def checkout_before(checkout) -> dict[str, tuple[int, int]]:
    """Every file of the copy, its size and time, before the page starts."""
    return _tree(checkout)


@contextlib.contextmanager
def streamlit_app(cwd: Path, log: Path, env: dict[str, str]) -> Iterator[str]:
    """Run ``streamlit run serve.py`` (as ``make run`` does) from ``cwd``; yield its URL."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT
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
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(tmp_path_factory, checkout, checkout_before, page_files) -> Iterator[tuple[str, Path]]:
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    environment = {
        "IDLIB_ZONE_CACHE_DIR": str(page_files),
        # Root may write into a read-only folder: no byte code there either.
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    with streamlit_app(checkout, log, environment) as url:
        yield url, log


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


def _open(browser, server, *, viewport=DESKTOP, query: str = "", listen=None):
    """A page on the app with every request off this machine refused and recorded.

    ``listen(page)`` runs before the page loads (to watch its websocket, say).
    """
    url, _ = server
    context = browser.new_context(
        viewport=viewport,
        accept_downloads=True,
        is_mobile=viewport is PHONE,
        has_touch=viewport is PHONE,
    )
    page = context.new_page()
    page.refused = []
    page.failed = []

    def only_this_machine(route):
        target = route.request.url
        if target.startswith(("data:", "blob:")) or urlparse(target).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            page.refused.append(target)
            route.abort()

    context.route("**/*", only_this_machine)
    page.on(
        "response",
        lambda r: page.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    if listen is not None:
        listen(page)
    page.goto(url + query)
    _zone_path(page).wait_for(timeout=60_000)
    return page


@pytest.fixture
def page(browser, server):
    page = _open(browser, server)
    yield page
    page.context.close()


@pytest.fixture
def phone(browser, server):
    page = _open(browser, server, viewport=PHONE)
    yield page
    page.context.close()


def _map(page):
    return page.frame_locator("iframe[title='streamlit_folium.st_folium']")


def _frame(page):
    return page.frame(url=lambda u: "streamlit_folium" in u)


def _zone_path(page):
    return _map(page).locator(".leaflet-zone-pane path").last


def _wait_for_query(page, name: str, value: str) -> None:
    page.wait_for_function(
        f"() => new URLSearchParams(location.search).get({name!r}) === {value!r}",
        timeout=30_000,
    )


def _press_zone_slider(page, key: str = "ArrowRight") -> None:
    handle = page.get_by_role("slider").last
    handle.focus()
    handle.press(key)


def _redrawn(page, before: str) -> None:
    deadline = time.time() + 30
    while _zone_path(page).get_attribute("d") == before and time.time() < deadline:
        time.sleep(0.1)
    assert _zone_path(page).get_attribute("d") != before


def _screenshot(page, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    time.sleep(1)
    page.screenshot(path=str(SCREENSHOT_DIR / name))


def _open_recording(browser, server, *, direction: str):
    """Open a page that records its websocket's frames, ``"framesent"`` or ``"framereceived"``.

    The first page's own messages are let through first, then the record starts empty.
    """
    frames: list[bytes | str] = []

    def listen(page):
        page.on("websocket", lambda ws: ws.on(direction, lambda data: frames.append(data)))

    page = _open(browser, server, listen=listen)
    page.wait_for_timeout(1500)
    frames.clear()
    return page, frames


def _parsed(frames: list[bytes | str], message_class):
    """Read recorded frames as Streamlit's protocol messages (``ForwardMsg``, ``BackMsg``)."""
    messages = []
    for payload in frames:
        message = message_class()
        message.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
        messages.append(message)
    return messages
