"""A hostile scenario file in a real Chromium: its title is text and nothing leaves.

The server runs on a copy of data/ with one more scenario, through $IDLIB_ZONE_DATA_DIR.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.inputs.layers import DATA_DIR, DATA_DIR_ENV
from tests.test_browser import CHROMIUM, ROOT, _free_port, _open, _require_browser

pytestmark = pytest.mark.browser

TITLE = "Evil ![t](http://evil.example/t.png) [Click here](http://evil.example/login) $x^2$"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    _require_browser()
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(DATA_DIR, data)
    text = (data / "scenarios" / "frontline-2020-03.toml").read_text()
    text = re.sub(r'^title = ".*"$', f"title = {TITLE!r}", text, flags=re.M)
    (data / "scenarios" / "hostile.toml").write_text(text)
    port = _free_port()
    log = data.parent / "streamlit.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
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
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, DATA_DIR_ENV: str(data)},
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
        yield url, log
    finally:
        process.terminate()
        process.wait(timeout=20)


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


@pytest.mark.parametrize("query", ["/?scenario=hostile", "/?compare=hostile"])
def test_a_hostile_scenario_title_is_text_and_nothing_leaves(browser, server, query):
    """Item 2: the title made the browser request evil.example and drew a link and KaTeX."""
    page = _open(browser, server, query=query)
    try:
        page.get_by_text("Evil ![t](http", exact=False).first.wait_for(timeout=30_000)
        # Shown as written (a word joiner, invisible, keeps the URLs from being links).
        assert TITLE in page.locator("body").inner_text().replace("\u2060", "")
        assert page.locator("a[href*='evil.example']").count() == 0
        assert page.locator("img[src*='evil.example']").count() == 0
        assert page.locator(".katex").count() == 0
        assert not [u for u in page.refused if "evil.example" in u]
    finally:
        page.context.close()
