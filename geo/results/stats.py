"""The rules of one zone's numbers: which places are inside, which are borderline, what they sum to.

Both :func:`geo.results.analysis.analyze` and the grid cache (:mod:`geo.results.grid`) answer
from these functions, on plain arrays: the first finds which places each band covers with
shapely, the second looks the answer up in its per-step tables, and from there on the
rules are the same code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.engine.uncertainty import band_borderline, zone_borderline
from geo.engine.zone import ZoneSpec

__all__ = ["PlaceArrays", "ZoneStats", "band_labels", "located_places", "zone_stats"]


def band_labels(in_core: np.ndarray, in_outer: np.ndarray) -> np.ndarray:
    """Return each place's band: ``"core"`` if the core band covers it, else ``"outer"``.

    Parameters
    ----------
    in_core, in_outer
        Whether each band covers each place (an empty band covers nothing).

    Returns
    -------
    numpy.ndarray
        Object array of ``"core"``, ``"outer"`` or ``None`` (outside the zone).
    """
    labels = np.full(len(in_core), None, dtype=object)
    labels[np.asarray(in_outer, dtype=bool)] = "outer"
    labels[np.asarray(in_core, dtype=bool)] = "core"
    return labels


@dataclass(frozen=True)
class PlaceArrays:
    """Towns or posts as the arrays the rules need, read once from their layer.

    ``template`` is the layer with the columns a result adds (``in_zone``, ``band``,
    ``borderline``), in their order; :meth:`located` makes a shallow copy of it with those
    three columns replaced.
    """

    template: gpd.GeoDataFrame
    distance_km: np.ndarray
    slack_km: np.ndarray
    side_known: np.ndarray
    opposition_side: np.ndarray
    #: Population of each place; NaN where no figure is known (never counted as 0 people).
    population: np.ndarray

    @classmethod
    def of(cls, frame: gpd.GeoDataFrame) -> PlaceArrays:
        """Read the arrays of a towns or posts layer (from :mod:`geo.inputs.layers`)."""
        template = frame.copy()
        template["in_zone"] = np.zeros(len(frame), dtype=bool)
        template["band"] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
        template["borderline"] = np.zeros(len(frame), dtype=bool)
        template["band_unsure"] = np.zeros(len(frame), dtype=bool)
        population = (
            frame["population"].to_numpy(dtype=float, na_value=np.nan)
            if "population" in frame
            else np.full(len(frame), np.nan)
        )
        return cls(
            template=template,
            distance_km=frame["distance_km"].to_numpy(dtype=float),
            slack_km=frame["line_uncertainty_km"].to_numpy(dtype=float),
            side_known=frame["side_known"].to_numpy(dtype=bool),
            opposition_side=frame["opposition_side"].to_numpy(dtype=bool),
            population=population,
        )

    def borderline(self, spec: ZoneSpec) -> np.ndarray:
        """Whether each place could be in or out of the zone as the line moves (one rule)."""
        return zone_borderline(
            self.distance_km,
            self.slack_km,
            side_known=self.side_known,
            opposition_side=self.opposition_side,
            max_km=spec.max_km,
            side=spec.side,
        )

    def band_unsure(self, spec: ZoneSpec) -> np.ndarray:
        """Whether each place could lie in the other band as the line moves (one rule)."""
        return band_borderline(
            self.distance_km, self.slack_km, min_km=spec.min_km, max_km=spec.max_km
        )

    def located(self, labels: np.ndarray, spec: ZoneSpec) -> gpd.GeoDataFrame:
        """Return the layer with ``in_zone``, ``band``, ``borderline`` and ``band_unsure``."""
        located = self.template.copy(deep=False)
        columns = located.columns
        in_zone = pd.notna(labels)
        located.isetitem(columns.get_loc("in_zone"), in_zone)
        # A Series keeps the object dtype (an array of strings would become str).
        located.isetitem(
            columns.get_loc("band"), pd.Series(labels, index=located.index, dtype=object)
        )
        located.isetitem(columns.get_loc("borderline"), self.borderline(spec))
        located.isetitem(columns.get_loc("band_unsure"), self.band_unsure(spec) & in_zone)
        return located


def located_places(
    places: PlaceArrays, spec: ZoneSpec, *, in_core: np.ndarray, in_outer: np.ndarray
) -> gpd.GeoDataFrame:
    """Apply the band and borderline rules to places that the two bands cover.

    Parameters
    ----------
    places
        The towns or posts.
    spec
        The zone.
    in_core, in_outer
        Whether the core band, and the outer band, cover each place.
    """
    return places.located(band_labels(in_core, in_outer), spec)


@dataclass(frozen=True)
class ZoneStats:
    """The numbers for one zone.

    ``towns_in_zone`` counts the towns inside on the derived line. Of those inside,
    ``towns_in_zone_certain`` stay inside wherever the line lies within its uncertainty;
    ``towns_borderline`` (inside or not) could be in or out as the line moves. So the
    honest range of towns inside is ``towns_in_zone_certain`` to ``towns_in_zone_certain
    + towns_borderline``, whatever the inner band's depth; populations and posts likewise.
    Which band a town inside lies in is a separate question: ``towns_band_unsure`` could
    lie in the other band. Populations are pre-war (census-based) figures and leave out
    displaced people; towns without a figure are counted in
    ``towns_in_zone_without_population``, never as 0 people.
    """

    area_km2: float
    core_area_km2: float
    outer_area_km2: float
    towns_in_zone: int
    towns_in_zone_certain: int
    towns_borderline: int
    population_in_zone: int
    population_in_zone_certain: int
    population_borderline: int
    towns_in_zone_without_population: int
    towns_band_unsure: int
    posts_in_zone: int
    posts_in_zone_certain: int
    posts_borderline: int
    line_uncertainty_km: dict[str, float] = field(default_factory=dict)
    highway_km_in_zone: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the numbers as plain JSON-ready values."""
        return asdict(self)


