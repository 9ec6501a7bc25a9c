"""The Arabic page: the language from the link or the browser, every word from the catalogs."""

from __future__ import annotations

import json
import re

import pytest

from geo.mapview.basedata import prepare_base_layers, search_names
from geo.mapview.basemap import base_map
from geo.mapview.layers import zone_layers
from geo.mapview.words import map_words
from tests.test_app import address, fresh_caches, start  # noqa: F401 - the AppTest harness
from ui.lang import browser_language

_LATIN = re.compile(r"[A-Za-z]{3,}")


@pytest.mark.parametrize(
    ("locale", "accept", "expected"),
    [
        ("ar-SY", None, "ar"),
        ("ar", "en-US", "ar"),
        ("en-GB", "ar", "en"),
        (None, "fr-FR,ar;q=0.8,en;q=0.5", "ar"),
        (None, "ar;q=0.4, en-US;q=0.9", "en"),
        (None, "de-DE", "en"),
        (None, None, "en"),
    ],
)
def test_the_browser_chooses_the_language_of_a_first_visit(locale, accept, expected):
    headers = {"Accept-Language": accept} if accept else {}
    assert browser_language(locale, headers) == expected


def test_the_arabic_page_has_arabic_titles_labels_and_numbers():
    at = start(lang="ar")
    assert not at.exception
    assert at.markdown[0].value.endswith("خريطة تقريبية**")
    assert [s.label for s in at.slider] == ["الشريط الداخلي: حتى … كم", "المنطقة كلها: حتى … كم"]
    assert at.radio[0].label == "جانب الخط"
    assert {b.label for b in at.sidebar.selectbox} >= {"السيناريو", "قارن مع"}
    assert [m.label for m in at.metric][:3] == [
        "مساحة المنطقة",
        "البلدات داخل المنطقة",
        "السكان داخل المنطقة (أرقام ما قبل الحرب)",
    ]
    assert at.metric[0].value.endswith("كم مربع")
    # Every label and title of the page is Arabic: Latin letters only in names (M4, M5).
    labels = [w.label for w in (*at.slider, *at.radio, *at.sidebar.selectbox, *at.metric)]
    labels += [b.label for b in at.button] + [e.label for e in at.expander]
    assert [label for label in labels if _LATIN.search(label)] == []
    assert address(at)["lang"] == "ar"


def test_the_switch_turns_the_page_english_and_the_link_follows():
    at = start(lang="ar")
    switch = at.get("button_group")[0]
    assert address(at)["lang"] == "ar"
    switch.set_value("en").run()
    assert not at.exception
    assert at.slider[0].label == "Inner band: to … km"
    assert "lang" not in address(at)  # English needs no parameter


def test_a_link_in_an_unknown_language_says_so_in_english():
    at = start(lang="fr")
    assert not at.exception
    assert "lang" in " ".join(w.value for w in at.warning)
    assert at.slider[0].label == "Inner band: to … km"


def test_the_arabic_map_names_its_layers_and_towns_in_arabic(study, default_result):
    layers = prepare_base_layers(study, lang="ar")
    towns = json.loads(layers.shared["towns"])["features"]
    saraqib = next(f["properties"] for f in towns if "Saraqib" in f["properties"]["search"])
    assert saraqib["name"] == "سراقب"
    assert saraqib["search"].startswith("سراقب")  # Arabic first, English after
    assert search_names(study.towns)[0].split(" · ")[0] == study.towns["name"].iloc[0]
    assert [g.layer_name for g in zone_layers(default_result, lang="ar")][:2] == [
        "المنطقة: الشريط الداخلي",
        "المنطقة: الشريط الخارجي",
    ]
    script = base_map(layers, lang="ar").get_root().render()
    # The legend's HTML is written into the script as JSON (non-ASCII as \u escapes).
    assert json.dumps("مفتاح الخريطة")[1:-1] in script
    assert "Legend: approximate map" not in script


def test_the_map_scripts_get_every_word_in_arabic():
    words = map_words("ar")
    assert words["dir"] == "rtl"
    flat = json.dumps(words, ensure_ascii=False)
    english = json.dumps(map_words("en"))
    assert "Find a town" in english and "Find a town" not in flat
    measure = words["measure"]
    assert isinstance(measure, dict)
    untranslated = [k for k, v in measure.items() if _LATIN.search(v) and k != "scroll"]
    assert untranslated == []
