"""What a later line took from a zone: area, towns and people on its government side, as ranges.

A place or piece of the reference zone was *taken* by a date when it lies on the government
side of that date's line. Both lines are known only within their uncertainty, so every
figure is a range: *at least* counts only what is taken wherever either line lies within
its corridor; *at most* counts everything that could be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import shapely

from geo._errors import ZoneInputError
from geo.engine.projection import geodesic_area_km2
from geo.engine.zone import ZoneSpec
from geo.inputs.layers import StudyData
from geo.inputs.scenario import Scenario, scenario_data
from geo.results.analysis import ZoneResult, analyze
from geo.results.compare import changed_hands, corridor

__all__ = ["Taken", "dated_lines", "line_on", "taken_from", "timeline"]


@dataclass(frozen=True)
class Taken:
    """What the line of ``date`` took from a reference zone.

    ``area_km2`` is measured on the derived lines; ``area_min_km2`` leaves out the later
    line's uncertainty corridor and ``area_max_km2`` adds it. Towns and people count the
    reference zone's towns: at least those certainly in it and certainly on the government
    side, at most those that could be both. People are pre-war figures; towns without a
    figure are counted apart (``towns_max_without_population``), never as 0 people.
    """

    date: str
    area_km2: float
    area_min_km2: float
    area_max_km2: float
    towns: int
    towns_min: int
    towns_max: int
    people: int
    people_min: int
    people_max: int
    towns_max_without_population: int

    def as_dict(self) -> dict[str, Any]:
        """Return the row as plain JSON-ready values."""
        return asdict(self)


def _sides(towns: Any) -> tuple[np.ndarray, np.ndarray]:
    """Whether each town is on the government side of the derived line, and whether unsure."""
    opposition = towns["opposition_side"].to_numpy(dtype=bool)
    known = towns["side_known"].to_numpy(dtype=bool)
    slack = towns["line_uncertainty_km"].to_numpy(dtype=float)
    near = towns["distance_km"].to_numpy(dtype=float) <= slack
    return ~opposition, near & ~known


def _people(population: np.ndarray, chosen: np.ndarray) -> int:
    return int(np.nansum(population[chosen]))


def taken_from(
    reference: ZoneResult, data: StudyData, *, reference_data: StudyData, date: str
) -> Taken:
    """Measure what the line of ``data`` took from the zone of ``reference``.

    Where both lines run alike, their corridors coincide and nothing is counted as
    uncertain: only where the later line moved does its corridor widen the range.

    Parameters
    ----------
    reference
        The zone taken from, e.g. the September 2018 zone at 15 to 20 km.
    data
        The study data along a later line (its towns are the reference's, in order).
    reference_data
        The study data of the reference zone's own line.
    date
        The later line's date, ISO ``YYYY-MM-DD``.

    Returns
    -------
    Taken
        Geodesic areas in km² (rounded to 0.1) and counts, each as a range.
    """
    zone = shapely.union_all(reference.zone.geometry.to_numpy())
    taken = zone.difference(data.opposition_area)
    certain, _ = changed_hands(zone, data, earlier=reference_data)
    # The later line's corridor where it is new: there the line moved, and so may have more.
    moved = corridor(data).difference(corridor(reference_data))

    ref = reference.towns
    in_zone = ref["in_zone"].to_numpy(dtype=bool)
    could_be_in = in_zone | ref["borderline"].to_numpy(dtype=bool)
    government, unsure = _sides(data.towns)
    government_before, unsure_before = _sides(reference_data.towns)
    derived = in_zone & government
    least = derived & ~ref["borderline"].to_numpy(dtype=bool) & ~unsure
    most = least | (could_be_in & ((government & ~government_before) | (unsure & ~unsure_before)))
    population = ref["population"].to_numpy(dtype=float, na_value=np.nan)
    return Taken(
        date=date,
        area_km2=round(geodesic_area_km2(taken), 1),
        area_min_km2=round(geodesic_area_km2(certain), 1),
        area_max_km2=round(geodesic_area_km2(zone.intersection(taken | moved)), 1),
        towns=int(derived.sum()),
        towns_min=int(least.sum()),
        towns_max=int(most.sum()),
        people=_people(population, derived),
        people_min=_people(population, least),
        people_max=_people(population, most),
        towns_max_without_population=int(np.isnan(population[most]).sum()),
    )


def dated_lines(scenarios: Mapping[str, Scenario]) -> list[Scenario]:
    """Return the dated lines among ``scenarios`` (those of a series), oldest first."""
    return sorted(
        (s for s in scenarios.values() if s.series is not None), key=lambda s: (s.date, s.name)
    )


def line_on(scenarios: Mapping[str, Scenario], day: str) -> Scenario:
    """Return the latest dated line on or before ``day`` (``YYYY-MM-DD``).

    Raises
    ------
    ZoneInputError
        If ``day`` is not a date, or comes before the first dated line.
    """
    try:
        wanted = dt.date.fromisoformat(day).isoformat()
    except (TypeError, ValueError):
        msg = f"'date' should be a day as YYYY-MM-DD, got {day!r}"
        raise ZoneInputError(msg) from None
    lines = dated_lines(scenarios)
    before = [s for s in lines if s.date <= wanted]
    if not before:
        first = lines[0].date if lines else "none"
        msg = f"no dated line on or before {wanted}; the first is of {first}"
        raise ZoneInputError(msg)
    return before[-1]


def timeline(
    lines: Sequence[Scenario],
    base: StudyData,
    spec: ZoneSpec,
    *,
    derive: Callable[[Scenario], StudyData] | None = None,
) -> list[Taken]:
    """Measure what each dated line took from the zone of the first, at the same depths.

    Parameters
    ----------
    lines
        Dated lines, oldest first (:func:`dated_lines`); the first is the reference.
    base
        The study data, from :func:`geo.inputs.layers.load_study_data`.
    spec
        The zone's depths and side.
    derive
        Gives a line's study data (by default :func:`geo.inputs.scenario.scenario_data` on
        ``base``); the page passes its cache of them.
    """
    datas = [derive(line) if derive else scenario_data(line, base) for line in lines]
    reference = analyze(datas[0], spec)
    return [
        taken_from(reference, data, reference_data=datas[0], date=line.date)
        for line, data in zip(lines, datas, strict=True)
    ]
