"""One band of the zone cache: a side's zone from the line to one grid step, and what it holds.

Kept apart from :mod:`geo.results.grid`, which builds and combines them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["COORD_BYTES", "Band"]

#: Bytes per stored coordinate pair (two float64), for the memory estimate.
COORD_BYTES = 16


@dataclass(frozen=True)
class Band:
    """The zone of one side from the line to one step's width, and what it holds."""

    geometry: BaseGeometry
    area_km2: float
    towns: np.ndarray
    posts: np.ndarray
    highway_km: np.ndarray
    #: The band's vertices in the metric frame, sorted, as complex numbers (x + iy) ...
    keys_m: np.ndarray
    #: ... and the same vertices in lon/lat, in that order.
    lonlat: np.ndarray

    @property
    def nbytes(self) -> int:
        arrays = (self.towns, self.posts, self.highway_km, self.keys_m, self.lonlat)
        coords = int(shapely.get_num_coordinates(self.geometry))
        return coords * COORD_BYTES + sum(a.nbytes for a in arrays)

    def look_up(self, keys: np.ndarray, out: np.ndarray, todo: np.ndarray) -> None:
        """Fill ``out`` with the lon/lat of the metric ``keys`` that are vertices here.

        Parameters
        ----------
        keys
            Metric vertices as complex numbers (x + iy).
        out
            Lon/lat of each key, filled where found.
        todo
            Which keys are still to find; cleared where found.
        """
        if not len(self.keys_m) or not todo.any():
            return
        wanted = np.flatnonzero(todo)
        index = np.searchsorted(self.keys_m, keys[wanted])
        index[index == len(self.keys_m)] = 0
        hit = self.keys_m[index] == keys[wanted]
        out[wanted[hit]] = self.lonlat[index[hit]]
        todo[wanted[hit]] = False
