"""CSV tables: a cell a spreadsheet would run as a formula is text, in every table written."""

from __future__ import annotations

import csv
import dataclasses
import io

import pandas as pd
import pytest

from geo.outputs.export import towns_csv
from geo.outputs.tables import comparison_towns_csv
from geo.results.compare import Comparison

#: The strings issue 16 found in the comparison CSV, raw.
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "-2+3", "@SUM(A1)"]


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode())))


@pytest.mark.parametrize("formula", FORMULAS)
def test_towns_csv_writes_a_formula_as_text(formula, default_result):
    towns = default_result.towns.copy()
    towns["name"] = towns["name"].astype(object)
    towns.loc[towns.index[0], "name"] = formula
    result = dataclasses.replace(default_result, towns=towns)
    rows = _rows(towns_csv(result, inside_only=False))
    assert rows[0]["name"] == f"'{formula}"
    assert rows[1]["name"] == str(default_result.towns["name"].iloc[1])


@pytest.mark.parametrize("formula", FORMULAS)
def test_comparison_csv_writes_a_formula_as_text(formula):
    towns = pd.DataFrame(
        {
            "name": [formula, "Saraqib"],
            "population": [-5, 32_495],
            "in": ["sochi-2018", formula],
        }
    )
    comparison = Comparison(
        first="sochi-2018",
        second=formula,
        first_area_km2=1.0,
        second_area_km2=1.0,
        overlap_km2=0.0,
        first_on_government_side_km2=None,
        first_population_on_government_side=None,
        first_towns_on_government_side_without_population=None,
        towns=towns,
    )
    rows = _rows(comparison_towns_csv(comparison))
    assert rows == [
        {"name": f"'{formula}", "population": "-5", "only_inside": "sochi-2018"},
        {"name": "Saraqib", "population": "32495", "only_inside": f"'{formula}"},
    ]
