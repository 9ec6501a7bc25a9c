"""Town popups read as sentences, and name the scenario's own date."""

from __future__ import annotations

import json

import pytest

from geo.inputs.scenario import load_scenarios, scenario_data
from geo.mapview.basedata import prepare_base_layers


def _towns(study, name: str) -> dict[str, dict[str, str]]:
    data = scenario_data(load_scenarios().scenarios[name], study)
    layers = prepare_base_layers(data)
    features = json.loads(layers.shared["towns"])["features"]
    return {f["properties"]["name"]: f["properties"] for f in features}, layers


@pytest.mark.parametrize(
    ("scenario", "month", "saraqib"),
    [
        ("sochi-2018", "Sep 2018", "Held by the opposition in Sep 2018. Source: "),
        ("frontline-2020-03", "Mar 2020", "Held by the government in Mar 2020. Source: "),
        ("m4-corridor-2020", "Mar 2020", "No sourced control for Mar 2020."),
    ],
)
def test_control_is_a_sentence_at_the_scenarios_date(study, scenario, month, saraqib):
    """Defect: every scenario's popup said "Held by in Sep 2018 opposition (...)"."""
    towns, layers = _towns(study, scenario)
    assert towns["Saraqib"]["held_by"].startswith(saraqib)
    assert all(month in p["held_by"] for p in towns.values())
    area = json.loads(layers.shared["opposition_area"])["features"][0]["properties"]["name"]
    assert area == f"Opposition-held area, {month} (derived)"


def test_raw_notes_become_a_doubt_row(study):
    """Defect: popups showed the data's raw "DOUBTFUL: ..." notes."""
    towns, _ = _towns(study, "sochi-2018")
    assert not [n for n, p in towns.items() if "DOUBTFUL" in json.dumps(p)]
    doubt = towns["Khan Shaykhun"]["doubt"]
    assert doubt.startswith("the same article") and doubt.endswith(".")
    assert towns["Khan Shaykhun"]["population"].startswith("50,469 (2004, ")
    assert towns["Saraqib"]["doubt"] == ""
