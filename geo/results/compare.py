"""Compare two zones: their areas, their overlap, what changed hands, and the towns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import shapely

from geo.engine.projection import geodesic_area_km2
from geo.inputs.layers import StudyData
from geo.results.analysis import ZoneResult

__all__ = ["Comparison", "changed_hands", "compare", "corridor"]


def _count(value: Any) -> int | None:
    return None if pd.isna(value) else int(value)


def _area(shape: shapely.Geometry | None) -> float | None:
    return None if shape is None else round(geodesic_area_km2(shape), 1)


def _union(result: ZoneResult) -> shapely.Geometry:
    return shapely.union_all(result.zone.geometry.to_numpy())


def corridor(data: StudyData) -> shapely.Geometry:
    """Return where the line of ``data`` may lie: its uncertainty corridor, as one shape."""
    return shapely.union_all(data.uncertainty_corridor.geometry.to_numpy())


def changed_hands(
    zone: shapely.Geometry, later: StudyData, *, earlier: StudyData
) -> tuple[shapely.Geometry, shapely.Geometry]:
    """Split what of a zone lies on the government side of a later line: certain, or not.

    The part of ``zone`` outside the later line's opposition-held area changed hands
    *for certain* where it lies outside both lines' uncertainty corridors, and only
    *within the lines' uncertainty* where it lies inside either.

    Parameters
    ----------
    zone
        The zone of the earlier line (lon/lat).
    later, earlier
        The study data of the later and the earlier line.

    Returns
    -------
    tuple of shapely.Geometry
        The certain part, then the uncertain part.
    """
    taken = zone.difference(later.opposition_area)
    unsure = corridor(earlier) | corridor(later)
    return taken.difference(unsure), taken.intersection(unsure)


@dataclass(frozen=True)
class Comparison:
    """Two zones side by side.

    ``first_on_government_side_km2`` is the part of the first zone that lies outside the
    second scenario's opposition-held area: on a later line, what had changed hands. It
    is ``None`` when the second scenario has no opposition side (a road corridor).
    ``changed_certain`` and ``changed_uncertain`` split it (:func:`changed_hands`) when
    the first scenario's data was given; their areas are ``changed_certain_km2`` and
    ``changed_uncertain_km2``.
    """

    first: str
    second: str
    first_area_km2: float
    second_area_km2: float
    overlap_km2: float
    first_on_government_side_km2: float | None
    first_population_on_government_side: int | None
    #: Of the towns of the first zone on the government side, those without a figure.
    first_towns_on_government_side_without_population: int | None
    towns: pd.DataFrame
    changed_certain: shapely.Geometry | None = None
    changed_uncertain: shapely.Geometry | None = None

    @property
    def changed_certain_km2(self) -> float | None:
        """The geodesic area that changed hands for certain, km² (0.1)."""
        return _area(self.changed_certain)

    @property
    def changed_uncertain_km2(self) -> float | None:
        """The geodesic area that changed hands within the lines' uncertainty, km² (0.1)."""
        return _area(self.changed_uncertain)

    def as_dict(self) -> dict[str, Any]:
        """Return the comparison as plain JSON-ready values."""
        only = {
            where: [
                {"name": str(row.name), "population": _count(row.population)}
                for row in self.towns[self.towns["in"] == where].itertuples()
            ]
            for where in (self.first, self.second)
        }
        return {
            "first": self.first,
            "second": self.second,
            "first_area_km2": self.first_area_km2,
            "second_area_km2": self.second_area_km2,
            "overlap_km2": self.overlap_km2,
            "first_on_government_side_of_second_line_km2": self.first_on_government_side_km2,
            "first_population_on_government_side_of_second_line": (
                self.first_population_on_government_side
            ),
            "first_towns_on_government_side_of_second_line_without_population": (
                self.first_towns_on_government_side_without_population
            ),
            "changed_hands_certain_km2": self.changed_certain_km2,
            "changed_hands_within_uncertainty_km2": self.changed_uncertain_km2,
            "towns_only_in_first": only[self.first],
            "towns_only_in_second": only[self.second],
        }


def _towns_in_one_only(
    first: ZoneResult, second: ZoneResult, names: tuple[str, str]
) -> pd.DataFrame:
    """Tabulate the towns inside one zone but not the other: name, population, which."""
    a_in = first.towns.set_index("name")["in_zone"]
    b_in = second.towns.set_index("name")["in_zone"]
    population = first.towns.set_index("name")["population"]
    rows = [
        {"name": name, "population": population[name], "in": names[0] if a_in[name] else names[1]}
        for name in a_in.index
        if bool(a_in[name]) != bool(b_in.get(name, False))
    ]
    return pd.DataFrame(rows, columns=["name", "population", "in"])


def compare(
    first: ZoneResult,
    second: ZoneResult,
    *,
    second_data: StudyData,
    names: tuple[str, str],
    first_data: StudyData | None = None,
) -> Comparison:
    """Compare two zones built on the same towns.

    Parameters
    ----------
    first, second
        Outputs of :func:`geo.results.analysis.analyze`, for example the 2018 zone and the zone
        along the line of March 2020.
    second_data
        The study data of the second scenario: its opposition-held area tells what of
        the first zone lay on the government side of the second line.
    names
        The two scenarios' names, used in the table and the JSON.
    first_data
        The study data of the first scenario: with it, what changed hands is split into
        certain and within the lines' uncertainty (:func:`changed_hands`).

    Returns
    -------
    Comparison
        Geodesic areas in km², rounded to 0.1, and the towns inside one zone only.
    """
    zone_a, zone_b = _union(first), _union(second)
    lost: float | None = None
    lost_people: int | None = None
    unknown: int | None = None
    split: tuple[shapely.Geometry, shapely.Geometry] | tuple[None, None] = (None, None)
    if not second_data.opposition_area.is_empty:
        if first_data is not None:
            split = changed_hands(zone_a, second_data, earlier=first_data)
        lost = round(geodesic_area_km2(zone_a.difference(second_data.opposition_area)), 1)
        towns = first.towns[first.towns["in_zone"]]
        changed = ~towns.geometry.covered_by(second_data.opposition_area)
        # A town without a figure adds no one, and is counted apart: never as 0 people.
        lost_people = int(towns.loc[changed, "population"].sum(skipna=True))
        unknown = int(towns.loc[changed, "population"].isna().sum())
    table = _towns_in_one_only(first, second, names)
    return Comparison(
        first=names[0],
        second=names[1],
        first_area_km2=round(geodesic_area_km2(zone_a), 1),
        second_area_km2=round(geodesic_area_km2(zone_b), 1),
        overlap_km2=round(geodesic_area_km2(zone_a.intersection(zone_b)), 1),
        first_on_government_side_km2=lost,
        first_population_on_government_side=lost_people,
        first_towns_on_government_side_without_population=unknown,
        towns=table.sort_values(["in", "name"]).reset_index(drop=True),
        changed_certain=split[0],
        changed_uncertain=split[1],
    )