def _people(population: np.ndarray, chosen: np.ndarray) -> int:
    """Sum of the known populations of the chosen places (unknown ones are left out)."""
    return int(np.nansum(population[chosen]))


def zone_stats(
    areas_km2: tuple[float, float],
    *,
    towns: gpd.GeoDataFrame,
    posts: gpd.GeoDataFrame,
    population: np.ndarray,
    highway_km: dict[str, float],
    line_uncertainty_km: dict[str, float],
) -> ZoneStats:
    """Count what a zone holds.

    Parameters
    ----------
    areas_km2
        Geodesic areas of the core and outer bands.
    towns, posts
        Located places (:meth:`PlaceArrays.located`).
    population
        Each town's population, NaN where unknown.
    highway_km
        Kilometres of each highway inside the zone.
    line_uncertainty_km
        The line's uncertainty (:func:`geo.engine.uncertainty.line_uncertainty_stats`).
    """
    inside = towns["in_zone"].to_numpy(dtype=bool)
    unsure = towns["borderline"].to_numpy(dtype=bool)
    certain = inside & ~unsure
    posts_in = posts["in_zone"].to_numpy(dtype=bool)
    posts_unsure = posts["borderline"].to_numpy(dtype=bool)
    core_km2, outer_km2 = areas_km2
    return ZoneStats(
        area_km2=round(float(core_km2 + outer_km2), 1),
        core_area_km2=round(float(core_km2), 1),
        outer_area_km2=round(float(outer_km2), 1),
        towns_in_zone=int(inside.sum()),
        towns_in_zone_certain=int(certain.sum()),
        towns_borderline=int(unsure.sum()),
        population_in_zone=_people(population, inside),
        population_in_zone_certain=_people(population, certain),
        population_borderline=_people(population, unsure),
        towns_in_zone_without_population=int(np.isnan(population[inside]).sum()),
        towns_band_unsure=int(towns["band_unsure"].to_numpy(dtype=bool).sum()),
        posts_in_zone=int(posts_in.sum()),
        posts_in_zone_certain=int((posts_in & ~posts_unsure).sum()),
        posts_borderline=int(posts_unsure.sum()),
        line_uncertainty_km=dict(line_uncertainty_km),
        highway_km_in_zone={name: round(float(km), 1) for name, km in highway_km.items()},
    )
