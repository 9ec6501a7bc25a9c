"""The page with scenario files that are hostile, broken or failing (streamlit AppTest).

Each test runs the page on a copy of data/ with one change, through $IDLIB_ZONE_DATA_DIR.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from geo.inputs.layers import DATA_DIR, DATA_DIR_ENV
from tests.test_app import address, fresh_caches, map_args, selectbox, start, warnings
from ui.controls import SIDE_LABELS

__all__ = ["fresh_caches"]  # the autouse fixture of tests/test_app.py, for these tests too

HOSTILE = (
    "Evil ![x](http://evil.example/t.png) [link](http://evil.example) $x^2$ :red[red] "
    "<img src=x> **bold** # heading"
)
#: Markdown that would make the browser fetch, link, typeset or colour: unescaped.
ACTIVE = re.compile(r"(?<!\\)(!\[|\]\(|\$|:red\[|<img)")


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


def add_scenario(folder: Path, name: str, *, like: str, title: str, **replace: str) -> None:
    text = (folder / "scenarios" / f"{like}.toml").read_text()
    text = re.sub(r'^title = ".*"$', f"title = {title!r}", text, flags=re.M)
    for old, new in replace.items():
        text = text.replace(old, new)
    (folder / "scenarios" / f"{name}.toml").write_text(text)


def shown_texts(at) -> list[str]:
    texts = [m.value for m in (*at.markdown, *at.caption, *at.error, *at.warning)]
    return texts + [m.label for m in at.metric]


def test_scenario_strings_are_text_not_markdown(data):
    """Item 2: a scenario file's title and notes were Markdown, LaTeX and images."""
    add_scenario(data, "hostile", like="frontline-2020-03", title=HOSTILE)
    text = (data / "scenarios" / "hostile.toml").read_text()
    text = re.sub(r'^notes = ".*"$', f"notes = {HOSTILE!r}", text, flags=re.M)
    (data / "scenarios" / "hostile.toml").write_text(text)
    for query in ({"scenario": "hostile"}, {"compare": "hostile"}):
        at = start(**query)
        assert not at.exception
        texts = [t for t in shown_texts(at) if "Evil" in t]
        assert texts  # the title is shown ...
        assert [t for t in texts if ACTIVE.search(t)] == []  # ... as text


def test_a_broken_scenario_file_leaves_the_others_on_the_page(data):
    """Item 12: one bad file took the whole page down."""
    (data / "scenarios" / "bad.toml").write_text('title = "x"\n[line]\nprebuilt = "no"\n')
    at = start()
    assert not at.exception
    assert "bad.toml is broken" in warnings(at).replace("\\", "")
    assert map_args(at)
    options = selectbox(at, "Scenario").options
    fixed = [o for o in options if not o.startswith("Line of contact over time")]
    assert fixed == [
        "Sochi memorandum zone, September 2018 (2018-09-17)",
        "Line of contact at the ceasefire of 5 March 2020 (2020-03-05)",
        "M4 security corridor, March 2020 (2020-03-05)",
    ]


def test_a_broken_comparison_leaves_the_main_view(data):
    """Item 11: comparison() was outside the error handling."""
    add_scenario(
        data,
        "gone",
        like="frontline-2020-03",
        title="A line whose table is gone",
        **{"control_points_2020-03.csv": "missing.csv"},
    )
    at = start(compare="gone")
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "comparison" in errors[0] and "missing" in errors[0]
    assert map_args(at) and {m.label for m in at.metric} >= {"Area of the zone"}


def test_switching_to_a_failing_scenario_keeps_title_and_zone_together(data):
    """Item 7: the new title and link were shown over the old zone."""
    add_scenario(
        data,
        "gone",
        like="frontline-2020-03",
        title="A line whose table is gone",
        **{"control_points_2020-03.csv": "missing.csv"},
    )
    at = start()
    _, before = map_args(at)
    selectbox(at, "Scenario").set_value("gone").run()
    assert not at.exception
    assert selectbox(at, "Scenario").value == "sochi-2018"
    title = at.markdown[0].value.replace("\\", "")
    assert "Sochi memorandum zone" in title and "gone" not in title
    assert address(at)["scenario"] == "sochi-2018"
    (error,) = [e.value.replace("\\", "") for e in at.error]
    assert "A line whose table is gone" in error and "missing.csv" in error
    assert map_args(at)[1]["feature_group"] == before["feature_group"]


def test_the_page_offers_only_the_sides_a_scenario_allows(data):
    """Item 6: the page drew a side that the scenario forbids, which the CLI refused."""
    path = data / "scenarios" / "sochi-2018.toml"
    path.write_text(
        path.read_text().replace('sides = ["opposition", "both"]', 'sides = ["opposition"]')
    )
    at = start()
    labels = [b.label for b in at.sidebar.button]
    assert "Both sides of the line: 15–20 km" not in labels
    assert "Memorandum text: 15–20 km" in labels
    # The side is chosen under the map (ui/controls.py), beside the depth sliders.
    (side,) = at.main.radio
    assert side.options == [SIDE_LABELS["opposition"]]


def test_messages_name_files_relative_to_the_data_folder(data):
    """Item 16: a broken layer, or no scenario file, named the server's folders."""
    (data / "opposition_area.geojson").write_text("{not json")
    at = start()
    (error,) = [e.value.replace("\\", "") for e in at.error]
    assert "opposition_area.geojson" in error and str(data.parent) not in error
    (data / "opposition_area.geojson").write_bytes(
        (DATA_DIR / "opposition_area.geojson").read_bytes()
    )
    for path in (data / "scenarios").glob("*.toml"):
        path.unlink()
    import streamlit as st

    st.cache_resource.clear()
    at = start()
    (error,) = [e.value.replace("\\", "") for e in at.error]
    assert "no scenario files" in error and str(data.parent) not in error
