"""The map's zoom, centre and layers in the link: read back, checked, handed to the map."""

from __future__ import annotations

import re

import pytest

from geo.i18n import LANGUAGES
from geo.mapview.basedata import prepare_base_layers
from geo.mapview.basemap import base_map
from geo.mapview.linkview import MapView, MapViewError, read_centre, read_layers
from geo.mapview.words import map_words
from geo.style import BASE_NAMES, LAYER_NAMES
from tests.test_app import _step_data, fresh_caches, map_args, start, warnings

__all__ = ["fresh_caches"]  # the autouse fixture of tests/test_app.py, for these tests too


def test_a_centre_is_read_as_openstreetmap_writes_it():
    assert read_centre("11/35.8123/36.6412") == (11.0, 35.8123, 36.6412)
    assert read_centre("8.25/35.9/36.6") == (8.25, 35.9, 36.6)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("11/35.8", "not ZOOM/LAT/LON"),
        ("11,35.8,36.6", "not ZOOM/LAT/LON"),
        ("nan/35.8/36.6", "not ZOOM/LAT/LON"),
        ("11/1e3/36.6", "not ZOOM/LAT/LON"),
        ("30/35.8/36.6", "zoom 30 is not between 5 and 18"),
        ("2/35.8/36.6", "zoom 2 is not between"),
        ("11/36.6/0.5", "centre is not on the map"),
        ("11/36.6/35.8/", "not ZOOM/LAT/LON"),
        ("<script>alert(1)</script>", "not ZOOM/LAT/LON"),
    ],
)
def test_a_centre_that_is_not_a_view_of_the_zone_is_refused(text, words):
    with pytest.raises(MapViewError, match=re.escape(words)):
        read_centre(text)


def test_layers_are_read_as_background_overlays_on_and_off():
    assert read_layers("satellite,control_points,-towns,-posts") == (
        "satellite",
        ("control_points",),
        ("towns", "posts"),
    )
    assert read_layers("") == (None, (), ())


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("satellite,osm", "second background"),
        ("-satellite", '"-satellite" is not one of'),
        ("atlantis", '"atlantis" is not one of'),
        ("towns,-towns", "both on and off"),
        ("<img src=x onerror=alert(1)>", "a name in it is not one of"),
        ("towns," * 60, "longer than 300"),
    ],
)
def test_layers_that_are_not_the_maps_are_refused(text, words):
    with pytest.raises(MapViewError, match=re.escape(words)):
        read_layers(text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_layer_of_the_map_has_a_name_in_the_link(study, lang):
    """A background or overlay without a key could not be kept in a link."""
    fmap = base_map(prepare_base_layers(study, lang=lang), lang=lang)
    html = fmap.get_root().render()
    keys = map_words(lang)["layerKeys"]
    assert isinstance(keys, dict)
    assert sorted(keys.values()) == sorted([*BASE_NAMES, *LAYER_NAMES])
    for name, key in keys.items():
        # Every key stands for a name the map shows, except the layers of a zone or a
        # comparison, which each step adds.
        if key not in {"core", "outer", "towns", "posts", "changed"}:
            assert name in html, key


def test_a_links_view_reaches_the_map_and_bad_parts_are_said():
    at = start(map="11/35.8123/36.6412", layers="satellite,-towns")
    assert not at.exception
    view = _step_data(map_args(at)[1]["feature_group"])["view"]
    assert view == MapView(11.0, 35.8123, 36.6412, "satellite", (), ("towns",)).step()
    bad = start(map="30/35.8/36.6", layers="satellite,-towns")
    assert "map view was not used: its zoom 30 is not between 5 and 18" in warnings(bad)
    # The good part of the link is kept.
    assert _step_data(map_args(bad)[1]["feature_group"])["view"]["base"] == "satellite"


def test_a_link_without_a_view_lets_the_map_fit_the_zone():
    at = start()
    assert _step_data(map_args(at)[1]["feature_group"])["view"] is None


def test_a_centre_in_other_digits_is_refused():
    """Only the digits a link is written in: Arabic-Indic digits are not read as a zoom."""
    with pytest.raises(MapViewError, match="not ZOOM/LAT/LON"):
        read_centre("١١/٣٥.٨/٣٦.٦")


def test_the_links_messages_are_in_the_pages_language():
    """Defect: on the Arabic page the date's, the edits' and the map view's reasons were English."""
    at = start(lang="ar", map="30/35.8/36.6", layers="nope", edits="zzz", date="2019-01-01")
    text = warnings(at)
    assert "مستوى التكبير 30 ليس بين 5 و18" in text
    assert "nope" in text and "ليست من طبقات الخريطة" in text
    assert "لا يوجد خط بتاريخ" in text or "تاريخ الرابط" in text
    assert "لم تُستخدم تعديلات الرابط على الخط" in text
    # The edits' own reason names the part at fault in English (as for uploads).
    for english in ("The link", "not used", "zoom", "is not one of the map"):
        assert english not in text
