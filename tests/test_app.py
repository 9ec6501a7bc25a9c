"""The Streamlit page, driven by streamlit.testing.v1.AppTest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def start(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def map_args(at: AppTest) -> tuple[str, dict]:
    (component,) = at.get("component_instance")
    return component.proto.id, json.loads(component.proto.json_args)


def test_page_runs_and_shows_the_default_zone():
    at = start()
    assert not at.exception
    assert at.sidebar.slider[0].value == (15.0, 25.0)
    assert at.sidebar.radio[0].value == "opposition"
    _, args = map_args(at)
    assert "Zone: core (0-15 km)" in args["layer_control"]
    assert "core (0-15 km)" in args["feature_group"]
    assert args["returned_objects"] == []
    assert any("No official map" in m.value for m in at.caption)


def test_slider_changes_the_zone_but_not_the_map():
    at = start()
    map_id, before = map_args(at)
    at.sidebar.slider[0].set_value((10.0, 30.0)).run()
    assert not at.exception
    same_id, after = map_args(at)
    assert same_id == map_id
    assert after["key"] == before["key"]
    assert after["script"] == before["script"]
    assert after["feature_group"] != before["feature_group"]
    assert "Zone: outer (10-30 km)" in after["layer_control"]
    assert at.query_params["min_km"] in ("10", ["10"])
    assert at.query_params["max_km"] in ("30", ["30"])


def test_query_string_sets_the_widgets():
    at = start(min_km="12.5", max_km="18", side="both")
    assert at.sidebar.slider[0].value == (12.5, 18.0)
    assert at.sidebar.radio[0].value == "both"
    assert "Zone: outer (12.5-18 km)" in map_args(at)[1]["layer_control"]


@pytest.mark.parametrize(
    "query",
    [
        {"min_km": "30", "max_km": "20"},
        {"max_km": "abc"},
        {"side": "<script>alert(1)</script>"},
        {"min_km": "-3"},
    ],
)
def test_bad_query_string_shows_a_message_and_the_default(query):
    at = start(**query)
    assert not at.exception
    assert at.warning and "not used" in at.warning[0].value
    assert at.sidebar.slider[0].value == (15.0, 25.0)
    assert "<script>" not in map_args(at)[1]["feature_group"]


def test_empty_zone_keeps_the_last_good_map():
    at = start()
    _, good = map_args(at)
    at.sidebar.slider[0].set_value((0.0, 0.0)).run()
    assert not at.exception
    assert any("0 km wide is empty" in w.value for w in at.warning)
    assert map_args(at)[1]["feature_group"] == good["feature_group"]


def test_failed_computation_keeps_the_last_good_map(monkeypatch):
    import geo

    at = start()
    _, good = map_args(at)

    def broken(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(geo, "analyze", broken)
    at.sidebar.slider[0].set_value((13.5, 27.5)).run()
    assert not at.exception
    assert any("failed" in e.value for e in at.error)
    assert map_args(at)[1]["feature_group"] == good["feature_group"]


def test_presets_set_the_slider():
    at = start()
    at.sidebar.button[0].click().run()
    assert at.sidebar.slider[0].value == (15.0, 20.0)
    at.sidebar.button[1].click().run()
    assert at.sidebar.slider[0].value == (15.0, 25.0)


def test_download_buttons_carry_valid_files(monkeypatch):
    """The buttons make their files on click: call what each one registered."""
    makers: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        makers[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    at = start()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [
        "Download GeoJSON (RFC 7946)",
        "Download KML",
        "Download GeoPackage",
        "Download Towns (CSV)",
    ]
    stem = "idlib_zone_15-25km_opposition"
    collection = json.loads(makers[f"{stem}.geojson"]())
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    zones = [f for f in collection["features"] if f["properties"]["layer"] == "zone"]
    assert {(f["properties"]["min_km"], f["properties"]["max_km"]) for f in zones} == {(15.0, 25.0)}
    assert makers[f"{stem}.gpkg"]().startswith(b"SQLite format 3")
    assert makers[f"{stem}.kml"]().startswith(b"<?xml")
    assert makers[f"{stem}.csv"]().startswith(b"name,governorate,population")
