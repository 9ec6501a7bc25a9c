"""The page's line over time: one choice for the series, a day slider, play, and the link."""

# ruff: noqa: F811 - fixtures imported from the AppTest harness are test arguments

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.inputs.layers import load_study_data
from geo.inputs.scenario import load_scenarios
from geo.results.timeline import Taken, dated_lines, timeline
from tests.test_app import (  # noqa: F401 - the AppTest harness and its fixtures
    address,
    download_makers,
    fresh_caches,
    map_args,
    selectbox,
    start,
    warnings,
)
from ui.timechart import MEASURES, timeline_chart, timeline_frame

__all__ = ["fresh_caches"]

DAYS = [line.date for line in dated_lines(load_scenarios().scenarios)]


def day_slider(at: AppTest):
    (slider,) = [s for s in at.select_slider if s.label == "Day of the line"]
    return slider


def query(at: AppTest, name: str) -> str | None:
    return address(at).get(name)


def test_the_series_is_one_choice_with_a_day_slider():
    at = start()
    box = selectbox(at, "Scenario")
    series = [o for o in box.options if "over time" in o]
    assert len(series) == 1
    assert not any(o.startswith("Line of contact on") for o in box.options)
    assert not [s for s in at.select_slider if s.label == "Day of the line"]
    box.select("contact-line").run()
    assert not at.exception
    assert day_slider(at).value == DAYS[0]
    assert day_slider(at).options == [
        "17 Sep 2018",
        "15 May 2019",
        "15 Jun 2019",
        "1 Sep 2019",
        "20 Dec 2019",
        "31 Jan 2020",
        "20 Feb 2020",
        "5 Mar 2020",
    ]
    assert (query(at, "scenario"), query(at, "date")) == ("contact-line", DAYS[0])


def test_a_day_redraws_the_zone_along_its_line_and_goes_into_the_link():
    at = start(scenario="contact-line", min_km="10", max_km="25")
    _, first = map_args(at)
    day_slider(at).set_value("2020-03-05").run()
    assert not at.exception
    _, later = map_args(at)
    assert later["key"] != first["key"]  # another line: another base map
    assert later["feature_group"] != first["feature_group"]
    assert (query(at, "date"), query(at, "min_km"), query(at, "max_km")) == (
        "2020-03-05",
        "10",
        "25",
    )
    assert any("Line of contact on 5 March 2020" in m.value for m in at.markdown)
    # The other choices still work on a day's line: side, depths.
    at.radio[0].set_value("both").run()
    at.slider[1].set_value(30.0).run()
    assert not at.exception
    assert (query(at, "side"), query(at, "max_km"), query(at, "date")) == (
        "both",
        "30",
        "2020-03-05",
    )


@pytest.mark.parametrize(
    ("params", "day", "words"),
    [
        ({"date": "2019-07-01"}, "2019-06-15", 'no line of "2019-07-01"'),
        ({"scenario": "contact-line", "date": "2020-03-05"}, "2020-03-05", None),
        ({"scenario": "contact-line-2019-09-01"}, "2019-09-01", None),
        ({"date": "2019-13-01"}, None, 'date "2019-13-01" should be a day as YYYY-MM-DD'),
        ({"date": "2017-01-01"}, None, "no earlier than 17 Sep 2018"),
        ({"scenario": "sochi-2018", "date": "2019-05-15"}, None, "has one line"),
    ],
)
def test_a_links_date_is_checked_and_the_latest_line_on_or_before_it_is_shown(params, day, words):
    at = start(**params)
    assert not at.exception
    if day is None:
        assert not [s for s in at.select_slider if s.label == "Day of the line"]
        assert query(at, "date") is None
    else:
        assert day_slider(at).value == day
        assert query(at, "date") == day
    if words is None:
        assert not warnings(at)
    else:
        assert words in warnings(at)
        assert len(at.warning) == 1


def test_play_steps_through_the_days_and_stops_at_the_last():
    at = start(date="2020-01-31")
    at.button(key="play").click().run()
    assert not at.exception
    assert day_slider(at).value == "2020-02-20"
    assert at.button(key="play").label == "⏸ Pause"
    at.run()  # the timer's next run
    assert day_slider(at).value == "2020-03-05"
    assert at.button(key="play").label == "▶ Play"
    at.run()
    assert day_slider(at).value == "2020-03-05"
    # From the last day, play starts again at the first.
    at.button(key="play").click().run()
    assert day_slider(at).value == DAYS[0]


def test_any_change_of_the_reader_stops_the_play():
    at = start(date="2019-05-15")
    at.button(key="play").click().run()
    assert day_slider(at).value == "2019-06-15"
    at.slider[1].set_value(25.0).run()
    assert not at.exception
    assert at.button(key="play").label == "▶ Play"
    at.run()
    assert day_slider(at).value == "2019-06-15"
    at.button(key="play").click().run()
    at.button(key="play").click().run()  # pause
    at.run()
    assert day_slider(at).value == "2019-09-01"


