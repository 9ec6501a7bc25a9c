"""The map's own controls in a real browser: layers, search, a linked town, compare mode.

The harness (server, browser, network refused) is the one in ``tests/test_browser.py``.
"""

from __future__ import annotations

import pytest
import test_browser as harness
from test_browser import _frame, _map, _open

from geo.mapview.basemap import OFFLINE_BASE
from geo.style import COLORS

pytestmark = pytest.mark.browser
#: The harness's server and browser, one of each for this module.
server = harness.server
browser = harness.browser


@pytest.fixture
def page(browser, server):
    tab = _open(browser, server)
    yield tab
    tab.context.close()


#: The overlays of the base map, by the stroke colour they are drawn in.
OVERLAY_STROKES = {
    "The line the zone follows (derived)": COLORS["frontline"],
    "M4 and M5 highways (schematic)": COLORS["highway"],
    "Opposition-held area": COLORS["opposition_area"],
    "Turkish-held areas (outside the zone)": COLORS["turkish_area"],
}


def _layer_inputs(tab) -> dict[str, tuple[str, bool]]:
    """The layer control's entries: name -> (input type, checked)."""
    entries = _frame(tab).evaluate(
        "() => [...document.querySelectorAll('.leaflet-control-layers label')].map(l => {"
        "const i = l.querySelector('input'); return [l.textContent.trim(), i.type, i.checked];})"
    )
    return {name: (kind, checked) for name, kind, checked in entries}


def _drawn(tab, color: str) -> int:
    return _map(tab).locator(f"path[stroke='{color}']").count()


def test_backgrounds_are_radio_buttons_and_keep_the_overlays(page):
    """Defect: the overlays were radio buttons beside the backgrounds; choosing the
    satellite background removed the line, the highways and the areas."""
    inputs = _layer_inputs(page)
    assert inputs[OFFLINE_BASE] == ("radio", True)
    for name in ("OpenStreetMap (online)", "OpenTopoMap (online)", "Satellite (Esri, online)"):
        assert inputs[name] == ("radio", False)
    for name in [*OVERLAY_STROKES, "Towns", "Zone: inner band", "Turkish observation posts"]:
        assert inputs[name] == ("checkbox", True), name
    # The offline base asks nothing of the network.
    assert page.refused == []
    before = {name: _drawn(page, color) for name, color in OVERLAY_STROKES.items()}
    assert all(before.values()), before

    control = _map(page).locator(".leaflet-control-layers")
    control.hover()
    control.get_by_text("Satellite (Esri, online)").click()
    after = _layer_inputs(page)
    assert after["Satellite (Esri, online)"] == ("radio", True)
    assert after[OFFLINE_BASE] == ("radio", False)
    assert {name: _drawn(page, color) for name, color in OVERLAY_STROKES.items()} == before
    assert all(after[name] == ("checkbox", True) for name in OVERLAY_STROKES)
    # The satellite tiles were asked for (and refused: the test has no network).
    assert any("arcgisonline" in url for url in page.refused)
