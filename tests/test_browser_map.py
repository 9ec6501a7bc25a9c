"""The map's own controls in a real browser: layers, search, a linked town, compare mode.

The harness (server, browser, network refused) is the one in ``tests/browser_harness.py``.
"""

from __future__ import annotations

import pytest
from browser_harness import DESKTOP, PHONE, _frame, _map, _open
from test_townnames import PRESS_SPELLINGS

from geo.inputs.townnames import rank_towns, search_key
from geo.mapview.basedata import town_spellings
from geo.mapview.basemap import OFFLINE_BASE
from geo.style import COLORS

pytestmark = pytest.mark.browser


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


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_linked_town_opens_its_popup_on_its_marker(browser, server, viewport):
    """Defect: the popup of ``town=`` opened about 150 px from the marker, under the map's
    buttons (it measured itself before Leaflet's styles were in), and the first view's
    zoom animation swallowed the zoom to the town."""
    query = "/?scenario=sochi-2018&min_km=15&max_km=25&side=opposition&town=Khan+Shaykhun"
    tab = _open(browser, server, viewport=viewport, query=query)
    try:
        _map(tab).locator(".leaflet-popup-content", has_text="Khan Shaykhun").wait_for()
        tab.wait_for_timeout(1500)  # the frame's last resize
        where = _frame(tab).evaluate(
            """() => {
                const box = window.map.getContainer().getBoundingClientRect();
                const tip = document.querySelector('.leaflet-popup-tip').getBoundingClientRect();
                let marker = null;
                window.IDLIB_POINTS.towns.layer.eachLayer(l => {
                    if (l.isPopupOpen()) {
                        marker = window.map.latLngToContainerPoint(l.getLatLng());
                    }
                });
                return {tip: [tip.left + tip.width / 2 - box.left, tip.bottom - box.top],
                        marker: [marker.x, marker.y], zoom: window.map.getZoom()};
            }"""
        )
    finally:
        tab.context.close()
    (tip_x, tip_y), (marker_x, marker_y) = where["tip"], where["marker"]
    # The tip points at the marker's top edge (radius under 10 px).
    assert abs(tip_x - marker_x) <= 3, where
    assert 0 <= marker_y - tip_y <= 12, where
    assert where["zoom"] == 12


def _map_search(tab, text: str):
    """Type into the map's search box (a space last: a key event starts the search)."""
    fmap = _map(tab)
    box = fmap.locator(".leaflet-control-search input.search-input")
    if not box.is_visible():
        fmap.locator(".leaflet-control-search .search-button").click()
    box.fill("")
    box.press_sequentially(text)
    box.press(" ")
    fmap.locator(".search-tip").first.wait_for(timeout=10_000)
    return box, fmap.locator(".search-tip")


@pytest.mark.parametrize(
    ("typed", "town"),
    [
        ("Khan Sheikhoun", "Khan Shaykhun"),
        ("Saraqeb", "Saraqib"),
        ("Jisr al-Shughour", "Jisr al-Shughur"),
        ("Maarrat al-Nu'man", "Maarat al-Numan"),
        ("سراقب", "Saraqib"),
    ],
)
def test_the_map_search_finds_press_spellings(page, typed, town):
    """Defect: common press spellings found nothing in the map's search box."""
    _, tips = _map_search(page, typed)
    assert tips.first.inner_text().startswith(town)
    tips.first.click()
    _map(page).locator(".leaflet-popup-content", has_text=town).wait_for(timeout=10_000)


def test_the_map_search_shows_an_apostrophe_as_written(page):
    """Defect: after a pick the box showed ``Ma&#x27;an``."""
    box, tips = _map_search(page, "Ma'an")
    assert tips.first.inner_text().startswith("Ma'an")
    tips.first.click()
    _map(page).locator(".leaflet-popup-content", has_text="Ma'an").wait_for(timeout=10_000)
    assert box.input_value().startswith("Ma'an")
    assert "&#" not in box.input_value()


def test_the_browser_and_python_make_the_same_keys_and_ranks(page, study):
    """One table of rules: the map's search and the page's agree on every spelling."""
    spellings = dict(zip(study.towns["name"], town_spellings(study.towns), strict=True))
    texts = [s for names in spellings.values() for s in names] + list(PRESS_SPELLINGS)
    keys = _frame(page).evaluate("t => t.map(window.idlibTownSearch.key)", texts)
    assert keys == [search_key(t) for t in texts]
    entries = [[name, [search_key(s) for s in names]] for name, names in spellings.items()]
    queries = [*PRESS_SPELLINGS, "Sarm", "khan", "al", "Ma", "kfr"]
    ranked = _frame(page).evaluate(
        "([queries, entries]) => queries.map(q => window.idlibTownSearch.rank(q, entries))",
        [queries, entries],
    )
    assert ranked == [rank_towns(q, spellings) for q in queries]