def test_two_days_compare_and_a_day_with_a_scenario():
    at = start(date="2020-03-05")
    compare = selectbox(at, "Compare with")
    assert "Line of contact on 17 September 2018 (2018-09-17)" in compare.options
    assert not [o for o in compare.options if o.startswith("Line of contact on 5 March 2020")]
    compare.select("contact-line-2018-09-17").run()
    assert not at.exception
    assert query(at, "compare") == "contact-line-2018-09-17"
    assert any("Compare:" in m.value for m in at.markdown)
    selectbox(at, "Compare with").select("sochi-2018").run()
    assert not at.exception
    assert any("Compare:" in m.value for m in at.markdown)


def test_what_each_day_took_is_measured_only_when_asked_and_matches_the_cli(
    monkeypatch, download_makers
):
    import ui.loaders

    makers = download_makers
    measured: list[tuple[float, float]] = []
    real = ui.loaders.timeline

    def counted(lines, base, spec, **kwargs):
        measured.append((spec.min_km, spec.max_km))
        return real(lines, base, spec, **kwargs)

    monkeypatch.setattr(ui.loaders, "timeline", counted)
    at = start(date="2019-12-20")
    assert measured == []  # the first page does not wait for it
    assert not at.get("vega_lite_chart")
    at.button(key="show_timeline").click().run()
    assert not at.exception
    assert measured == [(15.0, 20.0)]
    charts = at.get("vega_lite_chart")
    assert len(charts) == 3
    spec = charts[0].proto.spec
    assert "Area taken" in spec and '"rule"' in spec  # the day chosen, as a rule
    rows = list(csv.DictReader(io.StringIO(makers["idlib_timeline_15-20km.csv"]().decode())))
    lines = dated_lines(load_scenarios().scenarios)
    zone = lines[0].with_widths(min_km=15.0, max_km=20.0, side="opposition")
    expected = timeline(lines, load_study_data(), zone)
    assert [r["date"] for r in rows] == DAYS
    assert [float(r["area_km2"]) for r in rows] == [t.area_km2 for t in expected]
    assert [int(r["people_max"]) for r in rows] == [t.people_max for t in expected]
    # Kept on for the session; another depth is measured once.
    at.slider[1].set_value(25.0).run()
    assert len(at.get("vega_lite_chart")) == 3
    assert measured == [(15.0, 20.0), (15.0, 25.0)]


def test_the_chart_shows_each_measure_with_its_range_and_the_day_chosen():
    rows = [
        Taken("2018-09-17", 0.0, 0.0, 10.0, 0, 0, 1, 0, 0, 500, 1),
        Taken("2019-05-15", 120.5, 80.0, 200.0, 3, 2, 5, 9000, 7000, 12000, 1),
    ]
    frame = timeline_frame(rows)
    assert list(frame["measure"].unique()) == list(MEASURES)
    towns = frame[frame["measure"] == "Towns taken"]
    assert towns[["value", "least", "most"]].to_numpy().tolist() == [[0, 0, 1], [3, 2, 5]]
    chart = timeline_chart(frame, "Towns taken", day="2019-05-15").to_dict()
    marks = [layer["mark"]["type"] for layer in chart["layer"]]
    assert marks == ["area", "line", "rule"]
    assert chart["layer"][0]["encoding"]["y"]["field"] == "least"
    assert chart["layer"][0]["encoding"]["y2"]["field"] == "most"
    rule = chart["datasets"][chart["layer"][2]["data"]["name"]]
    assert rule[0]["date"].startswith("2019-05-15")
    assert [
        layer["mark"]["type"]
        for layer in timeline_chart(frame, "Towns taken", day=None).to_dict()["layer"]
    ] == ["area", "line"]


def _libraries(args: dict) -> str:
    """Return the text of the map's libraries, served as one file (``bundle_scripts``)."""
    (bundle,) = [link for link in args["js_links"] if link.endswith("-libraries.js")]
    folder = Path(os.environ["IDLIB_ZONE_CACHE_DIR"]) / "vendor"
    return (folder / bundle.rsplit("/", 1)[1]).read_text(encoding="utf-8")


def test_a_swipe_between_two_days_and_what_changed_hands_in_two_parts():
    at = start(date="2018-09-17", compare="contact-line-2020-03-05")
    assert not at.exception
    _, plain = map_args(at)
    # leaflet-side-by-side's index.js (among the libraries) and layout.css.
    assert "L.control.sideBySide" not in _libraries(plain)
    assert "Changed hands (certain" in plain["layer_control"]
    assert "Changed hands for certain" in plain["feature_group"]
    assert "Changed hands within the lines" in plain["feature_group"]
    metrics = {m.label: m.value for m in at.metric}
    certain = float(metrics["Changed hands for certain"].split()[0].replace(",", ""))
    unsure = float(
        metrics["Changed hands within the lines' uncertainty"].split()[0].replace(",", "")
    )
    assert certain > 0 and unsure > 0
    (swipe,) = [t for t in at.sidebar.toggle if t.label == "Swipe between the two zones"]
    swipe.set_value(True).run()
    assert not at.exception
    _, swiped = map_args(at)
    assert swiped["key"] != plain["key"]  # another base map: with the handle
    assert "L.control.sideBySide" in _libraries(swiped)
    assert [link for link in swiped["css_links"] if link.endswith("-layout.css")]
    assert swiped["feature_group"] == plain["feature_group"]
