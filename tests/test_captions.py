"""Every output names the scenario it draws: its title, its line's date and kind of line.

Before, every export and print map called every scenario "the September 2018 line".
"""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from matplotlib.text import Text

from geo.inputs.layers import BUILT_LINE, StudyData
from geo.inputs.scenario import load_scenarios, scenario_data
from geo.outputs import printmap
from geo.outputs.captions import date_text, key_number_lines, month_text
from geo.outputs.export import export_bytes
from geo.results.analysis import ZoneResult, analyze

SCENARIOS = ["sochi-2018", "frontline-2020-03", "m4-corridor-2020"]
#: What each scenario's outputs must say: its line's date in words, and how it is drawn.
EXPECTED = {
    "sochi-2018": ("17 September 2018", "front line"),
    "frontline-2020-03": ("5 March 2020", "front line"),
    "m4-corridor-2020": ("5 March 2020", "road"),
}
STALE = ("September 2018", "Sep 2018")
KML = {"k": "http://www.opengis.net/kml/2.2"}


@pytest.fixture(scope="module", params=SCENARIOS)
def scenario_result(request, study: StudyData) -> tuple[str, ZoneResult, StudyData]:
    scenario = load_scenarios().scenarios[request.param]
    data = scenario_data(scenario, study)
    return request.param, analyze(data, scenario.spec), data


def _check_text(name: str, result: ZoneResult, text: str) -> None:
    date, kind = EXPECTED[name]
    assert result.line_source.title in text
    assert date in text
    assert kind in text
    if name != "sochi-2018":
        assert not any(stale in text for stale in STALE), text


def test_the_result_carries_the_scenario_s_line(scenario_result) -> None:
    name, result, data = scenario_result
    scenario = load_scenarios().scenarios[name]
    assert result.line_source == data.line_source == scenario.line_source
    assert result.line_source.kind == scenario.line.kind
    assert result.line_name == scenario.line.name


def test_geojson_and_kml_descriptions_name_the_scenario(scenario_result) -> None:
    name, result, _ = scenario_result
    collection = json.loads(export_bytes(result, fmt="geojson"))
    _check_text(name, result, collection["description"])
    (line,) = [f for f in collection["features"] if f["properties"]["layer"] == "frontline"][:1]
    assert line["properties"]["name"] == result.line_name

    document = ET.fromstring(export_bytes(result, fmt="kml")).find("k:Document", KML)
    _check_text(name, result, document.findtext("k:description", namespaces=KML))


def _figure_texts(result: ZoneResult, data: StudyData) -> list[str]:
    figure = printmap._build_figure(result, data, dpi=40, title="t")
    return [t.get_text() for t in figure.findobj(Text) if t.get_visible() and t.get_text()]


def test_print_map_names_the_scenario_line_and_date(scenario_result) -> None:
    name, result, data = scenario_result
    texts = _figure_texts(result, data)
    _check_text(name, result, "\n".join(texts))
    date, kind = EXPECTED[name]
    subtitle = next(t for t in texts if t.startswith(("Inner band", "Outer band", "No zone")))
    assert date in subtitle
    assert f"from the {kind}" in subtitle
    if kind == "road":  # no opposition-held area to draw or name
        assert not any("Opposition-held" in t for t in texts)
        assert "Road the zone follows, Mar 2020" in texts
    else:
        assert f"Front line, {month_text(result.line_source)} (derived)" in texts
        assert f"Opposition-held area, {month_text(result.line_source)}" in texts


def test_standalone_html_has_a_title_and_a_caption(study: StudyData) -> None:
    from geo.mapview.standalone import standalone_html

    scenario = load_scenarios().scenarios["m4-corridor-2020"]
    data = scenario_data(scenario, study)
    result = analyze(data, scenario.spec)
    hostile = dataclasses.replace(
        result,
        line_source=dataclasses.replace(result.line_source, title="<b>M4</b> & <script>x"),
    )

    class Page(HTMLParser):
        """The text of <title> and of the caption (nested elements counted by depth)."""

        def __init__(self) -> None:
            super().__init__()
            self.in_title = False
            self.depth = 0
            self.title = ""
            self.caption = ""

        def handle_starttag(self, tag, attrs):
            self.in_title = tag == "title"
            if self.depth or ("class", "idlib-caption") in attrs:
                self.depth += tag != "br"

        def handle_endtag(self, tag):
            self.in_title = False
            self.depth = max(self.depth - 1, 0)

        def handle_data(self, data):
            self.title += data if self.in_title else ""
            self.caption += data if self.depth else ""

    page = Page()
    page.feed(standalone_html(hostile, data).decode())
    assert page.title == "<b>M4</b> & <script>x: zone 6 km (approximate map)"
    assert page.caption.startswith("<b>M4</b> & <script>x")
    assert "5 March 2020" in page.caption
    assert "from the road" in page.caption
    assert f"Zone area: {result.stats.area_km2:,.0f} km²" in page.caption
    assert not any(stale in page.caption + page.title for stale in STALE)


def test_missing_population_figures_are_counted_in_towns(default_result: ZoneResult) -> None:
    stats = default_result.stats
    for missing, words in ((1, "(1 town inside has no population figure)"), (7, "(7 towns")):
        changed = dataclasses.replace(
            default_result,
            stats=dataclasses.replace(stats, towns_in_zone_without_population=missing),
        )
        lines = key_number_lines(changed)
        people = next(i for i, text in enumerate(lines) if text.startswith("People"))
        # The line under the count of people says it counts towns, not people.
        assert lines[people + 1].strip().startswith(words)
        assert "population figure" in lines[people + 1]


@pytest.mark.parametrize(
    ("date", "words", "month"),
    [
        ("2018-09-17", "17 September 2018", "Sep 2018"),
        ("2020-03", "March 2020", "Mar 2020"),
        ("spring 2020", "spring 2020", "spring 2020"),
        ("2020-13-01", "2020-13-01", "2020-13-01"),
    ],
)
def test_line_dates_in_words(date: str, words: str, month: str) -> None:
    line = dataclasses.replace(BUILT_LINE, date=date)
    assert (date_text(line), month_text(line)) == (words, month)