def test_the_compared_zone_has_its_own_style_and_legend_row(browser, server):
    """Defect: the second zone was a dark-teal dashed outline, nearly the legend's green
    dashed opposition area, and the legend did not list it."""
    tab = _open(browser, server, query="/?scenario=sochi-2018&compare=frontline-2020-03")
    try:
        fmap = _map(tab)
        compared = fmap.locator(f"path[stroke='{COLORS['compare']}']").first
        compared.wait_for(timeout=30_000)
        area = fmap.locator(f"path[stroke='{COLORS['opposition_area']}']").first
        assert compared.get_attribute("stroke-dasharray") != area.get_attribute("stroke-dasharray")
        legend = fmap.locator(".idlib-legend").inner_text()
        assert "Compared: Line of contact at the ceasefire of 5 March 2020" in legend
    finally:
        tab.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_link_box_shows_its_copy_button_and_one_line(browser, server, viewport):
    """Defect: the copy button showed only on hover, and the link wrapped mid-word."""
    tab = _open(browser, server, viewport=viewport)
    try:
        tab.get_by_role("button", name="Link to this view").click()
        box = tab.get_by_test_id("stPopoverBody").locator(".idlib-linkbox")
        box.wait_for()
        tab.mouse.move(1, 1)  # no hover over the box
        button = box.get_by_role("button", name="Copy")
        shown = button.is_visible() and button.bounding_box()["width"] > 0
        field = box.locator("input")
        lines = field.evaluate(
            "i => i.getBoundingClientRect().height / parseFloat(getComputedStyle(i).fontSize)"
        )
        value = field.input_value()
    finally:
        tab.context.close()
    assert shown
    assert lines < 3  # one line of text and its padding
    assert value.startswith("http") and "min_km=15" in value


def test_the_legend_gives_way_to_the_lines_tooltip(page):
    """Defect: the legend covered the front line's hover tooltip."""
    frame = _frame(page)
    # Bring a point of the line just above the legend's top edge, then hover it.
    target = frame.evaluate(
        """() => {
            const map = window.map, legend = document.querySelector('.idlib-legend');
            const runs = Object.values(map._layers).filter(l => l.feature && l._latlngs
                && l.feature.properties.uncertainty && l.feature.properties.i === undefined);
            const points = runs.map(l => l.getLatLngs().flat(2))
                .sort((a, b) => b.length - a.length)[0];
            const point = points[Math.floor(points.length / 2)];
            const box = legend.getBoundingClientRect();
            const frame = map.getContainer().getBoundingClientRect();
            const want = L.point(box.left - frame.left + 40, box.top - frame.top - 4);
            map.panBy(map.latLngToContainerPoint(point).subtract(want), {animate: false});
            const at = map.latLngToContainerPoint(point);
            return [at.x + frame.left, at.y + frame.top];
        }"""
    )
    iframe = page.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()
    page.mouse.move(iframe["x"] + target[0] - 20, iframe["y"] + target[1])
    page.mouse.move(iframe["x"] + target[0], iframe["y"] + target[1], steps=10)
    tip = _map(page).locator(".leaflet-tooltip", has_text="Line known to within")
    tip.wait_for(timeout=5_000)
    overlap = frame.evaluate(
        """() => {
            const a = [...document.querySelectorAll('.leaflet-tooltip')]
                .find(t => t.textContent.includes('Line known to within')).getBoundingClientRect();
            const legend = document.querySelector('.idlib-legend');
            const b = legend.getBoundingClientRect();
            const across = a.left < b.right && b.left < a.right;
            const hit = across && a.top < b.bottom && b.top < a.bottom;
            return [hit, +getComputedStyle(legend).opacity];
        }"""
    )
    assert overlap[0], "the test did not bring the tooltip over the legend"
    assert overlap[1] < 0.3


def _visible_label_boxes(tab) -> list[tuple[float, float, float, float]]:
    return _frame(tab).evaluate(
        "() => [...document.querySelectorAll('.town-label span')].map(s => {"
        "const r = s.getBoundingClientRect(); const st = getComputedStyle(s);"
        "return st.visibility === 'hidden' || !r.width ? null : [r.left, r.top, r.right, r.bottom];"
        "}).filter(b => b)"
    )


@pytest.mark.parametrize("zoom", [10, 11, 12])
def test_town_labels_never_overlap(page, zoom):
    """Defect: names collided (Halfaya / Taybat al-Imam): a smaller town's name that
    would overlap a larger town's is hidden."""
    _frame(page).evaluate(f"() => window.map.setView([35.28, 36.62], {zoom}, {{animate: false}})")
    page.wait_for_timeout(500)
    boxes = _visible_label_boxes(page)
    assert boxes
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            assert not overlap, (a, b)
