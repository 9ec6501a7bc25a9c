"""What the population range sums: the towns counted, their census, and the big cities."""

from __future__ import annotations

import numpy as np
import pytest

from geo.engine.zone import ZoneSpec
from geo.results.analysis import analyze
from geo.results.population import coverage_text, population_coverage


@pytest.mark.parametrize("side", ["opposition", "both"])
def test_the_counted_towns_are_the_ones_the_range_sums(study, side):
    result = analyze(study, ZoneSpec(min_km=15, max_km=20, side=side))
    stats, coverage = result.stats, population_coverage(result)
    assert coverage.towns_in_range == stats.towns_in_zone_certain + stats.towns_borderline
    assert coverage.towns_listed == len(study.towns)
    assert 0 < coverage.census_figures <= coverage.towns_counted < coverage.towns_in_range
    # The counted towns' figures are exactly the range's upper end.
    towns = result.towns
    chosen = (towns["in_zone"] | towns["borderline"]).to_numpy(dtype=bool)
    figures = towns["population"].to_numpy(dtype=float, na_value=np.nan)[chosen]
    assert int(np.isfinite(figures).sum()) == coverage.towns_counted
    assert int(np.nansum(figures)) == stats.population_in_zone_certain + stats.population_borderline


def test_aleppo_is_named_only_when_both_sides_count_it(study):
    one_side = population_coverage(analyze(study, ZoneSpec(min_km=15, max_km=20)))
    both = population_coverage(analyze(study, ZoneSpec(min_km=15, max_km=20, side="both")))
    assert one_side.big_cities == ()
    ((name, people, certain),) = both.big_cities
    assert name == "Aleppo" and people > 2_000_000 and certain
    assert "Aleppo (certainly inside) alone counts 2,132,100 people" in coverage_text(both)
    assert "Aleppo" not in coverage_text(one_side)
    text = coverage_text(one_side)
    assert f"The sum of {one_side.towns_counted} of the {one_side.towns_in_range} towns" in text
    assert "2004 census" in text
