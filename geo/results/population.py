"""What a zone's population figure sums: how many towns, from which census, and which cities."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from geo.i18n import Language, format_number, translator
from geo.results.analysis import ZoneResult

__all__ = ["BIG_CITY", "PopulationCoverage", "coverage_text", "population_coverage"]

#: A town this large is named beside the sum: alone it outweighs the villages around it.
BIG_CITY = 500_000
#: The census most town figures come from.
CENSUS_YEAR = 2004


@dataclass(frozen=True)
class PopulationCoverage:
    """The towns behind a zone's population range (certain to certain + borderline).

    Attributes
    ----------
    towns_in_range
        Towns certainly inside or borderline: the ones the range could count.
    towns_counted
        Of those, the towns with a population figure (the others count for nothing).
    towns_listed
        Towns on the map's list; villages not on it are never counted.
    census_figures
        Of the counted figures, how many are from the :data:`CENSUS_YEAR` census.
    big_cities
        Counted towns of :data:`BIG_CITY` people or more: name, people, and whether the
        town is certainly inside (else borderline).
    """

    towns_in_range: int
    towns_counted: int
    towns_listed: int
    census_figures: int
    big_cities: tuple[tuple[str, int, bool], ...]


def population_coverage(result: ZoneResult) -> PopulationCoverage:
    """Say which towns a zone's population range sums (:class:`PopulationCoverage`)."""
    towns = result.towns
    borderline = towns["borderline"].to_numpy(dtype=bool)
    certain = towns["in_zone"].to_numpy(dtype=bool) & ~borderline
    in_range = certain | borderline
    population = towns["population"].to_numpy(dtype=float, na_value=np.nan)
    counted = in_range & ~np.isnan(population)
    years = (
        towns["population_year"].to_numpy(dtype=float, na_value=np.nan)
        if "population_year" in towns
        else np.full(len(towns), np.nan)
    )
    big = counted & (np.nan_to_num(population) >= BIG_CITY)
    return PopulationCoverage(
        towns_in_range=int(in_range.sum()),
        towns_counted=int(counted.sum()),
        towns_listed=len(towns),
        census_figures=int((counted & (years == CENSUS_YEAR)).sum()),
        big_cities=tuple(
            (str(towns["name"].iloc[i]), int(population[i]), bool(certain[i]))
            for i in np.flatnonzero(big)
        ),
    )


def coverage_text(coverage: PopulationCoverage, *, lang: Language = "en") -> str:
    """Write what the population range sums, in plain sentences (text, not Markdown), in lang."""
    _ = translator(lang).gettext
    c = coverage

    def n(value: int) -> str:
        return format_number(value, lang)

    text = _(
        "The sum of {counted} of the {in_range} towns that are or may be inside; {missing} of "
        "them have no figure, and villages off the map's list of {listed} towns are not "
        "counted at all. Pre-war figures, {census} of {counted} from the {year} census; "
        "displaced people are not counted, and greater Idlib held about 3 million people in "
        "2018–2020."
    ).format(
        counted=n(c.towns_counted),
        in_range=n(c.towns_in_range),
        missing=n(c.towns_in_range - c.towns_counted),
        listed=n(c.towns_listed),
        census=n(c.census_figures),
        year=CENSUS_YEAR,
    )
    for name, people, certain in c.big_cities:
        sentence = (
            _("{name} (certainly inside) alone counts {people} people of this sum.")
            if certain
            else _("{name} (borderline) alone counts {people} people of this sum.")
        )
        text += " " + sentence.format(name=name, people=n(people))
    return text
