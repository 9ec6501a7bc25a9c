"""CSV tables for spreadsheets: the towns of a zone or a comparison, what each date took.

Every CSV the project writes goes through :func:`csv_bytes`, so that a cell a
spreadsheet would run as a formula (``=HYPERLINK(...)``, ``-2+3``, ``@SUM(A1)``) is
written as text, whichever table it is in.
"""

from __future__ import annotations

import pandas as pd
from pandas.api.types import is_bool_dtype, is_string_dtype

from geo.results.compare import Comparison
from geo.results.timeline import Taken

__all__ = ["comparison_towns_csv", "csv_bytes", "safe_cell", "timeline_csv"]

#: What a spreadsheet may run as a formula at the start of a cell (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Neutralize text that a spreadsheet would run as a formula: prefix it with a quote.

    Anything that is not text (a number, a missing value) is returned as it is.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def csv_bytes(table: pd.DataFrame) -> bytes:
    """Write a table as UTF-8 CSV without its index: text cells made safe, flags ``true``/``false``.

    Numbers are written as numbers: a negative one keeps its sign.
    """
    out = table.copy()
    for column in out.columns:
        values = out[column]
        if is_bool_dtype(values):
            out[column] = values.map({True: "true", False: "false"})
        elif values.dtype == object or is_string_dtype(values):
            out[column] = values.map(safe_cell, na_action="ignore")
    text: str = out.to_csv(index=False)
    return text.encode()


def comparison_towns_csv(comparison: Comparison) -> bytes:
    """Tabulate the towns inside one zone but not the other, as CSV.

    Columns: ``name``, ``population`` and ``only_inside`` (the scenario whose zone holds
    the town).
    """
    return csv_bytes(comparison.towns.rename(columns={"in": "only_inside"}))


def timeline_csv(rows: list[Taken]) -> bytes:
    """Tabulate what each dated line took from the first line's zone, one row per date."""
    return csv_bytes(pd.DataFrame([row.as_dict() for row in rows]))
