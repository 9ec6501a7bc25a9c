"""Exports, the one-file HTML caption and the command line in Arabic, names beside English."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from geo.cli import main
from geo.inputs.layers import StudyData
from geo.mapview.standalone import standalone_html
from geo.outputs.captions import description, key_number_lines
from geo.outputs.export import export_bytes, towns_csv
from geo.results.analysis import ZoneResult

KML = {"k": "http://www.opengis.net/kml/2.2"}


def _arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def test_arabic_description_names_the_line_date_and_depth(default_result: ZoneResult) -> None:
    text = description(default_result, lang="ar")
    assert "17 أيلول 2018" in text
    assert "الشريط الداخلي 0–15 كم والشريط الخارجي 15–20 كم" in text
    assert "على الجانب الخاضع لسيطرة المعارضة فقط" in text
    # The English description is the same facts, untouched by the catalog.
    assert "inner band 0–15 km and outer band 15–20 km" in description(default_result)


def test_key_numbers_are_the_same_numbers_in_both_languages(default_result: ZoneResult) -> None:
    english, arabic = key_number_lines(default_result), key_number_lines(default_result, lang="ar")
    assert len(english) == len(arabic)
    area = f"{default_result.stats.area_km2:,.0f}"
    assert area in english[0] and area in arabic[0]
    assert arabic[0].startswith("مساحة المنطقة")


def test_geojson_carries_arabic_names_beside_english(default_result: ZoneResult) -> None:
    collection = json.loads(export_bytes(default_result, fmt="geojson", lang="ar"))
    assert _arabic(collection["description"])
    features = collection["features"]
    line = next(f["properties"] for f in features if f["properties"]["layer"] == "frontline")
    assert line["name"] == default_result.line_name
    assert line["name_ar"] == "خط التماس التقريبي، أيلول 2018 (مستنتَج من السيطرة على البلدات)"
    towns = [f["properties"] for f in features if f["properties"]["layer"] == "town"]
    saraqib = next(t for t in towns if t["name"] == "Saraqib")
    assert saraqib["name_ar"] == "سراقب"
    # The English file carries the Arabic names too.
    english = json.loads(export_bytes(default_result, fmt="geojson"))
    assert not _arabic(english["description"])
    assert any(f["properties"].get("name_ar") == "سراقب" for f in english["features"])


def test_arabic_kml_names_folders_and_places_in_arabic(default_result: ZoneResult) -> None:
    document = ET.fromstring(export_bytes(default_result, fmt="kml", lang="ar")).find(
        "k:Document", KML
    )
    assert document.findtext("k:name", namespaces=KML).startswith("المنطقة منزوعة السلاح")
    folders = {
        f.get("id"): f.findtext("k:name", namespaces=KML)
        for f in document.iterfind("k:Folder", KML)
    }
    assert folders["post"] == "نقاط المراقبة التركية"
    assert all(_arabic(name) for name in folders.values())
    towns = document.find("k:Folder[@id='town']", KML)
    names = [p.findtext("k:name", namespaces=KML) for p in towns.iterfind("k:Placemark", KML)]
    assert "سراقب" in names and "Saraqib" not in names
    zone = document.find("k:Folder[@id='zone']", KML)
    bands = [p.findtext("k:name", namespaces=KML) for p in zone.iterfind("k:Placemark", KML)]
    assert "المنطقة، الشريط الداخلي: 0–15 كم من خط التماس" in bands


def test_csv_has_both_names(default_result: ZoneResult) -> None:
    rows = list(csv.DictReader(io.StringIO(towns_csv(default_result, inside_only=True).decode())))
    assert rows and all(row["name"] and row["name_ar"] for row in rows)


def test_one_file_map_caption_is_arabic_and_right_to_left(
    study: StudyData, default_result: ZoneResult
) -> None:
    page = standalone_html(default_result, study, lang="ar").decode()
    assert '<details class="idlib-caption" dir="rtl" lang="ar" open>' in page
    assert "<title>خط التماس، أيلول 2018: منطقة بعمق 15–20 كم (خريطة تقريبية)</title>" in page
    assert "No official map" not in page


def test_cli_prints_an_arabic_map(tmp_path) -> None:
    out = tmp_path / "map.png"
    assert main(["print", "--lang", "ar", "--format", "png", "--dpi", "40", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")


def test_cli_exports_in_arabic(tmp_path) -> None:
    out = tmp_path / "zone.kml"
    assert main(["export", "--format", "kml", "--lang", "ar", "-o", str(out)]) == 0
    assert "نقاط المراقبة التركية" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["print", "--lang", "fr"], "invalid choice: 'fr'"),
        (["print", "--dpi", "5"], "'dpi' should be a whole number between 10 and 1200"),
    ],
)
def test_cli_bad_language_or_dpi_exits_2_with_one_line(args, message, tmp_path, capsys) -> None:
    out = tmp_path / "map.pdf"
    assert main([*args, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not out.exists()
