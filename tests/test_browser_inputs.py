"""A hostile scenario file in a real Chromium: its title is text and nothing leaves.

The server runs on a copy of data/ with one more scenario, through $IDLIB_ZONE_DATA_DIR.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_harness import ROOT, _open, _require_browser, streamlit_app

from geo.inputs.layers import DATA_DIR, DATA_DIR_ENV

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
    log = data.parent / "streamlit.log"
    with streamlit_app(ROOT, log, {DATA_DIR_ENV: str(data)}) as url:
        yield url, log


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
